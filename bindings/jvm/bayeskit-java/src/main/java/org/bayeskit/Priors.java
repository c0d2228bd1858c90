package org.bayeskit;

/**
 * Priors fitted from past experiments by maximum likelihood: a Beta prior from (successes, trials)
 * per past experiment or arm (beta-binomial), a Gamma prior from (count, exposure) pairs
 * (gamma–Poisson).
 *
 * <pre>{@code
 * BetaPriorFit fit = Priors.fitBeta(new long[] {12, 30, 7}, new long[] {400, 700, 350});
 * if (fit.outcome() == DmOutcome.CONVERGED) {
 *   Beta prior = fit.prior();
 * }
 * }</pre>
 */
public final class Priors {
  private Priors() {}

  /** {@link #fitBeta(long[], long[], PriorFitOptions)} with the defaults. */
  public static BetaPriorFit fitBeta(long[] successes, long[] trials) {
    return fitBeta(successes, trials, PriorFitOptions.defaults());
  }

  /**
   * Fits a Beta prior to past (successes, trials).
   *
   * @throws IllegalArgumentException for arrays of different lengths or a negative count
   * @throws BayeskitException for no rows, more successes than trials, data without any success or
   *     failure, or bad options
   */
  public static BetaPriorFit fitBeta(long[] successes, long[] trials, PriorFitOptions options) {
    Checks.notNull(successes, "successes");
    Checks.notNull(options, "options");
    Checks.counts(trials, successes.length, "trials");
    if (trials.length != successes.length) {
      throw new IllegalArgumentException(
          "trials has " + trials.length + " values for " + successes.length + " successes");
    }
    Checks.counts(successes, successes.length, "successes");
    return Native.betaPriorFit(successes, trials, successes.length, options.maxIter(), options.tol());
  }

  /** {@link #fitGamma(long[], double[], PriorFitOptions)} with the defaults. */
  public static GammaPriorFit fitGamma(long[] counts, double[] exposures) {
    return fitGamma(counts, exposures, PriorFitOptions.defaults());
  }

  /**
   * Fits a Gamma prior to past (count, exposure) pairs.
   *
   * @throws IllegalArgumentException for arrays of different lengths or a negative count
   * @throws BayeskitException for no rows, an exposure that is not finite and positive, or bad
   *     options
   */
  public static GammaPriorFit fitGamma(long[] counts, double[] exposures, PriorFitOptions options) {
    Checks.notNull(counts, "counts");
    Checks.notNull(exposures, "exposures");
    Checks.notNull(options, "options");
    if (exposures.length != counts.length) {
      throw new IllegalArgumentException(
          "exposures has " + exposures.length + " values for " + counts.length + " counts");
    }
    Checks.counts(counts, counts.length, "counts");
    return Native.gammaPriorFit(counts, exposures, counts.length, options.maxIter(), options.tol());
  }
}
