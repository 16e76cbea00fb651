/*
 * error.h: how library code reports failure.
 *
 * Library functions never print or exit. They fill a message buffer the
 * caller owns and return -1; the subcommand's entry point decides what to
 * print and which exit status to use. Messages name the file or argument,
 * what was found and what was expected.
 */
#ifndef NUMAPROBE_ERROR_H
#define NUMAPROBE_ERROR_H

#define NP_ERROR_MAX 1024

struct np_error {
	char message[NP_ERROR_MAX];
};

/* Sets err->message (printf-style) and returns -1, so callers can write
 * `return np_fail(err, ...);`. err may be NULL. */
int np_fail(struct np_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prepends "prefix: " to an existing message (for adding the file name
 * at a higher level). Returns -1. */
int np_fail_prefix(struct np_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
