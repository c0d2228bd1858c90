package org.bayeskit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.LongFunction;

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

  LogisticModel(long ptr) {
    super(ptr, Native::logisticModelFree);
    long p = lockShared();
    try {
      this.k = (int) Native.logisticModelClasses(p);
      List<String> l = new ArrayList<>(k);
      for (int i = 0; i < k; i++) {
        l.add(Native.utf8(Native.logisticModelLabel(p, i)));
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
      if (classWeights == null) {
        return new LogisticModel(Native.logisticTrain(d, options.maxIter(), options.lambda(), options.l1Ratio(),
            options.tol(), options.maxGap(), options.threads(), options.laplace().ordinal()));
      }
      int k = (int) Native.logisticDataClasses(d);
      if (classWeights.length != k) {
        throw new IllegalArgumentException("classWeights has " + classWeights.length + " values for " + k + " classes");
      }
      return new LogisticModel(Native.logisticTrainWeighted(d, options.maxIter(), options.lambda(),
          options.l1Ratio(), options.tol(), options.maxGap(), options.threads(), options.laplace().ordinal(),
          classWeights, k));
    } finally {
      data.unlockShared();
    }
  }

  /** Reads a model file (written by {@link #save} or the CLI). */
  public static LogisticModel load(Path path) {
    Checks.notNull(path, "path");
    return new LogisticModel(Native.logisticModelLoad(Native.utf8z(path.toString(), "path")));
  }

  /** Reads a model from the bytes of a model file (e.g. a Spark broadcast of {@link #toBytes()}). */
  public static LogisticModel fromBytes(byte[] bytes) {
    Checks.notNull(bytes, "bytes");
    return new LogisticModel(Native.logisticModelFromBytes(bytes, bytes.length));
  }

  /** Writes the portable model file (docs/model-format.md). */
  public void save(Path path) {
    Checks.notNull(path, "path");
    byte[] p = Native.utf8z(path.toString(), "path");
    long m = lockShared();
    try {
      Native.logisticModelSave(m, p);
    } finally {
      unlockShared();
    }
  }

  /** The bytes of the model file. */
  public byte[] toBytes() {
    long m = lockShared();
    try {
      return Native.logisticModelToBytes(m);
    } finally {
      unlockShared();
    }
  }

  /** The whole model as JSON, for people and diffs. */
  public String toJson() {
    long m = lockShared();
    try {
      return Native.utf8(Native.logisticModelToJson(m));
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

  /** {@code f} of the live model handle, under the shared lock. */
  private <R> R read(LongFunction<R> f) {
    long m = lockShared();
    try {
      return f.apply(m);
    } finally {
      unlockShared();
    }
  }

  /** The size of the feature space. */
  public long features() {
    return read(Native::logisticModelFeatures);
  }

  /** Non-zero weights (intercepts not counted). */
  public long nnz() {
    return read(Native::logisticModelNnz);
  }

  public TrainingInfo info() {
    return read(Native::logisticModelInfo);
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
      return Native.logisticModelFeatureId(m, b);
    } finally {
      unlockShared();
    }
  }

  /**
   * The model's feature space: indexed ids, a dictionary of phrases, or hashed phrases with the
   * hash's bits and seed; and the number of ids.
   */
  public FeatureSpace featureSpace() {
    return read(Native::logisticModelFeatureSpace);
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
      if (log) {
        Native.logisticModelPredictLogProba(m, ids, values, nnz, out, k);
      } else {
        Native.logisticModelPredictProba(m, ids, values, nnz, out, k);
      }
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
      Native.logisticModelPredictProbaBatch(m, indptr, rows, indices, values, out, k);
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
    // Always the model before the data: one global order, no deadlock with close().
    long m = lockShared();
    try {
      long d = data.lockShared();
      try {
        return Native.logisticEvaluate(m, d, clip, k);
      } finally {
        data.unlockShared();
      }
    } finally {
      unlockShared();
    }
  }

  // ---- uncertainty: the Laplace approximation ---------------------------------------------

  /**
   * A new model — these weights plus Laplace covariances computed with {@code method}
   * ({@link Laplace#BLOCKS} or {@link Laplace#FULL}) on {@code data}, the data it was trained on,
   * with the same class weights (K values, or null). This model is unchanged; the caller closes
   * the new one.
   */
  public LogisticModel laplace(LogisticData data, Laplace method, double[] classWeights) {
    Checks.notNull(data, "data");
    Checks.notNull(method, "method");
    if (classWeights != null && classWeights.length != k) {
      throw new IllegalArgumentException("classWeights has " + classWeights.length + " values for " + k + " classes");
    }
    long m = lockShared();
    try {
      long d = data.lockShared();
      try {
        return new LogisticModel(Native.logisticLaplace(m, d, method.ordinal(), classWeights, classWeights == null ? 0 : k));
      } finally {
        data.unlockShared();
      }
    } finally {
      unlockShared();
    }
  }

  /** How the model's covariances were computed; {@link Laplace#NONE} if it has none. */
  public Laplace laplaceMethod() {
    return read(Native::logisticModelLaplace);
  }

  /** K·(K+1)/2, the length of a packed covariance block. */
  public int packedLength() {
    return k * (k + 1) / 2;
  }

  private void covariance(boolean intercept, int featureId, double[] out) {
    Checks.notNull(out, "out");
    if (out.length != packedLength()) {
      throw new IllegalArgumentException("out has " + out.length + " values; a packed K×K block has K(K+1)/2 = "
          + packedLength());
    }
    long m = lockShared();
    try {
      if (intercept) {
        Native.logisticModelInterceptCovariance(m, out, out.length);
      } else {
        Native.logisticModelCovariance(m, featureId, out, out.length);
      }
    } finally {
      unlockShared();
    }
  }

  /**
   * Copies the packed Laplace covariance of feature {@code featureId}'s K weights into
   * {@code out} (exactly K·(K+1)/2 values, the lower triangle by rows: entry (r, c), r ≥ c, at
   * {@code r·(r+1)/2 + c}), as the C API gives it. A feature without weights has the zero block.
   *
   * @throws BayeskitException (INVALID_ARGUMENT) for a model without covariances or an id outside the feature space
   */
  public void covariancePacked(int featureId, double[] out) {
    covariance(false, featureId, out);
  }

  /**
   * The Laplace covariance of feature {@code featureId}'s K weights as a full, symmetric K×K
   * matrix ({@code [r][c]}, a new array); see {@link #covariancePacked}.
   */
  public double[][] covariance(int featureId) {
    double[] p = new double[packedLength()];
    covariance(false, featureId, p);
    return unpack(p, k);
  }

  /** The packed K×K covariance of the K intercepts (in the sum-to-zero gauge); see {@link #covariancePacked}. */
  public void interceptCovariancePacked(double[] out) {
    covariance(true, 0, out);
  }

  /** The covariance of the K intercepts as a full, symmetric K×K matrix (a new array). */
  public double[][] interceptCovariance() {
    double[] p = new double[packedLength()];
    covariance(true, 0, p);
    return unpack(p, k);
  }

  /** A full symmetric K×K matrix from its packed lower triangle. */
  static double[][] unpack(double[] packed, int k) {
    double[][] m = new double[k][k];
    for (int r = 0; r < k; r++) {
      for (int c = 0; c <= r; c++) {
        m[r][c] = packed[r * (r + 1) / 2 + c];
        m[c][r] = m[r][c];
      }
    }
    return m;
  }

  private void row(int[] ids, double[] values, int nnz) {
    Checks.notNull(ids, "ids");
    Checks.notNull(values, "values");
    if (nnz < 0 || ids.length < nnz || values.length < nnz) {
      throw new IllegalArgumentException("nnz " + nnz + " exceeds ids (" + ids.length + ") or values (" + values.length + ")");
    }
  }

  private void kOut(double[] out, String name) {
    Checks.notNull(out, name);
    if (out.length < k) {
      throw new IllegalArgumentException(name + " has " + out.length + " slots for " + k + " classes");
    }
  }

  /**
   * MacKay's moderated probabilities of one sparse row (the first {@code nnz} pairs; give each id
   * once) into {@code probaOut[0..K)}, and the variances of its K logits under the Laplace
   * approximation into {@code logitVarOut[0..K)}: each logit is scaled by (1 + π·σ²/8)^(−1/2)
   * before the softmax, pulling an uncertain prediction towards uniform. No allocation.
   *
   * @throws BayeskitException (INVALID_ARGUMENT) for a model without covariances
   */
  public void predictModerated(int[] ids, double[] values, int nnz, double[] probaOut, double[] logitVarOut) {
    row(ids, values, nnz);
    kOut(probaOut, "probaOut");
    kOut(logitVarOut, "logitVarOut");
    distinct(probaOut, logitVarOut, null);
    long m = lockShared();
    try {
      Native.logisticModelPredictModerated(m, ids, values, nnz, probaOut, logitVarOut, k);
    } finally {
      unlockShared();
    }
  }

  /** {@link #predictModerated(int[], double[], int, double[], double[])} over all of {@code ids}. */
  public void predictModerated(int[] ids, double[] values, double[] probaOut, double[] logitVarOut) {
    sameRow(ids, values);
    predictModerated(ids, values, ids.length, probaOut, logitVarOut);
  }

  /** The C API refuses overlapping outputs; the shim copies through its own buffers, so check here. */
  private static void distinct(Object a, Object b, Object c) {
    if (a == b || (c != null && (a == c || b == c))) {
      throw new IllegalArgumentException("output arrays must be distinct");
    }
  }

  private static void sameRow(int[] ids, double[] values) {
    Checks.notNull(ids, "ids");
    Checks.notNull(values, "values");
    if (ids.length != values.length) {
      throw new IllegalArgumentException("ids has " + ids.length + " entries but values " + values.length);
    }
  }

  /**
   * Moderated probabilities of the rows of a CSR matrix in one native call (as
   * {@link #predictProbaBatch}): {@code probaOut} and, unless null, {@code logitVarOut} receive
   * rows·K values each, row-major, each row bit for bit {@link #predictModerated}'s.
   */
  public void predictModeratedBatch(int[] indptr, int[] indices, double[] values, double[] probaOut,
      double[] logitVarOut) {
    Checks.notNull(indptr, "indptr");
    predictModeratedBatch(indptr, indptr.length - 1, indices, values, probaOut, logitVarOut);
  }

  /** As {@link #predictModeratedBatch(int[], int[], double[], double[], double[])} for the first {@code rows} rows. */
  public void predictModeratedBatch(int[] indptr, int rows, int[] indices, double[] values, double[] probaOut,
      double[] logitVarOut) {
    Checks.csr(indptr, rows, indices, values);
    Checks.notNull(probaOut, "probaOut");
    if ((long) rows * k > probaOut.length || (logitVarOut != null && (long) rows * k > logitVarOut.length)) {
      throw new IllegalArgumentException("probaOut (" + probaOut.length + ") or logitVarOut ("
          + (logitVarOut == null ? "null" : logitVarOut.length) + ") has fewer than " + rows + " rows × " + k
          + " classes");
    }
    distinct(probaOut, logitVarOut, null);
    long m = lockShared();
    try {
      Native.logisticModelPredictModeratedBatch(m, indptr, rows, indices, values, probaOut, logitVarOut, k);
    } finally {
      unlockShared();
    }
  }

  /**
   * The Monte Carlo predictive of one sparse row (the first {@code nnz} pairs; give each id once):
   * draws the K logits {@code options.draws()} times from their Gaussian under the Laplace
   * approximation and writes per class the mean drawn probability to {@code mean[0..K)} and the
   * central {@code options.level()} interval to {@code lower} and {@code upper}. {@code rng} is
   * advanced only on success: a seed gives bit for bit the C API's results. The scratch memory
   * lives in native code, one buffer per thread (kept for the thread's next call up to 8 MB,
   * freed when the thread ends), so a call allocates nothing on the Java heap.
   *
   * @throws BayeskitException (INVALID_ARGUMENT) for a model without covariances or bad options
   */
  public void predictMc(int[] ids, double[] values, int nnz, Rng rng, McOptions options, double[] mean,
      double[] lower, double[] upper) {
    row(ids, values, nnz);
    Checks.notNull(rng, "rng");
    Checks.notNull(options, "options");
    kOut(mean, "mean");
    kOut(lower, "lower");
    kOut(upper, "upper");
    distinct(mean, lower, upper);
    // Always the model before the generator: one global order, no deadlock with close().
    long m = lockShared();
    try {
      long r = rng.lockExclusive();
      try {
        Native.logisticModelPredictMc(m, ids, values, nnz, r, options.draws(), options.level(), mean, lower, upper, k);
      } finally {
        rng.unlockExclusive();
      }
    } finally {
      unlockShared();
    }
  }

  /** {@link #predictMc(int[], double[], int, Rng, McOptions, double[], double[], double[])} over all of {@code ids}. */
  public void predictMc(int[] ids, double[] values, Rng rng, McOptions options, double[] mean, double[] lower,
      double[] upper) {
    sameRow(ids, values);
    predictMc(ids, values, ids.length, rng, options, mean, lower, upper);
  }
}
