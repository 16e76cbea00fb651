/* guestlist.c: the running guests; see guestlist.h. */
#include "guestlist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proctask.h"

static struct np_running_guest *grow(struct np_running_guest **guests, size_t count, size_t *cap,
				     struct np_error *err)
{
	if (count == *cap) {
		size_t bigger = *cap ? *cap * 2 : 8;
		struct np_running_guest *grown = realloc(*guests, bigger * sizeof(*grown));
		if (!grown) {
			np_fail(err, "out of memory");
			return NULL;
		}
		*guests = grown;
		*cap = bigger;
	}
	struct np_running_guest *slot = &(*guests)[count];
	memset(slot, 0, sizeof(*slot));
	return slot;
}

int np_guest_list(const struct np_roots *roots, const pid_t *pids, size_t pid_count,
		  struct np_running_guest **guests, size_t *count, struct np_strbuf *notes,
		  struct np_error *err)
{
	*guests = NULL;
	*count = 0;
	struct np_libvirt_guest *libvirt = NULL;
	size_t libvirt_count = 0, cap = 0;
	if (np_libvirt_list(roots, &libvirt, &libvirt_count, notes, err) < 0)
		return -1;
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < libvirt_count; i++) {
		struct np_running_guest *slot = grow(guests, *count, &cap, err);
		if (!slot) {
			rc = -1;
			break;
		}
		slot->guest = libvirt[i];
		slot->libvirt = true;
		(*count)++;
	}
	struct np_strbuf text;
	np_sb_init(&text);
	for (size_t i = 0; rc == 0 && i < pid_count; i++) {
		bool known = false, gone;
		for (size_t g = 0; g < libvirt_count; g++)
			known |= libvirt[g].pid == pids[i];
		/* a process that exited or hides its command line is no guest */
		if (known || np_proc_read_cmdline(roots, pids[i], &text, &gone, NULL) < 0 ||
		    !np_is_qemu_cmdline(np_sb_str(&text), text.len))
			continue;
		struct np_running_guest *slot = grow(guests, *count, &cap, err);
		if (!slot) {
			rc = -1;
			break;
		}
		if (!np_qemu_guest_name(np_sb_str(&text), text.len, slot->guest.name,
					sizeof(slot->guest.name)))
			snprintf(slot->guest.name, sizeof(slot->guest.name), "pid-%d",
				 (int)pids[i]);
		slot->guest.pid = pids[i];
		(*count)++;
	}
	np_sb_free(&text);
	free(libvirt);
	if (rc < 0) {
		free(*guests);
		*guests = NULL;
		*count = 0;
	}
	return rc;
}
