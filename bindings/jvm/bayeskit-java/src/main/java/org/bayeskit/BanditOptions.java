package org.bayeskit;

/**
 * Options of a {@link Bandit}. Start from {@link #defaults()}.
 *
 * @param topTwoBeta top-two sampling plays the leader with this probability, in (0, 1)
 */
public record BanditOptions(double topTwoBeta) {
  /** The library's defaults, from the native {@code bk_bandit_options_default}. */
  public static BanditOptions defaults() {
    return Native.banditOptionsDefault();
  }

  public BanditOptions withTopTwoBeta(double b) {
    return new BanditOptions(b);
  }
}
