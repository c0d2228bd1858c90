// Rank venues by a shrunk rating: fit a Dirichlet prior to every venue's 1–5
// star counts, then rank venues by the lower end of the 90% credible interval
// of their five-star share. A venue with 3 five-star ratings no longer beats
// one with 3,000 ratings of which 58% are five stars.
//
//   rank_venues data/demo/venue_ratings.tsv [--top N]
//
// The file: a header line, then `id<TAB>n1<TAB>n2<TAB>n3<TAB>n4<TAB>n5`.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <numeric>
#include <stdexcept>
#include <sstream>
#include <string>
#include <vector>

#include "bayeskit.hpp"

namespace {

constexpr std::size_t K = 5;          // one to five stars
constexpr std::size_t FIVE_STARS = 4;  // the category ranked on
constexpr double LEVEL = 0.9;

struct Venues {
  std::vector<std::string> ids;
  std::vector<std::uint64_t> counts;  // row-major, K per venue
};

// Reads the ids and counts (the library's DmStats::read_file builds the
// statistics of a file without keeping its rows; ranking needs the rows).
Venues read_venues(const std::string &path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  Venues v;
  std::string line;
  std::getline(in, line);  // header
  for (std::size_t lineno = 2; std::getline(in, line); lineno++) {
    if (line.empty()) continue;
    std::istringstream fields(line);
    std::string id;
    std::getline(fields, id, '\t');
    std::uint64_t c[K];
    for (auto &x : c)
      if (!(fields >> x)) throw std::runtime_error(path + ":" + std::to_string(lineno) + ": bad row");
    v.ids.push_back(id);
    v.counts.insert(v.counts.end(), c, c + K);
  }
  return v;
}

std::uint64_t total(const std::uint64_t *row) { return std::accumulate(row, row + K, std::uint64_t{0}); }

}  // namespace

int main(int argc, char **argv) {
  const std::string path = argc > 1 ? argv[1] : "data/demo/venue_ratings.tsv";
  std::size_t top = 10;
  if (argc > 3 && std::string(argv[2]) == "--top") top = std::strtoul(argv[3], nullptr, 10);

  try {
    namespace bk = bayeskit;
    const Venues venues = read_venues(path);
    const std::size_t n = venues.ids.size();

    // 1. Statistics of all rows (O(K) a row), then the maximum-likelihood α.
    bk::DmStats stats(K);
    stats.add_rows(venues.counts, K);
    const bk::DmResult fit = bk::fit(stats);
    const bk::FitSummary s = fit.summary();
    if (fit.outcome() != bk::Outcome::converged) {
      std::cerr << "the fit did not converge (outcome " << s.outcome << ")\n";
      return 1;
    }
    const std::vector<double> alpha = fit.alpha();
    std::printf("%zu venues; fitted alpha = (", n);
    for (std::size_t k = 0; k < K; k++) std::printf("%s%.2f", k ? ", " : "", alpha[k]);
    std::printf(") in %zu Newton steps, A = %.2f\n", s.iterations, s.alpha_sum);

    // 2. Score every venue by the lower end of its five-star share's 90% interval.
    const bk::DmPrior prior = fit.prior();
    std::vector<double> score(n);
    prior.score_rows(venues.counts, bk::RankBy::lower, FIVE_STARS, LEVEL, score);
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return score[a] > score[b]; });
    std::vector<std::size_t> rank(n);
    for (std::size_t r = 0; r < n; r++) rank[order[r]] = r + 1;

    // 3. The top venues, and the two of the demo.
    std::printf("%-5s %-14s %8s %8s %10s  %s\n", "rank", "venue", "ratings", "raw 5*",
                "shrunk 5*", "90% interval");
    auto show = [&](std::size_t i) {
      const std::uint64_t *row = &venues.counts[i * K];
      const bk::Span<const std::uint64_t> counts(row, K);
      double mean[K];
      prior.posterior_mean(counts, mean);
      const bk::Interval ci = prior.interval(counts, FIVE_STARS, LEVEL);
      const std::uint64_t t = total(row);
      std::printf("%-5zu %-14s %8llu %8.3f %10.3f  [%.3f, %.3f]\n", rank[i], venues.ids[i].c_str(),
                  static_cast<unsigned long long>(t),
                  t ? static_cast<double>(row[FIVE_STARS]) / static_cast<double>(t) : 0.0,
                  mean[FIVE_STARS], ci.lo, ci.hi);
    };
    for (std::size_t r = 0; r < std::min(top, n); r++) show(order[r]);
    std::printf("...\n");
    std::size_t cafe = n, grill = n;
    for (std::size_t i = 0; i < n; i++) {
      if (venues.ids[i] == "corner_cafe") cafe = i;
      if (venues.ids[i] == "harbour_grill") grill = i;
    }
    if (cafe < n && grill < n) {
      show(cafe);
      show(grill);
      std::printf("%s ranks %s corner_cafe\n", "harbour_grill", rank[grill] < rank[cafe] ? "above" : "below");
    }
    return 0;
  } catch (const bayeskit::Error &e) {
    std::cerr << "bayeskit error " << bayeskit::status_name(e.status()) << ": " << e.what() << "\n";
  } catch (const std::exception &e) {
    std::cerr << "error: " << e.what() << "\n";
  }
  return 1;
}
