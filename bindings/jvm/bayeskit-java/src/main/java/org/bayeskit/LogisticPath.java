package org.bayeskit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The regularisation path of a {@link LogisticData} set: one fit per λ, from λ_max (every weight
 * zero) down a geometric grid or through explicit values, each warm-started from the last, and
 * optionally k-fold cross-validated. Immutable and safe to share; the steps and the CV summary
 * are read once, at construction. Models taken from it are new handles the caller closes; they
 * outlive the path.
 *
 * <pre>{@code
 * PathOptions po = PathOptions.defaults().withCv(5, 42, CvChoice.ONE_SE);
 * try (LogisticPath path = LogisticPath.fit(data, TrainOptions.defaults(), po);
 *      LogisticModel model = path.chosenModel()) {             // with Laplace covariances
 *   PathStep s = path.steps().get(path.cv().orElseThrow().chosen());
 * }
 * }</pre>
 *
 * Without CV every step's model has the covariances {@link TrainOptions#laplace()} asks for; with
 * CV only the chosen model has them ({@link LogisticModel#laplace} adds them to a step's model).
 */
public final class LogisticPath extends NativeHandle {
  private final double lambdaMax;
  private final boolean stoppedEarly;
  private final List<PathStep> steps;
  private final CvSummary cv; // null without CV

  private LogisticPath(long ptr) {
    super(ptr, Native::logisticPathFree);
    long p = lockShared();
    try {
      this.lambdaMax = Native.logisticPathLambdaMax(p);
      this.stoppedEarly = Native.logisticPathStoppedEarly(p);
      int n = (int) Native.logisticPathLen(p);
      List<PathStep> s = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        s.add(Native.logisticPathStep(p, i));
      }
      this.steps = Collections.unmodifiableList(s);
      // the path says whether it was cross-validated, whatever the options asked
      this.cv = Native.logisticPathHasCv(p) ? Native.logisticPathCv(p) : null;
    } finally {
      unlockShared();
    }
  }

  /** Fits the path (and, with {@code path.folds() ≥ 2}, cross-validates it); {@code train.lambda()} is ignored. */
  public static LogisticPath fit(LogisticData data, TrainOptions train, PathOptions path) {
    return fit(data, train, path, null);
  }

  /** As {@link #fit(LogisticData, TrainOptions, PathOptions)} with per-class weights (K values), or null. */
  public static LogisticPath fit(LogisticData data, TrainOptions train, PathOptions path, double[] classWeights) {
    Checks.notNull(data, "data");
    Checks.notNull(train, "train");
    Checks.notNull(path, "path");
    double[] ls = path.lambdasUnsafe();
    int n = ls == null ? 0 : ls.length;
    long d = data.lockShared();
    try {
      if (classWeights == null) {
        return new LogisticPath(Native.logisticPathFit(d, train.maxIter(), train.lambda(), train.l1Ratio(),
            train.tol(), train.maxGap(), train.threads(), train.laplace().ordinal(), path.nLambdas(),
            path.minRatio(), ls, n, path.seed(), path.folds(), path.choice().ordinal(), path.earlyStop()));
      }
      int k = (int) Native.logisticDataClasses(d);
      if (classWeights.length != k) {
        throw new IllegalArgumentException("classWeights has " + classWeights.length + " values for " + k + " classes");
      }
      return new LogisticPath(Native.logisticPathFitWeighted(d, train.maxIter(), train.lambda(), train.l1Ratio(),
          train.tol(), train.maxGap(), train.threads(), train.laplace().ordinal(), path.nLambdas(),
          path.minRatio(), ls, n, path.seed(), path.folds(), path.choice().ordinal(), path.earlyStop(), classWeights,
          k));
    } finally {
      data.unlockShared();
    }
  }

  /** The number of fits (fewer than asked for if a grid stopped early). */
  public int size() {
    return steps.size();
  }

  /** λ_max: the smallest λ at which every weight is zero. */
  public double lambdaMax() {
    return lambdaMax;
  }

  /** Whether a grid stopped before its last value. */
  public boolean stoppedEarly() {
    return stoppedEarly;
  }

  /** The fits, λ decreasing (unmodifiable). */
  public List<PathStep> steps() {
    return steps;
  }

  public PathStep step(int i) {
    return steps.get(i);
  }

  private void index(int i) {
    if (i < 0 || i >= steps.size()) {
      throw new IndexOutOfBoundsException("step " + i + " of a path of " + steps.size());
    }
  }

  /** A new handle to the model of step {@code i} (the caller closes it). */
  public LogisticModel model(int i) {
    index(i);
    long p = lockShared();
    try {
      return new LogisticModel(Native.logisticPathModel(p, i));
    } finally {
      unlockShared();
    }
  }

  /** The outcome of cross-validation; empty for a path fitted without it. */
  public Optional<CvSummary> cv() {
    return Optional.ofNullable(cv);
  }

  private CvSummary needCv() {
    if (cv == null) {
      throw new IllegalStateException("the path was fitted without cross-validation (PathOptions.folds < 2)");
    }
    return cv;
  }

  /** The held-out log-loss of every fold at step {@code i}. */
  public double[] foldLosses(int i) {
    int folds = needCv().folds();
    index(i);
    double[] out = new double[folds];
    long p = lockShared();
    try {
      Native.logisticPathCvFolds(p, i, out, folds);
    } finally {
      unlockShared();
    }
    return out;
  }

  /**
   * A new handle to the cross-validated model — the full-data path's model at the chosen λ, with
   * the Laplace covariances the training options asked for (the caller closes it).
   *
   * @throws IllegalStateException for a path fitted without cross-validation
   */
  public LogisticModel chosenModel() {
    needCv();
    long p = lockShared();
    try {
      return new LogisticModel(Native.logisticPathChosenModel(p));
    } finally {
      unlockShared();
    }
  }
}
