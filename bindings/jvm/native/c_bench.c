/*
 * The plain-C baseline of the JMH LogisticBench (bindings/jvm/bayeskit-bench): the same
 * data — generated with java.util.SplittableRandom's algorithm (SplitMix64, seed 7), so
 * the rows are those of the benchmark — the same training, and the same measurements
 * through the C API directly: bk_logistic_model_predict_proba_batch and the moderated batch
 * over 100 000 rows × 25 non-zeros, and bk_logistic_model_predict_proba on 1 000 distinct
 * rows cycled. The
 * JNI overhead is the ratio of the two runs' numbers. `make jvm-bench` runs it first.
 *
 * Usage: c_bench [repeats] — prints median and best of each measurement, and a
 * checksum of the generated ids that the JMH setup prints too.
 */
#define _POSIX_C_SOURCE 199309L
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bayeskit.h"

enum { ROWS = 100000, NNZ = 25, FEATURES = 100000, CLASSES = 3, TRAIN = 20000, SINGLE = 1000 };

/* java.util.SplittableRandom(seed): nextLong is mix64 of the next seed, nextDouble its top 53 bits */
static uint64_t g_seed;
static uint64_t next_seed(void) { return g_seed += 0x9e3779b97f4a7c15ULL; }
static uint64_t mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
static double next_double(void) { return (double)(mix64(next_seed()) >> 11) * 0x1.0p-53; }

static void must(bk_status s, const char *what) {
  if (s != BK_OK) {
    char msg[512];
    bk_last_error_message(msg, sizeof msg);
    fprintf(stderr, "c_bench: %s failed (%d): %s\n", what, (int)s, msg);
    exit(1);
  }
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static int cmp_pair(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return (x > y) - (x < y);
}

struct pair { uint32_t id; double v; };

int main(int argc, char **argv) {
  int repeats = argc > 1 ? atoi(argv[1]) : 30;
  size_t *indptr = malloc((ROWS + 1) * sizeof *indptr);
  uint32_t *indices = malloc((size_t)ROWS * NNZ * sizeof *indices);
  double *values = malloc((size_t)ROWS * NNZ * sizeof *values);
  double *out = malloc((size_t)ROWS * CLASSES * sizeof *out);
  g_seed = 7;
  double lnp = log(FEATURES);
  uint64_t checksum = 0;
  indptr[0] = 0;
  for (size_t i = 0; i < ROWS; i++) {
    indptr[i + 1] = (i + 1) * NNZ;
    for (size_t j = 0; j < NNZ; j++) {
      double x = exp(next_double() * lnp) - 1;
      int32_t id = (int32_t)(x < FEATURES - 1 ? x : FEATURES - 1);
      indices[i * NNZ + j] = (uint32_t)id;
      values[i * NNZ + j] = 1 + (double)(mix64(next_seed()) >> 63);
      checksum = checksum * 31 + (uint64_t)id * 3 + (uint64_t)values[i * NNZ + j];
    }
  }
  printf("c_bench: data checksum %016" PRIx64 "\n", checksum);

  /* training set: the first 20 000 rows, duplicate ids summed, ids sorted (as the TreeMap) */
  size_t *ip = malloc((TRAIN + 1) * sizeof *ip);
  uint32_t *ix = malloc((size_t)TRAIN * NNZ * sizeof *ix);
  double *vs = malloc((size_t)TRAIN * NNZ * sizeof *vs);
  uint32_t *labels = malloc(TRAIN * sizeof *labels);
  size_t nnz = 0;
  ip[0] = 0;
  for (size_t i = 0; i < TRAIN; i++) {
    struct pair row[NNZ];
    for (size_t j = 0; j < NNZ; j++) row[j] = (struct pair){indices[i * NNZ + j], values[i * NNZ + j]};
    qsort(row, NNZ, sizeof row[0], cmp_pair); /* ids only: equal ids are summed below */
    for (size_t j = 0; j < NNZ; j++) {
      if (nnz > ip[i] && ix[nnz - 1] == row[j].id) vs[nnz - 1] += row[j].v;
      else { ix[nnz] = row[j].id; vs[nnz++] = row[j].v; }
    }
    ip[i + 1] = nnz;
    uint32_t first = indices[i * NNZ];
    labels[i] = first < 50 ? 0 : first < 2000 ? 1 : 2;
  }
  bk_logistic_data *data;
  must(bk_logistic_data_from_csr(ip, TRAIN, ix, vs, nnz, FEATURES, labels, CLASSES, NULL, &data), "data");
  bk_logistic_train_options to;
  must(bk_logistic_train_options_default(&to), "options");
  to.lambda = 1e-4;
  to.max_iter = 50;
  bk_logistic_model *m;
  must(bk_logistic_train(data, &to, &m), "train");
  bk_logistic_data_free(data);

  /* batch: all rows per call */
  double *t = malloc((size_t)repeats * sizeof *t);
  for (int w = 0; w < 3; w++)
    must(bk_logistic_model_predict_proba_batch(m, indptr, ROWS, indices, values, (size_t)ROWS * NNZ, out, CLASSES), "batch");
  for (int r = 0; r < repeats; r++) {
    double t0 = now();
    must(bk_logistic_model_predict_proba_batch(m, indptr, ROWS, indices, values, (size_t)ROWS * NNZ, out, CLASSES), "batch");
    t[r] = now() - t0;
  }
  qsort(t, (size_t)repeats, sizeof *t, cmp_double);
  printf("c_bench: batch  %d runs of %d rows: median %.3f M rows/s, best %.3f M rows/s\n", repeats, ROWS,
         ROWS / t[repeats / 2] / 1e6, ROWS / t[0] / 1e6);

  /* moderated batch (BK_LAPLACE_BLOCKS covariances, the training default), with the variances */
  double *var = malloc((size_t)ROWS * CLASSES * sizeof *var);
  for (int r = 0; r < repeats; r++) {
    double t0 = now();
    must(bk_logistic_model_predict_moderated_batch(m, indptr, ROWS, indices, values, (size_t)ROWS * NNZ, out, var,
                                                   CLASSES), "moderated batch");
    t[r] = now() - t0;
  }
  qsort(t, (size_t)repeats, sizeof *t, cmp_double);
  printf("c_bench: moderated batch %d runs of %d rows: median %.3f M rows/s, best %.3f M rows/s\n", repeats, ROWS,
         ROWS / t[repeats / 2] / 1e6, ROWS / t[0] / 1e6);
  free(var);

  /* single rows: 1 000 distinct rows cycled, 2 000 000 calls per run */
  double one[CLASSES];
  enum { CALLS = 2000000 };
  for (int r = 0; r < repeats; r++) {
    double t0 = now();
    for (size_t c = 0, i = 0; c < CALLS; c++, i = i + 1 == SINGLE ? 0 : i + 1)
      must(bk_logistic_model_predict_proba(m, indices + i * NNZ, values + i * NNZ, NNZ, one, CLASSES), "single");
    t[r] = (now() - t0) / CALLS;
  }
  qsort(t, (size_t)repeats, sizeof *t, cmp_double);
  printf("c_bench: single %d runs of %d calls: median %.1f ns/row, best %.1f ns/row\n", repeats, (int)CALLS,
         t[repeats / 2] * 1e9, t[0] * 1e9);
  bk_logistic_model_free(m);
  free(t); free(ip); free(ix); free(vs); free(labels);
  free(indptr); free(indices); free(values); free(out);
  return 0;
}
