package org.bayeskit;

/**
 * The Laplace approximation a {@link LogisticModel} carries (the C API's {@code BK_LAPLACE_*}):
 * a Gaussian over the weights whose covariance is the inverse Hessian of the penalised objective
 * at the optimum (docs/logistic-uncertainty.md).
 */
public enum Laplace {
  /** No covariances (moderated and Monte Carlo predictions refuse such a model). */
  NONE,
  /** Per-feature K×K blocks of the Hessian: one pass over the data, any number of features (the default). */
  BLOCKS,
  /** The exact dense inverse over the active weights (up to 3000 parameters). */
  FULL;

  static Laplace of(int code) {
    Laplace[] v = values();
    if (code < 0 || code >= v.length) {
      throw new IllegalStateException("bayeskit: unknown Laplace method " + code + " (a newer native library?)");
    }
    return v[code];
  }
}
