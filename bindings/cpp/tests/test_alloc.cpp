// No allocation added on hot paths: every call that writes into a caller's
// Span (and the value-type updates and queries) makes no C++ allocation.
// Counts global operator new, so it is built without sanitizers; it links the
// static library (bayeskit::static), which also tests that target.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <vector>

#include "bayeskit.hpp"

namespace {
std::atomic<long> g_news{0};
}

void *operator new(std::size_t n) {
  g_news.fetch_add(1, std::memory_order_relaxed);
  if (void *p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void *p) noexcept { std::free(p); }
void operator delete(void *p, std::size_t) noexcept { std::free(p); }

namespace bk = bayeskit;

namespace {
// Allocations made by `f`.
template <class F>
long news_in(F &&f) {
  const long before = g_news.load();
  f();
  return g_news.load() - before;
}
}  // namespace

TEST(NoAllocation, CounterWorks) {
  EXPECT_GE(news_in([] { std::vector<double> v(10); (void)v; }), 1);
}

TEST(NoAllocation, ConjugateHotPaths) {
  bk::Beta b(1, 1);
  bk::Gamma g(1, 1);
  bk::NormalGamma ng(0, 1, 2, 2);
  const double xs[] = {1.0, 2.0};
  double sink = 0;
  EXPECT_EQ(news_in([&] {
              for (int i = 0; i < 100; i++) {
                b.update(1, 2);
                g.update(3, 1.5);
                ng.update(xs);
                sink += b.mean() + b.quantile(0.025) + b.interval(0.9).lo + g.quantile(0.5) +
                        ng.mean_quantile(0.9) + bk::compare(b, bk::Beta(2, 3)).prob_b_greater;
              }
            }),
            0);
  EXPECT_GT(sink, 0);
}

TEST(NoAllocation, BanditChoicesUpdatesAndReportIntoSpans) {
  const bk::Beta prior[] = {bk::Beta(1, 1)};
  bk::Bandit b(prior, 10);
  bk::Rng rng(3, 1);
  bk::BanditReportOptions opts;
  opts.draws(100);
  double p[10], loss[10];
  std::size_t sum = 0;
  EXPECT_EQ(news_in([&] {
              for (std::size_t i = 0; i < 200; i++) {
                sum += b.choose(rng) + b.choose_top_two(rng);
                b.update(i % 10, 1, 4);
              }
              b.discount(0.9);
              sum += b.report(rng, p, loss, opts).best;
            }),
            0);
  EXPECT_GT(sum, 0u);
}

TEST(NoAllocation, ComparisonsIntoCallerBuffers) {
  const bk::Beta arms[] = {bk::Beta(21, 981), bk::Beta(31, 971), bk::Beta(26, 976)};
  const bk::Gamma rates[] = {bk::Gamma(100, 10), bk::Gamma(120, 10)};
  double p[3], q[2];
  std::uint64_t work = 0;
  EXPECT_EQ(news_in([&] {
              for (int i = 0; i < 20; i++) {
                work += bk::prob_best(arms, p).work + bk::prob_best(rates, q).work;
                work += bk::compare_summary(arms[0], arms[1]).method.work;
              }
            }),
            0);
  EXPECT_GT(work, 0u);
  EXPECT_GT(p[1], p[2]);
}

TEST(NoAllocation, DmPriorScoringIntoCallerBuffers) {
  bk::DmPrior prior({0.6, 0.51, 0.92, 2.23, 3.87});
  const std::uint64_t rows[] = {4, 1, 0, 20, 12, 1, 154, 3, 56, 431, 0, 0, 0, 0, 3};
  double mean[5];
  double scores[3];
  EXPECT_EQ(news_in([&] {
              for (int i = 0; i < 100; i++) {
                prior.posterior_mean(bk::Span<const std::uint64_t>(rows, 5), mean);
                (void)prior.interval(bk::Span<const std::uint64_t>(rows + 5, 5), 4, 0.9);
                prior.score_rows(rows, bk::RankBy::mean, 4, 0.9, scores);
              }
            }),
            0);
  EXPECT_GT(scores[2], scores[0]);
}

TEST(NoAllocation, HandlesIntoCallerBuffers) {
  bk::Hypotheses h({0.5, 0.5});
  bk::Dirichlet d({1.0, 2.0, 3.0});
  bk::DmStats s(3);
  bk::Rng rng(1);
  double post[2], mean[3], draws[8];
  const std::uint64_t row[] = {1, 2, 3};
  EXPECT_EQ(news_in([&] {
              for (int i = 0; i < 100; i++) {
                h.update({0.9, 0.1});
                h.posterior(post);
                d.update({1.0, 0.0, 1.0});
                d.mean(mean);
                s.add(row);
                bk::Beta(2, 2).sample(rng, draws);
              }
            }),
            0);
  EXPECT_EQ(s.rows(), 100u);
}

TEST(NoAllocation, LogisticScoringIntoCallerBuffers) {
  const bk::LogisticModel model =
      bk::LogisticModel::train(bk::LogisticData::read_phrases(BAYESKIT_DATA_DIR "/tips.tsv"));
  const bk::LogisticData test =
      bk::LogisticData::read_phrases_for(model, BAYESKIT_DATA_DIR "/tips.tsv");
  const char *const phrases[] = {"great", "long wait", "but", "pizza", "no such phrase"};
  std::uint32_t ids[5];
  for (std::size_t i = 0; i < 5; i++) ids[i] = model.feature_id(phrases[i]);  // builds the table
  const double values[] = {1, 2, 1, 1, 3};
  const std::size_t indptr[] = {0, 2, 5};
  double p[3], lp[3], batch[6], conf[9], prec[3], rec[3];
  double sink = 0;
  EXPECT_EQ(news_in([&] {
              for (int i = 0; i < 100; i++) {
                for (std::size_t j = 0; j < 5; j++) ids[j] = model.feature_id(phrases[j]);
                model.predict_proba(ids, values, p);
                model.predict_log_proba(ids, values, lp);
                model.predict_proba_batch(indptr, ids, values, batch);
                sink += p[2] + lp[0] + batch[5] + static_cast<double>(model.classes());
              }
              // Evaluation: the library works in its own (Rust) heap, the binding in none.
              sink += model.evaluate(test, conf, prec, rec).accuracy + model.evaluate(test).log_loss;
            }),
            0);
  EXPECT_GT(sink, 0);
  EXPECT_EQ(ids[4], bk::LogisticModel::no_feature);
}

TEST(NoAllocation, ConvenienceOverloadsDoAllocate) {
  bk::DmPrior prior({1.0, 1.0});
  EXPECT_GE(news_in([&] { (void)prior.posterior_mean({1, 2}); }), 1);
  const bk::Beta arms[] = {bk::Beta(1, 1), bk::Beta(2, 1)};
  EXPECT_GE(news_in([&] { (void)bk::prob_best(arms); }), 1);
  const bk::LogisticModel model =
      bk::LogisticModel::train(bk::LogisticData::read_phrases(BAYESKIT_DATA_DIR "/tips.tsv"));
  const std::uint32_t ids[] = {0, 1};
  const double values[] = {1, 1};
  EXPECT_GE(news_in([&] { (void)model.predict_proba(ids, values); }), 1);
}

TEST(StaticLibrary, Works) {
  // This executable links libbayeskit.a: the library calls work without the .so.
  EXPECT_STREQ(bk::version(), bk_version());
  EXPECT_EQ(bk::Beta(1, 1).update(3, 1).mean(), 0.6666666666666666);
}
