package org.bayeskit;

/**
 * Options of {@link DmStats#fit}.
 *
 * @param maxIter most Newton iterations (≥ 1), default 200
 * @param tol gradient tolerance in (0, 1e-2], default 1e-10
 * @param hyperprior weight H ≥ 0 of a hyperprior acting as one extra row with one count in every
 *     category (keeps every α finite and > 0), default 0
 * @param dropEmpty fit without categories that have no counts (their α is 0) instead of failing
 */
public record DmFitOptions(int maxIter, double tol, double hyperprior, boolean dropEmpty) {
  /** The library's defaults (maximum likelihood), from the native {@code bk_dm_fit_options_default}. */
  public static DmFitOptions defaults() {
    return Native.dmFitOptionsDefault();
  }

  public DmFitOptions withMaxIter(int n) {
    return new DmFitOptions(n, tol, hyperprior, dropEmpty);
  }

  public DmFitOptions withTol(double t) {
    return new DmFitOptions(maxIter, t, hyperprior, dropEmpty);
  }

  public DmFitOptions withHyperprior(double h) {
    return new DmFitOptions(maxIter, tol, h, dropEmpty);
  }

  public DmFitOptions withDropEmpty(boolean d) {
    return new DmFitOptions(maxIter, tol, hyperprior, d);
  }
}
