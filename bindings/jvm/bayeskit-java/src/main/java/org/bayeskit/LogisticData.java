package org.bayeskit;

import java.nio.file.Path;
import java.util.function.LongUnaryOperator;

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
    super(ptr, Native::logisticDataFree);
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
    return new LogisticData(Native.logisticDataFromCsr(indptr, rows, indices, values, nnz, nFeatures, labels,
        nClasses, weights), null);
  }

  private static LogisticData of(Native.Read<ReadReport> r) {
    return new LogisticData(r.handle(), r.report());
  }

  /** The path as C takes it, after checking that neither argument is null. */
  private static byte[] utf8z(Path path, ReadOptions options) {
    Checks.notNull(options, "options");
    return Native.utf8z(Checks.notNull(path, "path").toString(), "path");
  }

  /** Reads a svmlight/libsvm file ({@code label id:value ...} per line). */
  public static LogisticData readSvmlight(Path path, ReadOptions options) {
    return of(Native.logisticDataReadSvmlight(utf8z(path, options), options.idBase().ordinal(), options.nFeatures(),
        options.maxFeatures(), options.minCount(), options.hashBits(), options.hashSeed(), options.skipBad()));
  }

  /** Reads a phrase TSV file ({@code label<TAB>phrase:count<TAB>...}), building a dictionary or hashing. */
  public static LogisticData readPhrases(Path path, ReadOptions options) {
    return of(Native.logisticDataReadPhrases(utf8z(path, options), options.idBase().ordinal(), options.nFeatures(),
        options.maxFeatures(), options.minCount(), options.hashBits(), options.hashSeed(), options.skipBad()));
  }

  /** Reads a phrase TSV file in the feature space of {@code model} (for evaluating it). */
  public static LogisticData readPhrasesFor(LogisticModel model, Path path, ReadOptions options) {
    Checks.notNull(model, "model");
    byte[] p = utf8z(path, options);
    long m = model.lockShared();
    try {
      return of(Native.logisticDataReadPhrasesFor(m, p, options.idBase().ordinal(), options.nFeatures(),
          options.maxFeatures(), options.minCount(), options.hashBits(), options.hashSeed(), options.skipBad()));
    } finally {
      model.unlockShared();
    }
  }

  /** What the reader did (null for CSR data). */
  public ReadReport readReport() {
    return report;
  }

  private long size(LongUnaryOperator f) {
    long p = lockShared();
    try {
      return f.applyAsLong(p);
    } finally {
      unlockShared();
    }
  }

  public long rows() {
    return size(Native::logisticDataRows);
  }

  public int classes() {
    return (int) size(Native::logisticDataClasses);
  }

  /** The size of the feature space. */
  public long features() {
    return size(Native::logisticDataFeatures);
  }
}
