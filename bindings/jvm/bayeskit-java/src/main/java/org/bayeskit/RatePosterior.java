package org.bayeskit;

/**
 * What the posteriors of a rate share — {@link Beta} (a success rate) and {@link Gamma} (a Poisson
 * rate): moments, quantiles and credible intervals, seeded draws, and the comparison of two arms
 * of one family. Each method is its family's C function ({@code bk_beta_mean},
 * {@code bk_gamma_mean}, …), bit for bit.
 *
 * <pre>{@code
 * static <T extends RatePosterior<T>> boolean bIsBetter(T a, T b) {
 *   return a.compare(b).probBGreater() > 0.95;
 * }
 * }</pre>
 *
 * @param <T> the family: a value is compared with values of its own family
 */
public sealed interface RatePosterior<T extends RatePosterior<T>> permits Beta, Gamma {
  /** The mean: α / (α + β) of a Beta, shape / rate of a Gamma. */
  default double mean() {
    return natives().mean().applyAsDouble(self());
  }

  default double variance() {
    return natives().variance().applyAsDouble(self());
  }

  /** The mode; a Beta with α ≤ 1 and β ≤ 1 has no unique mode and throws {@link BayeskitException}. */
  default double mode() {
    return natives().mode().applyAsDouble(self());
  }

  /** P(X ≤ x). */
  default double cdf(double x) {
    return natives().cdf().apply(self(), x);
  }

  /** The x with P(X ≤ x) = p, p in [0, 1] (p = 1 gives +∞ for a Gamma). */
  default double quantile(double p) {
    return natives().quantile().apply(self(), p);
  }

  /** The equal-tailed credible interval holding probability {@code level} in (0, 1). */
  default Interval interval(double level) {
    return natives().interval().apply(self(), level);
  }

  /** {@code n} draws from {@code rng}. */
  default double[] sample(Rng rng, int n) {
    double[] out = new double[n];
    sample(rng, out);
    return out;
  }

  /** Fills {@code out} with draws from {@code rng}. */
  default void sample(Rng rng, double[] out) {
    Checks.notNull(out, "out");
    long r = rng.lockExclusive();
    try {
      natives().sample().apply(self(), r, out, out.length);
    } finally {
      rng.unlockExclusive();
    }
  }

  /** Compares {@code b} (arm B) against this (arm A) exactly. */
  default Comparison compare(T b) {
    return natives().compare().apply(self(), Checks.notNull(b, "b"));
  }

  /** Compares {@code b} against this by Monte Carlo with {@code draws} draws per arm. */
  default Comparison compareMonteCarlo(T b, long draws, Rng rng) {
    Checks.notNull(b, "b");
    Checks.nonNegative(draws, "draws");
    long r = rng.lockExclusive();
    try {
      return natives().compareMc().apply(self(), b, draws, r);
    } finally {
      rng.unlockExclusive();
    }
  }

  /** Quantile {@code p} in (0, 1) of the lift θ_B / θ_A − 1, this being A. */
  default double liftQuantile(T b, double p) {
    return natives().liftQuantile().apply(self(), Checks.notNull(b, "b"), p);
  }

  /** P(B > A), expected losses and the lift's median and interval at {@code level}, this being A. */
  default CompareSummary compareSummary(T b, double level) {
    return natives().compareSummary().apply(self(), Checks.notNull(b, "b"), level);
  }

  /** {@link #compareSummary(RatePosterior, double)} at the level of {@code options}. */
  default CompareSummary compareSummary(T b, CompareOptions options) {
    return compareSummary(b, options.level());
  }

  private Families.Rate<T> natives() {
    return Families.of(this);
  }

  @SuppressWarnings("unchecked")
  private T self() {
    return (T) this;
  }
}
