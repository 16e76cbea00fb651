/*
 * size.h: one parser for every size a user gives numaprobe, on the command
 * line or in a domain XML, with libvirt's unit rules in any letter case:
 *   ""/"b"/"byte"/"bytes"      1 (or the caller's default unit for "")
 *   "k" "m" "g" "t" "p" "e"    powers of 1024, also with "iB" ("KiB", "gib")
 *   "KB" "mb" "GB" ...         powers of 1000
 * Values are non-negative decimal integers; overflow past 2^64-1 bytes is
 * an error, as is any other suffix.
 */
#ifndef NUMAPROBE_SIZE_H
#define NUMAPROBE_SIZE_H

#include <stdint.h>

#include "error.h"

/* The multiplier for a unit name. An empty or NULL unit gives
 * default_scale. */
int np_size_unit_scale(const char *unit, uint64_t default_scale, uint64_t *scale,
		       struct np_error *err);

/* Parses "<digits>[spaces][unit]", e.g. "256M", "3 GiB", "4096". A bare
 * number is multiplied by default_scale (1 for options, 1024 for domain XML,
 * whose default unit is KiB). */
int np_parse_size(const char *text, uint64_t default_scale, uint64_t *bytes, struct np_error *err);

/* Parses a value and a separate unit, as in <memory unit='GiB'>3</memory>;
 * a NULL unit means KiB, libvirt's default. */
int np_parse_size_with_unit(const char *value, const char *unit, uint64_t *bytes,
			    struct np_error *err);

#endif
