/*
 * C ABI test of the bandits (bk_bandit_*): the three families, choices and
 * top-two, single and batched updates, forgetting, the report against
 * bk_beta_prob_best, 8 threads sharing one bandit, and bad input (NULL,
 * out of range, wrong family, short struct sizes) leaving everything as it was,
 * and the committed trace of seeded choices and draws (tests/data/bandit_trace.txt,
 * written by tests/bandit.rs), reproduced bit for bit on every platform.
 */
#include "bayeskit.h"
#include "check.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stddef.h>
#include <string.h>

#define SENTINEL 12345

static void test_beta_bandit(void) {
  bk_beta prior = {1, 1};
  bk_bandit *b = NULL;
  CHECK_STATUS(bk_bandit_new_beta(&prior, 1, 3, NULL, &b), BK_OK);
  size_t k = 0;
  CHECK_STATUS(bk_bandit_arms(b, &k), BK_OK);
  CHECK(k == 3);
  bk_bandit_family fam = 0;
  CHECK_STATUS(bk_bandit_family_of(b, &fam), BK_OK);
  CHECK(fam == BK_BANDIT_BETA);

  CHECK_STATUS(bk_bandit_update(b, 0, 20, 1000, 1), BK_OK);
  CHECK_STATUS(bk_bandit_update(b, 1, 30, 1000, 1), BK_OK);
  size_t arms[] = {2, 2, 2};
  double values[] = {10, 10, 5};
  double sizes[] = {400, 400, 200};
  CHECK_STATUS(bk_bandit_update_batch(b, arms, values, sizes, NULL, 3), BK_OK);
  bk_beta post;
  CHECK_STATUS(bk_bandit_posterior_beta(b, 2, &post), BK_OK);
  CHECK(post.alpha == 26 && post.beta == 976);

  /* The report's P(best) is bk_beta_prob_best's. */
  bk_beta posts[3] = {{21, 981}, {31, 971}, {26, 976}};
  double want[3];
  CHECK_STATUS(bk_beta_prob_best(posts, 3, want, 3, NULL), BK_OK);
  bk_rng *rng = NULL;
  CHECK_STATUS(bk_rng_new(7, &rng), BK_OK);
  double p[3], loss[3];
  bk_bandit_summary r = {.struct_size = sizeof r};
  CHECK_STATUS(bk_bandit_report(b, rng, NULL, p, loss, 3, &r), BK_OK);
  for (int i = 0; i < 3; i++) CHECK(p[i] == want[i]);
  CHECK(r.best == 1);
  CHECK(r.prob_best_method.method == BK_METHOD_QUADRATURE);
  CHECK(r.draws == 10000);
  CHECK(loss[1] < loss[2] && loss[2] < loss[0]);
  CHECK(r.value_remaining > 0 && r.value_remaining_relative > 0);

  /* Choices: each arm chosen about P(best) of the time (5 standard errors). */
  size_t counts[3] = {0, 0, 0};
  for (int i = 0; i < 20000; i++) {
    size_t a = SENTINEL;
    CHECK_STATUS(bk_bandit_choose(b, rng, &a), BK_OK);
    if (a < 3) counts[a]++;
  }
  for (int i = 0; i < 3; i++) {
    double se = sqrt(want[i] * (1 - want[i]) / 20000);
    CHECK(fabs(counts[i] / 20000.0 - want[i]) < 5 * se);
  }
  /* The same seed, the same choices; top-two stays in range. */
  bk_rng *r1 = NULL, *r2 = NULL;
  CHECK_STATUS(bk_rng_new_stream(3, 5, &r1), BK_OK);
  CHECK_STATUS(bk_rng_new_stream(3, 5, &r2), BK_OK);
  int same = 1;
  for (int i = 0; i < 200; i++) {
    size_t a1, a2;
    CHECK_STATUS(bk_bandit_choose_top_two(b, r1, &a1), BK_OK);
    CHECK_STATUS(bk_bandit_choose_top_two(b, r2, &a2), BK_OK);
    same &= a1 == a2 && a1 < 3;
  }
  CHECK(same);
  bk_rng_free(r1);
  bk_rng_free(r2);

  /* Forgetting halves the data, not the prior. */
  CHECK_STATUS(bk_bandit_discount(b, 0.5), BK_OK);
  CHECK_STATUS(bk_bandit_posterior_beta(b, 0, &post), BK_OK);
  CHECK(post.alpha == 11 && post.beta == 491);

  /* Bad input: a clear status, nothing changed. */
  bk_beta before;
  CHECK_STATUS(bk_bandit_posterior_beta(b, 1, &before), BK_OK);
  CHECK_FAIL(bk_bandit_update(b, 3, 1, 1, 1), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("out of range");
  CHECK_FAIL(bk_bandit_update(b, 1, -1, 1, 1), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_bandit_update(b, 1, NAN, 1, 1), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_bandit_update(b, 1, 2, 1, 1), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_bandit_update(b, 1, 1, 1, -2), BK_ERR_INVALID_ARGUMENT);
  size_t bad_arms[] = {1, 7};
  double ones[] = {1, 1};
  CHECK_FAIL(bk_bandit_update_batch(b, bad_arms, ones, ones, NULL, 2), BK_ERR_INVALID_ARGUMENT);
  CHECK_MESSAGE_HAS("update 1");
  CHECK_FAIL(bk_bandit_update_batch(b, NULL, ones, NULL, NULL, 2), BK_ERR_NULL_POINTER);
  CHECK_STATUS(bk_bandit_posterior_beta(b, 1, &post), BK_OK);
  CHECK(post.alpha == before.alpha && post.beta == before.beta);
  CHECK_FAIL(bk_bandit_discount(b, 0), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_bandit_discount(b, 1.5), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_bandit_discount(b, NAN), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_bandit_posterior_beta(b, 3, &post), BK_ERR_INVALID_ARGUMENT);
  bk_gamma g = {SENTINEL, SENTINEL};
  CHECK_FAIL(bk_bandit_posterior_gamma(b, 0, &g), BK_ERR_INVALID_ARGUMENT);
  CHECK(g.shape == SENTINEL);
  size_t a = SENTINEL;
  CHECK_FAIL(bk_bandit_choose(NULL, rng, &a), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_bandit_choose(b, NULL, &a), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_bandit_choose(b, rng, NULL), BK_ERR_NULL_POINTER);
  CHECK(a == SENTINEL);
  double p2[3] = {SENTINEL, SENTINEL, SENTINEL};
  CHECK_FAIL(bk_bandit_report(b, rng, NULL, p2, loss, 2, &r), BK_ERR_INVALID_ARGUMENT);
  bk_bandit_summary short_r = {.struct_size = 0};
  CHECK_FAIL(bk_bandit_report(b, rng, NULL, p2, loss, 3, &short_r), BK_ERR_INVALID_ARGUMENT);
  CHECK(p2[0] == SENTINEL);
  bk_bandit_report_options ro;
  CHECK_STATUS(bk_bandit_report_options_default(&ro), BK_OK);
  ro.draws = 1;
  CHECK_FAIL(bk_bandit_report(b, rng, &ro, p2, loss, 3, &r), BK_ERR_INVALID_ARGUMENT);
  ro.draws = 100;
  ro.level = 1;
  CHECK_FAIL(bk_bandit_report(b, rng, &ro, p2, loss, 3, &r), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_bandit_report(b, rng, NULL, p2, p2, 3, &r), BK_ERR_INVALID_ARGUMENT);
  CHECK(p2[0] == SENTINEL);
  /* A newer caller's longer struct: only this library's fields are written. */
  struct { bk_bandit_summary s; double later; } newer;
  newer.s.struct_size = sizeof newer;
  newer.later = SENTINEL;
  CHECK_STATUS(bk_bandit_report(b, rng, NULL, p, loss, 3, &newer.s), BK_OK);
  CHECK(newer.s.best == 1 && newer.later == SENTINEL && newer.s.struct_size == sizeof newer);

  bk_rng_free(rng);
  bk_bandit_free(b);
  bk_bandit_free(NULL);
}

static void test_constructors(void) {
  bk_beta priors[2] = {{1, 1}, {2, 3}};
  bk_bandit *b = (bk_bandit *)(uintptr_t)1;
  bk_bandit *const untouched = b;
  CHECK_FAIL(bk_bandit_new_beta(priors, 1, 0, NULL, &b), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_bandit_new_beta(priors, 1, BK_MAX_BANDIT_ARMS + 1, NULL, &b), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_bandit_new_beta(priors, 2, 3, NULL, &b), BK_ERR_INVALID_ARGUMENT);
  CHECK_FAIL(bk_bandit_new_beta(NULL, 1, 3, NULL, &b), BK_ERR_NULL_POINTER);
  CHECK_FAIL(bk_bandit_new_beta(priors, 1, 3, NULL, NULL), BK_ERR_NULL_POINTER);
  bk_beta bad = {0, 1};
  CHECK_FAIL(bk_bandit_new_beta(&bad, 1, 3, NULL, &b), BK_ERR_INVALID_ARGUMENT);
  bk_bandit_options o;
  CHECK_STATUS(bk_bandit_options_default(&o), BK_OK);
  CHECK(o.struct_size == sizeof o && o.top_two_beta == 0.5);
  o.top_two_beta = 1;
  CHECK_FAIL(bk_bandit_new_beta(priors, 1, 3, &o, &b), BK_ERR_INVALID_ARGUMENT);
  o.top_two_beta = 0;
  CHECK_FAIL(bk_bandit_new_beta(priors, 1, 3, &o, &b), BK_ERR_INVALID_ARGUMENT);
  o.struct_size = 6;
  CHECK_FAIL(bk_bandit_new_beta(priors, 1, 3, &o, &b), BK_ERR_INVALID_ARGUMENT);
  CHECK(b == untouched);
  /* Per-arm priors. */
  CHECK_STATUS(bk_bandit_new_beta(priors, 2, 2, NULL, &b), BK_OK);
  bk_beta post;
  CHECK_STATUS(bk_bandit_posterior_beta(b, 1, &post), BK_OK);
  CHECK(post.alpha == 2 && post.beta == 3);
  bk_bandit_free(b);

  /* Gamma: counts over exposure. */
  bk_gamma gp = {1, 1};
  CHECK_STATUS(bk_bandit_new_gamma(&gp, 1, 2, NULL, &b), BK_OK);
  CHECK_STATUS(bk_bandit_update(b, 1, 12, 4, 1), BK_OK);
  CHECK_FAIL(bk_bandit_update(b, 1, 1, -4, 1), BK_ERR_INVALID_ARGUMENT);
  bk_gamma g;
  CHECK_STATUS(bk_bandit_posterior_gamma(b, 1, &g), BK_OK);
  CHECK(g.shape == 13 && g.rate == 5);
  bk_bandit_family fam;
  CHECK_STATUS(bk_bandit_family_of(b, &fam), BK_OK);
  CHECK(fam == BK_BANDIT_GAMMA);
  bk_bandit_free(b);

  /* Normal-Gamma: Monte Carlo P(best), said so; size must be 1. */
  bk_normal_gamma np = {0, 1, 2, 2};
  CHECK_STATUS(bk_bandit_new_normal_gamma(&np, 1, 2, NULL, &b), BK_OK);
  double xs[] = {1.0, 1.2, 0.9, 1.1};
  size_t arm1[] = {1, 1, 1, 1};
  CHECK_STATUS(bk_bandit_update_batch(b, arm1, xs, NULL, NULL, 4), BK_OK);
  CHECK_FAIL(bk_bandit_update(b, 0, 1, 2, 1), BK_ERR_INVALID_ARGUMENT);
  bk_normal_gamma ng;
  CHECK_STATUS(bk_bandit_posterior_normal_gamma(b, 1, &ng), BK_OK);
  CHECK(ng.kappa == 5 && ng.alpha == 4);
  CHECK_NEAR(ng.m, 4.2 / 5, 1e-14);
  bk_rng *rng;
  CHECK_STATUS(bk_rng_new(1, &rng), BK_OK);
  double p[2], loss[2];
  bk_bandit_summary r = {.struct_size = sizeof r};
  CHECK_STATUS(bk_bandit_report(b, rng, NULL, p, loss, 2, &r), BK_OK);
  CHECK(r.prob_best_method.method == BK_METHOD_MONTE_CARLO && r.prob_best_method.work == 10000);
  CHECK(r.best == 1 && p[1] > 0.5 && fabs(p[0] + p[1] - 1) < 1e-12 && isnan(r.value_remaining_relative));
  CHECK(r.prob_best_method.error_estimate > 0 && r.prob_best_method.error_estimate < 0.005);
  bk_rng_free(rng);
  bk_bandit_free(b);
}

/* 8 threads share a bandit, each with its own stream: 4 choose and update,
 * 4 choose with top-two and update in batches. No update is lost. */
struct worker {
  bk_bandit *b;
  unsigned id;
  double succ[4], trials[4];
  int failures;
};

static void *work(void *arg) {
  struct worker *w = arg;
  bk_rng *rng = NULL;
  if (bk_rng_new_stream(99, w->id, &rng) != BK_OK) { w->failures++; return NULL; }
  uint64_t x = 88172645463325252ull + w->id; /* xorshift rewards */
  for (int i = 0; i < 3000; i++) {
    size_t a;
    bk_status s = w->id % 2 ? bk_bandit_choose_top_two(w->b, rng, &a) : bk_bandit_choose(w->b, rng, &a);
    if (s != BK_OK || a >= 4) { w->failures++; break; }
    x ^= x << 13; x ^= x >> 7; x ^= x << 17;
    double r = (double)(x % 100 < 10 * (a + 1));
    if (w->id % 2) {
      size_t arms[1] = {a};
      double v[1] = {r};
      w->failures += bk_bandit_update_batch(w->b, arms, v, NULL, NULL, 1) != BK_OK;
    } else {
      w->failures += bk_bandit_update(w->b, a, r, 1, 1) != BK_OK;
    }
    w->succ[a] += r;
    w->trials[a] += 1;
  }
  bk_rng_free(rng);
  return NULL;
}

static void test_threads(void) {
  bk_beta prior = {1, 1};
  bk_bandit *b = NULL;
  CHECK_STATUS(bk_bandit_new_beta(&prior, 1, 4, NULL, &b), BK_OK);
  struct worker w[8];
  pthread_t t[8];
  memset(w, 0, sizeof w);
  for (unsigned i = 0; i < 8; i++) {
    w[i].b = b;
    w[i].id = i;
    CHECK(pthread_create(&t[i], NULL, work, &w[i]) == 0);
  }
  for (int i = 0; i < 8; i++) pthread_join(t[i], NULL);
  double total = 0;
  for (int a = 0; a < 4; a++) {
    double s = 0, n = 0;
    for (int i = 0; i < 8; i++) {
      s += w[i].succ[a];
      n += w[i].trials[a];
      CHECK(w[i].failures == 0);
    }
    bk_beta post;
    CHECK_STATUS(bk_bandit_posterior_beta(b, (size_t)a, &post), BK_OK);
    CHECK(post.alpha == 1 + s && post.beta == 1 + n - s);
    total += n;
  }
  CHECK(total == 8 * 3000);
  bk_bandit_free(b);
}

/* ---- The committed trace (tests/bandit.rs says what each line is) ---- */

static char trace_line_[4096];

static void trace_start(const char *label) { snprintf(trace_line_, sizeof trace_line_, "%s:", label); }

static void trace_add(const char *token) {
  size_t used = strlen(trace_line_);
  snprintf(trace_line_ + used, sizeof trace_line_ - used, " %s", token);
}

static void trace_bits(double x) {
  uint64_t u;
  memcpy(&u, &x, sizeof u);
  char hex[17];
  snprintf(hex, sizeof hex, "%016llx", (unsigned long long)u);
  trace_add(hex);
}

/* The next line of the trace file that is not a comment, without its newline. */
static int trace_next(FILE *f, char *buf, size_t cap) {
  while (fgets(buf, (int)cap, f)) {
    if (buf[0] == '#') continue;
    buf[strcspn(buf, "\n")] = 0;
    return 1;
  }
  return 0;
}

static void trace_check(FILE *f) {
  static char want[4096];
  int ok = trace_next(f, want, sizeof want) && strcmp(want, trace_line_) == 0;
  if (!ok) fprintf(stderr, "trace differs:\n  want %s\n  got  %s\n", want, trace_line_);
  CHECK(ok);
}

/* One line of 8 draws, as the bits of the doubles. */
static void trace_draws(FILE *f, const char *label, const double *x) {
  trace_start(label);
  for (int i = 0; i < 8; i++) trace_bits(x[i]);
  trace_check(f);
}

static bk_rng *trace_rng(uint64_t *stream) {
  bk_rng *rng = NULL;
  CHECK_STATUS(bk_rng_new_stream(2026, (*stream)++, &rng), BK_OK);
  return rng;
}

static void trace_choices(FILE *f, const char *name, bk_bandit *b, uint64_t *stream) {
  char label[64];
  for (int top_two = 0; top_two < 2; top_two++) {
    bk_rng *rng = trace_rng(stream);
    snprintf(label, sizeof label, "%s %s", name, top_two ? "top_two" : "choose");
    trace_start(label);
    for (int i = 0; i < 48; i++) {
      size_t a = SENTINEL;
      CHECK_STATUS(top_two ? bk_bandit_choose_top_two(b, rng, &a) : bk_bandit_choose(b, rng, &a), BK_OK);
      char tok[24];
      snprintf(tok, sizeof tok, "%zu", a);
      trace_add(tok);
    }
    trace_check(f);
    bk_rng_free(rng);
  }
}

static void test_trace(void) {
  FILE *f = fopen("tests/data/bandit_trace.txt", "r");
  CHECK(f != NULL);
  if (!f) return;
  bk_beta bp[4] = {{1, 1}, {1, 1}, {1, 1}, {0.5, 0.5}};
  bk_gamma gp[4] = {{1, 1}, {1, 1}, {1, 1}, {0.5, 1}};
  bk_normal_gamma np = {0, 1, 2, 2};
  bk_bandit *beta = NULL, *gamma = NULL, *normal = NULL;
  CHECK_STATUS(bk_bandit_new_beta(bp, 4, 4, NULL, &beta), BK_OK);
  CHECK_STATUS(bk_bandit_new_gamma(gp, 4, 4, NULL, &gamma), BK_OK);
  CHECK_STATUS(bk_bandit_new_normal_gamma(&np, 1, 4, NULL, &normal), BK_OK);
  const double data[3][4] = {{20, 1000, 30, 10}, {22, 1000, 35, 10}, {25, 1000, 33, 10}};
  for (size_t arm = 0; arm < 3; arm++) {
    CHECK_STATUS(bk_bandit_update(beta, arm, data[arm][0], data[arm][1], 1), BK_OK);
    CHECK_STATUS(bk_bandit_update(gamma, arm, data[arm][2], data[arm][3], 1), BK_OK);
    for (int j = 0; j < 5; j++) {
      CHECK_STATUS(bk_bandit_update(normal, arm, 0.1 * (double)arm + 0.05 * j, 1, 1), BK_OK);
    }
  }
  uint64_t stream = 0;
  trace_choices(f, "beta", beta, &stream);
  trace_choices(f, "gamma", gamma, &stream);
  trace_choices(f, "normal_gamma", normal, &stream);
  double x[8], v[8];
  const bk_beta betas[2] = {{2, 3}, {0.3, 0.4}};
  const char *beta_labels[2] = {"draws beta(2,3)", "draws beta(0.3,0.4)"};
  for (int d = 0; d < 2; d++) {
    bk_rng *rng = trace_rng(&stream);
    CHECK_STATUS(bk_beta_sample(&betas[d], rng, x, 8), BK_OK);
    trace_draws(f, beta_labels[d], x);
    bk_rng_free(rng);
  }
  const bk_gamma gammas[2] = {{5, 2}, {0.4, 2}};
  const char *gamma_labels[2] = {"draws gamma(5,2)", "draws gamma(0.4,2)"};
  for (int d = 0; d < 2; d++) {
    bk_rng *rng = trace_rng(&stream);
    CHECK_STATUS(bk_gamma_sample(&gammas[d], rng, x, 8), BK_OK);
    trace_draws(f, gamma_labels[d], x);
    bk_rng_free(rng);
  }
  bk_normal_gamma ng = {0.5, 2, 3, 1.5};
  bk_rng *rng = trace_rng(&stream);
  CHECK_STATUS(bk_normal_gamma_sample(&ng, rng, x, v, 8), BK_OK);
  trace_draws(f, "draws normal_gamma(0.5,2,3,1.5) mu", x);
  trace_draws(f, "draws normal_gamma(0.5,2,3,1.5) var", v);
  char extra[16];
  CHECK(!trace_next(f, extra, sizeof extra));
  bk_rng_free(rng);
  bk_bandit_free(beta);
  bk_bandit_free(gamma);
  bk_bandit_free(normal);
  fclose(f);
}

int main(void) {
  test_trace();
  test_beta_bandit();
  test_constructors();
  test_threads();
  return CHECK_REPORT();
}
