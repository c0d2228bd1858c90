// Handle classes (Rng, Hypotheses, Dirichlet): RAII, moves without double
// free (the suite runs under ASan), use after move throws, results equal the
// C API's.
#include <cmath>
#include <type_traits>
#include <utility>
#include <vector>

#include "common.hpp"

namespace bk = bayeskit;

template <class H>
constexpr bool move_only() {
  return !std::is_copy_constructible<H>::value && !std::is_copy_assignable<H>::value &&
         std::is_nothrow_move_constructible<H>::value &&
         std::is_nothrow_move_assignable<H>::value &&
         std::is_nothrow_destructible<H>::value;
}
static_assert(move_only<bk::Rng>(), "Rng is move-only");
static_assert(move_only<bk::Hypotheses>(), "Hypotheses is move-only");
static_assert(move_only<bk::Dirichlet>(), "Dirichlet is move-only");
static_assert(move_only<bk::DmStats>(), "DmStats is move-only");
static_assert(move_only<bk::DmResult>(), "DmResult is move-only");
static_assert(move_only<bk::DmPrior>(), "DmPrior is move-only");
// One pointer: the deleter is stateless.
static_assert(sizeof(bk::Rng) == sizeof(void *), "Rng is one pointer");
static_assert(sizeof(bk::Dirichlet) == sizeof(void *), "Dirichlet is one pointer");

TEST(Rng, MovesAndOwnership) {
  bk::Rng a(1);
  bk_rng *raw = a.get();
  ASSERT_NE(raw, nullptr);
  bk::Rng b(std::move(a));
  EXPECT_EQ(b.get(), raw);
  EXPECT_FALSE(a);  // NOLINT(bugprone-use-after-move): moved-from is empty by contract
  EXPECT_EQ(a.get(), nullptr);
  bk::Rng c(2);
  c = std::move(b);  // frees c's old generator (ASan would report a leak)
  EXPECT_EQ(c.get(), raw);
  bk::Rng &alias = c;
  c = std::move(alias);  // self-move keeps the handle
  EXPECT_EQ(c.get(), raw);

  // A moved-from generator is refused with the C status, not a crash.
  bk::Beta beta(2, 2);
  std::vector<double> out(3);
  EXPECT_BK_ERROR(beta.sample(a, out), BK_ERR_NULL_POINTER);

  bk_rng *released = c.release();
  EXPECT_FALSE(c);
  bk::Rng adopted = bk::Rng::adopt(released);
  EXPECT_EQ(adopted.get(), released);
}

TEST(Rng, SameSeedSameDrawsAsTheCApi) {
  bk::Rng x(123);
  bk_rng *y = nullptr;
  ASSERT_EQ(bk_rng_new(123, &y), BK_OK);
  bk::Gamma g(3, 2);
  std::vector<double> a(10), b(10);
  g.sample(x, a);
  ASSERT_EQ(bk_gamma_sample(&g.raw(), y, b.data(), b.size()), BK_OK);
  bk_rng_free(y);
  EXPECT_EQ(a, b);
}

TEST(Hypotheses, FireAlarmEqualsTheCApi) {
  bk::Hypotheses h({0.01, 0.99});
  h.update({0.9, 0.05});
  std::vector<double> post = h.posterior();

  const double prior[] = {0.01, 0.99}, like[] = {0.9, 0.05};
  bk_hypotheses *c = nullptr;
  ASSERT_EQ(bk_hypotheses_new(prior, 2, &c), BK_OK);
  ASSERT_EQ(bk_hypotheses_update(c, like, 2), BK_OK);
  double cpost[2];
  ASSERT_EQ(bk_hypotheses_posterior(c, cpost, 2), BK_OK);
  double cev;
  ASSERT_EQ(bk_hypotheses_ln_evidence(c, &cev), BK_OK);
  size_t cmap;
  ASSERT_EQ(bk_hypotheses_map(c, &cmap), BK_OK);
  bk_hypotheses_free(c);

  ASSERT_EQ(post.size(), 2u);
  EXPECT_EQ(post[0], cpost[0]);
  EXPECT_EQ(post[1], cpost[1]);
  EXPECT_NEAR(post[0], 0.009 / (0.009 + 0.0495), 1e-12);
  EXPECT_EQ(h.ln_evidence(), cev);
  EXPECT_EQ(h.map(), cmap);
  EXPECT_EQ(h.size(), 2u);
  double into[2];
  h.posterior(into);
  EXPECT_EQ(into[0], post[0]);
}

TEST(Hypotheses, LogWeightsAndErrors) {
  bk::Hypotheses h = bk::Hypotheses::from_log({0.0, 0.0, std::log(2.0)});
  h.update_log({std::log(0.5), std::log(0.5), std::log(0.25)});
  std::vector<double> post = h.posterior();
  EXPECT_NEAR(post[0], 1.0 / 3, 1e-12);
  EXPECT_NEAR(post[2], 1.0 / 3, 1e-12);

  EXPECT_BK_ERROR(bk::Hypotheses(std::vector<double>{}), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(bk::Hypotheses({0.5, -0.5}), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(h.update({1.0, 1.0}), BK_ERR_INVALID_ARGUMENT);  // wrong length
  std::vector<double> small(2);
  EXPECT_BK_ERROR(h.posterior(small), BK_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(small, std::vector<double>(2, 0.0));  // untouched
  EXPECT_EQ(h.posterior(), post);                 // unchanged by the failures
}

TEST(Hypotheses, Moves) {
  bk::Hypotheses a({0.5, 0.5});
  bk::Hypotheses b = std::move(a);
  EXPECT_TRUE(b);
  EXPECT_FALSE(a);  // NOLINT(bugprone-use-after-move)
  EXPECT_BK_ERROR(a.size(), BK_ERR_NULL_POINTER);
  EXPECT_BK_ERROR(a.update({1.0, 2.0}), BK_ERR_NULL_POINTER);
  EXPECT_BK_ERROR(a.posterior(), BK_ERR_NULL_POINTER);
  a = std::move(b);
  EXPECT_EQ(a.size(), 2u);
  bk::Hypotheses c({0.2, 0.3, 0.5});
  c = std::move(a);  // frees c's old handle
  EXPECT_EQ(c.size(), 2u);
  bk_hypotheses *raw = c.release();
  bk_hypotheses_free(raw);
  EXPECT_FALSE(c);
}

TEST(Dirichlet, ResultsEqualTheCApi) {
  bk::Dirichlet d({1.0, 2.0, 3.0});
  d.update({4.0, 0.0, 1.5});
  const double alpha0[] = {1, 2, 3}, counts[] = {4, 0, 1.5};
  bk_dirichlet *c = nullptr;
  ASSERT_EQ(bk_dirichlet_new(alpha0, 3, &c), BK_OK);
  ASSERT_EQ(bk_dirichlet_update(c, counts, 3), BK_OK);

  EXPECT_EQ(d.size(), 3u);
  double ca[3], cm[3], cmo[3];
  ASSERT_EQ(bk_dirichlet_alpha(c, ca, 3), BK_OK);
  ASSERT_EQ(bk_dirichlet_mean(c, cm, 3), BK_OK);
  ASSERT_EQ(bk_dirichlet_mode(c, cmo, 3), BK_OK);
  EXPECT_EQ(d.alpha(), std::vector<double>(ca, ca + 3));
  EXPECT_EQ(d.mean(), std::vector<double>(cm, cm + 3));
  EXPECT_EQ(d.mode(), std::vector<double>(cmo, cmo + 3));
  double v, q, lo, hi, lp, lm;
  ASSERT_EQ(bk_dirichlet_variance(c, 1, &v), BK_OK);
  ASSERT_EQ(bk_dirichlet_quantile(c, 2, 0.3, &q), BK_OK);
  ASSERT_EQ(bk_dirichlet_interval(c, 0, 0.9, &lo, &hi), BK_OK);
  const double future[] = {1, 1, 0};
  ASSERT_EQ(bk_dirichlet_ln_predictive(c, future, 3, &lp), BK_OK);
  ASSERT_EQ(bk_dirichlet_ln_marginal(c, future, 3, &lm), BK_OK);
  EXPECT_EQ(d.variance(1), v);
  EXPECT_EQ(d.quantile(2, 0.3), q);
  EXPECT_EQ(d.interval(0, 0.9).lo, lo);
  EXPECT_EQ(d.interval(0, 0.9).hi, hi);
  EXPECT_EQ(d.ln_predictive(future), lp);
  EXPECT_EQ(d.ln_marginal(future), lm);

  bk::Rng rng(8);
  std::vector<double> draw = d.sample(rng);
  bk_rng *c_rng = nullptr;
  ASSERT_EQ(bk_rng_new(8, &c_rng), BK_OK);
  double cdraw[3];
  ASSERT_EQ(bk_dirichlet_sample(c, c_rng, cdraw, 3), BK_OK);
  bk_rng_free(c_rng);
  bk_dirichlet_free(c);
  EXPECT_EQ(draw, std::vector<double>(cdraw, cdraw + 3));
}

TEST(Dirichlet, ErrorsAndClone) {
  EXPECT_BK_ERROR(bk::Dirichlet({1.0}), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(bk::Dirichlet({1.0, 0.0}), BK_ERR_INVALID_ARGUMENT);
  bk::Dirichlet d({0.5, 2.0});
  EXPECT_BK_ERROR(d.mode(), BK_ERR_INVALID_ARGUMENT);  // needs every α > 1
  EXPECT_BK_ERROR(d.update({1.0, 2.0, 3.0}), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(d.update({1.0, -2.0}), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(d.variance(2), BK_ERR_INVALID_ARGUMENT);
  std::vector<double> wrong(3, -1.0);
  EXPECT_BK_ERROR(d.mean(wrong), BK_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(wrong, std::vector<double>(3, -1.0));
  EXPECT_EQ(d.alpha(), (std::vector<double>{0.5, 2.0}));

  bk::Dirichlet e = d.clone();
  e.update({1.0, 1.0});
  EXPECT_EQ(d.alpha(), (std::vector<double>{0.5, 2.0}));
  EXPECT_EQ(e.alpha(), (std::vector<double>{1.5, 3.0}));
  EXPECT_NE(e.get(), d.get());

  bk::Dirichlet moved = std::move(e);
  EXPECT_BK_ERROR(e.alpha(), BK_ERR_NULL_POINTER);  // NOLINT(bugprone-use-after-move)
  EXPECT_BK_ERROR(e.clone(), BK_ERR_NULL_POINTER);
  EXPECT_EQ(moved.size(), 2u);
  bk::Dirichlet adopted = bk::Dirichlet::adopt(moved.release());
  EXPECT_EQ(adopted.size(), 2u);
}

TEST(Handles, ManyMovesNoLeakNoDoubleFree) {
  // Handles in containers are moved on reallocation; ASan/LSan check the rest.
  std::vector<bk::Dirichlet> ds;
  for (int i = 0; i < 50; i++) ds.emplace_back(std::vector<double>{1.0 + i, 2.0});
  std::vector<bk::Dirichlet> other = std::move(ds);
  other.erase(other.begin(), other.begin() + 10);
  EXPECT_EQ(other.size(), 40u);
  EXPECT_EQ(other.front().alpha()[0], 11.0);
}
