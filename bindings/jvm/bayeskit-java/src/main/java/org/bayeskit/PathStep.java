package org.bayeskit;

/**
 * One fit of a {@link LogisticPath}.
 *
 * @param lambda the penalty λ
 * @param loss the training loss: weighted mean log-loss (class weights included)
 * @param objective the final objective (loss plus penalty)
 * @param nnz non-zero weights (intercepts not counted)
 * @param iterations proximal Newton iterations of this fit (warm-started from the previous one)
 * @param converged whether the fit met the tolerance
 * @param cvMean mean over the folds of the held-out log-loss; NaN without cross-validation
 * @param cvSe standard error of {@code cvMean}; NaN without cross-validation
 * @param gap the relative duality gap (F − D)/F, an upper bound on the fit's relative suboptimality
 */
public record PathStep(double lambda, double loss, double objective, long nnz, long iterations, boolean converged,
    double cvMean, double cvSe, double gap) {}
