package org.bayeskit;

/**
 * How a comparison was computed, and how well (the C API's {@code bk_method_report}).
 *
 * @param method closed form, quadrature or Monte Carlo
 * @param work density evaluations (quadrature), draws per arm (Monte Carlo), 0 (closed form)
 * @param errorEstimate the estimated error: for quadrature absolute for probabilities and relative to
 *     the posterior means for expected losses; for Monte Carlo the standard error of P(B > A); 0 for
 *     closed forms (rounding only)
 */
public record MethodReport(ComparisonMethod method, long work, double errorEstimate) {}
