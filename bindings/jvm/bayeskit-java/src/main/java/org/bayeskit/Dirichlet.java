package org.bayeskit;

import java.util.Arrays;
import java.util.function.LongFunction;

/**
 * An immutable Dirichlet posterior over K ≥ 2 category probabilities. The concentrations are
 * copied in and out, so no caller array is shared. In C a Dirichlet is a handle
 * ({@code bk_dirichlet}): each call makes one from the concentrations and frees it after.
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
    Native.dirichletFree(Native.dirichletNew(this.alpha, this.alpha.length));
  }

  /** {@code f} of a C handle holding these concentrations, freed after. */
  private <R> R call(LongFunction<R> f) {
    long h = Native.dirichletNew(alpha, alpha.length);
    try {
      return f.apply(h);
    } finally {
      Native.dirichletFree(h);
    }
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
    return new Dirichlet(call(h -> {
      Native.dirichletUpdate(h, counts, alpha.length);
      return Native.dirichletAlpha(h, alpha.length);
    }));
  }

  /** The posterior means αₖ / A. */
  public double[] mean() {
    return call(h -> Native.dirichletMean(h, alpha.length));
  }

  /** The mode; throws unless every α > 1. */
  public double[] mode() {
    return call(h -> Native.dirichletMode(h, alpha.length));
  }

  public double variance(int category) {
    Checks.nonNegative(category, "category");
    return call(h -> Native.dirichletVariance(h, category));
  }

  public double quantile(int category, double p) {
    Checks.nonNegative(category, "category");
    return call(h -> Native.dirichletQuantile(h, category, p));
  }

  public Interval interval(int category, double level) {
    Checks.nonNegative(category, "category");
    return call(h -> Native.dirichletInterval(h, category, level));
  }

  /** Predictive (Dirichlet-multinomial) log probability of integer counts in Σcounts further draws. */
  public double lnPredictive(double[] counts) {
    checkK(counts);
    return call(h -> Native.dirichletLnPredictive(h, counts, alpha.length));
  }

  public double lnMarginal(double[] counts) {
    checkK(counts);
    return call(h -> Native.dirichletLnMarginal(h, counts, alpha.length));
  }

  /** One draw of the probability vector. */
  public double[] sample(Rng rng) {
    long r = rng.lockExclusive();
    try {
      return call(h -> Native.dirichletSample(h, r, alpha.length));
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
