package org.bayeskit;

/**
 * One look of an {@link AlwaysValid} test (the C API's {@code bk_always_valid_result}).
 *
 * @param reject p ≤ α: "A and B differ" may be declared now, however often one has looked
 * @param estimate p_B − p_A, or ln(λ_B/λ_A) (with ½ added to each count)
 * @param stdError its standard error
 * @param likelihoodRatio the mixture likelihood ratio of this look
 * @param pValue the always-valid p-value (the smallest 1/Λ so far, at most 1)
 * @param lower the confidence sequence's lower end (the intersection over the looks so far)
 * @param upper its upper end
 */
public record AlwaysValidLook(
    boolean reject,
    double estimate,
    double stdError,
    double likelihoodRatio,
    double pValue,
    double lower,
    double upper) {}
