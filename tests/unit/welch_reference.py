#!/usr/bin/python3
# welch_reference.py: the reference values test_welch.c checks against,
# computed independently of numaprobe with SciPy (Debian's python3-scipy):
# scipy.stats.ttest_ind_from_stats(equal_var=False) for t and p, and
# scipy.stats.t.ppf for the interval's critical value. Not run by
# `make check`; run it by hand to regenerate or extend the table.
# numaprobe's t is (after - before) / se, SciPy's (first - second) / se,
# hence the sign.
from scipy import stats

CASES = [
    # mean1, sd1, n1, mean2, sd2, n2, alpha
    (100.0, 2.0, 5, 103.0, 2.5, 5, 0.01),
    (100.0, 1.0, 3, 100.5, 4.0, 10, 0.01),
    (58617.0, 5500.0, 5, 60010.0, 800.0, 7, 0.05),
    (0.5, 0.01, 20, 0.52, 0.03, 30, 0.01),
    (10.0, 3.0, 3, 10.0, 3.0, 3, 0.01),
    (105.0, 0.8, 5, 140.0, 1.5, 5, 0.01),
]

for m1, s1, n1, m2, s2, n2, alpha in CASES:
    r = stats.ttest_ind_from_stats(m1, s1, n1, m2, s2, n2, equal_var=False)
    v1, v2 = s1 * s1 / n1, s2 * s2 / n2
    df = (v1 + v2) ** 2 / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1))
    half = stats.t.ppf(1 - alpha / 2, df) * (v1 + v2) ** 0.5
    print(f"{{{m1!r}, {s1!r}, {n1}, {m2!r}, {s2!r}, {n2}, {alpha!r}, {-r.statistic:.10g}, "
          f"{df:.10g}, {r.pvalue:.10g}, {m2 - m1 - half:.10g}, {m2 - m1 + half:.10g}}},")
print("I_0.3(2.5, 0.5) =", stats.beta.cdf(0.3, 2.5, 0.5))
print("I_0.9(0.5, 7) =", stats.beta.cdf(0.9, 0.5, 7.0))
print("I_0.5(200, 300) =", stats.beta.cdf(0.5, 200, 300))
print("t(0.995, 4) =", stats.t.ppf(1 - 0.01 / 2, 4))
print("t(0.975, 1000) =", stats.t.ppf(1 - 0.05 / 2, 1000))
print("t(0.995, 1.5) =", stats.t.ppf(1 - 0.01 / 2, 1.5))
