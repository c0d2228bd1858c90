/*
 * C ABI test of Dirichlet–multinomial fitting: every bk_dm_* function of
 * include/bayeskit.h, success values against independent references, and the
 * error contract (status code, out-parameters / handles / statistics untouched,
 * a message recorded).
 *
 * Reference constants were computed with python3 + scipy 1.17.1:
 * - the fit of FIT_ROWS (30 rows of 3 counts drawn with numpy from a
 *   Dirichlet–multinomial with α = (1.2, 2.5, 0.8), seed 20240607): α by
 *   scipy.optimize (BFGS on ln α, polished by Newton with scipy.special
 *   digamma/polygamma), the log-likelihoods from scipy.special.gammaln, the
 *   p-value as 0.5·scipy.stats.chi2.sf(lr, 1), the standard errors as the
 *   square roots of the diagonal of the inverse observed information;
 * - the prior values from scipy.stats.beta.ppf on the posterior marginals
 *   Beta(α_k + x_k, A + n − α_k − x_k) of PRIOR_ALPHA = (1.5, 6, 2.5).
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

#define SENTINEL (-12345.678)
#define TOL_EXACT 1e-14 /* closed forms */
#define TOL_Q 1e-9      /* quantiles */
#define TOL_FIT 1e-7    /* the MLE against an independent optimiser */

static int same_bytes(const void *a, const void *b, size_t n) { return memcmp(a, b, n) == 0; }

static void fill(double *x, size_t n, double v) {
  for (size_t i = 0; i < n; i++) x[i] = v;
}

static int all_eq(const double *x, size_t n, double v) {
  for (size_t i = 0; i < n; i++)
    if (!(x[i] == v)) return 0;
  return 1;
}

#define STATS_SENTINEL ((bk_dm_stats *)(uintptr_t)0x1234)
#define RESULT_SENTINEL ((bk_dm_result *)(uintptr_t)0x1234)
#define PRIOR_SENTINEL ((bk_dm_prior *)(uintptr_t)0x1234)

/* Serialises `s` into a malloc'd buffer (*len bytes); the caller frees it. */
static uint8_t *serialize(const bk_dm_stats *s, size_t *len) {
  *len = 0;
  if (bk_dm_stats_serialize(s, NULL, 0, len) != BK_OK) return NULL;
  uint8_t *buf = malloc(*len);
  if (!buf) return NULL;
  size_t again = 0;
  if (bk_dm_stats_serialize(s, buf, *len, &again) != BK_OK || again != *len) {
    free(buf);
    return NULL;
  }
  return buf;
}

/* The statistics are byte for byte what `expect` (len bytes) holds. */
static int stats_are(const bk_dm_stats *s, const uint8_t *expect, size_t len) {
  size_t n;
  uint8_t *now = serialize(s, &n);
  int ok = now != NULL && n == len && same_bytes(now, expect, len);
  free(now);
  return ok;
}

/* Writes `text` to a new file under /tmp; its name goes to `path`. */
static int write_temp(char path[static 32], const char *text) {
  strcpy(path, "/tmp/bk_dm_test_XXXXXX");
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

/* ------------------------------------------------------------ fixtures */

enum { FIT_N = 30, K3 = 3 };
static const uint64_t FIT_ROWS[FIT_N][K3] = {
    {0, 17, 0}, {5, 1, 0},  {5, 6, 11}, {2, 13, 8}, {1, 8, 3},  {0, 11, 6}, {1, 17, 3}, {6, 4, 0},
    {11, 12, 0}, {3, 10, 5}, {0, 7, 1},  {2, 19, 0}, {6, 8, 7},  {7, 1, 3},  {4, 12, 4}, {5, 8, 2},
    {1, 6, 0},  {1, 17, 6}, {2, 2, 1},  {0, 2, 3},  {1, 21, 0}, {0, 10, 0}, {1, 3, 2},  {14, 7, 1},
    {4, 2, 16}, {6, 16, 0}, {3, 1, 1},  {1, 7, 0},  {2, 3, 0},  {0, 14, 0}};
static const double FIT_ALPHA[K3] = {0.7998414232347174, 2.0076955687260494, 0.5790908629589014};
static const double FIT_A = 3.3866278549196682;
static const double FIT_THETA = 0.2279655427980938;
static const double FIT_LOGLIK = -125.38395245192527;
static const double FIT_LOGLIK_MULT = -180.56710195192517;
static const double FIT_LR = 110.3662989999998;
static const double FIT_P = 4.072910494383395e-26;
static const double FIT_AIC = 256.76790490385054;
static const double FIT_BIC = 260.971497048837;
static const double FIT_SE[K3] = {0.2259325548362577, 0.5904703596632834, 0.17838793085177723};

static bk_dm_stats *fit_stats(void) {
  bk_dm_stats *s = NULL;
  CHECK_STATUS(bk_dm_stats_new(K3, &s), BK_OK);
  CHECK_STATUS(bk_dm_stats_add_rows(s, &FIT_ROWS[0][0], FIT_N, K3, NULL), BK_OK);
  return s;
}

static const double PRIOR_ALPHA[K3] = {1.5, 6.0, 2.5};

/* ------------------------------------------------------------ options */

/* The default functions set struct_size and write every field: filled over two
 * different byte patterns, the structs agree field by field. The values are the
 * core's defaults (capi's defaults_tests checks them), not restated here. */
static void test_options_defaults(void) {
  bk_dm_read_options ro, ro2;
  memset(&ro, 0xa5, sizeof ro);
  memset(&ro2, 0x5a, sizeof ro2);
  CHECK_STATUS(bk_dm_read_options_default(&ro), BK_OK);
  CHECK_STATUS(bk_dm_read_options_default(&ro2), BK_OK);
  CHECK(ro.struct_size == sizeof(bk_dm_read_options));
  CHECK(ro.delimiter == ro2.delimiter);
  CHECK(ro.header == ro2.header);
  CHECK(ro.id_column == ro2.id_column);
  CHECK(ro.weight_column == ro2.weight_column);
  CHECK(ro.skip_bad == ro2.skip_bad);
  CHECK(ro.threads == ro2.threads);
  CHECK(ro.sample_rate == ro2.sample_rate);
  CHECK(ro.max_total == ro2.max_total);
  CHECK(ro.seed == ro2.seed);
  CHECK_FAIL(bk_dm_read_options_default(NULL), BK_ERR_NULL_POINTER);

  bk_dm_fit_options fo, fo2;
  memset(&fo, 0xa5, sizeof fo);
  memset(&fo2, 0x5a, sizeof fo2);
  CHECK_STATUS(bk_dm_fit_options_default(&fo), BK_OK);
  CHECK_STATUS(bk_dm_fit_options_default(&fo2), BK_OK);
  CHECK(fo.struct_size == sizeof(bk_dm_fit_options));
  CHECK(fo.max_iter == fo2.max_iter);
  CHECK(fo.tol == fo2.tol);
  CHECK(fo.hyperprior == fo2.hyperprior);
  CHECK(fo.drop_empty == fo2.drop_empty);
  CHECK_FAIL(bk_dm_fit_options_default(NULL), BK_ERR_NULL_POINTER);

  /* Stable enumeration values. */
  CHECK(BK_DM_CONVERGED == 0);
  CHECK(BK_DM_NO_OVERDISPERSION == 1);
  CHECK(BK_DM_NOT_IDENTIFIABLE == 2);
  CHECK(BK_DM_NOT_CONVERGED == 3);
  CHECK(BK_DM_RANK_MEAN == 0);
  CHECK(BK_DM_RANK_LOWER == 1);
}

/* ------------------------------------------------------------ statistics */

static void test_stats_new_add_accessors(void) {
  bk_dm_stats *s = STATS_SENTINEL;
  CHECK_FAIL(bk_dm_stats_new(3, NULL), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_dm_stats_new(0, NULL), BK_ERR_NULL_POINTER); /* NULL first */
  CHECK_FAIL(bk_dm_stats_new(0, &s), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_dm_stats_new(1, &s), BK_ERR_INVALID_ARGUMENT);
  /* The documented limit; SIZE_MAX was a caught panic (BK_ERR_INTERNAL). */
  CHECK_FAIL(bk_dm_stats_new(BK_MAX_CATEGORIES + 1, &s), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("categories must be in 2..=1048576");
  CHECK_FAIL(bk_dm_stats_new(SIZE_MAX, &s), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("categories must be in 2..=");
  CHECK(s == STATS_SENTINEL);
  bk_dm_stats_free(NULL); /* no-op */

  CHECK_STATUS(bk_dm_stats_new(3, &s), BK_OK);
  CHECK(s != NULL && s != STATS_SENTINEL);

  size_t k = 99;
  uint64_t rows = 99;
  double w = SENTINEL;
  CHECK_STATUS(bk_dm_stats_categories(s, &k), BK_OK);
  CHECK(k == 3);
  CHECK_STATUS(bk_dm_stats_rows(s, &rows), BK_OK);
  CHECK(rows == 0);
  CHECK_STATUS(bk_dm_stats_total_weight(s, &w), BK_OK);
  CHECK(w == 0.0);

  const uint64_t r1[3] = {3, 0, 1}, r2[3] = {1, 1, 8}, zero[3] = {0, 0, 0};
  CHECK_STATUS(bk_dm_stats_add(s, r1, 3, 1.0), BK_OK);
  CHECK_STATUS(bk_dm_stats_add(s, r2, 3, 2.5), BK_OK);
  CHECK_STATUS(bk_dm_stats_add(s, zero, 3, 1.0), BK_OK); /* an empty row counts as a row */
  CHECK_STATUS(bk_dm_stats_add(s, r1, 3, 0.0), BK_OK);   /* weight 0 is allowed */
  CHECK_STATUS(bk_dm_stats_rows(s, &rows), BK_OK);
  CHECK(rows == 4);
  CHECK_STATUS(bk_dm_stats_total_weight(s, &w), BK_OK);
  CHECK(w == 4.5);

  /* Errors leave the statistics unchanged. */
  size_t len0;
  uint8_t *before = serialize(s, &len0);
  CHECK(before != NULL);
  const uint64_t r4[4] = {1, 2, 3, 4};
  CHECK_FAIL(bk_dm_stats_add(NULL, r1, 3, 1.0), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_dm_stats_add(s, NULL, 3, 1.0), BK_ERR_NULL_POINTER);
  CHECK_MESSAGE_HAS("`counts` must not be NULL");
  CHECK_FAIL(bk_dm_stats_add(s, r1, 2, 1.0), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("k = 2, but there are 3 categories");
  CHECK_FAIL(bk_dm_stats_add(s, r4, 4, 1.0), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_dm_stats_add(s, NULL, 0, 1.0), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_dm_stats_add(s, r1, 3, NAN), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("weight");
  CHECK_FAIL(bk_dm_stats_add(s, r1, 3, -1.0), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_dm_stats_add(s, r1, 3, -0.0 - 1e-300), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_dm_stats_add(s, r1, 3, INFINITY), BK_ERR_INVALID_ARGUMENT);
  const uint64_t big[3] = {UINT64_MAX, 1, 0};
  CHECK_FAIL(bk_dm_stats_add(s, big, 3, 1.0), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("overflows");
  const uint64_t big2[3] = {UINT64_MAX / 2 + 1, 0, UINT64_MAX / 2 + 1};
  CHECK_FAIL(bk_dm_stats_add(s, big2, 3, 1.0), BK_ERR_INVALID_ARGUMENT);
  CHECK(before && stats_are(s, before, len0));
  free(before);

  /* The largest total that fits is fine. */
  const uint64_t max_row[3] = {UINT64_MAX - 1, 1, 0};
  CHECK_STATUS(bk_dm_stats_add(s, max_row, 3, 1.0), BK_OK);
  CHECK_STATUS(bk_dm_stats_rows(s, &rows), BK_OK);
  CHECK(rows == 5);

  /* Accessors: NULL handle or out, outputs untouched. */
  k = 99;
  rows = 99;
  w = SENTINEL;
  CHECK_FAIL(bk_dm_stats_categories(NULL, &k), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_dm_stats_categories(s, NULL), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_dm_stats_rows(NULL, &rows), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_dm_stats_rows(s, NULL), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_dm_stats_total_weight(NULL, &w), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_dm_stats_total_weight(s, NULL), BK_ERR_NULL_POINTER);
  CHECK(k == 99 && rows == 99 && w == SENTINEL);
  bk_dm_stats_free(s);
}

static void test_stats_add_rows(void) {
  /* add_rows equals adding the rows one by one (weights NULL = all 1). */
  bk_dm_stats *one = NULL, *batch = NULL;
  CHECK_STATUS(bk_dm_stats_new(K3, &one), BK_OK);
  for (size_t i = 0; i < FIT_N; i++) CHECK_STATUS(bk_dm_stats_add(one, FIT_ROWS[i], K3, 1.0), BK_OK);
  CHECK_STATUS(bk_dm_stats_new(K3, &batch), BK_OK);
  CHECK_STATUS(bk_dm_stats_add_rows(batch, &FIT_ROWS[0][0], FIT_N, K3, NULL), BK_OK);
  size_t len;
  uint8_t *bytes = serialize(one, &len);
  CHECK(bytes && stats_are(batch, bytes, len));
  free(bytes);

  /* With weights. */
  const uint64_t rows[4][3] = {{1, 2, 3}, {0, 0, 9}, {4, 4, 4}, {7, 0, 0}};
  const double weights[4] = {1.0, 2.0, 0.5, 0.0};
  bk_dm_stats *a = NULL, *b = NULL;
  CHECK_STATUS(bk_dm_stats_new(3, &a), BK_OK);
  CHECK_STATUS(bk_dm_stats_new(3, &b), BK_OK);
  for (size_t i = 0; i < 4; i++) CHECK_STATUS(bk_dm_stats_add(a, rows[i], 3, weights[i]), BK_OK);
  CHECK_STATUS(bk_dm_stats_add_rows(b, &rows[0][0], 4, 3, weights), BK_OK);
  bytes = serialize(a, &len);
  CHECK(bytes && stats_are(b, bytes, len));
  free(bytes);
  double w = 0.0;
  CHECK_STATUS(bk_dm_stats_total_weight(b, &w), BK_OK);
  CHECK(w == 3.5);

  /* n_rows = 0 is a no-op, NULL arrays allowed. */
  bytes = serialize(b, &len);
  CHECK_STATUS(bk_dm_stats_add_rows(b, NULL, 0, 3, NULL), BK_OK);
  CHECK_STATUS(bk_dm_stats_add_rows(b, NULL, 0, 3, weights), BK_OK);
  CHECK(bytes && stats_are(b, bytes, len));

  /* All or nothing: a bad row anywhere leaves the statistics unchanged. */
  const double bad_w[4] = {1.0, 1.0, NAN, 1.0};
  CHECK_FAIL(bk_dm_stats_add_rows(b, &rows[0][0], 4, 3, bad_w), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("row 2");
  const double neg_w[4] = {1.0, 1.0, 1.0, -2.0};
  CHECK_FAIL(bk_dm_stats_add_rows(b, &rows[0][0], 4, 3, neg_w), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("row 3");
  const uint64_t over[3][3] = {{1, 1, 1}, {UINT64_MAX, 0, 1}, {2, 2, 2}};
  CHECK_FAIL(bk_dm_stats_add_rows(b, &over[0][0], 3, 3, NULL), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("row 1: total overflows");
  /* k must equal the categories even when n_rows·k is a multiple of them. */
  CHECK_FAIL(bk_dm_stats_add_rows(b, &rows[0][0], 3, 2, NULL), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("k = 2");
  CHECK_FAIL(bk_dm_stats_add_rows(b, &rows[0][0], 0, 2, NULL), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_dm_stats_add_rows(b, &rows[0][0], 2, 6, NULL), BK_ERR_INVALID_ARGUMENT);
  /* n_rows·k overflows size_t. */
  CHECK_FAIL(bk_dm_stats_add_rows(b, &rows[0][0], SIZE_MAX, 3, NULL), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_dm_stats_add_rows(b, &rows[0][0], SIZE_MAX / 3 + 1, 3, NULL), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_dm_stats_add_rows(NULL, &rows[0][0], 4, 3, NULL), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_dm_stats_add_rows(b, NULL, 4, 3, NULL), BK_ERR_NULL_POINTER);
  CHECK(bytes && stats_are(b, bytes, len));
  free(bytes);

  bk_dm_stats_free(one);
  bk_dm_stats_free(batch);
  bk_dm_stats_free(a);
  bk_dm_stats_free(b);
}

static void test_stats_merge(void) {
  /* Two halves merged give the same statistics and the same α, bit for bit, as one pass. */
  bk_dm_stats *all = fit_stats(), *h1 = NULL, *h2 = NULL;
  CHECK_STATUS(bk_dm_stats_new(K3, &h1), BK_OK);
  CHECK_STATUS(bk_dm_stats_new(K3, &h2), BK_OK);
  for (size_t i = 0; i < FIT_N; i++)
    CHECK_STATUS(bk_dm_stats_add(i % 2 ? h2 : h1, FIT_ROWS[i], K3, 1.0), BK_OK);
  size_t len2;
  uint8_t *h2_bytes = serialize(h2, &len2);
  CHECK_STATUS(bk_dm_stats_merge(h1, h2), BK_OK);
  CHECK(h2_bytes && stats_are(h2, h2_bytes, len2)); /* src unchanged */
  free(h2_bytes);
  uint64_t rows = 0;
  CHECK_STATUS(bk_dm_stats_rows(h1, &rows), BK_OK);
  CHECK(rows == FIT_N);
  size_t len;
  uint8_t *bytes = serialize(all, &len);
  CHECK(bytes && stats_are(h1, bytes, len));
  free(bytes);

  bk_dm_result *f_all = NULL, *f_merged = NULL;
  CHECK_STATUS(bk_dm_fit(all, NULL, &f_all), BK_OK);
  CHECK_STATUS(bk_dm_fit(h1, NULL, &f_merged), BK_OK);
  double a1[K3], a2[K3];
  CHECK_STATUS(bk_dm_result_alpha(f_all, a1, K3), BK_OK);
  CHECK_STATUS(bk_dm_result_alpha(f_merged, a2, K3), BK_OK);
  CHECK(same_bytes(a1, a2, sizeof a1));
  bk_dm_fit_summary s1 = {.struct_size = sizeof(bk_dm_fit_summary)}, s2 = {.struct_size = sizeof(bk_dm_fit_summary)};
  CHECK_STATUS(bk_dm_result_summary(f_all, &s1), BK_OK);
  CHECK_STATUS(bk_dm_result_summary(f_merged, &s2), BK_OK);
  CHECK(s1.loglik == s2.loglik && s1.iterations == s2.iterations);
  bk_dm_result_free(f_all);
  bk_dm_result_free(f_merged);

  /* Merging a handle into itself counts its rows twice. */
  bk_dm_stats *twice = fit_stats();
  CHECK_STATUS(bk_dm_stats_merge(twice, twice), BK_OK);
  CHECK_STATUS(bk_dm_stats_rows(twice, &rows), BK_OK);
  CHECK(rows == 2 * FIT_N);
  double w = 0.0;
  CHECK_STATUS(bk_dm_stats_total_weight(twice, &w), BK_OK);
  CHECK(w == 2.0 * FIT_N);
  bk_dm_stats *doubled = fit_stats();
  CHECK_STATUS(bk_dm_stats_add_rows(doubled, &FIT_ROWS[0][0], FIT_N, K3, NULL), BK_OK);
  bytes = serialize(doubled, &len);
  CHECK(bytes && stats_are(twice, bytes, len));
  free(bytes);

  /* Errors leave dst unchanged. */
  bk_dm_stats *k2 = NULL;
  CHECK_STATUS(bk_dm_stats_new(2, &k2), BK_OK);
  bytes = serialize(all, &len);
  CHECK_FAIL(bk_dm_stats_merge(all, k2), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("categories");
  CHECK_FAIL(bk_dm_stats_merge(all, NULL), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_dm_stats_merge(NULL, all), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_dm_stats_merge(NULL, NULL), BK_ERR_NULL_POINTER);
  CHECK(bytes && stats_are(all, bytes, len));
  free(bytes);

  bk_dm_stats_free(k2);
  bk_dm_stats_free(doubled);
  bk_dm_stats_free(twice);
  bk_dm_stats_free(all);
  bk_dm_stats_free(h1);
  bk_dm_stats_free(h2);
}

static bk_status serialize_call(const void *stats, void *buf, size_t cap, size_t *len) {
  return bk_dm_stats_serialize(stats, buf, cap, len);
}

static bk_status first_skipped_call(const void *stats, void *buf, size_t cap, size_t *len) {
  return bk_dm_stats_first_skipped(stats, buf, cap, len);
}

static void test_serialize(void) {
  bk_dm_stats *s = fit_stats();
  /* A large count and a fractional weight go through the sparse histogram. */
  const uint64_t huge[3] = {5000000, 3, 1025};
  CHECK_STATUS(bk_dm_stats_add(s, huge, 3, 0.25), BK_OK);

  /* The buffer protocol: size query, NULLs, short caps, exact and larger. */
  size_t len = 0;
  CHECK_STATUS(bk_dm_stats_serialize(s, NULL, 0, &len), BK_OK);
  CHECK(len > 48);
  uint8_t *buf = malloc(len + 16);
  CHECK(buf != NULL);
  if (!buf) return;
  CHECK(CHECK_BUFFER_PROTOCOL(serialize_call, s, 0, buf, len + 16) == len);
  CHECK(memcmp(buf, "BKDMSTAT", 8) == 0);
  size_t len2 = 77;
  CHECK_FAIL(bk_dm_stats_serialize(NULL, buf, len, &len2), BK_ERR_NULL_POINTER);
  CHECK_MESSAGE_HAS("`stats`");
  CHECK(len2 == 77);
  CHECK_FAIL(bk_dm_stats_serialize(s, NULL, 0, NULL), BK_ERR_NULL_POINTER);

  /* Round trip: same statistics, same bytes, same fit. */
  bk_dm_stats *back = STATS_SENTINEL;
  CHECK_STATUS(bk_dm_stats_deserialize(buf, len, &back), BK_OK);
  CHECK(back != NULL && back != STATS_SENTINEL);
  CHECK(stats_are(back, buf, len));
  uint64_t r1 = 0, r2 = 1;
  double w1 = 0.0, w2 = 1.0;
  size_t k = 0;
  CHECK_STATUS(bk_dm_stats_rows(s, &r1), BK_OK);
  CHECK_STATUS(bk_dm_stats_rows(back, &r2), BK_OK);
  CHECK(r1 == r2 && r1 == FIT_N + 1);
  CHECK_STATUS(bk_dm_stats_total_weight(s, &w1), BK_OK);
  CHECK_STATUS(bk_dm_stats_total_weight(back, &w2), BK_OK);
  CHECK(w1 == w2 && w1 == FIT_N + 0.25);
  CHECK_STATUS(bk_dm_stats_categories(back, &k), BK_OK);
  CHECK(k == 3);
  bk_dm_result *f1 = NULL, *f2 = NULL;
  CHECK_STATUS(bk_dm_fit(s, NULL, &f1), BK_OK);
  CHECK_STATUS(bk_dm_fit(back, NULL, &f2), BK_OK);
  double a1[3], a2[3];
  CHECK_STATUS(bk_dm_result_alpha(f1, a1, 3), BK_OK);
  CHECK_STATUS(bk_dm_result_alpha(f2, a2, 3), BK_OK);
  CHECK(same_bytes(a1, a2, sizeof a1));
  bk_dm_result_free(f1);
  bk_dm_result_free(f2);
  bk_dm_stats_free(back);

  /* Every truncation is detected (each prefix in its own exact-size allocation,
   * so the sanitizers see any read past it). */
  int all_corrupt = 1, untouched_out = 1;
  for (size_t n = 0; n < len; n++) {
    uint8_t *prefix = malloc(n ? n : 1);
    if (!prefix) break;
    memcpy(prefix, buf, n);
    bk_dm_stats *o = STATS_SENTINEL;
    if (bk_dm_stats_deserialize(prefix, n, &o) != BK_ERR_CORRUPT) {
      all_corrupt = 0;
      fprintf(stderr, "  prefix of %zu bytes not reported corrupt\n", n);
    }
    if (o != STATS_SENTINEL) untouched_out = 0;
    free(prefix);
  }
  CHECK(all_corrupt);
  CHECK(untouched_out);
  /* Every flipped byte is detected. */
  all_corrupt = 1;
  untouched_out = 1;
  uint8_t *copy = malloc(len);
  CHECK(copy != NULL);
  for (size_t i = 0; copy && i < len; i++) {
    memcpy(copy, buf, len);
    copy[i] ^= 0x5a;
    bk_dm_stats *o = STATS_SENTINEL;
    if (bk_dm_stats_deserialize(copy, len, &o) != BK_ERR_CORRUPT) {
      all_corrupt = 0;
      fprintf(stderr, "  flipped byte %zu not reported corrupt\n", i);
    }
    if (o != STATS_SENTINEL) untouched_out = 0;
  }
  CHECK(all_corrupt);
  CHECK(untouched_out);
  free(copy);
  /* One flipped byte, with its message; a trailing byte. */
  back = STATS_SENTINEL;
  buf[len / 2] ^= 1;
  CHECK_FAIL(bk_dm_stats_deserialize(buf, len, &back), BK_ERR_CORRUPT);
  CHECK_MESSAGE_HAS("checksum");
  buf[len / 2] ^= 1;
  buf[len] = 0;
  CHECK_FAIL(bk_dm_stats_deserialize(buf, len + 1, &back), BK_ERR_CORRUPT);
  CHECK_FAIL(bk_dm_stats_deserialize((const uint8_t *)"not statistics at all", 21, &back),
             BK_ERR_CORRUPT);
  CHECK_MESSAGE_HAS("magic");
  /* NULL arguments. */
  CHECK_FAIL(bk_dm_stats_deserialize(NULL, 0, &back), BK_ERR_CORRUPT);
  CHECK_FAIL(bk_dm_stats_deserialize(NULL, len, &back), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_dm_stats_deserialize(buf, len, NULL), BK_ERR_NULL_POINTER);
  CHECK(back == STATS_SENTINEL);

  free(buf);
  bk_dm_stats_free(s);
}

/* ------------------------------------------------------------ reading files */

static void test_read_file(void) {
  char path[32];
  bk_dm_read_options o;
  bk_dm_read_report rep = {.struct_size = sizeof(bk_dm_read_report)}, copy = {.struct_size = sizeof(bk_dm_read_report)};
  bk_dm_stats *s = STATS_SENTINEL;

  /* Header, id column, weight column (0-based index 3, counting the id). */
  CHECK(write_temp(path, "venue\tneg\tpos\tw\nA\t1\t9\t1\nB\t0\t3\t2\n\nC\t5\t5\t0.5\n"));
  CHECK_STATUS(bk_dm_read_options_default(&o), BK_OK);
  o.header = 1;
  o.id_column = 1;
  o.weight_column = 3;
  memset(&rep, 0xee, sizeof rep);
  rep.struct_size = sizeof rep;
  CHECK_STATUS(bk_dm_stats_read_file(path, &o, &s, &rep), BK_OK);
  CHECK(s != NULL && s != STATS_SENTINEL);
  CHECK(rep.rows == 3 && rep.skipped == 0 && rep.sampled_out == 0 && rep.thinned == 0);
  {
    char why[4] = "xxx";
    size_t wlen = 99;
    CHECK_STATUS(bk_dm_stats_first_skipped(s, why, sizeof why, &wlen), BK_OK); /* nothing skipped */
    CHECK(wlen == 1 && why[0] == '\0');
  }
  size_t k = 0;
  uint64_t rows = 0;
  double w = 0.0;
  CHECK_STATUS(bk_dm_stats_categories(s, &k), BK_OK);
  CHECK(k == 2);
  CHECK_STATUS(bk_dm_stats_rows(s, &rows), BK_OK);
  CHECK(rows == 3);
  CHECK_STATUS(bk_dm_stats_total_weight(s, &w), BK_OK);
  CHECK(w == 3.5);
  /* The same rows added by hand give the same statistics. */
  bk_dm_stats *hand = NULL;
  const uint64_t hr[3][2] = {{1, 9}, {0, 3}, {5, 5}};
  const double hw[3] = {1.0, 2.0, 0.5};
  CHECK_STATUS(bk_dm_stats_new(2, &hand), BK_OK);
  CHECK_STATUS(bk_dm_stats_add_rows(hand, &hr[0][0], 3, 2, hw), BK_OK);
  size_t len;
  uint8_t *bytes = serialize(hand, &len);
  CHECK(bytes && stats_are(s, bytes, len));
  free(bytes);
  bk_dm_stats_free(hand);
  bk_dm_stats_free(s);
  /* report may be NULL. */
  s = NULL;
  CHECK_STATUS(bk_dm_stats_read_file(path, &o, &s, NULL), BK_OK);
  bk_dm_stats_free(s);
  unlink(path);

  /* Defaults (NULL options): comma detected, no header. */
  CHECK(write_temp(path, "1,2,0\n3,4,5\r\n0,0,1\n"));
  s = NULL;
  CHECK_STATUS(bk_dm_stats_read_file(path, NULL, &s, &rep), BK_OK);
  CHECK(rep.rows == 3);
  CHECK_STATUS(bk_dm_stats_categories(s, &k), BK_OK);
  CHECK(k == 3);
  bk_dm_stats_free(s);
  /* An explicit delimiter that is not in the file: one field per line. */
  CHECK_STATUS(bk_dm_read_options_default(&o), BK_OK);
  o.delimiter = ';';
  s = STATS_SENTINEL;
  CHECK_FAIL(bk_dm_stats_read_file(path, &o, &s, NULL), BK_ERR_PARSE);
  CHECK_MESSAGE_HAS("at least 2 count columns");
  o.delimiter = ',';
  CHECK_STATUS(bk_dm_stats_read_file(path, &o, &s, NULL), BK_OK);
  bk_dm_stats_free(s);
  unlink(path);

  /* A bad row: BK_ERR_PARSE naming the file and line; outputs untouched. */
  CHECK(write_temp(path, "1\t2\n3\t4\n5\tx\n7\t8\n"));
  s = STATS_SENTINEL;
  memset(&rep, 0xee, sizeof rep);
  rep.struct_size = sizeof rep;
  copy = rep;
  CHECK_FAIL(bk_dm_stats_read_file(path, NULL, &s, &rep), BK_ERR_PARSE);
  CHECK_MESSAGE_HAS(path);
  CHECK_MESSAGE_HAS(":3:");
  CHECK_MESSAGE_HAS("\"x\"");
  CHECK(s == STATS_SENTINEL);
  CHECK(same_bytes(&rep, &copy, sizeof rep));
  char failed[256];
  CHECK(bk_last_error_message(failed, sizeof failed) < sizeof failed);
  /* The same with skip_bad: counted in the report, its message kept with the statistics. */
  CHECK_STATUS(bk_dm_read_options_default(&o), BK_OK);
  o.skip_bad = 1;
  CHECK_STATUS(bk_dm_stats_read_file(path, &o, &s, &rep), BK_OK);
  CHECK(rep.rows == 3 && rep.skipped == 1 && rep.sampled_out == 0 && rep.thinned == 0);
  CHECK_STATUS(bk_dm_stats_rows(s, &rows), BK_OK);
  CHECK(rows == 3);
  {
    char why[256], at3[64];
    size_t wlen = 0;
    size_t size = CHECK_BUFFER_PROTOCOL(first_skipped_call, s, 1, why, sizeof why);
    snprintf(at3, sizeof at3, "%s:3:", path);
    CHECK(strncmp(why, at3, strlen(at3)) == 0 && strstr(why, "\"x\"") != NULL);
    /* The strict read failed with "parse error: " and this text. */
    CHECK(strlen(failed) > strlen(why) && strcmp(failed + strlen(failed) - strlen(why), why) == 0);
    size_t got = 99;
    memset(why, 'x', sizeof why);
    CHECK_FAIL(bk_dm_stats_first_skipped(NULL, why, sizeof why, &got), BK_ERR_NULL_POINTER);
    CHECK_MESSAGE_HAS("`stats`");
    CHECK(got == 99 && why[0] == 'x');
    /* Merging into the statistics leaves it; statistics made otherwise have none. */
    bk_dm_stats *other = NULL;
    CHECK_STATUS(bk_dm_stats_new(2, &other), BK_OK);
    CHECK_STATUS(bk_dm_stats_first_skipped(other, why, sizeof why, &wlen), BK_OK);
    CHECK(wlen == 1 && why[0] == '\0');
    CHECK_STATUS(bk_dm_stats_merge(other, s), BK_OK);
    CHECK_STATUS(bk_dm_stats_first_skipped(other, NULL, 0, &wlen), BK_OK);
    CHECK(wlen == 1);
    CHECK_STATUS(bk_dm_stats_merge(s, other), BK_OK);
    CHECK_STATUS(bk_dm_stats_first_skipped(s, NULL, 0, &wlen), BK_OK);
    CHECK(wlen == size);
    bk_dm_stats_free(other);
  }
  bk_dm_stats_free(s);
  /* Any non-zero byte is true. */
  o.skip_bad = 0xff;
  s = NULL;
  CHECK_STATUS(bk_dm_stats_read_file(path, &o, &s, &rep), BK_OK);
  CHECK(rep.skipped == 1);
  bk_dm_stats_free(s);
  unlink(path);

  /* A wrong number of fields, on line 4. */
  CHECK(write_temp(path, "1\t2\t3\n\n4\t5\t6\n1\t2\n"));
  s = STATS_SENTINEL;
  CHECK_FAIL(bk_dm_stats_read_file(path, NULL, &s, NULL), BK_ERR_PARSE);
  CHECK_MESSAGE_HAS(":4: expected 3 fields, found 2");
  CHECK(s == STATS_SENTINEL);
  unlink(path);

  /* An empty file has no data rows. */
  CHECK(write_temp(path, ""));
  CHECK_FAIL(bk_dm_stats_read_file(path, NULL, &s, NULL), BK_ERR_PARSE);
  CHECK_MESSAGE_HAS("no data rows");
  CHECK(s == STATS_SENTINEL);
  unlink(path);

  /* A missing file: BK_ERR_IO naming it. */
  rep = copy;
  CHECK(write_temp(path, "1\t2\n"));
  unlink(path);
  CHECK_FAIL(bk_dm_stats_read_file(path, NULL, &s, &rep), BK_ERR_IO);
  CHECK_MESSAGE_HAS(path);
  CHECK(s == STATS_SENTINEL);
  CHECK(same_bytes(&rep, &copy, sizeof rep));
  /* Options are checked before the file is opened. */
  CHECK_STATUS(bk_dm_read_options_default(&o), BK_OK);
  o.sample_rate = 0.0;
  CHECK_FAIL(bk_dm_stats_read_file(path, &o, &s, NULL), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_dm_stats_read_file("", NULL, &s, NULL), BK_ERR_IO);
  CHECK_FAIL(bk_dm_stats_read_file("/tmp", NULL, &s, NULL), BK_ERR_IO); /* a directory */
  CHECK(s == STATS_SENTINEL);

  /* Sampling and thinning, keyed by line number: the same with 1 or 3 threads. */
  {
    enum { N = 400 };
    char *text = malloc(N * 32);
    CHECK(text != NULL);
    if (text) {
      size_t at = 0;
      for (int i = 0; i < N; i++)
        at += (size_t)snprintf(text + at, 32, "%d\t%d\t%d\n", i % 7, (i * 31) % 11, i % 50 == 0 ? 1000 + i : i % 3);
      CHECK(write_temp(path, text));
      free(text);
      CHECK_STATUS(bk_dm_read_options_default(&o), BK_OK);
      o.sample_rate = 0.5;
      o.max_total = 20;
      o.seed = 5;
      bk_dm_stats *s1 = NULL, *s3 = NULL;
      bk_dm_read_report r1 = {.struct_size = sizeof(bk_dm_read_report)}, r3 = {.struct_size = sizeof(bk_dm_read_report)};
      CHECK_STATUS(bk_dm_stats_read_file(path, &o, &s1, &r1), BK_OK);
      o.threads = 3;
      CHECK_STATUS(bk_dm_stats_read_file(path, &o, &s3, &r3), BK_OK);
      CHECK(r1.rows == N);
      CHECK(r1.sampled_out > N / 4 && r1.sampled_out < 3 * N / 4);
      CHECK(r1.thinned > 0);
      CHECK(same_bytes(&r1, &r3, sizeof r1));
      CHECK_STATUS(bk_dm_stats_rows(s1, &rows), BK_OK);
      CHECK(rows == r1.rows - r1.sampled_out);
      bytes = serialize(s1, &len);
      CHECK(bytes && stats_are(s3, bytes, len));
      free(bytes);
      /* Another seed keeps other rows. */
      o.seed = 6;
      bk_dm_stats *s6 = NULL;
      CHECK_STATUS(bk_dm_stats_read_file(path, &o, &s6, &r3), BK_OK);
      CHECK(r3.sampled_out != r1.sampled_out || r3.thinned != r1.thinned);
      bk_dm_stats_free(s1);
      bk_dm_stats_free(s3);
      bk_dm_stats_free(s6);
      unlink(path);
    }
  }

  /* Options: validated before the file is opened; outputs untouched. */
  CHECK(write_temp(path, "1\t2\n3\t4\n"));
  s = STATS_SENTINEL;
  memset(&rep, 0xee, sizeof rep);
  rep.struct_size = sizeof rep;
  copy = rep;
  bk_dm_read_options bad;
  CHECK_STATUS(bk_dm_read_options_default(&o), BK_OK);
  bad = o;
  bad.struct_size = 0;
  CHECK_FAIL(bk_dm_stats_read_file(path, &bad, &s, &rep), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("struct_size");
  bad.struct_size = 3;
  CHECK_FAIL(bk_dm_stats_read_file(path, &bad, &s, &rep), BK_ERR_INVALID_ARGUMENT);
  bad = o;
  bad.threads = 0;
  CHECK_FAIL(bk_dm_stats_read_file(path, &bad, &s, &rep), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("threads");
  bad.threads = 257;
  CHECK_FAIL(bk_dm_stats_read_file(path, &bad, &s, &rep), BK_ERR_INVALID_ARGUMENT);
  bad = o;
  bad.weight_column = -2;
  CHECK_FAIL(bk_dm_stats_read_file(path, &bad, &s, &rep), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("weight_column");
  bad.weight_column = INT64_MIN;
  CHECK_FAIL(bk_dm_stats_read_file(path, &bad, &s, &rep), BK_ERR_INVALID_ARGUMENT);
  bad.weight_column = 2; /* the line has only fields 0 and 1 */
  CHECK_FAIL(bk_dm_stats_read_file(path, &bad, &s, &rep), BK_ERR_PARSE);
  CHECK_MESSAGE_HAS("weight column");
  bad = o;
  bad.delimiter = '\n';
  CHECK_FAIL(bk_dm_stats_read_file(path, &bad, &s, &rep), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("delimiter");
  bad.delimiter = '\r';
  CHECK_FAIL(bk_dm_stats_read_file(path, &bad, &s, &rep), BK_ERR_INVALID_ARGUMENT);
  bad = o;
  bad.sample_rate = 0.0;
  CHECK_FAIL(bk_dm_stats_read_file(path, &bad, &s, &rep), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("sample rate");
  bad.sample_rate = NAN;
  CHECK_FAIL(bk_dm_stats_read_file(path, &bad, &s, &rep), BK_ERR_INVALID_ARGUMENT);
  bad.sample_rate = 1.5;
  CHECK_FAIL(bk_dm_stats_read_file(path, &bad, &s, &rep), BK_ERR_INVALID_ARGUMENT);
  CHECK(s == STATS_SENTINEL);
  CHECK(same_bytes(&rep, &copy, sizeof rep));
  /* An old caller whose struct ends after struct_size gets the defaults,
   * whatever lies beyond it. */
  bad = o;
  bad.struct_size = sizeof(uint32_t);
  bad.threads = 0;
  bad.sample_rate = -1.0;
  CHECK_STATUS(bk_dm_stats_read_file(path, &bad, &s, &rep), BK_OK);
  CHECK(rep.rows == 2);
  bk_dm_stats_free(s);
  /* ... and one whose struct ends before `threads` keeps the default threads. */
  bad = o;
  bad.struct_size = (uint32_t)offsetof(bk_dm_read_options, threads);
  bad.skip_bad = 1;
  bad.threads = 0;
  s = NULL;
  CHECK_STATUS(bk_dm_stats_read_file(path, &bad, &s, &rep), BK_OK);
  bk_dm_stats_free(s);
  /* NULL path or out. */
  s = STATS_SENTINEL;
  rep = copy;
  CHECK_FAIL(bk_dm_stats_read_file(NULL, NULL, &s, &rep), BK_ERR_NULL_POINTER);
  CHECK_MESSAGE_HAS("`path`");
  CHECK_FAIL(bk_dm_stats_read_file(path, NULL, NULL, &rep), BK_ERR_NULL_POINTER);
  CHECK(s == STATS_SENTINEL);
  CHECK(same_bytes(&rep, &copy, sizeof rep));
  unlink(path);
}

/* ------------------------------------------------------------ fitting */

static void test_fit_converged(void) {
  bk_dm_stats *s = fit_stats();
  bk_dm_result *f = RESULT_SENTINEL;
  CHECK_STATUS(bk_dm_fit(s, NULL, &f), BK_OK);
  CHECK(f != NULL && f != RESULT_SENTINEL);
  bk_dm_stats_free(s); /* the result does not depend on the statistics' handle */

  bk_dm_fit_summary sum = {.struct_size = sizeof(bk_dm_fit_summary)};
  memset(&sum, 0x5a, sizeof sum); /* garbage, including the enum field */
  sum.struct_size = sizeof sum;
  CHECK_STATUS(bk_dm_result_summary(f, &sum), BK_OK);
  CHECK(sum.outcome == BK_DM_CONVERGED);
  CHECK(sum.categories == 3);
  CHECK_NEAR(sum.alpha_sum, FIT_A, TOL_FIT);
  CHECK_NEAR(sum.theta, FIT_THETA, TOL_FIT);
  CHECK_NEAR(sum.loglik, FIT_LOGLIK, 1e-12);
  CHECK_NEAR(sum.loglik_multinomial, FIT_LOGLIK_MULT, 1e-12);
  CHECK_NEAR(sum.lr_stat, FIT_LR, 1e-11);
  CHECK_NEAR(sum.lr_pvalue, FIT_P, 1e-9);
  CHECK_NEAR(sum.aic, FIT_AIC, 1e-12);
  CHECK_NEAR(sum.bic, FIT_BIC, 1e-12);
  bk_dm_fit_options def; /* NULL options above: the defaults */
  CHECK_STATUS(bk_dm_fit_options_default(&def), BK_OK);
  CHECK(sum.iterations >= 1 && sum.iterations <= def.max_iter);
  CHECK(sum.grad_norm <= def.tol);
  CHECK(sum.weight == FIT_N);

  double alpha[3], mean[3], se[3];
  fill(alpha, 3, SENTINEL);
  CHECK_STATUS(bk_dm_result_alpha(f, alpha, 3), BK_OK);
  CHECK_STATUS(bk_dm_result_mean(f, mean, 3), BK_OK);
  CHECK_STATUS(bk_dm_result_std_errors(f, se, 3), BK_OK);
  double a_sum = 0.0;
  for (int i = 0; i < 3; i++) {
    CHECK_NEAR(alpha[i], FIT_ALPHA[i], TOL_FIT);
    CHECK_NEAR(mean[i], alpha[i] / sum.alpha_sum, TOL_EXACT);
    CHECK_NEAR(se[i], FIT_SE[i], 1e-6);
    a_sum += alpha[i];
  }
  CHECK_NEAR(a_sum, sum.alpha_sum, TOL_EXACT);
  CHECK_NEAR(sum.theta, 1.0 / (1.0 + sum.alpha_sum), TOL_EXACT);
  CHECK_NEAR(sum.lr_stat, 2.0 * (sum.loglik - sum.loglik_multinomial), 1e-13);
  uint8_t dropped[3] = {9, 9, 9};
  CHECK_STATUS(bk_dm_result_dropped(f, dropped, 3), BK_OK);
  CHECK(dropped[0] == 0 && dropped[1] == 0 && dropped[2] == 0);

  /* Accessor errors: outputs untouched. */
  double out[4];
  fill(out, 4, SENTINEL);
  uint8_t dout[4] = {7, 7, 7, 7};
  bk_dm_fit_summary untouched = {.struct_size = sizeof(bk_dm_fit_summary)};
  memset(&untouched, 0x5a, sizeof untouched);
  untouched.struct_size = sizeof untouched;
  bk_dm_fit_summary ucopy = untouched;
  CHECK_FAIL(bk_dm_result_summary(NULL, &untouched), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_dm_result_summary(f, NULL), BK_ERR_NULL_POINTER);
  CHECK(same_bytes(&untouched, &ucopy, sizeof ucopy));
  CHECK_FAIL(bk_dm_result_alpha(NULL, out, 3), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_dm_result_alpha(f, NULL, 3), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_dm_result_alpha(f, out, 2), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("k = 2, but there are 3 categories");
  CHECK_FAIL(bk_dm_result_alpha(f, out, 4), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_dm_result_alpha(f, NULL, 0), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_dm_result_mean(NULL, out, 3), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_dm_result_mean(f, NULL, 3), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_dm_result_mean(f, out, 4), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_dm_result_std_errors(NULL, out, 3), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_dm_result_std_errors(f, NULL, 3), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_dm_result_std_errors(f, out, 1), BK_ERR_INVALID_ARGUMENT);
  CHECK(all_eq(out, 4, SENTINEL));
  CHECK_FAIL(bk_dm_result_dropped(NULL, dout, 3), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_dm_result_dropped(f, NULL, 3), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_dm_result_dropped(f, dout, 4), BK_ERR_INVALID_ARGUMENT);
  CHECK(dout[0] == 7 && dout[1] == 7 && dout[2] == 7 && dout[3] == 7);
  bk_dm_result_free(f);
  bk_dm_result_free(NULL); /* no-op */
}

static void test_fit_options(void) {
  bk_dm_stats *s = fit_stats();
  bk_dm_result *def = NULL, *f = NULL;
  bk_dm_fit_options o;
  CHECK_STATUS(bk_dm_fit_options_default(&o), BK_OK);
  CHECK_STATUS(bk_dm_fit(s, NULL, &def), BK_OK);
  double a_def[3], a[3];
  CHECK_STATUS(bk_dm_result_alpha(def, a_def, 3), BK_OK);
  /* Explicit defaults, and an old caller's struct ending after struct_size. */
  CHECK_STATUS(bk_dm_fit(s, &o, &f), BK_OK);
  CHECK_STATUS(bk_dm_result_alpha(f, a, 3), BK_OK);
  CHECK(same_bytes(a, a_def, sizeof a));
  bk_dm_result_free(f);
  bk_dm_fit_options old = o;
  old.struct_size = sizeof(uint32_t);
  old.max_iter = 0; /* beyond struct_size: ignored */
  old.tol = -1.0;
  CHECK_STATUS(bk_dm_fit(s, &old, &f), BK_OK);
  CHECK_STATUS(bk_dm_result_alpha(f, a, 3), BK_OK);
  CHECK(same_bytes(a, a_def, sizeof a));
  bk_dm_result_free(f);

  /* One iteration is not enough: BK_DM_NOT_CONVERGED, α the last iterate, no standard errors. */
  o.max_iter = 1;
  CHECK_STATUS(bk_dm_fit(s, &o, &f), BK_OK);
  bk_dm_fit_summary sum = {.struct_size = sizeof(bk_dm_fit_summary)};
  CHECK_STATUS(bk_dm_result_summary(f, &sum), BK_OK);
  CHECK(sum.outcome == BK_DM_NOT_CONVERGED);
  CHECK(sum.iterations == 1);
  CHECK(sum.grad_norm > o.tol);
  CHECK_STATUS(bk_dm_result_alpha(f, a, 3), BK_OK);
  CHECK(isfinite(a[0]) && a[0] > 0.0 && isfinite(sum.loglik));
  double se[3];
  CHECK_STATUS(bk_dm_result_std_errors(f, se, 3), BK_OK);
  CHECK(isnan(se[0]) && isnan(se[1]) && isnan(se[2]));
  bk_dm_result_free(f);
  /* The same through a struct that ends after max_iter (tol beyond it ignored). */
  old = o;
  old.struct_size = (uint32_t)offsetof(bk_dm_fit_options, tol);
  old.tol = -1.0;
  CHECK_STATUS(bk_dm_fit(s, &old, &f), BK_OK);
  CHECK_STATUS(bk_dm_result_summary(f, &sum), BK_OK);
  CHECK(sum.outcome == BK_DM_NOT_CONVERGED && sum.iterations == 1);
  bk_dm_result_free(f);

  /* Bad options: *out untouched. */
  f = RESULT_SENTINEL;
  CHECK_STATUS(bk_dm_fit_options_default(&o), BK_OK);
  bk_dm_fit_options bad = o;
  bad.struct_size = 0;
  CHECK_FAIL(bk_dm_fit(s, &bad, &f), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("struct_size");
  bad.struct_size = 2;
  CHECK_FAIL(bk_dm_fit(s, &bad, &f), BK_ERR_INVALID_ARGUMENT);
  bad = o;
  bad.max_iter = 0;
  CHECK_FAIL(bk_dm_fit(s, &bad, &f), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("max_iter");
  bad = o;
  bad.tol = 0.0;
  CHECK_FAIL(bk_dm_fit(s, &bad, &f), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("tol");
  bad.tol = 0.1;
  CHECK_FAIL(bk_dm_fit(s, &bad, &f), BK_ERR_INVALID_ARGUMENT);
  bad.tol = NAN;
  CHECK_FAIL(bk_dm_fit(s, &bad, &f), BK_ERR_INVALID_ARGUMENT);
  bad = o;
  bad.hyperprior = -1.0;
  CHECK_FAIL(bk_dm_fit(s, &bad, &f), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("hyperprior");
  bad.hyperprior = NAN;
  CHECK_FAIL(bk_dm_fit(s, &bad, &f), BK_ERR_INVALID_ARGUMENT);
  bad.hyperprior = INFINITY;
  CHECK_FAIL(bk_dm_fit(s, &bad, &f), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_dm_fit(NULL, NULL, &f), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_dm_fit(s, NULL, NULL), BK_ERR_NULL_POINTER);
  CHECK(f == RESULT_SENTINEL);

  bk_dm_result_free(def);
  bk_dm_stats_free(s);
}

static void test_fit_empty_category(void) {
  /* Category 2 never has a count. */
  const uint64_t rows[6][3] = {{3, 1, 0}, {0, 4, 0}, {2, 2, 0}, {5, 0, 0}, {1, 6, 0}, {4, 4, 0}};
  bk_dm_stats *s = NULL;
  CHECK_STATUS(bk_dm_stats_new(3, &s), BK_OK);
  CHECK_STATUS(bk_dm_stats_add_rows(s, &rows[0][0], 6, 3, NULL), BK_OK);
  bk_dm_result *f = RESULT_SENTINEL;
  CHECK_FAIL(bk_dm_fit(s, NULL, &f), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("no counts at all");
  CHECK(f == RESULT_SENTINEL);

  /* drop_empty: fitted without it, flagged, α = 0, mean 0, standard error 0. */
  bk_dm_fit_options o;
  CHECK_STATUS(bk_dm_fit_options_default(&o), BK_OK);
  o.drop_empty = 1;
  CHECK_STATUS(bk_dm_fit(s, &o, &f), BK_OK);
  bk_dm_fit_summary sum = {.struct_size = sizeof(bk_dm_fit_summary)};
  CHECK_STATUS(bk_dm_result_summary(f, &sum), BK_OK);
  CHECK(sum.categories == 3);
  uint8_t dropped[3] = {9, 9, 9};
  CHECK_STATUS(bk_dm_result_dropped(f, dropped, 3), BK_OK);
  CHECK(dropped[0] == 0 && dropped[1] == 0 && dropped[2] == 1);
  double alpha[3], mean[3], se[3];
  CHECK_STATUS(bk_dm_result_alpha(f, alpha, 3), BK_OK);
  CHECK_STATUS(bk_dm_result_mean(f, mean, 3), BK_OK);
  CHECK_STATUS(bk_dm_result_std_errors(f, se, 3), BK_OK);
  CHECK(alpha[2] == 0.0 && mean[2] == 0.0 && se[2] == 0.0);
  /* The two-category fit of the first two columns (scipy.optimize Nelder–Mead
   * on ln α, xatol 1e-12). */
  CHECK(sum.outcome == BK_DM_CONVERGED);
  CHECK_NEAR(alpha[0], 1.0871106315389831, 1e-6);
  CHECK_NEAR(alpha[1], 1.1629962458063063, 1e-6);
  CHECK_NEAR(sum.loglik, -10.882452036232802, 1e-12);
  CHECK_NEAR(mean[0] + mean[1], 1.0, TOL_EXACT);
  CHECK_NEAR(sum.aic, 2.0 * 2.0 - 2.0 * sum.loglik, TOL_EXACT); /* K' = 2 fitted categories */
  CHECK(isfinite(se[0]) && se[0] > 0.0);
  /* A dropped category's α of 0 cannot make a prior. */
  bk_dm_prior *p = PRIOR_SENTINEL;
  CHECK_FAIL(bk_dm_prior_new(alpha, 3, &p), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("alpha[2]");
  CHECK(p == PRIOR_SENTINEL);
  bk_dm_result_free(f);

  /* A hyperprior keeps every α finite and positive instead. */
  CHECK_STATUS(bk_dm_fit_options_default(&o), BK_OK);
  o.hyperprior = 1.0;
  CHECK_STATUS(bk_dm_fit(s, &o, &f), BK_OK);
  CHECK_STATUS(bk_dm_result_summary(f, &sum), BK_OK);
  CHECK(sum.outcome == BK_DM_CONVERGED);
  CHECK_STATUS(bk_dm_result_alpha(f, alpha, 3), BK_OK);
  CHECK(alpha[2] > 0.0 && isfinite(alpha[2]));
  CHECK_STATUS(bk_dm_result_dropped(f, dropped, 3), BK_OK);
  CHECK(dropped[0] == 0 && dropped[1] == 0 && dropped[2] == 0);
  bk_dm_result_free(f);
  bk_dm_stats_free(s);

  /* Statistics without any count at all, or without any row. */
  const uint64_t zero[3] = {0, 0, 0};
  CHECK_STATUS(bk_dm_stats_new(3, &s), BK_OK);
  f = RESULT_SENTINEL;
  CHECK_FAIL(bk_dm_fit(s, NULL, &f), BK_ERR_INVALID_ARGUMENT);
  CHECK_STATUS(bk_dm_stats_add(s, zero, 3, 1.0), BK_OK);
  CHECK_FAIL(bk_dm_fit(s, &o, &f), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("no counts");
  CHECK(f == RESULT_SENTINEL);
  bk_dm_stats_free(s);
}

static void test_fit_degenerate(void) {
  /* Every row exactly (2, 2, 2): less spread than a multinomial, no over-dispersion.
   * α and A are +inf, θ = 0, the mean is the multinomial proportions. */
  bk_dm_stats *s = NULL;
  CHECK_STATUS(bk_dm_stats_new(3, &s), BK_OK);
  const uint64_t same[3] = {2, 2, 2};
  for (int i = 0; i < 10; i++) CHECK_STATUS(bk_dm_stats_add(s, same, 3, 1.0), BK_OK);
  bk_dm_result *f = NULL;
  CHECK_STATUS(bk_dm_fit(s, NULL, &f), BK_OK);
  bk_dm_fit_summary sum = {.struct_size = sizeof(bk_dm_fit_summary)};
  CHECK_STATUS(bk_dm_result_summary(f, &sum), BK_OK);
  CHECK(sum.outcome == BK_DM_NO_OVERDISPERSION);
  CHECK(isinf(sum.alpha_sum) && sum.alpha_sum > 0.0);
  CHECK(sum.theta == 0.0);
  CHECK(sum.loglik == sum.loglik_multinomial);
  /* ln(6!/(2!2!2!)) + 6 ln(1/3) per row */
  CHECK_NEAR(sum.loglik, 10.0 * (log(90.0) + 6.0 * log(1.0 / 3.0)), 1e-12);
  CHECK(sum.lr_stat == 0.0 && sum.lr_pvalue == 1.0);
  CHECK(sum.weight == 10.0);
  double alpha[3], mean[3], se[3];
  CHECK_STATUS(bk_dm_result_alpha(f, alpha, 3), BK_OK);
  CHECK_STATUS(bk_dm_result_mean(f, mean, 3), BK_OK);
  CHECK_STATUS(bk_dm_result_std_errors(f, se, 3), BK_OK);
  for (int i = 0; i < 3; i++) {
    CHECK(isinf(alpha[i]) && alpha[i] > 0.0);
    CHECK_NEAR(mean[i], 1.0 / 3.0, TOL_EXACT);
    CHECK(isnan(se[i]));
  }
  /* +inf cannot make a prior. */
  bk_dm_prior *p = PRIOR_SENTINEL;
  CHECK_FAIL(bk_dm_prior_new(alpha, 3, &p), BK_ERR_INVALID_ARGUMENT);
  CHECK(p == PRIOR_SENTINEL);
  bk_dm_result_free(f);
  bk_dm_stats_free(s);

  /* No row has a total of 2 or more: A is not identifiable; α and A are NaN,
   * the mean holds the observed proportions. */
  const uint64_t ones[4][3] = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 0, 0}};
  CHECK_STATUS(bk_dm_stats_new(3, &s), BK_OK);
  CHECK_STATUS(bk_dm_stats_add_rows(s, &ones[0][0], 4, 3, NULL), BK_OK);
  CHECK_STATUS(bk_dm_fit(s, NULL, &f), BK_OK);
  CHECK_STATUS(bk_dm_result_summary(f, &sum), BK_OK);
  CHECK(sum.outcome == BK_DM_NOT_IDENTIFIABLE);
  CHECK(isnan(sum.alpha_sum) && isnan(sum.theta));
  CHECK(isnan(sum.aic) && isnan(sum.bic));
  CHECK(sum.loglik == sum.loglik_multinomial);
  CHECK_NEAR(sum.loglik, 2.0 * log(0.5) + 2.0 * log(0.25), 1e-14);
  CHECK(sum.lr_stat == 0.0 && sum.lr_pvalue == 1.0);
  CHECK(sum.iterations == 0);
  CHECK_STATUS(bk_dm_result_alpha(f, alpha, 3), BK_OK);
  CHECK_STATUS(bk_dm_result_mean(f, mean, 3), BK_OK);
  CHECK(isnan(alpha[0]) && isnan(alpha[1]) && isnan(alpha[2]));
  CHECK_NEAR(mean[0], 0.5, TOL_EXACT);
  CHECK_NEAR(mean[1], 0.25, TOL_EXACT);
  CHECK_NEAR(mean[2], 0.25, TOL_EXACT);
  CHECK_FAIL(bk_dm_prior_new(alpha, 3, &p), BK_ERR_INVALID_ARGUMENT);
  CHECK(p == PRIOR_SENTINEL);
  bk_dm_result_free(f);
  bk_dm_stats_free(s);
}

/* ------------------------------------------------------------ applying a prior */

static void test_prior(void) {
  bk_dm_prior *p = PRIOR_SENTINEL;
  const double bad0[3] = {1.5, 0.0, 2.5}, bad_neg[3] = {1.5, -1.0, 2.5}, bad_nan[3] = {1.5, NAN, 2.5};
  CHECK_FAIL(bk_dm_prior_new(PRIOR_ALPHA, 3, NULL), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_dm_prior_new(NULL, 3, &p), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_dm_prior_new(NULL, 0, &p), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_dm_prior_new(PRIOR_ALPHA, 1, &p), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("at least 2 categories");
  CHECK_FAIL(bk_dm_prior_new(bad0, 3, &p), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_dm_prior_new(bad_neg, 3, &p), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_dm_prior_new(bad_nan, 3, &p), BK_ERR_INVALID_ARGUMENT);
  CHECK(p == PRIOR_SENTINEL);
  bk_dm_prior_free(NULL); /* no-op */

  double alpha_copy[3] = {1.5, 6.0, 2.5};
  CHECK_STATUS(bk_dm_prior_new(alpha_copy, 3, &p), BK_OK);
  CHECK(p != NULL && p != PRIOR_SENTINEL);
  alpha_copy[1] = 1000.0; /* α was copied */

  /* Posterior means (α_k + x_k)/(A + n). */
  const uint64_t few[3] = {0, 3, 0};
  double mean[3];
  fill(mean, 3, SENTINEL);
  CHECK_STATUS(bk_dm_prior_posterior_mean(p, few, 3, mean), BK_OK);
  CHECK_NEAR(mean[0], 1.5 / 13.0, TOL_EXACT);
  CHECK_NEAR(mean[1], 9.0 / 13.0, TOL_EXACT);
  CHECK_NEAR(mean[2], 2.5 / 13.0, TOL_EXACT);
  const uint64_t none[3] = {0, 0, 0};
  CHECK_STATUS(bk_dm_prior_posterior_mean(p, none, 3, mean), BK_OK);
  CHECK_NEAR(mean[1], 0.6, TOL_EXACT);
  fill(mean, 3, SENTINEL);
  CHECK_FAIL(bk_dm_prior_posterior_mean(NULL, few, 3, mean), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_dm_prior_posterior_mean(p, NULL, 3, mean), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_dm_prior_posterior_mean(p, few, 3, NULL), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_dm_prior_posterior_mean(p, few, 2, mean), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("k = 2, but there are 3 categories");
  CHECK_FAIL(bk_dm_prior_posterior_mean(p, NULL, 0, NULL), BK_ERR_INVALID_ARGUMENT);
  CHECK(all_eq(mean, 3, SENTINEL));

  /* Credible intervals: quantiles of Beta(α_c + x_c, A + n − α_c − x_c)
   * (scipy.stats.beta.ppf(0.05 / 0.95, ...)). */
  double lo = SENTINEL, hi = SENTINEL;
  CHECK_STATUS(bk_dm_prior_interval(p, few, 3, 1, 0.9, &lo, &hi), BK_OK);
  CHECK_NEAR(lo, 0.4726733964396566, TOL_Q);
  CHECK_NEAR(hi, 0.877149336756399, TOL_Q);
  const uint64_t many[3] = {30, 270, 0};
  CHECK_STATUS(bk_dm_prior_interval(p, many, 3, 2, 0.9, &lo, &hi), BK_OK);
  CHECK_NEAR(lo, 0.001856311082766667, TOL_Q);
  CHECK_NEAR(hi, 0.017796850091920398, TOL_Q);
  /* The largest counts: Beta(0.5 + 2^64 - 1, 0.5) is resolved to one ulp of 1; the ends
   * stay ordered. */
  {
    const double half[2] = {0.5, 0.5};
    bk_dm_prior *h = NULL;
    CHECK_STATUS(bk_dm_prior_new(half, 2, &h), BK_OK);
    const uint64_t huge[2] = {UINT64_MAX, 0};
    for (size_t c = 0; c < 2; c++) {
      lo = hi = SENTINEL;
      CHECK_STATUS(bk_dm_prior_interval(h, huge, 2, c, 0.95, &lo, &hi), BK_OK);
      CHECK(lo >= 0.0 && lo <= hi && hi <= 1.0);
    }
    bk_dm_prior_free(h);
  }
  lo = hi = SENTINEL;
  CHECK_FAIL(bk_dm_prior_interval(p, few, 3, 3, 0.9, &lo, &hi), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("category 3 out of range");
  CHECK_FAIL(bk_dm_prior_interval(p, few, 3, SIZE_MAX, 0.9, &lo, &hi), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_dm_prior_interval(p, few, 3, 1, 0.0, &lo, &hi), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("level");
  CHECK_FAIL(bk_dm_prior_interval(p, few, 3, 1, 1.0, &lo, &hi), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_dm_prior_interval(p, few, 3, 1, -0.5, &lo, &hi), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_dm_prior_interval(p, few, 3, 1, 1.5, &lo, &hi), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_dm_prior_interval(p, few, 3, 1, NAN, &lo, &hi), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_dm_prior_interval(p, few, 4, 1, 0.9, &lo, &hi), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_dm_prior_interval(NULL, few, 3, 1, 0.9, &lo, &hi), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_dm_prior_interval(p, NULL, 3, 1, 0.9, &lo, &hi), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_dm_prior_interval(p, few, 3, 1, 0.9, NULL, &hi), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_dm_prior_interval(p, few, 3, 1, 0.9, &lo, NULL), BK_ERR_NULL_POINTER);
  CHECK(lo == SENTINEL && hi == SENTINEL);

  /* Scores of several rows (row-major), against the single-row values. */
  enum { NR = 5 };
  const uint64_t rows[NR][3] = {{0, 3, 0}, {30, 270, 0}, {5, 5, 5}, {0, 0, 0}, {100, 1, 7}};
  const double mean1[NR] = {9.0 / 13.0, 0.8903225806451613, 0.44, 0.6, 0.059322033898305086};
  const double lower90[NR] = {0.4726733964396566, 0.8598070810863382, 0.2823555265728761,
                              0.34494136594370317, 0.02841334556818483};
  double sc[NR];
  fill(sc, NR, SENTINEL);
  CHECK_STATUS(bk_dm_prior_score_rows(p, &rows[0][0], NR, 3, BK_DM_RANK_MEAN, 1, 0.0, sc), BK_OK);
  for (int i = 0; i < NR; i++) CHECK_NEAR(sc[i], mean1[i], TOL_EXACT);
  CHECK_STATUS(bk_dm_prior_score_rows(p, &rows[0][0], NR, 3, BK_DM_RANK_MEAN, 1, 7.0, sc), BK_OK); /* level ignored */
  fill(sc, NR, SENTINEL);
  CHECK_STATUS(bk_dm_prior_score_rows(p, &rows[0][0], NR, 3, BK_DM_RANK_LOWER, 1, 0.9, sc), BK_OK);
  for (int i = 0; i < NR; i++) CHECK_NEAR(sc[i], lower90[i], TOL_Q);
  /* The 3/3 row no longer beats the well-evidenced 270/300 once shrunk. */
  CHECK(sc[0] < sc[1]);
  /* Lower ends agree with bk_dm_prior_interval. */
  CHECK_STATUS(bk_dm_prior_interval(p, rows[4], 3, 1, 0.9, &lo, &hi), BK_OK);
  CHECK(sc[4] == lo);
  /* An enum variable works as the argument. */
  bk_dm_rank_by by = BK_DM_RANK_LOWER;
  double one = SENTINEL;
  CHECK_STATUS(bk_dm_prior_score_rows(p, rows[2], 1, 3, by, 0, 0.95, &one), BK_OK);
  CHECK_NEAR(one, 0.11171031143131543, TOL_Q);
  /* n_rows = 0: nothing to score, NULL arrays allowed, arguments still checked. */
  CHECK_STATUS(bk_dm_prior_score_rows(p, NULL, 0, 3, BK_DM_RANK_LOWER, 1, 0.9, NULL), BK_OK);
  CHECK_FAIL(bk_dm_prior_score_rows(p, NULL, 0, 3, BK_DM_RANK_LOWER, 1, 1.5, NULL), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_dm_prior_score_rows(p, NULL, 0, 2, BK_DM_RANK_MEAN, 1, 0.9, NULL), BK_ERR_INVALID_ARGUMENT);

  /* Errors: scores untouched. */
  fill(sc, NR, SENTINEL);
  CHECK_FAIL(bk_dm_prior_score_rows(NULL, &rows[0][0], NR, 3, BK_DM_RANK_MEAN, 1, 0.9, sc), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_dm_prior_score_rows(p, NULL, NR, 3, BK_DM_RANK_MEAN, 1, 0.9, sc), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_dm_prior_score_rows(p, &rows[0][0], NR, 3, BK_DM_RANK_MEAN, 1, 0.9, NULL), BK_ERR_NULL_POINTER);
  CHECK_MESSAGE_HAS("`scores`");
  CHECK_FAIL(bk_dm_prior_score_rows(p, &rows[0][0], NR, 2, BK_DM_RANK_MEAN, 1, 0.9, sc), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_dm_prior_score_rows(p, &rows[0][0], NR, 4, BK_DM_RANK_MEAN, 1, 0.9, sc), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_dm_prior_score_rows(p, &rows[0][0], SIZE_MAX / 2, 3, BK_DM_RANK_MEAN, 1, 0.9, sc),
             BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_dm_prior_score_rows(p, &rows[0][0], NR, 3, 2, 1, 0.9, sc), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("by must be mean or lower (got 2)");
  CHECK_FAIL(bk_dm_prior_score_rows(p, &rows[0][0], NR, 3, UINT32_MAX, 1, 0.9, sc), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_dm_prior_score_rows(p, &rows[0][0], NR, 3, (bk_dm_rank_by)-1, 1, 0.9, sc),
             BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_dm_prior_score_rows(p, &rows[0][0], NR, 3, BK_DM_RANK_MEAN, 3, 0.9, sc), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("category 3 out of range (K = 3)");
  CHECK_FAIL(bk_dm_prior_score_rows(p, &rows[0][0], NR, 3, BK_DM_RANK_LOWER, 3, 0.9, sc), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_dm_prior_score_rows(p, &rows[0][0], NR, 3, BK_DM_RANK_LOWER, 1, 0.0, sc), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_dm_prior_score_rows(p, &rows[0][0], NR, 3, BK_DM_RANK_LOWER, 1, 1.0, sc), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_dm_prior_score_rows(p, &rows[0][0], NR, 3, BK_DM_RANK_LOWER, 1, NAN, sc), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_dm_prior_score_rows(p, &rows[0][0], NR, 3, BK_DM_RANK_LOWER, 1, -INFINITY, sc),
             BK_ERR_INVALID_ARGUMENT);
  CHECK(all_eq(sc, NR, SENTINEL));
  bk_dm_prior_free(p);

  /* The marginal's second shape sums the other categories (α_1 + x_1 = 1e-20)
   * instead of forming A + n − α_0 − x_0, which rounds to 0 here. */
  const double tiny[2] = {1.0, 1e-20};
  CHECK_STATUS(bk_dm_prior_new(tiny, 2, &p), BK_OK);
  const uint64_t edge[2][2] = {{1, 1}, {(uint64_t)1 << 60, 0}};
  fill(sc, NR, SENTINEL);
  CHECK_STATUS(bk_dm_prior_score_rows(p, &edge[0][0], 2, 2, BK_DM_RANK_MEAN, 0, 0.9, sc), BK_OK);
  CHECK_NEAR(sc[0], 2.0 / (3.0 + 1e-20), TOL_EXACT);
  CHECK_NEAR(sc[1], 1.0, TOL_EXACT);
  CHECK_STATUS(bk_dm_prior_score_rows(p, &edge[0][0], 2, 2, BK_DM_RANK_MEAN, 1, 0.9, sc), BK_OK);
  CHECK(sc[1] > 0.0 && sc[1] < 1e-30);
  bk_dm_prior_free(p);
}

/* Batched intervals: every row and category bit for bit bk_dm_prior_interval,
 * all or nothing. */
static void test_prior_intervals(void) {
  bk_dm_prior *p = NULL;
  CHECK_STATUS(bk_dm_prior_new(PRIOR_ALPHA, 3, &p), BK_OK);
  enum { NR = 5, KK = 3 };
  const uint64_t rows[NR][KK] = {{0, 3, 0}, {30, 270, 0}, {5, 5, 5}, {0, 0, 0}, {100, 1, 7}};
  double lo[NR * KK], hi[NR * KK];
  fill(lo, NR * KK, SENTINEL);
  fill(hi, NR * KK, SENTINEL);
  CHECK_STATUS(bk_dm_prior_intervals(p, &rows[0][0], NR, KK, 0.9, lo, hi), BK_OK);
  int same = 1;
  for (size_t i = 0; i < NR; i++)
    for (size_t c = 0; c < KK; c++) {
      double l = SENTINEL, h = SENTINEL;
      if (bk_dm_prior_interval(p, rows[i], KK, c, 0.9, &l, &h) != BK_OK ||
          memcmp(&l, &lo[i * KK + c], sizeof l) != 0 || memcmp(&h, &hi[i * KK + c], sizeof h) != 0)
        same = 0;
    }
  CHECK(same);
  CHECK_NEAR(lo[0 * KK + 1], 0.4726733964396566, TOL_Q); /* scipy, as in test_prior */
  CHECK_NEAR(hi[0 * KK + 1], 0.877149336756399, TOL_Q);
  CHECK_NEAR(lo[1 * KK + 2], 0.001856311082766667, TOL_Q);

  /* n_rows = 0: NULL arrays allowed, arguments still checked. */
  CHECK_STATUS(bk_dm_prior_intervals(p, NULL, 0, KK, 0.9, NULL, NULL), BK_OK);
  CHECK_FAIL(bk_dm_prior_intervals(p, NULL, 0, KK, 1.5, NULL, NULL), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_dm_prior_intervals(p, NULL, 0, 2, 0.9, NULL, NULL), BK_ERR_INVALID_ARGUMENT);

  /* Errors: both outputs untouched. */
  fill(lo, NR * KK, SENTINEL);
  fill(hi, NR * KK, SENTINEL);
  CHECK_FAIL(bk_dm_prior_intervals(NULL, &rows[0][0], NR, KK, 0.9, lo, hi), BK_ERR_NULL_POINTER);
  CHECK_MESSAGE_HAS("`prior`");
  CHECK_FAIL(bk_dm_prior_intervals(p, NULL, NR, KK, 0.9, lo, hi), BK_ERR_NULL_POINTER);
  CHECK_MESSAGE_HAS("`counts`");
  CHECK_FAIL(bk_dm_prior_intervals(p, &rows[0][0], NR, KK, 0.9, NULL, hi), BK_ERR_NULL_POINTER);
  CHECK_MESSAGE_HAS("`lo_out`");
  CHECK_FAIL(bk_dm_prior_intervals(p, &rows[0][0], NR, KK, 0.9, lo, NULL), BK_ERR_NULL_POINTER);
  CHECK_MESSAGE_HAS("`hi_out`");
  CHECK_FAIL(bk_dm_prior_intervals(p, &rows[0][0], NR, 2, 0.9, lo, hi), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("k = 2, but there are 3 categories");
  CHECK_FAIL(bk_dm_prior_intervals(p, &rows[0][0], NR, 4, 0.9, lo, hi), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_dm_prior_intervals(p, &rows[0][0], SIZE_MAX / 2, KK, 0.9, lo, hi), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("too large");
  const double bad_levels[] = {0.0, 1.0, -0.5, 1.5, NAN, INFINITY};
  for (size_t b = 0; b < sizeof bad_levels / sizeof bad_levels[0]; b++) {
    CHECK_FAIL(bk_dm_prior_intervals(p, &rows[0][0], NR, KK, bad_levels[b], lo, hi), BK_ERR_INVALID_ARGUMENT);
    CHECK_MESSAGE_HAS("level");
  }
  /* Overlapping arrays are refused (the outputs would alias). */
  CHECK_FAIL(bk_dm_prior_intervals(p, &rows[0][0], NR, KK, 0.9, lo, lo), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("`lo_out` and `hi_out` overlap");
  CHECK_FAIL(bk_dm_prior_intervals(p, &rows[0][0], NR, KK, 0.9, lo, lo + NR * KK - 1), BK_ERR_INVALID_ARGUMENT);
  CHECK(all_eq(lo, NR * KK, SENTINEL) && all_eq(hi, NR * KK, SENTINEL));
  {
    /* An output over the counts themselves. */
    double both[NR * KK];
    uint64_t *counts = (uint64_t *)both;
    memcpy(counts, rows, sizeof rows);
    CHECK_FAIL(bk_dm_prior_intervals(p, counts, NR, KK, 0.9, both, hi), BK_ERR_INVALID_ARGUMENT);
    CHECK_MESSAGE_HAS("`counts` and `lo_out` overlap");
    CHECK(memcmp(counts, rows, sizeof rows) == 0);
  }
  CHECK(all_eq(hi, NR * KK, SENTINEL));
  bk_dm_prior_free(p);
}

/* A prior made from a converged fit ranks rows like the Rust example. */
static void test_fit_to_prior(void) {
  bk_dm_stats *s = fit_stats();
  bk_dm_result *f = NULL;
  CHECK_STATUS(bk_dm_fit(s, NULL, &f), BK_OK);
  double alpha[3];
  CHECK_STATUS(bk_dm_result_alpha(f, alpha, 3), BK_OK);
  bk_dm_prior *p = NULL;
  CHECK_STATUS(bk_dm_prior_new(alpha, 3, &p), BK_OK);
  double mean[3];
  CHECK_STATUS(bk_dm_prior_posterior_mean(p, FIT_ROWS[0], 3, mean), BK_OK);
  double a_sum = alpha[0] + alpha[1] + alpha[2];
  CHECK_NEAR(mean[1], (alpha[1] + 17.0) / (a_sum + 17.0), TOL_EXACT);
  double sc[FIT_N];
  CHECK_STATUS(bk_dm_prior_score_rows(p, &FIT_ROWS[0][0], FIT_N, 3, BK_DM_RANK_LOWER, 1, 0.95, sc), BK_OK);
  int in_range = 1;
  for (int i = 0; i < FIT_N; i++)
    if (!(sc[i] > 0.0 && sc[i] < 1.0)) in_range = 0;
  CHECK(in_range);
  bk_dm_prior_free(p);
  bk_dm_result_free(f);
  bk_dm_stats_free(s);
}

int main(void) {
  test_options_defaults();
  test_stats_new_add_accessors();
  test_stats_add_rows();
  test_stats_merge();
  test_serialize();
  test_read_file();
  test_fit_converged();
  test_fit_options();
  test_fit_empty_category();
  test_fit_degenerate();
  test_prior();
  test_prior_intervals();
  test_fit_to_prior();
  return CHECK_REPORT();
}
