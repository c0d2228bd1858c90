package org.bayeskit;

import java.util.List;

/**
 * An immutable Gamma(shape, rate) distribution: the posterior of a Poisson rate. The moments,
 * quantiles, intervals, draws and comparisons are {@link RatePosterior}'s.
 *
 * <pre>{@code
 * Gamma g = new Gamma(2, 1).update(7, 3);   // 7 events over exposure 3
 * double rate = g.mean();
 * }</pre>
 *
 * @param shape finite and > 0
 * @param rate inverse scale, finite and > 0
 */
public record Gamma(double shape, double rate) implements RatePosterior<Gamma> {
  /** @throws BayeskitException unless both are finite and > 0 */
  public Gamma {
    Native.gammaInit(shape, rate);
  }

  /** Adds a (possibly weighted) total {@code count} observed over total {@code exposure}. */
  public Gamma update(double count, double exposure) {
    return Native.gammaUpdate(this, count, exposure);
  }

  /** Observes {@code counts[i]} over {@code exposures[i]}. */
  public Gamma update(double[] counts, double[] exposures) {
    Checks.sameLength(counts, exposures, "counts", "exposures");
    return Native.gammaUpdateBatch(this, counts, exposures, counts.length);
  }

  /** Posterior predictive (negative binomial) log probability of {@code k} events over {@code exposure}. */
  public double lnPredictive(long k, double exposure) {
    Checks.nonNegative(k, "k");
    return Native.gammaLnPredictive(this, k, exposure);
  }

  /** Log marginal likelihood of Poisson counts over exposures, this as prior. */
  public double lnMarginal(double[] counts, double[] exposures) {
    Checks.sameLength(counts, exposures, "counts", "exposures");
    return Native.gammaLnMarginal(this, counts, exposures, counts.length);
  }

  /**
   * The probability that each arm has the largest rate, for 1 to {@link ProbBest#MAX_ARMS} arms.
   *
   * @throws IllegalArgumentException for no arms or more than {@link ProbBest#MAX_ARMS}
   * @throws NullPointerException if {@code arms} or one of them is null
   */
  public static ProbBest probBest(List<Gamma> arms) {
    return Native.gammaProbBest(Checks.arms(arms, Gamma[]::new));
  }
}
