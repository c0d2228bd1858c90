package org.bayeskit;

/**
 * The immutable Normal–Gamma posterior of an unknown mean and precision: τ ~ Gamma(alpha, beta),
 * μ | τ ~ Normal(m, 1/(kappa·τ)); μ's marginal is a Student t.
 *
 * <pre>{@code
 * NormalGamma p = new NormalGamma(0, 1, 2, 2).update(new double[] {1.5, 2.5, 0.5});
 * Interval mu = p.meanInterval(0.9);
 * }</pre>
 */
public record NormalGamma(double m, double kappa, double alpha, double beta) {
  /** @throws BayeskitException unless m is finite and kappa, alpha, beta are finite and > 0 */
  public NormalGamma {
    Native.ngCheck(m, kappa, alpha, beta);
  }

  private static NormalGamma of(double[] v) {
    return new NormalGamma(v[0], v[1], v[2], v[3]);
  }

  public NormalGamma update(double[] xs) {
    Checks.notNull(xs, "xs");
    return of(Native.ngUpdateBatch(m, kappa, alpha, beta, xs, xs.length));
  }

  /** Observes {@code count} values with mean {@code mean} and sum of squared deviations {@code ss}. */
  public NormalGamma updateStats(double count, double mean, double ss) {
    return of(Native.ngUpdateStats(m, kappa, alpha, beta, count, mean, ss));
  }

  /** Quantile of μ's Student-t marginal. */
  public double meanQuantile(double p) {
    return Native.ngMeanQuantile(m, kappa, alpha, beta, p);
  }

  public Interval meanInterval(double level) {
    return Interval.of(Native.ngMeanInterval(m, kappa, alpha, beta, level));
  }

  /** Variance of μ's marginal; throws for α ≤ 1, where it is infinite or undefined. */
  public double meanVariance() {
    return Native.ngMeanVariance(m, kappa, alpha, beta);
  }

  public double lnPredictive(double x) {
    return Native.ngLnPredictive(m, kappa, alpha, beta, x);
  }

  public double lnMarginal(double[] xs) {
    Checks.notNull(xs, "xs");
    return Native.ngLnMarginal(m, kappa, alpha, beta, xs, xs.length);
  }

  /** {@code n} joint draws: means into {@code mu}, variances σ² into {@code variance} (each ≥ n long). */
  public void sample(Rng rng, double[] mu, double[] variance, int n) {
    Checks.length(mu, n, "mu");
    Checks.length(variance, n, "variance");
    long r = rng.lockExclusive();
    try {
      Native.ngSample(m, kappa, alpha, beta, r, mu, variance, n);
    } finally {
      rng.unlockExclusive();
    }
  }
}
