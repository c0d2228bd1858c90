package org.bayeskit;

/**
 * A Beta prior fitted to past experiments by {@link Priors#fitBeta} (the C API's {@code
 * bk_beta_prior_fit_result}). Read {@link #outcome} first: the parameters are a prior only when
 * it is {@link DmOutcome#CONVERGED}.
 *
 * @param outcome how the fit ended ({@code NO_OVERDISPERSION}: the past rates do not vary beyond
 *     binomial noise, α = β = +∞, no finite prior)
 * @param alpha α, the prior's pseudo-successes
 * @param beta β, the prior's pseudo-failures
 * @param alphaStdError standard error of α (NaN unless converged)
 * @param betaStdError standard error of β
 * @param loglik the beta-binomial log-likelihood of the past data
 * @param loglikLimit the binomial log-likelihood at the pooled rate
 * @param lrStat 2·(loglik − loglikLimit)
 * @param lrPvalue its p-value ½·P(χ²₁ > lrStat)
 * @param aic AIC
 * @param bic BIC
 * @param iterations Newton iterations taken
 * @param rows rows read
 */
public record BetaPriorFit(
    DmOutcome outcome,
    double alpha,
    double beta,
    double alphaStdError,
    double betaStdError,
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
  public Beta prior() {
    if (outcome != DmOutcome.CONVERGED) {
      throw new IllegalStateException("bayeskit: the Beta prior fit gave no finite prior: " + outcome);
    }
    return new Beta(alpha, beta);
  }
}
