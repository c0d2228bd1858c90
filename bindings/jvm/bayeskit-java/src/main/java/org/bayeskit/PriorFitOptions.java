package org.bayeskit;

/**
 * Options of {@link Priors#fitBeta} and {@link Priors#fitGamma}.
 *
 * @param maxIter most Newton iterations (≥ 1)
 * @param tol gradient tolerance per row, in (0, 1e-2]
 */
public record PriorFitOptions(int maxIter, double tol) {
  /** The library's defaults, from the native {@code bk_prior_fit_options_default}. */
  public static PriorFitOptions defaults() {
    return Native.priorFitOptionsDefault();
  }

  public PriorFitOptions withMaxIter(int n) {
    return new PriorFitOptions(n, tol);
  }

  public PriorFitOptions withTol(double t) {
    return new PriorFitOptions(maxIter, t);
  }
}
