// Decisions: priors fitted from past experiments and the peek-safe A/B rules.
// Each result equals the C API's on the same inputs, and the reference values
// of tests/reference/prior_fit.json and sequential.json (scipy); failures are
// bayeskit::Error with the C status.
#include <cmath>
#include <cstdint>
#include <vector>

#include "common.hpp"

namespace bk = bayeskit;

TEST(PriorFit, BetaAndGammaEqualTheCApiAndTheReference) {
  const std::vector<std::uint64_t> s{12, 30, 7, 45, 20, 9, 33, 15};
  const std::vector<std::uint64_t> n{400, 700, 350, 900, 500, 410, 650, 480};
  bk::BetaPriorFit f = bk::fit_beta_prior(s, n);
  ASSERT_EQ(f.outcome, BK_DM_CONVERGED);
  EXPECT_NEAR(f.alpha, 24.149718897428958, 1e-9 * 24.15);
  EXPECT_NEAR(f.beta, 619.4841865172617, 1e-9 * 619.5);
  bk_beta_prior_fit_result c{};
  c.struct_size = sizeof c;
  ASSERT_EQ(bk_beta_prior_fit(s.data(), n.data(), s.size(), nullptr, &c), BK_OK);
  EXPECT_EQ(f.alpha, c.alpha);
  EXPECT_EQ(f.loglik, c.loglik);
  bk::Beta prior(f.alpha, f.beta);  // the next experiment's prior
  EXPECT_NEAR(prior.mean(), f.alpha / (f.alpha + f.beta), 1e-15);

  const std::vector<std::uint64_t> y{30, 80, 12, 55, 140, 20};
  const std::vector<double> t{1000, 1500, 800, 1200, 2000, 900};
  bk::GammaPriorFit g = bk::fit_gamma_prior(y, t, bk::PriorFitOptions().max_iter(100));
  ASSERT_EQ(g.outcome, BK_DM_CONVERGED);
  EXPECT_NEAR(g.shape, 4.520009499180942, 1e-9 * 4.52);
  EXPECT_NEAR(g.rate, 113.28725442513327, 1e-9 * 113.3);
}

TEST(PriorFit, ErrorsAndOutcomes) {
  const std::vector<std::uint64_t> s{5, 1}, n{4, 9}, n1{4};
  EXPECT_NE(bktest::expect_error([&] { bk::fit_beta_prior(s, n); }, BK_ERR_INVALID_ARGUMENT).find("row 0"),
            std::string::npos);
  bktest::expect_error([&] { bk::fit_beta_prior(s, n1); }, BK_ERR_INVALID_ARGUMENT);
  bktest::expect_error([&] { bk::fit_beta_prior(s, n, bk::PriorFitOptions().tol(0.5)); },
                       BK_ERR_INVALID_ARGUMENT);
  const std::vector<std::uint64_t> eq_s{5, 10, 15}, eq_n{100, 200, 300};
  EXPECT_EQ(bk::fit_beta_prior(eq_s, eq_n).outcome, BK_DM_NO_OVERDISPERSION);
}

TEST(Sequential, BayesFactorsAndTheMsprtEqualTheReference) {
  EXPECT_NEAR(bk::bayes_factor(bk::Beta(1, 1), 40, 2000, 62, 2000), -1.9509863610983302, 1e-11);
  EXPECT_NEAR(bk::bayes_factor(bk::Gamma(1, 0.001), 30, 1000.0, 55, 1100.0), -8.127229490463833, 1e-10);
  bk::AlwaysValid test = bk::AlwaysValid::proportions(0.1, 0.05);
  const double looks[4][4] = {{0, 50, 3, 80}, {2, 150, 9, 200}, {7, 400, 25, 500}, {15, 900, 48, 1000}};
  bk::AlwaysValidLook l{};
  for (const auto &k : looks) l = test.look(k[0], k[1], k[2], k[3]);
  EXPECT_NEAR(l.p_value, 0.003945846329683378, 1e-13);
  EXPECT_NEAR(l.lower, 0.00785193714559981, 1e-13);
  EXPECT_NEAR(l.upper, 0.05481472952106686, 1e-13);
  EXPECT_EQ(l.reject, 1u);
  // A failed look changes nothing.
  bktest::expect_error([&] { test.look(20, 10, 48, 1000); }, BK_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(test.look(15, 900, 48, 1000).p_value, l.p_value);
  bk::AlwaysValid rates = bk::AlwaysValid::rates();
  EXPECT_LE(rates.look(30, 1000.0, 55, 1100.0).p_value, 1.0);
  bktest::expect_error([] { bk::AlwaysValid::proportions(0.0); }, BK_ERR_INVALID_ARGUMENT);
  bk::AlwaysValid moved = std::move(rates);
  bktest::expect_error([&] { rates.look(1, 2, 1, 2); }, BK_ERR_NULL_POINTER);
}
