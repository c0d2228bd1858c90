package org.bayeskit;

import java.util.List;

/**
 * An immutable Beta(alpha, beta) distribution: the posterior of a success rate. Updates return a
 * new value. Every number comes from the native library (bit for bit the C API's).
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
public record Beta(double alpha, double beta) {
  /** @throws BayeskitException ({@link Status#INVALID_ARGUMENT}) unless both shapes are finite and > 0 */
  public Beta {
    Native.betaCheck(alpha, beta);
  }

  /** Beta(1, 1). */
  public static Beta uniform() {
    return new Beta(1, 1);
  }

  private static Beta of(double[] v) {
    return new Beta(v[0], v[1]);
  }

  /** Adds (possibly fractional) counts of successes and failures. */
  public Beta update(double successes, double failures) {
    return of(Native.betaUpdate(alpha, beta, successes, failures));
  }

  /** Observes Bernoulli trials ({@code true} is a success). */
  public Beta observe(boolean[] outcomes) {
    Checks.notNull(outcomes, "outcomes");
    byte[] b = new byte[outcomes.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (outcomes[i] ? 1 : 0);
    }
    return of(Native.betaObserve(alpha, beta, b, b.length));
  }

  /** α / (α + β). */
  public double mean() {
    return Native.betaStat(0, alpha, beta);
  }

  public double variance() {
    return Native.betaStat(1, alpha, beta);
  }

  /** @throws BayeskitException when α ≤ 1 and β ≤ 1 (no unique mode) */
  public double mode() {
    return Native.betaStat(2, alpha, beta);
  }

  /** P(X ≤ x). */
  public double cdf(double x) {
    return Native.betaCdf(alpha, beta, x);
  }

  /** The x with P(X ≤ x) = p, p in [0, 1]. */
  public double quantile(double p) {
    return Native.betaQuantile(alpha, beta, p);
  }

  /** The equal-tailed credible interval holding probability {@code level} in (0, 1). */
  public Interval interval(double level) {
    return Interval.of(Native.betaInterval(alpha, beta, level));
  }

  /** Posterior predictive (beta-binomial) log probability of {@code k} successes in {@code n} trials. */
  public double lnPredictive(long k, long n) {
    Checks.nonNegative(k, "k");
    Checks.nonNegative(n, "n");
    return Native.betaLnPredictive(alpha, beta, k, n);
  }

  /** Log marginal likelihood of one sequence with these counts, this as prior (no binomial coefficient). */
  public double lnMarginal(double successes, double failures) {
    return Native.betaLnMarginal(alpha, beta, successes, failures);
  }

  /** {@code n} draws from {@code rng}. */
  public double[] sample(Rng rng, int n) {
    double[] out = new double[n];
    sample(rng, out);
    return out;
  }

  /** Fills {@code out} with draws from {@code rng}. */
  public void sample(Rng rng, double[] out) {
    Checks.notNull(out, "out");
    long r = rng.lockExclusive();
    try {
      Native.betaSample(alpha, beta, r, out, out.length);
    } finally {
      rng.unlockExclusive();
    }
  }

  /** Compares {@code b} (arm B) against this (arm A) exactly. */
  public Comparison compare(Beta b) {
    return Comparison.of(Native.betaCompare(alpha, beta, b.alpha, b.beta));
  }

  /** Compares {@code b} against this by Monte Carlo with {@code draws} draws. */
  public Comparison compareMonteCarlo(Beta b, long draws, Rng rng) {
    Checks.nonNegative(draws, "draws");
    long r = rng.lockExclusive();
    try {
      return Comparison.of(Native.betaCompareMc(alpha, beta, b.alpha, b.beta, draws, r));
    } finally {
      rng.unlockExclusive();
    }
  }

  /** Quantile {@code p} in (0, 1) of the lift θ_B / θ_A − 1, this being A. */
  public double liftQuantile(Beta b, double p) {
    return Native.betaLiftQuantile(alpha, beta, b.alpha, b.beta, p);
  }

  /** P(B > A), expected losses and the lift's median and interval at {@code level}, this being A. */
  public CompareSummary compareSummary(Beta b, double level) {
    return CompareSummary.of(Native.betaCompareSummary(alpha, beta, b.alpha, b.beta, level));
  }

  /** {@link #compareSummary(Beta, double)} at the level of {@code options}. */
  public CompareSummary compareSummary(Beta b, CompareOptions options) {
    return compareSummary(b, options.level());
  }

  /**
   * The probability that each arm has the largest rate, for 1 to {@link ProbBest#MAX_ARMS} arms.
   *
   * @throws IllegalArgumentException for no arms or more than {@link ProbBest#MAX_ARMS}
   * @throws NullPointerException if {@code arms} or one of them is null
   */
  public static ProbBest probBest(List<Beta> arms) {
    Beta[] a = Checks.notNull(arms, "arms").toArray(new Beta[0]);
    double[] alphas = new double[a.length];
    double[] betas = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      Checks.notNull(a[i], "arms[" + i + "]");
      alphas[i] = a[i].alpha;
      betas[i] = a[i].beta;
    }
    Checks.arms(alphas, betas, "alphas", "betas");
    return ProbBest.of(Native.betaProbBest(alphas, betas, alphas.length), alphas.length);
  }
}
