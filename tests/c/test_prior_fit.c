/*
 * C ABI test of priors fitted from past experiments: bk_prior_fit_options_default,
 * bk_beta_prior_fit and bk_gamma_prior_fit, success values against scipy, the
 * outcomes of data that hold no finite prior, the fitted prior used as the prior
 * of a comparison, and the error contract (status, *out untouched, a message).
 *
 * Reference values: the "doc_example" sets of tests/reference/prior_fit.json,
 * written by tests/reference/generate_prior_fit.py (scipy 1.17.1: trust-exact
 * Newton on the raw rows' beta-binomial and negative-binomial likelihoods;
 * log-likelihoods re-summed with mpmath).
 */
#include "bayeskit.h"
#include "check.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#define TOL_FIT 1e-9 /* the MLE against an independent optimiser */

static const uint64_t SUCCESSES[] = {12, 30, 7, 45, 20, 9, 33, 15};
static const uint64_t TRIALS[] = {400, 700, 350, 900, 500, 410, 650, 480};
static const uint64_t COUNTS[] = {30, 80, 12, 55, 140, 20};
static const double EXPOSURES[] = {1000, 1500, 800, 1200, 2000, 900};

static void test_options_default(void) {
  bk_prior_fit_options o;
  memset(&o, 0, sizeof o);
  CHECK_STATUS(bk_prior_fit_options_default(&o), BK_OK);
  CHECK(o.struct_size == sizeof o);
  CHECK(o.max_iter == 200);
  CHECK(o.tol == 1e-10);
  CHECK_FAIL(bk_prior_fit_options_default(NULL), BK_ERR_NULL_POINTER);
}

static void test_beta(void) {
  bk_beta_prior_fit_result r;
  memset(&r, 0, sizeof r);
  r.struct_size = sizeof r;
  CHECK_STATUS(bk_beta_prior_fit(SUCCESSES, TRIALS, 8, NULL, &r), BK_OK);
  CHECK(r.outcome == BK_DM_CONVERGED);
  CHECK_NEAR(r.alpha, 24.149718897428958, TOL_FIT);
  CHECK_NEAR(r.beta, 619.4841865172617, TOL_FIT);
  CHECK_NEAR(r.alpha_std_error, 28.560169439696104, TOL_FIT);
  CHECK_NEAR(r.beta_std_error, 720.4015014238958, TOL_FIT);
  CHECK_NEAR(r.loglik, -25.33732412503365, 1e-11);
  CHECK_NEAR(r.loglik_limit, -26.147014675888908, 1e-11);
  CHECK_NEAR(r.lr_pvalue, 0.10158905285082623, 1e-8);
  CHECK(r.rows == 8 && r.iterations >= 1);

  /* The fitted prior as the prior of a comparison. */
  bk_beta a, b;
  CHECK_STATUS(bk_beta_init(r.alpha, r.beta, &a), BK_OK);
  CHECK_STATUS(bk_beta_init(r.alpha, r.beta, &b), BK_OK);
  CHECK_STATUS(bk_beta_update(&a, 3, 97), BK_OK);
  CHECK_STATUS(bk_beta_update(&b, 6, 94), BK_OK);
  bk_comparison c;
  memset(&c, 0, sizeof c);
  c.struct_size = sizeof c;
  CHECK_STATUS(bk_beta_compare(&a, &b, &c), BK_OK);
  CHECK(c.prob_b_greater > 0.5 && c.prob_b_greater < 1.0);

  /* The same proportion everywhere: no finite prior, not an error. */
  const uint64_t s[] = {5, 10, 15}, n[] = {100, 200, 300};
  CHECK_STATUS(bk_beta_prior_fit(s, n, 3, NULL, &r), BK_OK);
  CHECK(r.outcome == BK_DM_NO_OVERDISPERSION);
  CHECK(isinf(r.alpha) && isinf(r.beta));

  /* Errors leave *out untouched. */
  bk_beta_prior_fit_result before = r;
  const uint64_t bad_s[] = {5, 1}, bad_n[] = {4, 9};
  CHECK_FAIL(bk_beta_prior_fit(bad_s, bad_n, 2, NULL, &r), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("row 0");
  CHECK_FAIL(bk_beta_prior_fit(SUCCESSES, TRIALS, 0, NULL, &r), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("no rows");
  CHECK_FAIL(bk_beta_prior_fit(NULL, TRIALS, 8, NULL, &r), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_beta_prior_fit(SUCCESSES, TRIALS, 8, NULL, NULL), BK_ERR_NULL_POINTER);
  bk_prior_fit_options o;
  bk_prior_fit_options_default(&o);
  o.tol = 0.5;
  CHECK_FAIL(bk_beta_prior_fit(SUCCESSES, TRIALS, 8, &o, &r), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("tol");
  CHECK(memcmp(&before, &r, sizeof r) == 0);
}

static void test_gamma(void) {
  bk_gamma_prior_fit_result r;
  memset(&r, 0, sizeof r);
  r.struct_size = sizeof r;
  CHECK_STATUS(bk_gamma_prior_fit(COUNTS, EXPOSURES, 6, NULL, &r), BK_OK);
  CHECK(r.outcome == BK_DM_CONVERGED);
  CHECK_NEAR(r.shape, 4.520009499180942, TOL_FIT);
  CHECK_NEAR(r.rate, 113.28725442513327, TOL_FIT);
  CHECK_NEAR(r.shape_std_error, 2.849036889676978, TOL_FIT);
  CHECK_NEAR(r.rate_std_error, 74.15452141479967, TOL_FIT);
  CHECK_NEAR(r.loglik, -26.831350452626893, 1e-11);
  CHECK_NEAR(r.loglik_limit, -49.612177106541715, 1e-11);
  CHECK_NEAR(r.lr_pvalue, 7.395453909409358e-12, 1e-6);
  bk_gamma g;
  CHECK_STATUS(bk_gamma_init(r.shape, r.rate, &g), BK_OK);

  const uint64_t none[] = {0, 0};
  const double t2[] = {1, 2};
  CHECK_STATUS(bk_gamma_prior_fit(none, t2, 2, NULL, &r), BK_OK);
  CHECK(r.outcome == BK_DM_NOT_IDENTIFIABLE);
  CHECK(isnan(r.shape));

  bk_gamma_prior_fit_result before = r;
  const double bad_t[] = {1, 0};
  CHECK_FAIL(bk_gamma_prior_fit(COUNTS, bad_t, 2, NULL, &r), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("row 1");
  CHECK_FAIL(bk_gamma_prior_fit(COUNTS, NULL, 6, NULL, &r), BK_ERR_NULL_POINTER);
  /* A struct_size that ends inside a field is refused. */
  bk_gamma_prior_fit_result odd = r;
  odd.struct_size = 6;
  CHECK_FAIL(bk_gamma_prior_fit(COUNTS, EXPOSURES, 6, NULL, &odd), BK_ERR_INVALID_ARGUMENT);
  CHECK(memcmp(&before, &r, sizeof r) == 0);
}

int main(void) {
  test_options_default();
  test_beta();
  test_gamma();
  return CHECK_REPORT();
}
