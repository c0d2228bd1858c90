package org.bayeskit;

/**
 * The value remaining of stopping a bandit now (Scott 2015) and how P(best) was computed (the C
 * API's {@code bk_bandit_summary}).
 *
 * @param best the arm with the largest probability of being best
 * @param valueRemaining the {@code level} quantile of max θ − θ_best
 * @param valueRemainingRelative the same of (max θ − θ_best)/θ_best (Beta, Gamma arms; NaN for
 *     Normal–Gamma)
 * @param draws the Monte Carlo draws behind the losses and the value remaining
 * @param probBestMethod quadrature (Beta, Gamma) or Monte Carlo (Normal–Gamma)
 */
public record BanditSummary(
    long best, double valueRemaining, double valueRemainingRelative, long draws, MethodReport probBestMethod) {}
