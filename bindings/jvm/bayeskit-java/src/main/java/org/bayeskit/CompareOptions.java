package org.bayeskit;

/**
 * Options of {@link Beta#compareSummary} and {@link Gamma#compareSummary}. Start from {@link #defaults()}.
 *
 * @param level credible level of the lift interval, in (0, 1) (default 0.95)
 */
public record CompareOptions(double level) {
  /** The library's defaults, from the native {@code bk_compare_options_default}. */
  public static CompareOptions defaults() {
    return Native.compareOptionsDefault();
  }

  public CompareOptions withLevel(double l) {
    return new CompareOptions(l);
  }
}
