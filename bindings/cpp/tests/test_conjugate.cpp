// Value types (Beta, Gamma, NormalKnownVar, NormalGamma), comparisons and
// Rng: every result equals the C API's on the same inputs; every failure is
// an Error with the C status, and leaves the value unchanged.
#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

#include "common.hpp"

namespace bk = bayeskit;

static_assert(std::is_trivially_copyable<bk::Beta>::value, "Beta is a plain value");
static_assert(std::is_trivially_copyable<bk::Gamma>::value, "Gamma is a plain value");
static_assert(std::is_trivially_copyable<bk::NormalKnownVar>::value, "plain value");
static_assert(std::is_trivially_copyable<bk::NormalGamma>::value, "plain value");
static_assert(sizeof(bk::Beta) == sizeof(bk_beta), "no overhead over the C struct");
static_assert(sizeof(bk::Gamma) == sizeof(bk_gamma), "no overhead over the C struct");
static_assert(!std::is_default_constructible<bk::Beta>::value, "parameters are required");

namespace {

// C helpers: the value of a one-output C call, asserting success.
template <class S>
double c1(bk_status (*f)(const S *, double *), const S &s) {
  double out = NAN;
  EXPECT_EQ(f(&s, &out), BK_OK);
  return out;
}
template <class S>
double c1(bk_status (*f)(const S *, double, double *), const S &s, double x) {
  double out = NAN;
  EXPECT_EQ(f(&s, x, &out), BK_OK);
  return out;
}

bk_beta c_beta(double a, double b) {
  bk_beta r;
  EXPECT_EQ(bk_beta_init(a, b, &r), BK_OK);
  return r;
}

bk_gamma c_gamma(double s, double r) {
  bk_gamma g;
  EXPECT_EQ(bk_gamma_init(s, r, &g), BK_OK);
  return g;
}

}  // namespace

TEST(Beta, ConstructionAndValidation) {
  bk::Beta b(2.5, 4);
  EXPECT_EQ(b.alpha(), 2.5);
  EXPECT_EQ(b.beta(), 4.0);
  bk_beta raw = c_beta(2.5, 4);
  EXPECT_EQ(b.raw().alpha, raw.alpha);
  EXPECT_EQ(b.raw().beta, raw.beta);
  EXPECT_EQ(bk::Beta(raw), b);
  EXPECT_BK_ERROR(bk::Beta(0, 1), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(bk::Beta(1, NAN), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(bk::Beta(INFINITY, 1), BK_ERR_INVALID_ARGUMENT);
  bk_beta bad{-1, 2};
  EXPECT_BK_ERROR(bk::Beta{bad}, BK_ERR_INVALID_ARGUMENT);
}

TEST(Beta, ResultsEqualTheCApi) {
  bk::Beta b(1, 1);
  b.update(20, 980).update(0.5, 0.5);
  const std::vector<std::uint8_t> trials{1, 0, 0, 1, 7, 0};
  b.observe(trials);

  bk_beta c = c_beta(1, 1);
  ASSERT_EQ(bk_beta_update(&c, 20, 980), BK_OK);
  ASSERT_EQ(bk_beta_update(&c, 0.5, 0.5), BK_OK);
  ASSERT_EQ(bk_beta_observe_batch(&c, trials.data(), trials.size()), BK_OK);
  EXPECT_EQ(b.alpha(), c.alpha);
  EXPECT_EQ(b.beta(), c.beta);

  EXPECT_EQ(b.mean(), c1(bk_beta_mean, c));
  EXPECT_EQ(b.variance(), c1(bk_beta_variance, c));
  EXPECT_EQ(b.mode(), c1(bk_beta_mode, c));
  EXPECT_EQ(b.cdf(0.02), c1(bk_beta_cdf, c, 0.02));
  EXPECT_EQ(b.quantile(0.975), c1(bk_beta_quantile, c, 0.975));
  double lo, hi;
  ASSERT_EQ(bk_beta_interval(&c, 0.9, &lo, &hi), BK_OK);
  bk::Interval i = b.interval(0.9);
  EXPECT_EQ(i.lo, lo);
  EXPECT_EQ(i.hi, hi);
  double lp;
  ASSERT_EQ(bk_beta_ln_predictive(&c, 3, 10, &lp), BK_OK);
  EXPECT_EQ(b.ln_predictive(3, 10), lp);
  double lm;
  ASSERT_EQ(bk_beta_ln_marginal(&c, 4, 6, &lm), BK_OK);
  EXPECT_EQ(b.ln_marginal(4, 6), lm);
}

TEST(Beta, ErrorsLeaveTheValueUnchanged) {
  bk::Beta b(3, 4);
  const bk::Beta before = b;
  EXPECT_BK_ERROR(b.update(-1, 0), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(b.update(NAN, 0), BK_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(b, before);
  EXPECT_BK_ERROR(b.quantile(1.5), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(b.interval(1.0), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(bk::Beta(0.5, 0.5).mode(), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(b.ln_predictive(5, 3), BK_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(b, before);
}

TEST(Beta, SamplingMatchesTheCApiForTheSameSeed) {
  bk::Beta b(2, 5);
  bk::Rng rng(42);
  std::vector<double> mine(16);
  b.sample(rng, mine);
  std::vector<double> more = b.sample(rng, 4);

  bk_rng *c_rng = nullptr;
  ASSERT_EQ(bk_rng_new(42, &c_rng), BK_OK);
  std::vector<double> theirs(16), theirs_more(4);
  ASSERT_EQ(bk_beta_sample(&b.raw(), c_rng, theirs.data(), theirs.size()), BK_OK);
  ASSERT_EQ(bk_beta_sample(&b.raw(), c_rng, theirs_more.data(), 4), BK_OK);
  bk_rng_free(c_rng);
  EXPECT_EQ(mine, theirs);
  EXPECT_EQ(more, theirs_more);
  for (double x : mine) EXPECT_TRUE(x > 0 && x < 1);
}

TEST(Gamma, ResultsEqualTheCApi) {
  bk::Gamma g(1, 1);
  g.update(12, 4);
  const std::vector<double> counts{3, 0, 5}, exposures{1, 0.5, 2};
  g.update(counts, exposures);

  bk_gamma c = c_gamma(1, 1);
  ASSERT_EQ(bk_gamma_update(&c, 12, 4), BK_OK);
  ASSERT_EQ(bk_gamma_update_batch(&c, counts.data(), exposures.data(), 3), BK_OK);
  EXPECT_EQ(g.shape(), c.shape);
  EXPECT_EQ(g.rate(), c.rate);
  EXPECT_EQ(bk::Gamma(c), g);

  EXPECT_EQ(g.mean(), c1(bk_gamma_mean, c));
  EXPECT_EQ(g.variance(), c1(bk_gamma_variance, c));
  EXPECT_EQ(g.mode(), c1(bk_gamma_mode, c));
  EXPECT_EQ(g.cdf(2.5), c1(bk_gamma_cdf, c, 2.5));
  EXPECT_EQ(g.quantile(0.025), c1(bk_gamma_quantile, c, 0.025));
  EXPECT_EQ(g.quantile(1.0), INFINITY);
  double lo, hi;
  ASSERT_EQ(bk_gamma_interval(&c, 0.95, &lo, &hi), BK_OK);
  EXPECT_EQ(g.interval(0.95).lo, lo);
  EXPECT_EQ(g.interval(0.95).hi, hi);
  double lp;
  ASSERT_EQ(bk_gamma_ln_predictive(&c, 4, 1.5, &lp), BK_OK);
  EXPECT_EQ(g.ln_predictive(4, 1.5), lp);
  double lm;
  ASSERT_EQ(bk_gamma_ln_marginal(&c, counts.data(), exposures.data(), 3, &lm), BK_OK);
  EXPECT_EQ(g.ln_marginal(counts, exposures), lm);

  bk::Rng rng(7);
  std::vector<double> mine = g.sample(rng, 8);
  bk_rng *c_rng = nullptr;
  ASSERT_EQ(bk_rng_new(7, &c_rng), BK_OK);
  std::vector<double> theirs(8);
  ASSERT_EQ(bk_gamma_sample(&c, c_rng, theirs.data(), 8), BK_OK);
  bk_rng_free(c_rng);
  EXPECT_EQ(mine, theirs);
}

TEST(Gamma, Errors) {
  EXPECT_BK_ERROR(bk::Gamma(1, -2), BK_ERR_INVALID_ARGUMENT);
  bk::Gamma g(2, 3);
  const bk::Gamma before = g;
  EXPECT_BK_ERROR(g.update(1, -1), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(g.update({1.0, -1.0}, {1.0, 1.0}), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(g.update({1.0, 1.0}, {1.0}), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(g.ln_marginal({1.0}, {1.0, 2.0}), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(g.quantile(-0.1), BK_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(g, before);
  EXPECT_NE(g, bk::Gamma(2, 4));
}

TEST(NormalKnownVar, ResultsEqualTheCApi) {
  bk::NormalKnownVar p(0, 10, 1);
  const std::vector<double> xs{4.8, 5.1, 5.3};
  p.update(xs).update_stats(2, 5.0);

  bk_normal_known_var c;
  ASSERT_EQ(bk_normal_known_var_init(0, 10, 1, &c), BK_OK);
  ASSERT_EQ(bk_normal_known_var_update_batch(&c, xs.data(), xs.size()), BK_OK);
  ASSERT_EQ(bk_normal_known_var_update_stats(&c, 2, 5.0), BK_OK);
  EXPECT_EQ(p.mean(), c.mean);
  EXPECT_EQ(p.sd(), c.sd);
  EXPECT_EQ(p.noise_sd(), c.noise_sd);
  EXPECT_EQ(p.quantile(0.3), c1(bk_normal_known_var_quantile, c, 0.3));
  double lo, hi;
  ASSERT_EQ(bk_normal_known_var_interval(&c, 0.95, &lo, &hi), BK_OK);
  EXPECT_EQ(p.interval(0.95).lo, lo);
  EXPECT_EQ(p.interval(0.95).hi, hi);
  EXPECT_EQ(p.ln_predictive(5.2), c1(bk_normal_known_var_ln_predictive, c, 5.2));
  double lm;
  ASSERT_EQ(bk_normal_known_var_ln_marginal(&c, xs.data(), xs.size(), &lm), BK_OK);
  EXPECT_EQ(p.ln_marginal(xs), lm);
  EXPECT_EQ(bk::NormalKnownVar(c).mean(), p.mean());

  bk::Rng rng(3);
  std::vector<double> mine = p.sample(rng, 5);
  bk_rng *c_rng = nullptr;
  ASSERT_EQ(bk_rng_new(3, &c_rng), BK_OK);
  std::vector<double> theirs(5);
  ASSERT_EQ(bk_normal_known_var_sample(&c, c_rng, theirs.data(), 5), BK_OK);
  bk_rng_free(c_rng);
  EXPECT_EQ(mine, theirs);
}

TEST(NormalKnownVar, Errors) {
  EXPECT_BK_ERROR(bk::NormalKnownVar(0, 0, 1), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(bk::NormalKnownVar(0, 1, -1), BK_ERR_INVALID_ARGUMENT);
  bk::NormalKnownVar p(1, 2, 3);
  EXPECT_BK_ERROR(p.update({1.0, NAN}), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(p.update_stats(-1, 0), BK_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(p.mean(), 1.0);
  EXPECT_EQ(p.sd(), 2.0);
  EXPECT_BK_ERROR(p.interval(0), BK_ERR_INVALID_ARGUMENT);
}

TEST(NormalGamma, ResultsEqualTheCApi) {
  bk::NormalGamma p(0, 1, 2, 2);
  const std::vector<double> xs{1.0, 2.0, 2.5, 0.5};
  p.update(xs).update_stats(3, 1.5, 0.75);

  bk_normal_gamma c;
  ASSERT_EQ(bk_normal_gamma_init(0, 1, 2, 2, &c), BK_OK);
  ASSERT_EQ(bk_normal_gamma_update_batch(&c, xs.data(), xs.size()), BK_OK);
  ASSERT_EQ(bk_normal_gamma_update_stats(&c, 3, 1.5, 0.75), BK_OK);
  EXPECT_EQ(p.m(), c.m);
  EXPECT_EQ(p.kappa(), c.kappa);
  EXPECT_EQ(p.alpha(), c.alpha);
  EXPECT_EQ(p.beta(), c.beta);
  EXPECT_EQ(p.mean_quantile(0.9), c1(bk_normal_gamma_mean_quantile, c, 0.9));
  double lo, hi;
  ASSERT_EQ(bk_normal_gamma_mean_interval(&c, 0.8, &lo, &hi), BK_OK);
  EXPECT_EQ(p.mean_interval(0.8).lo, lo);
  EXPECT_EQ(p.mean_interval(0.8).hi, hi);
  EXPECT_EQ(p.mean_variance(), c1(bk_normal_gamma_mean_variance, c));
  EXPECT_EQ(p.ln_predictive(1.7), c1(bk_normal_gamma_ln_predictive, c, 1.7));
  double lm;
  ASSERT_EQ(bk_normal_gamma_ln_marginal(&c, xs.data(), xs.size(), &lm), BK_OK);
  EXPECT_EQ(p.ln_marginal(xs), lm);
  EXPECT_EQ(bk::NormalGamma(c).beta(), p.beta());

  bk::Rng rng(11);
  bk::NormalGammaDraws d = p.sample(rng, 6);
  bk_rng *c_rng = nullptr;
  ASSERT_EQ(bk_rng_new(11, &c_rng), BK_OK);
  std::vector<double> mu(6), var(6);
  ASSERT_EQ(bk_normal_gamma_sample(&c, c_rng, mu.data(), var.data(), 6), BK_OK);
  bk_rng_free(c_rng);
  EXPECT_EQ(d.mu, mu);
  EXPECT_EQ(d.var, var);
}

TEST(NormalGamma, Errors) {
  EXPECT_BK_ERROR(bk::NormalGamma(0, 1, 0, 1), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(bk::NormalGamma(NAN, 1, 1, 1), BK_ERR_INVALID_ARGUMENT);
  bk::NormalGamma p(0, 1, 1, 1);  // α = 1: μ's variance is infinite
  EXPECT_BK_ERROR(p.mean_variance(), BK_ERR_INVALID_ARGUMENT);
  bk::Rng rng(1);
  std::vector<double> mu(3), var(2);
  EXPECT_BK_ERROR(p.sample(rng, mu, var), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(p.update_stats(1, 0, -1), BK_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(p.alpha(), 1.0);
}

TEST(Compare, BetaResultsEqualTheCApi) {
  bk::Beta a(1, 1), b(1, 1);
  a.update(20, 980);
  b.update(30, 970);
  bk::Comparison c = bk::compare(a, b);
  bk_comparison cc{};
  cc.struct_size = sizeof cc;
  ASSERT_EQ(bk_beta_compare(&a.raw(), &b.raw(), &cc), BK_OK);
  EXPECT_EQ(c.prob_b_greater, cc.prob_b_greater);
  EXPECT_EQ(c.expected_loss_a, cc.expected_loss_a);
  EXPECT_EQ(c.expected_loss_b, cc.expected_loss_b);
  EXPECT_GT(c.prob_b_greater, 0.9);

  double q;
  ASSERT_EQ(bk_beta_lift_quantile(&a.raw(), &b.raw(), 0.5, &q), BK_OK);
  EXPECT_EQ(bk::lift_quantile(a, b, 0.5), q);

  bk::CompareOptions opts;
  EXPECT_EQ(opts.level(), 0.95);
  EXPECT_EQ(opts.raw().struct_size, sizeof(bk_compare_options));
  opts.level(0.9);
  bk_compare_options copts;
  ASSERT_EQ(bk_compare_options_default(&copts), BK_OK);
  copts.level = 0.9;
  bk_compare_summary cs{};
  cs.struct_size = sizeof cs;
  ASSERT_EQ(bk_beta_compare_summary(&a.raw(), &b.raw(), &copts, &cs), BK_OK);
  bk::CompareSummary s = bk::compare_summary(a, b, opts);
  EXPECT_EQ(s.prob_b_greater, cs.prob_b_greater);
  EXPECT_EQ(s.lift_median, cs.lift_median);
  EXPECT_EQ(s.lift_lo, cs.lift_lo);
  EXPECT_EQ(s.lift_hi, cs.lift_hi);
  EXPECT_EQ(bk::compare_summary(a, b).lift_lo, [&] {
    bk_compare_summary d{};
    d.struct_size = sizeof d;
    EXPECT_EQ(bk_beta_compare_summary(&a.raw(), &b.raw(), nullptr, &d), BK_OK);
    return d.lift_lo;
  }());

  bk::Rng rng(5);
  bk::Comparison mc = bk::compare_mc(a, b, 2000, rng);
  bk_rng *c_rng = nullptr;
  ASSERT_EQ(bk_rng_new(5, &c_rng), BK_OK);
  ASSERT_EQ(bk_beta_compare_mc(&a.raw(), &b.raw(), 2000, c_rng, &cc), BK_OK);
  bk_rng_free(c_rng);
  EXPECT_EQ(mc.prob_b_greater, cc.prob_b_greater);
  EXPECT_EQ(mc.expected_loss_a, cc.expected_loss_a);

  EXPECT_BK_ERROR(bk::lift_quantile(a, b, 1.0), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(bk::compare_summary(a, b, bk::CompareOptions().level(1.5)),
                  BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(bk::compare_mc(a, b, 0, rng), BK_ERR_INVALID_ARGUMENT);
}

TEST(Compare, GammaResultsEqualTheCApi) {
  bk::Gamma a(1, 1), b(1, 1);
  a.update(40, 10);
  b.update(55, 10);
  bk_comparison cc{};
  cc.struct_size = sizeof cc;
  ASSERT_EQ(bk_gamma_compare(&a.raw(), &b.raw(), &cc), BK_OK);
  bk::Comparison c = bk::compare(a, b);
  EXPECT_EQ(c.prob_b_greater, cc.prob_b_greater);
  EXPECT_EQ(c.expected_loss_b, cc.expected_loss_b);
  double q;
  ASSERT_EQ(bk_gamma_lift_quantile(&a.raw(), &b.raw(), 0.1, &q), BK_OK);
  EXPECT_EQ(bk::lift_quantile(a, b, 0.1), q);
  bk_compare_summary cs{};
  cs.struct_size = sizeof cs;
  ASSERT_EQ(bk_gamma_compare_summary(&a.raw(), &b.raw(), nullptr, &cs), BK_OK);
  EXPECT_EQ(bk::compare_summary(a, b).lift_hi, cs.lift_hi);

  bk::Rng rng(9);
  bk::Comparison mc = bk::compare_mc(a, b, 1000, rng);
  bk_rng *c_rng = nullptr;
  ASSERT_EQ(bk_rng_new(9, &c_rng), BK_OK);
  ASSERT_EQ(bk_gamma_compare_mc(&a.raw(), &b.raw(), 1000, c_rng, &cc), BK_OK);
  bk_rng_free(c_rng);
  EXPECT_EQ(mc.prob_b_greater, cc.prob_b_greater);
  EXPECT_BK_ERROR(bk::lift_quantile(a, b, 0), BK_ERR_INVALID_ARGUMENT);
}

namespace {

void expect_same_report(const bk::MethodReport &got, const bk_method_report &want) {
  EXPECT_EQ(got.method, want.method);
  EXPECT_EQ(got.work, want.work);
  EXPECT_EQ(got.error_estimate, want.error_estimate);
}

}  // namespace

TEST(Compare, MethodReportsEqualTheCApi) {
  // Beta arms: quadrature, with the evaluations and an error estimate.
  const bk::Beta a(21, 981), b(31, 971);
  bk_comparison cc{};
  cc.struct_size = sizeof cc;
  ASSERT_EQ(bk_beta_compare(&a.raw(), &b.raw(), &cc), BK_OK);
  const bk::Comparison c = bk::compare(a, b);
  expect_same_report(c.method, cc.method);
  EXPECT_EQ(c.method.method, static_cast<std::uint32_t>(BK_METHOD_QUADRATURE));
  EXPECT_GT(c.method.work, 0u);
  EXPECT_GE(c.method.error_estimate, 0.0);
  EXPECT_LT(c.method.error_estimate, 1e-9);

  // Gamma arms with small shapes: closed form; large shapes: quadrature.
  const bk::Gamma ga(100, 10), gb(120, 10);
  const bk::Comparison g = bk::compare(ga, gb);
  EXPECT_EQ(g.method.method, static_cast<std::uint32_t>(BK_METHOD_CLOSED_FORM));
  EXPECT_EQ(g.method.work, 0u);
  EXPECT_EQ(g.method.error_estimate, 0.0);
  const bk::Gamma big_a(5e5, 1e4), big_b(6e5, 1.2e4);
  const bk::Comparison gq = bk::compare(big_a, big_b);
  ASSERT_EQ(bk_gamma_compare(&big_a.raw(), &big_b.raw(), &cc), BK_OK);
  expect_same_report(gq.method, cc.method);
  EXPECT_EQ(gq.method.method, static_cast<std::uint32_t>(BK_METHOD_QUADRATURE));
  EXPECT_NEAR(gq.prob_b_greater, 0.5000231489821707, 1e-9);

  // Monte Carlo: the draws and the standard error of P(B > A).
  bk::Rng rng(3);
  const bk::Comparison mc = bk::compare_mc(a, b, 20000, rng);
  bk_rng *c_rng = nullptr;
  ASSERT_EQ(bk_rng_new(3, &c_rng), BK_OK);
  ASSERT_EQ(bk_beta_compare_mc(&a.raw(), &b.raw(), 20000, c_rng, &cc), BK_OK);
  bk_rng_free(c_rng);
  expect_same_report(mc.method, cc.method);
  EXPECT_EQ(mc.method.method, static_cast<std::uint32_t>(BK_METHOD_MONTE_CARLO));
  EXPECT_EQ(mc.method.work, 20000u);
  const double p = mc.prob_b_greater;
  EXPECT_NEAR(mc.method.error_estimate, std::sqrt(p * (1 - p) / 20000), 1e-15);
  EXPECT_LT(std::fabs(p - c.prob_b_greater), 5 * mc.method.error_estimate);
  const bk::Comparison gmc = bk::compare_mc(big_a, big_b, 1000, rng);
  EXPECT_EQ(gmc.method.method, static_cast<std::uint32_t>(BK_METHOD_MONTE_CARLO));
  EXPECT_EQ(gmc.method.work, 1000u);

  // Summaries: one report over the comparison and the lift quantiles.
  bk_compare_summary cs{};
  cs.struct_size = sizeof cs;
  ASSERT_EQ(bk_beta_compare_summary(&a.raw(), &b.raw(), nullptr, &cs), BK_OK);
  const bk::CompareSummary s = bk::compare_summary(a, b);
  expect_same_report(s.method, cs.method);
  EXPECT_EQ(s.method.method, static_cast<std::uint32_t>(BK_METHOD_QUADRATURE));
  EXPECT_GT(s.method.work, c.method.work);
  EXPECT_GE(s.method.error_estimate, c.method.error_estimate);
  EXPECT_EQ(bk::compare_summary(ga, gb).method.method,
            static_cast<std::uint32_t>(BK_METHOD_CLOSED_FORM));
  ASSERT_EQ(bk_gamma_compare_summary(&big_a.raw(), &big_b.raw(), nullptr, &cs), BK_OK);
  expect_same_report(bk::compare_summary(big_a, big_b).method, cs.method);
}

TEST(ProbBest, BetaResultsEqualTheCApi) {
  const std::vector<bk::Beta> arms{bk::Beta(21, 981), bk::Beta(31, 971), bk::Beta(26, 976)};
  const bk_beta raw[3] = {c_beta(21, 981), c_beta(31, 971), c_beta(26, 976)};
  double want[3];
  bk_method_report wm;
  ASSERT_EQ(bk_beta_prob_best(raw, 3, want, 3, &wm), BK_OK);

  const bk::ProbBest r = bk::prob_best(arms);
  ASSERT_EQ(r.probabilities.size(), 3u);
  for (std::size_t i = 0; i < 3; i++) EXPECT_EQ(r.probabilities[i], want[i]);
  expect_same_report(r.method, wm);
  EXPECT_EQ(r.method.method, static_cast<std::uint32_t>(BK_METHOD_QUADRATURE));
  EXPECT_GT(r.method.work, 0u);
  EXPECT_GT(r.probabilities[1], r.probabilities[2]);
  EXPECT_GT(r.probabilities[2], r.probabilities[0]);
  EXPECT_NEAR(r.probabilities[0] + r.probabilities[1] + r.probabilities[2], 1.0, 1e-12);

  // Into a caller's span: the same numbers.
  double out[3] = {0, 0, 0};
  expect_same_report(bk::prob_best(arms, out), wm);
  for (std::size_t i = 0; i < 3; i++) EXPECT_EQ(out[i], want[i]);

  // Two arms: P(B > A); one arm: 1; a braced list works.
  const bk::ProbBest two = bk::prob_best({arms[0], arms[1]});
  EXPECT_NEAR(two.probabilities[1], bk::compare(arms[0], arms[1]).prob_b_greater, 1e-12);
  EXPECT_NEAR(bk::prob_best({arms[2]}).probabilities[0], 1.0, 1e-12);
}

TEST(ProbBest, GammaResultsEqualTheCApi) {
  const std::array<bk::Gamma, 3> arms{bk::Gamma(100, 10), bk::Gamma(120, 10), bk::Gamma(110, 10)};
  const bk_gamma raw[3] = {c_gamma(100, 10), c_gamma(120, 10), c_gamma(110, 10)};
  double want[3];
  bk_method_report wm;
  ASSERT_EQ(bk_gamma_prob_best(raw, 3, want, 3, &wm), BK_OK);
  const bk::ProbBest r = bk::prob_best(arms);
  ASSERT_EQ(r.probabilities.size(), 3u);
  for (std::size_t i = 0; i < 3; i++) EXPECT_EQ(r.probabilities[i], want[i]);
  expect_same_report(r.method, wm);
  std::vector<double> out(3);
  expect_same_report(bk::prob_best(arms, out), wm);
  EXPECT_EQ(out[1], want[1]);
  EXPECT_NEAR(bk::prob_best({arms[0], arms[1]}).probabilities[1],
              bk::compare(arms[0], arms[1]).prob_b_greater, 1e-12);
}

TEST(ProbBest, ErrorsThrowAndLeaveTheOutputUnchanged) {
  std::vector<bk::Beta> beta_arms;
  std::vector<bk::Gamma> gamma_arms;
  for (int i = 0; i < 101; i++) {
    beta_arms.emplace_back(21 + 0.1 * i, 981);
    gamma_arms.emplace_back(100 + i, 10);
  }
  std::vector<double> out(101, -7.0);
  const std::vector<double> before = out;

  // No arms, one more than BK_MAX_ARMS (100), an output of another size.
  const bk::Span<const bk::Beta> all_b(beta_arms), none_b;
  EXPECT_BK_ERROR(bk::prob_best(none_b), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(bk::prob_best(none_b, out), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(bk::prob_best(all_b), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(bk::prob_best(all_b, out), BK_ERR_INVALID_ARGUMENT);
  const bk::Span<const bk::Beta> three_b(beta_arms.data(), 3);
  EXPECT_BK_ERROR(bk::prob_best(three_b, bk::Span<double>(out.data(), 2)),
                  BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(bk::prob_best(three_b, bk::Span<double>(out.data(), 4)),
                  BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(bk::prob_best(three_b, bk::Span<double>()), BK_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(out, before);

  const bk::Span<const bk::Gamma> all_g(gamma_arms), none_g;
  EXPECT_BK_ERROR(bk::prob_best(none_g), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(bk::prob_best(all_g), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(bk::prob_best(all_g, out), BK_ERR_INVALID_ARGUMENT);
  const bk::Span<const bk::Gamma> three_g(gamma_arms.data(), 3);
  EXPECT_BK_ERROR(bk::prob_best(three_g, bk::Span<double>(out.data(), 1)),
                  BK_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(out, before);
  // The message is the library's.
  const std::string msg = bktest::expect_error(
      [&] { (void)bk::prob_best(all_g, bk::Span<double>(out.data(), 101)); },
      BK_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(msg, bktest::c_message());

  // The largest number of arms is fine.
  const bk::ProbBest r = bk::prob_best(bk::Span<const bk::Beta>(beta_arms.data(), 100));
  ASSERT_EQ(r.probabilities.size(), 100u);
  double sum = 0;
  for (double p : r.probabilities) sum += p;
  EXPECT_NEAR(sum, 1.0, 1e-9);
  EXPECT_GT(r.probabilities[99], r.probabilities[0]);
  const bk::MethodReport m = bk::prob_best(bk::Span<const bk::Gamma>(gamma_arms.data(), 100),
                                          bk::Span<double>(out.data(), 100));
  EXPECT_EQ(m.method, static_cast<std::uint32_t>(BK_METHOD_QUADRATURE));
}
