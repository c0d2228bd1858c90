package org.bayeskit;

import java.nio.file.Path;

/**
 * A labelled sparse data set for training and evaluating a {@link LogisticModel}: immutable and
 * safe to share across threads.
 *
 * <pre>{@code
 * try (LogisticData data = LogisticData.readPhrases(Path.of("tips.tsv"), ReadOptions.defaults());
 *      LogisticModel model = LogisticModel.train(data, TrainOptions.defaults().withLambda(0.01))) {
 *   ...
 * }
 * }</pre>
 */
public final class LogisticData extends NativeHandle {
  private final ReadReport report;

  private LogisticData(long ptr, ReadReport report) {
    super(ptr, Native::logDataFree);
    this.report = report;
  }

  /**
   * From a CSR matrix (copied): row i is entries {@code indptr[i] .. indptr[i+1]} of
   * {@code indices} (strictly increasing feature ids below {@code nFeatures}) and {@code values};
   * {@code labels[i]} is row i's class, below {@code nClasses}; {@code weights} may be null. The
   * classes are labelled "0" … "K-1".
   */
  public static LogisticData fromCsr(int[] indptr, int[] indices, double[] values, long nFeatures, int[] labels,
      int nClasses, double[] weights) {
    Checks.notNull(labels, "labels");
    int rows = labels.length;
    int nnz = Checks.csr(indptr, rows, indices, values);
    if (indptr.length != rows + 1) {
      throw new IllegalArgumentException("indptr has " + indptr.length + " offsets for " + rows + " labels (needs rows + 1)");
    }
    Checks.nonNegative(nFeatures, "nFeatures");
    if (weights != null && weights.length != rows) {
      throw new IllegalArgumentException("weights has " + weights.length + " values for " + rows + " rows");
    }
    return new LogisticData(Native.logDataFromCsr(indptr, rows, indices, values, nnz, nFeatures, labels, nClasses,
        weights), null);
  }

  private static LogisticData read(int kind, LogisticModel model, Path path, ReadOptions o) {
    Checks.notNull(path, "path");
    Checks.notNull(o, "options");
    byte[] p = Native.utf8z(path.toString(), "path");
    long[] report = new long[4];
    long m = model == null ? 0 : model.lockShared();
    try {
      long d = Native.logDataRead(kind, m, p, o.idBase().ordinal(), o.nFeatures(), o.maxFeatures(), o.minCount(),
          o.hashBits(), o.hashSeed(), o.skipBad(), report);
      return new LogisticData(d, ReadReport.of(report));
    } finally {
      if (model != null) {
        model.unlockShared();
      }
    }
  }

  /** Reads a svmlight/libsvm file ({@code label id:value ...} per line). */
  public static LogisticData readSvmlight(Path path, ReadOptions options) {
    return read(0, null, path, options);
  }

  /** Reads a phrase TSV file ({@code label<TAB>phrase:count<TAB>...}), building a dictionary or hashing. */
  public static LogisticData readPhrases(Path path, ReadOptions options) {
    return read(1, null, path, options);
  }

  /** Reads a phrase TSV file in the feature space of {@code model} (for evaluating it). */
  public static LogisticData readPhrasesFor(LogisticModel model, Path path, ReadOptions options) {
    Checks.notNull(model, "model");
    return read(2, model, path, options);
  }

  /** What the reader did (null for CSR data). */
  public ReadReport readReport() {
    return report;
  }

  private long size(int which) {
    long p = lockShared();
    try {
      return Native.logDataSize(p, which);
    } finally {
      unlockShared();
    }
  }

  public long rows() {
    return size(0);
  }

  public int classes() {
    return (int) size(1);
  }

  /** The size of the feature space. */
  public long features() {
    return size(2);
  }
}
