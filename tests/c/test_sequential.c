/*
 * C ABI test of the peek-safe decision rules: bk_beta_bayes_factor,
 * bk_gamma_bayes_factor and the bk_always_valid mSPRT handle, against the
 * formulas written independently in tests/reference/generate_sequential.py
 * (scipy 1.17.1; the values below are from tests/reference/sequential.json),
 * and the error contract (status, message, the test and *out untouched).
 */
#include "bayeskit.h"
#include "check.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

static void test_bayes_factors(void) {
  bk_beta uniform;
  CHECK_STATUS(bk_beta_init(1, 1, &uniform), BK_OK);
  double ln_bf = 0;
  CHECK_STATUS(bk_beta_bayes_factor(&uniform, 40, 2000, 62, 2000, &ln_bf), BK_OK);
  CHECK_NEAR(ln_bf, -1.9509863610983302, 1e-11);
  bk_gamma g;
  CHECK_STATUS(bk_gamma_init(1, 0.001, &g), BK_OK);
  CHECK_STATUS(bk_gamma_bayes_factor(&g, 30, 1000.0, 55, 1100.0, &ln_bf), BK_OK);
  CHECK_NEAR(ln_bf, -8.127229490463833, 1e-11);

  double before = ln_bf;
  CHECK_FAIL(bk_beta_bayes_factor(&uniform, 41, 40, 1, 2, &ln_bf), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("arm A");
  CHECK_FAIL(bk_gamma_bayes_factor(&g, 1, 0.0, 1, 2.0, &ln_bf), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_beta_bayes_factor(NULL, 1, 2, 1, 2, &ln_bf), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_beta_bayes_factor(&uniform, 1, 2, 1, 2, NULL), BK_ERR_NULL_POINTER);
  CHECK(ln_bf == before);
}

static void test_always_valid(void) {
  bk_always_valid *t = NULL;
  CHECK_STATUS(bk_always_valid_proportions(0.1, 0.05, &t), BK_OK);
  const double looks[4][4] = {{0, 50, 3, 80}, {2, 150, 9, 200}, {7, 400, 25, 500}, {15, 900, 48, 1000}};
  bk_always_valid_result l;
  memset(&l, 0, sizeof l);
  l.struct_size = sizeof l;
  for (int i = 0; i < 4; i++) {
    CHECK_STATUS(bk_always_valid_look(t, looks[i][0], looks[i][1], looks[i][2], looks[i][3], &l), BK_OK);
    if (i == 0) {
      CHECK_NEAR(l.estimate, 0.0375, 1e-13);
      CHECK_NEAR(l.p_value, 0.983966516921577, 1e-11);
      CHECK(l.reject == 0);
    }
  }
  CHECK_NEAR(l.estimate, 0.03133333333333334, 1e-13);
  CHECK_NEAR(l.std_error, 0.008055416194423034, 1e-13);
  CHECK_NEAR(l.likelihood_ratio, 253.4310554562934, 1e-11);
  CHECK_NEAR(l.p_value, 0.003945846329683378, 1e-11);
  CHECK_NEAR(l.lower, 0.00785193714559981, 1e-11);
  CHECK_NEAR(l.upper, 0.05481472952106686, 1e-11);
  CHECK(l.reject == 1);

  /* A bad look leaves the test and *out as they were: the next good look
   * continues from the fourth. */
  bk_always_valid_result kept = l;
  CHECK_FAIL(bk_always_valid_look(t, 20, 10, 48, 1000, &l), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("arm A");
  CHECK_FAIL(bk_always_valid_look(t, 15, 900, 48, 1000, NULL), BK_ERR_NULL_POINTER);
  bk_always_valid_result odd = l;
  odd.struct_size = 6;
  CHECK_FAIL(bk_always_valid_look(t, 16, 950, 50, 1050, &odd), BK_ERR_INVALID_ARGUMENT);
  CHECK(memcmp(&kept, &l, sizeof l) == 0);
  CHECK_STATUS(bk_always_valid_look(t, 15, 900, 48, 1000, &l), BK_OK);
  CHECK(l.p_value == kept.p_value && l.lower == kept.lower);
  bk_always_valid_free(t);
  bk_always_valid_free(NULL);

  CHECK_STATUS(bk_always_valid_rates(BK_DEFAULT_ALPHA, BK_DEFAULT_RATE_MIXING_SD, &t), BK_OK);
  CHECK_STATUS(bk_always_valid_look(t, 30, 1000.0, 55, 1100.0, &l), BK_OK);
  CHECK(isfinite(l.p_value) && l.p_value <= 1.0);
  bk_always_valid_free(t);

  bk_always_valid *untouched = (bk_always_valid *)(uintptr_t)0x1234;
  CHECK_FAIL(bk_always_valid_proportions(0.0, 0.01, &untouched), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("alpha");
  CHECK_FAIL(bk_always_valid_rates(0.05, -1.0, &untouched), BK_ERR_INVALID_ARGUMENT);
  CHECK(untouched == (bk_always_valid *)(uintptr_t)0x1234);
  CHECK_FAIL(bk_always_valid_proportions(0.05, 0.01, NULL), BK_ERR_NULL_POINTER);
}

int main(void) {
  test_bayes_factors();
  test_always_valid();
  return CHECK_REPORT();
}
