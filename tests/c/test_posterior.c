/*
 * C ABI test of the posterior core: every bk_* function of include/bayeskit.h,
 * success values against independent references (closed forms, scipy), and the
 * error contract (status code, out-parameters untouched, a message recorded).
 *
 * Reference constants were computed with python3 + scipy 1.x:
 * scipy.stats.beta / gamma / nbinom / betabinom / betaprime / norm /
 * multivariate_normal and scipy.integrate.quad (see comments at each use).
 */
#include "bayeskit.h"
#include "check.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>

#define PI 3.14159265358979323846
#define SENTINEL (-12345.678)
#define TOL_EXACT 1e-10 /* closed forms */
#define TOL_Q 1e-8      /* quantiles, special functions, quadrature */

/* A failing call: status as expected and a non-empty message recorded. */
#define CHECK_FAIL(call, expected)                    \
  do {                                                \
    CHECK_STATUS(call, expected);                     \
    CHECK(bk_last_error_message(NULL, 0) > 0);        \
  } while (0)

static int same_bytes(const void *a, const void *b, size_t n) { return memcmp(a, b, n) == 0; }

/* Fills an output struct, padding included, with a byte pattern, so that comparing its bytes
 * after a failed call (which must not write it) is well defined, also under valgrind. */
#define FILL(x) memset(&(x), 0x5a, sizeof(x))
/* A result struct full of garbage but its struct_size. */
#define FILL_RESULT(x) (FILL(x), (x).struct_size = sizeof(x))

/* Results are plain data with no padding (bk_method_report's `reserved` is written as 0), so
 * an unchanged result is the same bytes. */
static int same_comparison(const bk_comparison *a, const bk_comparison *b) {
  return same_bytes(a, b, sizeof *a);
}
static int same_summary(const bk_compare_summary *a, const bk_compare_summary *b) {
  return same_bytes(a, b, sizeof *a);
}

/* ------------------------------------------------------------ version, errors, rng */

static void *thread_fresh_len(void *arg) {
  size_t *res = arg;
  res[0] = bk_last_error_message(NULL, 0); /* nothing failed on this thread yet */
  bk_beta b;
  res[1] = (size_t)bk_beta_init(-1.0, 1.0, &b);
  res[2] = bk_last_error_message(NULL, 0);
  return NULL;
}

static void test_version_and_messages(void) {
  const char *v = bk_version();
  CHECK(v != NULL);
  if (v) {
    char expect[64];
    snprintf(expect, sizeof expect, "%d.%d.%d", BK_VERSION_MAJOR, BK_VERSION_MINOR,
             BK_VERSION_PATCH);
    CHECK(strcmp(v, expect) == 0);
    CHECK(strcmp(v, "0.3.0") == 0);
    CHECK(bk_version() == v); /* static string */
  }

  /* Nothing has failed yet on this thread: empty message, buffer gets "". */
  char buf[256];
  memset(buf, 'x', sizeof buf);
  CHECK(bk_last_error_message(NULL, 0) == 0);
  CHECK(bk_last_error_message(buf, sizeof buf) == 0);
  CHECK(buf[0] == '\0');

  /* A failure records a message. */
  bk_beta b = {SENTINEL, SENTINEL};
  CHECK_FAIL(bk_beta_init(0.0, 1.0, &b), BK_ERR_INVALID_ARGUMENT);
  size_t len = bk_last_error_message(NULL, 0);
  CHECK(len > 0);
  CHECK(len + 1 < sizeof buf);
  /* cap 0 with a real buffer: nothing written, full length returned. */
  memset(buf, 'x', sizeof buf);
  CHECK(bk_last_error_message(buf, 0) == len);
  CHECK(buf[0] == 'x');
  /* NULL buffer with a non-zero cap: nothing written, length returned. */
  CHECK(bk_last_error_message(NULL, 100) == len);
  /* Full copy. */
  memset(buf, 'x', sizeof buf);
  CHECK(bk_last_error_message(buf, sizeof buf) == len);
  CHECK(strlen(buf) == len);
  char full[256];
  memcpy(full, buf, len + 1);
  /* Exactly len + 1: fits. */
  memset(buf, 'x', sizeof buf);
  CHECK(bk_last_error_message(buf, len + 1) == len);
  CHECK(strcmp(buf, full) == 0);
  /* Exactly len: truncated by one. */
  memset(buf, 'x', sizeof buf);
  CHECK(bk_last_error_message(buf, len) == len);
  CHECK(strlen(buf) == len - 1);
  CHECK(strncmp(buf, full, len - 1) == 0);
  CHECK(buf[len] == 'x');
  /* Truncation to cap 5: 4 bytes + NUL, nothing past it. */
  memset(buf, 'x', sizeof buf);
  CHECK(bk_last_error_message(buf, 5) == len);
  CHECK(buf[4] == '\0');
  CHECK(strncmp(buf, full, 4) == 0);
  CHECK(buf[5] == 'x');
  /* cap 1: just the NUL. */
  memset(buf, 'x', sizeof buf);
  CHECK(bk_last_error_message(buf, 1) == len);
  CHECK(buf[0] == '\0');
  CHECK(buf[1] == 'x');
  /* The message mentions the offending parameter/value. */
  CHECK(strstr(full, "alpha") != NULL);

  /* A successful call does not disturb the record of the last failure. */
  CHECK_STATUS(bk_beta_init(1.0, 1.0, &b), BK_OK);
  CHECK(bk_last_error_message(NULL, 0) == len);

  /* Messages are per thread: a new thread starts empty and its failure does
   * not overwrite this thread's message. */
  size_t res[3] = {99, 99, 0};
  pthread_t t;
  CHECK(pthread_create(&t, NULL, thread_fresh_len, res) == 0);
  CHECK(pthread_join(t, NULL) == 0);
  CHECK(res[0] == 0);
  CHECK(res[1] == (size_t)BK_ERR_INVALID_ARGUMENT);
  CHECK(res[2] > 0);
  memset(buf, 0, sizeof buf);
  CHECK(bk_last_error_message(buf, sizeof buf) == len);
  CHECK(strcmp(buf, full) == 0);

  /* A NULL pointer failure gets its own status and a message. */
  CHECK_FAIL(bk_beta_mean(NULL, NULL), BK_ERR_NULL_POINTER);
  CHECK(bk_last_error_message(buf, sizeof buf) > 0);
  CHECK(strcmp(buf, full) != 0);
}

static void test_rng(void) {
  bk_rng *sentinel = (bk_rng *)(uintptr_t)0x1234;
  CHECK_FAIL(bk_rng_new(1, NULL), BK_ERR_NULL_POINTER);
  bk_rng_free(NULL); /* no-op */

  bk_rng *r1 = sentinel, *r2 = sentinel, *r3 = sentinel;
  CHECK_STATUS(bk_rng_new(42, &r1), BK_OK);
  CHECK_STATUS(bk_rng_new(42, &r2), BK_OK);
  CHECK_STATUS(bk_rng_new(43, &r3), BK_OK);
  CHECK(r1 != NULL && r1 != sentinel);
  CHECK(r2 != NULL && r2 != sentinel && r2 != r1);
  CHECK(r3 != NULL && r3 != sentinel);

  bk_beta b;
  CHECK_STATUS(bk_beta_init(2.0, 3.0, &b), BK_OK);
  double x1[64], x2[64], x3[64];
  CHECK_STATUS(bk_beta_sample(&b, r1, x1, 64), BK_OK);
  CHECK_STATUS(bk_beta_sample(&b, r2, x2, 64), BK_OK);
  CHECK_STATUS(bk_beta_sample(&b, r3, x3, 64), BK_OK);
  CHECK(same_bytes(x1, x2, sizeof x1));
  CHECK(!same_bytes(x1, x3, sizeof x1));
  /* Continuing streams stay in step; a second batch differs from the first. */
  CHECK_STATUS(bk_beta_sample(&b, r1, x1 + 0, 32), BK_OK);
  CHECK_STATUS(bk_beta_sample(&b, r2, x2 + 0, 32), BK_OK);
  CHECK(same_bytes(x1, x2, sizeof x1));
  CHECK(!same_bytes(x1, x3, 32 * sizeof(double)));

  bk_rng_free(r1);
  bk_rng_free(r2);
  bk_rng_free(r3);
}

/* ------------------------------------------------------------ Beta */

static void test_beta_values(void) {
  bk_beta b = {SENTINEL, SENTINEL};
  double out, lo, hi;

  /* Uniform prior, 3 successes, 10 failures -> Beta(4, 11). */
  CHECK_STATUS(bk_beta_init(1.0, 1.0, &b), BK_OK);
  CHECK(b.alpha == 1.0 && b.beta == 1.0);
  CHECK_STATUS(bk_beta_update(&b, 3.0, 10.0), BK_OK);
  CHECK(b.alpha == 4.0 && b.beta == 11.0);

  CHECK_STATUS(bk_beta_mean(&b, &out), BK_OK);
  CHECK_NEAR(out, 4.0 / 15.0, TOL_EXACT);
  CHECK_STATUS(bk_beta_variance(&b, &out), BK_OK);
  CHECK_NEAR(out, 44.0 / (225.0 * 16.0), TOL_EXACT);
  CHECK_STATUS(bk_beta_mode(&b, &out), BK_OK);
  CHECK_NEAR(out, 3.0 / 13.0, TOL_EXACT);

  /* scipy.stats.beta.cdf(0.3, 4, 11) */
  CHECK_STATUS(bk_beta_cdf(&b, 0.3, &out), BK_OK);
  CHECK_NEAR(out, 0.6448325704223402, TOL_Q);
  CHECK_STATUS(bk_beta_cdf(&b, -0.5, &out), BK_OK);
  CHECK(out == 0.0);
  CHECK_STATUS(bk_beta_cdf(&b, 2.0, &out), BK_OK);
  CHECK(out == 1.0);

  /* scipy.stats.beta.ppf(p, 4, 11) */
  CHECK_STATUS(bk_beta_quantile(&b, 0.025, &out), BK_OK);
  CHECK_NEAR(out, 0.08388931830712752, TOL_Q);
  CHECK_STATUS(bk_beta_quantile(&b, 0.975, &out), BK_OK);
  CHECK_NEAR(out, 0.5079756770484718, TOL_Q);
  CHECK_STATUS(bk_beta_quantile(&b, 0.5, &out), BK_OK);
  CHECK_NEAR(out, 0.2560841757808372, TOL_Q);
  CHECK_STATUS(bk_beta_quantile(&b, 0.0, &out), BK_OK);
  CHECK(out == 0.0);
  CHECK_STATUS(bk_beta_quantile(&b, 1.0, &out), BK_OK);
  CHECK(out == 1.0);
  /* quantile(cdf(x)) round-trips */
  CHECK_STATUS(bk_beta_cdf(&b, 0.3, &out), BK_OK);
  CHECK_STATUS(bk_beta_quantile(&b, out, &out), BK_OK);
  CHECK_NEAR(out, 0.3, TOL_Q);

  lo = hi = SENTINEL;
  CHECK_STATUS(bk_beta_interval(&b, 0.95, &lo, &hi), BK_OK);
  CHECK_NEAR(lo, 0.08388931830712752, TOL_Q);
  CHECK_NEAR(hi, 0.5079756770484718, TOL_Q);

  /* Closed-form quantiles: Beta(1/2,1/2) is the arcsine law, F^-1(p) = sin^2(pi p / 2);
   * Beta(1, 3): F^-1(p) = 1 - (1 - p)^(1/3). */
  bk_beta arcsine = {0.5, 0.5};
  CHECK_STATUS(bk_beta_quantile(&arcsine, 0.1, &out), BK_OK);
  CHECK_NEAR(out, pow(sin(PI * 0.1 / 2.0), 2.0), TOL_Q);
  CHECK_STATUS(bk_beta_cdf(&arcsine, 0.25, &out), BK_OK);
  CHECK_NEAR(out, 2.0 / PI * asin(0.5), TOL_Q);
  bk_beta b13 = {1.0, 3.0};
  CHECK_STATUS(bk_beta_quantile(&b13, 0.7, &out), BK_OK);
  CHECK_NEAR(out, 1.0 - cbrt(0.3), TOL_Q);
  /* scipy.stats.beta.ppf(0.5, 21, 981) */
  bk_beta big = {21.0, 981.0};
  CHECK_STATUS(bk_beta_quantile(&big, 0.5, &out), BK_OK);
  CHECK_NEAR(out, 0.020640092882245272, TOL_Q);

  /* Modes at the boundary; none for alpha, beta <= 1. */
  bk_beta m0 = {0.5, 2.0}, m1 = {2.0, 0.5};
  CHECK_STATUS(bk_beta_mode(&m0, &out), BK_OK);
  CHECK(out == 0.0);
  CHECK_STATUS(bk_beta_mode(&m1, &out), BK_OK);
  CHECK(out == 1.0);

  /* scipy.stats.betabinom.logpmf(2, 5, 4, 11) */
  CHECK_STATUS(bk_beta_ln_predictive(&b, 2, 5, &out), BK_OK);
  CHECK_NEAR(out, -1.402594357864869, TOL_Q);
  /* Predictive probabilities over k = 0..n sum to 1. */
  double total = 0.0;
  for (uint64_t k = 0; k <= 7; k++) {
    CHECK_STATUS(bk_beta_ln_predictive(&b, k, 7, &out), BK_OK);
    total += exp(out);
  }
  CHECK_NEAR(total, 1.0, TOL_Q);
  CHECK_STATUS(bk_beta_ln_predictive(&b, 0, 0, &out), BK_OK);
  CHECK_NEAR(out + 1.0, 1.0, TOL_EXACT); /* ln 1 = 0 */

  /* scipy.special.betaln(7, 18) - betaln(4, 11) */
  CHECK_STATUS(bk_beta_ln_marginal(&b, 3.0, 7.0, &out), BK_OK);
  CHECK_NEAR(out, -6.405355595530217, TOL_Q);
  /* Uniform prior, one success: ln B(2,1) - ln B(1,1) = ln(1/2). */
  bk_beta u = {1.0, 1.0};
  CHECK_STATUS(bk_beta_ln_marginal(&u, 1.0, 0.0, &out), BK_OK);
  CHECK_NEAR(out, log(0.5), TOL_EXACT);

  /* observe_batch: non-zero is a success. */
  uint8_t outcomes[6] = {1, 0, 0, 2, 255, 0};
  CHECK_STATUS(bk_beta_observe_batch(&b, outcomes, 6), BK_OK);
  CHECK(b.alpha == 7.0 && b.beta == 14.0);
  CHECK_STATUS(bk_beta_observe_batch(&b, NULL, 0), BK_OK);
  CHECK(b.alpha == 7.0 && b.beta == 14.0);
  /* Fractional update. */
  CHECK_STATUS(bk_beta_update(&b, 0.5, 0.25), BK_OK);
  CHECK(b.alpha == 7.5 && b.beta == 14.25);
  CHECK_STATUS(bk_beta_update(&b, 0.0, 0.0), BK_OK);
  CHECK(b.alpha == 7.5 && b.beta == 14.25);
}

static void test_beta_sampling(void) {
  bk_rng *rng = NULL;
  CHECK_STATUS(bk_rng_new(2024, &rng), BK_OK);
  bk_beta b = {2.0, 3.0};
  enum { N = 20000 };
  double *xs = malloc(N * sizeof *xs);
  CHECK(xs != NULL);
  if (!xs) {
    bk_rng_free(rng);
    return;
  }
  CHECK_STATUS(bk_beta_sample(&b, rng, xs, N), BK_OK);
  double sum = 0.0, sq = 0.0;
  int in_range = 1;
  for (int i = 0; i < N; i++) {
    sum += xs[i];
    sq += xs[i] * xs[i];
    if (!(xs[i] > 0.0 && xs[i] < 1.0)) in_range = 0;
  }
  CHECK(in_range);
  double mean = sum / N;
  CHECK(fabs(mean - 0.4) < 0.01);
  CHECK(fabs(sq / N - mean * mean - 0.04) < 0.004); /* var = 6/(25*6) = 0.04 */
  /* n = 0 with NULL out is a valid no-op. */
  CHECK_STATUS(bk_beta_sample(&b, rng, NULL, 0), BK_OK);
  free(xs);
  bk_rng_free(rng);
}

static void test_beta_compare(void) {
  /* A: 20 / 1000, B: 30 / 1000, uniform priors. */
  bk_beta a = {21.0, 981.0}, b = {31.0, 971.0};
  bk_comparison c = {.struct_size = sizeof(bk_comparison)};
  FILL_RESULT(c);
  /* scipy.integrate.quad of f_A(x) * beta.sf(x, 31, 971) and of the loss integrands */
  CHECK_STATUS(bk_beta_compare(&a, &b, &c), BK_OK);
  CHECK_NEAR(c.prob_b_greater, 0.9222933087101983, TOL_Q);
  CHECK_NEAR(c.expected_loss_a, 0.010229284511301968, 1e-7);
  CHECK_NEAR(c.expected_loss_b, 0.0002492445911422888, 1e-6);
  /* E[(B-A)+] - E[(A-B)+] = E[B] - E[A] exactly. */
  CHECK_NEAR(c.expected_loss_a - c.expected_loss_b, 10.0 / 1002.0, 1e-8);
  /* Swapping the arms gives the complement. */
  bk_comparison s = {.struct_size = sizeof(bk_comparison)};
  CHECK_STATUS(bk_beta_compare(&b, &a, &s), BK_OK);
  CHECK_NEAR(s.prob_b_greater, 1.0 - 0.9222933087101983, 1e-7);
  CHECK_NEAR(s.expected_loss_a, c.expected_loss_b, 1e-6);
  CHECK_NEAR(s.expected_loss_b, c.expected_loss_a, 1e-7);
  /* Identical arms: 1/2 by symmetry. */
  CHECK_STATUS(bk_beta_compare(&a, &a, &s), BK_OK);
  CHECK_NEAR(s.prob_b_greater, 0.5, 1e-8);
  CHECK_NEAR(s.expected_loss_a, s.expected_loss_b, 1e-6);

  /* Non-integer shapes. */
  bk_beta af = {20.5, 980.5}, bf = {30.5, 970.5};
  CHECK_STATUS(bk_beta_compare(&af, &bf, &c), BK_OK);
  CHECK_NEAR(c.prob_b_greater, 0.9242983443016409, TOL_Q);
  CHECK_NEAR(c.expected_loss_a, 0.010229647684683929, 1e-7);
  CHECK_NEAR(c.expected_loss_b, 0.00023963769467393546, 1e-6);

  /* Monte Carlo agrees with the exact answer and is reproducible by seed. */
  bk_rng *r1 = NULL, *r2 = NULL;
  CHECK_STATUS(bk_rng_new(7, &r1), BK_OK);
  CHECK_STATUS(bk_rng_new(7, &r2), BK_OK);
  bk_comparison m1 = {.struct_size = sizeof(bk_comparison)}, m2 = {.struct_size = sizeof(bk_comparison)};
  FILL_RESULT(m1);
  memset(&m2, 0, sizeof m2);
  m2.struct_size = sizeof m2;
  CHECK_STATUS(bk_beta_compare_mc(&a, &b, 200000, r1, &m1), BK_OK);
  CHECK_STATUS(bk_beta_compare_mc(&a, &b, 200000, r2, &m2), BK_OK);
  CHECK(same_comparison(&m1, &m2));
  CHECK(fabs(m1.prob_b_greater - 0.9222933087101983) < 0.005);
  CHECK(fabs(m1.expected_loss_a - 0.010229284511301968) < 0.0005);
  CHECK(fabs(m1.expected_loss_b - 0.0002492445911422888) < 0.0001);
  bk_rng_free(r1);
  bk_rng_free(r2);

  /* Lift theta_B / theta_A - 1: brentq on the quad of f_A(x) F_B((1+q) x). */
  double q = SENTINEL;
  CHECK_STATUS(bk_beta_lift_quantile(&a, &b, 0.5, &q), BK_OK);
  CHECK_NEAR(q, 0.4837307983510991, TOL_Q);
  CHECK_STATUS(bk_beta_lift_quantile(&a, &b, 0.05, &q), BK_OK);
  CHECK_NEAR(q, -0.059956399790618516, 1e-7);
  CHECK_STATUS(bk_beta_lift_quantile(&a, &b, 0.95, &q), BK_OK);
  CHECK_NEAR(q, 1.3761577732119938, TOL_Q);
}

static void test_beta_errors(void) {
  const double bad[] = {0.0, -1.0, NAN, INFINITY, -INFINITY};
  const size_t nbad = sizeof bad / sizeof bad[0];
  bk_beta good = {4.0, 11.0};
  bk_beta b;
  double out, lo, hi;

  /* init: invalid parameters and NULL out; *out untouched. */
  for (size_t i = 0; i < nbad; i++) {
    b.alpha = b.beta = SENTINEL;
    CHECK_FAIL(bk_beta_init(bad[i], 1.0, &b), BK_ERR_INVALID_ARGUMENT);
    CHECK_FAIL(bk_beta_init(1.0, bad[i], &b), BK_ERR_INVALID_ARGUMENT);
    CHECK(b.alpha == SENTINEL && b.beta == SENTINEL);
  }
  CHECK_FAIL(bk_beta_init(1.0, 1.0, NULL), BK_ERR_NULL_POINTER);

  /* NULL pointers everywhere. */
  uint8_t one = 1;
  bk_comparison c = {.struct_size = sizeof(bk_comparison)}, c0 = {.struct_size = sizeof(bk_comparison)};
  FILL_RESULT(c);
  memcpy(&c0, &c, sizeof c);
  bk_rng *rng = NULL;
  CHECK_STATUS(bk_rng_new(1, &rng), BK_OK);
  out = SENTINEL;
  CHECK_FAIL(bk_beta_update(NULL, 1.0, 1.0), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_beta_observe_batch(NULL, &one, 1), BK_ERR_NULL_POINTER);
  b = good;
  CHECK_FAIL(bk_beta_observe_batch(&b, NULL, 3), BK_ERR_NULL_POINTER);
  CHECK(same_bytes(&b, &good, sizeof b));
  CHECK_FAIL(bk_beta_mean(NULL, &out), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_beta_mean(&good, NULL), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_beta_variance(NULL, &out), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_beta_variance(&good, NULL), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_beta_mode(NULL, &out), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_beta_mode(&good, NULL), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_beta_cdf(NULL, 0.5, &out), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_beta_cdf(&good, 0.5, NULL), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_beta_quantile(NULL, 0.5, &out), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_beta_quantile(&good, 0.5, NULL), BK_ERR_NULL_POINTER);
  lo = hi = SENTINEL;
  CHECK_FAIL(bk_beta_interval(NULL, 0.9, &lo, &hi), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_beta_interval(&good, 0.9, NULL, &hi), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_beta_interval(&good, 0.9, &lo, NULL), BK_ERR_NULL_POINTER);
  CHECK(lo == SENTINEL && hi == SENTINEL);
  CHECK_FAIL(bk_beta_ln_predictive(NULL, 1, 2, &out), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_beta_ln_predictive(&good, 1, 2, NULL), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_beta_ln_marginal(NULL, 1.0, 1.0, &out), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_beta_ln_marginal(&good, 1.0, 1.0, NULL), BK_ERR_NULL_POINTER);
  double draws[4] = {SENTINEL, SENTINEL, SENTINEL, SENTINEL};
  CHECK_FAIL(bk_beta_sample(NULL, rng, draws, 4), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_beta_sample(&good, NULL, draws, 4), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_beta_sample(&good, rng, NULL, 4), BK_ERR_NULL_POINTER);
  CHECK(draws[0] == SENTINEL && draws[3] == SENTINEL);
  CHECK_FAIL(bk_beta_compare(NULL, &good, &c), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_beta_compare(&good, NULL, &c), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_beta_compare(&good, &good, NULL), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_beta_compare_mc(NULL, &good, 10, rng, &c), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_beta_compare_mc(&good, NULL, 10, rng, &c), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_beta_compare_mc(&good, &good, 10, NULL, &c), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_beta_compare_mc(&good, &good, 10, rng, NULL), BK_ERR_NULL_POINTER);
  CHECK(same_bytes(&c, &c0, sizeof c));
  CHECK_FAIL(bk_beta_lift_quantile(NULL, &good, 0.5, &out), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_beta_lift_quantile(&good, NULL, 0.5, &out), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_beta_lift_quantile(&good, &good, 0.5, NULL), BK_ERR_NULL_POINTER);
  CHECK(out == SENTINEL);

  /* Hand-filled invalid structs: every function rejects them, outputs untouched. */
  const bk_beta invalid[] = {{0.0, 1.0},      {1.0, 0.0},  {-2.0, 3.0}, {3.0, -2.0},
                             {NAN, 1.0},      {1.0, NAN},  {INFINITY, 1.0},
                             {1.0, INFINITY}, {-INFINITY, 1.0}};
  for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
    const bk_beta *bad_b = &invalid[i];
    out = lo = hi = SENTINEL;
    draws[0] = SENTINEL;
    b = *bad_b;
    CHECK_FAIL(bk_beta_update(&b, 1.0, 1.0), BK_ERR_INVALID_ARGUMENT);
    CHECK(same_bytes(&b, bad_b, sizeof b));
    CHECK_FAIL(bk_beta_observe_batch(&b, &one, 1), BK_ERR_INVALID_ARGUMENT);
    CHECK(same_bytes(&b, bad_b, sizeof b));
    CHECK_FAIL(bk_beta_mean(bad_b, &out), BK_ERR_INVALID_ARGUMENT);
    CHECK_FAIL(bk_beta_variance(bad_b, &out), BK_ERR_INVALID_ARGUMENT);
    CHECK_FAIL(bk_beta_mode(bad_b, &out), BK_ERR_INVALID_ARGUMENT);
    CHECK_FAIL(bk_beta_cdf(bad_b, 0.5, &out), BK_ERR_INVALID_ARGUMENT);
    CHECK_FAIL(bk_beta_quantile(bad_b, 0.5, &out), BK_ERR_INVALID_ARGUMENT);
    CHECK_FAIL(bk_beta_interval(bad_b, 0.9, &lo, &hi), BK_ERR_INVALID_ARGUMENT);
    CHECK_FAIL(bk_beta_ln_predictive(bad_b, 1, 2, &out), BK_ERR_INVALID_ARGUMENT);
    CHECK_FAIL(bk_beta_ln_marginal(bad_b, 1.0, 1.0, &out), BK_ERR_INVALID_ARGUMENT);
    CHECK_FAIL(bk_beta_sample(bad_b, rng, draws, 1), BK_ERR_INVALID_ARGUMENT);
    CHECK_FAIL(bk_beta_compare(bad_b, &good, &c), BK_ERR_INVALID_ARGUMENT);
    CHECK_FAIL(bk_beta_compare(&good, bad_b, &c), BK_ERR_INVALID_ARGUMENT);
    CHECK_FAIL(bk_beta_compare_mc(bad_b, &good, 10, rng, &c), BK_ERR_INVALID_ARGUMENT);
    CHECK_FAIL(bk_beta_compare_mc(&good, bad_b, 10, rng, &c), BK_ERR_INVALID_ARGUMENT);
    CHECK_FAIL(bk_beta_lift_quantile(bad_b, &good, 0.5, &out), BK_ERR_INVALID_ARGUMENT);
    CHECK_FAIL(bk_beta_lift_quantile(&good, bad_b, 0.5, &out), BK_ERR_INVALID_ARGUMENT);
    CHECK(out == SENTINEL && lo == SENTINEL && hi == SENTINEL && draws[0] == SENTINEL);
    CHECK(same_bytes(&c, &c0, sizeof c));
  }

  /* Bad arguments with a valid struct; struct and outputs untouched. */
  for (size_t i = 1; i < nbad; i++) { /* negative / NaN / inf counts */
    b = good;
    CHECK_FAIL(bk_beta_update(&b, bad[i], 1.0), BK_ERR_INVALID_ARGUMENT);
    CHECK_FAIL(bk_beta_update(&b, 1.0, bad[i]), BK_ERR_INVALID_ARGUMENT);
    CHECK(same_bytes(&b, &good, sizeof b));
    out = SENTINEL;
    CHECK_FAIL(bk_beta_ln_marginal(&good, bad[i], 1.0, &out), BK_ERR_INVALID_ARGUMENT);
    CHECK_FAIL(bk_beta_ln_marginal(&good, 1.0, bad[i], &out), BK_ERR_INVALID_ARGUMENT);
    CHECK(out == SENTINEL);
  }
  /* An update that would overflow to +inf is rejected. */
  bk_beta huge = {1.5e308, 1.0};
  b = huge;
  CHECK_FAIL(bk_beta_update(&b, 1e308, 0.0), BK_ERR_INVALID_ARGUMENT);
  CHECK(same_bytes(&b, &huge, sizeof b));

  out = SENTINEL;
  const double bad_p[] = {-0.1, 1.1, NAN, INFINITY, -INFINITY, -1e-300};
  for (size_t i = 0; i < sizeof bad_p / sizeof bad_p[0]; i++) {
    CHECK_FAIL(bk_beta_quantile(&good, bad_p[i], &out), BK_ERR_INVALID_ARGUMENT);
    CHECK_FAIL(bk_beta_lift_quantile(&good, &good, bad_p[i], &out), BK_ERR_INVALID_ARGUMENT);
  }
  CHECK_FAIL(bk_beta_lift_quantile(&good, &good, 0.0, &out), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_beta_lift_quantile(&good, &good, 1.0, &out), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_beta_cdf(&good, NAN, &out), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_beta_cdf(&good, INFINITY, &out), BK_ERR_INVALID_ARGUMENT);
  CHECK(out == SENTINEL);

  const double bad_level[] = {0.0, 1.0, -0.5, 1.5, NAN, INFINITY};
  lo = hi = SENTINEL;
  for (size_t i = 0; i < sizeof bad_level / sizeof bad_level[0]; i++) {
    CHECK_FAIL(bk_beta_interval(&good, bad_level[i], &lo, &hi), BK_ERR_INVALID_ARGUMENT);
  }
  CHECK(lo == SENTINEL && hi == SENTINEL);

  /* No unique mode for alpha <= 1 and beta <= 1. */
  bk_beta flat = {1.0, 1.0}, ushape = {0.5, 0.5};
  CHECK_FAIL(bk_beta_mode(&flat, &out), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_beta_mode(&ushape, &out), BK_ERR_INVALID_ARGUMENT);
  /* k > n */
  CHECK_FAIL(bk_beta_ln_predictive(&good, 3, 2, &out), BK_ERR_INVALID_ARGUMENT);
  CHECK(out == SENTINEL);
  /* zero Monte Carlo draws */
  CHECK_FAIL(bk_beta_compare_mc(&good, &good, 0, rng, &c), BK_ERR_INVALID_ARGUMENT);
  CHECK(same_bytes(&c, &c0, sizeof c));

  bk_rng_free(rng);
}

/* ------------------------------------------------------------ Gamma */

static void test_gamma_values(void) {
  bk_gamma g = {SENTINEL, SENTINEL};
  double out, lo, hi;

  /* Gamma(1, 1) prior, 12 events in 4 days -> Gamma(13, 5). */
  CHECK_STATUS(bk_gamma_init(1.0, 1.0, &g), BK_OK);
  CHECK(g.shape == 1.0 && g.rate == 1.0);
  CHECK_STATUS(bk_gamma_update(&g, 12.0, 4.0), BK_OK);
  CHECK(g.shape == 13.0 && g.rate == 5.0);

  CHECK_STATUS(bk_gamma_mean(&g, &out), BK_OK);
  CHECK_NEAR(out, 13.0 / 5.0, TOL_EXACT);
  CHECK_STATUS(bk_gamma_variance(&g, &out), BK_OK);
  CHECK_NEAR(out, 13.0 / 25.0, TOL_EXACT);
  CHECK_STATUS(bk_gamma_mode(&g, &out), BK_OK);
  CHECK_NEAR(out, 12.0 / 5.0, TOL_EXACT);
  bk_gamma small = {0.5, 2.0};
  CHECK_STATUS(bk_gamma_mode(&small, &out), BK_OK);
  CHECK(out == 0.0);

  /* scipy.stats.gamma(13, scale=1/5) */
  CHECK_STATUS(bk_gamma_cdf(&g, 2.0, &out), BK_OK);
  CHECK_NEAR(out, 0.20844352360512552, TOL_Q);
  CHECK_STATUS(bk_gamma_cdf(&g, -1.0, &out), BK_OK);
  CHECK(out == 0.0);
  CHECK_STATUS(bk_gamma_quantile(&g, 0.025, &out), BK_OK);
  CHECK_NEAR(out, 1.3843904982007604, TOL_Q);
  CHECK_STATUS(bk_gamma_quantile(&g, 0.975, &out), BK_OK);
  CHECK_NEAR(out, 4.192317009635392, TOL_Q);
  CHECK_STATUS(bk_gamma_quantile(&g, 0.5, &out), BK_OK);
  CHECK_NEAR(out, 2.5336458117477267, TOL_Q);
  CHECK_STATUS(bk_gamma_quantile(&g, 0.0, &out), BK_OK);
  CHECK(out == 0.0);
  CHECK_STATUS(bk_gamma_quantile(&g, 1.0, &out), BK_OK);
  CHECK(isinf(out) && out > 0);
  lo = hi = SENTINEL;
  CHECK_STATUS(bk_gamma_interval(&g, 0.95, &lo, &hi), BK_OK);
  CHECK_NEAR(lo, 1.3843904982007604, TOL_Q);
  CHECK_NEAR(hi, 4.192317009635392, TOL_Q);

  /* Exponential: F^-1(p) = -ln(1 - p) / rate, F(x) = 1 - exp(-rate x). */
  bk_gamma ex = {1.0, 2.5};
  CHECK_STATUS(bk_gamma_quantile(&ex, 0.3, &out), BK_OK);
  CHECK_NEAR(out, -log1p(-0.3) / 2.5, TOL_Q);
  CHECK_STATUS(bk_gamma_cdf(&ex, 0.4, &out), BK_OK);
  CHECK_NEAR(out, -expm1(-1.0), TOL_Q);
  /* Small shape: scipy.stats.gamma.ppf(0.01, 0.5, scale=0.5) */
  CHECK_STATUS(bk_gamma_quantile(&small, 0.01, &out), BK_OK);
  CHECK_NEAR(out, 3.927196447742546e-05, TOL_Q);

  /* scipy.stats.nbinom.logpmf(3, 13, 5/7): 3 events over exposure 2 */
  CHECK_STATUS(bk_gamma_ln_predictive(&g, 3, 2.0, &out), BK_OK);
  CHECK_NEAR(out, -2.012130562610917, TOL_Q);
  /* k = 0: (b / (b + t))^a exactly */
  CHECK_STATUS(bk_gamma_ln_predictive(&g, 0, 2.0, &out), BK_OK);
  CHECK_NEAR(out, 13.0 * log(5.0 / 7.0), TOL_EXACT);

  /* Gamma(2, 1) prior, counts {3, 5, 0} over {1, 2, 0.5}: closed form, and
   * scipy.integrate.quad of prior * prod Poisson pmf agrees (-5.352461796891643). */
  bk_gamma prior = {2.0, 1.0};
  const double counts[3] = {3.0, 5.0, 0.0}, expo[3] = {1.0, 2.0, 0.5};
  CHECK_STATUS(bk_gamma_ln_marginal(&prior, counts, expo, 3, &out), BK_OK);
  CHECK_NEAR(out, -5.352461796891648, TOL_Q);
  CHECK_STATUS(bk_gamma_ln_marginal(&prior, NULL, NULL, 0, &out), BK_OK);
  CHECK_NEAR(out + 1.0, 1.0, TOL_EXACT);

  bk_gamma gb = prior;
  CHECK_STATUS(bk_gamma_update_batch(&gb, counts, expo, 3), BK_OK);
  CHECK(gb.shape == 10.0 && gb.rate == 4.5);
  CHECK_STATUS(bk_gamma_update_batch(&gb, NULL, NULL, 0), BK_OK);
  CHECK(gb.shape == 10.0 && gb.rate == 4.5);
  CHECK_STATUS(bk_gamma_update(&gb, 0.0, 0.0), BK_OK);
  CHECK(gb.shape == 10.0 && gb.rate == 4.5);

  /* Sampling */
  bk_rng *r1 = NULL, *r2 = NULL;
  CHECK_STATUS(bk_rng_new(99, &r1), BK_OK);
  CHECK_STATUS(bk_rng_new(99, &r2), BK_OK);
  enum { N = 20000 };
  double *xs = malloc(N * sizeof *xs), *ys = malloc(N * sizeof *ys);
  CHECK(xs && ys);
  if (xs && ys) {
    CHECK_STATUS(bk_gamma_sample(&g, r1, xs, N), BK_OK);
    CHECK_STATUS(bk_gamma_sample(&g, r2, ys, N), BK_OK);
    CHECK(same_bytes(xs, ys, N * sizeof *xs));
    double sum = 0.0;
    int pos = 1;
    for (int i = 0; i < N; i++) {
      sum += xs[i];
      if (!(xs[i] > 0.0)) pos = 0;
    }
    CHECK(pos);
    CHECK(fabs(sum / N - 2.6) < 0.03); /* sd of the mean ~ 0.0051 */
  }
  free(xs);
  free(ys);
  CHECK_STATUS(bk_gamma_sample(&g, r1, NULL, 0), BK_OK);

  /* Compare: P(X_B > X_A) = I_{1/2}(100, 120) = scipy.stats.beta.cdf(0.5, 100, 120). */
  bk_gamma a = {100.0, 10.0}, b = {120.0, 10.0};
  bk_comparison c = {.struct_size = sizeof(bk_comparison)};
  FILL_RESULT(c);
  CHECK_STATUS(bk_gamma_compare(&a, &b, &c), BK_OK);
  CHECK_NEAR(c.prob_b_greater, 0.9117960627949818, TOL_Q);
  /* scipy.integrate.quad of the loss integrands */
  CHECK_NEAR(c.expected_loss_a, 2.060435671772309, 1e-8);
  CHECK_NEAR(c.expected_loss_b, 0.060435671772309935, 1e-7);
  CHECK_NEAR(c.expected_loss_a - c.expected_loss_b, 2.0, 1e-9);
  bk_comparison m1 = {.struct_size = sizeof(bk_comparison)}, m2 = {.struct_size = sizeof(bk_comparison)};
  memset(&m1, 0, sizeof m1);
  m1.struct_size = sizeof m1;
  memset(&m2, 1, sizeof m2);
  m2.struct_size = sizeof m2;
  bk_rng *r3 = NULL;
  CHECK_STATUS(bk_rng_new(5, &r3), BK_OK);
  bk_rng_free(r2);
  r2 = NULL;
  CHECK_STATUS(bk_rng_new(5, &r2), BK_OK);
  CHECK_STATUS(bk_gamma_compare_mc(&a, &b, 100000, r2, &m1), BK_OK);
  CHECK_STATUS(bk_gamma_compare_mc(&a, &b, 100000, r3, &m2), BK_OK);
  CHECK(same_comparison(&m1, &m2));
  CHECK(fabs(m1.prob_b_greater - 0.9117960627949818) < 0.005);
  CHECK(fabs(m1.expected_loss_a - 2.060435671772309) < 0.03);
  CHECK(fabs(m1.expected_loss_b - 0.060435671772309935) < 0.01);

  /* Lift: X_B / X_A = (b_A / b_B) * BetaPrime(a_B, a_A); scipy.stats.betaprime.ppf - 1. */
  double q = SENTINEL;
  CHECK_STATUS(bk_gamma_lift_quantile(&a, &b, 0.5, &q), BK_OK);
  CHECK_NEAR(q, 0.20066807392807084, TOL_Q);
  CHECK_STATUS(bk_gamma_lift_quantile(&a, &b, 0.05, &q), BK_OK);
  CHECK_NEAR(q, -0.03879717890253098, 1e-7);
  CHECK_STATUS(bk_gamma_lift_quantile(&a, &b, 0.95, &q), BK_OK);
  CHECK_NEAR(q, 0.502059624050708, TOL_Q);

  bk_rng_free(r1);
  bk_rng_free(r2);
  bk_rng_free(r3);
}

static void test_gamma_errors(void) {
  const double bad[] = {0.0, -1.0, NAN, INFINITY, -INFINITY};
  const size_t nbad = sizeof bad / sizeof bad[0];
  bk_gamma good = {13.0, 5.0};
  bk_gamma g;
  double out = SENTINEL, lo = SENTINEL, hi = SENTINEL;
  bk_comparison c = {.struct_size = sizeof(bk_comparison)}, c0 = {.struct_size = sizeof(bk_comparison)};
  FILL_RESULT(c);
  memcpy(&c0, &c, sizeof c);
  bk_rng *rng = NULL;
  CHECK_STATUS(bk_rng_new(3, &rng), BK_OK);

  for (size_t i = 0; i < nbad; i++) {
    g.shape = g.rate = SENTINEL;
    CHECK_FAIL(bk_gamma_init(bad[i], 1.0, &g), BK_ERR_INVALID_ARGUMENT);
    CHECK_FAIL(bk_gamma_init(1.0, bad[i], &g), BK_ERR_INVALID_ARGUMENT);
    CHECK(g.shape == SENTINEL && g.rate == SENTINEL);
  }
  CHECK_FAIL(bk_gamma_init(1.0, 1.0, NULL), BK_ERR_NULL_POINTER);

  const double one = 1.0;
  double draws[2] = {SENTINEL, SENTINEL};
  CHECK_FAIL(bk_gamma_update(NULL, 1.0, 1.0), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_gamma_update_batch(NULL, &one, &one, 1), BK_ERR_NULL_POINTER);
  g = good;
  CHECK_FAIL(bk_gamma_update_batch(&g, NULL, &one, 1), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_gamma_update_batch(&g, &one, NULL, 1), BK_ERR_NULL_POINTER);
  CHECK(same_bytes(&g, &good, sizeof g));
  CHECK_FAIL(bk_gamma_mean(NULL, &out), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_gamma_mean(&good, NULL), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_gamma_variance(NULL, &out), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_gamma_variance(&good, NULL), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_gamma_mode(NULL, &out), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_gamma_mode(&good, NULL), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_gamma_cdf(NULL, 1.0, &out), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_gamma_cdf(&good, 1.0, NULL), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_gamma_quantile(NULL, 0.5, &out), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_gamma_quantile(&good, 0.5, NULL), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_gamma_interval(NULL, 0.9, &lo, &hi), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_gamma_interval(&good, 0.9, NULL, &hi), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_gamma_interval(&good, 0.9, &lo, NULL), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_gamma_ln_predictive(NULL, 1, 1.0, &out), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_gamma_ln_predictive(&good, 1, 1.0, NULL), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_gamma_ln_marginal(NULL, &one, &one, 1, &out), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_gamma_ln_marginal(&good, NULL, &one, 1, &out), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_gamma_ln_marginal(&good, &one, NULL, 1, &out), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_gamma_ln_marginal(&good, &one, &one, 1, NULL), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_gamma_sample(NULL, rng, draws, 2), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_gamma_sample(&good, NULL, draws, 2), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_gamma_sample(&good, rng, NULL, 2), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_gamma_compare(NULL, &good, &c), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_gamma_compare(&good, NULL, &c), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_gamma_compare(&good, &good, NULL), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_gamma_compare_mc(NULL, &good, 10, rng, &c), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_gamma_compare_mc(&good, NULL, 10, rng, &c), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_gamma_compare_mc(&good, &good, 10, NULL, &c), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_gamma_compare_mc(&good, &good, 10, rng, NULL), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_gamma_lift_quantile(NULL, &good, 0.5, &out), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_gamma_lift_quantile(&good, NULL, 0.5, &out), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_gamma_lift_quantile(&good, &good, 0.5, NULL), BK_ERR_NULL_POINTER);
  CHECK(out == SENTINEL && lo == SENTINEL && hi == SENTINEL);
  CHECK(draws[0] == SENTINEL && draws[1] == SENTINEL);
  CHECK(same_bytes(&c, &c0, sizeof c));

  const bk_gamma invalid[] = {{0.0, 1.0}, {1.0, 0.0},      {-1.0, 1.0},     {1.0, -1.0},
                              {NAN, 1.0}, {1.0, NAN},      {INFINITY, 1.0}, {1.0, INFINITY},
                              {1.0, -INFINITY}};
  for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
    const bk_gamma *bg = &invalid[i];
    g = *bg;
    CHECK_FAIL(bk_gamma_update(&g, 1.0, 1.0), BK_ERR_INVALID_ARGUMENT);
    CHECK(same_bytes(&g, bg, sizeof g));
    CHECK_FAIL(bk_gamma_update_batch(&g, &one, &one, 1), BK_ERR_INVALID_ARGUMENT);
    CHECK(same_bytes(&g, bg, sizeof g));
    CHECK_FAIL(bk_gamma_mean(bg, &out), BK_ERR_INVALID_ARGUMENT);
    CHECK_FAIL(bk_gamma_variance(bg, &out), BK_ERR_INVALID_ARGUMENT);
    CHECK_FAIL(bk_gamma_mode(bg, &out), BK_ERR_INVALID_ARGUMENT);
    CHECK_FAIL(bk_gamma_cdf(bg, 1.0, &out), BK_ERR_INVALID_ARGUMENT);
    CHECK_FAIL(bk_gamma_quantile(bg, 0.5, &out), BK_ERR_INVALID_ARGUMENT);
    CHECK_FAIL(bk_gamma_interval(bg, 0.9, &lo, &hi), BK_ERR_INVALID_ARGUMENT);
    CHECK_FAIL(bk_gamma_ln_predictive(bg, 1, 1.0, &out), BK_ERR_INVALID_ARGUMENT);
    CHECK_FAIL(bk_gamma_ln_marginal(bg, &one, &one, 1, &out), BK_ERR_INVALID_ARGUMENT);
    CHECK_FAIL(bk_gamma_sample(bg, rng, draws, 1), BK_ERR_INVALID_ARGUMENT);
    CHECK_FAIL(bk_gamma_compare(bg, &good, &c), BK_ERR_INVALID_ARGUMENT);
    CHECK_FAIL(bk_gamma_compare(&good, bg, &c), BK_ERR_INVALID_ARGUMENT);
    CHECK_FAIL(bk_gamma_compare_mc(bg, &good, 10, rng, &c), BK_ERR_INVALID_ARGUMENT);
    CHECK_FAIL(bk_gamma_compare_mc(&good, bg, 10, rng, &c), BK_ERR_INVALID_ARGUMENT);
    CHECK_FAIL(bk_gamma_lift_quantile(bg, &good, 0.5, &out), BK_ERR_INVALID_ARGUMENT);
    CHECK_FAIL(bk_gamma_lift_quantile(&good, bg, 0.5, &out), BK_ERR_INVALID_ARGUMENT);
    CHECK(out == SENTINEL && lo == SENTINEL && hi == SENTINEL && draws[0] == SENTINEL);
    CHECK(same_bytes(&c, &c0, sizeof c));
  }

  for (size_t i = 1; i < nbad; i++) { /* negative / NaN / inf count or exposure */
    g = good;
    CHECK_FAIL(bk_gamma_update(&g, bad[i], 1.0), BK_ERR_INVALID_ARGUMENT);
    CHECK_FAIL(bk_gamma_update(&g, 1.0, bad[i]), BK_ERR_INVALID_ARGUMENT);
    double cs[3] = {1.0, 2.0, 3.0}, es[3] = {1.0, 1.0, 1.0};
    cs[2] = bad[i];
    CHECK_FAIL(bk_gamma_update_batch(&g, cs, es, 3), BK_ERR_INVALID_ARGUMENT);
    CHECK_FAIL(bk_gamma_ln_marginal(&good, cs, es, 3, &out), BK_ERR_INVALID_ARGUMENT);
    cs[2] = 3.0;
    es[1] = bad[i];
    CHECK_FAIL(bk_gamma_update_batch(&g, cs, es, 3), BK_ERR_INVALID_ARGUMENT);
    CHECK_FAIL(bk_gamma_ln_marginal(&good, cs, es, 3, &out), BK_ERR_INVALID_ARGUMENT);
    CHECK(same_bytes(&g, &good, sizeof g));
  }
  /* Exposure in ln_marginal / ln_predictive must be > 0; counts integers. */
  {
    double cs[2] = {1.0, 2.0}, es[2] = {1.0, 0.0};
    CHECK_FAIL(bk_gamma_ln_marginal(&good, cs, es, 2, &out), BK_ERR_INVALID_ARGUMENT);
    es[1] = 1.0;
    cs[1] = 2.5;
    CHECK_FAIL(bk_gamma_ln_marginal(&good, cs, es, 2, &out), BK_ERR_INVALID_ARGUMENT);
  }
  for (size_t i = 0; i < nbad; i++) {
    CHECK_FAIL(bk_gamma_ln_predictive(&good, 1, bad[i], &out), BK_ERR_INVALID_ARGUMENT);
  }
  CHECK(out == SENTINEL);
  /* Overflowing update */
  bk_gamma huge = {1.0, 1.5e308};
  g = huge;
  CHECK_FAIL(bk_gamma_update(&g, 0.0, 1e308), BK_ERR_INVALID_ARGUMENT);
  CHECK(same_bytes(&g, &huge, sizeof g));

  const double bad_p[] = {-0.1, 1.1, NAN, INFINITY, -INFINITY};
  for (size_t i = 0; i < sizeof bad_p / sizeof bad_p[0]; i++) {
    CHECK_FAIL(bk_gamma_quantile(&good, bad_p[i], &out), BK_ERR_INVALID_ARGUMENT);
    CHECK_FAIL(bk_gamma_lift_quantile(&good, &good, bad_p[i], &out), BK_ERR_INVALID_ARGUMENT);
  }
  CHECK_FAIL(bk_gamma_lift_quantile(&good, &good, 0.0, &out), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_gamma_lift_quantile(&good, &good, 1.0, &out), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_gamma_cdf(&good, NAN, &out), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_gamma_cdf(&good, -INFINITY, &out), BK_ERR_INVALID_ARGUMENT);
  CHECK(out == SENTINEL);
  const double bad_level[] = {0.0, 1.0, -0.5, 1.5, NAN, -INFINITY};
  for (size_t i = 0; i < sizeof bad_level / sizeof bad_level[0]; i++) {
    CHECK_FAIL(bk_gamma_interval(&good, bad_level[i], &lo, &hi), BK_ERR_INVALID_ARGUMENT);
  }
  CHECK(lo == SENTINEL && hi == SENTINEL);
  CHECK_FAIL(bk_gamma_compare_mc(&good, &good, 0, rng, &c), BK_ERR_INVALID_ARGUMENT);
  CHECK(same_bytes(&c, &c0, sizeof c));

  bk_rng_free(rng);
}

/* ------------------------------------------------------------ Normal, known variance */

static void test_normal(void) {
  bk_normal_known_var p = {SENTINEL, SENTINEL, SENTINEL};
  double out = SENTINEL, lo = SENTINEL, hi = SENTINEL;

  /* Prior N(0, 10^2), noise sd 1, data {4.8, 5.1, 5.3}:
   * precision 1/100 + 3 = 3.01, mean 15.2 / 3.01, sd 1/sqrt(3.01). */
  CHECK_STATUS(bk_normal_known_var_init(0.0, 10.0, 1.0, &p), BK_OK);
  CHECK(p.mean == 0.0 && p.sd == 10.0 && p.noise_sd == 1.0);
  const double xs[3] = {4.8, 5.1, 5.3};
  /* scipy.stats.multivariate_normal.logpdf(xs, 0, 100 * ones + I) */
  CHECK_STATUS(bk_normal_known_var_ln_marginal(&p, xs, 3, &out), BK_OK);
  CHECK_NEAR(out, -5.801633190460196, TOL_Q);
  CHECK_STATUS(bk_normal_known_var_ln_marginal(&p, NULL, 0, &out), BK_OK);
  CHECK_NEAR(out + 1.0, 1.0, TOL_EXACT);

  CHECK_STATUS(bk_normal_known_var_update_batch(&p, xs, 3), BK_OK);
  const double m = 15.2 / 3.01, s = 1.0 / sqrt(3.01);
  CHECK_NEAR(p.mean, m, TOL_EXACT);
  CHECK_NEAR(p.sd, s, TOL_EXACT);
  CHECK(p.noise_sd == 1.0);
  bk_normal_known_var before = p;
  CHECK_STATUS(bk_normal_known_var_update_batch(&p, NULL, 0), BK_OK);
  CHECK(same_bytes(&p, &before, sizeof p));

  /* norm.ppf(0.975) = 1.959963984540054 */
  CHECK_STATUS(bk_normal_known_var_quantile(&p, 0.975, &out), BK_OK);
  CHECK_NEAR(out, 6.1795383467774885, TOL_Q);
  CHECK_NEAR(out, m + s * 1.959963984540054, TOL_Q);
  CHECK_STATUS(bk_normal_known_var_quantile(&p, 0.5, &out), BK_OK);
  CHECK_NEAR(out, m, TOL_Q);
  CHECK_STATUS(bk_normal_known_var_quantile(&p, 0.0, &out), BK_OK);
  CHECK(isinf(out) && out < 0);
  CHECK_STATUS(bk_normal_known_var_quantile(&p, 1.0, &out), BK_OK);
  CHECK(isinf(out) && out > 0);
  CHECK_STATUS(bk_normal_known_var_interval(&p, 0.95, &lo, &hi), BK_OK);
  CHECK_NEAR(lo, 3.9201294273088907, TOL_Q);
  CHECK_NEAR(hi, 6.1795383467774885, TOL_Q);
  /* scipy.stats.norm.logpdf(5, m, sqrt(s^2 + 1)) */
  CHECK_STATUS(bk_normal_known_var_ln_predictive(&p, 5.0, &out), BK_OK);
  CHECK_NEAR(out, -1.0632961697274694, TOL_Q);
  {
    double v = s * s + 1.0;
    CHECK_NEAR(out, -0.5 * log(2.0 * PI * v) - (5.0 - m) * (5.0 - m) / (2.0 * v), TOL_EXACT);
  }

  /* update_stats: prior N(1, 2^2), noise 2, two values averaging 3:
   * precision 1/4 + 2/4 = 3/4, mean (1/4 + 6/4) / (3/4) = 7/3. */
  bk_normal_known_var q;
  CHECK_STATUS(bk_normal_known_var_init(1.0, 2.0, 2.0, &q), BK_OK);
  CHECK_STATUS(bk_normal_known_var_update_stats(&q, 2.0, 3.0), BK_OK);
  CHECK_NEAR(q.mean, 7.0 / 3.0, TOL_EXACT);
  CHECK_NEAR(q.sd, 1.0 / sqrt(0.75), TOL_EXACT);
  CHECK(q.noise_sd == 2.0);
  before = q;
  CHECK_STATUS(bk_normal_known_var_update_stats(&q, 0.0, 100.0), BK_OK);
  CHECK_NEAR(q.mean, before.mean, TOL_EXACT);
  CHECK_NEAR(q.sd, before.sd, TOL_EXACT);

  /* Sampling */
  bk_rng *r1 = NULL, *r2 = NULL;
  CHECK_STATUS(bk_rng_new(11, &r1), BK_OK);
  CHECK_STATUS(bk_rng_new(11, &r2), BK_OK);
  enum { N = 20000 };
  double *a = malloc(N * sizeof *a), *b = malloc(N * sizeof *b);
  CHECK(a && b);
  if (a && b) {
    CHECK_STATUS(bk_normal_known_var_sample(&p, r1, a, N), BK_OK);
    CHECK_STATUS(bk_normal_known_var_sample(&p, r2, b, N), BK_OK);
    CHECK(same_bytes(a, b, N * sizeof *a));
    double sum = 0.0, sq = 0.0;
    for (int i = 0; i < N; i++) {
      sum += a[i];
      sq += a[i] * a[i];
    }
    double mean = sum / N;
    CHECK(fabs(mean - m) < 0.02); /* sd of the mean ~ 0.004 */
    CHECK(fabs(sqrt(sq / N - mean * mean) - s) < 0.02);
  }
  free(a);
  free(b);
  CHECK_STATUS(bk_normal_known_var_sample(&p, r1, NULL, 0), BK_OK);

  /* ---- errors */
  const double bad_pos[] = {0.0, -1.0, NAN, INFINITY, -INFINITY};
  for (size_t i = 0; i < sizeof bad_pos / sizeof bad_pos[0]; i++) {
    bk_normal_known_var z = {SENTINEL, SENTINEL, SENTINEL};
    CHECK_FAIL(bk_normal_known_var_init(0.0, bad_pos[i], 1.0, &z), BK_ERR_INVALID_ARGUMENT);
    CHECK_FAIL(bk_normal_known_var_init(0.0, 1.0, bad_pos[i], &z), BK_ERR_INVALID_ARGUMENT);
    if (i >= 2) CHECK_FAIL(bk_normal_known_var_init(bad_pos[i], 1.0, 1.0, &z), BK_ERR_INVALID_ARGUMENT);
    CHECK(z.mean == SENTINEL && z.sd == SENTINEL && z.noise_sd == SENTINEL);
  }
  CHECK_FAIL(bk_normal_known_var_init(0.0, 1.0, 1.0, NULL), BK_ERR_NULL_POINTER);

  out = lo = hi = SENTINEL;
  double draws[2] = {SENTINEL, SENTINEL};
  const double one = 1.0;
  CHECK_FAIL(bk_normal_known_var_update_batch(NULL, xs, 3), BK_ERR_NULL_POINTER);
  before = p;
  CHECK_FAIL(bk_normal_known_var_update_batch(&p, NULL, 3), BK_ERR_NULL_POINTER);
  CHECK(same_bytes(&p, &before, sizeof p));
  CHECK_FAIL(bk_normal_known_var_update_stats(NULL, 1.0, 1.0), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_normal_known_var_quantile(NULL, 0.5, &out), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_normal_known_var_quantile(&p, 0.5, NULL), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_normal_known_var_interval(NULL, 0.9, &lo, &hi), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_normal_known_var_interval(&p, 0.9, NULL, &hi), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_normal_known_var_interval(&p, 0.9, &lo, NULL), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_normal_known_var_ln_predictive(NULL, 1.0, &out), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_normal_known_var_ln_predictive(&p, 1.0, NULL), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_normal_known_var_ln_marginal(NULL, &one, 1, &out), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_normal_known_var_ln_marginal(&p, NULL, 1, &out), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_normal_known_var_ln_marginal(&p, &one, 1, NULL), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_normal_known_var_sample(NULL, r1, draws, 2), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_normal_known_var_sample(&p, NULL, draws, 2), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_normal_known_var_sample(&p, r1, NULL, 2), BK_ERR_NULL_POINTER);
  CHECK(out == SENTINEL && lo == SENTINEL && hi == SENTINEL && draws[0] == SENTINEL);

  const bk_normal_known_var invalid[] = {
      {NAN, 1.0, 1.0}, {INFINITY, 1.0, 1.0}, {0.0, 0.0, 1.0}, {0.0, -1.0, 1.0},
      {0.0, NAN, 1.0}, {0.0, INFINITY, 1.0}, {0.0, 1.0, 0.0}, {0.0, 1.0, -1.0},
      {0.0, 1.0, NAN}, {0.0, 1.0, INFINITY}};
  for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
    const bk_normal_known_var *bn = &invalid[i];
    bk_normal_known_var z = *bn;
    CHECK_FAIL(bk_normal_known_var_update_batch(&z, xs, 3), BK_ERR_INVALID_ARGUMENT);
    CHECK(same_bytes(&z, bn, sizeof z));
    CHECK_FAIL(bk_normal_known_var_update_stats(&z, 1.0, 1.0), BK_ERR_INVALID_ARGUMENT);
    CHECK(same_bytes(&z, bn, sizeof z));
    CHECK_FAIL(bk_normal_known_var_quantile(bn, 0.5, &out), BK_ERR_INVALID_ARGUMENT);
    CHECK_FAIL(bk_normal_known_var_interval(bn, 0.9, &lo, &hi), BK_ERR_INVALID_ARGUMENT);
    CHECK_FAIL(bk_normal_known_var_ln_predictive(bn, 1.0, &out), BK_ERR_INVALID_ARGUMENT);
    CHECK_FAIL(bk_normal_known_var_ln_marginal(bn, xs, 3, &out), BK_ERR_INVALID_ARGUMENT);
    CHECK_FAIL(bk_normal_known_var_sample(bn, r1, draws, 2), BK_ERR_INVALID_ARGUMENT);
    CHECK(out == SENTINEL && lo == SENTINEL && hi == SENTINEL && draws[0] == SENTINEL);
  }

  /* Bad data with a valid struct: struct untouched. */
  const double nonfinite[] = {NAN, INFINITY, -INFINITY};
  for (size_t i = 0; i < 3; i++) {
    double ys[3] = {1.0, nonfinite[i], 2.0};
    before = p;
    CHECK_FAIL(bk_normal_known_var_update_batch(&p, ys, 3), BK_ERR_INVALID_ARGUMENT);
    CHECK_FAIL(bk_normal_known_var_update_stats(&p, 1.0, nonfinite[i]), BK_ERR_INVALID_ARGUMENT);
    CHECK_FAIL(bk_normal_known_var_update_stats(&p, nonfinite[i], 1.0), BK_ERR_INVALID_ARGUMENT);
    CHECK(same_bytes(&p, &before, sizeof p));
    CHECK_FAIL(bk_normal_known_var_ln_marginal(&p, ys, 3, &out), BK_ERR_INVALID_ARGUMENT);
    CHECK_FAIL(bk_normal_known_var_ln_predictive(&p, nonfinite[i], &out), BK_ERR_INVALID_ARGUMENT);
  }
  CHECK_FAIL(bk_normal_known_var_update_stats(&p, -1.0, 1.0), BK_ERR_INVALID_ARGUMENT);
  CHECK(same_bytes(&p, &before, sizeof p));
  const double bad_p[] = {-0.1, 1.1, NAN, INFINITY};
  for (size_t i = 0; i < 4; i++) {
    CHECK_FAIL(bk_normal_known_var_quantile(&p, bad_p[i], &out), BK_ERR_INVALID_ARGUMENT);
  }
  const double bad_level[] = {0.0, 1.0, -0.5, 1.5, NAN};
  for (size_t i = 0; i < 5; i++) {
    CHECK_FAIL(bk_normal_known_var_interval(&p, bad_level[i], &lo, &hi), BK_ERR_INVALID_ARGUMENT);
  }
  CHECK(out == SENTINEL && lo == SENTINEL && hi == SENTINEL);

  bk_rng_free(r1);
  bk_rng_free(r2);
}

/* ------------------------------------------------------------ Hypotheses */

static void test_hypotheses(void) {
  bk_hypotheses *const sentinel = (bk_hypotheses *)(uintptr_t)0x5678;
  bk_hypotheses *h = sentinel;
  double post[2] = {SENTINEL, SENTINEL};
  size_t n = 777, idx = 777;
  double out = SENTINEL;

  /* The fire alarm: P(fire) = 1%, P(alarm | fire) = 0.9, P(alarm | no fire) = 0.05. */
  const double prior[2] = {0.01, 0.99};
  CHECK_STATUS(bk_hypotheses_new(prior, 2, &h), BK_OK);
  CHECK(h != NULL && h != sentinel);
  CHECK_STATUS(bk_hypotheses_len(h, &n), BK_OK);
  CHECK(n == 2);
  CHECK_STATUS(bk_hypotheses_posterior(h, post, 2), BK_OK);
  CHECK_NEAR(post[0], 0.01, TOL_EXACT);
  CHECK_NEAR(post[1], 0.99, TOL_EXACT);
  CHECK_STATUS(bk_hypotheses_ln_evidence(h, &out), BK_OK);
  CHECK(out == 0.0);
  const double like[2] = {0.9, 0.05};
  CHECK_STATUS(bk_hypotheses_update(h, like, 2), BK_OK);
  CHECK_STATUS(bk_hypotheses_posterior(h, post, 2), BK_OK);
  CHECK_NEAR(post[0], 0.009 / (0.009 + 0.0495), TOL_EXACT);
  CHECK_NEAR(post[1], 0.0495 / (0.009 + 0.0495), TOL_EXACT);
  CHECK_STATUS(bk_hypotheses_map(h, &idx), BK_OK);
  CHECK(idx == 1);
  CHECK_STATUS(bk_hypotheses_ln_evidence(h, &out), BK_OK);
  CHECK_NEAR(out, log(0.0585), TOL_EXACT);
  /* A second alarm, as log likelihoods: posterior odds (0.009*0.9):(0.0495*0.05). */
  const double ln_like[2] = {log(0.9), log(0.05)};
  CHECK_STATUS(bk_hypotheses_update_log(h, ln_like, 2), BK_OK);
  CHECK_STATUS(bk_hypotheses_posterior(h, post, 2), BK_OK);
  CHECK_NEAR(post[0], 0.0081 / (0.0081 + 0.002475), TOL_EXACT);
  CHECK_STATUS(bk_hypotheses_map(h, &idx), BK_OK);
  CHECK(idx == 0);
  CHECK_STATUS(bk_hypotheses_ln_evidence(h, &out), BK_OK);
  CHECK_NEAR(out, log(0.0081 + 0.002475), TOL_EXACT);

  /* ---- errors on a live handle: state untouched */
  double snap[2], after[2];
  double ev_before = SENTINEL, ev_after = SENTINEL;
  CHECK_STATUS(bk_hypotheses_posterior(h, snap, 2), BK_OK);
  CHECK_STATUS(bk_hypotheses_ln_evidence(h, &ev_before), BK_OK);
  const double three[3] = {0.3, 0.3, 0.4};
  CHECK_FAIL(bk_hypotheses_update(h, three, 3), BK_ERR_INVALID_ARGUMENT);     /* length */
  CHECK_FAIL(bk_hypotheses_update(h, three, 1), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_hypotheses_update(h, NULL, 0), BK_ERR_INVALID_ARGUMENT);      /* zero length */
  CHECK_FAIL(bk_hypotheses_update_log(h, three, 3), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_hypotheses_update_log(h, NULL, 0), BK_ERR_INVALID_ARGUMENT);
  const double neg[2] = {0.5, -0.1}, nan_l[2] = {NAN, 0.5}, inf_l[2] = {0.5, INFINITY};
  const double zeros[2] = {0.0, 0.0};
  CHECK_FAIL(bk_hypotheses_update(h, neg, 2), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_hypotheses_update(h, nan_l, 2), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_hypotheses_update(h, inf_l, 2), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_hypotheses_update(h, zeros, 2), BK_ERR_INVALID_ARGUMENT); /* impossible data */
  const double ln_nan[2] = {0.0, NAN}, ln_pinf[2] = {INFINITY, 0.0};
  const double ln_ninf[2] = {-INFINITY, -INFINITY};
  CHECK_FAIL(bk_hypotheses_update_log(h, ln_nan, 2), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_hypotheses_update_log(h, ln_pinf, 2), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_hypotheses_update_log(h, ln_ninf, 2), BK_ERR_INVALID_ARGUMENT);
  CHECK_STATUS(bk_hypotheses_posterior(h, after, 2), BK_OK);
  CHECK(same_bytes(snap, after, sizeof snap));
  CHECK_STATUS(bk_hypotheses_ln_evidence(h, &ev_after), BK_OK);
  CHECK(ev_after == ev_before);

  double post3[3] = {SENTINEL, SENTINEL, SENTINEL};
  CHECK_FAIL(bk_hypotheses_posterior(h, post3, 3), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_hypotheses_posterior(h, post3, 1), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_hypotheses_posterior(h, NULL, 0), BK_ERR_INVALID_ARGUMENT);
  CHECK(post3[0] == SENTINEL && post3[1] == SENTINEL && post3[2] == SENTINEL);

  /* NULL pointers */
  n = idx = 777;
  out = SENTINEL;
  CHECK_FAIL(bk_hypotheses_update(NULL, like, 2), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_hypotheses_update(h, NULL, 2), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_hypotheses_update_log(NULL, ln_like, 2), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_hypotheses_update_log(h, NULL, 2), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_hypotheses_posterior(NULL, post, 2), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_hypotheses_posterior(h, NULL, 2), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_hypotheses_len(NULL, &n), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_hypotheses_len(h, NULL), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_hypotheses_map(NULL, &idx), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_hypotheses_map(h, NULL), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_hypotheses_ln_evidence(NULL, &out), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_hypotheses_ln_evidence(h, NULL), BK_ERR_NULL_POINTER);
  CHECK(n == 777 && idx == 777 && out == SENTINEL);
  CHECK_STATUS(bk_hypotheses_posterior(h, after, 2), BK_OK);
  CHECK(same_bytes(snap, after, sizeof snap));
  bk_hypotheses_free(h);
  bk_hypotheses_free(NULL); /* no-op */

  /* ---- construction errors: *out untouched */
  bk_hypotheses *g = sentinel;
  CHECK_FAIL(bk_hypotheses_new(prior, 2, NULL), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_hypotheses_new(NULL, 2, &g), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_hypotheses_new(NULL, 0, &g), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_hypotheses_new(prior, 0, &g), BK_ERR_INVALID_ARGUMENT);
  const double pneg[2] = {0.5, -0.5}, pnan[2] = {NAN, 1.0}, pinf[2] = {INFINITY, 1.0};
  CHECK_FAIL(bk_hypotheses_new(pneg, 2, &g), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_hypotheses_new(pnan, 2, &g), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_hypotheses_new(pinf, 2, &g), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_hypotheses_new(zeros, 2, &g), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_hypotheses_new_log(ln_like, 2, NULL), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_hypotheses_new_log(NULL, 2, &g), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_hypotheses_new_log(NULL, 0, &g), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_hypotheses_new_log(ln_nan, 2, &g), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_hypotheses_new_log(ln_pinf, 2, &g), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_hypotheses_new_log(ln_ninf, 2, &g), BK_ERR_INVALID_ARGUMENT);
  CHECK(g == sentinel);

  /* ---- log weights: unnormalised, -inf allowed (probability 0) */
  const double lw[3] = {log(2.0) + 700.0, log(6.0) + 700.0, -INFINITY};
  CHECK_STATUS(bk_hypotheses_new_log(lw, 3, &g), BK_OK);
  CHECK(g != NULL && g != sentinel);
  double p3[3];
  CHECK_STATUS(bk_hypotheses_len(g, &n), BK_OK);
  CHECK(n == 3);
  CHECK_STATUS(bk_hypotheses_posterior(g, p3, 3), BK_OK);
  CHECK_NEAR(p3[0], 0.25, TOL_EXACT);
  CHECK_NEAR(p3[1], 0.75, TOL_EXACT);
  CHECK(p3[2] == 0.0);
  CHECK_STATUS(bk_hypotheses_map(g, &idx), BK_OK);
  CHECK(idx == 1);
  /* A ruled-out hypothesis stays ruled out; evidence = sum prior * likelihood. */
  const double l3[3] = {0.8, 0.2, 1.0};
  CHECK_STATUS(bk_hypotheses_update(g, l3, 3), BK_OK);
  CHECK_STATUS(bk_hypotheses_posterior(g, p3, 3), BK_OK);
  CHECK_NEAR(p3[0], 0.2 / 0.35, TOL_EXACT);
  CHECK_NEAR(p3[1], 0.15 / 0.35, TOL_EXACT);
  CHECK(p3[2] == 0.0);
  CHECK_STATUS(bk_hypotheses_map(g, &idx), BK_OK);
  CHECK(idx == 0);
  CHECK_STATUS(bk_hypotheses_ln_evidence(g, &out), BK_OK);
  CHECK_NEAR(out, log(0.35), TOL_EXACT);
  /* Data possible only under the ruled-out hypothesis: rejected, state kept. */
  const double only_third[3] = {0.0, 0.0, 1.0};
  CHECK_FAIL(bk_hypotheses_update(g, only_third, 3), BK_ERR_INVALID_ARGUMENT);
  double p3b[3];
  CHECK_STATUS(bk_hypotheses_posterior(g, p3b, 3), BK_OK);
  CHECK(same_bytes(p3, p3b, sizeof p3));
  bk_hypotheses_free(g);

  /* Unnormalised probabilities and a single hypothesis. */
  const double unnorm[3] = {2.0, 0.0, 6.0};
  bk_hypotheses *u = NULL;
  CHECK_STATUS(bk_hypotheses_new(unnorm, 3, &u), BK_OK);
  CHECK_STATUS(bk_hypotheses_posterior(u, p3, 3), BK_OK);
  CHECK_NEAR(p3[0], 0.25, TOL_EXACT);
  CHECK(p3[1] == 0.0);
  CHECK_NEAR(p3[2], 0.75, TOL_EXACT);
  bk_hypotheses_free(u);
  const double single = 3.0;
  CHECK_STATUS(bk_hypotheses_new(&single, 1, &u), BK_OK);
  double p1 = SENTINEL;
  CHECK_STATUS(bk_hypotheses_posterior(u, &p1, 1), BK_OK);
  CHECK(p1 == 1.0);
  bk_hypotheses_free(u);
}

/* ------------------------------------------------------------ compare summary + options */

static void test_compare_summary(void) {
  bk_beta a = {21.0, 981.0}, b = {31.0, 971.0};
  bk_compare_options opts, def;
  memset(&opts, 0xff, sizeof opts);
  memset(&def, 0x5a, sizeof def);
  CHECK_STATUS(bk_compare_options_default(&opts), BK_OK);
  CHECK_STATUS(bk_compare_options_default(&def), BK_OK);
  /* struct_size and every field written (the values are the core's, not restated here) */
  CHECK(opts.struct_size == sizeof(bk_compare_options));
  CHECK(opts.level == def.level);
  CHECK_FAIL(bk_compare_options_default(NULL), BK_ERR_NULL_POINTER);

  /* Level 0.90: the lift interval is the 0.05 and 0.95 quantiles checked above against scipy. */
  opts.level = 0.90;
  bk_compare_summary s = {.struct_size = sizeof(bk_compare_summary)};
  CHECK_STATUS(bk_beta_compare_summary(&a, &b, &opts, &s), BK_OK);
  CHECK_NEAR(s.prob_b_greater, 0.9222933087101983, TOL_Q);
  CHECK_NEAR(s.expected_loss_a, 0.010229284511301968, 1e-7);
  CHECK_NEAR(s.lift_median, 0.4837307983510991, TOL_Q);
  CHECK_NEAR(s.lift_lo, -0.059956399790618516, 1e-7);
  CHECK_NEAR(s.lift_hi, 1.3761577732119938, TOL_Q);

  /* NULL options mean the defaults; so does an old caller whose struct ends after struct_size. */
  bk_compare_summary d = {.struct_size = sizeof(bk_compare_summary)}, old = {.struct_size = sizeof(bk_compare_summary)};
  CHECK_STATUS(bk_beta_compare_summary(&a, &b, NULL, &d), BK_OK);
  double lo = SENTINEL, hi = SENTINEL;
  CHECK_STATUS(bk_beta_lift_quantile(&a, &b, (1 - def.level) / 2, &lo), BK_OK);
  CHECK_STATUS(bk_beta_lift_quantile(&a, &b, 1 - (1 - def.level) / 2, &hi), BK_OK);
  CHECK_NEAR(d.lift_lo, lo, 1e-12);
  CHECK_NEAR(d.lift_hi, hi, 1e-12);
  bk_compare_options short_opts = opts;
  short_opts.struct_size = sizeof(uint32_t);
  short_opts.level = 0.5; /* beyond struct_size: must be ignored */
  CHECK_STATUS(bk_beta_compare_summary(&a, &b, &short_opts, &old), BK_OK);
  CHECK(same_summary(&old, &d));

  /* Errors leave the output untouched. */
  bk_compare_summary untouched = {.struct_size = sizeof(bk_compare_summary)}, copy = {.struct_size = sizeof(bk_compare_summary)};
  FILL_RESULT(untouched);
  memcpy(&copy, &untouched, sizeof copy);
  bk_compare_options bad = opts;
  bad.struct_size = 0;
  CHECK_FAIL(bk_beta_compare_summary(&a, &b, &bad, &untouched), BK_ERR_INVALID_ARGUMENT);
  bad = opts;
  bad.level = 1.0;
  CHECK_FAIL(bk_beta_compare_summary(&a, &b, &bad, &untouched), BK_ERR_INVALID_ARGUMENT);
  bk_beta broken = {-1.0, 2.0};
  CHECK_FAIL(bk_beta_compare_summary(&broken, &b, NULL, &untouched), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_beta_compare_summary(NULL, &b, NULL, &untouched), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_beta_compare_summary(&a, &b, NULL, NULL), BK_ERR_NULL_POINTER);
  CHECK(same_bytes(&untouched, &copy, sizeof copy));

  /* Gamma: the summary agrees with the separate calls. */
  bk_gamma ga = {100.0, 10.0}, gb = {120.0, 11.0};
  bk_comparison gc = {.struct_size = sizeof(bk_comparison)};
  CHECK_STATUS(bk_gamma_compare(&ga, &gb, &gc), BK_OK);
  CHECK_STATUS(bk_gamma_compare_summary(&ga, &gb, NULL, &s), BK_OK);
  CHECK_NEAR(s.prob_b_greater, gc.prob_b_greater, 1e-15);
  CHECK_NEAR(s.expected_loss_a, gc.expected_loss_a, 1e-15);
  CHECK_STATUS(bk_gamma_lift_quantile(&ga, &gb, 0.975, &hi), BK_OK);
  CHECK_NEAR(s.lift_hi, hi, 1e-12);
  bk_gamma gbad = {0.0, 1.0};
  CHECK_FAIL(bk_gamma_compare_summary(&gbad, &gb, NULL, &untouched), BK_ERR_INVALID_ARGUMENT);
  CHECK(same_bytes(&untouched, &copy, sizeof copy));
}

/* ------------------------------------------------------------ method reports */

/* A quadrature report: some work done, an error estimate that is finite, >= 0 and small. */
static int is_quadrature(const bk_method_report *r) {
  return r->method == BK_METHOD_QUADRATURE && r->reserved == 0 && r->work > 0 && isfinite(r->error_estimate) &&
         r->error_estimate >= 0.0 && r->error_estimate <= 1e-9;
}

static int is_closed_form(const bk_method_report *r) {
  return r->method == BK_METHOD_CLOSED_FORM && r->work == 0 && r->error_estimate == 0.0;
}

/* A Monte Carlo report of `draws` draws whose standard error is sqrt(p(1 - p)/draws). */
static int is_monte_carlo(const bk_comparison *c, uint64_t draws) {
  double p = c->prob_b_greater;
  return c->method.method == BK_METHOD_MONTE_CARLO && c->method.work == draws &&
         fabs(c->method.error_estimate - sqrt(p * (1.0 - p) / (double)draws)) <=
             1e-12 * c->method.error_estimate;
}

static void test_method_reports(void) {
  bk_comparison c = {.struct_size = sizeof(bk_comparison)}, s = {.struct_size = sizeof(bk_comparison)};
  FILL_RESULT(c);
  FILL_RESULT(s);

  /* Beta arms: always quadrature, integer shapes or not, identical arms too. */
  bk_beta a = {21.0, 981.0}, b = {31.0, 971.0}, af = {20.5, 980.5};
  CHECK_STATUS(bk_beta_compare(&a, &b, &c), BK_OK);
  CHECK(is_quadrature(&c.method));
  CHECK_STATUS(bk_beta_compare(&af, &b, &s), BK_OK);
  CHECK(is_quadrature(&s.method));
  CHECK_STATUS(bk_beta_compare(&a, &a, &s), BK_OK);
  CHECK(is_quadrature(&s.method));

  /* Gamma arms with shape_A + shape_B <= 1000: closed form, no work, no error beyond rounding. */
  bk_gamma ga = {100.0, 10.0}, gb = {120.0, 10.0};
  CHECK_STATUS(bk_gamma_compare(&ga, &gb, &c), BK_OK);
  CHECK(is_closed_form(&c.method));
  CHECK_NEAR(c.prob_b_greater, 0.9117960627949818, TOL_Q);
  bk_gamma g500 = {500.0, 10.0}, g501 = {501.0, 10.0};
  CHECK_STATUS(bk_gamma_compare(&g500, &g500, &c), BK_OK); /* 1000: still closed form */
  CHECK(is_closed_form(&c.method));
  CHECK_NEAR(c.prob_b_greater, 0.5, 1e-15);
  CHECK_STATUS(bk_gamma_compare(&g500, &g501, &c), BK_OK); /* 1001: quadrature */
  CHECK(is_quadrature(&c.method));
  CHECK(c.prob_b_greater > 0.5 && c.prob_b_greater < 0.52);

  /* Large Gamma shapes: quadrature. P(X_B > X_A) = I_{r_A/(r_A + r_B)}(a_A, a_B) =
   * scipy.stats.beta.cdf(1e4 / 2.2e4, 5e5, 6e5). */
  bk_gamma big_a = {5e5, 1e4}, big_b = {6e5, 1.2e4};
  CHECK_STATUS(bk_gamma_compare(&big_a, &big_b, &c), BK_OK);
  CHECK(is_quadrature(&c.method));
  CHECK_NEAR(c.prob_b_greater, 0.5000231489821707, TOL_Q);
  CHECK_STATUS(bk_gamma_compare(&big_b, &big_a, &s), BK_OK);
  CHECK(is_quadrature(&s.method));
  CHECK_NEAR(s.prob_b_greater, 1.0 - 0.5000231489821707, TOL_Q);

  /* Monte Carlo: work = draws, error = the standard error of P(B > A), and the estimate
   * lies within a few of them of the exact value. */
  bk_rng *rng = NULL;
  CHECK_STATUS(bk_rng_new(11, &rng), BK_OK);
  bk_comparison exact = {.struct_size = sizeof(bk_comparison)};
  FILL_RESULT(exact);
  CHECK_STATUS(bk_beta_compare(&a, &b, &exact), BK_OK);
  CHECK_STATUS(bk_beta_compare_mc(&a, &b, 100000, rng, &c), BK_OK);
  CHECK(is_monte_carlo(&c, 100000));
  CHECK(c.method.error_estimate > 5e-4 && c.method.error_estimate < 1e-3); /* sqrt(.92*.08/1e5) */
  CHECK(fabs(c.prob_b_greater - exact.prob_b_greater) < 5.0 * c.method.error_estimate);
  CHECK_STATUS(bk_beta_compare_mc(&a, &b, 1, rng, &c), BK_OK); /* one draw: p is 0 or 1, error 0 */
  CHECK(c.method.method == BK_METHOD_MONTE_CARLO && c.method.work == 1);
  CHECK(c.prob_b_greater == 0.0 || c.prob_b_greater == 1.0);
  CHECK(c.method.error_estimate == 0.0);
  CHECK_STATUS(bk_gamma_compare(&ga, &gb, &exact), BK_OK);
  CHECK_STATUS(bk_gamma_compare_mc(&ga, &gb, 50000, rng, &c), BK_OK);
  CHECK(is_monte_carlo(&c, 50000));
  CHECK(fabs(c.prob_b_greater - exact.prob_b_greater) < 5.0 * c.method.error_estimate);
  CHECK_STATUS(bk_gamma_compare_mc(&big_a, &big_b, 50000, rng, &c), BK_OK);
  CHECK(is_monte_carlo(&c, 50000));
  CHECK(fabs(c.prob_b_greater - 0.5000231489821707) < 5.0 * c.method.error_estimate);
  bk_rng_free(rng);

  /* Summaries report over the comparison and the lift quantiles together: for Beta the
   * evaluations add up and the largest error is kept. */
  bk_compare_summary sum = {.struct_size = sizeof(bk_compare_summary)};
  FILL_RESULT(sum);
  CHECK_STATUS(bk_beta_compare(&a, &b, &exact), BK_OK);
  CHECK_STATUS(bk_beta_compare_summary(&a, &b, NULL, &sum), BK_OK);
  CHECK(is_quadrature(&sum.method));
  CHECK(sum.method.work > exact.method.work);
  CHECK(sum.method.error_estimate >= exact.method.error_estimate);
  CHECK_STATUS(bk_gamma_compare_summary(&ga, &gb, NULL, &sum), BK_OK);
  CHECK(is_closed_form(&sum.method));
  CHECK_STATUS(bk_gamma_compare_summary(&big_a, &big_b, NULL, &sum), BK_OK);
  CHECK(is_quadrature(&sum.method));
  CHECK_NEAR(sum.prob_b_greater, 0.5000231489821707, TOL_Q);
  CHECK(sum.lift_lo < sum.lift_median && sum.lift_median < sum.lift_hi);
}

/* ------------------------------------------------------------ large posteriors */

static void test_large_sizes(void) {
  bk_comparison c = {.struct_size = sizeof(bk_comparison)}, s = {.struct_size = sizeof(bk_comparison)};
  FILL_RESULT(c);
  FILL_RESULT(s);

  /* 2000 of 100000 against 2100 of 100000 (uniform priors). P(B > A) and the loss of A:
   * scipy.integrate.quad of f_A(x) * beta.sf(x, 2101, 97901), the loss by size-biasing,
   * E[B] P(B+ > A) - E[A] P(B > A+). */
  bk_beta a = {2001.0, 98001.0}, b = {2101.0, 97901.0};
  CHECK_STATUS(bk_beta_compare(&a, &b, &c), BK_OK);
  CHECK(c.prob_b_greater > 0.94 && c.prob_b_greater < 0.96);
  CHECK_NEAR(c.prob_b_greater, 0.9427003200355155, TOL_Q);
  CHECK_NEAR(c.expected_loss_a, 0.001015499263510456, 1e-7);
  CHECK_NEAR(c.expected_loss_a - c.expected_loss_b, 2101.0 / 100002.0 - 2001.0 / 100002.0, 1e-9);
  CHECK(c.expected_loss_b > 0.0);
  CHECK(is_quadrature(&c.method));
  CHECK_STATUS(bk_beta_compare(&b, &a, &s), BK_OK);
  CHECK_NEAR(s.prob_b_greater + c.prob_b_greater, 1.0, 1e-12);
  CHECK_NEAR(s.expected_loss_a, c.expected_loss_b, 1e-7);

  /* 10^8 trials per arm: 1.000% against 1.001%. The normal approximation
   * Phi((mu_B - mu_A) / sqrt(var_A + var_B)) is good to ~1e-4 at this size. */
  bk_beta ha = {1000001.0, 99000001.0}, hb = {1001001.0, 98999001.0};
  CHECK_STATUS(bk_beta_compare(&ha, &hb, &c), BK_OK);
  CHECK(is_quadrature(&c.method));
  double n = 1e8 + 2.0, mu_a = ha.alpha / n, mu_b = hb.alpha / n;
  double sd = sqrt(mu_a * (1.0 - mu_a) / (n + 1.0) + mu_b * (1.0 - mu_b) / (n + 1.0));
  double z = (mu_b - mu_a) / sd;
  double normal = 0.5 * erfc(-z / sqrt(2.0));
  CHECK(fabs(c.prob_b_greater - normal) < 1e-3);
  CHECK(c.prob_b_greater > 0.76 && c.prob_b_greater < 0.77);
  CHECK_NEAR(c.expected_loss_a - c.expected_loss_b, mu_b - mu_a, 1e-8);
  CHECK(c.expected_loss_a > 0.0 && c.expected_loss_b > 0.0);
  CHECK_STATUS(bk_beta_compare(&hb, &ha, &s), BK_OK);
  CHECK_NEAR(s.prob_b_greater + c.prob_b_greater, 1.0, 1e-12);
  /* Monte Carlo on the same arms agrees within its standard error. */
  bk_rng *rng = NULL;
  CHECK_STATUS(bk_rng_new(2025, &rng), BK_OK);
  CHECK_STATUS(bk_beta_compare_mc(&ha, &hb, 100000, rng, &s), BK_OK);
  CHECK(is_monte_carlo(&s, 100000));
  CHECK(fabs(s.prob_b_greater - c.prob_b_greater) < 5.0 * s.method.error_estimate);
  bk_rng_free(rng);
  /* The summary at this size: a finite, ordered lift interval around the median. */
  bk_compare_summary sum = {.struct_size = sizeof(bk_compare_summary)};
  FILL_RESULT(sum);
  CHECK_STATUS(bk_beta_compare_summary(&ha, &hb, NULL, &sum), BK_OK);
  CHECK(sum.prob_b_greater == c.prob_b_greater);
  CHECK(is_quadrature(&sum.method));
  CHECK(sum.lift_lo < sum.lift_median && sum.lift_median < sum.lift_hi);
  CHECK(fabs(sum.lift_median - 1e-3) < 1e-4); /* ~ mu_B / mu_A - 1 */

  /* 10^9 trials per arm, and the Gamma counterpart: exposure 10^9, 10^7 events. */
  bk_beta ga9 = {1e7 + 1.0, 1e9 - 1e7 + 1.0}, gb9 = {1.0001e7 + 1.0, 1e9 - 1.0001e7 + 1.0};
  CHECK_STATUS(bk_beta_compare(&ga9, &gb9, &c), BK_OK);
  CHECK(is_quadrature(&c.method));
  CHECK(c.prob_b_greater > 0.5 && c.prob_b_greater < 1.0);
  bk_gamma pa = {1e7, 1e9}, pb = {1.0001e7, 1e9};
  CHECK_STATUS(bk_gamma_compare(&pa, &pb, &s), BK_OK);
  CHECK(is_quadrature(&s.method));
  /* Poisson vs binomial at rate 1%: close, the Poisson a little wider. */
  CHECK(fabs(s.prob_b_greater - c.prob_b_greater) < 0.01);
  CHECK_NEAR(s.expected_loss_a - s.expected_loss_b, 1e3 / 1e9, 1e-8);
}

/* ------------------------------------------------------------ probability of being best */

static double sum_of(const double *p, size_t k) {
  double s = 0.0;
  for (size_t i = 0; i < k; i++) s += p[i];
  return s;
}

static void test_prob_best(void) {
  double p[BK_MAX_ARMS + 1], q[BK_MAX_ARMS + 1];
  bk_method_report r, r0;
  FILL(r);

  /* Three Beta arms: 20, 30 and 25 of 1000. scipy.integrate.quad of f_i prod_{j != i} F_j. */
  const bk_beta arms[3] = {{21.0, 981.0}, {31.0, 971.0}, {26.0, 976.0}};
  CHECK_STATUS(bk_beta_prob_best(arms, 3, p, 3, &r), BK_OK);
  CHECK_NEAR(p[0], 0.047033962341620966, TOL_Q);
  CHECK_NEAR(p[1], 0.7192820993711883, TOL_Q);
  CHECK_NEAR(p[2], 0.23368393828719017, TOL_Q);
  CHECK(p[1] > p[2] && p[2] > p[0]);
  CHECK(fabs(sum_of(p, 3) - 1.0) <= 1e-12);
  CHECK(is_quadrature(&r));
  /* report may be NULL; the probabilities are the same. */
  CHECK_STATUS(bk_beta_prob_best(arms, 3, q, 3, NULL), BK_OK);
  CHECK(same_bytes(p, q, 3 * sizeof(double)));
  /* The order of the arms only permutes the answer. */
  const bk_beta rev[3] = {arms[2], arms[1], arms[0]};
  CHECK_STATUS(bk_beta_prob_best(rev, 3, q, 3, NULL), BK_OK);
  CHECK_NEAR(q[0], p[2], 1e-12);
  CHECK_NEAR(q[1], p[1], 1e-12);
  CHECK_NEAR(q[2], p[0], 1e-12);

  /* K = 2 is P(B > A) of bk_beta_compare. */
  bk_comparison c = {.struct_size = sizeof(bk_comparison)};
  FILL_RESULT(c);
  CHECK_STATUS(bk_beta_compare(&arms[0], &arms[1], &c), BK_OK);
  CHECK_STATUS(bk_beta_prob_best(arms, 2, p, 2, &r), BK_OK);
  CHECK(fabs(p[1] - c.prob_b_greater) <= 1e-12);
  CHECK(fabs(p[0] - (1.0 - c.prob_b_greater)) <= 1e-12);
  CHECK(is_quadrature(&r));
  /* Large arms too. */
  const bk_beta large[3] = {{2001.0, 98001.0}, {2101.0, 97901.0}, {2051.0, 97951.0}};
  CHECK_STATUS(bk_beta_compare(&large[0], &large[1], &c), BK_OK);
  CHECK_STATUS(bk_beta_prob_best(large, 2, p, 2, NULL), BK_OK);
  CHECK(fabs(p[1] - c.prob_b_greater) <= 1e-12);
  CHECK_STATUS(bk_beta_prob_best(large, 3, p, 3, &r), BK_OK);
  CHECK(p[1] > p[2] && p[2] > p[0]);
  CHECK_NEAR(p[1], 0.7602699356287176, TOL_Q); /* scipy, as above */
  CHECK(fabs(sum_of(p, 3) - 1.0) <= 1e-12);

  /* One arm is surely best; identical arms share it equally. */
  CHECK_STATUS(bk_beta_prob_best(arms, 1, p, 1, &r), BK_OK);
  CHECK(fabs(p[0] - 1.0) <= 1e-12);
  const bk_beta same4[4] = {{5.0, 5.0}, {5.0, 5.0}, {5.0, 5.0}, {5.0, 5.0}};
  CHECK_STATUS(bk_beta_prob_best(same4, 4, p, 4, NULL), BK_OK);
  for (size_t i = 0; i < 4; i++) CHECK_NEAR(p[i], 0.25, 1e-12);

  /* The most arms: BK_MAX_ARMS increasing rates; sums to 1, and the best arm leads. */
  bk_beta many[BK_MAX_ARMS + 1];
  for (size_t i = 0; i <= BK_MAX_ARMS; i++) {
    many[i].alpha = 21.0 + 0.1 * (double)i;
    many[i].beta = 981.0;
  }
  CHECK_STATUS(bk_beta_prob_best(many, BK_MAX_ARMS, p, BK_MAX_ARMS, &r), BK_OK);
  CHECK(is_quadrature(&r));
  CHECK(fabs(sum_of(p, BK_MAX_ARMS) - 1.0) <= 1e-9);
  int all_valid = 1, increasing = 1;
  for (size_t i = 0; i < BK_MAX_ARMS; i++) {
    if (!(p[i] >= 0.0 && p[i] <= 1.0)) all_valid = 0;
    if (i > 0 && !(p[i] > p[i - 1])) increasing = 0;
  }
  CHECK(all_valid);
  CHECK(increasing);

  /* Gamma arms: rates 10, 12 and 11 per unit. K = 2 equals bk_gamma_compare (closed form there). */
  const bk_gamma garms[3] = {{100.0, 10.0}, {120.0, 10.0}, {110.0, 10.0}};
  CHECK_STATUS(bk_gamma_prob_best(garms, 3, p, 3, &r), BK_OK);
  CHECK_NEAR(p[0], 0.05331209448122253, TOL_Q); /* scipy, as for Beta */
  CHECK_NEAR(p[1], 0.710202569889448, TOL_Q);
  CHECK_NEAR(p[2], 0.23648533562933863, TOL_Q);
  CHECK(p[1] > p[2] && p[2] > p[0]);
  CHECK(fabs(sum_of(p, 3) - 1.0) <= 1e-12);
  CHECK(is_quadrature(&r));
  CHECK_STATUS(bk_gamma_compare(&garms[0], &garms[1], &c), BK_OK);
  CHECK(c.method.method == BK_METHOD_CLOSED_FORM);
  CHECK_STATUS(bk_gamma_prob_best(garms, 2, p, 2, NULL), BK_OK);
  CHECK(fabs(p[1] - c.prob_b_greater) <= 1e-12);
  const bk_gamma gbig[2] = {{5e5, 1e4}, {6e5, 1.2e4}};
  CHECK_STATUS(bk_gamma_prob_best(gbig, 2, p, 2, &r), BK_OK);
  CHECK_NEAR(p[1], 0.5000231489821707, TOL_Q);
  CHECK(fabs(sum_of(p, 2) - 1.0) <= 1e-12);
  CHECK_STATUS(bk_gamma_prob_best(garms, 1, p, 1, NULL), BK_OK);
  CHECK(fabs(p[0] - 1.0) <= 1e-12);

  /* ---- errors: the documented status, a message, `out` and `report` untouched */
  for (size_t i = 0; i <= BK_MAX_ARMS; i++) p[i] = SENTINEL;
  memcpy(q, p, sizeof p);
  FILL(r);
  memcpy(&r0, &r, sizeof r);
  /* k outside 1..BK_MAX_ARMS */
  CHECK_FAIL(bk_beta_prob_best(arms, 0, p, 0, &r), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("100");
  CHECK_FAIL(bk_beta_prob_best(NULL, 0, NULL, 0, NULL), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_beta_prob_best(many, BK_MAX_ARMS + 1, p, BK_MAX_ARMS + 1, &r),
             BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("100");
  CHECK_FAIL(bk_beta_prob_best(many, BK_MAX_ARMS + 1, p, BK_MAX_ARMS + 1, NULL),
             BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_beta_prob_best(many, SIZE_MAX, p, SIZE_MAX, &r), BK_ERR_INVALID_ARGUMENT);
  /* out_len != k */
  CHECK_FAIL(bk_beta_prob_best(arms, 3, p, 2, &r), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("out");
  CHECK_FAIL(bk_beta_prob_best(arms, 3, p, 4, &r), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_beta_prob_best(arms, 2, p, 0, NULL), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_beta_prob_best(arms, 2, NULL, 0, &r), BK_ERR_INVALID_ARGUMENT);
  /* NULL arms / out */
  CHECK_FAIL(bk_beta_prob_best(NULL, 2, p, 2, &r), BK_ERR_NULL_POINTER);
  CHECK_MESSAGE_HAS("arms");
  CHECK_FAIL(bk_beta_prob_best(arms, 2, NULL, 2, &r), BK_ERR_NULL_POINTER);
  CHECK_MESSAGE_HAS("out");
  CHECK_FAIL(bk_beta_prob_best(arms, 2, NULL, 2, NULL), BK_ERR_NULL_POINTER);
  /* A bad arm anywhere, whatever else is right. */
  const bk_beta invalid[] = {{-1.0, 2.0}, {2.0, 0.0}, {NAN, 1.0}, {1.0, INFINITY}};
  for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
    bk_beta bad[3] = {arms[0], arms[1], arms[2]};
    bad[0] = invalid[i];
    CHECK_FAIL(bk_beta_prob_best(bad, 3, p, 3, &r), BK_ERR_INVALID_ARGUMENT);
    bad[0] = arms[0];
    bad[2] = invalid[i];
    CHECK_FAIL(bk_beta_prob_best(bad, 3, p, 3, &r), BK_ERR_INVALID_ARGUMENT);
    CHECK_FAIL(bk_beta_prob_best(bad, 3, p, 3, NULL), BK_ERR_INVALID_ARGUMENT);
  }
  bk_beta neg[2] = {{-1.0, 2.0}, {3.0, 4.0}};
  CHECK_FAIL(bk_beta_prob_best(neg, 2, p, 2, &r), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("alpha");
  CHECK(same_bytes(p, q, sizeof p));
  CHECK(same_bytes(&r, &r0, sizeof r));

  /* The same contract for Gamma. */
  bk_gamma gmany[BK_MAX_ARMS + 1];
  for (size_t i = 0; i <= BK_MAX_ARMS; i++) {
    gmany[i].shape = 100.0 + (double)i;
    gmany[i].rate = 10.0;
  }
  CHECK_FAIL(bk_gamma_prob_best(garms, 0, p, 0, &r), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_gamma_prob_best(gmany, BK_MAX_ARMS + 1, p, BK_MAX_ARMS + 1, &r),
             BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_gamma_prob_best(garms, 3, p, 2, &r), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_gamma_prob_best(garms, 2, p, 3, NULL), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_gamma_prob_best(NULL, 2, p, 2, &r), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_gamma_prob_best(garms, 2, NULL, 2, &r), BK_ERR_NULL_POINTER);
  const bk_gamma ginvalid[] = {{-1.0, 1.0}, {1.0, 0.0}, {NAN, 1.0}, {1.0, INFINITY}};
  for (size_t i = 0; i < sizeof ginvalid / sizeof ginvalid[0]; i++) {
    bk_gamma bad[3] = {garms[0], garms[1], garms[2]};
    bad[1] = ginvalid[i];
    CHECK_FAIL(bk_gamma_prob_best(bad, 3, p, 3, &r), BK_ERR_INVALID_ARGUMENT);
    CHECK_FAIL(bk_gamma_prob_best(bad, 3, p, 3, NULL), BK_ERR_INVALID_ARGUMENT);
  }
  CHECK(same_bytes(p, q, sizeof p));
  CHECK(same_bytes(&r, &r0, sizeof r));
  /* The maximum is accepted for Gamma too. */
  CHECK_STATUS(bk_gamma_prob_best(gmany, BK_MAX_ARMS, p, BK_MAX_ARMS, NULL), BK_OK);
  CHECK(fabs(sum_of(p, BK_MAX_ARMS) - 1.0) <= 1e-9);
  CHECK(p[BK_MAX_ARMS - 1] > p[0]);
}

/* Result structs carry the caller's struct_size: only that many bytes are
 * written, a size inside a field or below 4 is refused, a newer (larger)
 * caller gets this version's fields and keeps the rest. */
static void test_result_struct_sizes(void) {
  bk_beta a = {1 + 20, 1 + 980}, b = {1 + 30, 1 + 970};
  bk_comparison c = {.struct_size = sizeof(bk_comparison)};
  CHECK_STATUS(bk_beta_compare(&a, &b, &c), BK_OK);
  CHECK(c.struct_size == sizeof c && c.reserved == 0 && c.prob_b_greater > 0.5);

  /* Forgotten: struct_size 0 is refused, nothing written. */
  bk_comparison z;
  memset(&z, 0, sizeof z);
  CHECK_FAIL(bk_beta_compare(&a, &b, &z), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("out.struct_size = 0 is too small");
  CHECK(z.prob_b_greater == 0.0);

  /* Inside a field: refused. */
  bk_comparison in;
  memset(&in, 0x5a, sizeof in);
  in.struct_size = 12;
  CHECK_FAIL(bk_beta_compare(&a, &b, &in), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("ends inside a field");

  /* struct_size alone (4): nothing but it, which stays. */
  bk_comparison four;
  memset(&four, 0x5a, sizeof four);
  four.struct_size = 4;
  CHECK_STATUS(bk_beta_compare(&a, &b, &four), BK_OK);
  unsigned char *bytes = (unsigned char *)&four;
  int rest_untouched = 1;
  for (size_t i = 4; i < sizeof four; i++)
    if (bytes[i] != 0x5a) rest_untouched = 0;
  CHECK(four.struct_size == 4 && rest_untouched);

  /* A newer caller's larger struct: this version's fields, the tail kept. */
  struct {
    bk_comparison now;
    double later;
  } newer;
  memset(&newer, 0x5a, sizeof newer);
  newer.now.struct_size = sizeof newer;
  CHECK_STATUS(bk_beta_compare(&a, &b, &newer.now), BK_OK);
  CHECK(newer.now.struct_size == sizeof newer);
  CHECK(newer.now.prob_b_greater == c.prob_b_greater);
  unsigned char *tail = (unsigned char *)&newer.later;
  int tail_untouched = 1;
  for (size_t i = 0; i < sizeof newer.later; i++)
    if (tail[i] != 0x5a) tail_untouched = 0;
  CHECK(tail_untouched);
}

int main(void) {
  test_version_and_messages(); /* first: relies on no earlier failure on this thread */
  test_rng();
  test_beta_values();
  test_beta_sampling();
  test_beta_compare();
  test_beta_errors();
  test_gamma_values();
  test_gamma_errors();
  test_normal();
  test_hypotheses();
  test_compare_summary();
  test_method_reports();
  test_large_sizes();
  test_prob_best();
  test_result_struct_sizes();
  return CHECK_REPORT();
}
