package org.bayeskit;

/**
 * The immutable posterior Normal(mean, sd²) of an unknown mean, observations having a known
 * noise standard deviation.
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
public record NormalKnownVar(double mean, double sd, double noiseSd) {
  /** @throws BayeskitException for a non-finite mean or a non-positive sd */
  public NormalKnownVar {
    Native.nkvInit(mean, sd, noiseSd);
  }

  private static NormalKnownVar of(double[] v) {
    return new NormalKnownVar(v[0], v[1], v[2]);
  }

  /** Observes values. */
  public NormalKnownVar update(double[] xs) {
    Checks.notNull(xs, "xs");
    return of(Native.nkvUpdateBatch(mean, sd, noiseSd, xs, xs.length));
  }

  /** Observes {@code count} (a possibly fractional weight) values averaging {@code xbar}. */
  public NormalKnownVar updateStats(double count, double xbar) {
    return of(Native.nkvUpdateStats(mean, sd, noiseSd, count, xbar));
  }

  public double quantile(double p) {
    return Native.nkvQuantile(mean, sd, noiseSd, p);
  }

  public Interval interval(double level) {
    return Interval.of(Native.nkvInterval(mean, sd, noiseSd, level));
  }

  /** Posterior predictive log density of one new observation. */
  public double lnPredictive(double x) {
    return Native.nkvLnPredictive(mean, sd, noiseSd, x);
  }

  public double lnMarginal(double[] xs) {
    Checks.notNull(xs, "xs");
    return Native.nkvLnMarginal(mean, sd, noiseSd, xs, xs.length);
  }

  /** {@code n} draws of μ. */
  public double[] sample(Rng rng, int n) {
    double[] out = new double[n];
    long r = rng.lockExclusive();
    try {
      Native.nkvSample(mean, sd, noiseSd, r, out, n);
    } finally {
      rng.unlockExclusive();
    }
    return out;
  }
}
