// Score tips with a saved model: train a sparse logistic regression on
// tips given as phrase counts and labelled positive, negative or mixed, save
// the model, load it back and classify new tips from their phrases.
//
//   score_tips MODEL.bkl data/demo/tips.tsv   trains, saves MODEL.bkl, reloads it
//   score_tips MODEL.bkl                      loads MODEL.bkl (saved by a previous
//                                             run or `bayeskit logistic train`)
//
// The tips file: `label<TAB>phrase:count<TAB>phrase:count...` per line.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bayeskit.hpp"

namespace bk = bayeskit;

namespace {

using Tip = std::vector<std::pair<const char *, double>>;  // phrase, count

// New tips to classify; "valet parking" is not in the bundled data.
const std::vector<Tip> kTips = {
    {{"great", 1}, {"friendly staff", 1}, {"coffee", 2}},
    {{"rude", 1}, {"cold food", 1}, {"long wait", 1}},
    {{"ok", 1}, {"but", 1}, {"could be better", 1}, {"pizza", 1}},
    {{"best coffee", 1}, {"delicious", 1}, {"view", 1}},
    {{"amazing", 1}, {"but", 1}, {"overpriced", 1}, {"a bit pricey", 1}},
    {{"terrible", 1}, {"valet parking", 1}},
};

// Trains on `tips_path`, prints how training went and saves the model.
bk::LogisticModel train_and_save(const std::string &tips_path, const std::string &model_path) {
  bk::LogisticReadReport report{};
  const bk::LogisticData data = bk::LogisticData::read_phrases(tips_path, {}, &report);
  bk::LogisticModel model =
      bk::LogisticModel::train(data, bk::LogisticTrainOptions().lambda(1e-3).l1_ratio(0.5));
  const bk::LogisticInfo info = model.info();
  std::printf("%s: %zu tips, %zu classes, %zu phrases\n", tips_path.c_str(), data.rows(),
              data.classes(), data.features());
  std::printf("trained: %s after %u passes, %zu non-zero weights\n",
              info.converged ? "converged" : "NOT converged", info.iterations, model.nnz());

  // How well it fits the training tips, with the confusion matrix.
  const bk::LogisticEvaluation ev = model.evaluate_full(data);
  const std::vector<std::string> labels = model.labels();
  const std::size_t k = labels.size();
  std::printf("training accuracy %.3f, log-loss %.3f; confusion (rows: true class):\n",
              ev.metrics.accuracy, ev.metrics.log_loss);
  for (std::size_t t = 0; t < k; t++) {
    std::printf("  %-9s", labels[t].c_str());
    for (std::size_t p = 0; p < k; p++) std::printf(" %6.0f", ev.confusion[t * k + p]);
    std::printf("   recall %.3f\n", ev.recall[t]);
  }
  model.save(model_path);
  return model;
}

}  // namespace

int main(int argc, char **argv) {
  if (argc < 2 || argc > 3) {
    std::cerr << "usage: score_tips MODEL.bkl [TIPS.tsv]\n";
    return 2;
  }
  const std::string model_path = argv[1];
  try {
    // 1. Train and save (or just load), then load the saved file.
    std::optional<bk::LogisticModel> trained;
    if (argc == 3) trained.emplace(train_and_save(argv[2], model_path));
    const bk::LogisticModel model = bk::LogisticModel::load(model_path);
    const std::vector<std::string> labels = model.labels();
    std::printf("loaded %s: %zu classes (", model_path.c_str(), model.classes());
    for (std::size_t i = 0; i < labels.size(); i++)
      std::printf("%s%s", i ? ", " : "", labels[i].c_str());
    std::printf("), %zu phrases, %zu bytes\n", model.features(), model.serialized_size());
    if (trained && trained->to_bytes() != model.to_bytes()) {
      std::cerr << "the reloaded model differs from the trained one\n";
      return 1;
    }

    // 2. Classify: phrase ids from the model's dictionary (a phrase it does
    //    not know gets no_feature, which scoring ignores), then the class
    //    probabilities into a buffer reused for every tip.
    std::vector<std::uint32_t> ids;
    std::vector<double> counts;
    std::vector<double> p(model.classes()), q(model.classes());
    bool same_scores = true;
    for (const Tip &tip : kTips) {
      ids.clear();
      counts.clear();
      std::string text;
      for (const auto &phrase : tip) {
        ids.push_back(model.feature_id(phrase.first));
        counts.push_back(phrase.second);
        text += (text.empty() ? "" : " ") + std::string(phrase.first) + ":" +
                std::to_string(static_cast<int>(phrase.second));
        if (ids.back() == bk::LogisticModel::no_feature) text += "(unknown)";
      }
      model.predict_proba(ids, counts, p);
      if (trained) {  // the saved model scores exactly as the trained one
        trained->predict_proba(ids, counts, q);
        same_scores = same_scores && std::memcmp(p.data(), q.data(), p.size() * sizeof p[0]) == 0;
      }
      const auto best = static_cast<std::size_t>(std::max_element(p.begin(), p.end()) - p.begin());
      std::printf("%-55s -> %-8s (%.3f)\n", text.c_str(), labels[best].c_str(), p[best]);
    }
    if (trained) {
      if (!same_scores) {
        std::cerr << "the reloaded model scores differently\n";
        return 1;
      }
      std::printf("the reloaded model has the same bytes and scores bit for bit as the trained one\n");
    }
    return 0;
  } catch (const bk::Error &e) {
    std::cerr << "bayeskit error " << bk::status_name(e.status()) << ": " << e.what() << "\n";
  } catch (const std::exception &e) {
    std::cerr << "error: " << e.what() << "\n";
  }
  return 1;
}
