package org.bayeskit;

/**
 * The immutable posterior Normal(mean, sd²) of an unknown mean, observations having a known
 * noise standard deviation. Updating with values, the predictive and the marginal likelihood are
 * {@link NormalPosterior}'s.
 *
 * <pre>{@code
 * NormalKnownVar p = new NormalKnownVar(0, 10, 2).update(new double[] {1.5, 2.5, 0.5});
 * Interval i = p.interval(0.95);
 * }</pre>
 *
 * @param mean posterior mean of μ, finite
 * @param sd posterior standard deviation of μ, finite and > 0
 * @param noiseSd known noise standard deviation, finite and > 0
 */
public record NormalKnownVar(double mean, double sd, double noiseSd) implements NormalPosterior<NormalKnownVar> {
  /** @throws BayeskitException for a non-finite mean or a non-positive sd */
  public NormalKnownVar {
    Native.normalKnownVarInit(mean, sd, noiseSd);
  }

  /** Observes {@code count} (a possibly fractional weight) values averaging {@code xbar}. */
  public NormalKnownVar updateStats(double count, double xbar) {
    return Native.normalKnownVarUpdateStats(this, count, xbar);
  }

  public double quantile(double p) {
    return Native.normalKnownVarQuantile(this, p);
  }

  public Interval interval(double level) {
    return Native.normalKnownVarInterval(this, level);
  }

  /** {@code n} draws of μ. */
  public double[] sample(Rng rng, int n) {
    double[] out = new double[n];
    long r = rng.lockExclusive();
    try {
      Native.normalKnownVarSample(this, r, out, n);
    } finally {
      rng.unlockExclusive();
    }
    return out;
  }
}
