// Bandit: RAII over bk_bandit, results equal the C API's bit for bit, bad
// input throws with the C status, and 8 threads share one bandit.
#include <cmath>
#include <cstring>
#include <thread>
#include <type_traits>
#include <vector>

#include "common.hpp"

namespace bk = bayeskit;

static_assert(!std::is_copy_constructible<bk::Bandit>::value, "Bandit is move-only");
static_assert(std::is_nothrow_move_constructible<bk::Bandit>::value, "Bandit moves");
static_assert(sizeof(bk::Bandit) == sizeof(void *), "Bandit is one pointer");

TEST(Bandit, UpdatesPosteriorsAndReportEqualTheCApi) {
  bk::Bandit b(std::vector<bk::Beta>{bk::Beta(1, 1)}, 3);
  EXPECT_EQ(b.arms(), 3u);
  EXPECT_EQ(b.family(), BK_BANDIT_BETA);
  b.update(0, 20, 1000);
  b.update(1, 30, 1000);
  std::vector<std::size_t> arms{2, 2};
  std::vector<double> values{20, 5}, sizes{800, 200};
  b.update_batch(arms, values, sizes);
  EXPECT_EQ(b.posterior_beta(2).alpha(), 26);
  EXPECT_EQ(b.posterior_beta(2).beta(), 976);

  // The same calls through C, same seed: bit-identical report.
  bk_bandit *c = nullptr;
  bk_beta prior{1, 1};
  ASSERT_EQ(bk_bandit_new_beta(&prior, 1, 3, nullptr, &c), BK_OK);
  bk_bandit_update(c, 0, 20, 1000, 1);
  bk_bandit_update(c, 1, 30, 1000, 1);
  bk_bandit_update(c, 2, 25, 1000, 1);
  bk::Rng r1(5);
  bk_rng *r2 = nullptr;
  ASSERT_EQ(bk_rng_new(5, &r2), BK_OK);
  bk::BanditReport rep = b.report(r1);
  double p[3], loss[3];
  bk_bandit_summary s{};
  s.struct_size = sizeof s;
  ASSERT_EQ(bk_bandit_report(c, r2, nullptr, p, loss, 3, &s), BK_OK);
  for (std::size_t i = 0; i < 3; i++) {
    EXPECT_EQ(rep.prob_best[i], p[i]);
    EXPECT_EQ(rep.expected_loss[i], loss[i]);
  }
  EXPECT_EQ(rep.summary.best, 1u);
  EXPECT_EQ(rep.summary.value_remaining, s.value_remaining);
  EXPECT_EQ(rep.summary.prob_best_method.method, BK_METHOD_QUADRATURE);
  for (int i = 0; i < 500; i++) {
    std::size_t a;
    ASSERT_EQ(bk_bandit_choose_top_two(c, r2, &a), BK_OK);
    EXPECT_EQ(b.choose_top_two(r1), a);
  }
  bk_rng_free(r2);
  bk_bandit_free(c);

  b.discount(0.5);
  EXPECT_EQ(b.posterior_beta(0).alpha(), 11);
}

TEST(Bandit, BadInputThrowsWithTheStatus) {
  std::vector<bk::Beta> prior{bk::Beta(1, 1)};
  bktest::expect_error([&] { bk::Bandit(prior, 0); }, BK_ERR_INVALID_ARGUMENT);
  bktest::expect_error([&] { bk::Bandit(prior, BK_MAX_BANDIT_ARMS + 1); }, BK_ERR_INVALID_ARGUMENT);
  bktest::expect_error([&] { bk::Bandit(prior, 2, bk::BanditOptions().top_two_beta(1.0)); },
                       BK_ERR_INVALID_ARGUMENT);
  bk::Bandit b(prior, 2);
  EXPECT_EQ(bk::BanditOptions().top_two_beta(), 0.5);
  EXPECT_EQ(bk::BanditReportOptions().draws(), 10000u);
  bktest::expect_error([&] { b.update(2, 1); }, BK_ERR_INVALID_ARGUMENT);
  bktest::expect_error([&] { b.update(0, -1); }, BK_ERR_INVALID_ARGUMENT);
  bktest::expect_error([&] { b.update(0, NAN); }, BK_ERR_INVALID_ARGUMENT);
  bktest::expect_error([&] { b.discount(0); }, BK_ERR_INVALID_ARGUMENT);
  bktest::expect_error([&] { b.posterior_gamma(0); }, BK_ERR_INVALID_ARGUMENT);
  bk::Rng rng(1);
  bktest::expect_error([&] { b.report(rng, bk::BanditReportOptions().draws(1)); },
                       BK_ERR_INVALID_ARGUMENT);
  bk::Bandit moved(std::move(b));
  bktest::expect_error([&] { b.choose(rng); }, BK_ERR_NULL_POINTER);
  EXPECT_LT(moved.choose(rng), 2u);
}

TEST(Bandit, GammaAndNormalGamma) {
  bk::Bandit g(std::vector<bk::Gamma>{bk::Gamma(1, 1)}, 2);
  g.update(1, 12, 4);
  EXPECT_EQ(g.posterior_gamma(1).shape(), 13);
  EXPECT_EQ(g.family(), BK_BANDIT_GAMMA);
  bk::Bandit n(std::vector<bk::NormalGamma>{bk::NormalGamma(0, 1, 2, 2)}, 2);
  for (double x : {1.0, 1.2, 0.9, 1.1}) n.update(1, x);
  bk::Rng rng(2);
  bk::BanditReport r = n.report(rng);
  EXPECT_EQ(r.summary.prob_best_method.method, BK_METHOD_MONTE_CARLO);
  EXPECT_EQ(r.summary.best, 1u);
  EXPECT_TRUE(std::isnan(r.summary.value_remaining_relative));
}

TEST(Bandit, EightThreadsLoseNoUpdate) {
  bk::Bandit b(std::vector<bk::Beta>{bk::Beta(1, 1)}, 4);
  std::vector<std::thread> threads;
  std::vector<std::vector<double>> succ(8, std::vector<double>(4)), trials(8, std::vector<double>(4));
  for (unsigned t = 0; t < 8; t++) {
    threads.emplace_back([&, t] {
      bk::Rng rng(11, t);
      for (int i = 0; i < 2000; i++) {
        std::size_t a = t % 2 ? b.choose_top_two(rng) : b.choose(rng);
        double r = (static_cast<std::size_t>(i) * 7 + t) % 10 < a + 1 ? 1.0 : 0.0;
        b.update(a, r);
        succ[t][a] += r;
        trials[t][a] += 1;
      }
    });
  }
  for (auto &th : threads) th.join();
  for (std::size_t a = 0; a < 4; a++) {
    double s = 0, n = 0;
    for (std::size_t t = 0; t < 8; t++) {
      s += succ[t][a];
      n += trials[t][a];
    }
    EXPECT_EQ(b.posterior_beta(a).alpha(), 1 + s);
    EXPECT_EQ(b.posterior_beta(a).beta(), 1 + n - s);
  }
}
