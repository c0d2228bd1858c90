package org.bayeskit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A trained sparse multinomial logistic model: immutable and safe to share across threads (score
 * from as many threads as you like). Feature ids are unsigned 32-bit values carried in
 * {@code int}s; ids outside the model's feature space are ignored when scoring.
 *
 * <pre>{@code
 * try (LogisticModel model = LogisticModel.load(Path.of("tips.bkm"))) {
 *   int[] ids = {model.featureId("great"), model.featureId("coffee")};
 *   double[] p = new double[model.classes()];
 *   model.predictProba(ids, new double[] {1, 1}, p);
 *   // a batch: CSR rows, one JNI crossing
 *   double[] out = new double[rows * model.classes()];
 *   model.predictProbaBatch(indptr, indices, values, out);
 * }
 * }</pre>
 */
public final class LogisticModel extends NativeHandle {
  /** The id {@link #featureId} gives a phrase not in the dictionary (0xFFFFFFFF): scoring ignores it. */
  public static final int NO_FEATURE = -1;

  private final int k;
  private final List<String> labels;

  private LogisticModel(long ptr) {
    super(ptr, Native::logModelFree);
    long p = lockShared();
    try {
      this.k = (int) Native.logModelSize(p, 0);
      List<String> l = new ArrayList<>(k);
      for (int i = 0; i < k; i++) {
        l.add(Native.utf8(Native.logModelLabel(p, i)));
      }
      this.labels = Collections.unmodifiableList(l);
    } finally {
      unlockShared();
    }
  }

  /** Trains on {@code data} ({@link TrainingInfo#converged()} says whether the tolerance was met). */
  public static LogisticModel train(LogisticData data, TrainOptions options) {
    return train(data, options, null);
  }

  /**
   * Trains with per-class weights (K values in the data's class order, multiplied into the row
   * weights), or {@code null} for none.
   */
  public static LogisticModel train(LogisticData data, TrainOptions options, double[] classWeights) {
    Checks.notNull(data, "data");
    Checks.notNull(options, "options");
    long d = data.lockShared();
    try {
      int k = 0;
      if (classWeights != null) {
        k = (int) Native.logDataSize(d, 1);
        if (classWeights.length != k) {
          throw new IllegalArgumentException("classWeights has " + classWeights.length + " values for " + k + " classes");
        }
      }
      return new LogisticModel(Native.logTrain(d, options.maxIter(), options.lambda(), options.l1Ratio(),
          options.tol(), options.threads(), classWeights, k));
    } finally {
      data.unlockShared();
    }
  }

  /** Reads a model file (written by {@link #save} or the CLI). */
  public static LogisticModel load(Path path) {
    Checks.notNull(path, "path");
    return new LogisticModel(Native.logModelLoad(Native.utf8z(path.toString(), "path")));
  }

  /** Reads a model from the bytes of a model file (e.g. a Spark broadcast of {@link #toBytes()}). */
  public static LogisticModel fromBytes(byte[] bytes) {
    Checks.notNull(bytes, "bytes");
    return new LogisticModel(Native.logModelFromBytes(bytes, bytes.length));
  }

  /** Writes the portable model file (docs/model-format.md). */
  public void save(Path path) {
    Checks.notNull(path, "path");
    byte[] p = Native.utf8z(path.toString(), "path");
    long m = lockShared();
    try {
      Native.logModelSave(m, p);
    } finally {
      unlockShared();
    }
  }

  /** The bytes of the model file. */
  public byte[] toBytes() {
    long m = lockShared();
    try {
      return Native.logModelBytes(m, false);
    } finally {
      unlockShared();
    }
  }

  /** The whole model as JSON, for people and diffs. */
  public String toJson() {
    long m = lockShared();
    try {
      return Native.utf8(Native.logModelBytes(m, true));
    } finally {
      unlockShared();
    }
  }

  /** K, the number of classes. */
  public int classes() {
    return k;
  }

  /** The class labels, in class order (unmodifiable). */
  public List<String> labels() {
    return labels;
  }

  private long size(int which) {
    long m = lockShared();
    try {
      return Native.logModelSize(m, which);
    } finally {
      unlockShared();
    }
  }

  /** The size of the feature space. */
  public long features() {
    return size(1);
  }

  /** Non-zero weights (intercepts not counted). */
  public long nnz() {
    return size(2);
  }

  public TrainingInfo info() {
    double[] s = new double[5];
    long[] i = new long[3];
    long m = lockShared();
    try {
      Native.logModelInfo(m, s, i);
    } finally {
      unlockShared();
    }
    return new TrainingInfo(s[0], s[1], s[2], s[3], s[4], i[0], i[1], i[2] != 0);
  }

  /**
   * The feature id of {@code phrase}: its dictionary id ({@link #NO_FEATURE} if absent) or its
   * hashed id. Throws for a model trained on indexed features.
   */
  public int featureId(String phrase) {
    Checks.notNull(phrase, "phrase");
    byte[] b = Native.utf8z(phrase, "phrase");
    long m = lockShared();
    try {
      return Native.logModelFeatureId(m, b);
    } finally {
      unlockShared();
    }
  }

  private void predict(int[] ids, double[] values, int nnz, double[] out, boolean log) {
    Checks.notNull(ids, "ids");
    Checks.notNull(values, "values");
    Checks.notNull(out, "out");
    if (nnz < 0 || ids.length < nnz || values.length < nnz) {
      throw new IllegalArgumentException("nnz " + nnz + " exceeds ids (" + ids.length + ") or values (" + values.length + ")");
    }
    if (out.length < k) {
      throw new IllegalArgumentException("out has " + out.length + " slots for " + k + " classes");
    }
    long m = lockShared();
    try {
      Native.logPredict(m, ids, values, nnz, out, k, log);
    } finally {
      unlockShared();
    }
  }

  /**
   * Writes the K class probabilities of one sparse row (the first {@code nnz} pairs of
   * {@code ids} and {@code values}; a repeated id adds up) into {@code out[0..K)}.
   */
  public void predictProba(int[] ids, double[] values, int nnz, double[] out) {
    predict(ids, values, nnz, out, false);
  }

  /** {@link #predictProba(int[], double[], int, double[])} over all of {@code ids} (same length as values). */
  public void predictProba(int[] ids, double[] values, double[] out) {
    Checks.notNull(ids, "ids");
    Checks.notNull(values, "values");
    if (ids.length != values.length) {
      throw new IllegalArgumentException("ids has " + ids.length + " entries but values " + values.length);
    }
    predict(ids, values, ids.length, out, false);
  }

  /** The probabilities of one row as a new array. */
  public double[] predictProba(int[] ids, double[] values) {
    double[] out = new double[k];
    predictProba(ids, values, out);
    return out;
  }

  /** The K log-probabilities of one row, from the logits (a tiny probability keeps its exponent). */
  public void predictLogProba(int[] ids, double[] values, int nnz, double[] out) {
    predict(ids, values, nnz, out, true);
  }

  /**
   * Scores the rows of a CSR matrix in one native call: row i is entries
   * {@code indptr[i] .. indptr[i+1]}, and its K probabilities go to {@code out[i·K .. (i+1)·K)},
   * each bit for bit what {@link #predictProba} gives. The number of rows is
   * {@code indptr.length − 1}.
   */
  public void predictProbaBatch(int[] indptr, int[] indices, double[] values, double[] out) {
    Checks.notNull(indptr, "indptr");
    predictProbaBatch(indptr, indptr.length - 1, indices, values, out);
  }

  /** As {@link #predictProbaBatch(int[], int[], double[], double[])} for the first {@code rows} rows. */
  public void predictProbaBatch(int[] indptr, int rows, int[] indices, double[] values, double[] out) {
    int nnz = Checks.csr(indptr, rows, indices, values);
    Checks.notNull(out, "out");
    if ((long) rows * k > out.length) {
      throw new IllegalArgumentException("out has " + out.length + " slots for " + rows + " rows × " + k + " classes");
    }
    long m = lockShared();
    try {
      Native.logPredictBatch(m, indptr, rows, indices, values, nnz, out, k);
    } finally {
      unlockShared();
    }
  }

  /**
   * Evaluates on labelled data (matched to the model's classes by label). {@code clip} in (0, 1)
   * caps each row's loss at −ln clip (the rows so clipped are counted); 0 for no clipping.
   */
  public Evaluation evaluate(LogisticData data, double clip) {
    Checks.notNull(data, "data");
    double[] s = new double[2];
    long[] i = new long[2];
    double[] confusion = new double[k * k];
    double[] precision = new double[k];
    double[] recall = new double[k];
    // Always the model before the data: one global order, no deadlock with close().
    long m = lockShared();
    try {
      long d = data.lockShared();
      try {
        Native.logEvaluate(m, d, clip, s, i, confusion, precision, recall, k);
      } finally {
        data.unlockShared();
      }
    } finally {
      unlockShared();
    }
    return new Evaluation(s[0], s[1], i[0], i[1], confusion, precision, recall);
  }
}
