package org.bayeskit;

import java.nio.file.Path;

/**
 * Streaming, mergeable statistics of rows of K category counts, for fitting a Dirichlet prior
 * ({@link #fit}). Adding and merging are serialised per handle, so sharing is safe; for
 * parallel ingest give each thread its own and {@link #merge} them.
 *
 * <pre>{@code
 * try (DmStats stats = new DmStats(2)) {                    // (dislikes, likes)
 *   stats.addRows(new long[] {1, 9, 0, 4, 3, 7, 2, 2}, 4, null);
 *   DmFit fit = stats.fit(DmFitOptions.defaults());
 *   if (fit.outcome() == DmOutcome.CONVERGED) {
 *     try (DmPrior prior = fit.prior()) { ... }
 *   }
 * }
 * }</pre>
 */
public final class DmStats extends NativeHandle {
  private final int k;

  private final DmReadReport report;

  private DmStats(long ptr, DmReadReport report) {
    super(ptr, Native::dmStatsFree);
    this.report = report;
    long kk;
    long p = lockShared();
    try {
      kk = Native.dmStatsCategories(p);
    } finally {
      unlockShared();
    }
    this.k = (int) kk;
  }

  /** Empty statistics for 2 to 1,048,576 categories (the C API's {@code BK_MAX_CATEGORIES}). */
  public DmStats(int k) {
    this(Native.dmStatsNew(nonNegativeK(k)), null);
  }

  private static int nonNegativeK(int k) {
    Checks.nonNegative(k, "k");
    return k;
  }

  /** Reads statistics written by {@link #toBytes()}; throws ({@link Status#CORRUPT}) for anything else. */
  public static DmStats fromBytes(byte[] bytes) {
    Checks.notNull(bytes, "bytes");
    return new DmStats(Native.dmStatsDeserialize(bytes, bytes.length), null);
  }

  /**
   * Reads a delimited text file of count rows (see {@link DmReadOptions}); the report says what
   * was read.
   */
  public static DmStats read(Path path, DmReadOptions options) {
    Checks.notNull(path, "path");
    Checks.notNull(options, "options");
    Native.Read<DmReadReport> r = Native.dmStatsReadFile(Native.utf8z(path.toString(), "path"),
        options.delimiter(), options.header(), options.idColumn(), options.weightColumn(), options.skipBad(),
        options.threads(), options.sampleRate(), options.maxTotal(), options.seed());
    return new DmStats(r.handle(), r.report());
  }

  /** What {@link #read} did (null for statistics made otherwise). */
  public DmReadReport readReport() {
    return report;
  }

  /** K. */
  public int categories() {
    return k;
  }

  /** Adds one row of K counts (each ≥ 0) seen {@code weight} times (finite, ≥ 0). */
  public void add(long[] counts, double weight) {
    Checks.counts(counts, k, "counts");
    if (counts.length != k) {
      throw new IllegalArgumentException("counts has " + counts.length + " values for " + k + " categories");
    }
    long p = lockExclusive();
    try {
      Native.dmStatsAdd(p, counts, k, weight);
    } finally {
      unlockExclusive();
    }
  }

  /** Adds one row with weight 1. */
  public void add(long... counts) {
    add(counts, 1.0);
  }

  /**
   * Adds {@code rows} rows of K counts stored row-major in {@code counts}, with per-row weights
   * (or {@code null} for 1 each). All or nothing.
   */
  public void addRows(long[] counts, int rows, double[] weights) {
    int n = Checks.rowsTimesK(rows, k);
    Checks.counts(counts, n, "counts");
    if (weights != null) {
      Checks.length(weights, rows, "weights");
    }
    long p = lockExclusive();
    try {
      Native.dmStatsAddRows(p, counts, rows, k, weights);
    } finally {
      unlockExclusive();
    }
  }

  /** Adds the rows of {@code other} into this ({@code other} unchanged; it may be this). */
  public void merge(DmStats other) {
    Checks.notNull(other, "other");
    if (other == this) {
      long p = lockExclusive();
      try {
        Native.dmStatsMerge(p, p);
      } finally {
        unlockExclusive();
      }
      return;
    }
    // Lock in creation order so that a.merge(b) and b.merge(a) cannot deadlock.
    boolean thisFirst = order() < other.order();
    long dst = 0;
    long src = 0;
    if (thisFirst) {
      dst = lockExclusive();
    } else {
      src = other.lockShared();
    }
    try {
      if (thisFirst) {
        src = other.lockShared();
      } else {
        dst = lockExclusive();
      }
      try {
        Native.dmStatsMerge(dst, src);
      } finally {
        if (thisFirst) {
          other.unlockShared();
        } else {
          unlockExclusive();
        }
      }
    } finally {
      if (thisFirst) {
        unlockExclusive();
      } else {
        other.unlockShared();
      }
    }
  }

  /** Rows added (including all-zero rows). */
  public long rows() {
    long p = lockShared();
    try {
      return Native.dmStatsRows(p);
    } finally {
      unlockShared();
    }
  }

  /** Sum of the row weights. */
  public double totalWeight() {
    long p = lockShared();
    try {
      return Native.dmStatsTotalWeight(p);
    } finally {
      unlockShared();
    }
  }

  /** A versioned, checksummed, platform-independent serialisation. */
  public byte[] toBytes() {
    long p = lockShared();
    try {
      return Native.dmStatsSerialize(p);
    } finally {
      unlockShared();
    }
  }

  /**
   * Fits the Dirichlet–multinomial α. Degenerate data and non-convergence are not errors: read
   * {@link DmFit#outcome()} first.
   */
  public DmFit fit(DmFitOptions options) {
    Checks.notNull(options, "options");
    long r;
    long p = lockShared();
    try {
      r = Native.dmFit(p, options.maxIter(), options.tol(), options.hyperprior(), options.dropEmpty());
    } finally {
      unlockShared();
    }
    try {
      return new DmFit(Native.dmResultSummary(r), Native.dmResultAlpha(r, k), Native.dmResultMean(r, k),
          Native.dmResultStdErrors(r, k), Native.dmResultDropped(r, k));
    } finally {
      Native.dmResultFree(r);
    }
  }
}
