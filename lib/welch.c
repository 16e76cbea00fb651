/* welch.c: Welch's t-test and Student's t distribution; see welch.h. */
#include "welch.h"

#include <math.h>

/* The continued fraction of I_x(a, b), evaluated by the modified Lentz
 * method: 1 / (1 + d1 / (1 + d2 / (1 + ...))) with
 *   d(2m+1) = -(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)),
 *   d(2m)   = m (b - m) x / ((a + 2m - 1)(a + 2m)).
 * It converges fast for x < (a + 1) / (a + b + 2). */
static double beta_fraction(double a, double b, double x)
{
	const double tiny = 1e-300;
	double c = 1, d = 1 - (a + b) * x / (a + 1);
	if (fabs(d) < tiny)
		d = tiny;
	d = 1 / d;
	double h = d;
	for (int m = 1; m <= 1000; m++) {
		double even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
		d = 1 + even * d;
		d = fabs(d) < tiny ? 1 / tiny : 1 / d;
		c = 1 + even / c;
		if (fabs(c) < tiny)
			c = tiny;
		h *= d * c;
		double odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
		d = 1 + odd * d;
		d = fabs(d) < tiny ? 1 / tiny : 1 / d;
		c = 1 + odd / c;
		if (fabs(c) < tiny)
			c = tiny;
		double step = d * c;
		h *= step;
		if (fabs(step - 1) < 1e-15)
			break;
	}
	return h;
}

double np_incomplete_beta(double a, double b, double x)
{
	if (!(a > 0) || !(b > 0) || !(x >= 0) || !(x <= 1))
		return NAN;
	if (x == 0 || x == 1)
		return x;
	double log_front = a * log(x) + b * log1p(-x) - (lgamma(a) + lgamma(b) - lgamma(a + b));
	if (x < (a + 1) / (a + b + 2))
		return exp(log_front) * beta_fraction(a, b, x) / a;
	return 1 - exp(log_front) * beta_fraction(b, a, 1 - x) / b;
}

double np_student_two_sided(double t, double df)
{
	if (isnan(t) || !(df > 0))
		return NAN;
	if (isinf(t))
		return 0;
	return np_incomplete_beta(df / 2, 0.5, df / (df + t * t));
}

double np_student_critical(double p, double df)
{
	if (!(p > 0) || !(p <= 1) || !(df > 0))
		return NAN;
	/* The tail falls as t grows: bracket, then bisect. */
	double low = 0, high = 1;
	while (np_student_two_sided(high, df) > p && high < 1e12)
		high *= 2;
	for (int i = 0; i < 200 && high - low > 1e-12 * high; i++) {
		double mid = (low + high) / 2;
		if (np_student_two_sided(mid, df) > p)
			low = mid;
		else
			high = mid;
	}
	return (low + high) / 2;
}

int np_welch(double mean1, double sd1, double n1, double mean2, double sd2, double n2, double alpha,
	     struct np_welch *out)
{
	if (!isfinite(mean1) || !isfinite(mean2) || !isfinite(sd1) || !isfinite(sd2) || sd1 < 0 ||
	    sd2 < 0 || !(n1 >= 2) || !(n2 >= 2) || !(alpha > 0) || !(alpha < 1))
		return -1;
	double v1 = sd1 * sd1 / n1, v2 = sd2 * sd2 / n2;
	out->diff = mean2 - mean1;
	if (v1 + v2 == 0) {
		out->t = out->df = NAN;
		out->p = out->diff == 0 ? 1 : 0;
		out->low = out->high = out->diff;
		return 0;
	}
	double se = sqrt(v1 + v2);
	out->t = out->diff / se;
	out->df = (v1 + v2) * (v1 + v2) / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1));
	out->p = np_student_two_sided(out->t, out->df);
	double half = np_student_critical(alpha, out->df) * se;
	out->low = out->diff - half;
	out->high = out->diff + half;
	return 0;
}
