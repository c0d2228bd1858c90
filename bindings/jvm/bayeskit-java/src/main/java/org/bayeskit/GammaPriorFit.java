package org.bayeskit;

/**
 * A Gamma prior fitted to past (count, exposure) pairs by {@link Priors#fitGamma} (the C API's
 * {@code bk_gamma_prior_fit_result}). Read {@link #outcome} first.
 *
 * @param outcome how the fit ended ({@code NO_OVERDISPERSION}: shape = rate = +∞; {@code
 *     NOT_IDENTIFIABLE}: no counts at all, or one row)
 * @param shape the shape a
 * @param rate the rate b, in units of exposure (the prior mean rate is a/b)
 * @param shapeStdError standard error of the shape (NaN unless converged)
 * @param rateStdError standard error of the rate
 * @param loglik the negative-binomial log-likelihood of the past data
 * @param loglikLimit the Poisson log-likelihood at the pooled rate
 * @param lrStat 2·(loglik − loglikLimit)
 * @param lrPvalue its p-value ½·P(χ²₁ > lrStat)
 * @param aic AIC
 * @param bic BIC
 * @param iterations Newton iterations taken
 * @param rows rows read
 */
public record GammaPriorFit(
    DmOutcome outcome,
    double shape,
    double rate,
    double shapeStdError,
    double rateStdError,
    double loglik,
    double loglikLimit,
    double lrStat,
    double lrPvalue,
    double aic,
    double bic,
    long iterations,
    long rows) {
  /**
   * The prior, for the next comparison or bandit arm.
   *
   * @throws IllegalStateException unless the fit converged
   */
  public Gamma prior() {
    if (outcome != DmOutcome.CONVERGED) {
      throw new IllegalStateException("bayeskit: the Gamma prior fit gave no finite prior: " + outcome);
    }
    return new Gamma(shape, rate);
  }
}
