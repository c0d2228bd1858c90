package org.bayeskit;

/**
 * The immutable Normal–Gamma posterior of an unknown mean and precision: τ ~ Gamma(alpha, beta),
 * μ | τ ~ Normal(m, 1/(kappa·τ)); μ's marginal is a Student t. Updating with values, the
 * predictive and the marginal likelihood are {@link NormalPosterior}'s.
 *
 * <pre>{@code
 * NormalGamma p = new NormalGamma(0, 1, 2, 2).update(new double[] {1.5, 2.5, 0.5});
 * Interval mu = p.meanInterval(0.9);
 * }</pre>
 */
public record NormalGamma(double m, double kappa, double alpha, double beta) implements NormalPosterior<NormalGamma> {
  /** @throws BayeskitException unless m is finite and kappa, alpha, beta are finite and > 0 */
  public NormalGamma {
    Native.normalGammaInit(m, kappa, alpha, beta);
  }

  /** Observes {@code count} values with mean {@code mean} and sum of squared deviations {@code ss}. */
  public NormalGamma updateStats(double count, double mean, double ss) {
    return Native.normalGammaUpdateStats(this, count, mean, ss);
  }

  /** Quantile of μ's Student-t marginal. */
  public double meanQuantile(double p) {
    return Native.normalGammaMeanQuantile(this, p);
  }

  public Interval meanInterval(double level) {
    return Native.normalGammaMeanInterval(this, level);
  }

  /** Variance of μ's marginal; throws for α ≤ 1, where it is infinite or undefined. */
  public double meanVariance() {
    return Native.normalGammaMeanVariance(this);
  }

  /** {@code n} joint draws: means into {@code mu}, variances σ² into {@code variance} (each ≥ n long). */
  public void sample(Rng rng, double[] mu, double[] variance, int n) {
    Checks.length(mu, n, "mu");
    Checks.length(variance, n, "variance");
    long r = rng.lockExclusive();
    try {
      Native.normalGammaSample(this, r, mu, variance, n);
    } finally {
      rng.unlockExclusive();
    }
  }
}
