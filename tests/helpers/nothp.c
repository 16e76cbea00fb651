/*
 * nothp.c: runs a command with transparent huge pages disabled for it
 * (prctl PR_SET_THP_DISABLE, inherited across exec), so a QEMU guest's RAM
 * sits on 4 KiB pages even though QEMU madvises it for THP. Used by the
 * stats benchmark, whose numa_maps cost depends on the page size.
 * Usage: nothp COMMAND [ARGS...]
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: nothp COMMAND [ARGS...]\n");
		return 2;
	}
	if (prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0) != 0) {
		perror("nothp: prctl(PR_SET_THP_DISABLE)");
		return 1;
	}
	execvp(argv[1], argv + 1);
	fprintf(stderr, "nothp: cannot run %s: %s\n", argv[1], strerror(errno));
	return 127;
}
