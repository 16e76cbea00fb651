/*
 * welch.h: Welch's t-test (unequal variances) from summary statistics,
 * as `report compare` uses it: each side's mean, sample standard
 * deviation (n - 1, as lib/summary.c computes it) and sample count.
 *
 *   se^2 = s1^2/n1 + s2^2/n2,   t = (m2 - m1) / se,
 *   df   = se^4 / ((s1^2/n1)^2/(n1 - 1) + (s2^2/n2)^2/(n2 - 1))
 *          (Welch-Satterthwaite, fractional),
 *   p    = P(|T_df| >= |t|), two-sided,
 *   the (1 - alpha) interval of m2 - m1: (m2 - m1) +- t_{1-alpha/2, df} se.
 *
 * Student's t distribution is computed from the regularised incomplete
 * beta function, I_x(a, b) by its continued fraction (modified Lentz):
 *   P(|T| >= t) = I_{df/(df+t^2)}(df/2, 1/2).
 * When both deviations are 0 the difference is exact: p is 0 if the means
 * differ and 1 if they do not, and the interval is the difference itself.
 */
#ifndef NUMAPROBE_WELCH_H
#define NUMAPROBE_WELCH_H

struct np_welch {
	double t;	  /* NAN when both deviations are 0 */
	double df;	  /* fractional; NAN when both deviations are 0 */
	double p;	  /* two-sided */
	double diff;	  /* m2 - m1 */
	double low, high; /* its (1 - alpha) confidence interval */
};

/* 0 and the test; -1 when a count is under 2, a deviation is negative,
 * a value is not finite or alpha is not in (0, 1). */
int np_welch(double mean1, double sd1, double n1, double mean2, double sd2, double n2, double alpha,
	     struct np_welch *out);

/* I_x(a, b) for a, b > 0 and x in [0, 1]; NAN otherwise. */
double np_incomplete_beta(double a, double b, double x);

/* P(|T_df| >= t), the two-sided tail of Student's t; df > 0. */
double np_student_two_sided(double t, double df);

/* The t with P(|T_df| >= t) = p, for p in (0, 1]. */
double np_student_critical(double p, double df);

#endif
