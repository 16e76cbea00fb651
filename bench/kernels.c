/*
 * kernels.c: bandwidth kernels; see kernels.h.
 *
 * The loop bodies are written once as macros over a vector type and
 * instantiated per instruction set with GCC's target attribute, so the
 * same source gives SSE2, AVX2 and AVX-512 versions and the CPU's widest
 * is picked at run time. Reads use eight independent accumulators so the
 * adds never limit the loads.
 */
#include "kernels.h"

#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>

/* The page-walking kernels take four 4 KiB pages at a time, a vector of
 * each in turn (as glibc's large memcpy does): more DRAM pages stay open
 * and more streams are in flight than in one linear walk. Measured on a
 * Xeon VM, one thread: read +5%, write +20%, copy +7%, ntcopy +33%;
 * ntwrite and triad gain nothing and walk linearly. The part of an array
 * short of four pages is walked linearly. */
#define PAGE_DOUBLES  512 /* 4 KiB */
#define GROUP_DOUBLES (4 * PAGE_DOUBLES)

/* copy and ntcopy differ only in their stores (PUT: cached or
 * non-temporal) and in the fence the non-temporal ones need (END). */
#define DEFINE_COPY(NAME, TARGET, VEC, WIDTH, LOAD, PUT, END)                                      \
	TARGET static double NAME(double *a, const double *b, const double *c, size_t n, double s) \
	{                                                                                          \
		(void)c, (void)s;                                                                  \
		size_t grouped = n / GROUP_DOUBLES * GROUP_DOUBLES;                                \
		for (size_t g = 0; g < grouped; g += GROUP_DOUBLES)                                \
			for (size_t l = 0; l < PAGE_DOUBLES; l += WIDTH) {                         \
				const double *x = b + g + l;                                       \
				double *y = a + g + l;                                             \
				VEC v0 = LOAD(x), v1 = LOAD(x + PAGE_DOUBLES);                     \
				VEC v2 = LOAD(x + 2 * PAGE_DOUBLES),                               \
				    v3 = LOAD(x + 3 * PAGE_DOUBLES);                               \
				PUT(y, v0);                                                        \
				PUT(y + PAGE_DOUBLES, v1);                                         \
				PUT(y + 2 * PAGE_DOUBLES, v2);                                     \
				PUT(y + 3 * PAGE_DOUBLES, v3);                                     \
			}                                                                          \
		for (size_t i = grouped; i < n; i += 2 * WIDTH) {                                  \
			PUT(a + i, LOAD(b + i));                                                   \
			PUT(a + i + WIDTH, LOAD(b + i + WIDTH));                                   \
		}                                                                                  \
		END;                                                                               \
		return 0;                                                                          \
	}

#define DEFINE_KERNELS(ISA, TARGET, VEC, WIDTH, LOAD, STORE, STREAM, ADD, MUL, SET1, ZERO, SUM,    \
		       FENCE)                                                                      \
	TARGET static double read_##ISA(double *a, const double *b, const double *c, size_t n,     \
					double s)                                                  \
	{                                                                                          \
		(void)b, (void)c, (void)s;                                                         \
		VEC acc0 = ZERO, acc1 = ZERO, acc2 = ZERO, acc3 = ZERO;                            \
		VEC acc4 = ZERO, acc5 = ZERO, acc6 = ZERO, acc7 = ZERO;                            \
		size_t grouped = n / GROUP_DOUBLES * GROUP_DOUBLES;                                \
		for (size_t g = 0; g < grouped; g += GROUP_DOUBLES)                                \
			for (size_t l = 0; l < PAGE_DOUBLES; l += 2 * WIDTH) {                     \
				const double *x = a + g + l;                                       \
				acc0 = ADD(acc0, LOAD(x));                                         \
				acc1 = ADD(acc1, LOAD(x + PAGE_DOUBLES));                          \
				acc2 = ADD(acc2, LOAD(x + 2 * PAGE_DOUBLES));                      \
				acc3 = ADD(acc3, LOAD(x + 3 * PAGE_DOUBLES));                      \
				acc4 = ADD(acc4, LOAD(x + WIDTH));                                 \
				acc5 = ADD(acc5, LOAD(x + PAGE_DOUBLES + WIDTH));                  \
				acc6 = ADD(acc6, LOAD(x + 2 * PAGE_DOUBLES + WIDTH));              \
				acc7 = ADD(acc7, LOAD(x + 3 * PAGE_DOUBLES + WIDTH));              \
			}                                                                          \
		for (size_t i = grouped; i < n; i += 8 * WIDTH) {                                  \
			acc0 = ADD(acc0, LOAD(a + i + 0 * WIDTH));                                 \
			acc1 = ADD(acc1, LOAD(a + i + 1 * WIDTH));                                 \
			acc2 = ADD(acc2, LOAD(a + i + 2 * WIDTH));                                 \
			acc3 = ADD(acc3, LOAD(a + i + 3 * WIDTH));                                 \
			acc4 = ADD(acc4, LOAD(a + i + 4 * WIDTH));                                 \
			acc5 = ADD(acc5, LOAD(a + i + 5 * WIDTH));                                 \
			acc6 = ADD(acc6, LOAD(a + i + 6 * WIDTH));                                 \
			acc7 = ADD(acc7, LOAD(a + i + 7 * WIDTH));                                 \
		}                                                                                  \
		VEC total = ADD(ADD(ADD(acc0, acc1), ADD(acc2, acc3)),                             \
				ADD(ADD(acc4, acc5), ADD(acc6, acc7)));                            \
		return SUM(total);                                                                 \
	}                                                                                          \
	TARGET static double write_##ISA(double *a, const double *b, const double *c, size_t n,    \
					 double s)                                                 \
	{                                                                                          \
		(void)b, (void)c;                                                                  \
		VEC value = SET1(s);                                                               \
		size_t grouped = n / GROUP_DOUBLES * GROUP_DOUBLES;                                \
		for (size_t g = 0; g < grouped; g += GROUP_DOUBLES)                                \
			for (size_t l = 0; l < PAGE_DOUBLES; l += WIDTH) {                         \
				double *x = a + g + l;                                             \
				STORE(x, value);                                                   \
				STORE(x + PAGE_DOUBLES, value);                                    \
				STORE(x + 2 * PAGE_DOUBLES, value);                                \
				STORE(x + 3 * PAGE_DOUBLES, value);                                \
			}                                                                          \
		for (size_t i = grouped; i < n; i += WIDTH)                                        \
			STORE(a + i, value);                                                       \
		return 0;                                                                          \
	}                                                                                          \
	TARGET static double ntwrite_##ISA(double *a, const double *b, const double *c, size_t n,  \
					   double s)                                               \
	{                                                                                          \
		(void)b, (void)c;                                                                  \
		VEC value = SET1(s);                                                               \
		for (size_t i = 0; i < n; i += WIDTH)                                              \
			STREAM(a + i, value);                                                      \
		FENCE();                                                                           \
		return 0;                                                                          \
	}                                                                                          \
	/* copy and ntcopy: four loads, then four stores */                                        \
	DEFINE_COPY(copy_##ISA, TARGET, VEC, WIDTH, LOAD, STORE, (void)0)                          \
	DEFINE_COPY(ntcopy_##ISA, TARGET, VEC, WIDTH, LOAD, STREAM, FENCE())                       \
	TARGET static double triad_##ISA(double *a, const double *b, const double *c, size_t n,    \
					 double s)                                                 \
	{                                                                                          \
		VEC scalar = SET1(s);                                                              \
		for (size_t i = 0; i < n; i += 2 * WIDTH) {                                        \
			STORE(a + i, ADD(LOAD(b + i), MUL(scalar, LOAD(c + i))));                  \
			STORE(a + i + WIDTH,                                                       \
			      ADD(LOAD(b + i + WIDTH), MUL(scalar, LOAD(c + i + WIDTH))));         \
		}                                                                                  \
		return 0;                                                                          \
	}

#define AVX512 __attribute__((target("avx512f")))
AVX512 static double sum512(__m512d v)
{
	return _mm512_reduce_add_pd(v);
}
DEFINE_KERNELS(avx512, AVX512, __m512d, 8, _mm512_load_pd, _mm512_store_pd, _mm512_stream_pd,
	       _mm512_add_pd, _mm512_mul_pd, _mm512_set1_pd, _mm512_setzero_pd(), sum512,
	       _mm_sfence)

#define AVX2 __attribute__((target("avx2")))
AVX2 static double sum256(__m256d v)
{
	double lanes[4];
	_mm256_storeu_pd(lanes, v);
	return lanes[0] + lanes[1] + lanes[2] + lanes[3];
}
DEFINE_KERNELS(avx2, AVX2, __m256d, 4, _mm256_load_pd, _mm256_store_pd, _mm256_stream_pd,
	       _mm256_add_pd, _mm256_mul_pd, _mm256_set1_pd, _mm256_setzero_pd(), sum256,
	       _mm_sfence)

static double sum128(__m128d v)
{
	double lanes[2];
	_mm_storeu_pd(lanes, v);
	return lanes[0] + lanes[1];
}
DEFINE_KERNELS(sse2, , __m128d, 2, _mm_load_pd, _mm_store_pd, _mm_stream_pd, _mm_add_pd, _mm_mul_pd,
	       _mm_set1_pd, _mm_setzero_pd(), sum128, _mm_sfence)

#define KERNEL_ROWS(ISA)                                                                           \
	{                                                                                          \
		{NP_BW_READ, "read", 1, 1, read_##ISA}, {NP_BW_WRITE, "write", 1, 1, write_##ISA}, \
		    {NP_BW_NTWRITE, "ntwrite", 1, 1, ntwrite_##ISA},                               \
		    {NP_BW_COPY, "copy", 2, 2, copy_##ISA},                                        \
		    {NP_BW_NTCOPY, "ntcopy", 2, 2, ntcopy_##ISA},                                  \
		    {NP_BW_TRIAD, "triad", 3, 3, triad_##ISA},                                     \
	}

static const struct np_bw_kernel kernels_avx512[NP_BW_MODE_COUNT] = KERNEL_ROWS(avx512);
static const struct np_bw_kernel kernels_avx2[NP_BW_MODE_COUNT] = KERNEL_ROWS(avx2);
static const struct np_bw_kernel kernels_sse2[NP_BW_MODE_COUNT] = KERNEL_ROWS(sse2);

static const struct np_bw_kernel *best_table(const char **isa)
{
	__builtin_cpu_init();
	if (__builtin_cpu_supports("avx512f")) {
		*isa = "avx512";
		return kernels_avx512;
	}
	if (__builtin_cpu_supports("avx2")) {
		*isa = "avx2";
		return kernels_avx2;
	}
	*isa = "sse2";
	return kernels_sse2;
}

#else /* not x86-64: plain C, which the compiler vectorises as it can */

static double read_c(double *a, const double *b, const double *c, size_t n, double s)
{
	(void)b, (void)c, (void)s;
	double acc[8] = {0};
	for (size_t i = 0; i < n; i += 8)
		for (int k = 0; k < 8; k++)
			acc[k] += a[i + k];
	return acc[0] + acc[1] + acc[2] + acc[3] + acc[4] + acc[5] + acc[6] + acc[7];
}
static double write_c(double *a, const double *b, const double *c, size_t n, double s)
{
	(void)b, (void)c;
	for (size_t i = 0; i < n; i++)
		a[i] = s;
	return 0;
}
static double copy_c(double *a, const double *b, const double *c, size_t n, double s)
{
	(void)c, (void)s;
	memcpy(a, b, n * sizeof(*a));
	return 0;
}
static double triad_c(double *a, const double *b, const double *c, size_t n, double s)
{
	for (size_t i = 0; i < n; i++)
		a[i] = b[i] + s * c[i];
	return 0;
}
static const struct np_bw_kernel kernels_c[NP_BW_MODE_COUNT] = {
    {NP_BW_READ, "read", 1, 1, read_c},	       {NP_BW_WRITE, "write", 1, 1, write_c},
    {NP_BW_NTWRITE, "ntwrite", 1, 1, write_c}, {NP_BW_COPY, "copy", 2, 2, copy_c},
    {NP_BW_NTCOPY, "ntcopy", 2, 2, copy_c},    {NP_BW_TRIAD, "triad", 3, 3, triad_c},
};
static const struct np_bw_kernel *best_table(const char **isa)
{
	*isa = "scalar";
	return kernels_c;
}
#endif

const struct np_bw_kernel *np_bw_kernel(enum np_bw_mode mode)
{
	const char *isa;
	if ((int)mode < 0 || mode >= NP_BW_MODE_COUNT)
		return NULL;
	return &best_table(&isa)[mode];
}

const char *np_bw_isa(void)
{
	const char *isa;
	best_table(&isa);
	return isa;
}

int np_bw_mode_from_name(const char *name)
{
	const char *isa;
	const struct np_bw_kernel *table = best_table(&isa);
	for (int m = 0; m < NP_BW_MODE_COUNT; m++)
		if (strcmp(table[m].name, name) == 0)
			return m;
	return -1;
}

/* Small integers keep triad exact: b + 3 * c is exact in doubles. */
void np_bw_prepare(const struct np_bw_kernel *kernel, double *a, double *b, double *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		a[i] = 1.0;
	if (kernel->arrays >= 2)
		for (size_t i = 0; i < n; i++)
			b[i] = (double)(i % 1024);
	if (kernel->arrays >= 3)
		for (size_t i = 0; i < n; i++)
			c[i] = (double)(i % 7) + 2.0;
}

long np_bw_validate(const struct np_bw_kernel *kernel, const double *a, const double *b,
		    const double *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		double expected;
		if (kernel->mode == NP_BW_COPY || kernel->mode == NP_BW_NTCOPY)
			expected = b[i];
		else if (kernel->mode == NP_BW_TRIAD)
			expected = b[i] + NP_TRIAD_SCALAR * c[i];
		else
			return -1;
		if (a[i] != expected)
			return (long)i;
	}
	return -1;
}
