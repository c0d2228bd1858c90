package org.bayeskit;

/**
 * Options of {@link LogisticModel#train}: minimises the weighted mean log-loss plus
 * λ·((1−ρ)/2·‖W‖² + ρ·‖W‖₁) (scikit-learn's elastic-net objective with λ = 1/(C·N)).
 *
 * @param maxIter most proximal Newton iterations, ≥ 1 (default 1000)
 * @param lambda penalty weight λ ≥ 0 (default 1e-3)
 * @param l1Ratio elastic-net mix ρ in [0, 1] (default 0.5)
 * @param tol stopping tolerance on the subgradient norm, > 0 (default 1e-7)
 * @param threads threads for each gradient pass, 1–256 (default 1; the result does not depend on it)
 * @param laplace the Laplace covariances to attach to the model (default {@link Laplace#BLOCKS})
 */
public record TrainOptions(int maxIter, double lambda, double l1Ratio, double tol, int threads, Laplace laplace) {
  public TrainOptions {
    Checks.notNull(laplace, "laplace");
  }

  /** With the default Laplace covariances (those of {@link #defaults()}). */
  public TrainOptions(int maxIter, double lambda, double l1Ratio, double tol, int threads) {
    this(maxIter, lambda, l1Ratio, tol, threads, defaults().laplace());
  }

  /** The library's defaults, from the native {@code bk_logistic_train_options_default}. */
  public static TrainOptions defaults() {
    return Native.logisticTrainOptionsDefault();
  }

  public TrainOptions withMaxIter(int n) {
    return new TrainOptions(n, lambda, l1Ratio, tol, threads, laplace);
  }

  public TrainOptions withLambda(double l) {
    return new TrainOptions(maxIter, l, l1Ratio, tol, threads, laplace);
  }

  public TrainOptions withL1Ratio(double r) {
    return new TrainOptions(maxIter, lambda, r, tol, threads, laplace);
  }

  public TrainOptions withTol(double t) {
    return new TrainOptions(maxIter, lambda, l1Ratio, t, threads, laplace);
  }

  public TrainOptions withThreads(int n) {
    return new TrainOptions(maxIter, lambda, l1Ratio, tol, n, laplace);
  }

  public TrainOptions withLaplace(Laplace l) {
    return new TrainOptions(maxIter, lambda, l1Ratio, tol, threads, l);
  }
}
