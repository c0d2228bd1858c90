package org.bayeskit;

/**
 * Options of {@link Bandit#report}. Start from {@link #defaults()}.
 *
 * @param draws Monte Carlo draws for the expected losses and the value remaining (and P(best) of
 *     Normal–Gamma arms), 2 to 10,000,000
 * @param level the quantile of the value remaining reported, in (0, 1)
 */
public record BanditReportOptions(long draws, double level) {
  /** The library's defaults, from the native {@code bk_bandit_report_options_default}. */
  public static BanditReportOptions defaults() {
    return Native.banditReportOptionsDefault();
  }

  public BanditReportOptions withDraws(long d) {
    return new BanditReportOptions(d, level);
  }

  public BanditReportOptions withLevel(double l) {
    return new BanditReportOptions(draws, l);
  }
}
