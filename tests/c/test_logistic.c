/*
 * C ABI test of sparse multinomial logistic regression: every bk_logistic_*
 * function of include/bayeskit.h, its results against hand computations from
 * other functions (probabilities sum to 1, batch = single rows bit for bit,
 * the evaluation's log-loss and clip count from predict_log_proba, the
 * confusion matrix from argmax), and the error contract (status code,
 * outputs and handles untouched, a message recorded).
 *
 * The phrase tests read data/demo/tips.tsv relative to the working directory
 * (the Makefile runs the tests from the repository root); define
 * BK_TEST_TIPS_PATH to read it from elsewhere.
 */
#define _POSIX_C_SOURCE 200809L

#include "bayeskit.h"
#include "check.h"

#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef BK_TEST_TIPS_PATH
#define BK_TEST_TIPS_PATH "data/demo/tips.tsv"
#endif

#define SENTINEL (-12345.678)

static void fill(double *x, size_t n, double v) {
  for (size_t i = 0; i < n; i++) x[i] = v;
}

static int all_eq(const double *x, size_t n, double v) {
  for (size_t i = 0; i < n; i++)
    if (!(x[i] == v)) return 0;
  return 1;
}

static size_t argmax(const double *x, size_t n) {
  size_t best = 0;
  for (size_t i = 1; i < n; i++)
    if (x[i] > x[best]) best = i;
  return best;
}

#define DATA_SENTINEL ((bk_logistic_data *)(uintptr_t)0x1234)
#define MODEL_SENTINEL ((bk_logistic_model *)(uintptr_t)0x1234)

/* Writes `text` to a new file under /tmp; its name goes to `path`. */
static int write_temp(char path[static 40], const char *text) {
  strcpy(path, "/tmp/bk_logistic_test_XXXXXX");
  int fd = mkstemp(path);
  if (fd < 0) return 0;
  FILE *f = fdopen(fd, "w");
  if (!f) {
    close(fd);
    unlink(path);
    return 0;
  }
  int ok = fputs(text, f) >= 0;
  ok = (fclose(f) == 0) && ok;
  if (!ok) unlink(path);
  return ok;
}

/* A fresh temporary file name (the file exists, empty). */
static int temp_name(char path[static 40]) { return write_temp(path, ""); }

/* Serialises `m` into a malloc'd buffer (*len bytes); the caller frees it. */
static uint8_t *model_bytes(const bk_logistic_model *m, size_t *len) {
  *len = 0;
  if (bk_logistic_model_to_bytes(m, NULL, 0, len) != BK_OK) return NULL;
  uint8_t *buf = malloc(*len);
  if (!buf) return NULL;
  size_t again = 0;
  if (bk_logistic_model_to_bytes(m, buf, *len, &again) != BK_OK || again != *len) {
    free(buf);
    return NULL;
  }
  return buf;
}

/* The two models serialise to the same bytes. */
static int same_model(const bk_logistic_model *a, const bk_logistic_model *b) {
  size_t la, lb;
  uint8_t *ba = model_bytes(a, &la), *bb = model_bytes(b, &lb);
  int ok = ba && bb && la == lb && memcmp(ba, bb, la) == 0;
  free(ba);
  free(bb);
  return ok;
}

/* ------------------------------------------------------------ fixture */

/*
 * N rows of 3 classes over 5 features: row i has class y = i % 3, feature y
 * (the class signal), feature 3 on even rows (noise), and on every 7th row
 * feature (y + 1) % 3 with a small value (overlap, so the classes are only
 * "separable-ish" and the penalised fit stays finite). Feature 4 is never
 * used.
 */
enum { N = 60, K = 3, P = 5, MAXNNZ = 3 * N };
static size_t FX_INDPTR[N + 1];
static uint32_t FX_IDS[MAXNNZ];
static double FX_VALS[MAXNNZ];
static uint32_t FX_Y[N];
static size_t FX_NNZ;

static void fixture_build(void) {
  size_t at = 0;
  FX_INDPTR[0] = 0;
  for (size_t i = 0; i < N; i++) {
    uint32_t y = (uint32_t)(i % 3);
    uint32_t ids[3];
    double vals[3];
    size_t n = 0;
    ids[n] = y;
    vals[n++] = 1.0 + 0.1 * (double)(i % 5);
    if (i % 7 == 0) {
      ids[n] = (y + 1) % 3;
      vals[n++] = 0.6;
    }
    if (i % 2 == 0) {
      ids[n] = 3;
      vals[n++] = 0.5;
    }
    /* Sort the row by id (ids are distinct). */
    for (size_t a = 1; a < n; a++)
      for (size_t b = a; b > 0 && ids[b - 1] > ids[b]; b--) {
        uint32_t ti = ids[b];
        ids[b] = ids[b - 1];
        ids[b - 1] = ti;
        double tv = vals[b];
        vals[b] = vals[b - 1];
        vals[b - 1] = tv;
      }
    for (size_t j = 0; j < n; j++) {
      FX_IDS[at] = ids[j];
      FX_VALS[at] = vals[j];
      at++;
    }
    FX_INDPTR[i + 1] = at;
    FX_Y[i] = y;
  }
  FX_NNZ = at;
}

static bk_logistic_data *fixture_data(void) {
  bk_logistic_data *d = NULL;
  CHECK_STATUS(bk_logistic_data_from_csr(FX_INDPTR, N, FX_IDS, FX_VALS, FX_NNZ, P, FX_Y, K, NULL, &d),
               BK_OK);
  return d;
}

static bk_logistic_model *fixture_model(void) {
  bk_logistic_data *d = fixture_data();
  bk_logistic_model *m = NULL;
  bk_logistic_train_options o;
  bk_logistic_train_options_default(&o);
  o.lambda = 0.01;
  CHECK_STATUS(bk_logistic_train(d, &o, &m), BK_OK);
  bk_logistic_data_free(d);
  return m;
}

/* The calls of the buffer protocol, bound for CHECK_BUFFER_PROTOCOL. */
static bk_status label1_call(const void *model, void *buf, size_t cap, size_t *len) {
  return bk_logistic_model_label(model, 1, buf, cap, len);
}
static bk_status json_call(const void *model, void *buf, size_t cap, size_t *len) {
  return bk_logistic_model_to_json(model, buf, cap, len);
}
static bk_status bytes_call(const void *model, void *buf, size_t cap, size_t *len) {
  return bk_logistic_model_to_bytes(model, buf, cap, len);
}
static bk_status data_skipped_call(const void *data, void *buf, size_t cap, size_t *len) {
  return bk_logistic_data_first_skipped(data, buf, cap, len);
}
struct feature_of {
  const bk_logistic_model *model;
  uint32_t id;
};
static bk_status feature_name_call(const void *of, void *buf, size_t cap, size_t *len) {
  const struct feature_of *f = of;
  return bk_logistic_model_feature_name(f->model, f->id, buf, cap, len);
}

/* ------------------------------------------------------------ options */

/* The default functions set struct_size and write every field: filled over two
 * different byte patterns, the structs agree field by field. The values are the
 * core's defaults (capi's defaults_tests checks them), not restated here. */
static void test_options_defaults(void) {
  bk_logistic_read_options ro, ro2;
  memset(&ro, 0xa5, sizeof ro);
  memset(&ro2, 0x5a, sizeof ro2);
  CHECK_STATUS(bk_logistic_read_options_default(&ro), BK_OK);
  CHECK_STATUS(bk_logistic_read_options_default(&ro2), BK_OK);
  CHECK(ro.struct_size == sizeof(bk_logistic_read_options));
  CHECK(ro.id_base == ro2.id_base);
  CHECK(ro.n_features == ro2.n_features);
  CHECK(ro.max_features == ro2.max_features);
  CHECK(ro.min_count == ro2.min_count);
  CHECK(ro.hash_bits == ro2.hash_bits);
  CHECK(ro.hash_seed == ro2.hash_seed);
  CHECK(ro.skip_bad == ro2.skip_bad);
  CHECK_FAIL(bk_logistic_read_options_default(NULL), BK_ERR_NULL_POINTER);

  bk_logistic_train_options to, to2;
  memset(&to, 0xa5, sizeof to);
  memset(&to2, 0x5a, sizeof to2);
  CHECK_STATUS(bk_logistic_train_options_default(&to), BK_OK);
  CHECK_STATUS(bk_logistic_train_options_default(&to2), BK_OK);
  CHECK(to.struct_size == sizeof(bk_logistic_train_options));
  CHECK(to.max_iter == to2.max_iter);
  CHECK(to.lambda == to2.lambda);
  CHECK(to.l1_ratio == to2.l1_ratio);
  CHECK(to.tol == to2.tol);
  CHECK(to.threads == to2.threads);
  CHECK(to.laplace == to2.laplace);
  CHECK_FAIL(bk_logistic_train_options_default(NULL), BK_ERR_NULL_POINTER);

  bk_logistic_eval_options eo, eo2;
  memset(&eo, 0xa5, sizeof eo);
  memset(&eo2, 0x5a, sizeof eo2);
  CHECK_STATUS(bk_logistic_eval_options_default(&eo), BK_OK);
  CHECK_STATUS(bk_logistic_eval_options_default(&eo2), BK_OK);
  CHECK(eo.struct_size == sizeof(bk_logistic_eval_options));
  CHECK(eo.clip == eo2.clip);
  CHECK_FAIL(bk_logistic_eval_options_default(NULL), BK_ERR_NULL_POINTER);

  /* Stable values. */
  CHECK(BK_LOGISTIC_ID_BASE_ZERO == 0);
  CHECK(BK_LOGISTIC_ID_BASE_ONE == 1);
  CHECK(BK_LOGISTIC_ID_BASE_AUTO == 2);
  CHECK(BK_LOGISTIC_NO_FEATURE == UINT32_MAX);
}

/* ------------------------------------------------------------ data from CSR */

static void test_data_from_csr(void) {
  bk_logistic_data *d = DATA_SENTINEL;
  size_t n = 99;

  CHECK_STATUS(bk_logistic_data_from_csr(FX_INDPTR, N, FX_IDS, FX_VALS, FX_NNZ, P, FX_Y, K, NULL, &d),
               BK_OK);
  CHECK(d != NULL && d != DATA_SENTINEL);
  CHECK_STATUS(bk_logistic_data_rows(d, &n), BK_OK);
  CHECK(n == N);
  CHECK_STATUS(bk_logistic_data_classes(d, &n), BK_OK);
  CHECK(n == K);
  CHECK_STATUS(bk_logistic_data_features(d, &n), BK_OK);
  CHECK(n == P);
  n = 99;
  CHECK_STATUS(bk_logistic_data_first_skipped(d, NULL, 0, &n), BK_OK); /* nothing read, nothing skipped */
  CHECK(n == 1);
  n = 99;
  CHECK_FAIL(bk_logistic_data_rows(NULL, &n), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_data_rows(d, NULL), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_data_classes(NULL, &n), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_data_classes(d, NULL), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_data_features(NULL, &n), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_data_features(d, NULL), BK_ERR_NULL_POINTER);
  CHECK(n == 99);
  bk_logistic_data_free(d);
  bk_logistic_data_free(NULL); /* no-op */

  /* Rows without entries (nnz = 0, NULL arrays) are fine; so are weights. */
  const size_t empty_ptr[3] = {0, 0, 0};
  const uint32_t y2[2] = {0, 1};
  const double w2[2] = {0.5, 2.0};
  d = NULL;
  CHECK_STATUS(bk_logistic_data_from_csr(empty_ptr, 2, NULL, NULL, 0, 0, y2, 2, w2, &d), BK_OK);
  bk_logistic_data_free(d);

  /* Errors leave *out untouched. */
  d = DATA_SENTINEL;
  const size_t ptr[3] = {0, 2, 3};
  const uint32_t ids[3] = {0, 3, 1};
  const double vals[3] = {1.0, 2.0, 0.5};
  CHECK_STATUS(bk_logistic_data_from_csr(ptr, 2, ids, vals, 3, 4, y2, 2, NULL, NULL), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_data_from_csr(NULL, 2, ids, vals, 3, 4, y2, 2, NULL, &d), BK_ERR_NULL_POINTER);
  CHECK_MESSAGE_HAS("`indptr`");
  CHECK_FAIL(bk_logistic_data_from_csr(ptr, 2, NULL, vals, 3, 4, y2, 2, NULL, &d), BK_ERR_NULL_POINTER);
  CHECK_MESSAGE_HAS("`indices`");
  CHECK_FAIL(bk_logistic_data_from_csr(ptr, 2, ids, NULL, 3, 4, y2, 2, NULL, &d), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_data_from_csr(ptr, 2, ids, vals, 3, 4, NULL, 2, NULL, &d), BK_ERR_NULL_POINTER);
  CHECK_MESSAGE_HAS("`labels`");
  /* Empty data. */
  const size_t zero_ptr[1] = {0};
  CHECK_FAIL(bk_logistic_data_from_csr(zero_ptr, 0, NULL, NULL, 0, 4, NULL, 2, NULL, &d),
             BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("no rows");
  CHECK_FAIL(bk_logistic_data_from_csr(ptr, 2, ids, vals, 3, 4, y2, 0, NULL, &d), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("n_classes");
  /* Bad CSR: indptr not starting at 0, decreasing, ending elsewhere than nnz. */
  const size_t ptr_start[3] = {1, 2, 3};
  CHECK_FAIL(bk_logistic_data_from_csr(ptr_start, 2, ids, vals, 3, 4, y2, 2, NULL, &d),
             BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("indptr[0]");
  const size_t ptr_dec[4] = {0, 2, 1, 3};
  const uint32_t y3[3] = {0, 1, 0};
  CHECK_FAIL(bk_logistic_data_from_csr(ptr_dec, 3, ids, vals, 3, 4, y3, 2, NULL, &d),
             BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("decreases at row 1");
  /* An offset past nnz in the middle is caught before any entry is read. */
  const size_t ptr_far[3] = {0, 1000, 3};
  CHECK_FAIL(bk_logistic_data_from_csr(ptr_far, 2, ids, vals, 3, 4, y2, 2, NULL, &d),
             BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_logistic_data_from_csr(ptr, 2, ids, vals, 2, 4, y2, 2, NULL, &d), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("nnz = 2");
  /* An id >= n_features, ids out of order within a row, a NaN or infinite value. */
  CHECK_FAIL(bk_logistic_data_from_csr(ptr, 2, ids, vals, 3, 3, y2, 2, NULL, &d), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("feature id 3 >= 3");
  const uint32_t ids_unsorted[3] = {3, 0, 1};
  CHECK_FAIL(bk_logistic_data_from_csr(ptr, 2, ids_unsorted, vals, 3, 4, y2, 2, NULL, &d),
             BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("strictly increasing");
  const double vals_nan[3] = {1.0, NAN, 0.5};
  CHECK_FAIL(bk_logistic_data_from_csr(ptr, 2, ids, vals_nan, 3, 4, y2, 2, NULL, &d),
             BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("not finite");
  const double vals_inf[3] = {1.0, 2.0, -INFINITY};
  CHECK_FAIL(bk_logistic_data_from_csr(ptr, 2, ids, vals_inf, 3, 4, y2, 2, NULL, &d),
             BK_ERR_INVALID_ARGUMENT);
  /* Labels and weights. */
  const uint32_t y_bad[2] = {0, 2};
  CHECK_FAIL(bk_logistic_data_from_csr(ptr, 2, ids, vals, 3, 4, y_bad, 2, NULL, &d),
             BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("label 2");
  const double w_neg[2] = {1.0, -1.0}, w_nan[2] = {NAN, 1.0};
  CHECK_FAIL(bk_logistic_data_from_csr(ptr, 2, ids, vals, 3, 4, y2, 2, w_neg, &d), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("weight");
  CHECK_FAIL(bk_logistic_data_from_csr(ptr, 2, ids, vals, 3, 4, y2, 2, w_nan, &d), BK_ERR_INVALID_ARGUMENT);
  /* Sizes out of range. */
  CHECK_FAIL(bk_logistic_data_from_csr(ptr, SIZE_MAX, ids, vals, 3, 4, y2, 2, NULL, &d),
             BK_ERR_INVALID_ARGUMENT);
#if SIZE_MAX > UINT32_MAX
  CHECK_FAIL(bk_logistic_data_from_csr(ptr, 2, ids, vals, 3, ((size_t)1 << 32) + 1, y2, 2, NULL, &d),
             BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_logistic_data_from_csr(ptr, 2, ids, vals, 3, 4, y2, ((size_t)1 << 32) + 1, NULL, &d),
             BK_ERR_INVALID_ARGUMENT);
#endif
  CHECK(d == DATA_SENTINEL);
}

/* ------------------------------------------------------------ training */

static void test_train(void) {
  bk_logistic_data *d = fixture_data();
  bk_logistic_model *m = MODEL_SENTINEL;
  bk_logistic_train_options o, def;
  CHECK_STATUS(bk_logistic_train_options_default(&def), BK_OK);

  /* NULL options: the defaults. */
  CHECK_STATUS(bk_logistic_train(d, NULL, &m), BK_OK);
  CHECK(m != NULL && m != MODEL_SENTINEL);
  bk_logistic_info info = {.struct_size = sizeof(bk_logistic_info)};
  memset(&info, 0xee, sizeof info);
  info.struct_size = sizeof info;
  CHECK_STATUS(bk_logistic_model_info(m, &info), BK_OK);
  CHECK(info.lambda == def.lambda && info.l1_ratio == def.l1_ratio && info.tol == def.tol);
  CHECK(info.rows == N);
  CHECK(info.converged == 1);
  CHECK(info.iterations >= 1 && info.iterations <= def.max_iter);
  CHECK(info.grad_norm <= def.tol);
  CHECK(isfinite(info.objective) && info.objective > 0.0);
  bk_logistic_info copy = info;
  CHECK_FAIL(bk_logistic_model_info(NULL, &info), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_model_info(m, NULL), BK_ERR_NULL_POINTER);
  CHECK(memcmp(&copy, &info, sizeof info) == 0);

  /* Explicit default options give the same model. */
  bk_logistic_model *m2 = NULL;
  CHECK_STATUS(bk_logistic_train_options_default(&o), BK_OK);
  CHECK_STATUS(bk_logistic_train(d, &o, &m2), BK_OK);
  CHECK(same_model(m, m2));
  bk_logistic_model_free(m2);

  /* An older, shorter struct keeps the defaults for the fields it lacks. */
  o.lambda = -1.0;
  o.l1_ratio = 7.0;
  o.struct_size = (uint32_t)offsetof(bk_logistic_train_options, lambda);
  m2 = NULL;
  CHECK_STATUS(bk_logistic_train(d, &o, &m2), BK_OK);
  CHECK(same_model(m, m2));
  bk_logistic_model_free(m2);
  bk_logistic_model_free(m);
  bk_logistic_model_free(NULL); /* no-op */

  /* Running out of passes is not an error. */
  CHECK_STATUS(bk_logistic_train_options_default(&o), BK_OK);
  o.max_iter = 1;
  o.tol = 1e-12;
  m = NULL;
  CHECK_STATUS(bk_logistic_train(d, &o, &m), BK_OK);
  CHECK_STATUS(bk_logistic_model_info(m, &info), BK_OK);
  CHECK(info.converged == 0 && info.iterations == 1);
  bk_logistic_model_free(m);

  /* Bad options. */
  m = MODEL_SENTINEL;
  CHECK_FAIL(bk_logistic_train(NULL, NULL, &m), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_train(d, NULL, NULL), BK_ERR_NULL_POINTER);
  CHECK_STATUS(bk_logistic_train_options_default(&o), BK_OK);
  o.lambda = -0.1;
  CHECK_FAIL(bk_logistic_train(d, &o, &m), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("lambda");
  o.lambda = NAN;
  CHECK_FAIL(bk_logistic_train(d, &o, &m), BK_ERR_INVALID_ARGUMENT);
  o.lambda = INFINITY;
  CHECK_FAIL(bk_logistic_train(d, &o, &m), BK_ERR_INVALID_ARGUMENT);
  CHECK_STATUS(bk_logistic_train_options_default(&o), BK_OK);
  o.l1_ratio = 1.5;
  CHECK_FAIL(bk_logistic_train(d, &o, &m), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("l1_ratio");
  o.l1_ratio = -0.1;
  CHECK_FAIL(bk_logistic_train(d, &o, &m), BK_ERR_INVALID_ARGUMENT);
  o.l1_ratio = NAN;
  CHECK_FAIL(bk_logistic_train(d, &o, &m), BK_ERR_INVALID_ARGUMENT);
  CHECK_STATUS(bk_logistic_train_options_default(&o), BK_OK);
  o.tol = 0.0;
  CHECK_FAIL(bk_logistic_train(d, &o, &m), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("tol");
  CHECK_STATUS(bk_logistic_train_options_default(&o), BK_OK);
  o.max_iter = 0;
  CHECK_FAIL(bk_logistic_train(d, &o, &m), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("max_iter");
  CHECK_STATUS(bk_logistic_train_options_default(&o), BK_OK);
  o.struct_size = 0;
  CHECK_FAIL(bk_logistic_train(d, &o, &m), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("struct_size");
  o.struct_size = 3;
  CHECK_FAIL(bk_logistic_train(d, &o, &m), BK_ERR_INVALID_ARGUMENT);
  CHECK(m == MODEL_SENTINEL);

  /* Class weights. */
  const double cw[K] = {1.0, 3.0, 1.0};
  m = NULL;
  CHECK_STATUS(bk_logistic_train_weighted(d, NULL, cw, K, &m), BK_OK);
  bk_logistic_model *plain = NULL;
  CHECK_STATUS(bk_logistic_train(d, NULL, &plain), BK_OK);
  CHECK(!same_model(m, plain));
  /* Up-weighting class 1 raises its probability on an empty row. */
  double pw[K], pp[K];
  CHECK_STATUS(bk_logistic_model_predict_proba(m, NULL, NULL, 0, pw, K), BK_OK);
  CHECK_STATUS(bk_logistic_model_predict_proba(plain, NULL, NULL, 0, pp, K), BK_OK);
  CHECK(pw[1] > pp[1]);
  /* Unit class weights are the plain fit. */
  const double ones[K] = {1.0, 1.0, 1.0};
  bk_logistic_model *unit = NULL;
  CHECK_STATUS(bk_logistic_train_weighted(d, NULL, ones, K, &unit), BK_OK);
  CHECK(same_model(unit, plain));
  bk_logistic_model_free(unit);
  bk_logistic_model_free(plain);
  bk_logistic_model_free(m);
  m = MODEL_SENTINEL;
  CHECK_FAIL(bk_logistic_train_weighted(d, NULL, cw, 2, &m), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("k = 2");
  CHECK_FAIL(bk_logistic_train_weighted(d, NULL, NULL, K, &m), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_train_weighted(d, NULL, NULL, 0, &m), BK_ERR_INVALID_ARGUMENT);
  const double cw_neg[K] = {1.0, -1.0, 1.0}, cw_nan[K] = {1.0, NAN, 1.0};
  CHECK_FAIL(bk_logistic_train_weighted(d, NULL, cw_neg, K, &m), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_logistic_train_weighted(d, NULL, cw_nan, K, &m), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_logistic_train_weighted(NULL, NULL, cw, K, &m), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_train_weighted(d, NULL, cw, K, NULL), BK_ERR_NULL_POINTER);
  CHECK(m == MODEL_SENTINEL);
  bk_logistic_data_free(d);

  /* A single class (declared, or the only one present), all-zero weights. */
  uint32_t zeros[N];
  memset(zeros, 0, sizeof zeros);
  bk_logistic_data *one = NULL;
  CHECK_STATUS(bk_logistic_data_from_csr(FX_INDPTR, N, FX_IDS, FX_VALS, FX_NNZ, P, zeros, 1, NULL, &one),
               BK_OK);
  CHECK_FAIL(bk_logistic_train(one, NULL, &m), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("class");
  bk_logistic_data_free(one);
  one = NULL;
  CHECK_STATUS(bk_logistic_data_from_csr(FX_INDPTR, N, FX_IDS, FX_VALS, FX_NNZ, P, zeros, 2, NULL, &one),
               BK_OK);
  CHECK_FAIL(bk_logistic_train(one, NULL, &m), BK_ERR_INVALID_ARGUMENT);
  bk_logistic_data_free(one);
  double w0[N];
  fill(w0, N, 0.0);
  bk_logistic_data *unweighted = NULL;
  CHECK_STATUS(bk_logistic_data_from_csr(FX_INDPTR, N, FX_IDS, FX_VALS, FX_NNZ, P, FX_Y, K, w0, &unweighted),
               BK_OK);
  CHECK_FAIL(bk_logistic_train(unweighted, NULL, &m), BK_ERR_INVALID_ARGUMENT);
  bk_logistic_data_free(unweighted);
  CHECK(m == MODEL_SENTINEL);
}

/* ------------------------------------------------------------ model accessors */

static void test_model_accessors(void) {
  bk_logistic_model *m = fixture_model();
  size_t n = 99;

  CHECK_STATUS(bk_logistic_model_classes(m, &n), BK_OK);
  CHECK(n == K);
  CHECK_STATUS(bk_logistic_model_features(m, &n), BK_OK);
  CHECK(n == P);
  CHECK_STATUS(bk_logistic_model_nnz(m, &n), BK_OK);
  CHECK(n >= 3 && n <= 3 * K); /* feature 4 is never used, so never stored */
  n = 99;
  CHECK_FAIL(bk_logistic_model_classes(NULL, &n), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_model_classes(m, NULL), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_model_features(NULL, &n), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_model_features(m, NULL), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_model_nnz(NULL, &n), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_model_nnz(m, NULL), BK_ERR_NULL_POINTER);
  CHECK(n == 99);

  /* Labels: "0", "1", "2", by the buffer protocol (the size counts the NUL). */
  char buf[8];
  size_t len = 99;
  CHECK_STATUS(bk_logistic_model_label(m, 2, buf, sizeof buf, &len), BK_OK);
  CHECK(len == 2 && strcmp(buf, "2") == 0);
  CHECK(CHECK_BUFFER_PROTOCOL(label1_call, m, 1, buf, sizeof buf) == 2);
  CHECK(strcmp(buf, "1") == 0);
  len = 99;
  memset(buf, 'x', sizeof buf);
  CHECK_FAIL(bk_logistic_model_label(m, 3, buf, sizeof buf, &len), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("class_index 3");
  CHECK_FAIL(bk_logistic_model_label(m, SIZE_MAX, buf, sizeof buf, &len), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_logistic_model_label(NULL, 0, buf, sizeof buf, &len), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_model_label(m, 0, buf, sizeof buf, NULL), BK_ERR_NULL_POINTER);
  CHECK(len == 99 && buf[0] == 'x');

  /* JSON, by the buffer protocol. */
  len = 0;
  CHECK_STATUS(bk_logistic_model_to_json(m, NULL, 0, &len), BK_OK);
  CHECK(len > 2);
  char *json = malloc(len + 1);
  CHECK(json != NULL);
  if (json) {
    CHECK(CHECK_BUFFER_PROTOCOL(json_call, m, 1, json, len + 1) == len);
    CHECK(json[0] == '{' && json[len - 2] == '}');
    CHECK(strstr(json, "\"format\":\"bayeskit-logistic\"") != NULL);
    CHECK(strstr(json, "\"classes\":[\"0\",\"1\",\"2\"]") != NULL);
    free(json);
  }
  CHECK_FAIL(bk_logistic_model_to_json(NULL, NULL, 0, &len), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_model_to_json(m, NULL, 0, NULL), BK_ERR_NULL_POINTER);

  /* An indexed model has no phrases. */
  uint32_t id = 7;
  CHECK_FAIL(bk_logistic_model_feature_id(m, "pizza", &id), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("indexed");
  CHECK(id == 7);
  bk_logistic_model_free(m);
}

/* ------------------------------------------------------------ scoring */

static void test_scoring(void) {
  bk_logistic_model *m = fixture_model();
  double p[K], lp[K], batch[N * K];

  /* Every row: probabilities sum to 1, agree with exp(log-probabilities),
   * and mostly pick the true class. */
  int sums_ok = 1, logs_ok = 1, correct = 0;
  for (size_t i = 0; i < N; i++) {
    size_t a = FX_INDPTR[i], nnz = FX_INDPTR[i + 1] - a;
    CHECK_STATUS(bk_logistic_model_predict_proba(m, FX_IDS + a, FX_VALS + a, nnz, p, K), BK_OK);
    CHECK_STATUS(bk_logistic_model_predict_log_proba(m, FX_IDS + a, FX_VALS + a, nnz, lp, K), BK_OK);
    double s = 0.0;
    for (size_t c = 0; c < K; c++) {
      s += p[c];
      if (!(fabs(exp(lp[c]) - p[c]) <= 1e-14 && p[c] > 0.0 && p[c] < 1.0)) logs_ok = 0;
    }
    if (!(fabs(s - 1.0) <= 1e-14)) sums_ok = 0;
    if (argmax(p, K) == FX_Y[i]) correct++;
  }
  CHECK(sums_ok);
  CHECK(logs_ok);
  CHECK(correct >= N * 9 / 10);

  /* A value that is not finite, or one whose logits overflow, is refused (it gave
   * NaN probabilities with BK_OK); the output stays untouched. */
  {
    uint32_t bad_ids[64];
    double nan_vals[2] = {1.0, NAN}, huge_vals[64];
    for (size_t i = 0; i < 64; i++) {
      bad_ids[i] = FX_IDS[0];
      huge_vals[i] = DBL_MAX; /* 64 of them overflow any weight above 1/64 */
    }
    double keep[K];
    for (size_t c = 0; c < K; c++) keep[c] = -7.0;
    CHECK_FAIL(bk_logistic_model_predict_proba(m, bad_ids, nan_vals, 2, keep, K), BK_ERR_INVALID_ARGUMENT);
    CHECK_MESSAGE_HAS("not finite");
    CHECK_FAIL(bk_logistic_model_predict_log_proba(m, bad_ids, huge_vals, 64, keep, K), BK_ERR_INVALID_ARGUMENT);
    CHECK_MESSAGE_HAS("overflow");
    CHECK(keep[0] == -7.0 && keep[K - 1] == -7.0);
  }

  /* The batch equals single-row scoring bit for bit. */
  fill(batch, N * K, SENTINEL);
  CHECK_STATUS(bk_logistic_model_predict_proba_batch(m, FX_INDPTR, N, FX_IDS, FX_VALS, FX_NNZ, batch, K),
               BK_OK);
  int bits_ok = 1;
  for (size_t i = 0; i < N; i++) {
    size_t a = FX_INDPTR[i];
    bk_logistic_model_predict_proba(m, FX_IDS + a, FX_VALS + a, FX_INDPTR[i + 1] - a, p, K);
    if (memcmp(p, batch + i * K, sizeof p) != 0) bits_ok = 0;
  }
  CHECK(bits_ok);

  /* Ids unknown to the model are ignored, and an empty row is the intercepts. */
  const uint32_t row_ids[4] = {0, 3, 4000, BK_LOGISTIC_NO_FEATURE};
  const double row_vals[4] = {1.2, 0.5, 9.0, 3.0};
  double p_known[K], p_extra[K];
  CHECK_STATUS(bk_logistic_model_predict_proba(m, row_ids, row_vals, 2, p_known, K), BK_OK);
  CHECK_STATUS(bk_logistic_model_predict_proba(m, row_ids, row_vals, 4, p_extra, K), BK_OK);
  CHECK(memcmp(p_known, p_extra, sizeof p_known) == 0);
  CHECK(argmax(p_known, K) == 0);
  CHECK_STATUS(bk_logistic_model_predict_proba(m, NULL, NULL, 0, p, K), BK_OK);
  CHECK_NEAR(p[0] + p[1] + p[2], 1.0, 1e-14);

  /* Errors leave `out` untouched. */
  fill(p, K, SENTINEL);
  CHECK_FAIL(bk_logistic_model_predict_proba(NULL, row_ids, row_vals, 2, p, K), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_model_predict_proba(m, row_ids, row_vals, 2, NULL, K), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_model_predict_proba(m, NULL, row_vals, 2, p, K), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_model_predict_proba(m, row_ids, NULL, 2, p, K), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_model_predict_proba(m, row_ids, row_vals, 2, p, 2), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("k = 2, but the model has 3 classes");
  CHECK_FAIL(bk_logistic_model_predict_proba(m, row_ids, row_vals, 2, p, 4), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_logistic_model_predict_proba(m, row_ids, row_vals, 2, NULL, 0), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_logistic_model_predict_log_proba(NULL, row_ids, row_vals, 2, p, K), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_model_predict_log_proba(m, row_ids, row_vals, 2, NULL, K), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_model_predict_log_proba(m, NULL, row_vals, 2, p, K), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_model_predict_log_proba(m, row_ids, row_vals, 2, p, 2), BK_ERR_INVALID_ARGUMENT);
  CHECK(all_eq(p, K, SENTINEL));

  /* Batch errors: bad offsets are caught before anything is read or written. */
  fill(batch, N * K, SENTINEL);
  const size_t bad_start[3] = {1, 2, 3}, bad_dec[3] = {0, 3, 2}, bad_far[3] = {0, 1000, 3},
               good[3] = {0, 2, 3};
  const uint32_t b_ids[3] = {0, 3, 1};
  const double b_vals[3] = {1.0, 0.5, 1.0};
  CHECK_FAIL(bk_logistic_model_predict_proba_batch(m, bad_start, 2, b_ids, b_vals, 3, batch, K),
             BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("indptr[0]");
  CHECK_FAIL(bk_logistic_model_predict_proba_batch(m, bad_dec, 2, b_ids, b_vals, 3, batch, K),
             BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("decreases at row 1");
  CHECK_FAIL(bk_logistic_model_predict_proba_batch(m, bad_far, 2, b_ids, b_vals, 3, batch, K),
             BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_logistic_model_predict_proba_batch(m, good, 2, b_ids, b_vals, 4, batch, K),
             BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("nnz = 4");
  CHECK_FAIL(bk_logistic_model_predict_proba_batch(m, good, 2, b_ids, b_vals, 2, batch, K),
             BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_logistic_model_predict_proba_batch(m, good, 2, b_ids, b_vals, 3, batch, 2),
             BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_logistic_model_predict_proba_batch(m, good, SIZE_MAX, b_ids, b_vals, 3, batch, K),
             BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_logistic_model_predict_proba_batch(NULL, good, 2, b_ids, b_vals, 3, batch, K),
             BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_model_predict_proba_batch(m, NULL, 2, b_ids, b_vals, 3, batch, K),
             BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_model_predict_proba_batch(m, good, 2, NULL, b_vals, 3, batch, K),
             BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_model_predict_proba_batch(m, good, 2, b_ids, NULL, 3, batch, K),
             BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_model_predict_proba_batch(m, good, 2, b_ids, b_vals, 3, NULL, K),
             BK_ERR_NULL_POINTER);
  CHECK(all_eq(batch, N * K, SENTINEL));
  /* No rows: valid, nothing written. */
  const size_t none[1] = {0};
  CHECK_STATUS(bk_logistic_model_predict_proba_batch(m, none, 0, NULL, NULL, 0, NULL, K), BK_OK);
  CHECK_FAIL(bk_logistic_model_predict_proba_batch(m, none, 0, NULL, NULL, 0, NULL, 2), BK_ERR_INVALID_ARGUMENT);
  bk_logistic_model_free(m);
}

/* ------------------------------------------------------------ bytes, files */

static void test_bytes(void) {
  bk_logistic_model *m = fixture_model();
  size_t len = 0;
  CHECK_STATUS(bk_logistic_model_to_bytes(m, NULL, 0, &len), BK_OK);
  CHECK(len > 16);
  uint8_t *buf = malloc(len + 1);
  CHECK(buf != NULL);
  if (!buf) {
    bk_logistic_model_free(m);
    return;
  }
  CHECK(CHECK_BUFFER_PROTOCOL(bytes_call, m, 0, buf, len + 1) == len);
  CHECK(memcmp(buf, "BKLOGIT", 8) == 0);
  size_t got = 77;
  CHECK_FAIL(bk_logistic_model_to_bytes(NULL, buf, len, &got), BK_ERR_NULL_POINTER);
  CHECK_MESSAGE_HAS("`model`");
  CHECK(got == 77);

  /* Round trip: the same bytes and the same scores. */
  bk_logistic_model *back = NULL;
  CHECK_STATUS(bk_logistic_model_from_bytes(buf, len, &back), BK_OK);
  CHECK(back != NULL && same_model(m, back));
  double a[K], b[K];
  bk_logistic_model_predict_proba(m, FX_IDS, FX_VALS, FX_INDPTR[1], a, K);
  bk_logistic_model_predict_proba(back, FX_IDS, FX_VALS, FX_INDPTR[1], b, K);
  CHECK(memcmp(a, b, sizeof a) == 0);
  bk_logistic_model_free(back);

  /* Every truncated prefix and every flipped byte is corrupt. */
  bk_logistic_model *bad = MODEL_SENTINEL;
  int prefixes_ok = 1, flips_ok = 1;
  for (size_t n = 0; n < len; n++)
    if (bk_logistic_model_from_bytes(buf, n, &bad) != BK_ERR_CORRUPT) prefixes_ok = 0;
  CHECK(prefixes_ok);
  CHECK(bk_logistic_model_from_bytes(NULL, 0, &bad) == BK_ERR_CORRUPT);
  for (size_t i = 0; i < len; i++) {
    buf[i] ^= 0x10;
    if (bk_logistic_model_from_bytes(buf, len, &bad) != BK_ERR_CORRUPT) flips_ok = 0;
    buf[i] ^= 0x10;
  }
  CHECK(flips_ok);
  buf[len] = 0;
  CHECK_FAIL(bk_logistic_model_from_bytes(buf, len + 1, &bad), BK_ERR_CORRUPT); /* trailing byte */
  buf[3] ^= 1;
  CHECK_FAIL(bk_logistic_model_from_bytes(buf, len, &bad), BK_ERR_CORRUPT);
  CHECK_MESSAGE_HAS("magic");
  buf[3] ^= 1;
  CHECK_FAIL(bk_logistic_model_from_bytes(NULL, len, &bad), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_model_from_bytes(buf, len, NULL), BK_ERR_NULL_POINTER);
  CHECK(bad == MODEL_SENTINEL);
  free(buf);
  bk_logistic_model_free(m);
}

static void test_save_load(void) {
  bk_logistic_model *m = fixture_model();
  char path[40];
  CHECK(temp_name(path));
  CHECK_STATUS(bk_logistic_model_save(m, path), BK_OK);
  bk_logistic_model *back = NULL;
  CHECK_STATUS(bk_logistic_model_load(path, &back), BK_OK);
  CHECK(back != NULL && same_model(m, back));
  bk_logistic_model_free(back);

  /* The file holds exactly the bytes of to_bytes. */
  size_t len;
  uint8_t *bytes = model_bytes(m, &len);
  FILE *f = fopen(path, "rb");
  CHECK(f != NULL && bytes != NULL);
  if (f && bytes) {
    uint8_t *file = malloc(len + 1);
    size_t n = file ? fread(file, 1, len + 1, f) : 0;
    CHECK(n == len && memcmp(file, bytes, len) == 0);
    free(file);
  }
  if (f) fclose(f);
  free(bytes);

  /* A damaged file is corrupt, and the message names it. */
  bk_logistic_model *bad = MODEL_SENTINEL;
  f = fopen(path, "r+b");
  CHECK(f != NULL);
  if (f) {
    fseek(f, 20, SEEK_SET);
    fputc(0x7f, f);
    fclose(f);
  }
  CHECK_FAIL(bk_logistic_model_load(path, &bad), BK_ERR_CORRUPT);
  CHECK_MESSAGE_HAS(path);
  unlink(path);

  /* A missing file, an unwritable path. */
  CHECK_FAIL(bk_logistic_model_load(path, &bad), BK_ERR_IO);
  CHECK_MESSAGE_HAS(path);
  CHECK_FAIL(bk_logistic_model_save(m, "/nonexistent-bayeskit-dir/model.bkl"), BK_ERR_IO);
  CHECK_MESSAGE_HAS("/nonexistent-bayeskit-dir/model.bkl");
  CHECK_FAIL(bk_logistic_model_load(NULL, &bad), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_model_load(path, NULL), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_model_save(NULL, path), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_model_save(m, NULL), BK_ERR_NULL_POINTER);
  CHECK(bad == MODEL_SENTINEL);
  CHECK(access(path, F_OK) != 0); /* save(NULL model) created nothing */
  bk_logistic_model_free(m);
}

/* ------------------------------------------------------------ readers */

static void test_read_svmlight(void) {
  char path[40];
  bk_logistic_read_options o;
  bk_logistic_read_report rep = {.struct_size = sizeof(bk_logistic_read_report)};
  bk_logistic_data *d = NULL;
  size_t n;

  CHECK(write_temp(path, "+1 1:0.5 3:2\n-1 2:1 # a comment\n\n# only a comment\n+1 qid:4 1:1\n-1 2:2 2:1\n"));
  memset(&rep, 0xee, sizeof rep);
  rep.struct_size = sizeof rep;
  CHECK_STATUS(bk_logistic_data_read_svmlight(path, NULL, &d, &rep), BK_OK);
  CHECK(rep.rows == 4 && rep.skipped == 0 && rep.out_of_vocabulary == 0);
  CHECK(rep.id_base == BK_LOGISTIC_ID_BASE_ONE);
  CHECK_STATUS(bk_logistic_data_rows(d, &n), BK_OK);
  CHECK(n == 4);
  CHECK_STATUS(bk_logistic_data_classes(d, &n), BK_OK);
  CHECK(n == 2);
  CHECK_STATUS(bk_logistic_data_features(d, &n), BK_OK);
  CHECK(n == 3);
  /* Classes sort numerically: "-1" is class 0. */
  bk_logistic_model *m = NULL;
  CHECK_STATUS(bk_logistic_train(d, NULL, &m), BK_OK);
  char label[8];
  size_t len;
  CHECK_STATUS(bk_logistic_model_label(m, 0, label, sizeof label, &len), BK_OK);
  CHECK(strcmp(label, "-1") == 0 && len == 3);
  CHECK_STATUS(bk_logistic_model_label(m, 1, label, sizeof label, &len), BK_OK);
  CHECK(strcmp(label, "+1") == 0);
  bk_logistic_model_free(m);
  /* No row was skipped: the first skipped row's text is empty. */
  char why[8] = "xxxxxxx";
  len = 99;
  CHECK_STATUS(bk_logistic_data_first_skipped(d, why, sizeof why, &len), BK_OK);
  CHECK(len == 1 && why[0] == '\0');
  bk_logistic_data_free(d);
  /* report may be NULL. */
  d = NULL;
  CHECK_STATUS(bk_logistic_data_read_svmlight(path, NULL, &d, NULL), BK_OK);
  bk_logistic_data_free(d);
  /* n_features: wider is fine, an id beyond it is a bad row. */
  CHECK_STATUS(bk_logistic_read_options_default(&o), BK_OK);
  o.n_features = 10;
  d = NULL;
  CHECK_STATUS(bk_logistic_data_read_svmlight(path, &o, &d, NULL), BK_OK);
  CHECK_STATUS(bk_logistic_data_features(d, &n), BK_OK);
  CHECK(n == 10);
  bk_logistic_data_free(d);
  d = DATA_SENTINEL;
  o.n_features = 2;
  CHECK_FAIL(bk_logistic_data_read_svmlight(path, &o, &d, &rep), BK_ERR_PARSE);
  CHECK_MESSAGE_HAS(":1: feature id 3 is out of range");
  unlink(path);

  /* A bad line: BK_ERR_PARSE naming path:line; skipped with skip_bad. */
  CHECK(write_temp(path, "1 1:0.5\n0 2:1\n1 3:x\n0 1:2\n"));
  memset(&rep, 0xee, sizeof rep);
  rep.struct_size = sizeof rep;
  bk_logistic_read_report copy = rep;
  CHECK_FAIL(bk_logistic_data_read_svmlight(path, NULL, &d, &rep), BK_ERR_PARSE);
  char where[64];
  snprintf(where, sizeof where, "%s:3:", path);
  CHECK_MESSAGE_HAS(where);
  CHECK_MESSAGE_HAS("not a number");
  CHECK(memcmp(&rep, &copy, sizeof rep) == 0 && d == DATA_SENTINEL);
  char failed[256];
  CHECK(bk_last_error_message(failed, sizeof failed) < sizeof failed);
  CHECK_STATUS(bk_logistic_read_options_default(&o), BK_OK);
  o.skip_bad = 1;
  d = NULL;
  CHECK_STATUS(bk_logistic_data_read_svmlight(path, &o, &d, &rep), BK_OK);
  CHECK(rep.rows == 3 && rep.skipped == 1);
  /* The skipped row's message stays with the data: the text the strict read failed with. */
  {
    char why[256];
    CHECK(CHECK_BUFFER_PROTOCOL(data_skipped_call, d, 1, why, sizeof why) > 1);
    CHECK(strncmp(why, where, strlen(where)) == 0); /* path:3: reason */
    /* The failure's message is "parse error: " and this text. */
    CHECK(strlen(failed) > strlen(why) && strcmp(failed + strlen(failed) - strlen(why), why) == 0);
    memset(why, 'x', sizeof why);
    size_t got = 99;
    CHECK_FAIL(bk_logistic_data_first_skipped(NULL, why, sizeof why, &got), BK_ERR_NULL_POINTER);
    CHECK_MESSAGE_HAS("`data`");
    CHECK(got == 99 && why[0] == 'x');
  }
  bk_logistic_data_free(d);
  unlink(path);
  /* Several bad rows: the earliest line's. */
  CHECK(write_temp(path, "1 1:0.5\n0 2:y\n1 3:x\n0 1:2\n"));
  d = NULL;
  CHECK_STATUS(bk_logistic_data_read_svmlight(path, &o, &d, &rep), BK_OK);
  CHECK(rep.rows == 2 && rep.skipped == 2);
  {
    char why[256], at2[64];
    size_t wlen = 0;
    CHECK_STATUS(bk_logistic_data_first_skipped(d, why, sizeof why, &wlen), BK_OK);
    snprintf(at2, sizeof at2, "%s:2:", path);
    CHECK(strncmp(why, at2, strlen(at2)) == 0);
  }
  bk_logistic_data_free(d);
  unlink(path);

  /* Id bases: 0 is bad in a 1-based file; AUTO and ZERO read it. */
  CHECK(write_temp(path, "a 0:1 2:1\nb 1:1\n"));
  d = DATA_SENTINEL;
  CHECK_FAIL(bk_logistic_data_read_svmlight(path, NULL, &d, NULL), BK_ERR_PARSE);
  CHECK_MESSAGE_HAS(":1: feature id 0 in a 1-based file");
  CHECK_STATUS(bk_logistic_read_options_default(&o), BK_OK);
  o.id_base = BK_LOGISTIC_ID_BASE_AUTO;
  d = NULL;
  CHECK_STATUS(bk_logistic_data_read_svmlight(path, &o, &d, &rep), BK_OK);
  CHECK(rep.id_base == BK_LOGISTIC_ID_BASE_ZERO);
  CHECK_STATUS(bk_logistic_data_features(d, &n), BK_OK);
  CHECK(n == 3);
  bk_logistic_data_free(d);
  o.id_base = BK_LOGISTIC_ID_BASE_ZERO;
  d = NULL;
  CHECK_STATUS(bk_logistic_data_read_svmlight(path, &o, &d, &rep), BK_OK);
  CHECK(rep.id_base == BK_LOGISTIC_ID_BASE_ZERO);
  bk_logistic_data_free(d);
  d = DATA_SENTINEL;
  o.id_base = 3;
  CHECK_FAIL(bk_logistic_data_read_svmlight(path, &o, &d, NULL), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("id_base must be zero, one or auto (got 3)");
  CHECK_STATUS(bk_logistic_read_options_default(&o), BK_OK);
  o.struct_size = 0;
  CHECK_FAIL(bk_logistic_data_read_svmlight(path, &o, &d, NULL), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("struct_size");
  CHECK_STATUS(bk_logistic_read_options_default(&o), BK_OK);
#if SIZE_MAX > UINT32_MAX
  o.n_features = ((uint64_t)1 << 32) + 1;
  CHECK_FAIL(bk_logistic_data_read_svmlight(path, &o, &d, NULL), BK_ERR_INVALID_ARGUMENT);
#endif
  CHECK_FAIL(bk_logistic_data_read_svmlight(NULL, NULL, &d, NULL), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_data_read_svmlight(path, NULL, NULL, NULL), BK_ERR_NULL_POINTER);
  unlink(path);

  /* No data rows; a missing file. */
  CHECK(write_temp(path, "\n# nothing\n"));
  CHECK_FAIL(bk_logistic_data_read_svmlight(path, NULL, &d, NULL), BK_ERR_PARSE);
  CHECK_MESSAGE_HAS("no data rows");
  unlink(path);
  CHECK_FAIL(bk_logistic_data_read_svmlight(path, NULL, &d, NULL), BK_ERR_IO);
  CHECK_MESSAGE_HAS(path);
  CHECK(d == DATA_SENTINEL);
}

/* Trains the default model on the tips file (dictionary features). */
static bk_logistic_model *tips_model(void) {
  bk_logistic_data *d = NULL;
  bk_logistic_model *m = NULL;
  CHECK_STATUS(bk_logistic_data_read_phrases(BK_TEST_TIPS_PATH, NULL, &d, NULL), BK_OK);
  CHECK_STATUS(bk_logistic_train(d, NULL, &m), BK_OK);
  bk_logistic_data_free(d);
  return m;
}

static void test_read_phrases(void) {
  bk_logistic_read_options o;
  bk_logistic_read_report rep = {.struct_size = sizeof(bk_logistic_read_report)};
  bk_logistic_data *d = NULL;
  size_t n;

  memset(&rep, 0xee, sizeof rep);
  rep.struct_size = sizeof rep;
  CHECK_STATUS(bk_logistic_data_read_phrases(BK_TEST_TIPS_PATH, NULL, &d, &rep), BK_OK);
  CHECK(rep.rows == 3000 && rep.skipped == 0 && rep.out_of_vocabulary == 0);
  CHECK(rep.id_base == BK_LOGISTIC_ID_BASE_AUTO); /* not applicable */
  CHECK_STATUS(bk_logistic_data_rows(d, &n), BK_OK);
  CHECK(n == 3000);
  CHECK_STATUS(bk_logistic_data_classes(d, &n), BK_OK);
  CHECK(n == 3);
  size_t all_phrases = 0;
  CHECK_STATUS(bk_logistic_data_features(d, &all_phrases), BK_OK);
  CHECK(all_phrases > 10);
  bk_logistic_data_free(d);

  /* A capped dictionary drops phrases; min_count drops rare ones. */
  CHECK_STATUS(bk_logistic_read_options_default(&o), BK_OK);
  o.max_features = 10;
  d = NULL;
  CHECK_STATUS(bk_logistic_data_read_phrases(BK_TEST_TIPS_PATH, &o, &d, &rep), BK_OK);
  CHECK_STATUS(bk_logistic_data_features(d, &n), BK_OK);
  CHECK(n == 10 && rep.out_of_vocabulary > 0);
  bk_logistic_data_free(d);
  CHECK_STATUS(bk_logistic_read_options_default(&o), BK_OK);
  o.min_count = 1000000;
  d = NULL;
  CHECK_STATUS(bk_logistic_data_read_phrases(BK_TEST_TIPS_PATH, &o, &d, &rep), BK_OK);
  CHECK_STATUS(bk_logistic_data_features(d, &n), BK_OK);
  CHECK(n == 0 && rep.rows == 3000);
  bk_logistic_data_free(d);
  /* Hashing: 2^bits ids. */
  CHECK_STATUS(bk_logistic_read_options_default(&o), BK_OK);
  o.hash_bits = 10;
  o.max_features = 3; /* ignored with hashing */
  d = NULL;
  CHECK_STATUS(bk_logistic_data_read_phrases(BK_TEST_TIPS_PATH, &o, &d, &rep), BK_OK);
  CHECK_STATUS(bk_logistic_data_features(d, &n), BK_OK);
  CHECK(n == 1024 && rep.out_of_vocabulary == 0);
  bk_logistic_model *hm = NULL;
  CHECK_STATUS(bk_logistic_train(d, NULL, &hm), BK_OK);
  bk_logistic_data_free(d);
  uint32_t id = 0;
  CHECK_STATUS(bk_logistic_model_feature_id(hm, "never seen anywhere", &id), BK_OK);
  CHECK(id < 1024); /* hashing gives every phrase an id */
  bk_logistic_model_free(hm);
  /* Bad options. */
  d = DATA_SENTINEL;
  o.hash_bits = 32;
  CHECK_FAIL(bk_logistic_data_read_phrases(BK_TEST_TIPS_PATH, &o, &d, NULL), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("hash bits");
  o.hash_bits = 0;
  o.struct_size = 2;
  CHECK_FAIL(bk_logistic_data_read_phrases(BK_TEST_TIPS_PATH, &o, &d, NULL), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_logistic_data_read_phrases(NULL, NULL, &d, NULL), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_data_read_phrases(BK_TEST_TIPS_PATH, NULL, NULL, NULL), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_data_read_phrases("/nonexistent-bayeskit-dir/tips.tsv", NULL, &d, NULL), BK_ERR_IO);

  /* A bad line (a field without ':count'). */
  char path[40], where[64];
  CHECK(write_temp(path, "pos\tgood:2\nneg\tbad\n"));
  CHECK_FAIL(bk_logistic_data_read_phrases(path, NULL, &d, NULL), BK_ERR_PARSE);
  snprintf(where, sizeof where, "%s:2:", path);
  CHECK_MESSAGE_HAS(where);
  CHECK(d == DATA_SENTINEL);
  unlink(path);

  /* A model trained on the tips: labels, phrase ids. */
  bk_logistic_model *m = tips_model();
  CHECK_STATUS(bk_logistic_model_classes(m, &n), BK_OK);
  CHECK(n == 3);
  const char *want[3] = {"mixed", "negative", "positive"};
  int labels_ok = 1;
  for (size_t c = 0; c < 3; c++) {
    char buf[16];
    size_t len;
    if (bk_logistic_model_label(m, c, buf, sizeof buf, &len) != BK_OK || strcmp(buf, want[c]) != 0 ||
        len != strlen(want[c]) + 1)
      labels_ok = 0;
  }
  CHECK(labels_ok);
  CHECK_STATUS(bk_logistic_model_features(m, &n), BK_OK);
  CHECK(n == all_phrases);
  uint32_t pizza = BK_LOGISTIC_NO_FEATURE, view = BK_LOGISTIC_NO_FEATURE;
  CHECK_STATUS(bk_logistic_model_feature_id(m, "pizza", &pizza), BK_OK);
  CHECK_STATUS(bk_logistic_model_feature_id(m, "view", &view), BK_OK);
  CHECK(pizza < all_phrases && view < all_phrases && pizza != view);
  id = 0;
  CHECK_STATUS(bk_logistic_model_feature_id(m, "no such phrase", &id), BK_OK);
  CHECK(id == BK_LOGISTIC_NO_FEATURE);
  CHECK_STATUS(bk_logistic_model_feature_id(m, " pizza", &id), BK_OK); /* used exactly */
  CHECK(id == BK_LOGISTIC_NO_FEATURE);
  id = 7;
  CHECK_FAIL(bk_logistic_model_feature_id(m, "\xff\xfe", &id), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("UTF-8");
  CHECK_FAIL(bk_logistic_model_feature_id(NULL, "pizza", &id), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_model_feature_id(m, NULL, &id), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_model_feature_id(m, "pizza", NULL), BK_ERR_NULL_POINTER);
  CHECK(id == 7);

  /* Reading a test file for the model featurises as feature_id does: the
   * evaluation's log-loss of one row equals -log p from hand-built ids. */
  CHECK(write_temp(path, "positive\tview:2\tpizza:1\tunheard of:4\n"));
  d = NULL;
  CHECK_STATUS(bk_logistic_data_read_phrases_for(m, path, NULL, &d, &rep), BK_OK);
  CHECK(rep.rows == 1 && rep.out_of_vocabulary == 1);
  CHECK_STATUS(bk_logistic_data_features(d, &n), BK_OK);
  CHECK(n == all_phrases);
  CHECK_STATUS(bk_logistic_data_classes(d, &n), BK_OK);
  CHECK(n == 1); /* the file has one class; evaluation lines it up */
  bk_logistic_eval ev = {.struct_size = sizeof(bk_logistic_eval)};
  CHECK_STATUS(bk_logistic_evaluate(m, d, NULL, &ev, NULL, NULL, NULL, 0), BK_OK);
  const uint32_t ids[3] = {pizza, view, BK_LOGISTIC_NO_FEATURE};
  const double vals[3] = {1.0, 2.0, 4.0};
  double lp[3];
  CHECK_STATUS(bk_logistic_model_predict_log_proba(m, ids, vals, 3, lp, 3), BK_OK);
  CHECK_NEAR(ev.log_loss, -lp[2], 1e-14);
  CHECK(ev.rows == 1 && (ev.accuracy == 0.0 || ev.accuracy == 1.0));
  bk_logistic_data_free(d);
  unlink(path);

  /* Data with their own dictionary do not match the model's. */
  CHECK(write_temp(path, "positive\tview:2\tpizza:1\nnegative\tbland:1\n"));
  d = NULL;
  CHECK_STATUS(bk_logistic_data_read_phrases(path, NULL, &d, NULL), BK_OK);
  memset(&ev, 0xee, sizeof ev);
  ev.struct_size = sizeof ev;
  bk_logistic_eval ev_copy = ev;
  CHECK_FAIL(bk_logistic_evaluate(m, d, NULL, &ev, NULL, NULL, NULL, 0), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("differ from the model's; read the data in the model's feature space");
  CHECK(memcmp(&ev, &ev_copy, sizeof ev) == 0);
  bk_logistic_data_free(d);
  unlink(path);

  /* A label the model does not know. */
  CHECK(write_temp(path, "neutral\tview:2\npositive\tpizza:1\n"));
  d = NULL;
  CHECK_STATUS(bk_logistic_data_read_phrases_for(m, path, NULL, &d, NULL), BK_OK);
  CHECK_FAIL(bk_logistic_evaluate(m, d, NULL, &ev, NULL, NULL, NULL, 0), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("\"neutral\"");
  bk_logistic_data_free(d);

  /* read_phrases_for: skip_bad applies, NULLs, an indexed model. */
  bk_logistic_read_options_default(&o);
  o.skip_bad = 1;
  unlink(path);
  CHECK(write_temp(path, "positive\tview:2\nnegative\tbad line\n"));
  d = NULL;
  CHECK_STATUS(bk_logistic_data_read_phrases_for(m, path, &o, &d, &rep), BK_OK);
  CHECK(rep.rows == 1 && rep.skipped == 1);
  bk_logistic_data_free(d);
  d = DATA_SENTINEL;
  CHECK_FAIL(bk_logistic_data_read_phrases_for(m, path, NULL, &d, NULL), BK_ERR_PARSE);
  CHECK_FAIL(bk_logistic_data_read_phrases_for(NULL, path, NULL, &d, NULL), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_data_read_phrases_for(m, NULL, NULL, &d, NULL), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_data_read_phrases_for(m, path, NULL, NULL, NULL), BK_ERR_NULL_POINTER);
  bk_logistic_model *im = fixture_model();
  CHECK_FAIL(bk_logistic_data_read_phrases_for(im, path, NULL, &d, NULL), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("the model has indexed features, not phrases: read its data as svmlight or CSR");
  bk_logistic_model_free(im);
  CHECK(d == DATA_SENTINEL);
  unlink(path);

  /* The model on its own training file: better than always guessing. */
  d = NULL;
  CHECK_STATUS(bk_logistic_data_read_phrases_for(m, BK_TEST_TIPS_PATH, NULL, &d, NULL), BK_OK);
  CHECK_STATUS(bk_logistic_evaluate(m, d, NULL, &ev, NULL, NULL, NULL, 0), BK_OK);
  CHECK(ev.rows == 3000 && ev.accuracy > 1344.0 / 3000.0 && ev.log_loss < log(3.0));
  bk_logistic_data_free(d);
  bk_logistic_model_free(m);
}

/* ------------------------------------------------------------ feature space */

static void test_feature_space(void) {
  bk_feature_space fs, before;

  /* Indexed (CSR data): P ids, no hashing, no names. */
  bk_logistic_model *im = fixture_model();
  memset(&fs, 0xee, sizeof fs);
  fs.struct_size = sizeof fs;
  CHECK_STATUS(bk_logistic_model_feature_space(im, &fs), BK_OK);
  CHECK(fs.struct_size == sizeof fs && fs.kind == BK_FEATURE_SPACE_INDEXED && fs.features == P);
  CHECK(fs.hash_bits == 0 && fs.hash_seed == 0);
  char buf[64];
  size_t len = 99;
  memset(buf, 'x', sizeof buf);
  CHECK_FAIL(bk_logistic_model_feature_name(im, 0, buf, sizeof buf, &len), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("the model has indexed features, which have no names");
  CHECK(len == 99 && buf[0] == 'x');

  /* The struct is versioned: only struct_size bytes are written (4: none);
   * a size below 4 or that is no version's is refused with nothing written;
   * a larger (newer) struct gets the fields this library knows. */
  memset(&fs, 0xee, sizeof fs);
  fs.struct_size = 4;
  before = fs;
  CHECK_STATUS(bk_logistic_model_feature_space(im, &fs), BK_OK);
  CHECK(memcmp(&fs, &before, sizeof fs) == 0);
  const uint32_t bad_sizes[] = {0, 3, 6, 8, 12, 20};
  for (size_t i = 0; i < sizeof bad_sizes / sizeof bad_sizes[0]; i++) {
    memset(&fs, 0xee, sizeof fs);
    fs.struct_size = bad_sizes[i];
    before = fs;
    CHECK_FAIL(bk_logistic_model_feature_space(im, &fs), BK_ERR_INVALID_ARGUMENT);
    CHECK_MESSAGE_HAS("struct_size");
    CHECK(memcmp(&fs, &before, sizeof fs) == 0);
  }
  struct {
    bk_feature_space fs;
    uint64_t newer;
  } big;
  memset(&big, 0xee, sizeof big);
  big.fs.struct_size = sizeof big;
  CHECK_STATUS(bk_logistic_model_feature_space(im, &big.fs), BK_OK);
  CHECK(big.fs.struct_size == sizeof big && big.fs.kind == BK_FEATURE_SPACE_INDEXED && big.fs.features == P);
  CHECK(big.newer == 0xeeeeeeeeeeeeeeeeu);
  fs.struct_size = sizeof fs;
  CHECK_FAIL(bk_logistic_model_feature_space(NULL, &fs), BK_ERR_NULL_POINTER);
  CHECK_MESSAGE_HAS("`model`");
  CHECK_FAIL(bk_logistic_model_feature_space(im, NULL), BK_ERR_NULL_POINTER);
  CHECK_MESSAGE_HAS("`out`");
  bk_logistic_model_free(im);

  /* A dictionary: every name is the phrase feature_id maps to its id. */
  bk_logistic_model *m = tips_model();
  size_t n = 0;
  CHECK_STATUS(bk_logistic_model_features(m, &n), BK_OK);
  fs.struct_size = sizeof fs;
  CHECK_STATUS(bk_logistic_model_feature_space(m, &fs), BK_OK);
  CHECK(fs.kind == BK_FEATURE_SPACE_NAMES && fs.features == n && n > 10);
  CHECK(fs.hash_bits == 0 && fs.hash_seed == 0);
  int round_trip = 1;
  for (uint32_t i = 0; i < (uint32_t)n; i++) {
    size_t need = 0, got = 0;
    uint32_t back = BK_LOGISTIC_NO_FEATURE;
    if (bk_logistic_model_feature_name(m, i, NULL, 0, &need) != BK_OK || need < 2 || need > sizeof buf) {
      round_trip = 0;
      break;
    }
    if (bk_logistic_model_feature_name(m, i, buf, need, &got) != BK_OK || got != need ||
        strlen(buf) != need - 1 || bk_logistic_model_feature_id(m, buf, &back) != BK_OK || back != i)
      round_trip = 0;
  }
  CHECK(round_trip);
  uint32_t pizza = BK_LOGISTIC_NO_FEATURE;
  CHECK_STATUS(bk_logistic_model_feature_id(m, "pizza", &pizza), BK_OK);
  CHECK_STATUS(bk_logistic_model_feature_name(m, pizza, buf, sizeof buf, &len), BK_OK);
  CHECK(len == 6 && strcmp(buf, "pizza") == 0);
  struct feature_of pizza_of = {m, pizza};
  CHECK(CHECK_BUFFER_PROTOCOL(feature_name_call, &pizza_of, 1, buf, sizeof buf) == 6);
  CHECK(strcmp(buf, "pizza") == 0);
  memset(buf, 'x', sizeof buf);
  /* Out of range, NULLs: nothing written at all. */
  len = 99;
  CHECK_FAIL(bk_logistic_model_feature_name(m, (uint32_t)n, buf, sizeof buf, &len), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("feature id");
  CHECK_MESSAGE_HAS("out of range");
  CHECK_FAIL(bk_logistic_model_feature_name(m, BK_LOGISTIC_NO_FEATURE, buf, sizeof buf, &len),
             BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_logistic_model_feature_name(NULL, pizza, buf, sizeof buf, &len), BK_ERR_NULL_POINTER);
  CHECK(len == 99 && buf[0] == 'x');
  bk_logistic_model_free(m);

  /* Hashing: 2^bits ids, the bits and seed the data were read with, no names. */
  bk_logistic_read_options o;
  CHECK_STATUS(bk_logistic_read_options_default(&o), BK_OK);
  o.hash_bits = 10;
  o.hash_seed = 7;
  bk_logistic_data *d = NULL;
  CHECK_STATUS(bk_logistic_data_read_phrases(BK_TEST_TIPS_PATH, &o, &d, NULL), BK_OK);
  bk_logistic_model *hm = NULL;
  CHECK_STATUS(bk_logistic_train(d, NULL, &hm), BK_OK);
  bk_logistic_data_free(d);
  memset(&fs, 0xee, sizeof fs);
  fs.struct_size = sizeof fs;
  CHECK_STATUS(bk_logistic_model_feature_space(hm, &fs), BK_OK);
  CHECK(fs.kind == BK_FEATURE_SPACE_HASHED && fs.features == 1024);
  CHECK(fs.hash_bits == 10 && fs.hash_seed == 7);
  len = 99;
  CHECK_FAIL(bk_logistic_model_feature_name(hm, 0, buf, sizeof buf, &len), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("the model has hashed features, which have no names");
  CHECK(len == 99);
  bk_logistic_model_free(hm);
}

/* ------------------------------------------------------------ evaluation */

/* The hand computation: mean -log p(y) from predict_log_proba, the clip
 * count at -ln(eps) (eps = 0: none), the accuracy and confusion from argmax. */
static void hand_eval(const bk_logistic_model *m, const double *w, double eps, double *log_loss,
                      uint64_t *clipped, double *accuracy, double confusion[K * K]) {
  double loss = 0.0, total = 0.0, correct = 0.0, cap = eps > 0.0 ? -log(eps) : INFINITY;
  *clipped = 0;
  fill(confusion, K * K, 0.0);
  for (size_t i = 0; i < N; i++) {
    size_t a = FX_INDPTR[i];
    double lp[K];
    bk_logistic_model_predict_log_proba(m, FX_IDS + a, FX_VALS + a, FX_INDPTR[i + 1] - a, lp, K);
    double wi = w ? w[i] : 1.0, li = -lp[FX_Y[i]];
    if (li > cap) {
      li = cap;
      (*clipped)++;
    }
    loss += wi * li;
    total += wi;
    size_t p = argmax(lp, K);
    confusion[FX_Y[i] * K + p] += wi;
    if (p == FX_Y[i]) correct += wi;
  }
  *log_loss = loss / total;
  *accuracy = correct / total;
}

static void test_evaluate(void) {
  bk_logistic_model *m = fixture_model();
  bk_logistic_data *d = fixture_data();
  bk_logistic_eval ev = {.struct_size = sizeof(bk_logistic_eval)};
  double conf[K * K], prec[K], rec[K], hconf[K * K], hll, hacc;
  uint64_t hclip;

  memset(&ev, 0xee, sizeof ev);
  ev.struct_size = sizeof ev;
  fill(conf, K * K, SENTINEL);
  CHECK_STATUS(bk_logistic_evaluate(m, d, NULL, &ev, conf, prec, rec, K), BK_OK);
  hand_eval(m, NULL, 0.0, &hll, &hclip, &hacc, hconf);
  CHECK_NEAR(ev.log_loss, hll, 1e-13);
  CHECK(ev.accuracy == hacc && ev.clipped == 0 && ev.rows == N);
  CHECK(memcmp(conf, hconf, sizeof conf) == 0);
  int pr_ok = 1;
  for (size_t c = 0; c < K; c++) {
    double predicted = 0.0, actual = 0.0;
    for (size_t t = 0; t < K; t++) predicted += hconf[t * K + c];
    for (size_t p = 0; p < K; p++) actual += hconf[c * K + p];
    if (!(prec[c] == hconf[c * K + c] / predicted && rec[c] == hconf[c * K + c] / actual)) pr_ok = 0;
  }
  CHECK(pr_ok);
  CHECK(ev.accuracy >= 0.9);

  /* Arrays are optional, individually; k is checked only with an array. */
  bk_logistic_eval ev2 = {.struct_size = sizeof(bk_logistic_eval)};
  CHECK_STATUS(bk_logistic_evaluate(m, d, NULL, &ev2, NULL, NULL, NULL, 0), BK_OK);
  CHECK(memcmp(&ev, &ev2, sizeof ev) == 0);
  CHECK_STATUS(bk_logistic_evaluate(m, d, NULL, &ev2, NULL, NULL, NULL, SIZE_MAX), BK_OK);
  CHECK(memcmp(&ev, &ev2, sizeof ev) == 0);
  fill(rec, K, SENTINEL);
  CHECK_STATUS(bk_logistic_evaluate(m, d, NULL, &ev2, NULL, NULL, rec, K), BK_OK);
  CHECK(rec[0] > 0.0 && rec[0] <= 1.0);

  /* Clipping at eps = 0.9: the rows whose loss exceeds -ln 0.9 are counted. */
  bk_logistic_eval_options o;
  bk_logistic_eval_options_default(&o);
  o.clip = 0.9;
  CHECK_STATUS(bk_logistic_evaluate(m, d, &o, &ev2, NULL, NULL, NULL, 0), BK_OK);
  hand_eval(m, NULL, 0.9, &hll, &hclip, &hacc, hconf);
  CHECK(ev2.clipped == hclip && hclip > 0);
  CHECK_NEAR(ev2.log_loss, hll, 1e-13);
  CHECK(ev2.log_loss < ev.log_loss);

  /* Errors write nothing. */
  memset(&ev2, 0xee, sizeof ev2);
  ev2.struct_size = sizeof ev2;
  bk_logistic_eval copy = ev2;
  fill(conf, K * K, SENTINEL);
  fill(prec, K, SENTINEL);
  CHECK_FAIL(bk_logistic_evaluate(m, d, NULL, &ev2, conf, prec, NULL, 2), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("k = 2");
  CHECK_FAIL(bk_logistic_evaluate(m, d, NULL, &ev2, NULL, prec, NULL, 4), BK_ERR_INVALID_ARGUMENT);
  o.clip = -0.5;
  CHECK_FAIL(bk_logistic_evaluate(m, d, &o, &ev2, conf, prec, NULL, K), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("clip");
  o.clip = 1.0;
  CHECK_FAIL(bk_logistic_evaluate(m, d, &o, &ev2, conf, prec, NULL, K), BK_ERR_INVALID_ARGUMENT);
  o.clip = NAN;
  CHECK_FAIL(bk_logistic_evaluate(m, d, &o, &ev2, conf, prec, NULL, K), BK_ERR_INVALID_ARGUMENT);
  bk_logistic_eval_options_default(&o);
  o.struct_size = 1;
  CHECK_FAIL(bk_logistic_evaluate(m, d, &o, &ev2, conf, prec, NULL, K), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_logistic_evaluate(NULL, d, NULL, &ev2, conf, prec, NULL, K), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_evaluate(m, NULL, NULL, &ev2, conf, prec, NULL, K), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_logistic_evaluate(m, d, NULL, NULL, conf, prec, NULL, K), BK_ERR_NULL_POINTER);
  CHECK(memcmp(&ev2, &copy, sizeof ev2) == 0);
  CHECK(all_eq(conf, K * K, SENTINEL) && all_eq(prec, K, SENTINEL));
  bk_logistic_data_free(d);

  /* Row weights weigh every metric. */
  double w[N];
  for (size_t i = 0; i < N; i++) w[i] = 0.5 + (double)(i % 4);
  d = NULL;
  CHECK_STATUS(bk_logistic_data_from_csr(FX_INDPTR, N, FX_IDS, FX_VALS, FX_NNZ, P, FX_Y, K, w, &d), BK_OK);
  CHECK_STATUS(bk_logistic_evaluate(m, d, NULL, &ev, conf, NULL, NULL, K), BK_OK);
  hand_eval(m, w, 0.0, &hll, &hclip, &hacc, hconf);
  CHECK_NEAR(ev.log_loss, hll, 1e-13);
  CHECK_NEAR(ev.accuracy, hacc, 1e-15);
  CHECK(memcmp(conf, hconf, sizeof conf) == 0);
  bk_logistic_data_free(d);

  /* Data with fewer classes (labels "0" only) line up with the model's;
   * data with a class the model lacks ("3") do not. */
  uint32_t zeros[N];
  memset(zeros, 0, sizeof zeros);
  d = NULL;
  CHECK_STATUS(bk_logistic_data_from_csr(FX_INDPTR, N, FX_IDS, FX_VALS, FX_NNZ, P, zeros, 1, NULL, &d),
               BK_OK);
  CHECK_STATUS(bk_logistic_evaluate(m, d, NULL, &ev, conf, prec, rec, K), BK_OK);
  CHECK(ev.rows == N && rec[0] == ev.accuracy && isnan(rec[1]) && isnan(rec[2]));
  CHECK(prec[0] == 1.0);
  bk_logistic_data_free(d);
  d = NULL;
  CHECK_STATUS(bk_logistic_data_from_csr(FX_INDPTR, N, FX_IDS, FX_VALS, FX_NNZ, P, FX_Y, 4, NULL, &d),
               BK_OK);
  CHECK_FAIL(bk_logistic_evaluate(m, d, NULL, &ev, NULL, NULL, NULL, 0), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("\"3\"");
  bk_logistic_data_free(d);
  bk_logistic_model_free(m);
}

/* ------------------------------------------------------------ threads */

enum { THREAD_ROUNDS = 50 };

struct thread_job {
  const bk_logistic_model *model;      /* the fixture model, shared */
  const bk_logistic_model *tips;       /* a dictionary model, shared */
  double batch[N * K];                 /* the last batch scored */
  int single_equal;                    /* every single-row score equalled the batch */
  uint32_t pizza;                      /* feature_id of "pizza" */
  int ok;                              /* every call returned BK_OK */
};

static void *score_thread(void *arg) {
  struct thread_job *j = arg;
  j->ok = 1;
  j->single_equal = 1;
  if (bk_logistic_model_feature_id(j->tips, "pizza", &j->pizza) != BK_OK) j->ok = 0;
  for (int r = 0; r < THREAD_ROUNDS; r++) {
    if (bk_logistic_model_predict_proba_batch(j->model, FX_INDPTR, N, FX_IDS, FX_VALS, FX_NNZ, j->batch, K) !=
        BK_OK)
      j->ok = 0;
    for (size_t i = 0; i < N; i++) {
      double p[K];
      size_t a = FX_INDPTR[i];
      if (bk_logistic_model_predict_proba(j->model, FX_IDS + a, FX_VALS + a, FX_INDPTR[i + 1] - a, p, K) !=
          BK_OK)
        j->ok = 0;
      if (memcmp(p, j->batch + i * K, sizeof p) != 0) j->single_equal = 0;
    }
  }
  return NULL;
}

static void test_threads(void) {
  bk_logistic_model *m = fixture_model();
  bk_logistic_model *tips = tips_model(); /* its phrase table is built by the threads */
  static struct thread_job jobs[2];
  pthread_t t[2];
  for (int i = 0; i < 2; i++) {
    memset(&jobs[i], 0, sizeof jobs[i]);
    jobs[i].model = m;
    jobs[i].tips = tips;
  }
  int started[2];
  for (int i = 0; i < 2; i++) started[i] = pthread_create(&t[i], NULL, score_thread, &jobs[i]) == 0;
  CHECK(started[0] && started[1]);
  for (int i = 0; i < 2; i++)
    if (started[i]) pthread_join(t[i], NULL);
  double ref[N * K];
  CHECK_STATUS(bk_logistic_model_predict_proba_batch(m, FX_INDPTR, N, FX_IDS, FX_VALS, FX_NNZ, ref, K), BK_OK);
  uint32_t pizza = 0;
  CHECK_STATUS(bk_logistic_model_feature_id(tips, "pizza", &pizza), BK_OK);
  for (int i = 0; i < 2; i++) {
    CHECK(jobs[i].ok && jobs[i].single_equal);
    CHECK(memcmp(jobs[i].batch, ref, sizeof ref) == 0);
    CHECK(jobs[i].pizza == pizza);
  }
  bk_logistic_model_free(tips);
  bk_logistic_model_free(m);
}

int main(void) {
  fixture_build();
  test_options_defaults();
  test_data_from_csr();
  test_train();
  test_model_accessors();
  test_scoring();
  test_bytes();
  test_save_load();
  test_read_svmlight();
  test_read_phrases();
  test_feature_space();
  test_evaluate();
  test_threads();
  return CHECK_REPORT();
}
