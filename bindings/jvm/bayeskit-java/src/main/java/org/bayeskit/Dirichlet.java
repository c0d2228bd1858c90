package org.bayeskit;

import java.util.Arrays;

/**
 * An immutable Dirichlet posterior over K ≥ 2 category probabilities. The concentrations are
 * copied in and out, so no caller array is shared.
 *
 * <pre>{@code
 * Dirichlet d = new Dirichlet(1, 1, 1).update(new double[] {4, 0, 1});
 * double[] p = d.mean();
 * }</pre>
 */
public final class Dirichlet {
  private final double[] alpha;

  /** @throws BayeskitException unless K ≥ 2 and every α is finite and > 0 */
  public Dirichlet(double... alpha) {
    this.alpha = Checks.notNull(alpha, "alpha").clone();
    Native.dirCheck(this.alpha, this.alpha.length);
  }

  /** The concentrations (a copy). */
  public double[] alpha() {
    return alpha.clone();
  }

  /** K. */
  public int categories() {
    return alpha.length;
  }

  private void checkK(double[] counts) {
    Checks.notNull(counts, "counts");
    if (counts.length != alpha.length) {
      throw new IllegalArgumentException("counts has " + counts.length + " values, the Dirichlet " + alpha.length);
    }
  }

  /** Adds K (possibly fractional) per-category counts. */
  public Dirichlet update(double[] counts) {
    checkK(counts);
    return new Dirichlet(Native.dirVector(0, alpha, alpha.length, counts));
  }

  /** The posterior means αₖ / A. */
  public double[] mean() {
    return Native.dirVector(1, alpha, alpha.length, null);
  }

  /** The mode; throws unless every α > 1. */
  public double[] mode() {
    return Native.dirVector(2, alpha, alpha.length, null);
  }

  public double variance(int category) {
    Checks.nonNegative(category, "category");
    return Native.dirScalar(0, alpha, alpha.length, category, 0, null)[0];
  }

  public double quantile(int category, double p) {
    Checks.nonNegative(category, "category");
    return Native.dirScalar(1, alpha, alpha.length, category, p, null)[0];
  }

  public Interval interval(int category, double level) {
    Checks.nonNegative(category, "category");
    return Interval.of(Native.dirScalar(2, alpha, alpha.length, category, level, null));
  }

  /** Predictive (Dirichlet-multinomial) log probability of integer counts in Σcounts further draws. */
  public double lnPredictive(double[] counts) {
    checkK(counts);
    return Native.dirScalar(3, alpha, alpha.length, 0, 0, counts)[0];
  }

  public double lnMarginal(double[] counts) {
    checkK(counts);
    return Native.dirScalar(4, alpha, alpha.length, 0, 0, counts)[0];
  }

  /** One draw of the probability vector. */
  public double[] sample(Rng rng) {
    long r = rng.lockExclusive();
    try {
      return Native.dirSample(alpha, alpha.length, r);
    } finally {
      rng.unlockExclusive();
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Dirichlet d && Arrays.equals(alpha, d.alpha);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(alpha);
  }

  @Override
  public String toString() {
    return "Dirichlet" + Arrays.toString(alpha);
  }
}
