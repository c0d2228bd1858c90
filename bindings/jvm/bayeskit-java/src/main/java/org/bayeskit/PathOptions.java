package org.bayeskit;

import java.util.Arrays;

/**
 * Options of {@link LogisticPath#fit}: the λ grid (or explicit values) and cross-validation. The
 * native library checks them and throws {@link BayeskitException} for bad ones.
 *
 * @param nLambdas the grid: this many λ (≥ 2) from λ_max down to λ_max·minRatio, even in log λ (default 20)
 * @param minRatio the grid's λ_min/λ_max, in (0, 1) (default 1e-3)
 * @param lambdas explicit, strictly decreasing λ values instead of the grid, or null (the default); copied
 * @param seed the seed of the stratified fold assignment (default 0)
 * @param folds 0 (the default): the path only; ≥ 2: k-fold cross-validation over it
 * @param choice which λ cross-validation picks (default {@link CvChoice#MIN})
 * @param earlyStop stop a grid once the training loss stops improving (default true; explicit values always run to the end)
 */
public record PathOptions(int nLambdas, double minRatio, double[] lambdas, long seed, int folds, CvChoice choice,
    boolean earlyStop) {
  public PathOptions {
    Checks.notNull(choice, "choice");
    lambdas = lambdas == null ? null : lambdas.clone();
  }

  /** The library's defaults (a grid, no cross-validation), from the native {@code bk_logistic_path_options_default}. */
  public static PathOptions defaults() {
    return Native.logisticPathOptionsDefault();
  }

  /** A copy of the explicit λ values, or null for the grid. */
  @Override
  public double[] lambdas() {
    return lambdas == null ? null : lambdas.clone();
  }

  double[] lambdasUnsafe() {
    return lambdas;
  }

  public PathOptions withGrid(int n, double ratio) {
    return new PathOptions(n, ratio, null, seed, folds, choice, earlyStop);
  }

  public PathOptions withLambdas(double... values) {
    return new PathOptions(nLambdas, minRatio, values, seed, folds, choice, earlyStop);
  }

  /** Cross-validation over {@code folds} ≥ 2 stratified folds dealt with {@code seed}. */
  public PathOptions withCv(int k, long s, CvChoice c) {
    return new PathOptions(nLambdas, minRatio, lambdas, s, k, c, earlyStop);
  }

  public PathOptions withEarlyStop(boolean stop) {
    return new PathOptions(nLambdas, minRatio, lambdas, seed, folds, choice, stop);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PathOptions p && nLambdas == p.nLambdas && Double.compare(minRatio, p.minRatio) == 0
        && Arrays.equals(lambdas, p.lambdas) && seed == p.seed && folds == p.folds && choice == p.choice
        && earlyStop == p.earlyStop;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(new Object[] {nLambdas, minRatio, Arrays.hashCode(lambdas), seed, folds, choice, earlyStop});
  }

  @Override
  public String toString() {
    return "PathOptions[nLambdas=" + nLambdas + ", minRatio=" + minRatio + ", lambdas=" + Arrays.toString(lambdas)
        + ", seed=" + seed + ", folds=" + folds + ", choice=" + choice + ", earlyStop=" + earlyStop + "]";
  }
}
