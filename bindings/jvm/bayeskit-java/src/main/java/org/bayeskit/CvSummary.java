package org.bayeskit;

/**
 * The outcome of the cross-validation of a {@link LogisticPath}; indices are step indices.
 *
 * @param folds number of folds
 * @param seed the seed of the stratified fold assignment
 * @param best the step with the smallest mean held-out loss
 * @param oneSe the largest λ within one standard error of the best
 * @param chosen {@code best} or {@code oneSe}, as {@code choice} asked
 * @param choice the rule used
 */
public record CvSummary(int folds, long seed, int best, int oneSe, int chosen, CvChoice choice) {}
