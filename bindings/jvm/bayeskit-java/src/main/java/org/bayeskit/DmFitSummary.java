package org.bayeskit;

/**
 * The fixed-size part of a Dirichlet–multinomial fit (the C API's {@code bk_dm_fit_summary}), built
 * by the shim; {@link DmFit} holds it with the per-category arrays and documents each field.
 */
record DmFitSummary(DmOutcome outcome, long categories, double alphaSum, double theta, double loglik,
    double loglikMultinomial, double lrStat, double lrPValue, double aic, double bic, long iterations,
    double gradNorm, double weight) {}
