// The uncertainty of logistic models through the binding: Laplace
// covariances, moderated and Monte Carlo predictives, and LogisticPath with
// cross-validation. Results equal the C API's bit for bit; failures are
// Errors with the C status and leave outputs untouched.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <numeric>
#include <type_traits>
#include <utility>
#include <vector>

#include "common.hpp"

namespace bk = bayeskit;
using bktest::Csr;
using bktest::synthetic;

static_assert(!std::is_copy_constructible<bk::LogisticPath>::value, "LogisticPath is move-only");
static_assert(std::is_nothrow_move_constructible<bk::LogisticPath>::value, "");
static_assert(sizeof(bk::LogisticPath) == sizeof(void *), "LogisticPath is one pointer");
static_assert(std::is_same<bk::LogisticStep, bk_logistic_step>::value, "the C struct");
static_assert(std::is_same<bk::LogisticCvSummary, bk_logistic_cv_summary>::value, "the C struct");
static_assert(static_cast<std::uint32_t>(bk::Laplace::full) == BK_LAPLACE_FULL, "");
static_assert(static_cast<std::uint32_t>(bk::CvChoice::one_se) == BK_CV_ONE_SE, "");

namespace {

constexpr std::size_t K = 3;

bk::LogisticData data() {
  static const Csr d = synthetic(150);
  return bk::LogisticData::from_csr(d.indptr, d.indices, d.values, 10, d.labels, 3);
}

bk::LogisticModel train(bk::Laplace laplace) {
  return bk::LogisticModel::train(data(), bk::LogisticTrainOptions().lambda(0.01).laplace(laplace));
}

bool same_bits(const std::vector<double> &a, const std::vector<double> &b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

const std::vector<std::uint32_t> kIds{0, 4, 9, 2};
const std::vector<double> kValues{1.5, 1.0, 0.25, -0.5};

}  // namespace

TEST(LogisticUncertainty, OptionsDefaultsAreTheCApis) {
  bk_logistic_mc_options mc;
  ASSERT_EQ(bk_logistic_mc_options_default(&mc), BK_OK);
  EXPECT_EQ(bk::LogisticMcOptions().raw().draws, mc.draws);
  EXPECT_EQ(bk::LogisticMcOptions().raw().level, mc.level);
  bk_logistic_path_options po;
  ASSERT_EQ(bk_logistic_path_options_default(&po), BK_OK);
  const auto o = bk::LogisticPathOptions().raw();
  EXPECT_EQ(o.struct_size, po.struct_size);
  EXPECT_EQ(o.n_lambdas, po.n_lambdas);
  EXPECT_EQ(o.min_ratio, po.min_ratio);
  EXPECT_EQ(o.lambdas, nullptr);
  EXPECT_EQ(o.n_values, 0u);
  EXPECT_EQ(o.folds, 0u);
  EXPECT_EQ(o.choice, BK_CV_MIN);
  EXPECT_EQ(bk::LogisticTrainOptions().laplace(bk::Laplace::full).raw().laplace, BK_LAPLACE_FULL);
  const std::vector<double> l{0.1, 0.01};
  // raw() points into the options object, which must outlive it.
  const auto eo = bk::LogisticPathOptions().lambdas(l).folds(4).seed(9).choice(bk::CvChoice::one_se);
  const auto e = eo.raw();
  EXPECT_EQ(e.n_values, 2u);
  EXPECT_EQ(e.lambdas[1], 0.01);
  EXPECT_EQ(e.folds, 4u);
  EXPECT_EQ(e.seed, 9u);
  EXPECT_EQ(e.choice, BK_CV_ONE_SE);
}

TEST(LogisticUncertainty, LaplaceAndCovariancesEqualTheCApi) {
  const auto d = data();
  const auto plain = train(bk::Laplace::none);
  EXPECT_EQ(plain.laplace_method(), bk::Laplace::none);
  EXPECT_BK_ERROR(plain.covariance(0), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(plain.intercept_covariance(), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(plain.predict_moderated(kIds, kValues), BK_ERR_INVALID_ARGUMENT);

  for (auto method : {bk::Laplace::blocks, bk::Laplace::full}) {
    const auto m = plain.laplace(d, method);
    EXPECT_EQ(m.laplace_method(), method);
    bk_logistic_model *c = nullptr;
    ASSERT_EQ(bk_logistic_laplace(plain.get(), d.get(), static_cast<std::uint32_t>(method), nullptr,
                                  0, &c),
              BK_OK);
    ASSERT_EQ(m.packed_len(), 6u);
    for (std::uint32_t j = 0; j < 10; j++) {
      std::vector<double> want(6);
      ASSERT_EQ(bk_logistic_model_covariance(c, j, want.data(), want.size()), BK_OK);
      EXPECT_TRUE(same_bits(m.covariance(j), want));
    }
    std::vector<double> want(6);
    ASSERT_EQ(bk_logistic_model_intercept_covariance(c, want.data(), want.size()), BK_OK);
    EXPECT_TRUE(same_bits(m.intercept_covariance(), want));
    bk_logistic_model_free(c);
  }
  // Trained with covariances = laplace() afterwards.
  EXPECT_TRUE(same_bits(train(bk::Laplace::blocks).covariance(0),
                        plain.laplace(d).covariance(0)));
  // Class weights.
  const std::vector<double> cw{1.0, 2.0, 1.0};
  EXPECT_FALSE(same_bits(plain.laplace(d, bk::Laplace::blocks, cw).covariance(0),
                         plain.laplace(d).covariance(0)));

  // Errors leave outputs untouched.
  const auto m = plain.laplace(d);
  std::vector<double> out(6, -7.0), small(5, -7.0);
  EXPECT_BK_ERROR(m.covariance(0, small), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(m.covariance(10, out), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(m.intercept_covariance(small), BK_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(out, std::vector<double>(6, -7.0));
  EXPECT_EQ(small, std::vector<double>(5, -7.0));
  const std::string none = EXPECT_BK_ERROR(plain.laplace(d, bk::Laplace::none), BK_ERR_INVALID_ARGUMENT);
  EXPECT_NE(none.find("method must be blocks or full (got none"), std::string::npos) << none;
  bktest::expect_no_c_names(none);
  const std::string seven = EXPECT_BK_ERROR(
      bk::LogisticModel::train(d, bk::LogisticTrainOptions().laplace(static_cast<bk::Laplace>(7))),
      BK_ERR_INVALID_ARGUMENT);
  EXPECT_NE(seven.find("laplace must be none, blocks or full (got 7)"), std::string::npos) << seven;
  bktest::expect_no_c_names(seven);
  EXPECT_BK_ERROR(plain.laplace(d, bk::Laplace::blocks, std::vector<double>{1.0, 2.0}),
                  BK_ERR_INVALID_ARGUMENT);
  // Save and load keep them.
  const auto back = bk::LogisticModel::from_bytes(m.to_bytes());
  EXPECT_EQ(back.laplace_method(), bk::Laplace::blocks);
  EXPECT_TRUE(same_bits(back.covariance(3), m.covariance(3)));
}

TEST(LogisticUncertainty, WithoutCovariancesIsTheModelTrainedWithoutThem) {
  const auto plain = train(bk::Laplace::none);
  for (auto method : {bk::Laplace::blocks, bk::Laplace::full}) {
    const auto m = train(method);
    const auto stripped = m.without_covariances();
    EXPECT_EQ(stripped.laplace_method(), bk::Laplace::none);
    EXPECT_EQ(m.laplace_method(), method);  // unchanged
    EXPECT_EQ(stripped.to_bytes(), plain.to_bytes());
    EXPECT_LT(stripped.serialized_size(), m.serialized_size());
    EXPECT_TRUE(same_bits(stripped.predict_proba(kIds, kValues), m.predict_proba(kIds, kValues)));
    EXPECT_BK_ERROR(stripped.covariance(0), BK_ERR_INVALID_ARGUMENT);
    bk_logistic_model *c = nullptr;
    ASSERT_EQ(bk_logistic_model_without_covariances(m.get(), &c), BK_OK);
    EXPECT_EQ(bk::LogisticModel::adopt(c).to_bytes(), stripped.to_bytes());
  }
  EXPECT_EQ(plain.without_covariances().to_bytes(), plain.to_bytes());
  bk::LogisticModel moved = train(bk::Laplace::blocks);
  bk::LogisticModel other = std::move(moved);
  EXPECT_BK_ERROR(moved.without_covariances(), BK_ERR_NULL_POINTER);  // NOLINT(bugprone-use-after-move)
}

TEST(LogisticUncertainty, ModeratedEqualsTheCApi) {
  const auto m = train(bk::Laplace::blocks);
  std::vector<double> p(K), v(K), cp(K), cv(K);
  m.predict_moderated(kIds, kValues, p, v);
  ASSERT_EQ(bk_logistic_model_predict_moderated(m.get(), kIds.data(), kValues.data(), kIds.size(),
                                                cp.data(), cv.data(), K),
            BK_OK);
  EXPECT_TRUE(same_bits(p, cp));
  EXPECT_TRUE(same_bits(v, cv));
  EXPECT_TRUE(same_bits(m.predict_moderated(kIds, kValues), p));
  EXPECT_NEAR(std::accumulate(p.begin(), p.end(), 0.0), 1.0, 1e-12);
  const auto point = m.predict_proba(kIds, kValues);
  EXPECT_LT(*std::max_element(p.begin(), p.end()), *std::max_element(point.begin(), point.end()));

  // Batch: the same row twice, with and without the variances.
  const std::vector<std::size_t> indptr{0, 4, 8};
  std::vector<std::uint32_t> ids(kIds);
  ids.insert(ids.end(), kIds.begin(), kIds.end());
  std::vector<double> vals(kValues);
  vals.insert(vals.end(), kValues.begin(), kValues.end());
  std::vector<double> bp(2 * K), bv(2 * K), bp2(2 * K);
  m.predict_moderated_batch(indptr, ids, vals, bp, bv);
  m.predict_moderated_batch(indptr, ids, vals, bp2);
  EXPECT_TRUE(same_bits(bp, bp2));
  EXPECT_TRUE(same_bits(std::vector<double>(bp.begin() + K, bp.end()), p));
  EXPECT_TRUE(same_bits(std::vector<double>(bv.begin(), bv.begin() + K), v));

  // Size errors found by the binding, and by the library.
  std::vector<double> short_out(2, -7.0);
  EXPECT_BK_ERROR(m.predict_moderated(kIds, kValues, p, short_out), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(m.predict_moderated(kIds, kValues, short_out, short_out), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(m.predict_moderated_batch(indptr, ids, vals, short_out), BK_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(short_out, std::vector<double>(2, -7.0));
}

TEST(LogisticUncertainty, MonteCarloReproducesWithASeed) {
  const auto m = train(bk::Laplace::full);
  const auto opts = bk::LogisticMcOptions().draws(500).level(0.8);
  bk::Rng a(42), b(42), c(43);
  const auto ra = m.predict_mc(kIds, kValues, a, opts);
  const auto rb = m.predict_mc(kIds, kValues, b, opts);
  const auto rc = m.predict_mc(kIds, kValues, c, opts);
  EXPECT_TRUE(same_bits(ra.mean, rb.mean) && same_bits(ra.lower, rb.lower) &&
              same_bits(ra.upper, rb.upper));
  EXPECT_FALSE(same_bits(ra.mean, rc.mean));
  for (std::size_t k = 0; k < K; k++) {
    EXPECT_LE(ra.lower[k], ra.mean[k]);
    EXPECT_LE(ra.mean[k], ra.upper[k]);
  }
  // The same as the C API with the same seed.
  bk_rng *raw = nullptr;
  ASSERT_EQ(bk_rng_new(42, &raw), BK_OK);
  const std::size_t n = bk::LogisticModel::mc_scratch_size(K, 500);
  std::size_t cn = 0;
  ASSERT_EQ(bk_logistic_mc_scratch_size(K, 500, &cn), BK_OK);
  EXPECT_EQ(n, cn);
  EXPECT_EQ(bk::LogisticModel::mc_scratch_len(K, 500), n);  // deprecated, the same
  std::vector<double> scratch(n), mean(K), lo(K), hi(K);
  ASSERT_EQ(bk_logistic_model_predict_mc(m.get(), kIds.data(), kValues.data(), kIds.size(), raw,
                                         &opts.raw(), scratch.data(), n, mean.data(), lo.data(),
                                         hi.data(), K),
            BK_OK);
  bk_rng_free(raw);
  EXPECT_TRUE(same_bits(mean, ra.mean) && same_bits(lo, ra.lower) && same_bits(hi, ra.upper));
  // The allocation-free overload.
  bk::Rng d(42);
  std::vector<double> mean2(K), lo2(K), hi2(K);
  m.predict_mc(kIds, kValues, d, opts, scratch, mean2, lo2, hi2);
  EXPECT_TRUE(same_bits(mean2, ra.mean));
  // A larger scratch: the same result, the doubles past the size needed untouched.
  bk::Rng d2(42);
  std::vector<double> big(n + 5, -7.0), mean3(K);
  m.predict_mc(kIds, kValues, d2, opts, big, mean3, lo2, hi2);
  EXPECT_TRUE(same_bits(mean3, ra.mean));
  EXPECT_EQ(std::vector<double>(big.begin() + static_cast<std::ptrdiff_t>(n), big.end()),
            std::vector<double>(5, -7.0));
  // Bad sizes are errors with the library's message, not a length of 0.
  const std::string msg = EXPECT_BK_ERROR(bk::LogisticModel::mc_scratch_size(K, 1), BK_ERR_INVALID_ARGUMENT);
  EXPECT_NE(msg.find("draws must be in 2..=10000000, got 1"), std::string::npos) << msg;
  EXPECT_BK_ERROR(bk::LogisticModel::mc_scratch_size(1, 500), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(bk::LogisticModel::mc_scratch_size(K, BK_MAX_MC_DRAWS + 1), BK_ERR_INVALID_ARGUMENT);

  // Errors: outputs untouched; a moved-from generator is refused.
  std::vector<double> out(K, -7.0), short_scratch(n - 1);
  EXPECT_BK_ERROR(m.predict_mc(kIds, kValues, d, opts, short_scratch, out, lo2, hi2),
                  BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(m.predict_mc(kIds, kValues, d, bk::LogisticMcOptions().draws(1)),
                  BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(m.predict_mc(kIds, kValues, d, bk::LogisticMcOptions().draws(BK_MAX_MC_DRAWS + 1)),
                  BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(m.predict_mc(kIds, kValues, d, bk::LogisticMcOptions().level(1.0)),
                  BK_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(out, std::vector<double>(K, -7.0));
  bk::Rng moved = std::move(d);
  EXPECT_BK_ERROR(m.predict_mc(kIds, kValues, d, opts), BK_ERR_NULL_POINTER);
  EXPECT_BK_ERROR(train(bk::Laplace::none).predict_mc(kIds, kValues, moved, opts),
                  BK_ERR_INVALID_ARGUMENT);
}

TEST(LogisticPath, GridAndExplicitValues) {
  const auto d = data();
  const auto train_opts = bk::LogisticTrainOptions().laplace(bk::Laplace::none);
  const auto p = bk::LogisticPath::fit(
      d, train_opts, bk::LogisticPathOptions().n_lambdas(5).min_ratio(0.01).early_stop(false));
  ASSERT_EQ(p.size(), 5u);
  EXPECT_FALSE(p.stopped_early());
  EXPECT_EQ(p.step(0).lambda, p.lambda_max());
  EXPECT_EQ(p.step(0).nnz, 0u);
  EXPECT_GT(p.step(1).nnz, 0u);
  EXPECT_TRUE(std::isnan(p.step(1).cv_mean));
  for (std::size_t i = 0; i < p.size(); i++) {
    const auto m = p.model(i);
    EXPECT_EQ(m.info().lambda, p.step(i).lambda);
    EXPECT_EQ(m.nnz(), p.step(i).nnz);
  }
  EXPECT_BK_ERROR(p.step(5), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(p.model(5), BK_ERR_INVALID_ARGUMENT);
  EXPECT_FALSE(p.has_cv());
  std::uint8_t c_has_cv = 7;
  ASSERT_EQ(bk_logistic_path_has_cv(p.get(), &c_has_cv), BK_OK);
  EXPECT_EQ(c_has_cv, 0u);
  const std::string no_cv = EXPECT_BK_ERROR(p.cv(), BK_ERR_INVALID_ARGUMENT);
  EXPECT_NE(no_cv.find("fitted without cross-validation (folds = 0)"), std::string::npos) << no_cv;
  bktest::expect_no_c_names(no_cv);
  EXPECT_BK_ERROR(p.chosen_model(), BK_ERR_INVALID_ARGUMENT);

  const std::vector<double> l{0.2, 0.02, 0.002};
  const auto e = bk::LogisticPath::fit(d, train_opts, bk::LogisticPathOptions().lambdas(l));
  ASSERT_EQ(e.size(), 3u);
  for (std::size_t i = 0; i < 3; i++) EXPECT_EQ(e.step(i).lambda, l[i]);
  EXPECT_BK_ERROR(bk::LogisticPath::fit(d, train_opts,
                                        bk::LogisticPathOptions().lambdas(std::vector<double>{0.01, 0.1})),
                  BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(bk::LogisticPath::fit(d, train_opts, bk::LogisticPathOptions().n_lambdas(1)),
                  BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(bk::LogisticPath::fit(d, train_opts, bk::LogisticPathOptions().folds(1)),
                  BK_ERR_INVALID_ARGUMENT);
  const std::string choice = EXPECT_BK_ERROR(
      bk::LogisticPath::fit(d, train_opts,
                            bk::LogisticPathOptions().folds(2).choice(static_cast<bk::CvChoice>(5))),
      BK_ERR_INVALID_ARGUMENT);
  EXPECT_NE(choice.find("choice must be min or one_se (got 5)"), std::string::npos) << choice;
  bktest::expect_no_c_names(choice);
  const std::vector<double> cw{1.0, 2.0, 1.0};
  const auto w = bk::LogisticPath::fit_weighted(d, cw, train_opts, bk::LogisticPathOptions().lambdas(l));
  EXPECT_NE(w.step(1).loss, e.step(1).loss);
  EXPECT_BK_ERROR(bk::LogisticPath::fit_weighted(d, std::vector<double>{1.0}, train_opts),
                  BK_ERR_INVALID_ARGUMENT);
}

TEST(LogisticPath, CrossValidationChoosesAPathModel) {
  const auto d = data();
  auto p = bk::LogisticPath::fit(
      d, bk::LogisticTrainOptions(),
      bk::LogisticPathOptions().n_lambdas(5).early_stop(false).folds(3).seed(5));
  EXPECT_TRUE(p.has_cv());
  const auto cv = p.cv();
  EXPECT_EQ(cv.folds, 3u);
  EXPECT_EQ(cv.seed, 5u);
  EXPECT_EQ(cv.chosen, cv.best);
  const auto s = p.step(cv.chosen);
  const auto folds = p.cv_folds(cv.chosen);
  ASSERT_EQ(folds.size(), 3u);
  EXPECT_NEAR((folds[0] + folds[1] + folds[2]) / 3.0, s.cv_mean, 1e-12);
  const auto chosen = p.chosen_model();
  EXPECT_EQ(chosen.info().lambda, s.lambda);
  EXPECT_EQ(chosen.laplace_method(), bk::Laplace::blocks);
  EXPECT_TRUE(same_bits(chosen.predict_proba(kIds, kValues), p.model(cv.chosen).predict_proba(kIds, kValues)));

  // Moves; a moved-from path throws instead of crashing.
  bk::LogisticPath q = std::move(p);
  EXPECT_FALSE(static_cast<bool>(p));
  EXPECT_TRUE(static_cast<bool>(q));
  EXPECT_BK_ERROR(p.size(), BK_ERR_NULL_POINTER);
  EXPECT_BK_ERROR(p.has_cv(), BK_ERR_NULL_POINTER);
  EXPECT_EQ(q.cv().chosen, cv.chosen);
}
