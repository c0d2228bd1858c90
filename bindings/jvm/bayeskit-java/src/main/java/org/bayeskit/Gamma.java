package org.bayeskit;

import java.util.List;

/**
 * An immutable Gamma(shape, rate) distribution: the posterior of a Poisson rate.
 *
 * <pre>{@code
 * Gamma g = new Gamma(2, 1).update(7, 3);   // 7 events over exposure 3
 * double rate = g.mean();
 * }</pre>
 *
 * @param shape finite and > 0
 * @param rate inverse scale, finite and > 0
 */
public record Gamma(double shape, double rate) {
  /** @throws BayeskitException unless both are finite and > 0 */
  public Gamma {
    Native.gammaCheck(shape, rate);
  }

  private static Gamma of(double[] v) {
    return new Gamma(v[0], v[1]);
  }

  /** Adds a (possibly weighted) total {@code count} observed over total {@code exposure}. */
  public Gamma update(double count, double exposure) {
    return of(Native.gammaUpdate(shape, rate, count, exposure));
  }

  /** Observes {@code counts[i]} over {@code exposures[i]}. */
  public Gamma update(double[] counts, double[] exposures) {
    Checks.sameLength(counts, exposures, "counts", "exposures");
    return of(Native.gammaUpdateBatch(shape, rate, counts, exposures, counts.length));
  }

  public double mean() {
    return Native.gammaStat(0, shape, rate);
  }

  public double variance() {
    return Native.gammaStat(1, shape, rate);
  }

  public double mode() {
    return Native.gammaStat(2, shape, rate);
  }

  public double cdf(double x) {
    return Native.gammaCdf(shape, rate, x);
  }

  /** The x with P(X ≤ x) = p, p in [0, 1] (p = 1 gives +∞). */
  public double quantile(double p) {
    return Native.gammaQuantile(shape, rate, p);
  }

  public Interval interval(double level) {
    return Interval.of(Native.gammaInterval(shape, rate, level));
  }

  /** Posterior predictive (negative binomial) log probability of {@code k} events over {@code exposure}. */
  public double lnPredictive(long k, double exposure) {
    Checks.nonNegative(k, "k");
    return Native.gammaLnPredictive(shape, rate, k, exposure);
  }

  /** Log marginal likelihood of Poisson counts over exposures, this as prior. */
  public double lnMarginal(double[] counts, double[] exposures) {
    Checks.sameLength(counts, exposures, "counts", "exposures");
    return Native.gammaLnMarginal(shape, rate, counts, exposures, counts.length);
  }

  public double[] sample(Rng rng, int n) {
    double[] out = new double[n];
    sample(rng, out);
    return out;
  }

  public void sample(Rng rng, double[] out) {
    Checks.notNull(out, "out");
    long r = rng.lockExclusive();
    try {
      Native.gammaSample(shape, rate, r, out, out.length);
    } finally {
      rng.unlockExclusive();
    }
  }

  /** Compares rate {@code b} against this (A) exactly. */
  public Comparison compare(Gamma b) {
    return Comparison.of(Native.gammaCompare(shape, rate, b.shape, b.rate));
  }

  public Comparison compareMonteCarlo(Gamma b, long draws, Rng rng) {
    Checks.nonNegative(draws, "draws");
    long r = rng.lockExclusive();
    try {
      return Comparison.of(Native.gammaCompareMc(shape, rate, b.shape, b.rate, draws, r));
    } finally {
      rng.unlockExclusive();
    }
  }

  public double liftQuantile(Gamma b, double p) {
    return Native.gammaLiftQuantile(shape, rate, b.shape, b.rate, p);
  }

  public CompareSummary compareSummary(Gamma b, double level) {
    return CompareSummary.of(Native.gammaCompareSummary(shape, rate, b.shape, b.rate, level));
  }

  /** {@link #compareSummary(Gamma, double)} at the level of {@code options}. */
  public CompareSummary compareSummary(Gamma b, CompareOptions options) {
    return compareSummary(b, options.level());
  }

  /**
   * The probability that each arm has the largest rate, for 1 to {@link ProbBest#MAX_ARMS} arms.
   *
   * @throws IllegalArgumentException for no arms or more than {@link ProbBest#MAX_ARMS}
   * @throws NullPointerException if {@code arms} or one of them is null
   */
  public static ProbBest probBest(List<Gamma> arms) {
    Gamma[] a = Checks.notNull(arms, "arms").toArray(new Gamma[0]);
    double[] shapes = new double[a.length];
    double[] rates = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      Checks.notNull(a[i], "arms[" + i + "]");
      shapes[i] = a[i].shape;
      rates[i] = a[i].rate;
    }
    Checks.arms(shapes, rates, "shapes", "rates");
    return ProbBest.of(Native.gammaProbBest(shapes, rates, shapes.length), shapes.length);
  }
}
