# numaprobe: build, set-up, tests and install.
#
#   make run     set up (installs missing Debian packages as root), build,
#                run the main job on this machine
#   make check   the same set-up, then every test; ends "N passed, N failed"
#   make install PREFIX=/usr/local DESTDIR=
#
# Objects go to build/ (normal) and build/san/ (AddressSanitizer +
# UndefinedBehaviorSanitizer); `check` runs the unit and CLI tests in both.

VERSION := $(shell cat VERSION)
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DOCDIR ?= $(PREFIX)/share/doc/numaprobe
DESTDIR ?=

CC ?= gcc
PKG_CONFIG ?= pkg-config
# Option and renderer tables rely on C's rule that fields not named in an
# initializer are zero, so -Wextra's missing-field-initializers is off.
WARNINGS := -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wstrict-prototypes -Wmissing-prototypes \
	    -Wno-missing-field-initializers
BASE_CFLAGS := -std=gnu11 -O2 -g $(WARNINGS) -D_GNU_SOURCE -DNUMAPROBE_VERSION='"$(VERSION)"' -MMD -MP
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
CMOCKA_CFLAGS = $(shell $(PKG_CONFIG) --cflags cmocka 2>/dev/null)
CMOCKA_LIBS = $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null || echo -lcmocka)
NUMA_LIBS = $(shell $(PKG_CONFIG) --libs numa 2>/dev/null || echo -lnuma)
XML_CFLAGS = $(shell $(PKG_CONFIG) --cflags libxml-2.0 2>/dev/null || echo -I/usr/include/libxml2)
XML_LIBS = $(shell $(PKG_CONFIG) --libs libxml-2.0 2>/dev/null || echo -lxml2)
LDLIBS += $(NUMA_LIBS) $(XML_LIBS) -lpthread -lm

# Plain `make` builds the program (the rules below would make the library
# the default goal).
.DEFAULT_GOAL := all

LIB_SRC := $(wildcard lib/*.c)
COMPONENT_DIRS := topo bench stats report
ENGINE_SRC := $(filter-out %_cmd.c,$(foreach d,$(COMPONENT_DIRS),$(wildcard $(d)/*.c)))
APP_SRC := $(wildcard cli/*.c) $(foreach d,$(COMPONENT_DIRS),$(wildcard $(d)/*_cmd.c))
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_NAMES := $(patsubst tests/unit/%.c,%,$(UNIT_SRC))
FUZZ_NAMES := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))

# $(1) = output dir, $(2) = extra flags
define build_tree
$(1)/obj/%.o: %.c
	@mkdir -p $$(dir $$@)
	$$(CC) $$(BASE_CFLAGS) $$(XML_CFLAGS) $(2) $$(CFLAGS) -c $$< -o $$@

$(1)/libnumaprobe.a: $$(patsubst %.c,$(1)/obj/%.o,$$(LIB_SRC))
	@rm -f $$@
	$$(AR) rcs $$@ $$^

$(1)/libengines.a: $$(patsubst %.c,$(1)/obj/%.o,$$(ENGINE_SRC))
	@rm -f $$@
	$$(AR) rcs $$@ $$^

$(1)/numaprobe: $$(patsubst %.c,$(1)/obj/%.o,$$(APP_SRC)) $(1)/libengines.a $(1)/libnumaprobe.a
	$$(CC) $(2) $$(LDFLAGS) -o $$@ $$^ $$(LDLIBS)

$(1)/tests/%: tests/unit/%.c $(1)/libengines.a $(1)/libnumaprobe.a
	@mkdir -p $$(dir $$@)
	$$(CC) $$(BASE_CFLAGS) $$(XML_CFLAGS) $(2) $$(CMOCKA_CFLAGS) $$(CFLAGS) -o $$@ $$< $(1)/libengines.a $(1)/libnumaprobe.a $$(CMOCKA_LIBS) $$(LDLIBS)

# A fuzz harness with the replay driver instead of libFuzzer (see tests/fuzz).
$(1)/replay/%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/fuzz.h $(1)/libengines.a $(1)/libnumaprobe.a
	@mkdir -p $$(dir $$@)
	$$(CC) $$(BASE_CFLAGS) $$(XML_CFLAGS) $(2) $$(CFLAGS) -o $$@ $$< tests/fuzz/replay.c $(1)/libengines.a $(1)/libnumaprobe.a $$(LDLIBS)
endef

$(eval $(call build_tree,build,))
$(eval $(call build_tree,build/san,$(SAN_FLAGS)))

# libFuzzer builds (make fuzz): clang, with the fuzzer's coverage and the
# sanitizers in every object.
FUZZ_CC ?= clang-14
FUZZ_SECONDS ?= 60
FUZZ_FLAGS := -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_LIBS := build/fuzz/libengines.a build/fuzz/libnumaprobe.a

build/fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(BASE_CFLAGS) $(XML_CFLAGS) $(FUZZ_FLAGS) -c $< -o $@

build/fuzz/libnumaprobe.a: $(patsubst %.c,build/fuzz/obj/%.o,$(LIB_SRC))
	@rm -f $@
	$(AR) rcs $@ $^

build/fuzz/libengines.a: $(patsubst %.c,build/fuzz/obj/%.o,$(ENGINE_SRC))
	@rm -f $@
	$(AR) rcs $@ $^

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_LIBS)
	$(FUZZ_CC) $(BASE_CFLAGS) $(XML_CFLAGS) -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -o $@ $< $(FUZZ_LIBS) $(LDLIBS)

.PHONY: all run check check-only setup unit san replay clean install uninstall format bench-compare fuzz fuzz-tools

all: build/numaprobe

setup:
	@scripts/setup.sh

unit: $(addprefix build/tests/,$(UNIT_NAMES))
san: build/san/numaprobe $(addprefix build/san/tests/,$(UNIT_NAMES))
replay: $(addprefix build/replay/,$(FUZZ_NAMES)) $(addprefix build/san/replay/,$(FUZZ_NAMES))

run: setup
	@$(MAKE) --no-print-directory all
	@mkdir -p out
	build/numaprobe bench --append out/bench.csv

bench-compare: setup
	@$(MAKE) --no-print-directory all
	bench/compare.sh build/numaprobe

check: setup
	@$(MAKE) --no-print-directory check-only

check-only: all unit san replay
	@tests/run-all.sh

# Every harness under libFuzzer for FUZZ_SECONDS each (default 60).
fuzz: fuzz-tools
	@$(MAKE) --no-print-directory $(addprefix build/fuzz/fuzz_,$(FUZZ_NAMES))
	@tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_NAMES)

fuzz-tools:
	@command -v $(FUZZ_CC) >/dev/null 2>&1 && \
	 [ -n "$$(find /usr/lib/llvm-14 -name 'libclang_rt.fuzzer-x86_64.a' 2>/dev/null)" ] || { \
	  echo "make fuzz needs clang-14 and libclang-rt-14-dev (libFuzzer's runtime):" >&2; \
	  echo "  apt-get install clang-14 libclang-rt-14-dev   (or run make setup as root)" >&2; \
	  exit 1; }

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DOCDIR)/examples
	install -m 0755 build/numaprobe $(DESTDIR)$(BINDIR)/numaprobe
	install -m 0644 man/numaprobe.1 $(DESTDIR)$(MANDIR)/man1/numaprobe.1
	install -m 0644 README.md $(DESTDIR)$(DOCDIR)/README.md
	if [ -n "$$(ls -A configs 2>/dev/null)" ]; then cp -R configs/. $(DESTDIR)$(DOCDIR)/examples/; fi

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/numaprobe $(DESTDIR)$(MANDIR)/man1/numaprobe.1
	rm -rf $(DESTDIR)$(DOCDIR)

format:
	clang-format -i lib/*.[ch] cli/*.[ch] topo/*.[ch] bench/*.[ch] stats/*.[ch] report/*.[ch] tests/unit/*.[ch]

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
