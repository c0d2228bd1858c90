// Sparse logistic regression through the binding: LogisticData and
// LogisticModel. Results equal the C API's on the same inputs (bit for bit:
// trained models byte for byte, scores by memcmp); failures are Errors with
// the C status and leave output buffers untouched; moves and use after move.
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "common.hpp"

namespace bk = bayeskit;
using bktest::Csr;
using bktest::synthetic;

template <class H>
constexpr bool move_only() {
  return !std::is_copy_constructible<H>::value && !std::is_copy_assignable<H>::value &&
         std::is_nothrow_move_constructible<H>::value &&
         std::is_nothrow_move_assignable<H>::value && std::is_nothrow_destructible<H>::value;
}
static_assert(move_only<bk::LogisticData>(), "LogisticData is move-only");
static_assert(move_only<bk::LogisticModel>(), "LogisticModel is move-only");
static_assert(sizeof(bk::LogisticData) == sizeof(void *), "LogisticData is one pointer");
static_assert(sizeof(bk::LogisticModel) == sizeof(void *) + sizeof(std::size_t),
              "LogisticModel is a pointer and K");
static_assert(std::is_same<bk::LogisticEval, bk_logistic_eval>::value, "the C struct");
static_assert(std::is_same<bk::LogisticInfo, bk_logistic_info>::value, "the C struct");
static_assert(std::is_same<bk::LogisticReadReport, bk_logistic_read_report>::value, "the C struct");
static_assert(bk::LogisticModel::no_feature == BK_LOGISTIC_NO_FEATURE, "");
static_assert(static_cast<bk_logistic_id_base>(bk::IdBase::automatic) == BK_LOGISTIC_ID_BASE_AUTO,
              "");

namespace {

const std::string kTips = std::string(BAYESKIT_DATA_DIR) + "/tips.tsv";

// A temporary file holding `text`, removed at scope exit.
struct TempFile {
  std::string path;
  explicit TempFile(const std::string &text) {
    char tmpl[] = "/tmp/bayeskit_cpp_XXXXXX";
    int fd = mkstemp(tmpl);
    EXPECT_GE(fd, 0);
    close(fd);
    path = tmpl;
    std::ofstream(path, std::ios::binary) << text;
  }
  ~TempFile() { std::remove(path.c_str()); }
};

bk::LogisticData csr_data(const Csr &d, std::size_t n_classes = 3) {
  return bk::LogisticData::from_csr(d.indptr, d.indices, d.values, 10, d.labels, n_classes);
}

// The model's bytes through the C API.
std::vector<std::uint8_t> c_bytes(const bk_logistic_model *m) {
  std::size_t len = 0;
  EXPECT_EQ(bk_logistic_model_to_bytes(m, nullptr, 0, &len), BK_OK);
  std::vector<std::uint8_t> out(len);
  EXPECT_EQ(bk_logistic_model_to_bytes(m, out.data(), len, &len), BK_OK);
  return out;
}

// True if the doubles are the same bits.
bool same_bits(const double *a, const double *b, std::size_t n) {
  return std::memcmp(a, b, n * sizeof(double)) == 0;
}
bool same_bits(const std::vector<double> &a, const std::vector<double> &b) {
  return a.size() == b.size() && same_bits(a.data(), b.data(), a.size());
}

// A model trained on tips.tsv (shared by the tests: training is deterministic).
const bk::LogisticModel &tips_model() {
  static const bk::LogisticModel m =
      bk::LogisticModel::train(bk::LogisticData::read_phrases(kTips));
  return m;
}

// A tip as phrase ids and counts in the tips model's dictionary.
struct Row {
  std::vector<std::uint32_t> ids;
  std::vector<double> values;
};
Row tip(const bk::LogisticModel &m, const std::vector<std::pair<const char *, double>> &phrases) {
  Row r;
  for (const auto &p : phrases) {
    r.ids.push_back(m.feature_id(p.first));
    r.values.push_back(p.second);
  }
  return r;
}

}  // namespace

// ---------------------------------------------------------------- options

TEST(LogisticOptions, DefaultsAreTheCApis) {
  bk_logistic_read_options cr;
  ASSERT_EQ(bk_logistic_read_options_default(&cr), BK_OK);
  const bk::LogisticReadOptions r;
  EXPECT_EQ(r.raw().struct_size, sizeof(bk_logistic_read_options));
  EXPECT_EQ(r.raw().struct_size, cr.struct_size);
  EXPECT_EQ(r.raw().id_base, cr.id_base);
  EXPECT_EQ(r.raw().id_base, static_cast<bk_logistic_id_base>(bk::IdBase::one));
  EXPECT_EQ(r.raw().n_features, cr.n_features);
  EXPECT_EQ(r.raw().max_features, cr.max_features);
  EXPECT_EQ(r.raw().min_count, cr.min_count);
  EXPECT_EQ(r.raw().hash_bits, cr.hash_bits);
  EXPECT_EQ(r.raw().hash_seed, 42u);
  EXPECT_EQ(r.raw().skip_bad, 0);

  bk_logistic_train_options ct;
  ASSERT_EQ(bk_logistic_train_options_default(&ct), BK_OK);
  const bk::LogisticTrainOptions t;
  EXPECT_EQ(t.raw().struct_size, sizeof(bk_logistic_train_options));
  EXPECT_EQ(t.raw().max_iter, ct.max_iter);
  EXPECT_EQ(t.raw().lambda, ct.lambda);
  EXPECT_EQ(t.raw().l1_ratio, ct.l1_ratio);
  EXPECT_EQ(t.raw().tol, ct.tol);
  EXPECT_EQ(t.raw().threads, 1u);

  bk_logistic_eval_options ce;
  ASSERT_EQ(bk_logistic_eval_options_default(&ce), BK_OK);
  const bk::LogisticEvalOptions e;
  EXPECT_EQ(e.raw().struct_size, sizeof(bk_logistic_eval_options));
  EXPECT_EQ(e.raw().clip, 0.0);
}

TEST(LogisticOptions, SettersChain) {
  bk::LogisticReadOptions r;
  r.id_base(bk::IdBase::automatic).n_features(7).max_features(5).min_count(2).hash_bits(12)
      .hash_seed(9).skip_bad(true);
  EXPECT_EQ(r.raw().id_base, BK_LOGISTIC_ID_BASE_AUTO);
  EXPECT_EQ(r.raw().n_features, 7u);
  EXPECT_EQ(r.raw().max_features, 5u);
  EXPECT_EQ(r.raw().min_count, 2u);
  EXPECT_EQ(r.raw().hash_bits, 12u);
  EXPECT_EQ(r.raw().hash_seed, 9u);
  EXPECT_EQ(r.raw().skip_bad, 1);
  bk::LogisticTrainOptions t;
  t.max_iter(3).lambda(0.5).l1_ratio(0.25).tol(1e-3).threads(2);
  EXPECT_EQ(t.raw().max_iter, 3u);
  EXPECT_EQ(t.raw().lambda, 0.5);
  EXPECT_EQ(t.raw().l1_ratio, 0.25);
  EXPECT_EQ(t.raw().tol, 1e-3);
  EXPECT_EQ(t.raw().threads, 2u);
  EXPECT_EQ(bk::LogisticEvalOptions().clip(1e-6).raw().clip, 1e-6);
}

// ---------------------------------------------------------------- data

TEST(LogisticData, FromCsrEqualsTheCApi) {
  const Csr d = synthetic(90);
  const bk::LogisticData data = csr_data(d);
  EXPECT_EQ(data.rows(), 90u);
  EXPECT_EQ(data.classes(), 3u);
  EXPECT_EQ(data.features(), 10u);

  bk_logistic_data *c = nullptr;
  ASSERT_EQ(bk_logistic_data_from_csr(d.indptr.data(), 90, d.indices.data(), d.values.data(),
                                      d.indices.size(), 10, d.labels.data(), 3, nullptr, &c),
            BK_OK);
  // The same data train the same model, byte for byte.
  bk_logistic_model *cm = nullptr;
  ASSERT_EQ(bk_logistic_train(c, nullptr, &cm), BK_OK);
  const bk::LogisticModel m = bk::LogisticModel::train(data);
  EXPECT_EQ(m.to_bytes(), c_bytes(cm));
  EXPECT_EQ(m.labels(), (std::vector<std::string>{"0", "1", "2"}));
  bk_logistic_model_free(cm);

  // Row weights.
  std::vector<double> w(90);
  for (std::size_t i = 0; i < w.size(); i++) w[i] = 0.5 + static_cast<double>(i % 4);
  const bk::LogisticData weighted =
      bk::LogisticData::from_csr(d.indptr, d.indices, d.values, 10, d.labels, 3, w);
  bk_logistic_data *cw = nullptr;
  ASSERT_EQ(bk_logistic_data_from_csr(d.indptr.data(), 90, d.indices.data(), d.values.data(),
                                      d.indices.size(), 10, d.labels.data(), 3, w.data(), &cw),
            BK_OK);
  ASSERT_EQ(bk_logistic_train(cw, nullptr, &cm), BK_OK);
  EXPECT_EQ(bk::LogisticModel::train(weighted).to_bytes(), c_bytes(cm));
  EXPECT_NE(bk::LogisticModel::train(weighted).to_bytes(), m.to_bytes());
  bk_logistic_model_free(cm);
  bk_logistic_data_free(cw);
  bk_logistic_data_free(c);
}

TEST(LogisticData, FromCsrErrors) {
  const Csr d = synthetic(6);
  // Checks of the binding: sizes that disagree.
  std::string msg = EXPECT_BK_ERROR(
      bk::LogisticData::from_csr({}, d.indices, d.values, 10, d.labels, 3), BK_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(msg.rfind("bayeskit: ", 0), 0u) << msg;
  const std::vector<double> short_values(d.values.begin(), d.values.end() - 1);
  msg = EXPECT_BK_ERROR(
      bk::LogisticData::from_csr(d.indptr, d.indices, short_values, 10, d.labels, 3),
      BK_ERR_INVALID_ARGUMENT);
  EXPECT_NE(msg.find("values"), std::string::npos) << msg;
  msg = EXPECT_BK_ERROR(bk::LogisticData::from_csr(d.indptr, d.indices, d.values, 10,
                                                   {0u, 1u, 2u}, 3),
                        BK_ERR_INVALID_ARGUMENT);
  EXPECT_NE(msg.find("labels"), std::string::npos) << msg;
  msg = EXPECT_BK_ERROR(bk::LogisticData::from_csr(d.indptr, d.indices, d.values, 10, d.labels, 3,
                                                   {1.0, 1.0}),
                        BK_ERR_INVALID_ARGUMENT);
  EXPECT_NE(msg.find("weights"), std::string::npos) << msg;

  // Checks of the library: the C status and the C message.
  auto same_as_c = [&](const Csr &x, std::size_t n_features, std::size_t n_classes,
                       const std::vector<double> &w) {
    std::string m = EXPECT_BK_ERROR(
        bk::LogisticData::from_csr(x.indptr, x.indices, x.values, n_features, x.labels, n_classes,
                                   w),
        BK_ERR_INVALID_ARGUMENT);
    bk_logistic_data *c = nullptr;
    EXPECT_EQ(bk_logistic_data_from_csr(x.indptr.data(), x.indptr.size() - 1, x.indices.data(),
                                        x.values.data(), x.indices.size(), n_features,
                                        x.labels.data(), n_classes,
                                        w.empty() ? nullptr : w.data(), &c),
              BK_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(c, nullptr);
    EXPECT_EQ(m, bktest::c_message());
  };
  Csr bad = d;
  bad.labels[2] = 3;  // ≥ n_classes
  same_as_c(bad, 10, 3, {});
  same_as_c(d, 5, 3, {});  // an id ≥ n_features
  same_as_c(d, 10, 0, {});  // no classes
  bad = d;
  std::swap(bad.indices[0], bad.indices[1]);  // ids out of order in row 0
  same_as_c(bad, 10, 3, {});
  bad = d;
  bad.values[1] = NAN;
  same_as_c(bad, 10, 3, {});
  bad = d;
  bad.indptr.back() -= 1;  // does not end at nnz
  same_as_c(bad, 10, 3, {});
  same_as_c(d, 10, 3, {1, 1, -1, 1, 1, 1});  // a negative weight
  Csr none;                                  // no rows
  EXPECT_BK_ERROR(bk::LogisticData::from_csr(none.indptr, none.indices, none.values, 10,
                                             none.labels, 3),
                  BK_ERR_INVALID_ARGUMENT);
}

TEST(LogisticData, ReadSvmlight) {
  TempFile f("1 1:0.5 3:1\n-1 2:1.5\n\n# a comment\n1 1:1 2:0.5 # tail\n-1 3:2\n");
  bk::LogisticReadReport report{};
  const bk::LogisticData a = bk::LogisticData::read_svmlight(f.path, bk::LogisticReadOptions(),
                                                             &report);
  EXPECT_EQ(a.rows(), 4u);
  EXPECT_EQ(a.classes(), 2u);
  EXPECT_EQ(a.features(), 3u);
  EXPECT_EQ(report.rows, 4u);
  EXPECT_EQ(report.skipped, 0u);
  EXPECT_EQ(report.id_base, BK_LOGISTIC_ID_BASE_ONE);

  // The same through the C API.
  bk_logistic_data *c = nullptr;
  bk_logistic_read_report cr{};
  cr.struct_size = sizeof cr;
  ASSERT_EQ(bk_logistic_data_read_svmlight(f.path.c_str(), nullptr, &c, &cr), BK_OK);
  std::size_t rows, classes, features;
  ASSERT_EQ(bk_logistic_data_rows(c, &rows), BK_OK);
  ASSERT_EQ(bk_logistic_data_classes(c, &classes), BK_OK);
  ASSERT_EQ(bk_logistic_data_features(c, &features), BK_OK);
  EXPECT_EQ(a.rows(), rows);
  EXPECT_EQ(a.classes(), classes);
  EXPECT_EQ(a.features(), features);
  EXPECT_EQ(report.rows, cr.rows);
  EXPECT_EQ(report.id_base, cr.id_base);
  bk_logistic_model *cm = nullptr;
  ASSERT_EQ(bk_logistic_train(c, nullptr, &cm), BK_OK);
  const bk::LogisticModel m = bk::LogisticModel::train(a);
  EXPECT_EQ(m.to_bytes(), c_bytes(cm));
  EXPECT_EQ(m.labels(), (std::vector<std::string>{"-1", "1"}));  // numeric order
  bk_logistic_model_free(cm);
  bk_logistic_data_free(c);

  // Options: the id base and the feature count.
  const bk::LogisticData z =
      bk::LogisticData::read_svmlight(f.path, bk::LogisticReadOptions().id_base(bk::IdBase::zero));
  EXPECT_EQ(z.features(), 4u);
  EXPECT_EQ(bk::LogisticData::read_svmlight(f.path, bk::LogisticReadOptions().n_features(8))
                .features(),
            8u);
  const char *cpath = f.path.c_str();
  EXPECT_EQ(bk::LogisticData::read_svmlight(cpath).rows(), 4u);
}

TEST(LogisticData, ReadSvmlightErrors) {
  EXPECT_BK_ERROR(bk::LogisticData::read_svmlight("/nonexistent/bayeskit.svm"), BK_ERR_IO);
  TempFile bad("1 1:1\n-1 x:1\n1 2:1\n");
  std::string msg = EXPECT_BK_ERROR(bk::LogisticData::read_svmlight(bad.path), BK_ERR_PARSE);
  EXPECT_NE(msg.find(bad.path + ":2"), std::string::npos) << msg;
  bk::LogisticReadReport report{};
  const bk::LogisticData s = bk::LogisticData::read_svmlight(
      bad.path, bk::LogisticReadOptions().skip_bad(true), &report);
  EXPECT_EQ(s.rows(), 2u);
  EXPECT_EQ(report.rows, 2u);
  EXPECT_EQ(report.skipped, 1u);
  // The skipped row's message: the text the strict read failed with.
  const std::string why = s.first_skipped();
  EXPECT_EQ(why.rfind(bad.path + ":2:", 0), 0u) << why;
  EXPECT_NE(msg.find(why), std::string::npos) << msg << " / " << why;
  std::size_t len = 0;
  ASSERT_EQ(bk_logistic_data_first_skipped(s.get(), nullptr, 0, &len), BK_OK);
  EXPECT_EQ(len, why.size() + 1);
  EXPECT_EQ(csr_data(synthetic(6)).first_skipped(), "");
  EXPECT_EQ(bk::LogisticData::read_phrases(kTips).first_skipped(), "");
  const std::string id_base = EXPECT_BK_ERROR(
      bk::LogisticData::read_svmlight(bad.path,
                                      bk::LogisticReadOptions().id_base(static_cast<bk::IdBase>(9))),
      BK_ERR_INVALID_ARGUMENT);
  EXPECT_NE(id_base.find("id_base must be zero, one or auto (got 9)"), std::string::npos) << id_base;
  bktest::expect_no_c_names(id_base);
  TempFile wide("1 1:1 5:1\n-1 2:1\n");
  EXPECT_BK_ERROR(bk::LogisticData::read_svmlight(wide.path, bk::LogisticReadOptions().n_features(3)),
                  BK_ERR_PARSE);
  EXPECT_BK_ERROR(bk::LogisticData::read_svmlight(
                      wide.path, bk::LogisticReadOptions().n_features((1ull << 32) + 1)),
                  BK_ERR_INVALID_ARGUMENT);
  TempFile empty("");
  EXPECT_BK_ERROR(bk::LogisticData::read_svmlight(empty.path), BK_ERR_PARSE);
  bk::LogisticReadOptions tiny;
  tiny.raw().struct_size = 2;
  EXPECT_BK_ERROR(bk::LogisticData::read_svmlight(wide.path, tiny), BK_ERR_INVALID_ARGUMENT);
}

TEST(LogisticData, ReadPhrases) {
  bk::LogisticReadReport report{};
  const bk::LogisticData d = bk::LogisticData::read_phrases(kTips, {}, &report);
  EXPECT_EQ(d.rows(), 3000u);
  EXPECT_EQ(d.classes(), 3u);
  EXPECT_EQ(report.rows, 3000u);
  EXPECT_EQ(report.out_of_vocabulary, 0u);
  EXPECT_EQ(report.id_base, BK_LOGISTIC_ID_BASE_AUTO);

  bk_logistic_data *c = nullptr;
  ASSERT_EQ(bk_logistic_data_read_phrases(kTips.c_str(), nullptr, &c, nullptr), BK_OK);
  std::size_t features;
  ASSERT_EQ(bk_logistic_data_features(c, &features), BK_OK);
  EXPECT_EQ(d.features(), features);
  EXPECT_GT(features, 40u);
  bk_logistic_data_free(c);

  // A dictionary of the most frequent phrases, and hashing.
  EXPECT_EQ(bk::LogisticData::read_phrases(kTips, bk::LogisticReadOptions().max_features(10))
                .features(),
            10u);
  const bk::LogisticData h =
      bk::LogisticData::read_phrases(kTips, bk::LogisticReadOptions().hash_bits(10));
  EXPECT_EQ(h.features(), 1024u);
  EXPECT_EQ(h.rows(), 3000u);
  EXPECT_EQ(bk::LogisticData::read_phrases(kTips.c_str()).rows(), 3000u);
}

TEST(LogisticData, ReadPhrasesErrors) {
  EXPECT_BK_ERROR(bk::LogisticData::read_phrases("/nonexistent/bayeskit.tsv"), BK_ERR_IO);
  TempFile bad("positive\tgreat:1\nnegative\trude:x\npositive\tlove:2\n");
  std::string msg = EXPECT_BK_ERROR(bk::LogisticData::read_phrases(bad.path), BK_ERR_PARSE);
  EXPECT_NE(msg.find(bad.path + ":2"), std::string::npos) << msg;
  bk::LogisticReadReport report{};
  EXPECT_EQ(bk::LogisticData::read_phrases(bad.path, bk::LogisticReadOptions().skip_bad(true),
                                           &report)
                .rows(),
            2u);
  EXPECT_EQ(report.skipped, 1u);
  EXPECT_BK_ERROR(bk::LogisticData::read_phrases(kTips, bk::LogisticReadOptions().hash_bits(32)),
                  BK_ERR_INVALID_ARGUMENT);
  TempFile empty("\n\n");
  EXPECT_BK_ERROR(bk::LogisticData::read_phrases(empty.path), BK_ERR_PARSE);
}

TEST(LogisticData, ReadPhrasesForAModel) {
  const bk::LogisticModel &m = tips_model();
  TempFile test("positive\tgreat:1\tzzz unknown:2\nnegative\trude:1\tcold food:1\n");
  bk::LogisticReadReport report{};
  const bk::LogisticData d =
      bk::LogisticData::read_phrases_for(m, test.path, bk::LogisticReadOptions(), &report);
  EXPECT_EQ(d.rows(), 2u);
  EXPECT_EQ(d.classes(), 2u);  // the file's classes
  EXPECT_EQ(d.features(), m.features());
  EXPECT_EQ(report.out_of_vocabulary, 1u);

  bk_logistic_data *c = nullptr;
  bk_logistic_read_report cr{};
  cr.struct_size = sizeof cr;
  ASSERT_EQ(bk_logistic_data_read_phrases_for(m.get(), test.path.c_str(), nullptr, &c, &cr), BK_OK);
  bk_logistic_eval ce{};
  ce.struct_size = sizeof ce;
  ASSERT_EQ(bk_logistic_evaluate(m.get(), c, nullptr, &ce, nullptr, nullptr, nullptr, 0), BK_OK);
  bk_logistic_data_free(c);
  EXPECT_EQ(report.out_of_vocabulary, cr.out_of_vocabulary);
  const bk::LogisticEval e = m.evaluate(d);
  EXPECT_EQ(e.log_loss, ce.log_loss);
  EXPECT_EQ(e.accuracy, ce.accuracy);
  EXPECT_EQ(e.rows, 2u);

  // Errors: no file, a model without phrases.
  EXPECT_BK_ERROR(bk::LogisticData::read_phrases_for(m, "/nonexistent/x.tsv"), BK_ERR_IO);
  const bk::LogisticModel indexed = bk::LogisticModel::train(csr_data(synthetic(30)));
  const std::string msg =
      EXPECT_BK_ERROR(bk::LogisticData::read_phrases_for(indexed, test.path), BK_ERR_INVALID_ARGUMENT);
  EXPECT_NE(msg.find("read its data as svmlight or CSR"), std::string::npos) << msg;
  bktest::expect_no_c_names(msg);
  EXPECT_EQ(bk::LogisticData::read_phrases_for(m, test.path.c_str()).rows(), 2u);
}

// ---------------------------------------------------------------- training

TEST(LogisticModel, TrainEqualsTheCApiBitForBit) {
  const bk::LogisticModel &m = tips_model();

  bk_logistic_data *cd = nullptr;
  ASSERT_EQ(bk_logistic_data_read_phrases(kTips.c_str(), nullptr, &cd, nullptr), BK_OK);
  bk_logistic_model *c = nullptr;
  ASSERT_EQ(bk_logistic_train(cd, nullptr, &c), BK_OK);
  bk_logistic_data_free(cd);

  EXPECT_EQ(m.to_bytes(), c_bytes(c));
  std::size_t k, features, nnz, len;
  ASSERT_EQ(bk_logistic_model_classes(c, &k), BK_OK);
  ASSERT_EQ(bk_logistic_model_features(c, &features), BK_OK);
  ASSERT_EQ(bk_logistic_model_nnz(c, &nnz), BK_OK);
  EXPECT_EQ(m.classes(), k);
  EXPECT_EQ(m.classes(), 3u);
  EXPECT_EQ(m.features(), features);
  EXPECT_EQ(m.nnz(), nnz);
  EXPECT_GT(nnz, 0u);
  bk_logistic_info ci{};
  ci.struct_size = sizeof ci;
  ASSERT_EQ(bk_logistic_model_info(c, &ci), BK_OK);
  const bk::LogisticInfo i = m.info();
  EXPECT_EQ(i.lambda, ci.lambda);
  EXPECT_EQ(i.l1_ratio, ci.l1_ratio);
  EXPECT_EQ(i.objective, ci.objective);
  EXPECT_EQ(i.grad_norm, ci.grad_norm);
  EXPECT_EQ(i.tol, ci.tol);
  EXPECT_EQ(i.rows, 3000u);
  EXPECT_EQ(i.iterations, ci.iterations);
  EXPECT_EQ(i.converged, 1);
  ASSERT_EQ(bk_logistic_model_to_json(c, nullptr, 0, &len), BK_OK);
  std::string cjson(len, '\0');
  ASSERT_EQ(bk_logistic_model_to_json(c, &cjson[0], len, &len), BK_OK);
  cjson.resize(len - 1);
  const std::string json = m.to_json();
  EXPECT_EQ(json, cjson);
  EXPECT_EQ(json.front(), '{');
  EXPECT_EQ(json.find('\0'), std::string::npos);
  EXPECT_NE(json.find("\"positive\""), std::string::npos);
  std::vector<std::string> clabels;
  for (std::size_t j = 0; j < k; j++) {
    char buf[64];
    ASSERT_EQ(bk_logistic_model_label(c, j, buf, sizeof buf, &len), BK_OK);
    clabels.emplace_back(buf, len - 1);  // the length counts the NUL
  }
  EXPECT_EQ(m.labels(), clabels);
  EXPECT_EQ(m.labels(), (std::vector<std::string>{"mixed", "negative", "positive"}));
  EXPECT_EQ(m.label(2), "positive");
  bk_logistic_model_free(c);

  // More threads give the same model.
  const bk::LogisticData d = bk::LogisticData::read_phrases(kTips);
  EXPECT_EQ(bk::LogisticModel::train(d, bk::LogisticTrainOptions().threads(2)).to_bytes(),
            m.to_bytes());
}

TEST(LogisticModel, TrainOptionsAndErrors) {
  const bk::LogisticData d = csr_data(synthetic(60));
  using O = bk::LogisticTrainOptions;
  EXPECT_BK_ERROR(bk::LogisticModel::train(d, O().lambda(-1)), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(bk::LogisticModel::train(d, O().lambda(INFINITY)), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(bk::LogisticModel::train(d, O().l1_ratio(1.5)), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(bk::LogisticModel::train(d, O().tol(0)), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(bk::LogisticModel::train(d, O().max_iter(0)), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(bk::LogisticModel::train(d, O().threads(0)), BK_ERR_INVALID_ARGUMENT);
  // One class present (of three declared).
  Csr one = synthetic(6);
  std::fill(one.labels.begin(), one.labels.end(), 1u);
  std::string msg = EXPECT_BK_ERROR(bk::LogisticModel::train(csr_data(one)), BK_ERR_INVALID_ARGUMENT);
  bk_logistic_data *c1 = csr_data(one).release();
  bk_logistic_model *cm = nullptr;
  EXPECT_EQ(bk_logistic_train(c1, nullptr, &cm), BK_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(msg, bktest::c_message());
  bk_logistic_data_free(c1);

  // Running out of passes is not an error.
  const bk::LogisticModel short_run =
      bk::LogisticModel::train(d, O().max_iter(1).tol(1e-12).lambda(1e-4));
  EXPECT_EQ(short_run.info().converged, 0);
  EXPECT_EQ(short_run.info().iterations, 1u);
  // The duality-gap rule stops sooner, within its bound of a tight fit.
  const bk::LogisticModel tight = bk::LogisticModel::train(d, O().lambda(1e-3).tol(1e-12));
  const bk::LogisticModel gap = bk::LogisticModel::train(d, O().lambda(1e-3).tol(1e-15).max_gap(1e-6));
  EXPECT_EQ(gap.info().converged, 1);
  EXPECT_LT(gap.info().iterations, tight.info().iterations);
  EXPECT_LE((gap.info().objective - tight.info().objective) / tight.info().objective, 1e-6);
  EXPECT_EQ(O().raw().max_gap, 0.0);
  EXPECT_BK_ERROR(bk::LogisticModel::train(d, O().max_gap(-1)), BK_ERR_INVALID_ARGUMENT);
  const bk::LogisticModel lasso = bk::LogisticModel::train(d, O().lambda(0.05).l1_ratio(1));
  EXPECT_EQ(lasso.info().lambda, 0.05);
  EXPECT_EQ(lasso.info().l1_ratio, 1.0);
  EXPECT_LT(lasso.nnz(), bk::LogisticModel::train(d, O().lambda(0.05).l1_ratio(0)).nnz());
}

TEST(LogisticModel, TrainWeightedEqualsTheCApi) {
  const bk::LogisticData d = csr_data(synthetic(60));
  const std::vector<double> cw{1.0, 3.0, 0.5};
  const bk::LogisticModel m = bk::LogisticModel::train_weighted(d, cw);
  bk_logistic_model *c = nullptr;
  ASSERT_EQ(bk_logistic_train_weighted(d.get(), nullptr, cw.data(), 3, &c), BK_OK);
  EXPECT_EQ(m.to_bytes(), c_bytes(c));
  bk_logistic_model_free(c);
  EXPECT_NE(m.to_bytes(), bk::LogisticModel::train(d).to_bytes());
  // Unit class weights are plain training.
  EXPECT_EQ(bk::LogisticModel::train_weighted(d, {1.0, 1.0, 1.0}).to_bytes(),
            bk::LogisticModel::train(d).to_bytes());
  const bk::LogisticModel o = bk::LogisticModel::train_weighted(
      d, cw, bk::LogisticTrainOptions().lambda(0.01));
  EXPECT_EQ(o.info().lambda, 0.01);

  EXPECT_BK_ERROR(bk::LogisticModel::train_weighted(d, {1.0, 1.0}), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(bk::LogisticModel::train_weighted(d, {1.0, -1.0, 1.0}), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(bk::LogisticModel::train_weighted(d, {1.0, NAN, 1.0}), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(bk::LogisticModel::train_weighted(d, std::vector<double>{}),
                  BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(bk::LogisticModel::train_weighted(d, {1.0, 1.0, 1.0},
                                                    bk::LogisticTrainOptions().tol(-1)),
                  BK_ERR_INVALID_ARGUMENT);
}

// ---------------------------------------------------------------- model files

TEST(LogisticModel, SaveLoadAndBytes) {
  const bk::LogisticModel &m = tips_model();
  const std::vector<std::uint8_t> bytes = m.to_bytes();
  EXPECT_EQ(m.serialized_size(), bytes.size());

  TempFile file("");
  m.save(file.path);
  const bk::LogisticModel loaded = bk::LogisticModel::load(file.path);
  EXPECT_EQ(loaded.to_bytes(), bytes);
  EXPECT_EQ(loaded.classes(), 3u);
  EXPECT_EQ(loaded.labels(), m.labels());
  m.save(file.path.c_str());  // replaced
  EXPECT_EQ(bk::LogisticModel::load(file.path.c_str()).to_bytes(), bytes);
  // The file holds the bytes of to_bytes().
  std::ifstream in(file.path, std::ios::binary);
  const std::vector<std::uint8_t> on_disk((std::istreambuf_iterator<char>(in)),
                                          std::istreambuf_iterator<char>());
  EXPECT_EQ(on_disk, bytes);
  const bk::LogisticModel back = bk::LogisticModel::from_bytes(bytes);
  EXPECT_EQ(back.to_bytes(), bytes);
  EXPECT_EQ(back.to_json(), m.to_json());

  // Into a caller's buffer: exact, too small (the C error, untouched).
  std::vector<std::uint8_t> exact(bytes.size());
  EXPECT_EQ(m.to_bytes(exact), bytes.size());
  EXPECT_EQ(exact, bytes);
  std::vector<std::uint8_t> small(bytes.size() - 1, 0xAB);
  EXPECT_BK_ERROR(m.to_bytes(small), BK_ERR_BUFFER_TOO_SMALL);
  EXPECT_TRUE(std::all_of(small.begin(), small.end(), [](std::uint8_t b) { return b == 0xAB; }));

  // Damaged, truncated, trailing and empty bytes; bad files.
  std::vector<std::uint8_t> bad = bytes;
  bad[bad.size() / 2] ^= 0x10;
  EXPECT_BK_ERROR(bk::LogisticModel::from_bytes(bad), BK_ERR_CORRUPT);
  EXPECT_BK_ERROR(bk::LogisticModel::from_bytes(bk::Span<const std::uint8_t>(bytes.data(), 20)),
                  BK_ERR_CORRUPT);
  std::vector<std::uint8_t> trailing = bytes;
  trailing.push_back(0);
  EXPECT_BK_ERROR(bk::LogisticModel::from_bytes(trailing), BK_ERR_CORRUPT);
  EXPECT_BK_ERROR(bk::LogisticModel::from_bytes({}), BK_ERR_CORRUPT);
  EXPECT_BK_ERROR(bk::LogisticModel::load("/nonexistent/tips.bkl"), BK_ERR_IO);
  TempFile garbage("not a model\n");
  std::string msg = EXPECT_BK_ERROR(bk::LogisticModel::load(garbage.path), BK_ERR_CORRUPT);
  EXPECT_NE(msg.find(garbage.path), std::string::npos) << msg;
  EXPECT_BK_ERROR(m.save("/nonexistent/dir/tips.bkl"), BK_ERR_IO);
}

TEST(LogisticModel, LabelsOfAnyLength) {
  const std::string long_label(300, 'x');
  TempFile f(long_label + " 1:1\nb 2:1\n" + long_label + " 1:2 2:0.5\nb 2:3\n");
  const bk::LogisticModel m = bk::LogisticModel::train(bk::LogisticData::read_svmlight(f.path));
  EXPECT_EQ(m.labels(), (std::vector<std::string>{"b", long_label}));
  EXPECT_EQ(m.label(1), long_label);
  std::string msg = EXPECT_BK_ERROR(m.label(2), BK_ERR_INVALID_ARGUMENT);
  std::size_t len;
  EXPECT_EQ(bk_logistic_model_label(m.get(), 2, nullptr, 0, &len), BK_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(msg, bktest::c_message());
}

// ---------------------------------------------------------------- feature ids

TEST(LogisticModel, FeatureIdsEqualTheCApi) {
  const bk::LogisticModel &m = tips_model();
  for (const char *p : {"great", "long wait", "friendly staff", "pizza", "delicious"}) {
    std::uint32_t cid;
    ASSERT_EQ(bk_logistic_model_feature_id(m.get(), p, &cid), BK_OK);
    EXPECT_EQ(m.feature_id(p), cid) << p;
    EXPECT_EQ(m.feature_id(std::string(p)), cid) << p;
    EXPECT_LT(cid, m.features());
  }
  EXPECT_EQ(m.feature_id("no such phrase"), bk::LogisticModel::no_feature);
  EXPECT_EQ(m.feature_id(" great"), bk::LogisticModel::no_feature);  // used exactly
  EXPECT_BK_ERROR(m.feature_id("\xff\xfe"), BK_ERR_INVALID_ARGUMENT);  // not UTF-8
  std::string msg = EXPECT_BK_ERROR(m.feature_id(std::string("great\0x", 7)),
                                    BK_ERR_INVALID_ARGUMENT);  // binding: an embedded NUL
  EXPECT_EQ(msg.rfind("bayeskit: ", 0), 0u) << msg;
  EXPECT_BK_ERROR(m.feature_id(static_cast<const char *>(nullptr)), BK_ERR_NULL_POINTER);

  // Hashing: the id of the model's hash, the same through C.
  const bk::LogisticModel h = bk::LogisticModel::train(
      bk::LogisticData::read_phrases(kTips, bk::LogisticReadOptions().hash_bits(8)));
  EXPECT_EQ(h.features(), 256u);
  std::uint32_t cid;
  ASSERT_EQ(bk_logistic_model_feature_id(h.get(), "never seen", &cid), BK_OK);
  EXPECT_EQ(h.feature_id("never seen"), cid);
  EXPECT_LT(cid, 256u);

  // A model without phrases.
  const bk::LogisticModel indexed = bk::LogisticModel::train(csr_data(synthetic(30)));
  EXPECT_BK_ERROR(indexed.feature_id("great"), BK_ERR_INVALID_ARGUMENT);
}

TEST(LogisticModel, FeatureSpaceEqualsTheCApi) {
  // A dictionary: every name maps back to its id.
  const bk::LogisticModel &m = tips_model();
  const bk::FeatureSpace fs = m.feature_space();
  bk_feature_space c{};
  c.struct_size = sizeof c;
  ASSERT_EQ(bk_logistic_model_feature_space(m.get(), &c), BK_OK);
  EXPECT_EQ(fs.kind, bk::FeatureSpaceKind::names);
  EXPECT_EQ(static_cast<std::uint32_t>(fs.kind), c.kind);
  EXPECT_EQ(fs.features, m.features());
  EXPECT_EQ(fs.features, c.features);
  EXPECT_EQ(fs.hash_bits, 0u);
  EXPECT_EQ(fs.hash_seed, 0u);
  for (std::uint32_t i = 0; i < fs.features; i++) {
    const std::string name = m.feature_name(i);
    ASSERT_FALSE(name.empty()) << i;
    EXPECT_EQ(m.feature_id(name), i) << name;
  }
  EXPECT_EQ(m.feature_name(m.feature_id("pizza")), "pizza");
  const std::string msg = EXPECT_BK_ERROR(m.feature_name(static_cast<std::uint32_t>(fs.features)),
                                          BK_ERR_INVALID_ARGUMENT);
  EXPECT_NE(msg.find("out of range"), std::string::npos) << msg;

  // Hashing: the bits and seed the data were read with; no names.
  const bk::LogisticModel h = bk::LogisticModel::train(bk::LogisticData::read_phrases(
      kTips, bk::LogisticReadOptions().hash_bits(8).hash_seed(7)));
  const bk::FeatureSpace hs = h.feature_space();
  EXPECT_EQ(hs.kind, bk::FeatureSpaceKind::hashed);
  EXPECT_EQ(hs.features, 256u);
  EXPECT_EQ(hs.hash_bits, 8u);
  EXPECT_EQ(hs.hash_seed, 7u);
  EXPECT_BK_ERROR(h.feature_name(0), BK_ERR_INVALID_ARGUMENT);

  // Indexed ids: the CSR data's n_features, no names.
  const bk::LogisticModel indexed = bk::LogisticModel::train(csr_data(synthetic(30)));
  const bk::FeatureSpace is = indexed.feature_space();
  EXPECT_EQ(is.kind, bk::FeatureSpaceKind::indexed);
  EXPECT_EQ(is.features, 10u);
  EXPECT_EQ(is.hash_bits, 0u);
  const std::string none = EXPECT_BK_ERROR(indexed.feature_name(0), BK_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(none.find("bk_"), std::string::npos) << none;
}

// ---------------------------------------------------------------- scoring

TEST(LogisticModel, ScoringEqualsTheCApiBitForBit) {
  const bk::LogisticModel &m = tips_model();
  // Repeated ids add up, unknown ids and no_feature are ignored.
  const Row rows[] = {
      tip(m, {{"great", 1}, {"friendly staff", 1}, {"coffee", 2}}),
      tip(m, {{"rude", 1}, {"cold food", 1}, {"long wait", 1}}),
      tip(m, {{"ok", 1}, {"but", 2}, {"could be better", 1}, {"pizza", 1}}),
      tip(m, {{"delicious", 1}, {"not in the dictionary", 3}, {"great", 0.5}, {"great", 0.5}}),
      Row{{}, {}},
      Row{{100000u, bk::LogisticModel::no_feature}, {1.0, 2.0}},
  };
  for (const Row &r : rows) {
    double p[3], lp[3], cp[3], clp[3];
    m.predict_proba(r.ids, r.values, p);
    m.predict_log_proba(r.ids, r.values, lp);
    ASSERT_EQ(bk_logistic_model_predict_proba(m.get(), r.ids.data(), r.values.data(),
                                              r.ids.size(), cp, 3),
              BK_OK);
    ASSERT_EQ(bk_logistic_model_predict_log_proba(m.get(), r.ids.data(), r.values.data(),
                                                  r.ids.size(), clp, 3),
              BK_OK);
    EXPECT_TRUE(same_bits(p, cp, 3));
    EXPECT_TRUE(same_bits(lp, clp, 3));
    EXPECT_TRUE(same_bits(m.predict_proba(r.ids, r.values), std::vector<double>(cp, cp + 3)));
    EXPECT_TRUE(
        same_bits(m.predict_log_proba(r.ids, r.values), std::vector<double>(clp, clp + 3)));
    EXPECT_NEAR(p[0] + p[1] + p[2], 1.0, 1e-12);
    for (int k = 0; k < 3; k++) EXPECT_NEAR(std::exp(lp[k]), p[k], 1e-12);
  }
  // A non-finite value is an error, not NaN probabilities.
  const std::vector<uint32_t> nan_ids{1u};
  const std::vector<double> nan_vals{std::nan("")};
  EXPECT_BK_ERROR(m.predict_proba(nan_ids, nan_vals), BK_ERR_INVALID_ARGUMENT);
  // Classes come out as expected: mixed, negative, positive.
  const std::vector<double> pos = m.predict_proba(rows[0].ids, rows[0].values);
  const std::vector<double> neg = m.predict_proba(rows[1].ids, rows[1].values);
  const std::vector<double> mix = m.predict_proba(rows[2].ids, rows[2].values);
  EXPECT_EQ(std::max_element(pos.begin(), pos.end()) - pos.begin(), 2);
  EXPECT_EQ(std::max_element(neg.begin(), neg.end()) - neg.begin(), 1);
  EXPECT_EQ(std::max_element(mix.begin(), mix.end()) - mix.begin(), 0);
  // Ids in any order.
  Row shuffled = rows[2];
  std::reverse(shuffled.ids.begin(), shuffled.ids.end());
  std::reverse(shuffled.values.begin(), shuffled.values.end());
  const std::vector<double> again = m.predict_proba(shuffled.ids, shuffled.values);
  for (std::size_t k = 0; k < 3; k++) EXPECT_NEAR(again[k], mix[k], 1e-15);
  // std::array and braced lists are spans too.
  std::array<double, 3> arr{};
  m.predict_proba({rows[0].ids[0]}, {1.0}, arr);
  EXPECT_GT(arr[2], arr[1]);
}

TEST(LogisticModel, BatchScoringEqualsTheCApiAndSingleRows) {
  const bk::LogisticModel m = bk::LogisticModel::train(csr_data(synthetic(90)));
  const Csr d = synthetic(25);
  std::vector<double> out(25 * 3), cout(25 * 3);
  m.predict_proba_batch(d.indptr, d.indices, d.values, out);
  ASSERT_EQ(bk_logistic_model_predict_proba_batch(m.get(), d.indptr.data(), 25, d.indices.data(),
                                                  d.values.data(), d.indices.size(), cout.data(),
                                                  3),
            BK_OK);
  EXPECT_TRUE(same_bits(out, cout));
  EXPECT_TRUE(same_bits(m.predict_proba_batch(d.indptr, d.indices, d.values), cout));
  for (std::size_t i = 0; i < 25; i++) {
    const std::size_t a = d.indptr[i], n = d.indptr[i + 1] - a;
    double row[3];
    m.predict_proba(bk::Span<const std::uint32_t>(d.indices.data() + a, n),
                    bk::Span<const double>(d.values.data() + a, n), row);
    EXPECT_TRUE(same_bits(row, &out[i * 3], 3)) << "row " << i;
  }
  // No rows: indptr {0}.
  const std::size_t zero[] = {0};
  std::vector<double> none;
  m.predict_proba_batch(zero, {}, {}, none);
  EXPECT_TRUE(m.predict_proba_batch(zero, {}, {}).empty());
}

TEST(LogisticModel, ScoringErrorsLeaveOutputsUntouched) {
  const bk::LogisticModel &m = tips_model();
  const Row r = tip(m, {{"great", 1}, {"pizza", 1}});
  std::vector<double> two(2, -7.0), four(4, -7.0);
  std::string msg = EXPECT_BK_ERROR(m.predict_proba(r.ids, r.values, two), BK_ERR_INVALID_ARGUMENT);
  double c2[2];
  EXPECT_EQ(bk_logistic_model_predict_proba(m.get(), r.ids.data(), r.values.data(), 2, c2, 2),
            BK_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(msg, bktest::c_message());  // the C API checks K
  EXPECT_BK_ERROR(m.predict_proba(r.ids, r.values, four), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(m.predict_log_proba(r.ids, r.values, two), BK_ERR_INVALID_ARGUMENT);
  std::vector<double> three(3, -7.0);
  msg = EXPECT_BK_ERROR(m.predict_proba(r.ids, {1.0}, three), BK_ERR_INVALID_ARGUMENT);  // binding
  EXPECT_NE(msg.find("values"), std::string::npos) << msg;
  EXPECT_BK_ERROR(m.predict_log_proba(r.ids, {1.0, 2.0, 3.0}, three), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(m.predict_proba(r.ids, {1.0}), BK_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(two, std::vector<double>(2, -7.0));
  EXPECT_EQ(four, std::vector<double>(4, -7.0));
  EXPECT_EQ(three, std::vector<double>(3, -7.0));

  // Batches: checks of the binding (sizes) and of the library (offsets).
  const std::vector<std::size_t> indptr{0, 2, 2};
  std::vector<double> out(6, -7.0), five(5, -7.0);
  EXPECT_BK_ERROR(m.predict_proba_batch(indptr, r.ids, r.values, five), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(m.predict_proba_batch({}, r.ids, r.values, out), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(m.predict_proba_batch(indptr, r.ids, {1.0}, out), BK_ERR_INVALID_ARGUMENT);
  auto same_as_c = [&](const std::vector<std::size_t> &p) {
    std::string m1 = EXPECT_BK_ERROR(m.predict_proba_batch(p, r.ids, r.values, out),
                                     BK_ERR_INVALID_ARGUMENT);
    std::vector<double> c(6);
    EXPECT_EQ(bk_logistic_model_predict_proba_batch(m.get(), p.data(), 2, r.ids.data(),
                                                    r.values.data(), 2, c.data(), 3),
              BK_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(m1, bktest::c_message());
  };
  same_as_c({0, 2, 1});  // does not end at nnz
  same_as_c({1, 2, 2});  // does not start at 0
  same_as_c({0, 3, 2});  // decreases
  EXPECT_EQ(out, std::vector<double>(6, -7.0));
  EXPECT_EQ(five, std::vector<double>(5, -7.0));
}

// ---------------------------------------------------------------- evaluation

TEST(LogisticModel, EvaluateEqualsTheCApi) {
  const bk::LogisticModel &m = tips_model();
  const bk::LogisticData test = bk::LogisticData::read_phrases_for(m, kTips);
  bk_logistic_eval ce{};
  ce.struct_size = sizeof ce;
  double cconf[9], cprec[3], crec[3];
  ASSERT_EQ(bk_logistic_evaluate(m.get(), test.get(), nullptr, &ce, cconf, cprec, crec, 3), BK_OK);

  const bk::LogisticEval e = m.evaluate(test);
  EXPECT_EQ(e.log_loss, ce.log_loss);
  EXPECT_EQ(e.accuracy, ce.accuracy);
  EXPECT_EQ(e.clipped, 0u);
  EXPECT_EQ(e.rows, 3000u);
  EXPECT_GT(e.accuracy, 0.8);

  std::array<double, 9> conf{};
  std::vector<double> prec(3), rec(3);
  const bk::LogisticEval e2 = m.evaluate(test, conf, prec, rec);
  EXPECT_EQ(e2.log_loss, ce.log_loss);
  EXPECT_TRUE(same_bits(conf.data(), cconf, 9));
  EXPECT_TRUE(same_bits(prec.data(), cprec, 3));
  EXPECT_TRUE(same_bits(rec.data(), crec, 3));
  double total = 0;
  for (double x : conf) total += x;
  EXPECT_EQ(total, 3000.0);

  const bk::LogisticEvaluation full = m.evaluate_full(test);
  EXPECT_EQ(full.metrics.log_loss, ce.log_loss);
  EXPECT_EQ(full.metrics.accuracy, ce.accuracy);
  EXPECT_EQ(full.metrics.rows, ce.rows);
  EXPECT_TRUE(same_bits(full.confusion, std::vector<double>(cconf, cconf + 9)));
  EXPECT_TRUE(same_bits(full.precision, prec));
  EXPECT_TRUE(same_bits(full.recall, rec));

  // Only some arrays: the empty ones are not written.
  std::vector<double> only_recall(3, -7.0), none;
  m.evaluate(test, none, none, only_recall);
  EXPECT_TRUE(same_bits(only_recall, rec));

  // Clipping.
  const bk::LogisticEval clipped = m.evaluate(test, bk::LogisticEvalOptions().clip(0.5));
  bk_logistic_eval_options co;
  ASSERT_EQ(bk_logistic_eval_options_default(&co), BK_OK);
  co.clip = 0.5;
  ASSERT_EQ(bk_logistic_evaluate(m.get(), test.get(), &co, &ce, nullptr, nullptr, nullptr, 0),
            BK_OK);
  EXPECT_EQ(clipped.clipped, ce.clipped);
  EXPECT_GT(clipped.clipped, 0u);
  EXPECT_EQ(clipped.log_loss, ce.log_loss);
  EXPECT_LE(clipped.log_loss, e.log_loss);

  // A test file lacking a class lines up by label.
  TempFile two("positive\tgreat:1\tlove:1\nnegative\trude:1\tnever again:1\n");
  const bk::LogisticEvaluation t =
      m.evaluate_full(bk::LogisticData::read_phrases_for(m, two.path));
  EXPECT_EQ(t.metrics.rows, 2u);
  EXPECT_EQ(t.metrics.accuracy, 1.0);
  EXPECT_EQ(t.confusion[2 * 3 + 2], 1.0);  // positive as positive
  EXPECT_EQ(t.confusion[1 * 3 + 1], 1.0);  // negative as negative
  EXPECT_TRUE(std::isnan(t.recall[0]));    // no mixed rows
}

TEST(LogisticModel, EvaluateErrorsLeaveOutputsUntouched) {
  const bk::LogisticModel &m = tips_model();
  const bk::LogisticData test = bk::LogisticData::read_phrases_for(m, kTips);
  std::vector<double> conf(9, -7.0), prec(3, -7.0), rec(3, -7.0), eight(8, -7.0), two(2, -7.0);
  EXPECT_BK_ERROR(m.evaluate(test, eight, prec, rec), BK_ERR_INVALID_ARGUMENT);  // binding
  EXPECT_BK_ERROR(m.evaluate(test, conf, two, rec), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(m.evaluate(test, conf, prec, two), BK_ERR_INVALID_ARGUMENT);
  std::string msg = EXPECT_BK_ERROR(
      m.evaluate(test, conf, prec, rec, bk::LogisticEvalOptions().clip(1.5)), BK_ERR_INVALID_ARGUMENT);
  bk_logistic_eval_options co;
  ASSERT_EQ(bk_logistic_eval_options_default(&co), BK_OK);
  co.clip = 1.5;
  bk_logistic_eval ce{};
  ce.struct_size = sizeof ce;
  EXPECT_EQ(bk_logistic_evaluate(m.get(), test.get(), &co, &ce, nullptr, nullptr, nullptr, 0),
            BK_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(msg, bktest::c_message());
  EXPECT_BK_ERROR(m.evaluate(test, bk::LogisticEvalOptions().clip(-0.1)), BK_ERR_INVALID_ARGUMENT);
  EXPECT_BK_ERROR(m.evaluate_full(test, bk::LogisticEvalOptions().clip(NAN)),
                  BK_ERR_INVALID_ARGUMENT);

  // Another dictionary, a label the model does not know.
  const bk::LogisticData other =
      bk::LogisticData::read_phrases(kTips, bk::LogisticReadOptions().max_features(10));
  const std::string space = EXPECT_BK_ERROR(m.evaluate(other, conf, prec, rec), BK_ERR_INVALID_ARGUMENT);
  EXPECT_NE(space.find("read the data in the model's feature space"), std::string::npos) << space;
  bktest::expect_no_c_names(space);
  TempFile unknown("terrific\tgreat:1\n");
  EXPECT_BK_ERROR(m.evaluate(bk::LogisticData::read_phrases_for(m, unknown.path), conf, prec, rec),
                  BK_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(conf, std::vector<double>(9, -7.0));
  EXPECT_EQ(prec, std::vector<double>(3, -7.0));
  EXPECT_EQ(rec, std::vector<double>(3, -7.0));
  EXPECT_EQ(eight, std::vector<double>(8, -7.0));
  EXPECT_EQ(two, std::vector<double>(2, -7.0));
}

// ---------------------------------------------------------------- handles

TEST(LogisticData, MovesAndUseAfterMove) {
  bk::LogisticData a = csr_data(synthetic(30));
  bk_logistic_data *raw = a.get();
  bk::LogisticData b(std::move(a));
  EXPECT_EQ(b.get(), raw);
  EXPECT_FALSE(a);  // NOLINT(bugprone-use-after-move): moved-from is empty by contract
  EXPECT_BK_ERROR(a.rows(), BK_ERR_NULL_POINTER);
  EXPECT_BK_ERROR(a.classes(), BK_ERR_NULL_POINTER);
  EXPECT_BK_ERROR(a.features(), BK_ERR_NULL_POINTER);
  EXPECT_BK_ERROR(a.first_skipped(), BK_ERR_NULL_POINTER);
  EXPECT_BK_ERROR(bk::LogisticModel::train(a), BK_ERR_NULL_POINTER);
  EXPECT_BK_ERROR(bk::LogisticModel::train_weighted(a, {1.0, 1.0, 1.0}), BK_ERR_NULL_POINTER);
  EXPECT_BK_ERROR(tips_model().evaluate(a), BK_ERR_NULL_POINTER);
  std::vector<double> conf(9, -7.0);
  EXPECT_BK_ERROR(tips_model().evaluate(a, conf, {}, {}), BK_ERR_NULL_POINTER);
  EXPECT_EQ(conf, std::vector<double>(9, -7.0));

  bk::LogisticData c = csr_data(synthetic(12));
  c = std::move(b);  // frees c's old data (LSan would report a leak)
  EXPECT_EQ(c.get(), raw);
  bk::LogisticData &alias = c;
  c = std::move(alias);  // self-move keeps the handle
  EXPECT_EQ(c.get(), raw);
  EXPECT_EQ(c.rows(), 30u);
  bk::LogisticData adopted = bk::LogisticData::adopt(c.release());
  EXPECT_FALSE(c);
  EXPECT_EQ(adopted.get(), raw);
  EXPECT_FALSE(bk::LogisticData::adopt(nullptr));

  std::vector<bk::LogisticData> many;
  for (std::size_t i = 0; i < 20; i++) many.push_back(csr_data(synthetic(6 + i)));
  many.erase(many.begin(), many.begin() + 5);
  EXPECT_EQ(many.front().rows(), 11u);
}

TEST(LogisticModel, MovesAndUseAfterMove) {
  bk::LogisticModel a = bk::LogisticModel::train(csr_data(synthetic(30)));
  const std::vector<std::uint8_t> bytes = a.to_bytes();
  bk_logistic_model *raw = a.get();
  bk::LogisticModel b(std::move(a));
  EXPECT_EQ(b.get(), raw);
  EXPECT_EQ(b.classes(), 3u);
  EXPECT_FALSE(a);  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(a.classes(), 0u);

  // Every call of a moved-from model throws BK_ERR_NULL_POINTER.
  const bk::LogisticData d = csr_data(synthetic(12));
  std::vector<double> out(3, -7.0), batch(3, -7.0);
  std::vector<std::uint8_t> buf(bytes.size());
  const std::uint32_t ids[] = {0};
  const double values[] = {1.0};
  const std::size_t indptr[] = {0, 1};
  EXPECT_BK_ERROR(a.save("/tmp/bayeskit_cpp_never_written.bkl"), BK_ERR_NULL_POINTER);
  EXPECT_BK_ERROR(a.serialized_size(), BK_ERR_NULL_POINTER);
  EXPECT_BK_ERROR(a.to_bytes(buf), BK_ERR_NULL_POINTER);
  EXPECT_BK_ERROR(a.to_bytes(), BK_ERR_NULL_POINTER);
  EXPECT_BK_ERROR(a.to_json(), BK_ERR_NULL_POINTER);
  EXPECT_BK_ERROR(a.label(0), BK_ERR_NULL_POINTER);
  EXPECT_BK_ERROR(a.labels(), BK_ERR_NULL_POINTER);
  EXPECT_BK_ERROR(a.features(), BK_ERR_NULL_POINTER);
  EXPECT_BK_ERROR(a.nnz(), BK_ERR_NULL_POINTER);
  EXPECT_BK_ERROR(a.info(), BK_ERR_NULL_POINTER);
  EXPECT_BK_ERROR(a.feature_id("great"), BK_ERR_NULL_POINTER);
  EXPECT_BK_ERROR(a.feature_space(), BK_ERR_NULL_POINTER);
  EXPECT_BK_ERROR(a.feature_name(0), BK_ERR_NULL_POINTER);
  EXPECT_BK_ERROR(a.predict_proba(ids, values, out), BK_ERR_NULL_POINTER);
  EXPECT_BK_ERROR(a.predict_proba(ids, values), BK_ERR_NULL_POINTER);
  EXPECT_BK_ERROR(a.predict_log_proba(ids, values, out), BK_ERR_NULL_POINTER);
  EXPECT_BK_ERROR(a.predict_log_proba(ids, values), BK_ERR_NULL_POINTER);
  EXPECT_BK_ERROR(a.predict_proba_batch(indptr, ids, values, batch), BK_ERR_NULL_POINTER);
  EXPECT_BK_ERROR(a.predict_proba_batch(indptr, ids, values), BK_ERR_NULL_POINTER);
  EXPECT_BK_ERROR(a.evaluate(d), BK_ERR_NULL_POINTER);
  EXPECT_BK_ERROR(a.evaluate(d, {}, {}, out), BK_ERR_NULL_POINTER);
  EXPECT_BK_ERROR(a.evaluate_full(d), BK_ERR_NULL_POINTER);
  EXPECT_BK_ERROR(bk::LogisticData::read_phrases_for(a, kTips), BK_ERR_NULL_POINTER);
  EXPECT_EQ(out, std::vector<double>(3, -7.0));
  EXPECT_EQ(batch, std::vector<double>(3, -7.0));

  bk::LogisticModel c = bk::LogisticModel::train(csr_data(synthetic(12)));
  c = std::move(b);  // frees c's old model
  EXPECT_EQ(c.get(), raw);
  EXPECT_EQ(c.classes(), 3u);
  bk::LogisticModel &alias = c;
  c = std::move(alias);  // self-move keeps the handle and K
  EXPECT_EQ(c.get(), raw);
  EXPECT_EQ(c.classes(), 3u);
  EXPECT_EQ(c.to_bytes(), bytes);

  // Release and adopt: adopt reads K back from the handle.
  bk_logistic_model *released = c.release();
  EXPECT_FALSE(c);
  EXPECT_EQ(c.classes(), 0u);
  bk::LogisticModel adopted = bk::LogisticModel::adopt(released);
  EXPECT_EQ(adopted.get(), released);
  EXPECT_EQ(adopted.classes(), 3u);
  EXPECT_EQ(adopted.predict_proba(ids, values).size(), 3u);
  const bk::LogisticModel none = bk::LogisticModel::adopt(nullptr);
  EXPECT_FALSE(none);
  EXPECT_EQ(none.classes(), 0u);

  std::vector<bk::LogisticModel> many;
  for (int i = 0; i < 10; i++) many.push_back(bk::LogisticModel::from_bytes(bytes));
  std::vector<bk::LogisticModel> moved = std::move(many);
  moved.erase(moved.begin(), moved.begin() + 3);
  EXPECT_EQ(moved.size(), 7u);
  EXPECT_EQ(moved.back().to_bytes(), bytes);
}

TEST(LogisticModel, SharedAcrossThreads) {
  // A fresh model, so the threads race to build its phrase table.
  const bk::LogisticModel m = bk::LogisticModel::from_bytes(tips_model().to_bytes());
  const std::vector<const char *> phrases{"great", "rude", "but", "pizza", "long wait", "nope"};
  std::vector<std::uint32_t> want_ids;
  for (const char *p : phrases) want_ids.push_back(tips_model().feature_id(p));
  const std::vector<double> values{1, 2, 1, 1, 1, 5};
  const std::vector<double> want = tips_model().predict_proba(want_ids, values);
  const std::vector<std::size_t> indptr{0, 2, 4, 6};
  const std::vector<double> want_batch = tips_model().predict_proba_batch(indptr, want_ids, values);

  struct Got {
    std::vector<std::uint32_t> ids;
    std::vector<double> p = std::vector<double>(3);
    std::vector<double> batch = std::vector<double>(9);
    bool same = true;
  };
  std::vector<Got> got(4);
  std::vector<std::thread> threads;
  for (Got &g : got)
    threads.emplace_back([&m, &g, &phrases, &values, &indptr, &want] {
      for (const char *p : phrases) g.ids.push_back(m.feature_id(p));
      for (int rep = 0; rep < 200; rep++) {
        m.predict_proba(g.ids, values, g.p);
        g.same = g.same && same_bits(g.p, want);
        m.predict_proba_batch(indptr, g.ids, values, g.batch);
      }
    });
  for (std::thread &t : threads) t.join();
  for (const Got &g : got) {
    EXPECT_EQ(g.ids, want_ids);
    EXPECT_TRUE(g.same);
    EXPECT_TRUE(same_bits(g.p, want));
    EXPECT_TRUE(same_bits(g.batch, want_batch));
  }
}
