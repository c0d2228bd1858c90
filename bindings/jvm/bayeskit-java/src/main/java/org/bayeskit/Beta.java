package org.bayeskit;

import java.util.List;

/**
 * An immutable Beta(alpha, beta) distribution: the posterior of a success rate. Updates return a
 * new value. Every number comes from the native library (bit for bit the C API's); the moments,
 * quantiles, intervals, draws and comparisons are {@link RatePosterior}'s.
 *
 * <pre>{@code
 * Beta a = Beta.uniform().update(20, 980);      // 20 conversions of 1000
 * Beta b = Beta.uniform().update(30, 970);
 * Interval i = b.interval(0.95);
 * double pBetter = a.compare(b).probBGreater();
 * }</pre>
 *
 * @param alpha first shape (prior + successes), finite and > 0
 * @param beta second shape (prior + failures), finite and > 0
 */
public record Beta(double alpha, double beta) implements RatePosterior<Beta> {
  /** @throws BayeskitException ({@link Status#INVALID_ARGUMENT}) unless both shapes are finite and > 0 */
  public Beta {
    Native.betaInit(alpha, beta);
  }

  /** Beta(1, 1). */
  public static Beta uniform() {
    return new Beta(1, 1);
  }

  /** Adds (possibly fractional) counts of successes and failures. */
  public Beta update(double successes, double failures) {
    return Native.betaUpdate(this, successes, failures);
  }

  /** Observes Bernoulli trials ({@code true} is a success). */
  public Beta observe(boolean[] outcomes) {
    Checks.notNull(outcomes, "outcomes");
    byte[] b = new byte[outcomes.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (outcomes[i] ? 1 : 0);
    }
    return Native.betaObserveBatch(this, b, b.length);
  }

  /** Posterior predictive (beta-binomial) log probability of {@code k} successes in {@code n} trials. */
  public double lnPredictive(long k, long n) {
    Checks.nonNegative(k, "k");
    Checks.nonNegative(n, "n");
    return Native.betaLnPredictive(this, k, n);
  }

  /** Log marginal likelihood of one sequence with these counts, this as prior (no binomial coefficient). */
  public double lnMarginal(double successes, double failures) {
    return Native.betaLnMarginal(this, successes, failures);
  }

  /**
   * The probability that each arm has the largest rate, for 1 to {@link ProbBest#MAX_ARMS} arms.
   *
   * @throws IllegalArgumentException for no arms or more than {@link ProbBest#MAX_ARMS}
   * @throws NullPointerException if {@code arms} or one of them is null
   */
  public static ProbBest probBest(List<Beta> arms) {
    return Native.betaProbBest(Checks.arms(arms, Beta[]::new));
  }
}
