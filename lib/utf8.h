/*
 * utf8.h: where text from inputs is checked for UTF-8 before it is
 * written into JSON, gnuplot scripts or HTML, which each replace what is
 * not UTF-8 in their own way.
 */
#ifndef NUMAPROBE_UTF8_H
#define NUMAPROBE_UTF8_H

#include <stddef.h>

/* The length (1 to 4) of the valid UTF-8 sequence at p, or 0: no
 * overlong forms, no surrogates, nothing past U+10FFFF. A NUL byte is a
 * sequence of length 1, so a string's end stops a sequence short. */
size_t np_utf8_length(const unsigned char *p);

#endif
