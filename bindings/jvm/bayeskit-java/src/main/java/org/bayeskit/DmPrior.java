package org.bayeskit;

/**
 * A Dirichlet prior α applied to rows of counts: shrinks small samples and ranks rows. Immutable
 * and safe to share across threads.
 *
 * <pre>{@code
 * try (DmPrior prior = new DmPrior(new double[] {1.2, 4.8})) {
 *   double[] scores = new double[rows];
 *   prior.scoreRows(counts, rows, RankBy.LOWER, 1, 0.9, scores);
 * }
 * }</pre>
 */
public final class DmPrior extends NativeHandle {
  private final int k;

  /** @throws BayeskitException unless K ≥ 2 and every α is finite and > 0 */
  public DmPrior(double[] alpha) {
    super(Native.dmPriorNew(Checks.notNull(alpha, "alpha"), alpha.length), Native::dmPriorFree);
    this.k = alpha.length;
  }

  public int categories() {
    return k;
  }

  private void checkRow(long[] counts) {
    Checks.counts(counts, k, "counts");
    if (counts.length != k) {
      throw new IllegalArgumentException("counts has " + counts.length + " values for " + k + " categories");
    }
  }

  /** The posterior means (α_k + x_k)/(A + n) of one row of K counts. */
  public double[] posteriorMean(long[] counts) {
    checkRow(counts);
    double[] out = new double[k];
    long p = lockShared();
    try {
      Native.dmPriorPosteriorMean(p, counts, k, out);
    } finally {
      unlockShared();
    }
    return out;
  }

  /** The equal-tailed credible interval of {@code category}'s probability for one row. */
  public Interval interval(long[] counts, int category, double level) {
    Checks.nonNegative(category, "category");
    checkRow(counts);
    long p = lockShared();
    try {
      return Native.dmPriorInterval(p, counts, k, category, level);
    } finally {
      unlockShared();
    }
  }

  /**
   * The equal-tailed credible intervals at {@code level} of every category for {@code rows} rows
   * of K counts (row-major in {@code counts}), in one native call: row i's category c goes to
   * {@code lower[i·K + c]} and {@code upper[i·K + c]}, each bit for bit what {@link #interval}
   * gives. On failure neither array is written.
   */
  public void intervals(long[] counts, int rows, double level, double[] lower, double[] upper) {
    posterior(counts, rows, level, null, lower, upper);
  }

  /**
   * A batch's posteriors in one native call: for {@code rows} rows of K counts (row-major in
   * {@code counts}), the posterior means (as {@link #posteriorMean}) into {@code mean} unless it is
   * null, and the credible intervals at {@code level} (as {@link #intervals}) into {@code lower}
   * and {@code upper}; {@code rows·K} values each, row-major. On failure nothing is written.
   */
  public void posterior(long[] counts, int rows, double level, double[] mean, double[] lower, double[] upper) {
    int n = Checks.rowsTimesK(rows, k);
    Checks.counts(counts, n, "counts");
    Checks.length(lower, n, "lower");
    Checks.length(upper, n, "upper");
    if (mean != null) {
      Checks.length(mean, n, "mean");
    }
    if (lower == upper || mean == lower || mean == upper) {
      throw new IllegalArgumentException("mean, lower and upper must be distinct arrays");
    }
    long p = lockShared();
    try {
      Native.dmPriorPosteriorRows(p, counts, rows, k, level, mean, lower, upper);
    } finally {
      unlockShared();
    }
  }

  /**
   * Scores {@code rows} rows of K counts (row-major in {@code counts}) into {@code scores}
   * (higher ranks first), in one native call. {@code level} is used by {@link RankBy#LOWER} only.
   */
  public void scoreRows(long[] counts, int rows, RankBy by, int category, double level, double[] scores) {
    Checks.nonNegative(category, "category");
    Checks.notNull(by, "by");
    Checks.counts(counts, Checks.rowsTimesK(rows, k), "counts");
    Checks.length(scores, rows, "scores");
    long p = lockShared();
    try {
      Native.dmPriorScoreRows(p, counts, rows, k, by.ordinal(), category, level, scores);
    } finally {
      unlockShared();
    }
  }
}
