package org.bayeskit;

/**
 * Options of {@link LogisticModel#predictMc}; the native library checks them (draws in 2 to
 * 10,000,000, level in (0, 1)) and refuses bad ones with {@link BayeskitException} without advancing the generator.
 *
 * @param draws draws of the logits (default 1000)
 * @param level central probability of the reported interval (default 0.95)
 */
public record McOptions(long draws, double level) {
  /** The library's defaults, from the native {@code bk_logistic_mc_options_default}. */
  public static McOptions defaults() {
    return Native.logisticMcOptionsDefault();
  }

  public McOptions withDraws(long n) {
    return new McOptions(n, level);
  }

  public McOptions withLevel(double l) {
    return new McOptions(draws, l);
  }
}
