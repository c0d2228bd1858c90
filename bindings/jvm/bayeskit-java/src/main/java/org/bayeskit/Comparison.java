package org.bayeskit;

/**
 * The result of comparing arm B against arm A.
 *
 * @param probBGreater P(θ_B > θ_A)
 * @param expectedLossA E[max(θ_B − θ_A, 0)]: the expected loss of choosing A
 * @param expectedLossB E[max(θ_A − θ_B, 0)]: the expected loss of choosing B
 * @param method how these were computed
 */
public record Comparison(double probBGreater, double expectedLossA, double expectedLossB, MethodReport method) {}
