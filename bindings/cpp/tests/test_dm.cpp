// Dirichlet–multinomial fitting through the binding: DmStats, fit/DmResult,
// DmPrior. Results equal the C API's (and the scipy references of
// tests/c/test_dirichlet_fit.c); failures are Errors with the C status and
// leave statistics and output buffers untouched.
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "common.hpp"

namespace bk = bayeskit;

namespace {

// 30 rows of 3 counts and their maximum-likelihood α (scipy; see tests/c).
const std::vector<std::uint64_t> kRows = {
    0, 17, 0, 5, 1,  0, 5, 6,  11, 2, 13, 8, 1, 8,  3, 0,  11, 6, 1, 17, 3, 6, 4,  0,
    11, 12, 0, 3, 10, 5, 0, 7, 1,  2, 19, 0, 6, 8,  7, 7,  1,  3, 4, 12, 4, 5, 8,  2,
    1, 6,  0, 1, 17, 6, 2, 2,  1,  0, 2,  3, 1, 21, 0, 0,  10, 0, 1, 3,  2, 14, 7, 1,
    4, 2,  16, 6, 16, 0, 3, 1, 1,  1, 7,  0, 2, 3,  0, 0,  14, 0};
const double kAlpha[3] = {0.7998414232347174, 2.0076955687260494, 0.5790908629589014};
const double kSe[3] = {0.2259325548362577, 0.5904703596632834, 0.17838793085177723};
const double kLoglik = -125.38395245192527;

const std::string kVenues = std::string(BAYESKIT_DATA_DIR) + "/venue_ratings.tsv";

bk::DmStats fit_stats() {
  bk::DmStats s(3);
  s.add_rows(kRows, 3);
  return s;
}

// A temporary file, removed at scope exit.
struct TempFile {
  std::string path;
  explicit TempFile(const std::string &text) {
    char tmpl[] = "/tmp/bayeskit_cpp_XXXXXX";
    int fd = mkstemp(tmpl);
    EXPECT_GE(fd, 0);
    close(fd);
    path = tmpl;
    std::ofstream(path) << text;
  }
  ~TempFile() { std::remove(path.c_str()); }
};

}  // namespace

TEST(DmStats, CountsEqualTheCApi) {
  bk::DmStats s(3);
  s.add({1, 2, 3}).add({0, 0, 4}, 2.5);
  s.add_rows({1, 1, 1, 2, 0, 0}, 3, {1.0, 3.0});
  s.add_rows(kRows, 3);

  bk_dm_stats *c = nullptr;
  ASSERT_EQ(bk_dm_stats_new(3, &c), BK_OK);
  const std::uint64_t r1[] = {1, 2, 3}, r2[] = {0, 0, 4}, rr[] = {1, 1, 1, 2, 0, 0};
  const double w[] = {1.0, 3.0};
  ASSERT_EQ(bk_dm_stats_add(c, r1, 3, 1.0), BK_OK);
  ASSERT_EQ(bk_dm_stats_add(c, r2, 3, 2.5), BK_OK);
  ASSERT_EQ(bk_dm_stats_add_rows(c, rr, 2, 3, w), BK_OK);
  ASSERT_EQ(bk_dm_stats_add_rows(c, kRows.data(), 30, 3, nullptr), BK_OK);
  std::uint64_t rows;
  double weight;
  ASSERT_EQ(bk_dm_stats_rows(c, &rows), BK_OK);
  ASSERT_EQ(bk_dm_stats_total_weight(c, &weight), BK_OK);
  size_t len;
  ASSERT_EQ(bk_dm_stats_serialize(c, nullptr, 0, &len), BK_OK);
  std::vector<std::uint8_t> cbytes(len);
  ASSERT_EQ(bk_dm_stats_serialize(c, cbytes.data(), len, &len), BK_OK);
  bk_dm_stats_free(c);

  EXPECT_EQ(s.categories(), 3u);
  EXPECT_EQ(s.rows(), rows);
  EXPECT_EQ(s.rows(), 34u);
  EXPECT_EQ(s.total_weight(), weight);
  EXPECT_EQ(s.serialized_size(), len);
  EXPECT_EQ(s.serialize(), cbytes);
}

TEST(DmStats, ErrorsLeaveStatisticsUnchanged) {
  EXPECT_BK_ERROR(bk::DmStats(1), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(bk::DmStats(BK_MAX_CATEGORIES + 1), BK_ERR_INVALID_ARGUMENT);
  bk::DmStats s = fit_stats();
  const std::vector<std::uint8_t> before = s.serialize();
  EXPECT_BK_ERROR(s.add({1, 2}), BK_ERR_INVALID_ARGUMENT);  // K = 3
  EXPECT_BK_ERROR(s.add({1, 2, 3}, -1.0), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(s.add({1, 2, 3}, NAN), BK_ERR_INVALID_ARGUMENT);
  // All or nothing: row 1 has a bad weight, row 0 is not added either.
  std::string msg =
      EXPECT_BK_ERROR(s.add_rows({1, 1, 1, 2, 2, 2}, 3, {1.0, -1.0}), BK_ERR_INVALID_ARGUMENT);
  EXPECT_NE(msg.find('1'), std::string::npos) << msg;
  // A row total that overflows uint64_t.
  EXPECT_BK_ERROR(s.add({UINT64_MAX, 1, 0}), BK_ERR_INVALID_ARGUMENT);
  // Checks of the binding: ragged rows, weights per row, k = 0.
  EXPECT_BK_ERROR(s.add_rows({1, 1, 1, 2}, 3), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(s.add_rows({1, 1, 1}, 3, {1.0, 1.0}), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(s.add_rows({1, 1, 1}, 0), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(s.merge(bk::DmStats(4)), BK_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(s.serialize(), before);
  EXPECT_EQ(s.rows(), 30u);
}

TEST(DmStats, SerializeMergeClone) {
  bk::DmStats s = fit_stats();
  std::vector<std::uint8_t> bytes = s.serialize();
  bk::DmStats back = bk::DmStats::deserialize(bytes);
  EXPECT_EQ(back.serialize(), bytes);

  // A buffer too small: the C error, and the buffer untouched.
  std::vector<std::uint8_t> small(bytes.size() - 1, 0xAB);
  EXPECT_BK_ERROR(s.serialize(small), BK_ERR_BUFFER_TOO_SMALL);
  EXPECT_TRUE(std::all_of(small.begin(), small.end(), [](std::uint8_t b) { return b == 0xAB; }));
  std::vector<std::uint8_t> exact(bytes.size());
  EXPECT_EQ(s.serialize(exact), bytes.size());
  EXPECT_EQ(exact, bytes);

  // Damaged, truncated and empty bytes.
  std::vector<std::uint8_t> bad = bytes;
  bad[bad.size() / 2] ^= 0x40;
  EXPECT_BK_ERROR(bk::DmStats::deserialize(bad), BK_ERR_CORRUPT);
  EXPECT_BK_ERROR(bk::DmStats::deserialize(bk::Span<const std::uint8_t>(bytes.data(), 10)),
                  BK_ERR_CORRUPT);
  EXPECT_BK_ERROR(bk::DmStats::deserialize({}), BK_ERR_CORRUPT);

  // Two halves merged equal the whole (integer weights: bit-identical).
  bk::DmStats a(3), b(3);
  a.add_rows(bk::Span<const std::uint64_t>(kRows.data(), 45), 3);
  b.add_rows(bk::Span<const std::uint64_t>(kRows.data() + 45, 45), 3);
  a.merge(b);
  EXPECT_EQ(a.serialize(), bytes);
  // Merging a handle into itself counts its rows twice.
  bk::DmStats twice = s.clone();
  twice.merge(twice);
  EXPECT_EQ(twice.rows(), 60u);
  EXPECT_EQ(s.rows(), 30u);  // the clone is independent
}

TEST(DmStats, ReadFile) {
  bk::ReadOptions opts;
  EXPECT_EQ(opts.raw().struct_size, sizeof(bk_dm_read_options));
  EXPECT_EQ(opts.raw().threads, 1u);
  EXPECT_EQ(opts.raw().weight_column, -1);
  opts.header(true).id_column(true).threads(2);
  bk::ReadReport report{};
  bk::DmStats s = bk::DmStats::read_file(kVenues, opts, &report);
  EXPECT_EQ(s.categories(), 5u);
  EXPECT_EQ(s.rows(), 4002u);
  EXPECT_EQ(report.rows, 4002u);
  EXPECT_EQ(report.skipped, 0u);

  // The same through the C API.
  bk_dm_read_options co;
  ASSERT_EQ(bk_dm_read_options_default(&co), BK_OK);
  co.header = 1;
  co.id_column = 1;
  bk_dm_stats *c = nullptr;
  ASSERT_EQ(bk_dm_stats_read_file(kVenues.c_str(), &co, &c, nullptr), BK_OK);
  size_t len;
  ASSERT_EQ(bk_dm_stats_serialize(c, nullptr, 0, &len), BK_OK);
  std::vector<std::uint8_t> cbytes(len);
  ASSERT_EQ(bk_dm_stats_serialize(c, cbytes.data(), len, &len), BK_OK);
  bk_dm_stats_free(c);
  EXPECT_EQ(s.serialize(), cbytes);
}

TEST(DmStats, ReadFileErrors) {
  EXPECT_BK_ERROR(bk::DmStats::read_file("/nonexistent/bayeskit.tsv"), BK_ERR_IO);
  TempFile bad("1\t2\t3\n4\tx\t6\n7\t8\t9\n");
  std::string msg = EXPECT_BK_ERROR(bk::DmStats::read_file(bad.path), BK_ERR_PARSE);
  EXPECT_NE(msg.find(bad.path + ":2"), std::string::npos) << msg;
  bk::ReadReport report{};
  bk::DmStats s = bk::DmStats::read_file(bad.path, bk::ReadOptions().skip_bad(true), &report);
  EXPECT_EQ(report.rows, 2u);
  EXPECT_EQ(report.skipped, 1u);
  EXPECT_EQ(s.rows(), 2u);
  // The skipped row's message: the text the strict read failed with.
  const std::string why = s.first_skipped();
  EXPECT_EQ(why.rfind(bad.path + ":2:", 0), 0u) << why;
  EXPECT_NE(msg.find(why), std::string::npos) << msg << " / " << why;
  bk_dm_stats *c = nullptr;
  bk_dm_read_options co;
  ASSERT_EQ(bk_dm_read_options_default(&co), BK_OK);
  co.skip_bad = 1;
  ASSERT_EQ(bk_dm_stats_read_file(bad.path.c_str(), &co, &c, nullptr), BK_OK);
  EXPECT_EQ(bk::DmStats::adopt(c).first_skipped(), why);
  EXPECT_EQ(bk::DmStats(3).first_skipped(), "");
  EXPECT_EQ(bk::DmStats::read_file(kVenues, bk::ReadOptions().header(true).id_column(true)).first_skipped(), "");
  EXPECT_BK_ERROR(bk::DmStats::read_file(bad.path, bk::ReadOptions().threads(0)),
                  BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(bk::DmStats::read_file(bad.path, bk::ReadOptions().sample_rate(0)),
                  BK_ERR_INVALID_ARGUMENT);
  TempFile empty("");
  EXPECT_BK_ERROR(bk::DmStats::read_file(empty.path), BK_ERR_PARSE);
  TempFile weighted("a,1,2,0.5\nb,3,4,2\n");
  bk::DmStats w = bk::DmStats::read_file(
      weighted.path, bk::ReadOptions().delimiter(',').id_column(true).weight_column(3));
  EXPECT_EQ(w.total_weight(), 2.5);
}

TEST(Fit, EqualsTheCApiAndTheReference) {
  bk::DmStats s = fit_stats();
  bk::DmResult f = bk::fit(s);
  EXPECT_EQ(f.outcome(), bk::Outcome::converged);
  EXPECT_EQ(f.categories(), 3u);

  bk_dm_result *c = nullptr;
  ASSERT_EQ(bk_dm_fit(s.get(), nullptr, &c), BK_OK);
  bk_dm_fit_summary cs{};
  cs.struct_size = sizeof cs;
  ASSERT_EQ(bk_dm_result_summary(c, &cs), BK_OK);
  double ca[3], cm[3], cse[3];
  std::uint8_t cd[3];
  ASSERT_EQ(bk_dm_result_alpha(c, ca, 3), BK_OK);
  ASSERT_EQ(bk_dm_result_mean(c, cm, 3), BK_OK);
  ASSERT_EQ(bk_dm_result_std_errors(c, cse, 3), BK_OK);
  ASSERT_EQ(bk_dm_result_dropped(c, cd, 3), BK_OK);
  bk_dm_result_free(c);

  bk::FitSummary sum = f.summary();
  EXPECT_EQ(sum.outcome, cs.outcome);
  EXPECT_EQ(sum.alpha_sum, cs.alpha_sum);
  EXPECT_EQ(sum.loglik, cs.loglik);
  EXPECT_EQ(sum.lr_pvalue, cs.lr_pvalue);
  EXPECT_EQ(sum.aic, cs.aic);
  EXPECT_EQ(sum.iterations, cs.iterations);
  EXPECT_EQ(f.alpha(), std::vector<double>(ca, ca + 3));
  EXPECT_EQ(f.mean(), std::vector<double>(cm, cm + 3));
  EXPECT_EQ(f.std_errors(), std::vector<double>(cse, cse + 3));
  EXPECT_EQ(f.dropped(), std::vector<bool>(3, false));
  for (std::size_t k = 0; k < 3; k++) {
    EXPECT_NEAR(f.alpha()[k], kAlpha[k], 1e-7 * kAlpha[k]);
    EXPECT_NEAR(f.std_errors()[k], kSe[k], 1e-6 * kSe[k]);
  }
  EXPECT_NEAR(sum.loglik, kLoglik, 1e-9 * std::fabs(kLoglik));

  // The statistics may go; the result does not refer to them.
  { bk::DmStats gone = std::move(s); }
  double a[3];
  f.alpha(a);
  EXPECT_EQ(a[1], ca[1]);
  std::vector<double> wrong(2);
  EXPECT_BK_ERROR(f.alpha(wrong), BK_ERR_INVALID_ARGUMENT);
}

TEST(Fit, OptionsAndErrors) {
  bk::FitOptions o;
  EXPECT_EQ(o.raw().struct_size, sizeof(bk_dm_fit_options));
  EXPECT_EQ(o.raw().max_iter, 200u);
  bk::DmStats s = fit_stats();
  EXPECT_BK_ERROR(bk::fit(s, bk::FitOptions().tol(0)), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(bk::fit(s, bk::FitOptions().max_iter(0)), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(bk::fit(s, bk::FitOptions().hyperprior(-1)), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(bk::fit(bk::DmStats(3)), BK_ERR_INVALID_ARGUMENT);  // no rows
  bk::DmResult one = bk::fit(s, bk::FitOptions().max_iter(1).tol(1e-12));
  EXPECT_EQ(one.outcome(), bk::Outcome::not_converged);
  EXPECT_BK_ERROR(one.prior(), BK_ERR_INVALID_ARGUMENT);

  // A category without counts: an error, unless dropped or a hyperprior is given.
  bk::DmStats gap(3);
  gap.add_rows({1, 0, 3, 4, 0, 1, 2, 0, 2, 0, 0, 5}, 3);
  std::string msg = EXPECT_BK_ERROR(bk::fit(gap), BK_ERR_INVALID_ARGUMENT);
  bk::DmResult dropped = bk::fit(gap, bk::FitOptions().drop_empty(true));
  EXPECT_EQ(dropped.dropped(), (std::vector<bool>{false, true, false}));
  EXPECT_EQ(dropped.alpha()[1], 0.0);
  EXPECT_BK_ERROR(dropped.prior(), BK_ERR_INVALID_ARGUMENT);  // α = 0 makes no prior
  bk::DmResult hyper = bk::fit(gap, bk::FitOptions().hyperprior(1.0));
  EXPECT_GT(hyper.alpha()[1], 0.0);
}

TEST(Fit, DegenerateOutcomes) {
  bk::DmStats same(3);
  for (int i = 0; i < 10; i++) same.add({2, 2, 2});
  bk::DmResult f = bk::fit(same);
  EXPECT_EQ(f.outcome(), bk::Outcome::no_overdispersion);
  EXPECT_TRUE(std::isinf(f.summary().alpha_sum));
  EXPECT_BK_ERROR(f.prior(), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(bk::DmPrior(f.alpha()), BK_ERR_INVALID_ARGUMENT);  // +inf

  bk::DmStats ones(3);
  ones.add_rows({1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0}, 3);
  bk::DmResult g = bk::fit(ones);
  EXPECT_EQ(g.outcome(), bk::Outcome::not_identifiable);
  EXPECT_TRUE(std::isnan(g.alpha()[0]));
  EXPECT_EQ(g.mean()[0], 0.5);
}

TEST(Fit, Moves) {
  bk::DmResult f = bk::fit(fit_stats());
  bk::DmResult g = std::move(f);
  EXPECT_FALSE(f);  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(f.categories(), 0u);
  EXPECT_BK_ERROR(f.summary(), BK_ERR_NULL_POINTER);
  EXPECT_EQ(g.categories(), 3u);
  bk::DmResult h = bk::fit(fit_stats());
  h = std::move(g);  // frees h's old result
  EXPECT_EQ(h.outcome(), bk::Outcome::converged);

  bk::DmStats s = fit_stats();
  bk::DmStats t = std::move(s);
  EXPECT_BK_ERROR(s.rows(), BK_ERR_NULL_POINTER);  // NOLINT(bugprone-use-after-move)
  EXPECT_BK_ERROR(s.first_skipped(), BK_ERR_NULL_POINTER);
  EXPECT_BK_ERROR(bk::fit(s), BK_ERR_NULL_POINTER);
  EXPECT_BK_ERROR(t.merge(s), BK_ERR_NULL_POINTER);
  EXPECT_EQ(t.rows(), 30u);
  bk::DmStats adopted = bk::DmStats::adopt(t.release());
  EXPECT_EQ(adopted.rows(), 30u);
}

TEST(DmPrior, ResultsEqualTheCApi) {
  const std::vector<double> alpha{1.5, 6, 2.5};
  bk::DmPrior p(alpha);
  EXPECT_EQ(p.categories(), 3u);
  bk_dm_prior *c = nullptr;
  ASSERT_EQ(bk_dm_prior_new(alpha.data(), 3, &c), BK_OK);

  const std::uint64_t row[] = {5, 1, 0};
  double cm[3], lo, hi;
  ASSERT_EQ(bk_dm_prior_posterior_mean(c, row, 3, cm), BK_OK);
  ASSERT_EQ(bk_dm_prior_interval(c, row, 3, 0, 0.9, &lo, &hi), BK_OK);
  EXPECT_EQ(p.posterior_mean(row), std::vector<double>(cm, cm + 3));
  std::array<double, 3> into{};
  p.posterior_mean(row, into);
  EXPECT_EQ(into[2], cm[2]);
  EXPECT_EQ(p.interval(row, 0, 0.9).lo, lo);
  EXPECT_EQ(p.interval(row, 0, 0.9).hi, hi);

  for (bk::RankBy by : {bk::RankBy::mean, bk::RankBy::lower}) {
    std::vector<double> cs(30);
    ASSERT_EQ(bk_dm_prior_score_rows(c, kRows.data(), 30, 3, static_cast<bk_dm_rank_by>(by), 1,
                                     0.95, cs.data()),
              BK_OK);
    EXPECT_EQ(p.score_rows(kRows, by, 1, 0.95), cs);
    std::vector<double> mine(30);
    p.score_rows(kRows, by, 1, 0.95, mine);
    EXPECT_EQ(mine, cs);
  }
  // Batched intervals: bit for bit the C call, and the single-row intervals.
  std::vector<double> clo(90), chi(90), lower(90), upper(90);
  ASSERT_EQ(bk_dm_prior_intervals(c, kRows.data(), 30, 3, 0.9, clo.data(), chi.data()), BK_OK);
  p.intervals(kRows, 0.9, lower, upper);
  EXPECT_EQ(lower, clo);
  EXPECT_EQ(upper, chi);
  const std::vector<bk::Interval> all = p.intervals(kRows, 0.9);
  ASSERT_EQ(all.size(), 90u);
  for (std::size_t i = 0; i < 90; i++) {
    const bk::Interval one = p.interval(bk::Span<const std::uint64_t>(kRows.data() + i / 3 * 3, 3),
                                        i % 3, 0.9);
    EXPECT_EQ(all[i].lo, one.lo) << i;
    EXPECT_EQ(all[i].hi, one.hi) << i;
  }
  EXPECT_TRUE(p.intervals({}, 0.9).empty());
  bk_dm_prior_free(c);

  // A fit's prior is the prior of its α.
  bk::DmResult f = bk::fit(fit_stats());
  bk::DmPrior q = f.prior();
  bk::DmPrior r(f.alpha());
  EXPECT_EQ(q.posterior_mean(row), r.posterior_mean(row));
}

TEST(DmPrior, ErrorsLeaveOutputsUntouched) {
  EXPECT_BK_ERROR(bk::DmPrior({1.0}), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(bk::DmPrior({1.0, 0.0}), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(bk::DmPrior({1.0, NAN}), BK_ERR_INVALID_ARGUMENT);
  bk::DmPrior p({1.0, 2.0, 3.0});
  std::vector<double> out(3, -7.0);
  EXPECT_BK_ERROR(p.posterior_mean({1, 2}, out), BK_ERR_INVALID_ARGUMENT);      // binding
  EXPECT_BK_ERROR(p.posterior_mean({1, 2, 3, 4}, out), BK_ERR_INVALID_ARGUMENT);  // binding
  EXPECT_BK_ERROR(p.posterior_mean({1, 2}), BK_ERR_INVALID_ARGUMENT);           // C: K = 3
  EXPECT_BK_ERROR(p.interval({1, 2, 3}, 3, 0.9), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(p.interval({1, 2, 3}, 0, 1.0), BK_ERR_INVALID_ARGUMENT);
  std::vector<double> scores(30, -7.0);
  EXPECT_BK_ERROR(p.score_rows(kRows, bk::RankBy::lower, 0, 0.0, scores),
                  BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(p.score_rows(kRows, bk::RankBy::mean, 3, 0.9, scores),
                  BK_ERR_INVALID_ARGUMENT);
  const std::string by = EXPECT_BK_ERROR(
      p.score_rows(kRows, static_cast<bk::RankBy>(7), 0, 0.9, scores), BK_ERR_INVALID_ARGUMENT);
  EXPECT_NE(by.find("by must be mean or lower (got 7)"), std::string::npos) << by;
  bktest::expect_no_c_names(by);
  std::vector<double> few(29);
  EXPECT_BK_ERROR(p.score_rows(kRows, bk::RankBy::mean, 0, 0.9, few), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(p.score_rows({1, 2, 3, 4}, bk::RankBy::mean, 0), BK_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(out, std::vector<double>(3, -7.0));
  EXPECT_EQ(scores, std::vector<double>(30, -7.0));
  EXPECT_TRUE(p.score_rows({}, bk::RankBy::mean, 0).empty());
  std::vector<double> lower(90, -7.0), upper(90, -7.0);
  EXPECT_BK_ERROR(p.intervals(kRows, 1.0, lower, upper), BK_ERR_INVALID_ARGUMENT);  // C: level
  EXPECT_BK_ERROR(p.intervals(kRows, 0.9, few, upper), BK_ERR_INVALID_ARGUMENT);    // binding
  EXPECT_BK_ERROR(p.intervals(kRows, 0.9, lower, few), BK_ERR_INVALID_ARGUMENT);    // binding
  EXPECT_BK_ERROR(p.intervals({1, 2, 3, 4}, 0.9), BK_ERR_INVALID_ARGUMENT);         // binding
  const std::string msg = EXPECT_BK_ERROR(p.intervals(kRows, 0.9, lower, lower), BK_ERR_INVALID_ARGUMENT);
  EXPECT_NE(msg.find("overlap"), std::string::npos) << msg;  // C
  EXPECT_EQ(lower, std::vector<double>(90, -7.0));
  EXPECT_EQ(upper, std::vector<double>(90, -7.0));
}

TEST(DmPrior, MovesAndUseAfterMove) {
  bk::DmPrior p({1.0, 2.0});
  bk::DmPrior q = std::move(p);
  EXPECT_FALSE(p);  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(p.categories(), 0u);
  EXPECT_EQ(q.categories(), 2u);
  const std::uint64_t row[] = {1, 1};
  EXPECT_BK_ERROR(p.posterior_mean(row), BK_ERR_NULL_POINTER);
  EXPECT_BK_ERROR(p.interval(row, 0, 0.9), BK_ERR_NULL_POINTER);
  EXPECT_BK_ERROR(p.score_rows(row, bk::RankBy::mean, 0), BK_ERR_NULL_POINTER);
  EXPECT_BK_ERROR(p.intervals(row, 0.9), BK_ERR_NULL_POINTER);
  bk::DmPrior r({5.0, 5.0, 5.0});
  r = std::move(q);  // frees r's old prior
  EXPECT_EQ(r.categories(), 2u);
  EXPECT_EQ(r.posterior_mean(row)[0], 0.4);
}

TEST(DmPrior, SharedAcrossThreads) {
  // DmPrior is immutable: concurrent scoring equals sequential scoring.
  const bk::DmPrior p(bk::fit(fit_stats()).alpha());
  const std::vector<double> want = p.score_rows(kRows, bk::RankBy::lower, 1, 0.9);
  std::vector<std::vector<double>> got(4, std::vector<double>(30));
  std::vector<std::thread> threads;
  for (auto &g : got)
    threads.emplace_back([&p, &g] {
      for (int rep = 0; rep < 50; rep++) p.score_rows(kRows, bk::RankBy::lower, 1, 0.9, g);
    });
  for (auto &t : threads) t.join();
  for (const auto &g : got) EXPECT_EQ(g, want);
}

TEST(Errors, AreThreadLocal) {
  // The message of a failure on another thread does not leak into this one's Error.
  std::string here = EXPECT_BK_ERROR(bk::Beta(-1, 1), BK_ERR_INVALID_ARGUMENT);
  std::string there;
  std::thread t([&] {
    there = EXPECT_BK_ERROR(bk::DmStats::read_file("/nonexistent/x.tsv"), BK_ERR_IO);
  });
  t.join();
  EXPECT_NE(here, there);
  EXPECT_EQ(bk::last_error_message(), here);
}
