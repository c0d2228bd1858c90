/*
 * C ABI test of the uncertainty of sparse logistic models: Laplace
 * covariances (bk_logistic_laplace and the covariance accessors, kept through
 * save/load), moderated and Monte Carlo predictive probabilities, and the
 * regularisation path with cross-validation. Every function is checked on
 * success and on its error paths (status, message, outputs untouched).
 *
 * Reads tests/reference/logistic/dense_k3.svm (300 rows, 3 classes, 8
 * features, 0-based ids) relative to the working directory (the Makefile
 * runs the tests from the repository root); define BK_TEST_DENSE_K3 to read
 * it from elsewhere.
 */
#define _POSIX_C_SOURCE 200809L

#include "bayeskit.h"
#include "check.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef BK_TEST_DENSE_K3
#define BK_TEST_DENSE_K3 "tests/reference/logistic/dense_k3.svm"
#endif
#define K2_MIXED "tests/reference/logistic/k2_mixed.svm"

#define SENTINEL (-12345.678)
#define MODEL_SENTINEL ((bk_logistic_model *)(uintptr_t)0x1234)
#define PATH_SENTINEL ((bk_logistic_path *)(uintptr_t)0x1234)

enum { K = 3, T = K * (K + 1) / 2, P = 8, PX = 10 };

static void fill(double *x, size_t n, double v) {
  for (size_t i = 0; i < n; i++) x[i] = v;
}

static int all_eq(const double *x, size_t n, double v) {
  for (size_t i = 0; i < n; i++)
    if (!(x[i] == v)) return 0;
  return 1;
}

static double sum(const double *x, size_t n) {
  double s = 0.0;
  for (size_t i = 0; i < n; i++) s += x[i];
  return s;
}

static double entropy(const double *p, size_t n) {
  double h = 0.0;
  for (size_t i = 0; i < n; i++)
    if (p[i] > 0) h -= p[i] * log(p[i]);
  return h;
}

static size_t packed(size_t r, size_t c) { return r >= c ? r * (r + 1) / 2 + c : c * (c + 1) / 2 + r; }

/* dense_k3.svm read with 0-based ids in a space of `n_features` ids (0: from the file). */
static bk_logistic_data *read_dense(uint64_t n_features) {
  bk_logistic_read_options ro;
  bk_logistic_read_options_default(&ro);
  ro.id_base = BK_LOGISTIC_ID_BASE_ZERO;
  ro.n_features = n_features;
  bk_logistic_data *d = NULL;
  CHECK_STATUS(bk_logistic_data_read_svmlight(BK_TEST_DENSE_K3, &ro, &d, NULL), BK_OK);
  return d;
}

static bk_logistic_model *train(const bk_logistic_data *d, uint32_t laplace) {
  bk_logistic_train_options o;
  bk_logistic_train_options_default(&o);
  o.lambda = 0.01;
  o.laplace = laplace;
  bk_logistic_model *m = NULL;
  CHECK_STATUS(bk_logistic_train(d, &o, &m), BK_OK);
  return m;
}

/* A test row over the 8 features (ids out of order, one unknown id). */
static const uint32_t ROW_IDS[] = {3, 0, 1, 2, 7, 4, 5, 6, 999};
static const double ROW_VALS[] = {0.9, -1.2, 2.1, 0.4, -0.8, 1.5, -0.3, 0.7, 5.0};
enum { ROW_NNZ = 9 };

/* ------------------------------------------------------------ options */

/* The default functions set struct_size and write every field: filled over two
 * different byte patterns, the structs agree field by field. The values are the
 * core's defaults (capi's defaults_tests checks them), not restated here. */
static void test_defaults(void) {
  bk_logistic_mc_options mo, mo2;
  memset(&mo, 0xa5, sizeof mo);
  memset(&mo2, 0x5a, sizeof mo2);
  CHECK_STATUS(bk_logistic_mc_options_default(&mo), BK_OK);
  CHECK_STATUS(bk_logistic_mc_options_default(&mo2), BK_OK);
  CHECK(mo.struct_size == sizeof(bk_logistic_mc_options));
  CHECK(mo.draws == mo2.draws);
  CHECK(mo.level == mo2.level);
  CHECK_FAIL(bk_logistic_mc_options_default(NULL), BK_ERR_NULL_POINTER);

  bk_logistic_path_options po, po2;
  memset(&po, 0xa5, sizeof po);
  memset(&po2, 0x5a, sizeof po2);
  CHECK_STATUS(bk_logistic_path_options_default(&po), BK_OK);
  CHECK_STATUS(bk_logistic_path_options_default(&po2), BK_OK);
  CHECK(po.struct_size == sizeof(bk_logistic_path_options));
  CHECK(po.n_lambdas == po2.n_lambdas);
  CHECK(po.min_ratio == po2.min_ratio);
  CHECK(po.lambdas == po2.lambdas);
  CHECK(po.n_values == po2.n_values);
  CHECK(po.early_stop == po2.early_stop);
  CHECK(po.folds == po2.folds);
  CHECK(po.seed == po2.seed);
  CHECK(po.choice == po2.choice);
  CHECK_FAIL(bk_logistic_path_options_default(NULL), BK_ERR_NULL_POINTER);

  CHECK(BK_LAPLACE_NONE == 0 && BK_LAPLACE_BLOCKS == 1 && BK_LAPLACE_FULL == 2);
  CHECK(BK_CV_MIN == 0 && BK_CV_ONE_SE == 1);

  CHECK(bk_logistic_mc_scratch_len(3, 1000) == 2 * 9 + 2 * 3 + 1000 * 3);
  CHECK(bk_logistic_mc_scratch_len(2, 2) == 8 + 4 + 4);
  CHECK(bk_logistic_mc_scratch_len(SIZE_MAX, 2) == 0);
  CHECK(bk_logistic_mc_scratch_len(3, SIZE_MAX) == 0);
  CHECK(bk_logistic_mc_scratch_len(3, SIZE_MAX / 3) == 0);
}

/* ------------------------------------------------------------ Laplace */

static void test_laplace(void) {
  bk_logistic_data *d = read_dense(PX); /* ids 8 and 9 never occur: no weights */
  bk_logistic_model *plain = train(d, BK_LAPLACE_NONE);
  uint32_t method = 77;
  CHECK_STATUS(bk_logistic_model_laplace(plain, &method), BK_OK);
  CHECK(method == BK_LAPLACE_NONE);
  CHECK_FAIL(bk_logistic_model_laplace(NULL, &method), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_model_laplace(plain, NULL), BK_ERR_NULL_POINTER);

  /* Without covariances every covariance call refuses and writes nothing. */
  double cov[T];
  fill(cov, T, SENTINEL);
  CHECK_FAIL(bk_logistic_model_covariance(plain, 0, cov, T), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("no Laplace covariances");
  CHECK_FAIL(bk_logistic_model_intercept_covariance(plain, cov, T), BK_ERR_INVALID_ARGUMENT);
  CHECK(all_eq(cov, T, SENTINEL));

  /* Blocks and full, from the plain model. */
  bk_logistic_model *mb = NULL, *mf = NULL;
  CHECK_STATUS(bk_logistic_laplace(plain, d, BK_LAPLACE_BLOCKS, NULL, 0, &mb), BK_OK);
  CHECK_STATUS(bk_logistic_laplace(plain, d, BK_LAPLACE_FULL, NULL, 0, &mf), BK_OK);
  CHECK_STATUS(bk_logistic_model_laplace(mb, &method), BK_OK);
  CHECK(method == BK_LAPLACE_BLOCKS);
  CHECK_STATUS(bk_logistic_model_laplace(mf, &method), BK_OK);
  CHECK(method == BK_LAPLACE_FULL);

  /* Training with laplace = BLOCKS gives the same covariances as laplace() after. */
  bk_logistic_model *tb = train(d, BK_LAPLACE_BLOCKS);
  double a[T], b[T];
  for (uint32_t j = 0; j < PX; j++) {
    CHECK_STATUS(bk_logistic_model_covariance(mb, j, a, T), BK_OK);
    CHECK_STATUS(bk_logistic_model_covariance(tb, j, b, T), BK_OK);
    CHECK(memcmp(a, b, sizeof a) == 0);
  }

  for (int which = 0; which < 2; which++) {
    const bk_logistic_model *m = which ? mf : mb;
    for (uint32_t j = 0; j < P; j++) {
      fill(cov, T, SENTINEL);
      CHECK_STATUS(bk_logistic_model_covariance(m, j, cov, T), BK_OK);
      /* Variances ≥ 0 (0 for a weight the L1 penalty zeroed), not all 0. */
      double trace = 0.0;
      for (size_t r = 0; r < K; r++) {
        CHECK(cov[packed(r, r)] >= 0.0);
        trace += cov[packed(r, r)];
        for (size_t c = 0; c < r; c++)
          CHECK(fabs(cov[packed(r, c)]) <= sqrt(cov[packed(r, r)] * cov[packed(c, c)]) * (1 + 1e-9));
      }
      CHECK(trace > 0.0);
    }
    /* Ids 8 and 9 have no stored weights: the zero block. */
    fill(cov, T, SENTINEL);
    CHECK_STATUS(bk_logistic_model_covariance(m, 9, cov, T), BK_OK);
    CHECK(all_eq(cov, T, 0.0));
    /* The intercepts are in the sum-to-zero gauge: every row sums to 0. */
    CHECK_STATUS(bk_logistic_model_intercept_covariance(m, cov, T), BK_OK);
    for (size_t r = 0; r < K; r++) {
      double s = 0.0, scale = 0.0;
      for (size_t c = 0; c < K; c++) {
        s += cov[packed(r, c)];
        scale += fabs(cov[packed(r, c)]);
      }
      CHECK(cov[packed(r, r)] > 0.0);
      CHECK(fabs(s) <= 1e-9 * scale);
    }
  }
  /* Full accounts for correlations between features: different numbers. */
  CHECK_STATUS(bk_logistic_model_covariance(mb, 0, a, T), BK_OK);
  CHECK_STATUS(bk_logistic_model_covariance(mf, 0, b, T), BK_OK);
  CHECK(memcmp(a, b, sizeof a) != 0);

  /* Covariance accessor errors: out untouched. */
  fill(cov, T, SENTINEL);
  CHECK_FAIL(bk_logistic_model_covariance(NULL, 0, cov, T), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_model_covariance(mb, 0, NULL, T), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_model_covariance(mb, 0, cov, T - 1), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("K·(K+1)/2");
  CHECK_FAIL(bk_logistic_model_covariance(mb, 0, cov, K * K), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_logistic_model_covariance(mb, PX, cov, T), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("out of range");
  CHECK_FAIL(bk_logistic_model_covariance(mb, UINT32_MAX, cov, T), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_logistic_model_intercept_covariance(NULL, cov, T), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_model_intercept_covariance(mb, NULL, T), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_model_intercept_covariance(mb, cov, T + 1), BK_ERR_INVALID_ARGUMENT);
  CHECK(all_eq(cov, T, SENTINEL));

  /* bk_logistic_laplace errors: *out untouched. */
  bk_logistic_model *out = MODEL_SENTINEL;
  CHECK_FAIL(bk_logistic_laplace(NULL, d, BK_LAPLACE_BLOCKS, NULL, 0, &out), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_laplace(plain, NULL, BK_LAPLACE_BLOCKS, NULL, 0, &out), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_laplace(plain, d, BK_LAPLACE_BLOCKS, NULL, 0, NULL), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_laplace(plain, d, BK_LAPLACE_NONE, NULL, 0, &out), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("method must be blocks or full (got none: to remove covariances, copy the model without them)");
  CHECK_FAIL(bk_logistic_laplace(plain, d, 3, NULL, 0, &out), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("method must be blocks or full (got 3)");
  const double cw_bad[] = {1.0, 2.0};
  const double cw_neg[] = {1.0, -2.0, 1.0};
  CHECK_FAIL(bk_logistic_laplace(plain, d, BK_LAPLACE_BLOCKS, cw_bad, 2, &out), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_logistic_laplace(plain, d, BK_LAPLACE_BLOCKS, cw_neg, 3, &out), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("class_weights");
  const double cw_nan[] = {1.0, NAN, 1.0};
  CHECK_FAIL(bk_logistic_laplace(plain, d, BK_LAPLACE_BLOCKS, cw_nan, 3, &out), BK_ERR_INVALID_ARGUMENT);
  /* Data of other classes, or another feature count. */
  bk_logistic_data *other = NULL;
  bk_logistic_read_options auto_ids;
  bk_logistic_read_options_default(&auto_ids);
  auto_ids.id_base = BK_LOGISTIC_ID_BASE_AUTO;
  CHECK_STATUS(bk_logistic_data_read_svmlight(K2_MIXED, &auto_ids, &other, NULL), BK_OK);
  CHECK_FAIL(bk_logistic_laplace(plain, other, BK_LAPLACE_BLOCKS, NULL, 0, &out), BK_ERR_INVALID_ARGUMENT);
  bk_logistic_data *narrow = read_dense(0); /* 8 features, the model has 10 */
  CHECK_FAIL(bk_logistic_laplace(plain, narrow, BK_LAPLACE_BLOCKS, NULL, 0, &out), BK_ERR_INVALID_ARGUMENT);
  CHECK(out == MODEL_SENTINEL);

  /* Class weights change the covariances. */
  const double cw[] = {1.0, 3.0, 1.0};
  bk_logistic_model *mw = NULL;
  CHECK_STATUS(bk_logistic_laplace(plain, d, BK_LAPLACE_BLOCKS, cw, K, &mw), BK_OK);
  CHECK_STATUS(bk_logistic_model_covariance(mw, 0, b, T), BK_OK);
  CHECK_STATUS(bk_logistic_model_covariance(mb, 0, a, T), BK_OK);
  CHECK(memcmp(a, b, sizeof a) != 0);

  /* Save/load and bytes keep the covariances and the method. */
  char path[40];
  strcpy(path, "/tmp/bk_uncert_test_XXXXXX");
  int fd = mkstemp(path);
  CHECK(fd >= 0);
  if (fd >= 0) close(fd);
  for (int which = 0; which < 2; which++) {
    const bk_logistic_model *m = which ? mf : mb;
    CHECK_STATUS(bk_logistic_model_save(m, path), BK_OK);
    bk_logistic_model *back = NULL;
    CHECK_STATUS(bk_logistic_model_load(path, &back), BK_OK);
    CHECK_STATUS(bk_logistic_model_laplace(back, &method), BK_OK);
    CHECK(method == (which ? BK_LAPLACE_FULL : BK_LAPLACE_BLOCKS));
    for (uint32_t j = 0; j < PX; j++) {
      CHECK_STATUS(bk_logistic_model_covariance(m, j, a, T), BK_OK);
      CHECK_STATUS(bk_logistic_model_covariance(back, j, b, T), BK_OK);
      CHECK(memcmp(a, b, sizeof a) == 0);
    }
    CHECK_STATUS(bk_logistic_model_intercept_covariance(m, a, T), BK_OK);
    CHECK_STATUS(bk_logistic_model_intercept_covariance(back, b, T), BK_OK);
    CHECK(memcmp(a, b, sizeof a) == 0);
    bk_logistic_model_free(back);
  }
  /* A model saved without covariances loads without them. */
  CHECK_STATUS(bk_logistic_model_save(plain, path), BK_OK);
  bk_logistic_model *back = NULL;
  CHECK_STATUS(bk_logistic_model_load(path, &back), BK_OK);
  CHECK_STATUS(bk_logistic_model_laplace(back, &method), BK_OK);
  CHECK(method == BK_LAPLACE_NONE);
  bk_logistic_model_free(back);
  unlink(path);

  bk_logistic_model_free(mw);
  bk_logistic_data_free(narrow);
  bk_logistic_data_free(other);
  bk_logistic_model_free(tb);
  bk_logistic_model_free(mf);
  bk_logistic_model_free(mb);
  bk_logistic_model_free(plain);
  bk_logistic_data_free(d);
}

/* The model's file bytes, malloc'd (*len of them); NULL on failure. */
static uint8_t *bytes_of(const bk_logistic_model *m, size_t *len) {
  if (bk_logistic_model_to_bytes(m, NULL, 0, len) != BK_OK) return NULL;
  uint8_t *b = malloc(*len);
  if (b != NULL && bk_logistic_model_to_bytes(m, b, *len, len) != BK_OK) {
    free(b);
    return NULL;
  }
  return b;
}

/* Removing the covariances: the model trained without them, byte for byte. */
static void test_without_covariances(void) {
  bk_logistic_data *d = read_dense(PX);
  bk_logistic_model *plain = train(d, BK_LAPLACE_NONE);
  bk_logistic_model *mb = train(d, BK_LAPLACE_BLOCKS);
  bk_logistic_model *mf = NULL;
  CHECK_STATUS(bk_logistic_laplace(plain, d, BK_LAPLACE_FULL, NULL, 0, &mf), BK_OK);
  size_t plain_len = 0;
  uint8_t *plain_bytes = bytes_of(plain, &plain_len);
  CHECK(plain_bytes != NULL);
  const bk_logistic_model *with[3] = {mb, mf, plain};
  for (int i = 0; i < 3; i++) {
    bk_logistic_model *x = NULL;
    CHECK_STATUS(bk_logistic_model_without_covariances(with[i], &x), BK_OK);
    uint32_t method = 77;
    CHECK_STATUS(bk_logistic_model_laplace(x, &method), BK_OK);
    CHECK(method == BK_LAPLACE_NONE);
    double cov[T];
    fill(cov, T, SENTINEL);
    CHECK_FAIL(bk_logistic_model_covariance(x, 0, cov, T), BK_ERR_INVALID_ARGUMENT);
    CHECK(all_eq(cov, T, SENTINEL));
    size_t len = 0;
    uint8_t *b = bytes_of(x, &len);
    CHECK(b != NULL && plain_bytes != NULL && len == plain_len && memcmp(b, plain_bytes, len) == 0);
    free(b);
    /* The same point predictions, bit for bit; the original keeps its covariances. */
    double p[K], q[K];
    CHECK_STATUS(bk_logistic_model_predict_proba(with[i], ROW_IDS, ROW_VALS, ROW_NNZ, p, K), BK_OK);
    CHECK_STATUS(bk_logistic_model_predict_proba(x, ROW_IDS, ROW_VALS, ROW_NNZ, q, K), BK_OK);
    CHECK(memcmp(p, q, sizeof p) == 0);
    CHECK_STATUS(bk_logistic_model_laplace(with[i], &method), BK_OK);
    CHECK(method == (i == 0 ? BK_LAPLACE_BLOCKS : i == 1 ? BK_LAPLACE_FULL : BK_LAPLACE_NONE));
    bk_logistic_model_free(x);
  }
  /* Covariances added back: the same as from the plain model. */
  bk_logistic_model *x = NULL, *again = NULL;
  CHECK_STATUS(bk_logistic_model_without_covariances(mb, &x), BK_OK);
  CHECK_STATUS(bk_logistic_laplace(x, d, BK_LAPLACE_BLOCKS, NULL, 0, &again), BK_OK);
  double a[T], b[T];
  CHECK_STATUS(bk_logistic_model_covariance(again, 1, a, T), BK_OK);
  CHECK_STATUS(bk_logistic_model_covariance(mb, 1, b, T), BK_OK);
  CHECK(memcmp(a, b, sizeof a) == 0);
  bk_logistic_model_free(again);
  bk_logistic_model_free(x);
  /* Errors: *out untouched. */
  bk_logistic_model *out = MODEL_SENTINEL;
  CHECK_FAIL(bk_logistic_model_without_covariances(NULL, &out), BK_ERR_NULL_POINTER);
  CHECK_MESSAGE_HAS("`model`");
  CHECK_FAIL(bk_logistic_model_without_covariances(mb, NULL), BK_ERR_NULL_POINTER);
  CHECK_MESSAGE_HAS("`out`");
  CHECK(out == MODEL_SENTINEL);
  free(plain_bytes);
  bk_logistic_model_free(mf);
  bk_logistic_model_free(mb);
  bk_logistic_model_free(plain);
  bk_logistic_data_free(d);
}

/* ------------------------------------------------------------ moderated */

static void test_moderated(void) {
  bk_logistic_data *d = read_dense(0);
  bk_logistic_model *m = train(d, BK_LAPLACE_BLOCKS);
  bk_logistic_model *plain = train(d, BK_LAPLACE_NONE);

  double p[K], q[K], v[K];
  CHECK_STATUS(bk_logistic_model_predict_proba(m, ROW_IDS, ROW_VALS, ROW_NNZ, p, K), BK_OK);
  CHECK_STATUS(bk_logistic_model_predict_moderated(m, ROW_IDS, ROW_VALS, ROW_NNZ, q, v, K), BK_OK);
  CHECK_NEAR(sum(q, K), 1.0, 1e-12);
  for (size_t c = 0; c < K; c++) CHECK(v[c] > 0.0);
  /* Pulled towards uniform: more entropy, a smaller top probability. */
  CHECK(entropy(q, K) > entropy(p, K));
  double pmax = fmax(fmax(p[0], p[1]), p[2]), qmax = fmax(fmax(q[0], q[1]), q[2]);
  CHECK(qmax < pmax);
  /* The variances are the intercepts' plus x²·each feature's (unknown id ignored). */
  double ic[T], fc[T];
  CHECK_STATUS(bk_logistic_model_intercept_covariance(m, ic, T), BK_OK);
  for (size_t c = 0; c < K; c++) {
    double want = ic[packed(c, c)];
    for (size_t i = 0; i + 1 < ROW_NNZ; i++) {
      CHECK_STATUS(bk_logistic_model_covariance(m, ROW_IDS[i], fc, T), BK_OK);
      want += ROW_VALS[i] * ROW_VALS[i] * fc[packed(c, c)];
    }
    CHECK_NEAR(v[c], want, 1e-12);
  }
  /* An empty row: the intercepts alone. */
  CHECK_STATUS(bk_logistic_model_predict_moderated(m, NULL, NULL, 0, q, v, K), BK_OK);
  for (size_t c = 0; c < K; c++) CHECK(v[c] == ic[packed(c, c)]);

  /* Errors: outputs untouched. */
  fill(q, K, SENTINEL);
  fill(v, K, SENTINEL);
  CHECK_FAIL(bk_logistic_model_predict_moderated(NULL, ROW_IDS, ROW_VALS, ROW_NNZ, q, v, K), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_model_predict_moderated(m, NULL, ROW_VALS, ROW_NNZ, q, v, K), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_model_predict_moderated(m, ROW_IDS, NULL, ROW_NNZ, q, v, K), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_model_predict_moderated(m, ROW_IDS, ROW_VALS, ROW_NNZ, NULL, v, K), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_model_predict_moderated(m, ROW_IDS, ROW_VALS, ROW_NNZ, q, NULL, K), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_model_predict_moderated(m, ROW_IDS, ROW_VALS, ROW_NNZ, q, v, 2), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_logistic_model_predict_moderated(plain, ROW_IDS, ROW_VALS, ROW_NNZ, q, v, K),
             BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("no Laplace covariances");
  CHECK_FAIL(bk_logistic_model_predict_moderated(m, ROW_IDS, ROW_VALS, ROW_NNZ, q, q, K), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("overlap");
  CHECK_FAIL(bk_logistic_model_predict_moderated(m, ROW_IDS, ROW_VALS, ROW_NNZ, q, q + 1, K),
             BK_ERR_INVALID_ARGUMENT);
  CHECK(all_eq(q, K, SENTINEL) && all_eq(v, K, SENTINEL));

  /* Batch: two rows (the test row and an empty one), each bit for bit the single row. */
  const size_t indptr[] = {0, ROW_NNZ, ROW_NNZ};
  double bq[2 * K], bv[2 * K], bq2[2 * K];
  CHECK_STATUS(bk_logistic_model_predict_moderated_batch(m, indptr, 2, ROW_IDS, ROW_VALS, ROW_NNZ, bq, bv, K), BK_OK);
  CHECK_STATUS(bk_logistic_model_predict_moderated(m, ROW_IDS, ROW_VALS, ROW_NNZ, q, v, K), BK_OK);
  CHECK(memcmp(bq, q, sizeof q) == 0 && memcmp(bv, v, sizeof v) == 0);
  CHECK_STATUS(bk_logistic_model_predict_moderated(m, NULL, NULL, 0, q, v, K), BK_OK);
  CHECK(memcmp(bq + K, q, sizeof q) == 0 && memcmp(bv + K, v, sizeof v) == 0);
  /* Without the variances. */
  CHECK_STATUS(bk_logistic_model_predict_moderated_batch(m, indptr, 2, ROW_IDS, ROW_VALS, ROW_NNZ, bq2, NULL, K),
               BK_OK);
  CHECK(memcmp(bq, bq2, sizeof bq) == 0);
  /* No rows. */
  const size_t none[] = {0};
  CHECK_STATUS(bk_logistic_model_predict_moderated_batch(m, none, 0, NULL, NULL, 0, NULL, NULL, K), BK_OK);
  /* Batch errors: outputs untouched. */
  fill(bq, 2 * K, SENTINEL);
  fill(bv, 2 * K, SENTINEL);
  const size_t bad_indptr[] = {0, ROW_NNZ, ROW_NNZ - 1};
  CHECK_FAIL(bk_logistic_model_predict_moderated_batch(NULL, indptr, 2, ROW_IDS, ROW_VALS, ROW_NNZ, bq, bv, K),
             BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_model_predict_moderated_batch(m, NULL, 2, ROW_IDS, ROW_VALS, ROW_NNZ, bq, bv, K),
             BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_model_predict_moderated_batch(m, indptr, 2, ROW_IDS, ROW_VALS, ROW_NNZ, NULL, bv, K),
             BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_model_predict_moderated_batch(m, bad_indptr, 2, ROW_IDS, ROW_VALS, ROW_NNZ, bq, bv, K),
             BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_logistic_model_predict_moderated_batch(m, indptr, 2, ROW_IDS, ROW_VALS, ROW_NNZ, bq, bv, 4),
             BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_logistic_model_predict_moderated_batch(plain, indptr, 2, ROW_IDS, ROW_VALS, ROW_NNZ, bq, bv, K),
             BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_logistic_model_predict_moderated_batch(m, indptr, 2, ROW_IDS, ROW_VALS, ROW_NNZ, bq, bq + 3, K),
             BK_ERR_INVALID_ARGUMENT);
  CHECK(all_eq(bq, 2 * K, SENTINEL) && all_eq(bv, 2 * K, SENTINEL));

  bk_logistic_model_free(plain);
  bk_logistic_model_free(m);
  bk_logistic_data_free(d);
}

/* ------------------------------------------------------------ Monte Carlo */

/* One MC prediction of the test row with a fresh generator of `seed`. */
static bk_status mc_seeded(const bk_logistic_model *m, uint64_t seed, const bk_logistic_mc_options *o,
                           double *mean, double *lo, double *hi) {
  bk_rng *rng = NULL;
  bk_logistic_mc_options def; /* NULL options: the scratch of the default draws */
  if (bk_logistic_mc_options_default(&def) != BK_OK) return BK_ERR_INTERNAL;
  if (bk_rng_new(seed, &rng) != BK_OK) return BK_ERR_INTERNAL;
  size_t n = 0;
  if (bk_logistic_mc_scratch_size(K, (o ? o : &def)->draws, &n) != BK_OK) return BK_ERR_INTERNAL;
  double *scratch = malloc(n * sizeof *scratch);
  bk_status s = bk_logistic_model_predict_mc(m, ROW_IDS, ROW_VALS, ROW_NNZ, rng, o, scratch, n, mean, lo, hi, K);
  free(scratch);
  bk_rng_free(rng);
  return s;
}

/* The scratch size: a status for bad input, the length predict_mc needs. */
static void test_mc_scratch_size(void) {
  size_t n = 99;
  CHECK_STATUS(bk_logistic_mc_scratch_size(K, 1000, &n), BK_OK);
  CHECK(n == 2 * K * K + 2 * K + 1000 * K);
  CHECK(n == bk_logistic_mc_scratch_len(K, 1000)); /* the deprecated function agrees */
  CHECK_STATUS(bk_logistic_mc_scratch_size(2, 2, &n), BK_OK);
  CHECK(n == 2 * 4 + 2 * 2 + 2 * 2);
  CHECK_STATUS(bk_logistic_mc_scratch_size(K, BK_MAX_MC_DRAWS, &n), BK_OK);
  CHECK(n == 2 * K * K + 2 * K + BK_MAX_MC_DRAWS * K);
  CHECK_STATUS(bk_logistic_mc_scratch_size((size_t)BK_MAX_CLASSES, 2, &n), BK_OK);
  /* Bad input is an error with a message, never a length of 0; *len untouched. */
  n = 99;
  CHECK_FAIL(bk_logistic_mc_scratch_size(K, 1, &n), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("draws must be in 2..=10000000, got 1");
  CHECK_FAIL(bk_logistic_mc_scratch_size(K, 0, &n), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_logistic_mc_scratch_size(K, BK_MAX_MC_DRAWS + 1, &n), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_logistic_mc_scratch_size(K, UINT64_MAX, &n), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("draws must be in 2..=10000000");
  CHECK_FAIL(bk_logistic_mc_scratch_size(1, 1000, &n), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("k must be in 2..=65536, got 1");
  CHECK_FAIL(bk_logistic_mc_scratch_size(0, 1000, &n), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_logistic_mc_scratch_size((size_t)BK_MAX_CLASSES + 1, 1000, &n), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_logistic_mc_scratch_size(SIZE_MAX, 1000, &n), BK_ERR_INVALID_ARGUMENT);
  CHECK(n == 99);
  CHECK_FAIL(bk_logistic_mc_scratch_size(K, 1000, NULL), BK_ERR_NULL_POINTER);
  CHECK_MESSAGE_HAS("`len`");
}

static void test_mc(void) {
  bk_logistic_data *d = read_dense(0);
  bk_logistic_model *m = train(d, BK_LAPLACE_FULL);
  bk_logistic_model *plain = train(d, BK_LAPLACE_NONE);

  bk_logistic_mc_options o;
  bk_logistic_mc_options_default(&o);
  o.draws = 4000;
  o.level = 0.9;
  double m1[K], l1[K], u1[K], m2[K], l2[K], u2[K], m3[K], l3[K], u3[K];
  CHECK_STATUS(mc_seeded(m, 7, &o, m1, l1, u1), BK_OK);
  CHECK_STATUS(mc_seeded(m, 7, &o, m2, l2, u2), BK_OK);
  CHECK_STATUS(mc_seeded(m, 8, &o, m3, l3, u3), BK_OK);
  CHECK(memcmp(m1, m2, sizeof m1) == 0 && memcmp(l1, l2, sizeof l1) == 0 && memcmp(u1, u2, sizeof u1) == 0);
  CHECK(memcmp(m1, m3, sizeof m1) != 0);
  CHECK_NEAR(sum(m1, K), 1.0, 1e-12);
  double q[K], v[K];
  CHECK_STATUS(bk_logistic_model_predict_moderated(m, ROW_IDS, ROW_VALS, ROW_NNZ, q, v, K), BK_OK);
  for (size_t c = 0; c < K; c++) {
    CHECK(l1[c] <= m1[c] && m1[c] <= u1[c]);
    CHECK(0.0 <= l1[c] && u1[c] <= 1.0 && l1[c] < u1[c]);
    /* MacKay's approximation and the MC mean agree roughly. */
    CHECK(fabs(m1[c] - q[c]) < 0.05);
    CHECK(fabs(m1[c] - m3[c]) < 0.02);
  }
  /* NULL options are the defaults. */
  bk_logistic_mc_options def;
  bk_logistic_mc_options_default(&def);
  CHECK_STATUS(mc_seeded(m, 7, NULL, m2, l2, u2), BK_OK);
  CHECK_STATUS(mc_seeded(m, 7, &def, m3, l3, u3), BK_OK);
  CHECK(memcmp(m2, m3, sizeof m2) == 0 && memcmp(l2, l3, sizeof l2) == 0 && memcmp(u2, u3, sizeof u2) == 0);
  /* An older, shorter options struct (without `level`) keeps the default level. */
  bk_logistic_mc_options shorter = def;
  shorter.struct_size = (uint32_t)offsetof(bk_logistic_mc_options, level);
  shorter.level = 0.5;
  CHECK_STATUS(mc_seeded(m, 7, &shorter, m3, l3, u3), BK_OK);
  CHECK(memcmp(l2, l3, sizeof l2) == 0);

  /* Errors: outputs, scratch and the generator untouched. */
  bk_rng *rng = NULL;
  CHECK_STATUS(bk_rng_new(7, &rng), BK_OK);
  size_t n = bk_logistic_mc_scratch_len(K, def.draws); /* NULL options below: the default draws */
  double *scratch = malloc((n + 8) * sizeof *scratch);
  fill(scratch, n + 8, SENTINEL);
  double mean[K], lo[K], hi[K];
  fill(mean, K, SENTINEL);
  fill(lo, K, SENTINEL);
  fill(hi, K, SENTINEL);
#define MC(model, r, opts, s, len, mn, l, h, k) \
  bk_logistic_model_predict_mc(model, ROW_IDS, ROW_VALS, ROW_NNZ, r, opts, s, len, mn, l, h, k)
  CHECK_FAIL(MC(NULL, rng, NULL, scratch, n, mean, lo, hi, K), BK_ERR_NULL_POINTER);
  CHECK_FAIL(MC(m, NULL, NULL, scratch, n, mean, lo, hi, K), BK_ERR_NULL_POINTER);
  CHECK_FAIL(MC(m, rng, NULL, NULL, n, mean, lo, hi, K), BK_ERR_NULL_POINTER);
  CHECK_FAIL(MC(m, rng, NULL, scratch, n, NULL, lo, hi, K), BK_ERR_NULL_POINTER);
  CHECK_FAIL(MC(m, rng, NULL, scratch, n, mean, NULL, hi, K), BK_ERR_NULL_POINTER);
  CHECK_FAIL(MC(m, rng, NULL, scratch, n, mean, lo, NULL, K), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_model_predict_mc(m, NULL, ROW_VALS, ROW_NNZ, rng, NULL, scratch, n, mean, lo, hi, K),
             BK_ERR_NULL_POINTER);
  CHECK_FAIL(MC(m, rng, NULL, scratch, n - 1, mean, lo, hi, K), BK_ERR_INVALID_ARGUMENT);
  {
    char want[96];
    snprintf(want, sizeof want, "scratch has %zu values, but %d classes and 1000 draws need %zu", n - 1, K, n);
    CHECK_MESSAGE_HAS(want);
  }
  CHECK_FAIL(MC(m, rng, NULL, scratch, 0, mean, lo, hi, K), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(MC(m, rng, NULL, scratch, n, mean, lo, hi, 2), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(MC(plain, rng, NULL, scratch, n, mean, lo, hi, K), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("no Laplace covariances");
  bk_logistic_mc_options bad = def;
  bad.draws = 1;
  CHECK_FAIL(MC(m, rng, &bad, scratch, bk_logistic_mc_scratch_len(K, 1), mean, lo, hi, K), BK_ERR_INVALID_ARGUMENT);
  bad.draws = 0;
  CHECK_FAIL(MC(m, rng, &bad, scratch, bk_logistic_mc_scratch_len(K, 0), mean, lo, hi, K), BK_ERR_INVALID_ARGUMENT);
  bad.draws = UINT64_MAX;
  CHECK_FAIL(MC(m, rng, &bad, scratch, n, mean, lo, hi, K), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("draws must be in 2..=10000000");
  /* The documented limit: one more draw is refused, and has no scratch length. */
  CHECK(bk_logistic_mc_scratch_len(K, BK_MAX_MC_DRAWS) == 2 * K * K + 2 * K + BK_MAX_MC_DRAWS * K);
  CHECK(bk_logistic_mc_scratch_len(K, BK_MAX_MC_DRAWS + 1) == 0);
  bad.draws = BK_MAX_MC_DRAWS + 1;
  CHECK_FAIL(MC(m, rng, &bad, scratch, n, mean, lo, hi, K), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("draws must be in 2..=10000000");
  bad = def;
  const double levels[] = {0.0, 1.0, -0.5, 1.5, NAN, INFINITY};
  for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++) {
    bad.level = levels[i];
    CHECK_FAIL(MC(m, rng, &bad, scratch, n, mean, lo, hi, K), BK_ERR_INVALID_ARGUMENT);
  }
  bad = def;
  bad.struct_size = 0;
  CHECK_FAIL(MC(m, rng, &bad, scratch, n, mean, lo, hi, K), BK_ERR_INVALID_ARGUMENT);
  /* A size inside a field spliced the caller's bytes with the defaults (struct_size 9
   * and draws 50 ran 818 draws); only sizes of known versions are accepted. */
  bad.struct_size = 9;
  bad.draws = 50;
  CHECK_FAIL(MC(m, rng, &bad, scratch, bk_logistic_mc_scratch_len(K, 50), mean, lo, hi, K), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("ends inside a field");
  bad.struct_size = (uint32_t)offsetof(bk_logistic_mc_options, level) + 1;
  CHECK_FAIL(MC(m, rng, &bad, scratch, bk_logistic_mc_scratch_len(K, 50), mean, lo, hi, K), BK_ERR_INVALID_ARGUMENT);
  /* Overlapping arrays. */
  CHECK_FAIL(MC(m, rng, NULL, scratch, n, mean, mean, hi, K), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("overlap");
  CHECK_FAIL(MC(m, rng, NULL, scratch, n, scratch + n - 1, lo, hi, K), BK_ERR_INVALID_ARGUMENT);
  CHECK(all_eq(mean, K, SENTINEL) && all_eq(lo, K, SENTINEL) && all_eq(hi, K, SENTINEL));
  CHECK(all_eq(scratch, n + 8, SENTINEL));
  /* The generator did not move: its next result is a fresh seed-7 result. */
  CHECK_STATUS(MC(m, rng, NULL, scratch, n, mean, lo, hi, K), BK_OK);
  CHECK(memcmp(mean, m2, sizeof mean) == 0 && memcmp(lo, l2, sizeof lo) == 0 && memcmp(hi, u2, sizeof hi) == 0);
  /* ...and the next call continues the stream. */
  CHECK_STATUS(MC(m, rng, NULL, scratch, n, mean, lo, hi, K), BK_OK);
  CHECK(memcmp(mean, m2, sizeof mean) != 0);
  /* A larger scratch is fine: the same results, the doubles past the size needed
   * untouched (outputs may even live there), any length. */
  bk_rng_free(rng);
  CHECK_STATUS(bk_rng_new(7, &rng), BK_OK);
  fill(scratch, n + 8, SENTINEL);
  CHECK_STATUS(MC(m, rng, NULL, scratch, n + 8, mean, lo, hi, K), BK_OK);
  CHECK(memcmp(mean, m2, sizeof mean) == 0 && memcmp(lo, l2, sizeof lo) == 0 && memcmp(hi, u2, sizeof hi) == 0);
  CHECK(all_eq(scratch + n, 8, SENTINEL));
  bk_rng_free(rng);
  CHECK_STATUS(bk_rng_new(7, &rng), BK_OK);
  CHECK_STATUS(MC(m, rng, NULL, scratch, SIZE_MAX, mean, lo, hi, K), BK_OK); /* only n are touched */
  CHECK(memcmp(mean, m2, sizeof mean) == 0);
  CHECK(all_eq(scratch + n, 8, SENTINEL));
  bk_rng_free(rng);
  CHECK_STATUS(bk_rng_new(7, &rng), BK_OK);
  CHECK_STATUS(MC(m, rng, NULL, scratch, n + 8, scratch + n, scratch + n + K, hi, K), BK_OK);
  CHECK(memcmp(scratch + n, m2, sizeof m2) == 0 && memcmp(scratch + n + K, l2, sizeof l2) == 0);
  /* Fewer draws with the same buffer. */
  bk_logistic_mc_options few = def;
  few.draws = 10;
  CHECK_STATUS(MC(m, rng, &few, scratch, n, mean, lo, hi, K), BK_OK);
#undef MC

  free(scratch);
  bk_rng_free(rng);
  bk_logistic_model_free(plain);
  bk_logistic_model_free(m);
  bk_logistic_data_free(d);
}

/* ------------------------------------------------------------ path and CV */

static void test_path(void) {
  bk_logistic_data *d = read_dense(0);
  bk_logistic_train_options to;
  bk_logistic_train_options_default(&to);
  to.laplace = BK_LAPLACE_NONE;
  bk_logistic_path_options po;
  bk_logistic_path_options_default(&po);
  po.n_lambdas = 6;
  po.min_ratio = 1e-2;
  po.early_stop = 0;

  bk_logistic_path *p = NULL;
  CHECK_STATUS(bk_logistic_path_fit(d, &to, &po, &p), BK_OK);
  size_t len = 0;
  CHECK_STATUS(bk_logistic_path_len(p, &len), BK_OK);
  CHECK(len == 6);
  double lmax = 0.0;
  CHECK_STATUS(bk_logistic_path_lambda_max(p, &lmax), BK_OK);
  CHECK(lmax > 0.0 && isfinite(lmax));
  uint8_t early = 9;
  CHECK_STATUS(bk_logistic_path_stopped_early(p, &early), BK_OK);
  CHECK(early == 0);

  bk_logistic_step s0 = {.struct_size = sizeof(bk_logistic_step)}, s1 = {.struct_size = sizeof(bk_logistic_step)}, s = {.struct_size = sizeof(bk_logistic_step)};
  CHECK_STATUS(bk_logistic_path_step(p, 0, &s0), BK_OK);
  CHECK_STATUS(bk_logistic_path_step(p, 1, &s1), BK_OK);
  CHECK(s0.lambda == lmax);
  CHECK(s0.nnz == 0);
  CHECK(s1.nnz > 0);
  CHECK(s1.lambda < s0.lambda);
  CHECK(s1.loss < s0.loss);
  CHECK(isnan(s0.cv_mean) && isnan(s0.cv_se));
  CHECK(s0.converged == 1 && s1.converged == 1);
  CHECK(s0.objective >= s0.loss);
  CHECK_NEAR(s1.lambda, lmax * pow(1e-2, 1.0 / 5.0), 1e-12);
  double prev = INFINITY;
  for (size_t i = 0; i < len; i++) {
    CHECK_STATUS(bk_logistic_path_step(p, i, &s), BK_OK);
    CHECK(s.lambda < prev);
    prev = s.lambda;
    /* The step's model is a copy with that λ and those weights, without covariances. */
    bk_logistic_model *m = NULL;
    CHECK_STATUS(bk_logistic_path_model(p, i, &m), BK_OK);
    bk_logistic_info info = {.struct_size = sizeof(bk_logistic_info)};
    size_t nnz = 0;
    uint32_t method = 9;
    CHECK_STATUS(bk_logistic_model_info(m, &info), BK_OK);
    CHECK_STATUS(bk_logistic_model_nnz(m, &nnz), BK_OK);
    CHECK_STATUS(bk_logistic_model_laplace(m, &method), BK_OK);
    CHECK(info.lambda == s.lambda && nnz == s.nnz && info.objective == s.objective);
    CHECK(info.iterations == s.iterations);
    CHECK(method == BK_LAPLACE_NONE);
    /* Every fit converged: its duality gap (a bound on the relative suboptimality) is tiny. */
    CHECK(s.gap >= 0.0 && s.gap < 1e-8);
    bk_logistic_model_free(m);
  }
  CHECK_NEAR(prev, lmax * 1e-2, 1e-12);
  /* A caller's struct from before `gap` existed is filled up to `nnz` only. */
  bk_logistic_step old = {.struct_size = (uint32_t)offsetof(bk_logistic_step, gap), .gap = SENTINEL};
  CHECK_STATUS(bk_logistic_path_step(p, 1, &old), BK_OK);
  CHECK(old.nnz == s1.nnz && old.gap == SENTINEL);

  /* Stopping on the duality gap instead of a tight subgradient tolerance. */
  bk_logistic_train_options gap_opts = to;
  gap_opts.tol = 1e-15;
  gap_opts.max_gap = 1e-6;
  gap_opts.lambda = s1.lambda;
  bk_logistic_model *g = NULL;
  CHECK_STATUS(bk_logistic_train(d, &gap_opts, &g), BK_OK);
  bk_logistic_info gi = {.struct_size = sizeof(bk_logistic_info)};
  CHECK_STATUS(bk_logistic_model_info(g, &gi), BK_OK);
  CHECK(gi.converged == 1);
  CHECK((gi.objective - s1.objective) / s1.objective <= 1e-6);
  bk_logistic_model_free(g);
  gap_opts.max_gap = -1.0;
  g = MODEL_SENTINEL;
  CHECK_FAIL(bk_logistic_train(d, &gap_opts, &g), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("max_gap");
  CHECK(g == MODEL_SENTINEL);

  /* Accessor errors: outputs untouched. */
  s.lambda = SENTINEL;
  CHECK_FAIL(bk_logistic_path_step(p, len, &s), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("out of range");
  CHECK_FAIL(bk_logistic_path_step(p, SIZE_MAX, &s), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_logistic_path_step(NULL, 0, &s), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_path_step(p, 0, NULL), BK_ERR_NULL_POINTER);
  CHECK(s.lambda == SENTINEL);
  CHECK_FAIL(bk_logistic_path_len(NULL, &len), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_path_len(p, NULL), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_path_lambda_max(NULL, &lmax), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_path_lambda_max(p, NULL), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_path_stopped_early(NULL, &early), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_path_stopped_early(p, NULL), BK_ERR_NULL_POINTER);
  bk_logistic_model *mo = MODEL_SENTINEL;
  CHECK_FAIL(bk_logistic_path_model(p, len, &mo), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_logistic_path_model(NULL, 0, &mo), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_path_model(p, 0, NULL), BK_ERR_NULL_POINTER);
  /* No CV was run: has_cv says so, and the CV calls are refused. */
  uint8_t has_cv = 7;
  CHECK_STATUS(bk_logistic_path_has_cv(p, &has_cv), BK_OK);
  CHECK(has_cv == 0);
  has_cv = 7;
  CHECK_FAIL(bk_logistic_path_has_cv(NULL, &has_cv), BK_ERR_NULL_POINTER);
  CHECK_MESSAGE_HAS("`path`");
  CHECK_FAIL(bk_logistic_path_has_cv(p, NULL), BK_ERR_NULL_POINTER);
  CHECK_MESSAGE_HAS("`out`");
  CHECK(has_cv == 7);
  CHECK_FAIL(bk_logistic_path_chosen_model(p, &mo), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("the path was fitted without cross-validation (folds = 0)");
  CHECK(mo == MODEL_SENTINEL);
  bk_logistic_cv_summary cs = {.struct_size = sizeof(bk_logistic_cv_summary)};
  cs.folds = 12345;
  CHECK_FAIL(bk_logistic_path_cv(p, &cs), BK_ERR_INVALID_ARGUMENT);
  CHECK(cs.folds == 12345);
  double fl[3];
  fill(fl, 3, SENTINEL);
  CHECK_FAIL(bk_logistic_path_cv_folds(p, 0, fl, 3), BK_ERR_INVALID_ARGUMENT);
  CHECK(all_eq(fl, 3, SENTINEL));
  bk_logistic_path_free(p);
  bk_logistic_path_free(NULL);

  /* NULL options: the defaults (the default grid with early stopping, the default covariances). */
  CHECK_STATUS(bk_logistic_path_fit(d, NULL, NULL, &p), BK_OK);
  CHECK_STATUS(bk_logistic_path_len(p, &len), BK_OK);
  CHECK_STATUS(bk_logistic_path_stopped_early(p, &early), BK_OK);
  {
    bk_logistic_path_options dp;
    bk_logistic_train_options dt;
    CHECK_STATUS(bk_logistic_path_options_default(&dp), BK_OK);
    CHECK_STATUS(bk_logistic_train_options_default(&dt), BK_OK);
    CHECK(len >= 2 && len <= dp.n_lambdas);
    CHECK(early == (dp.early_stop && len < dp.n_lambdas));
    bk_logistic_model *m = NULL;
    uint32_t method = 9;
    CHECK_STATUS(bk_logistic_path_model(p, len - 1, &m), BK_OK);
    CHECK_STATUS(bk_logistic_model_laplace(m, &method), BK_OK);
    CHECK(method == dt.laplace);
    bk_logistic_model_free(m);
  }
  bk_logistic_path_free(p);

  /* Explicit λ values. */
  const double lambdas[] = {0.1, 0.01, 0.001};
  bk_logistic_path_options pe = po;
  pe.lambdas = lambdas;
  pe.n_values = 3;
  pe.early_stop = 1; /* ignored for explicit values */
  CHECK_STATUS(bk_logistic_path_fit(d, &to, &pe, &p), BK_OK);
  CHECK_STATUS(bk_logistic_path_len(p, &len), BK_OK);
  CHECK(len == 3);
  for (size_t i = 0; i < 3 && i < len; i++) {
    CHECK_STATUS(bk_logistic_path_step(p, i, &s), BK_OK);
    CHECK(s.lambda == lambdas[i]);
  }
  bk_logistic_path_free(p);

  /* Fit errors: *out untouched. */
  p = PATH_SENTINEL;
  CHECK_FAIL(bk_logistic_path_fit(NULL, &to, &po, &p), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_path_fit(d, &to, &po, NULL), BK_ERR_NULL_POINTER);
  bk_logistic_path_options bad = po;
  bad.n_lambdas = 1;
  CHECK_FAIL(bk_logistic_path_fit(d, &to, &bad, &p), BK_ERR_INVALID_ARGUMENT);
  bad = po;
  bad.min_ratio = 0.0;
  CHECK_FAIL(bk_logistic_path_fit(d, &to, &bad, &p), BK_ERR_INVALID_ARGUMENT);
  bad.min_ratio = 1.0;
  CHECK_FAIL(bk_logistic_path_fit(d, &to, &bad, &p), BK_ERR_INVALID_ARGUMENT);
  bad = po;
  bad.n_values = 2; /* lambdas NULL */
  CHECK_FAIL(bk_logistic_path_fit(d, &to, &bad, &p), BK_ERR_NULL_POINTER);
  bad = po;
  bad.lambdas = lambdas;
  bad.n_values = 0;
  CHECK_FAIL(bk_logistic_path_fit(d, &to, &bad, &p), BK_ERR_INVALID_ARGUMENT);
  const double rising[] = {0.01, 0.1};
  const double negative[] = {0.1, -0.01};
  bad.lambdas = rising;
  bad.n_values = 2;
  CHECK_FAIL(bk_logistic_path_fit(d, &to, &bad, &p), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("decreasing");
  bad.lambdas = negative;
  CHECK_FAIL(bk_logistic_path_fit(d, &to, &bad, &p), BK_ERR_INVALID_ARGUMENT);
  bad = po;
  bad.folds = 1;
  CHECK_FAIL(bk_logistic_path_fit(d, &to, &bad, &p), BK_ERR_INVALID_ARGUMENT);
  bad.folds = 301;
  CHECK_FAIL(bk_logistic_path_fit(d, &to, &bad, &p), BK_ERR_INVALID_ARGUMENT);
  bad = po;
  bad.folds = 3;
  bad.choice = 2;
  CHECK_FAIL(bk_logistic_path_fit(d, &to, &bad, &p), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("choice must be min or one_se (got 2)");
  bad = po;
  bad.struct_size = 0;
  CHECK_FAIL(bk_logistic_path_fit(d, &to, &bad, &p), BK_ERR_INVALID_ARGUMENT);
  bk_logistic_train_options tbad = to;
  tbad.l1_ratio = 2.0;
  CHECK_FAIL(bk_logistic_path_fit(d, &tbad, &po, &p), BK_ERR_INVALID_ARGUMENT);
  tbad = to;
  tbad.laplace = 5;
  CHECK_FAIL(bk_logistic_path_fit(d, &tbad, &po, &p), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("laplace must be none, blocks or full (got 5)");
  const double cw[] = {1.0, 2.0, 1.0};
  CHECK_FAIL(bk_logistic_path_fit_weighted(d, &to, &po, cw, 2, &p), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_logistic_path_fit_weighted(d, &to, &po, NULL, 3, &p), BK_ERR_NULL_POINTER);
  CHECK(p == PATH_SENTINEL);

  /* Class weights change the fits. */
  CHECK_STATUS(bk_logistic_path_fit_weighted(d, &to, &po, cw, 3, &p), BK_OK);
  CHECK_STATUS(bk_logistic_path_step(p, 1, &s), BK_OK);
  CHECK(s.loss != s1.loss);
  bk_logistic_path_free(p);

  bk_logistic_data_free(d);
}

static void test_cv(void) {
  bk_logistic_data *d = read_dense(0);
  bk_logistic_train_options to;
  bk_logistic_train_options_default(&to);
  to.laplace = BK_LAPLACE_BLOCKS;
  bk_logistic_path_options po;
  bk_logistic_path_options_default(&po);
  po.n_lambdas = 6;
  po.min_ratio = 1e-3;
  po.early_stop = 0;
  po.folds = 3;
  po.seed = 11;

  bk_logistic_path *p = NULL;
  CHECK_STATUS(bk_logistic_path_fit(d, &to, &po, &p), BK_OK);
  size_t len = 0;
  CHECK_STATUS(bk_logistic_path_len(p, &len), BK_OK);
  CHECK(len == 6);
  uint8_t has_cv = 7;
  CHECK_STATUS(bk_logistic_path_has_cv(p, &has_cv), BK_OK);
  CHECK(has_cv == 1);
  bk_logistic_cv_summary cs = {.struct_size = sizeof(bk_logistic_cv_summary)};
  CHECK_STATUS(bk_logistic_path_cv(p, &cs), BK_OK);
  CHECK(cs.folds == 3 && cs.seed == 11 && cs.choice == BK_CV_MIN);
  CHECK(cs.chosen == cs.best);
  CHECK(cs.one_se <= cs.best && cs.best < len);

  double best_mean = INFINITY;
  for (size_t i = 0; i < len; i++) {
    bk_logistic_step s = {.struct_size = sizeof(bk_logistic_step)};
    CHECK_STATUS(bk_logistic_path_step(p, i, &s), BK_OK);
    CHECK(isfinite(s.cv_mean) && s.cv_mean > 0.0);
    CHECK(isfinite(s.cv_se) && s.cv_se >= 0.0);
    if (s.cv_mean < best_mean) best_mean = s.cv_mean;
    double fl[3];
    CHECK_STATUS(bk_logistic_path_cv_folds(p, i, fl, 3), BK_OK);
    CHECK_NEAR(sum(fl, 3) / 3.0, s.cv_mean, 1e-12);
  }
  bk_logistic_step sb = {.struct_size = sizeof(bk_logistic_step)}, so = {.struct_size = sizeof(bk_logistic_step)};
  CHECK_STATUS(bk_logistic_path_step(p, cs.best, &sb), BK_OK);
  CHECK_STATUS(bk_logistic_path_step(p, cs.one_se, &so), BK_OK);
  CHECK(sb.cv_mean == best_mean);
  CHECK(so.cv_mean <= sb.cv_mean + sb.cv_se);

  /* The chosen model is the full-data path's model at the chosen λ, with covariances. */
  bk_logistic_model *chosen = NULL, *at = NULL;
  CHECK_STATUS(bk_logistic_path_chosen_model(p, &chosen), BK_OK);
  CHECK_STATUS(bk_logistic_path_model(p, cs.chosen, &at), BK_OK);
  bk_logistic_info ci = {.struct_size = sizeof(bk_logistic_info)}, ai = {.struct_size = sizeof(bk_logistic_info)};
  CHECK_STATUS(bk_logistic_model_info(chosen, &ci), BK_OK);
  CHECK_STATUS(bk_logistic_model_info(at, &ai), BK_OK);
  CHECK(ci.lambda == sb.lambda && ai.lambda == sb.lambda);
  CHECK(ci.objective == ai.objective && ci.iterations == ai.iterations);
  double pc[K], pa[K];
  CHECK_STATUS(bk_logistic_model_predict_proba(chosen, ROW_IDS, ROW_VALS, ROW_NNZ, pc, K), BK_OK);
  CHECK_STATUS(bk_logistic_model_predict_proba(at, ROW_IDS, ROW_VALS, ROW_NNZ, pa, K), BK_OK);
  CHECK(memcmp(pc, pa, sizeof pc) == 0);
  uint32_t method = 9;
  CHECK_STATUS(bk_logistic_model_laplace(chosen, &method), BK_OK);
  CHECK(method == BK_LAPLACE_BLOCKS);
  /* The step models of a cross-validated path carry no covariances. */
  CHECK_STATUS(bk_logistic_model_laplace(at, &method), BK_OK);
  CHECK(method == BK_LAPLACE_NONE);
  /* laplace() on the step model gives the chosen model's covariances. */
  bk_logistic_model *with = NULL;
  CHECK_STATUS(bk_logistic_laplace(at, d, BK_LAPLACE_BLOCKS, NULL, 0, &with), BK_OK);
  double a[T], b[T];
  for (uint32_t j = 0; j < P; j++) {
    CHECK_STATUS(bk_logistic_model_covariance(with, j, a, T), BK_OK);
    CHECK_STATUS(bk_logistic_model_covariance(chosen, j, b, T), BK_OK);
    CHECK(memcmp(a, b, sizeof a) == 0);
  }
  bk_logistic_model_free(with);
  bk_logistic_model_free(at);
  bk_logistic_model_free(chosen);

  /* Errors. */
  double fl[4];
  fill(fl, 4, SENTINEL);
  CHECK_FAIL(bk_logistic_path_cv_folds(p, 0, fl, 4), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_logistic_path_cv_folds(p, 0, fl, 2), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_logistic_path_cv_folds(p, len, fl, 3), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_logistic_path_cv_folds(p, 0, NULL, 3), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_path_cv_folds(NULL, 0, fl, 3), BK_ERR_NULL_POINTER);
  CHECK(all_eq(fl, 4, SENTINEL));
  CHECK_FAIL(bk_logistic_path_cv(NULL, &cs), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_path_cv(p, NULL), BK_ERR_NULL_POINTER);
  bk_logistic_model *mo = MODEL_SENTINEL;
  CHECK_FAIL(bk_logistic_path_chosen_model(NULL, &mo), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_path_chosen_model(p, NULL), BK_ERR_NULL_POINTER);
  CHECK(mo == MODEL_SENTINEL);

  /* The same seed reproduces; one-standard-error picks one_se. */
  bk_logistic_path *q = NULL;
  po.choice = BK_CV_ONE_SE;
  CHECK_STATUS(bk_logistic_path_fit(d, &to, &po, &q), BK_OK);
  bk_logistic_cv_summary cq = {.struct_size = sizeof(bk_logistic_cv_summary)};
  CHECK_STATUS(bk_logistic_path_cv(q, &cq), BK_OK);
  CHECK(cq.choice == BK_CV_ONE_SE && cq.chosen == cq.one_se);
  CHECK(cq.best == cs.best && cq.one_se == cs.one_se);
  for (size_t i = 0; i < len; i++) {
    bk_logistic_step x = {.struct_size = sizeof(bk_logistic_step)}, y = {.struct_size = sizeof(bk_logistic_step)};
    CHECK_STATUS(bk_logistic_path_step(p, i, &x), BK_OK);
    CHECK_STATUS(bk_logistic_path_step(q, i, &y), BK_OK);
    CHECK(x.cv_mean == y.cv_mean && x.cv_se == y.cv_se);
  }
  bk_logistic_model *c1 = NULL;
  CHECK_STATUS(bk_logistic_path_chosen_model(q, &c1), BK_OK);
  CHECK_STATUS(bk_logistic_model_info(c1, &ci), BK_OK);
  CHECK_STATUS(bk_logistic_path_step(q, cq.one_se, &so), BK_OK);
  CHECK(ci.lambda == so.lambda);
  bk_logistic_path_free(q);
  /* A model taken from a path outlives it. */
  bk_logistic_path_free(p);
  CHECK_STATUS(bk_logistic_model_predict_proba(c1, ROW_IDS, ROW_VALS, ROW_NNZ, pc, K), BK_OK);
  CHECK_NEAR(sum(pc, K), 1.0, 1e-12);
  bk_logistic_model_free(c1);

  bk_logistic_data_free(d);
}

int main(void) {
  test_defaults();
  test_laplace();
  test_without_covariances();
  test_moderated();
  test_mc_scratch_size();
  test_mc();
  test_path();
  test_cv();
  return CHECK_REPORT();
}
