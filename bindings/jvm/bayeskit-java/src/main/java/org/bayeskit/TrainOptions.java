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
 * @param maxGap also stop once the relative duality gap, an upper bound on the fit's relative
 *     suboptimality (F − F*)/F, is at most this; 0 turns the rule off (default 0)
 */
public record TrainOptions(
    int maxIter, double lambda, double l1Ratio, double tol, int threads, Laplace laplace, double maxGap) {
  public TrainOptions {
    Checks.notNull(laplace, "laplace");
  }

  /** With the default duality-gap rule (that of {@link #defaults()}). */
  public TrainOptions(int maxIter, double lambda, double l1Ratio, double tol, int threads, Laplace laplace) {
    this(maxIter, lambda, l1Ratio, tol, threads, laplace, defaults().maxGap());
  }

  /** With the default Laplace covariances and duality-gap rule (those of {@link #defaults()}). */
  public TrainOptions(int maxIter, double lambda, double l1Ratio, double tol, int threads) {
    this(maxIter, lambda, l1Ratio, tol, threads, defaults().laplace(), defaults().maxGap());
  }

  /** The library's defaults, from the native {@code bk_logistic_train_options_default}. */
  public static TrainOptions defaults() {
    return Native.logisticTrainOptionsDefault();
  }

  public TrainOptions withMaxIter(int n) {
    return new TrainOptions(n, lambda, l1Ratio, tol, threads, laplace, maxGap);
  }

  public TrainOptions withLambda(double l) {
    return new TrainOptions(maxIter, l, l1Ratio, tol, threads, laplace, maxGap);
  }

  public TrainOptions withL1Ratio(double r) {
    return new TrainOptions(maxIter, lambda, r, tol, threads, laplace, maxGap);
  }

  public TrainOptions withTol(double t) {
    return new TrainOptions(maxIter, lambda, l1Ratio, t, threads, laplace, maxGap);
  }

  public TrainOptions withThreads(int n) {
    return new TrainOptions(maxIter, lambda, l1Ratio, tol, n, laplace, maxGap);
  }

  public TrainOptions withLaplace(Laplace l) {
    return new TrainOptions(maxIter, lambda, l1Ratio, tol, threads, l, maxGap);
  }

  public TrainOptions withMaxGap(double g) {
    return new TrainOptions(maxIter, lambda, l1Ratio, tol, threads, laplace, g);
  }
}
