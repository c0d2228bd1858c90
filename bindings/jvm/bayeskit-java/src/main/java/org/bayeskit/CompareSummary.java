package org.bayeskit;

/**
 * Everything an A/B read-out needs, from one call.
 *
 * @param probBGreater P(θ_B > θ_A)
 * @param expectedLossA the expected loss of choosing A
 * @param expectedLossB the expected loss of choosing B
 * @param liftMedian the median of the lift θ_B / θ_A − 1
 * @param lift the equal-tailed interval of the lift at the requested level
 * @param method how the comparison and the lift were computed (work and error over all of them)
 */
public record CompareSummary(double probBGreater, double expectedLossA, double expectedLossB, double liftMedian,
    Interval lift, MethodReport method) {}
