/* balancing.c: disable numa_balancing for a run, always restore it; see balancing.h. */
#include "balancing.h"

#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../lib/fileio.h"
#include "../lib/bounds.h"
#include "../lib/number.h"

/* Reached from signal handlers, hence global; written before the handlers
 * are installed and only read afterwards. */
static char saved_value[24];
static volatile sig_atomic_t disabled;

static void write_sysctl(const char *value)
{
	int fd = open(NP_BALANCING_SYSCTL, O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		ssize_t ignored = write(fd, value, strlen(value));
		(void)ignored;
		close(fd);
	}
}

void np_balancing_restore(void)
{
	if (!disabled)
		return;
	disabled = 0;
	write_sysctl(saved_value); /* open, write, close, unlink: async-signal-safe */
	unlink(NP_BALANCING_STATE);
}

static void restore_and_reraise(int sig)
{
	np_balancing_restore();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void restore_at_exit(void)
{
	np_balancing_restore();
}

int np_balancing_disable(struct np_error *err)
{
	if (geteuid() != 0)
		return np_fail(err, "--disable-numa-balancing needs root: it writes %s",
			       NP_BALANCING_SYSCTL);
	struct np_strbuf text;
	np_sb_init(&text);
	uint64_t value;
	if (np_read_line_file(NP_BALANCING_SYSCTL, &text, NULL, err) < 0) {
		np_sb_free(&text);
		return -1;
	}
	if (np_parse_uint(np_sb_str(&text), INT_MAX, &value, NULL) < 0) {
		np_fail(err, "%s: found '%s', expected a number", NP_BALANCING_SYSCTL,
			np_sb_str(&text));
		np_sb_free(&text);
		return -1;
	}
	np_sb_free(&text);
	if (value == 0)
		return 0; /* already off: nothing to restore */
	snprintf(saved_value, sizeof(saved_value), "%llu\n", (unsigned long long)value);
	mkdir("/run/numaprobe", 0755);
	FILE *state = fopen(NP_BALANCING_STATE, "w");
	if (!state || fprintf(state, "%llu %ld\n", (unsigned long long)value, (long)getpid()) < 0 ||
	    fclose(state) != 0)
		return np_fail(err, "cannot save numa_balancing in %s: %s", NP_BALANCING_STATE,
			       strerror(errno));
	int signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
	for (size_t i = 0; i < sizeof(signals) / sizeof(signals[0]); i++) {
		struct sigaction action;
		memset(&action, 0, sizeof(action));
		action.sa_handler = restore_and_reraise;
		sigemptyset(&action.sa_mask);
		sigaction(signals[i], &action, NULL);
	}
	atexit(restore_at_exit);
	disabled = 1;
	write_sysctl("0\n");
	return 0;
}

int np_balancing_check_stale(char *warning, size_t size)
{
	/* "<value> <pid>\n", written by a run that disabled balancing. */
	struct np_strbuf state;
	np_sb_init(&state);
	uint64_t value = 0, pid = 0;
	bool parsed = false;
	if (np_read_line_file(NP_BALANCING_STATE, &state, NULL, NULL) == 0) {
		char *space = strchr(state.data ? state.data : "", ' ');
		if (space) {
			*space = '\0';
			parsed = np_parse_uint(state.data, INT_MAX, &value, NULL) == 0 &&
				 np_parse_uint(space + 1, NP_PID_MAX, &pid, NULL) == 0;
		}
	}
	np_sb_free(&state);
	if (!parsed || (pid > 0 && kill((pid_t)pid, 0) == 0))
		return 0; /* absent, unreadable, or its run is still going */
	struct np_strbuf text;
	np_sb_init(&text);
	uint64_t now = 0;
	int readable = np_read_line_file(NP_BALANCING_SYSCTL, &text, NULL, NULL) == 0 &&
		       np_parse_uint(np_sb_str(&text), INT_MAX, &now, NULL) == 0;
	np_sb_free(&text);
	if (readable && now != 0) {
		unlink(NP_BALANCING_STATE); /* someone restored it already */
		return 0;
	}
	snprintf(warning, size,
		 "numaprobe run %llu disabled numa_balancing (it was %llu) and did not restore it; "
		 "restore it with 'sysctl kernel.numa_balancing=%llu' and remove %s",
		 (unsigned long long)pid, (unsigned long long)value, (unsigned long long)value,
		 NP_BALANCING_STATE);
	return 1;
}
