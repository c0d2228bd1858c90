/*
 * C ABI test of the Dirichlet and Normal–Gamma posteriors: every bk_dirichlet_*
 * and bk_normal_gamma_* function of include/bayeskit.h, success values against
 * independent references (closed forms, scipy), and the error contract (status
 * code, out-parameters / handles / structs untouched, a message recorded).
 *
 * Reference constants were computed with python3 + scipy 1.17.1 (see the
 * comment at each use). Dirichlet fixture: prior α = (2, 3.5, 1, 0.5) updated
 * with counts (3, 0, 2.5, 1) → α = (5, 3.5, 3.5, 1.5), A = 13.5.
 * Normal–Gamma fixture: prior (m, κ, α, β) = (1, 0.5, 2, 3) updated with
 * xs = (2.3, 1.7, 3.1, 2.9, 0.8, 2.2): x̄ = 13/6, ss = 3.51333…, and by hand
 * κn = 6.5, mn = 27/13, αn = 5, βn = β + ss/2 + κ·n·(x̄−m)²/(2κn) = 5.0707692….
 */
#include "bayeskit.h"
#include "check.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SENTINEL (-12345.678)
#define TOL_EXACT 1e-12 /* closed forms */
#define TOL_Q 1e-9      /* quantiles, special functions */

/* A failing call: status as expected and a non-empty message recorded. */
#define CHECK_FAIL(call, expected)                    \
  do {                                                \
    CHECK_STATUS(call, expected);                     \
    CHECK(bk_last_error_message(NULL, 0) > 0);        \
  } while (0)

static int same_bytes(const void *a, const void *b, size_t n) { return memcmp(a, b, n) == 0; }

static void fill(double *x, size_t n, double v) {
  for (size_t i = 0; i < n; i++) x[i] = v;
}

static int all_eq(const double *x, size_t n, double v) {
  for (size_t i = 0; i < n; i++)
    if (!(x[i] == v)) return 0;
  return 1;
}

/* Checks that the handle still has concentrations `expect` (k values). */
static void check_alpha_is(const bk_dirichlet *d, const double *expect, size_t k) {
  double got[8];
  fill(got, 8, SENTINEL);
  CHECK_STATUS(bk_dirichlet_alpha(d, got, k), BK_OK);
  CHECK(same_bytes(got, expect, k * sizeof(double)));
}

/* ------------------------------------------------------------------ Dirichlet */

static const double PRIOR[4] = {2.0, 3.5, 1.0, 0.5};
static const double COUNTS[4] = {3.0, 0.0, 2.5, 1.0};
static const double POST[4] = {5.0, 3.5, 3.5, 1.5};

static void test_dirichlet_new_free_len_alpha(void) {
  bk_dirichlet *const sentinel = (bk_dirichlet *)(uintptr_t)0x1234;
  bk_dirichlet *d = sentinel;

  bk_dirichlet_free(NULL); /* no-op */

  /* NULL pointers. */
  CHECK_FAIL(bk_dirichlet_new(PRIOR, 4, NULL), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_dirichlet_new(NULL, 4, &d), BK_ERR_NULL_POINTER);
  CHECK(d == sentinel);

  /* K < 2. */
  CHECK_FAIL(bk_dirichlet_new(PRIOR, 1, &d), BK_ERR_INVALID_ARGUMENT);
  CHECK(d == sentinel);
  CHECK_FAIL(bk_dirichlet_new(PRIOR, 0, &d), BK_ERR_INVALID_ARGUMENT);
  CHECK(d == sentinel);
  CHECK_FAIL(bk_dirichlet_new(NULL, 0, &d), BK_ERR_INVALID_ARGUMENT);
  CHECK(d == sentinel);

  /* Non-positive / non-finite concentrations, in every position. */
  const double bad[] = {0.0, -1.0, -0.0, NAN, INFINITY, -INFINITY};
  for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++) {
    for (size_t pos = 0; pos < 3; pos++) {
      double a[3] = {1.0, 2.0, 3.0};
      a[pos] = bad[b];
      d = sentinel;
      CHECK_FAIL(bk_dirichlet_new(a, 3, &d), BK_ERR_INVALID_ARGUMENT);
      CHECK(d == sentinel);
    }
  }
  /* The message names the parameter. */
  {
    char buf[256] = {0};
    double a[2] = {1.0, -2.0};
    CHECK_FAIL(bk_dirichlet_new(a, 2, &d), BK_ERR_INVALID_ARGUMENT);
    bk_last_error_message(buf, sizeof buf);
    CHECK(strstr(buf, "alpha") != NULL);
  }

  /* Success: K = 2 minimal, tiny and large concentrations are fine. */
  {
    double a[2] = {1e-300, 1e300};
    bk_dirichlet *d2 = sentinel;
    CHECK_STATUS(bk_dirichlet_new(a, 2, &d2), BK_OK);
    CHECK(d2 != NULL && d2 != sentinel);
    check_alpha_is(d2, a, 2);
    bk_dirichlet_free(d2);
  }

  d = sentinel;
  CHECK_STATUS(bk_dirichlet_new(PRIOR, 4, &d), BK_OK);
  CHECK(d != NULL && d != sentinel);
  /* The handle owns a copy: changing the caller's array later has no effect. */
  double mine[4];
  memcpy(mine, PRIOR, sizeof mine);
  bk_dirichlet *d3 = NULL;
  CHECK_STATUS(bk_dirichlet_new(mine, 4, &d3), BK_OK);
  mine[0] = 99.0;
  check_alpha_is(d3, PRIOR, 4);
  bk_dirichlet_free(d3);

  /* len */
  size_t len = 777;
  CHECK_STATUS(bk_dirichlet_len(d, &len), BK_OK);
  CHECK(len == 4);
  len = 777;
  CHECK_FAIL(bk_dirichlet_len(NULL, &len), BK_ERR_NULL_POINTER);
  CHECK(len == 777);
  CHECK_FAIL(bk_dirichlet_len(d, NULL), BK_ERR_NULL_POINTER);

  /* alpha */
  double out[8];
  fill(out, 8, SENTINEL);
  CHECK_STATUS(bk_dirichlet_alpha(d, out, 4), BK_OK);
  CHECK(same_bytes(out, PRIOR, sizeof PRIOR));
  CHECK(out[4] == SENTINEL); /* nothing written past k */
  fill(out, 8, SENTINEL);
  CHECK_FAIL(bk_dirichlet_alpha(NULL, out, 4), BK_ERR_NULL_POINTER);
  CHECK(all_eq(out, 8, SENTINEL));
  CHECK_FAIL(bk_dirichlet_alpha(d, NULL, 4), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_dirichlet_alpha(d, out, 3), BK_ERR_INVALID_ARGUMENT);
  CHECK(all_eq(out, 8, SENTINEL));
  CHECK_FAIL(bk_dirichlet_alpha(d, out, 5), BK_ERR_INVALID_ARGUMENT);
  CHECK(all_eq(out, 8, SENTINEL));
  CHECK_FAIL(bk_dirichlet_alpha(d, NULL, 0), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_dirichlet_alpha(d, out, 0), BK_ERR_INVALID_ARGUMENT);
  CHECK(all_eq(out, 8, SENTINEL));

  bk_dirichlet_free(d);
}

static void test_dirichlet_update(void) {
  bk_dirichlet *d = NULL;
  CHECK_STATUS(bk_dirichlet_new(PRIOR, 4, &d), BK_OK);

  /* NULL handle / counts. */
  CHECK_FAIL(bk_dirichlet_update(NULL, COUNTS, 4), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_dirichlet_update(d, NULL, 4), BK_ERR_NULL_POINTER);
  check_alpha_is(d, PRIOR, 4);

  /* Wrong lengths. */
  CHECK_FAIL(bk_dirichlet_update(d, COUNTS, 3), BK_ERR_INVALID_ARGUMENT);
  check_alpha_is(d, PRIOR, 4);
  {
    double five[5] = {1, 1, 1, 1, 1};
    CHECK_FAIL(bk_dirichlet_update(d, five, 5), BK_ERR_INVALID_ARGUMENT);
    check_alpha_is(d, PRIOR, 4);
  }
  CHECK_FAIL(bk_dirichlet_update(d, NULL, 0), BK_ERR_INVALID_ARGUMENT);
  check_alpha_is(d, PRIOR, 4);

  /* Bad counts, in the last position so that earlier good counts would have
   * been applied by a non-atomic implementation. */
  const double bad[] = {-1.0, -1e-300, NAN, INFINITY, -INFINITY};
  for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++) {
    double c[4] = {1.0, 2.0, 3.0, bad[b]};
    CHECK_FAIL(bk_dirichlet_update(d, c, 4), BK_ERR_INVALID_ARGUMENT);
    check_alpha_is(d, PRIOR, 4);
    double c0[4] = {bad[b], 1.0, 2.0, 3.0};
    CHECK_FAIL(bk_dirichlet_update(d, c0, 4), BK_ERR_INVALID_ARGUMENT);
    check_alpha_is(d, PRIOR, 4);
  }
  /* A count that overflows α + count to +inf is rejected, atomically. */
  {
    bk_dirichlet *big = NULL;
    double a[2] = {1.0, 1.7e308};
    CHECK_STATUS(bk_dirichlet_new(a, 2, &big), BK_OK);
    double c[2] = {1.0, 1.7e308};
    CHECK_FAIL(bk_dirichlet_update(big, c, 2), BK_ERR_INVALID_ARGUMENT);
    check_alpha_is(big, a, 2);
    bk_dirichlet_free(big);
  }

  /* Success: fractional counts add; -0.0 and zero counts are fine. */
  CHECK_STATUS(bk_dirichlet_update(d, COUNTS, 4), BK_OK);
  check_alpha_is(d, POST, 4);
  {
    double z[4] = {0.0, -0.0, 0.0, 0.0};
    CHECK_STATUS(bk_dirichlet_update(d, z, 4), BK_OK);
    double got[4];
    CHECK_STATUS(bk_dirichlet_alpha(d, got, 4), BK_OK);
    for (int i = 0; i < 4; i++) CHECK(got[i] == POST[i]);
  }
  /* Sequential updates accumulate like one combined update. */
  {
    bk_dirichlet *e = NULL;
    CHECK_STATUS(bk_dirichlet_new(PRIOR, 4, &e), BK_OK);
    double c1[4] = {1.0, 0.0, 2.0, 0.5}, c2[4] = {2.0, 0.0, 0.5, 0.5};
    CHECK_STATUS(bk_dirichlet_update(e, c1, 4), BK_OK);
    CHECK_STATUS(bk_dirichlet_update(e, c2, 4), BK_OK);
    check_alpha_is(e, POST, 4);
    size_t len = 0;
    CHECK_STATUS(bk_dirichlet_len(e, &len), BK_OK);
    CHECK(len == 4);
    bk_dirichlet_free(e);
  }
  bk_dirichlet_free(d);
}

static void test_dirichlet_moments(void) {
  bk_dirichlet *d = NULL;
  CHECK_STATUS(bk_dirichlet_new(POST, 4, &d), BK_OK);

  /* Mean αₖ/A, A = 13.5 (closed form; α/α.sum() in numpy). */
  const double mean_ref[4] = {0.37037037037037035, 0.25925925925925924, 0.25925925925925924,
                              0.1111111111111111};
  double m[6];
  fill(m, 6, SENTINEL);
  CHECK_STATUS(bk_dirichlet_mean(d, m, 4), BK_OK);
  double sum = 0.0;
  for (int i = 0; i < 4; i++) {
    CHECK_NEAR(m[i], mean_ref[i], TOL_EXACT);
    sum += m[i];
  }
  CHECK_NEAR(sum, 1.0, 1e-14);
  CHECK(m[4] == SENTINEL);

  fill(m, 6, SENTINEL);
  CHECK_FAIL(bk_dirichlet_mean(NULL, m, 4), BK_ERR_NULL_POINTER);
  CHECK(all_eq(m, 6, SENTINEL));
  CHECK_FAIL(bk_dirichlet_mean(d, NULL, 4), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_dirichlet_mean(d, m, 3), BK_ERR_INVALID_ARGUMENT);
  CHECK(all_eq(m, 6, SENTINEL));
  CHECK_FAIL(bk_dirichlet_mean(d, m, 5), BK_ERR_INVALID_ARGUMENT);
  CHECK(all_eq(m, 6, SENTINEL));
  CHECK_FAIL(bk_dirichlet_mean(d, NULL, 0), BK_ERR_INVALID_ARGUMENT);

  /* Variance αₖ(A−αₖ)/(A²(A+1)) (closed form = scipy.stats.beta(αₖ, A−αₖ).var()). */
  const double var_ref[4] = {0.01608249373255759, 0.013244406603282721, 0.013244406603282721,
                             0.006811409110259685};
  for (size_t k = 0; k < 4; k++) {
    double v = SENTINEL;
    CHECK_STATUS(bk_dirichlet_variance(d, k, &v), BK_OK);
    CHECK_NEAR(v, var_ref[k], TOL_EXACT);
  }
  double v = SENTINEL;
  CHECK_FAIL(bk_dirichlet_variance(d, 4, &v), BK_ERR_INVALID_ARGUMENT);
  CHECK(v == SENTINEL);
  CHECK_FAIL(bk_dirichlet_variance(d, SIZE_MAX, &v), BK_ERR_INVALID_ARGUMENT);
  CHECK(v == SENTINEL);
  CHECK_FAIL(bk_dirichlet_variance(NULL, 0, &v), BK_ERR_NULL_POINTER);
  CHECK(v == SENTINEL);
  CHECK_FAIL(bk_dirichlet_variance(d, 0, NULL), BK_ERR_NULL_POINTER);

  bk_dirichlet_free(d);
}

static void test_dirichlet_quantile_interval(void) {
  bk_dirichlet *d = NULL;
  CHECK_STATUS(bk_dirichlet_new(POST, 4, &d), BK_OK);

  /* scipy.stats.beta(αₖ, A−αₖ).ppf(p) with α = (5, 3.5, 3.5, 1.5), A = 13.5. */
  double q = SENTINEL;
  CHECK_STATUS(bk_dirichlet_quantile(d, 0, 0.025, &q), BK_OK);
  CHECK_NEAR(q, 0.14481821629901187, TOL_Q); /* beta(5, 8.5).ppf(0.025) */
  CHECK_STATUS(bk_dirichlet_quantile(d, 0, 0.5, &q), BK_OK);
  CHECK_NEAR(q, 0.36379425777487207, TOL_Q); /* beta(5, 8.5).ppf(0.5) */
  CHECK_STATUS(bk_dirichlet_quantile(d, 3, 0.9, &q), BK_OK);
  CHECK_NEAR(q, 0.22536088678234445, TOL_Q); /* beta(1.5, 12).ppf(0.9) */
  CHECK_STATUS(bk_dirichlet_quantile(d, 2, 0.0, &q), BK_OK);
  CHECK(q == 0.0); /* beta(3.5, 10).ppf(0) */
  CHECK_STATUS(bk_dirichlet_quantile(d, 2, 1.0, &q), BK_OK);
  CHECK(q == 1.0); /* beta(3.5, 10).ppf(1) */
  /* Categories 1 and 2 have equal α: identical marginals. */
  double q1 = SENTINEL, q2 = SENTINEL;
  CHECK_STATUS(bk_dirichlet_quantile(d, 1, 0.3, &q1), BK_OK);
  CHECK_STATUS(bk_dirichlet_quantile(d, 2, 0.3, &q2), BK_OK);
  CHECK(q1 == q2);

  /* Errors: p outside [0, 1], NaN, out-of-range category, NULLs. */
  const double badp[] = {-0.1, 1.1, -1e-300, 1.0 + 1e-15, NAN, INFINITY, -INFINITY};
  for (size_t i = 0; i < sizeof badp / sizeof badp[0]; i++) {
    q = SENTINEL;
    CHECK_FAIL(bk_dirichlet_quantile(d, 0, badp[i], &q), BK_ERR_INVALID_ARGUMENT);
    CHECK(q == SENTINEL);
  }
  q = SENTINEL;
  CHECK_FAIL(bk_dirichlet_quantile(d, 4, 0.5, &q), BK_ERR_INVALID_ARGUMENT);
  CHECK(q == SENTINEL);
  CHECK_FAIL(bk_dirichlet_quantile(d, SIZE_MAX, 0.5, &q), BK_ERR_INVALID_ARGUMENT);
  CHECK(q == SENTINEL);
  CHECK_FAIL(bk_dirichlet_quantile(NULL, 0, 0.5, &q), BK_ERR_NULL_POINTER);
  CHECK(q == SENTINEL);
  CHECK_FAIL(bk_dirichlet_quantile(d, 0, 0.5, NULL), BK_ERR_NULL_POINTER);

  /* Interval: scipy.stats.beta(αₖ, A−αₖ).interval(level). */
  double lo = SENTINEL, hi = SENTINEL;
  CHECK_STATUS(bk_dirichlet_interval(d, 1, 0.9, &lo, &hi), BK_OK);
  CHECK_NEAR(lo, 0.09223816300829843, TOL_Q); /* beta(3.5, 10).interval(0.9)[0] */
  CHECK_NEAR(hi, 0.46805790717919205, TOL_Q); /* beta(3.5, 10).interval(0.9)[1] */
  CHECK_STATUS(bk_dirichlet_interval(d, 3, 0.5, &lo, &hi), BK_OK);
  CHECK_NEAR(lo, 0.048306724807203875, TOL_Q); /* beta(1.5, 12).interval(0.5)[0] */
  CHECK_NEAR(hi, 0.1544716601985764, TOL_Q);   /* beta(1.5, 12).interval(0.5)[1] */
  /* Interval = (quantile(tail), quantile(1 − tail)). */
  CHECK_STATUS(bk_dirichlet_quantile(d, 3, 0.25, &q), BK_OK);
  CHECK_NEAR(lo, q, 1e-12);

  const double badl[] = {0.0, 1.0, -0.5, 1.5, NAN, INFINITY, -INFINITY};
  for (size_t i = 0; i < sizeof badl / sizeof badl[0]; i++) {
    lo = SENTINEL;
    hi = SENTINEL;
    CHECK_FAIL(bk_dirichlet_interval(d, 0, badl[i], &lo, &hi), BK_ERR_INVALID_ARGUMENT);
    CHECK(lo == SENTINEL && hi == SENTINEL);
  }
  lo = SENTINEL;
  hi = SENTINEL;
  CHECK_FAIL(bk_dirichlet_interval(d, 4, 0.9, &lo, &hi), BK_ERR_INVALID_ARGUMENT);
  CHECK(lo == SENTINEL && hi == SENTINEL);
  CHECK_FAIL(bk_dirichlet_interval(NULL, 0, 0.9, &lo, &hi), BK_ERR_NULL_POINTER);
  CHECK(lo == SENTINEL && hi == SENTINEL);
  CHECK_FAIL(bk_dirichlet_interval(d, 0, 0.9, NULL, &hi), BK_ERR_NULL_POINTER);
  CHECK(hi == SENTINEL);
  CHECK_FAIL(bk_dirichlet_interval(d, 0, 0.9, &lo, NULL), BK_ERR_NULL_POINTER);
  CHECK(lo == SENTINEL);
  CHECK_FAIL(bk_dirichlet_interval(d, 0, 0.9, NULL, NULL), BK_ERR_NULL_POINTER);

  bk_dirichlet_free(d);
}

static void test_dirichlet_predictive_marginal(void) {
  bk_dirichlet *d = NULL, *prior = NULL;
  CHECK_STATUS(bk_dirichlet_new(POST, 4, &d), BK_OK);
  CHECK_STATUS(bk_dirichlet_new(PRIOR, 4, &prior), BK_OK);
  const double x[4] = {2.0, 1.0, 0.0, 3.0};
  double out = SENTINEL;

  /* scipy.stats.dirichlet_multinomial.logpmf([2,1,0,3], α, 6). */
  CHECK_STATUS(bk_dirichlet_ln_predictive(d, x, 4, &out), BK_OK);
  CHECK_NEAR(out, -5.278186631859083, TOL_Q);
  CHECK_STATUS(bk_dirichlet_ln_predictive(prior, x, 4, &out), BK_OK);
  CHECK_NEAR(out, -5.640487624283885, TOL_Q); /* same with α = (2, 3.5, 1, 0.5) */
  /* scipy.stats.dirichlet_multinomial.logpmf([0,0,0,0], α, 0) = 0. */
  {
    const double z[4] = {0, 0, 0, 0};
    CHECK_STATUS(bk_dirichlet_ln_predictive(d, z, 4, &out), BK_OK);
    CHECK_NEAR(out, 0.0, 1e-15);
    CHECK(fabs(out) < 1e-14);
  }
  /* One draw of category k has predictive probability αₖ/A. */
  {
    const double one[4] = {0, 0, 0, 1};
    CHECK_STATUS(bk_dirichlet_ln_predictive(d, one, 4, &out), BK_OK);
    CHECK_NEAR(out, log(1.5 / 13.5), TOL_Q);
  }

  /* ln marginal of one sequence: Pólya-urn product of sequential predictive
   * probabilities Σ log(αₖ/A) with updates (numpy loop) = −9.372531194081185;
   * scipy.special.gammaln closed form gives −9.372531194081182. */
  CHECK_STATUS(bk_dirichlet_ln_marginal(d, x, 4, &out), BK_OK);
  CHECK_NEAR(out, -9.372531194081185, TOL_Q);
  /* ln_predictive − ln_marginal = ln multinomial coefficient 6!/(2!1!0!3!) = ln 60. */
  {
    double pred = SENTINEL, marg = SENTINEL;
    CHECK_STATUS(bk_dirichlet_ln_predictive(d, x, 4, &pred), BK_OK);
    CHECK_STATUS(bk_dirichlet_ln_marginal(d, x, 4, &marg), BK_OK);
    CHECK_NEAR(pred - marg, log(60.0), 1e-10);
  }
  /* Fractional counts are allowed in ln_marginal: scipy.special.gammaln
   * closed form lnΓ(A) − lnΓ(A+n) + Σ[lnΓ(αₖ+nₖ) − lnΓ(αₖ)], counts (0.5,1.5,0,2). */
  {
    const double xf[4] = {0.5, 1.5, 0.0, 2.0};
    CHECK_STATUS(bk_dirichlet_ln_marginal(d, xf, 4, &out), BK_OK);
    CHECK_NEAR(out, -6.7424425344486965, TOL_Q);
    const double z[4] = {0, 0, 0, 0};
    CHECK_STATUS(bk_dirichlet_ln_marginal(d, z, 4, &out), BK_OK);
    CHECK(fabs(out) < 1e-14);
  }
  /* Chain rule: marginal(prior, c1 ++ c2) = marginal(prior, c1) + marginal(prior+c1, c2). */
  {
    const double c1[4] = {1, 0, 2, 1}, c2[4] = {1, 1, 0, 2}, c12[4] = {2, 1, 2, 3};
    double a = 0, b = 0, ab = 0;
    bk_dirichlet *e = NULL;
    CHECK_STATUS(bk_dirichlet_new(PRIOR, 4, &e), BK_OK);
    CHECK_STATUS(bk_dirichlet_ln_marginal(e, c1, 4, &a), BK_OK);
    CHECK_STATUS(bk_dirichlet_update(e, c1, 4), BK_OK);
    CHECK_STATUS(bk_dirichlet_ln_marginal(e, c2, 4, &b), BK_OK);
    CHECK_STATUS(bk_dirichlet_ln_marginal(prior, c12, 4, &ab), BK_OK);
    CHECK_NEAR(a + b, ab, 1e-12);
    bk_dirichlet_free(e);
  }

  /* Errors, both functions. */
  typedef bk_status (*fn_t)(const bk_dirichlet *, const double *, size_t, double *);
  fn_t fns[2] = {bk_dirichlet_ln_predictive, bk_dirichlet_ln_marginal};
  for (int f = 0; f < 2; f++) {
    out = SENTINEL;
    CHECK_FAIL(fns[f](NULL, x, 4, &out), BK_ERR_NULL_POINTER);
    CHECK(out == SENTINEL);
    CHECK_FAIL(fns[f](d, NULL, 4, &out), BK_ERR_NULL_POINTER);
    CHECK(out == SENTINEL);
    CHECK_FAIL(fns[f](d, x, 4, NULL), BK_ERR_NULL_POINTER);
    CHECK_FAIL(fns[f](d, x, 3, &out), BK_ERR_INVALID_ARGUMENT);
    CHECK(out == SENTINEL);
    {
      const double five[5] = {1, 1, 1, 1, 1};
      CHECK_FAIL(fns[f](d, five, 5, &out), BK_ERR_INVALID_ARGUMENT);
      CHECK(out == SENTINEL);
    }
    CHECK_FAIL(fns[f](d, NULL, 0, &out), BK_ERR_INVALID_ARGUMENT);
    CHECK(out == SENTINEL);
    const double bad[] = {-1.0, -0.5, NAN, INFINITY, -INFINITY};
    for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++) {
      double c[4] = {1.0, 2.0, 0.0, bad[b]};
      out = SENTINEL;
      CHECK_FAIL(fns[f](d, c, 4, &out), BK_ERR_INVALID_ARGUMENT);
      CHECK(out == SENTINEL);
    }
  }
  /* ln_predictive needs integer counts. */
  {
    const double frac[4] = {1.0, 0.5, 0.0, 2.0};
    out = SENTINEL;
    CHECK_FAIL(bk_dirichlet_ln_predictive(d, frac, 4, &out), BK_ERR_INVALID_ARGUMENT);
    CHECK(out == SENTINEL);
    const double frac2[4] = {1.0, 1.0, 1e-9, 2.0};
    CHECK_FAIL(bk_dirichlet_ln_predictive(d, frac2, 4, &out), BK_ERR_INVALID_ARGUMENT);
    CHECK(out == SENTINEL);
  }
  /* A failed query leaves the handle unchanged. */
  check_alpha_is(d, POST, 4);

  bk_dirichlet_free(prior);
  bk_dirichlet_free(d);
}

static void test_dirichlet_sample(void) {
  bk_dirichlet *d = NULL;
  CHECK_STATUS(bk_dirichlet_new(POST, 4, &d), BK_OK);
  bk_rng *r1 = NULL, *r2 = NULL, *r3 = NULL;
  CHECK_STATUS(bk_rng_new(2024, &r1), BK_OK);
  CHECK_STATUS(bk_rng_new(2024, &r2), BK_OK);
  CHECK_STATUS(bk_rng_new(2025, &r3), BK_OK);

  /* Errors. */
  double out[6];
  fill(out, 6, SENTINEL);
  CHECK_FAIL(bk_dirichlet_sample(NULL, r1, out, 4), BK_ERR_NULL_POINTER);
  CHECK(all_eq(out, 6, SENTINEL));
  CHECK_FAIL(bk_dirichlet_sample(d, NULL, out, 4), BK_ERR_NULL_POINTER);
  CHECK(all_eq(out, 6, SENTINEL));
  CHECK_FAIL(bk_dirichlet_sample(d, r1, NULL, 4), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_dirichlet_sample(d, r1, out, 3), BK_ERR_INVALID_ARGUMENT);
  CHECK(all_eq(out, 6, SENTINEL));
  CHECK_FAIL(bk_dirichlet_sample(d, r1, out, 5), BK_ERR_INVALID_ARGUMENT);
  CHECK(all_eq(out, 6, SENTINEL));
  CHECK_FAIL(bk_dirichlet_sample(d, r1, NULL, 0), BK_ERR_INVALID_ARGUMENT);

  /* Same seed → identical draws (the failed calls above consumed nothing from
   * r1, so it is still in step with r2); a different seed differs. */
  double a[4], b[4], c[4];
  int all_same = 1, any_diff = 0;
  for (int i = 0; i < 50; i++) {
    CHECK_STATUS(bk_dirichlet_sample(d, r1, a, 4), BK_OK);
    CHECK_STATUS(bk_dirichlet_sample(d, r2, b, 4), BK_OK);
    CHECK_STATUS(bk_dirichlet_sample(d, r3, c, 4), BK_OK);
    all_same &= same_bytes(a, b, sizeof a);
    any_diff |= !same_bytes(a, c, sizeof a);
  }
  CHECK(all_same);
  CHECK(any_diff);

  /* 20000 draws: each on the simplex, mean ≈ α/A. Per-component standard
   * error is sqrt(Var/20000) ≤ sqrt(0.0161/20000) ≈ 9e-4; allow 5e-3 (> 5 SE). */
  enum { N = 20000 };
  double mean[4] = {0, 0, 0, 0}, sq[4] = {0, 0, 0, 0};
  int simplex_ok = 1;
  for (int i = 0; i < N; i++) {
    fill(out, 6, SENTINEL);
    if (bk_dirichlet_sample(d, r1, out, 4) != BK_OK) {
      simplex_ok = 0;
      break;
    }
    double s = 0.0;
    for (int k = 0; k < 4; k++) {
      if (!(out[k] >= 0.0 && out[k] <= 1.0)) simplex_ok = 0;
      s += out[k];
      mean[k] += out[k];
      sq[k] += out[k] * out[k];
    }
    if (fabs(s - 1.0) > 1e-12) simplex_ok = 0;
    if (out[4] != SENTINEL) simplex_ok = 0;
  }
  CHECK(simplex_ok);
  const double mean_ref[4] = {5.0 / 13.5, 3.5 / 13.5, 3.5 / 13.5, 1.5 / 13.5};
  const double var_ref[4] = {0.01608249373255759, 0.013244406603282721, 0.013244406603282721,
                             0.006811409110259685};
  for (int k = 0; k < 4; k++) {
    double mk = mean[k] / N;
    double vk = sq[k] / N - mk * mk;
    CHECK(fabs(mk - mean_ref[k]) < 5e-3);
    CHECK(fabs(vk - var_ref[k]) < 0.1 * var_ref[k]);
  }

  /* Sampling does not change the handle. */
  check_alpha_is(d, POST, 4);

  /* Small but valid concentrations (α = 1e-3 each): every Gamma(αₖ, 1) draw can
   * underflow to 0 at once; a BK_OK draw must still be a point of the simplex
   * (finite, in [0, 1], summing to 1), never 0/0 = NaN. */
  {
    const double tiny[3] = {1e-3, 1e-3, 1e-3};
    bk_dirichlet *t = NULL;
    CHECK_STATUS(bk_dirichlet_new(tiny, 3, &t), BK_OK);
    int ok_draws = 1, nan_draws = 0;
    for (int i = 0; i < 2000; i++) {
      double o[3];
      if (bk_dirichlet_sample(t, r1, o, 3) != BK_OK) {
        ok_draws = 0;
        break;
      }
      double s = o[0] + o[1] + o[2];
      if (!(isfinite(s) && fabs(s - 1.0) < 1e-12 && o[0] >= 0 && o[1] >= 0 && o[2] >= 0))
        nan_draws++;
    }
    CHECK(ok_draws);
    CHECK(nan_draws == 0);
    if (nan_draws) fprintf(stderr, "  dirichlet_sample alpha=(1e-3,1e-3,1e-3): %d/2000 draws not on the simplex\n", nan_draws);
    bk_dirichlet_free(t);
  }

  bk_rng_free(r1);
  bk_rng_free(r2);
  bk_rng_free(r3);
  bk_dirichlet_free(d);
}

/* --------------------------------------------------------------- Normal–Gamma */

static const double XS[6] = {2.3, 1.7, 3.1, 2.9, 0.8, 2.2};
/* Posterior after XS, by hand in python (see file header). */
#define NG_MN 2.076923076923077
#define NG_KN 6.5
#define NG_AN 5.0
#define NG_BN 5.070769230769231

static int ng_same(const bk_normal_gamma *a, const bk_normal_gamma *b) {
  return same_bytes(a, b, sizeof *a);
}

static const bk_normal_gamma NG_SENT = {SENTINEL, SENTINEL, SENTINEL, SENTINEL};

static void test_normal_gamma_init(void) {
  bk_normal_gamma p = NG_SENT;
  CHECK_STATUS(bk_normal_gamma_init(1.0, 0.5, 2.0, 3.0, &p), BK_OK);
  CHECK(p.m == 1.0 && p.kappa == 0.5 && p.alpha == 2.0 && p.beta == 3.0);
  CHECK_STATUS(bk_normal_gamma_init(-1e300, 1e-300, 1e300, 1e-300, &p), BK_OK);
  CHECK(p.m == -1e300 && p.kappa == 1e-300);

  CHECK_FAIL(bk_normal_gamma_init(1.0, 0.5, 2.0, 3.0, NULL), BK_ERR_NULL_POINTER);

  const double bad_pos[] = {0.0, -0.0, -1.0, NAN, INFINITY, -INFINITY};
  for (size_t i = 0; i < sizeof bad_pos / sizeof bad_pos[0]; i++) {
    double v = bad_pos[i];
    p = NG_SENT;
    CHECK_FAIL(bk_normal_gamma_init(1.0, v, 2.0, 3.0, &p), BK_ERR_INVALID_ARGUMENT);
    CHECK(ng_same(&p, &NG_SENT));
    CHECK_FAIL(bk_normal_gamma_init(1.0, 0.5, v, 3.0, &p), BK_ERR_INVALID_ARGUMENT);
    CHECK(ng_same(&p, &NG_SENT));
    CHECK_FAIL(bk_normal_gamma_init(1.0, 0.5, 2.0, v, &p), BK_ERR_INVALID_ARGUMENT);
    CHECK(ng_same(&p, &NG_SENT));
  }
  const double bad_m[] = {NAN, INFINITY, -INFINITY};
  for (size_t i = 0; i < sizeof bad_m / sizeof bad_m[0]; i++) {
    p = NG_SENT;
    CHECK_FAIL(bk_normal_gamma_init(bad_m[i], 0.5, 2.0, 3.0, &p), BK_ERR_INVALID_ARGUMENT);
    CHECK(ng_same(&p, &NG_SENT));
  }
  /* m may be zero or negative. */
  CHECK_STATUS(bk_normal_gamma_init(-3.0, 1.0, 1.0, 1.0, &p), BK_OK);
  CHECK(p.m == -3.0);
  CHECK_STATUS(bk_normal_gamma_init(0.0, 1.0, 1.0, 1.0, &p), BK_OK);
  CHECK(p.m == 0.0);
}

/* Hand-filled invalid structs, used by every function taking a bk_normal_gamma. */
#define N_BAD_NG 9
static bk_normal_gamma bad_ng(int i) {
  bk_normal_gamma g = {1.0, 0.5, 2.0, 3.0};
  switch (i) {
    case 0: g.m = NAN; break;
    case 1: g.m = INFINITY; break;
    case 2: g.kappa = 0.0; break;
    case 3: g.kappa = -1.0; break;
    case 4: g.alpha = 0.0; break;
    case 5: g.alpha = NAN; break;
    case 6: g.beta = -2.0; break;
    case 7: g.beta = INFINITY; break;
    default: g.kappa = NAN; break;
  }
  return g;
}

static void test_normal_gamma_update(void) {
  bk_normal_gamma p;
  CHECK_STATUS(bk_normal_gamma_init(1.0, 0.5, 2.0, 3.0, &p), BK_OK);
  const bk_normal_gamma prior = p;

  /* update_batch against the hand-computed conjugate update. */
  CHECK_STATUS(bk_normal_gamma_update_batch(&p, XS, 6), BK_OK);
  CHECK_NEAR(p.m, NG_MN, TOL_EXACT);
  CHECK_NEAR(p.kappa, NG_KN, TOL_EXACT);
  CHECK_NEAR(p.alpha, NG_AN, TOL_EXACT);
  CHECK_NEAR(p.beta, NG_BN, TOL_EXACT);
  const bk_normal_gamma post = p;

  /* Empty batch (NULL allowed with n = 0) is a no-op. */
  CHECK_STATUS(bk_normal_gamma_update_batch(&p, NULL, 0), BK_OK);
  CHECK(ng_same(&p, &post));
  CHECK_STATUS(bk_normal_gamma_update_batch(&p, XS, 0), BK_OK);
  CHECK(ng_same(&p, &post));

  /* Batch in two pieces = one batch. */
  p = prior;
  CHECK_STATUS(bk_normal_gamma_update_batch(&p, XS, 2), BK_OK);
  CHECK_STATUS(bk_normal_gamma_update_batch(&p, XS + 2, 4), BK_OK);
  CHECK_NEAR(p.m, NG_MN, 1e-12);
  CHECK_NEAR(p.kappa, NG_KN, 1e-12);
  CHECK_NEAR(p.alpha, NG_AN, 1e-12);
  CHECK_NEAR(p.beta, NG_BN, 1e-12);

  /* update_stats with (n, x̄, ss) of XS = the batch update. */
  p = prior;
  CHECK_STATUS(bk_normal_gamma_update_stats(&p, 6.0, 2.1666666666666665, 3.5133333333333336),
               BK_OK);
  CHECK_NEAR(p.m, NG_MN, TOL_EXACT);
  CHECK_NEAR(p.kappa, NG_KN, TOL_EXACT);
  CHECK_NEAR(p.alpha, NG_AN, TOL_EXACT);
  CHECK_NEAR(p.beta, NG_BN, TOL_EXACT);

  /* Fractional weight: count 2.5, mean −0.4, ss 1.7 (hand formula in python):
   * mn = −1/6, κn = 3, αn = 3.25, βn = 4.258333333333334. */
  p = prior;
  CHECK_STATUS(bk_normal_gamma_update_stats(&p, 2.5, -0.4, 1.7), BK_OK);
  CHECK_NEAR(p.m, -0.16666666666666666, TOL_EXACT);
  CHECK_NEAR(p.kappa, 3.0, TOL_EXACT);
  CHECK_NEAR(p.alpha, 3.25, TOL_EXACT);
  CHECK_NEAR(p.beta, 4.258333333333334, TOL_EXACT);
  /* Count 0 leaves the parameters (numerically) unchanged. */
  p = prior;
  CHECK_STATUS(bk_normal_gamma_update_stats(&p, 0.0, 123.0, 0.0), BK_OK);
  CHECK(p.m == prior.m && p.kappa == prior.kappa && p.alpha == prior.alpha &&
        p.beta == prior.beta);

  /* Errors: NULLs. */
  p = post;
  CHECK_FAIL(bk_normal_gamma_update_batch(NULL, XS, 6), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_normal_gamma_update_batch(&p, NULL, 6), BK_ERR_NULL_POINTER);
  CHECK(ng_same(&p, &post));
  CHECK_FAIL(bk_normal_gamma_update_stats(NULL, 1.0, 0.0, 0.0), BK_ERR_NULL_POINTER);

  /* Non-finite observations (in the last slot: atomic update). */
  const double badx[] = {NAN, INFINITY, -INFINITY};
  for (size_t i = 0; i < 3; i++) {
    double xs[3] = {1.0, 2.0, badx[i]};
    p = post;
    CHECK_FAIL(bk_normal_gamma_update_batch(&p, xs, 3), BK_ERR_INVALID_ARGUMENT);
    CHECK(ng_same(&p, &post));
  }
  /* Bad statistics. */
  const double bad_nn[] = {-1.0, -1e-300, NAN, INFINITY, -INFINITY};
  for (size_t i = 0; i < sizeof bad_nn / sizeof bad_nn[0]; i++) {
    p = post;
    CHECK_FAIL(bk_normal_gamma_update_stats(&p, bad_nn[i], 1.0, 1.0), BK_ERR_INVALID_ARGUMENT);
    CHECK(ng_same(&p, &post));
    CHECK_FAIL(bk_normal_gamma_update_stats(&p, 2.0, 1.0, bad_nn[i]), BK_ERR_INVALID_ARGUMENT);
    CHECK(ng_same(&p, &post));
  }
  for (size_t i = 0; i < 3; i++) {
    p = post;
    CHECK_FAIL(bk_normal_gamma_update_stats(&p, 2.0, badx[i], 1.0), BK_ERR_INVALID_ARGUMENT);
    CHECK(ng_same(&p, &post));
  }
  /* Overflow of βn (κ·n·(x̄−m)² = inf for a finite x̄ = 1e200) must be rejected,
   * not produce an invalid struct. */
  p = post;
  CHECK_FAIL(bk_normal_gamma_update_stats(&p, 2.0, 1e200, 0.0), BK_ERR_INVALID_ARGUMENT);
  CHECK(ng_same(&p, &post));
  /* Largest finite ss is fine (β + ss/2 stays finite). */
  p = post;
  CHECK_STATUS(bk_normal_gamma_update_stats(&p, 2.0, NG_MN, 1.7e308), BK_OK);
  CHECK(isfinite(p.beta) && p.beta > 8.4e307);
  /* Overflow in the batch: values whose squared deviations overflow. */
  {
    double huge[2] = {-1e300, 1e300};
    p = post;
    CHECK_FAIL(bk_normal_gamma_update_batch(&p, huge, 2), BK_ERR_INVALID_ARGUMENT);
    CHECK(ng_same(&p, &post));
  }

  /* Hand-filled invalid struct: rejected, left untouched. */
  for (int i = 0; i < N_BAD_NG; i++) {
    bk_normal_gamma g = bad_ng(i), g0 = g;
    CHECK_FAIL(bk_normal_gamma_update_batch(&g, XS, 6), BK_ERR_INVALID_ARGUMENT);
    CHECK(ng_same(&g, &g0));
    CHECK_FAIL(bk_normal_gamma_update_batch(&g, NULL, 0), BK_ERR_INVALID_ARGUMENT);
    CHECK(ng_same(&g, &g0));
    CHECK_FAIL(bk_normal_gamma_update_stats(&g, 1.0, 0.0, 0.0), BK_ERR_INVALID_ARGUMENT);
    CHECK(ng_same(&g, &g0));
  }
}

static void test_normal_gamma_quantile_interval(void) {
  const bk_normal_gamma post = {NG_MN, NG_KN, NG_AN, NG_BN};
  bk_normal_gamma prior;
  CHECK_STATUS(bk_normal_gamma_init(1.0, 0.5, 2.0, 3.0, &prior), BK_OK);

  /* scipy.stats.t(2αn, loc=mn, scale=sqrt(βn/(αn κn))).ppf(p) = t(10, 2.0769…, 0.3950…). */
  double q = SENTINEL;
  CHECK_STATUS(bk_normal_gamma_mean_quantile(&post, 0.05, &q), BK_OK);
  CHECK_NEAR(q, 1.3610039878999385, TOL_Q);
  CHECK_STATUS(bk_normal_gamma_mean_quantile(&post, 0.5, &q), BK_OK);
  CHECK_NEAR(q, 2.076923076923077, TOL_Q);
  CHECK_STATUS(bk_normal_gamma_mean_quantile(&post, 0.975, &q), BK_OK);
  CHECK_NEAR(q, 2.957034168440719, TOL_Q);
  CHECK_STATUS(bk_normal_gamma_mean_quantile(&post, 0.001, &q), BK_OK);
  CHECK_NEAR(q, 0.4401683650313597, TOL_Q);
  CHECK_STATUS(bk_normal_gamma_mean_quantile(&post, 0.0, &q), BK_OK);
  CHECK(isinf(q) && q < 0);
  CHECK_STATUS(bk_normal_gamma_mean_quantile(&post, 1.0, &q), BK_OK);
  CHECK(isinf(q) && q > 0);
  /* Prior: scipy.stats.t(4, loc=1, scale=sqrt(3/(2·0.5))).ppf(0.9). */
  CHECK_STATUS(bk_normal_gamma_mean_quantile(&prior, 0.9, &q), BK_OK);
  CHECK_NEAR(q, 3.655591165153463, TOL_Q);
  /* Through the real update path as well. */
  {
    bk_normal_gamma p = prior;
    CHECK_STATUS(bk_normal_gamma_update_batch(&p, XS, 6), BK_OK);
    CHECK_STATUS(bk_normal_gamma_mean_quantile(&p, 0.05, &q), BK_OK);
    CHECK_NEAR(q, 1.3610039878999385, TOL_Q);
  }

  const double badp[] = {-0.1, 1.1, NAN, INFINITY, -INFINITY};
  for (size_t i = 0; i < sizeof badp / sizeof badp[0]; i++) {
    q = SENTINEL;
    CHECK_FAIL(bk_normal_gamma_mean_quantile(&post, badp[i], &q), BK_ERR_INVALID_ARGUMENT);
    CHECK(q == SENTINEL);
  }
  q = SENTINEL;
  CHECK_FAIL(bk_normal_gamma_mean_quantile(NULL, 0.5, &q), BK_ERR_NULL_POINTER);
  CHECK(q == SENTINEL);
  CHECK_FAIL(bk_normal_gamma_mean_quantile(&post, 0.5, NULL), BK_ERR_NULL_POINTER);

  /* scipy.stats.t(10, loc=mn, scale=sqrt(βn/(αn κn))).interval(0.95). */
  double lo = SENTINEL, hi = SENTINEL;
  CHECK_STATUS(bk_normal_gamma_mean_interval(&post, 0.95, &lo, &hi), BK_OK);
  CHECK_NEAR(lo, 1.1968119854054353, TOL_Q);
  CHECK_NEAR(hi, 2.957034168440719, TOL_Q);
  CHECK_NEAR(lo + hi, 2.0 * NG_MN, 1e-12); /* symmetric about mn */

  const double badl[] = {0.0, 1.0, -0.5, 1.5, NAN, INFINITY, -INFINITY};
  for (size_t i = 0; i < sizeof badl / sizeof badl[0]; i++) {
    lo = SENTINEL;
    hi = SENTINEL;
    CHECK_FAIL(bk_normal_gamma_mean_interval(&post, badl[i], &lo, &hi), BK_ERR_INVALID_ARGUMENT);
    CHECK(lo == SENTINEL && hi == SENTINEL);
  }
  lo = SENTINEL;
  hi = SENTINEL;
  CHECK_FAIL(bk_normal_gamma_mean_interval(NULL, 0.9, &lo, &hi), BK_ERR_NULL_POINTER);
  CHECK(lo == SENTINEL && hi == SENTINEL);
  CHECK_FAIL(bk_normal_gamma_mean_interval(&post, 0.9, NULL, &hi), BK_ERR_NULL_POINTER);
  CHECK(hi == SENTINEL);
  CHECK_FAIL(bk_normal_gamma_mean_interval(&post, 0.9, &lo, NULL), BK_ERR_NULL_POINTER);
  CHECK(lo == SENTINEL);

  for (int i = 0; i < N_BAD_NG; i++) {
    bk_normal_gamma g = bad_ng(i);
    q = SENTINEL;
    CHECK_FAIL(bk_normal_gamma_mean_quantile(&g, 0.5, &q), BK_ERR_INVALID_ARGUMENT);
    CHECK(q == SENTINEL);
    lo = SENTINEL;
    hi = SENTINEL;
    CHECK_FAIL(bk_normal_gamma_mean_interval(&g, 0.9, &lo, &hi), BK_ERR_INVALID_ARGUMENT);
    CHECK(lo == SENTINEL && hi == SENTINEL);
  }
}

static void test_normal_gamma_predictive_marginal(void) {
  const bk_normal_gamma post = {NG_MN, NG_KN, NG_AN, NG_BN};
  bk_normal_gamma prior;
  CHECK_STATUS(bk_normal_gamma_init(1.0, 0.5, 2.0, 3.0, &prior), BK_OK);
  double out = SENTINEL;

  /* scipy.stats.t(2αn, loc=mn, scale=sqrt(βn(κn+1)/(αn κn))).logpdf(x). */
  CHECK_STATUS(bk_normal_gamma_ln_predictive(&post, 2.5, &out), BK_OK);
  CHECK_NEAR(out, -1.1059678844192353, TOL_Q);
  CHECK_STATUS(bk_normal_gamma_ln_predictive(&post, -1.0, &out), BK_OK);
  CHECK_NEAR(out, -4.282920161239525, TOL_Q);
  /* Prior: scipy.stats.t(4, loc=1, scale=sqrt(3·1.5/(2·0.5))).logpdf(0.3). */
  CHECK_STATUS(bk_normal_gamma_ln_predictive(&prior, 0.3, &out), BK_OK);
  CHECK_NEAR(out, -1.800013670157035, TOL_Q);

  const double badx[] = {NAN, INFINITY, -INFINITY};
  for (size_t i = 0; i < 3; i++) {
    out = SENTINEL;
    CHECK_FAIL(bk_normal_gamma_ln_predictive(&post, badx[i], &out), BK_ERR_INVALID_ARGUMENT);
    CHECK(out == SENTINEL);
  }
  out = SENTINEL;
  CHECK_FAIL(bk_normal_gamma_ln_predictive(NULL, 0.0, &out), BK_ERR_NULL_POINTER);
  CHECK(out == SENTINEL);
  CHECK_FAIL(bk_normal_gamma_ln_predictive(&post, 0.0, NULL), BK_ERR_NULL_POINTER);

  /* ln marginal of XS under the prior: closed form
   * lnΓ(αn)−lnΓ(α)+α lnβ−αn lnβn+½ln(κ/κn)−(n/2)ln2π = −9.538290110973037, equal to
   * scipy.stats.multivariate_t(loc=m·1, shape=(β/α)(I + 11ᵀ/κ), df=2α).logpdf(XS). */
  CHECK_STATUS(bk_normal_gamma_ln_marginal(&prior, XS, 6, &out), BK_OK);
  CHECK_NEAR(out, -9.538290110973037, TOL_Q);
  /* One observation x = 0.3: scipy.integrate.dblquad over (τ, μ) of
   * Gamma(τ; 2, rate 3)·N(μ; 1, 1/(0.5τ))·N(0.3; μ, 1/τ) → log = −1.8000136720604671
   * (quadrature error ~1e-9); it equals the prior predictive log density. */
  {
    const double x1 = 0.3;
    CHECK_STATUS(bk_normal_gamma_ln_marginal(&prior, &x1, 1, &out), BK_OK);
    CHECK_NEAR(out, -1.8000136720604671, 1e-8);
    CHECK_NEAR(out, -1.800013670157035, TOL_Q);
  }
  /* Empty data: ln 1 = 0 (NULL allowed with n = 0). */
  out = SENTINEL;
  CHECK_STATUS(bk_normal_gamma_ln_marginal(&prior, NULL, 0, &out), BK_OK);
  CHECK(out == 0.0);
  /* Chain rule: ln p(XS) = Σᵢ ln p(xᵢ | x₁..xᵢ₋₁). */
  {
    bk_normal_gamma p = prior;
    double s = 0.0, lp = 0.0;
    for (int i = 0; i < 6; i++) {
      CHECK_STATUS(bk_normal_gamma_ln_predictive(&p, XS[i], &lp), BK_OK);
      s += lp;
      CHECK_STATUS(bk_normal_gamma_update_batch(&p, &XS[i], 1), BK_OK);
    }
    CHECK_NEAR(s, -9.538290110973037, 1e-10);
  }
  /* The prior struct is not modified by ln_marginal. */
  CHECK(prior.m == 1.0 && prior.kappa == 0.5 && prior.alpha == 2.0 && prior.beta == 3.0);

  out = SENTINEL;
  CHECK_FAIL(bk_normal_gamma_ln_marginal(NULL, XS, 6, &out), BK_ERR_NULL_POINTER);
  CHECK(out == SENTINEL);
  CHECK_FAIL(bk_normal_gamma_ln_marginal(&prior, NULL, 6, &out), BK_ERR_NULL_POINTER);
  CHECK(out == SENTINEL);
  CHECK_FAIL(bk_normal_gamma_ln_marginal(&prior, XS, 6, NULL), BK_ERR_NULL_POINTER);
  for (size_t i = 0; i < 3; i++) {
    double xs[3] = {1.0, badx[i], 2.0};
    out = SENTINEL;
    CHECK_FAIL(bk_normal_gamma_ln_marginal(&prior, xs, 3, &out), BK_ERR_INVALID_ARGUMENT);
    CHECK(out == SENTINEL);
  }

  for (int i = 0; i < N_BAD_NG; i++) {
    bk_normal_gamma g = bad_ng(i);
    out = SENTINEL;
    CHECK_FAIL(bk_normal_gamma_ln_predictive(&g, 0.0, &out), BK_ERR_INVALID_ARGUMENT);
    CHECK(out == SENTINEL);
    CHECK_FAIL(bk_normal_gamma_ln_marginal(&g, XS, 6, &out), BK_ERR_INVALID_ARGUMENT);
    CHECK(out == SENTINEL);
    CHECK_FAIL(bk_normal_gamma_ln_marginal(&g, NULL, 0, &out), BK_ERR_INVALID_ARGUMENT);
    CHECK(out == SENTINEL);
  }
}

static void test_normal_gamma_sample(void) {
  bk_normal_gamma p;
  CHECK_STATUS(bk_normal_gamma_init(-2.0, 3.0, 5.0, 8.0, &p), BK_OK);
  const bk_normal_gamma p0 = p;
  bk_rng *r1 = NULL, *r2 = NULL, *r3 = NULL;
  CHECK_STATUS(bk_rng_new(7, &r1), BK_OK);
  CHECK_STATUS(bk_rng_new(7, &r2), BK_OK);
  CHECK_STATUS(bk_rng_new(8, &r3), BK_OK);

  /* Errors. */
  double mu[8], var[8];
  fill(mu, 8, SENTINEL);
  fill(var, 8, SENTINEL);
  CHECK_FAIL(bk_normal_gamma_sample(NULL, r1, mu, var, 8), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_normal_gamma_sample(&p, NULL, mu, var, 8), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_normal_gamma_sample(&p, r1, NULL, var, 8), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_normal_gamma_sample(&p, r1, mu, NULL, 8), BK_ERR_NULL_POINTER);
  CHECK(all_eq(mu, 8, SENTINEL) && all_eq(var, 8, SENTINEL));
  for (int i = 0; i < N_BAD_NG; i++) {
    bk_normal_gamma g = bad_ng(i);
    CHECK_FAIL(bk_normal_gamma_sample(&g, r1, mu, var, 8), BK_ERR_INVALID_ARGUMENT);
    CHECK(all_eq(mu, 8, SENTINEL) && all_eq(var, 8, SENTINEL));
  }
  /* n = 0: nothing to do, NULL buffers allowed. */
  CHECK_STATUS(bk_normal_gamma_sample(&p, r1, NULL, NULL, 0), BK_OK);

  /* Same seed → identical draws; different seed differs; n honoured exactly. */
  double mu2[8], var2[8], mu3[8], var3[8];
  fill(mu, 8, SENTINEL);
  fill(var, 8, SENTINEL);
  CHECK_STATUS(bk_normal_gamma_sample(&p, r1, mu, var, 7), BK_OK);
  CHECK_STATUS(bk_normal_gamma_sample(&p, r2, mu2, var2, 7), BK_OK);
  CHECK_STATUS(bk_normal_gamma_sample(&p, r3, mu3, var3, 7), BK_OK);
  CHECK(same_bytes(mu, mu2, 7 * sizeof(double)));
  CHECK(same_bytes(var, var2, 7 * sizeof(double)));
  CHECK(!same_bytes(mu, mu3, 7 * sizeof(double)));
  CHECK(mu[7] == SENTINEL && var[7] == SENTINEL);
  /* One batch of 7 = 7 batches of 1 from the same stream position. */
  {
    bk_rng *a = NULL, *b = NULL;
    CHECK_STATUS(bk_rng_new(99, &a), BK_OK);
    CHECK_STATUS(bk_rng_new(99, &b), BK_OK);
    double ma[7], va[7], mb[7], vb[7];
    CHECK_STATUS(bk_normal_gamma_sample(&p, a, ma, va, 7), BK_OK);
    for (int i = 0; i < 7; i++) CHECK_STATUS(bk_normal_gamma_sample(&p, b, &mb[i], &vb[i], 1), BK_OK);
    CHECK(same_bytes(ma, mb, sizeof ma) && same_bytes(va, vb, sizeof va));
    bk_rng_free(a);
    bk_rng_free(b);
  }

  /* 20000 draws. σ² ~ InvGamma(5, 8): mean β/(α−1) = 2, var β²/((α−1)²(α−2)) = 4/3,
   * standard error of the mean ≈ 0.0082 → allow 0.05.
   * μ marginal t(2α=10, m=−2, scale sqrt(β/(ακ)) = sqrt(8/15)): mean −2,
   * var (8/15)·10/8 = 2/3, SE ≈ 0.0058 → allow 0.035. */
  enum { N = 20000 };
  double *M = malloc(N * sizeof *M), *V = malloc(N * sizeof *V);
  CHECK(M != NULL && V != NULL);
  if (M && V) {
    CHECK_STATUS(bk_normal_gamma_sample(&p, r1, M, V, N), BK_OK);
    double sm = 0, sv = 0, smm = 0;
    int pos = 1;
    for (int i = 0; i < N; i++) {
      sm += M[i];
      smm += M[i] * M[i];
      sv += V[i];
      if (!(V[i] > 0.0) || !isfinite(M[i])) pos = 0;
    }
    CHECK(pos);
    double mm = sm / N, mv = sv / N, vm = smm / N - mm * mm;
    CHECK(fabs(mv - 8.0 / 4.0) < 0.05);
    CHECK(fabs(mm - (-2.0)) < 0.035);
    CHECK(fabs(vm - 2.0 / 3.0) < 0.05);
  }
  free(M);
  free(V);
  CHECK(ng_same(&p, &p0)); /* sampling does not modify the struct */

  /* Small but valid shape α = 1e-3 (m 0, κ 1, β 1): the precision draw τ
   * underflows to 0 about half the time. A BK_OK draw must never be NaN. */
  {
    const bk_normal_gamma small = {0.0, 1.0, 1e-3, 1.0};
    double sm[1000], sv[1000];
    CHECK_STATUS(bk_normal_gamma_sample(&small, r1, sm, sv, 1000), BK_OK);
    int nan_draws = 0;
    for (int i = 0; i < 1000; i++)
      if (isnan(sm[i]) || isnan(sv[i]) || !(sv[i] > 0.0)) nan_draws++;
    CHECK(nan_draws == 0);
    if (nan_draws) fprintf(stderr, "  normal_gamma_sample alpha=1e-3: %d/1000 draws NaN\n", nan_draws);
  }

  bk_rng_free(r1);
  bk_rng_free(r2);
  bk_rng_free(r3);
}

/* ------------------------------------------------------------ modes and moments */

static void test_modes(void) {
  const double alpha[3] = {3.0, 2.0, 5.0};
  bk_dirichlet *d = NULL;
  CHECK_STATUS(bk_dirichlet_new(alpha, 3, &d), BK_OK);
  double m[3] = {SENTINEL, SENTINEL, SENTINEL};
  CHECK_STATUS(bk_dirichlet_mode(d, m, 3), BK_OK);
  /* (alpha_k - 1) / (A - K) = (2, 1, 4) / 7 */
  CHECK_NEAR(m[0], 2.0 / 7.0, 1e-15);
  CHECK_NEAR(m[1], 1.0 / 7.0, 1e-15);
  CHECK_NEAR(m[2], 4.0 / 7.0, 1e-15);
  double u[3] = {SENTINEL, SENTINEL, SENTINEL};
  CHECK_STATUS(bk_dirichlet_mode(d, u, 2), BK_ERR_INVALID_ARGUMENT);
  CHECK_STATUS(bk_dirichlet_mode(NULL, u, 3), BK_ERR_NULL_POINTER);
  CHECK_STATUS(bk_dirichlet_mode(d, NULL, 3), BK_ERR_NULL_POINTER);
  bk_dirichlet_free(d);
  const double flat[2] = {1.0, 2.0};
  CHECK_STATUS(bk_dirichlet_new(flat, 2, &d), BK_OK);
  CHECK_STATUS(bk_dirichlet_mode(d, u, 2), BK_ERR_INVALID_ARGUMENT);
  CHECK(bk_last_error_message(NULL, 0) > 0);
  CHECK(u[0] == SENTINEL && u[1] == SENTINEL);
  bk_dirichlet_free(d);

  /* var(mu) = beta / (kappa (alpha - 1)) = 4 / (2 * 2) */
  bk_normal_gamma ng = {1.0, 2.0, 3.0, 4.0};
  double v = SENTINEL;
  CHECK_STATUS(bk_normal_gamma_mean_variance(&ng, &v), BK_OK);
  CHECK_NEAR(v, 1.0, 1e-15);
  bk_normal_gamma heavy = {1.0, 2.0, 1.0, 4.0};
  v = SENTINEL;
  CHECK_STATUS(bk_normal_gamma_mean_variance(&heavy, &v), BK_ERR_INVALID_ARGUMENT);
  CHECK(v == SENTINEL);
  CHECK_STATUS(bk_normal_gamma_mean_variance(NULL, &v), BK_ERR_NULL_POINTER);
  CHECK_STATUS(bk_normal_gamma_mean_variance(&ng, NULL), BK_ERR_NULL_POINTER);
}

int main(void) {
  test_dirichlet_new_free_len_alpha();
  test_dirichlet_update();
  test_dirichlet_moments();
  test_dirichlet_quantile_interval();
  test_dirichlet_predictive_marginal();
  test_dirichlet_sample();
  test_normal_gamma_init();
  test_normal_gamma_update();
  test_normal_gamma_quantile_interval();
  test_normal_gamma_predictive_marginal();
  test_normal_gamma_sample();
  test_modes();
  return CHECK_REPORT();
}
