// Shrinks two venues' like-rates with a prior fitted to a few venues, and
// checks the library answers as the header says it will.
#include <bayeskit.hpp>

#include <cstdio>
#include <cstring>
#include <vector>

int main() {
  namespace bk = bayeskit;
  try {
    char header[32];
    std::snprintf(header, sizeof header, "%d.%d.%d", bk::version_major, bk::version_minor,
                  bk::version_patch);
    if (std::strcmp(bk::version(), header) != 0) {
      std::fprintf(stderr, "library %s, header %s\n", bk::version(), header);
      return 1;
    }
    bk::DmStats stats(2);  // (dislikes, likes) per venue
    stats.add_rows({1, 9, 0, 4, 3, 7, 2, 2, 10, 30, 0, 1, 5, 45, 4, 1}, 2);
    const bk::DmResult fit = bk::fit(stats);
    const bk::DmPrior prior = fit.prior();
    const std::vector<double> s = prior.score_rows({0, 3, 30, 270}, bk::RankBy::lower, 1, 0.9);
    bk::Beta b(1, 1);
    b.update(30, 970);
    try {
      (void)b.quantile(2.0);
      return 1;
    } catch (const bk::Error &e) {
      if (e.status() != BK_ERR_INVALID_ARGUMENT) return 1;
    }
    std::printf("%s: bayeskit %s, scores %.3f < %.3f, P(rate > 2%%) = %.3f\n", CONSUMER_KIND,
                bk::version(), s[0], s[1], 1 - b.cdf(0.02));
    return s[0] < s[1] ? 0 : 1;
  } catch (const bk::Error &e) {
    std::fprintf(stderr, "bayeskit error %s: %s\n", bk::status_name(e.status()), e.what());
    return 1;
  }
}
