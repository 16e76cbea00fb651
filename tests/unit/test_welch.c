/* test_welch.c: Welch's t-test, Student's t and the incomplete beta
 * function against values computed independently with SciPy 1.10
 * (tests/unit/welch_reference.py prints them), to a relative 1e-6: far
 * tighter than the 3 significant digits report compare prints. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../../lib/welch.h"

static void close_to(double got, double want, const char *what)
{
	double tolerance = 1e-6 * fabs(want) + 1e-300;
	if (!(fabs(got - want) <= tolerance))
		fail_msg("%s: got %.12g, SciPy gives %.12g", what, got, want);
}

/* SciPy's ttest_ind_from_stats(equal_var=False), t.ppf for the interval */
static const struct {
	double m1, s1, n1, m2, s2, n2, alpha;
	double t, df, p, low, high;
} cases[] = {
    {100.0, 2.0, 5, 103.0, 2.5, 5, 0.01, 2.095290887, 7.632236095, 0.07110886972, -1.872222722,
     7.872222722},
    {100.0, 1.0, 3, 100.5, 4.0, 10, 0.01, 0.3595974761, 10.99346405, 0.7259604288, -3.818964547,
     4.818964547},
    {58617.0, 5500.0, 5, 60010.0, 800.0, 7, 0.05, 0.562103661, 4.121183337, 0.60321525,
     -5408.497856, 8194.497856},
    {0.5, 0.01, 20, 0.52, 0.03, 30, 0.01, 3.380617019, 37.86676017, 0.001689595295, 0.003955246043,
     0.03604475396},
    {10.0, 3.0, 3, 10.0, 3.0, 3, 0.01, 0, 4, 1, -11.27768316, 11.27768316},
    {105.0, 0.8, 5, 140.0, 1.5, 5, 0.01, 46.03669365, 6.105224685, 5.405772066e-09, 32.20122014,
     37.79877986},
};

static void test_welch_against_scipy(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct np_welch w;
		assert_int_equal(np_welch(cases[i].m1, cases[i].s1, cases[i].n1, cases[i].m2,
					  cases[i].s2, cases[i].n2, cases[i].alpha, &w),
				 0);
		if (cases[i].t == 0)
			assert_true(w.t == 0);
		else
			close_to(w.t, cases[i].t, "t");
		close_to(w.df, cases[i].df, "df");
		close_to(w.p, cases[i].p, "p");
		close_to(w.low, cases[i].low, "interval low");
		close_to(w.high, cases[i].high, "interval high");
		close_to(w.diff, cases[i].m2 - cases[i].m1 + 0.0, "difference");
	}
}

static void test_distribution_functions(void **state)
{
	(void)state;
	close_to(np_incomplete_beta(2.5, 0.5, 0.3), 0.018927124071945658, "I_0.3(2.5, 0.5)");
	close_to(np_incomplete_beta(0.5, 7.0, 0.9), 0.9999999780702157, "I_0.9(0.5, 7)");
	close_to(np_incomplete_beta(200, 300, 0.5), 0.9999964565197356, "I_0.5(200, 300)");
	close_to(np_student_critical(0.01, 4), 4.604094871415897, "t(0.995, 4)");
	close_to(np_student_critical(0.05, 1000), 1.9623390808264074, "t(0.975, 1000)");
	close_to(np_student_critical(0.01, 1.5), 17.820310514461323, "t(0.995, 1.5)");
	/* exact ends */
	assert_true(np_incomplete_beta(2, 3, 0) == 0 && np_incomplete_beta(2, 3, 1) == 1);
	assert_true(np_student_two_sided(0, 5) == 1);
	assert_true(np_student_two_sided(INFINITY, 5) == 0);
	assert_true(isnan(np_incomplete_beta(0, 1, 0.5)) && isnan(np_incomplete_beta(1, 1, 1.5)));
	assert_true(isnan(np_student_two_sided(1, 0)));
}

static void test_welch_edges(void **state)
{
	(void)state;
	struct np_welch w;
	/* no spread: the difference is exact */
	assert_int_equal(np_welch(5, 0, 3, 6, 0, 3, 0.01, &w), 0);
	assert_true(w.p == 0 && w.low == 1 && w.high == 1 && isnan(w.df));
	assert_int_equal(np_welch(5, 0, 3, 5, 0, 3, 0.01, &w), 0);
	assert_true(w.p == 1 && w.diff == 0);
	/* what it refuses */
	assert_int_equal(np_welch(5, 1, 1, 6, 1, 3, 0.01, &w), -1);
	assert_int_equal(np_welch(5, -1, 3, 6, 1, 3, 0.01, &w), -1);
	assert_int_equal(np_welch(NAN, 1, 3, 6, 1, 3, 0.01, &w), -1);
	assert_int_equal(np_welch(5, 1, 3, 6, 1, 3, 0, &w), -1);
	assert_int_equal(np_welch(5, 1, 3, 6, 1, 3, 1, &w), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_welch_against_scipy),
	    cmocka_unit_test(test_distribution_functions),
	    cmocka_unit_test(test_welch_edges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
