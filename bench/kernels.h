/*
 * kernels.h: the bandwidth kernels, one row of a table each.
 *
 * Every kernel streams over whole arrays of doubles. Bytes are counted as
 * STREAM counts them: the bytes of every array the kernel reads or writes,
 * once per pass (read 1 array, write 1, copy 2, triad 3); write-allocate
 * traffic is not counted. The widest vector width the CPU has is chosen at
 * run time (AVX-512, AVX2, else SSE2; plain C off x86-64).
 */
#ifndef NUMAPROBE_KERNELS_H
#define NUMAPROBE_KERNELS_H

#include <stdbool.h>
#include <stddef.h>

enum np_bw_mode {
	NP_BW_READ,
	NP_BW_WRITE,
	NP_BW_NTWRITE,
	NP_BW_COPY,
	NP_BW_NTCOPY,
	NP_BW_TRIAD,
	NP_BW_MODE_COUNT
};

/* a: destination (or the only array), b and c: sources; n doubles each,
 * a multiple of NP_KERNEL_DOUBLES_MULTIPLE, 64-byte aligned. Returns the
 * sum for read (so the loads cannot be optimised away), else 0. */
typedef double (*np_bw_fn)(double *a, const double *b, const double *c, size_t n, double scalar);

#define NP_KERNEL_DOUBLES_MULTIPLE 64
#define NP_TRIAD_SCALAR		   3.0

struct np_bw_kernel {
	enum np_bw_mode mode;
	const char *name;   /* read, write, ntwrite, copy, ntcopy, triad */
	int arrays;	    /* arrays a thread's buffer is split into */
	int counted_arrays; /* arrays whose bytes count per pass */
	np_bw_fn run;
};

/* The kernel for a mode at the widest width this CPU supports. */
const struct np_bw_kernel *np_bw_kernel(enum np_bw_mode mode);
/* Looks a mode up by name; -1 if unknown. */
int np_bw_mode_from_name(const char *name);
/* "avx512", "avx2", "sse2" or "scalar": the width chosen. */
const char *np_bw_isa(void);

/* Fills the arrays a kernel reads, so results can be checked and no
 * denormals slow it down. */
void np_bw_prepare(const struct np_bw_kernel *kernel, double *a, double *b, double *c, size_t n);
/* Checks a copy or triad result exactly (other modes always pass).
 * Returns the index of the first wrong element, or -1 when all match. */
long np_bw_validate(const struct np_bw_kernel *kernel, const double *a, const double *b,
		    const double *c, size_t n);

#endif
