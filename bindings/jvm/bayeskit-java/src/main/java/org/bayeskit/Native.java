package org.bayeskit;

import java.nio.charset.StandardCharsets;

/**
 * The JNI entry points (bindings/jvm/native/bayeskit_jni.c). Callers in this package have
 * checked every length, offset and handle before calling: the shim trusts them. A failing
 * call throws {@link BayeskitException}. Strings cross as NUL-terminated UTF-8 bytes.
 */
final class Native {
  static {
    NativeLoader.load();
  }

  private Native() {}

  /** Makes sure the library is loaded (for eager loading and tests). */
  static void init() {}

  /** NUL-terminated UTF-8; a NUL inside the text is refused (C would cut the string there). */
  static byte[] utf8z(String s, String what) {
    if (s.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(what + " contains a NUL character");
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    byte[] z = new byte[b.length + 1];
    System.arraycopy(b, 0, z, 0, b.length);
    return z;
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  static native byte[] version();

  static native long rngNew(long seed);

  static native void rngFree(long rng);

  // Option defaults: each returns its options record built from the matching bk_*_options_default
  // (derived from the core's Default); the records' defaults() call these, so Java states no default.
  static native CompareOptions compareOptionsDefault();

  static native DmReadOptions dmReadOptionsDefault();

  static native DmFitOptions dmFitOptionsDefault();

  static native ReadOptions readOptionsDefault();

  static native TrainOptions trainOptionsDefault();

  static native McOptions mcOptionsDefault();

  static native PathOptions pathOptionsDefault();

  // Beta; which: 0 mean, 1 variance, 2 mode
  static native void betaCheck(double a, double b);

  static native double[] betaUpdate(double a, double b, double successes, double failures);

  static native double[] betaObserve(double a, double b, byte[] outcomes, int n);

  static native double betaStat(int which, double a, double b);

  static native double betaCdf(double a, double b, double x);

  static native double betaQuantile(double a, double b, double p);

  static native double[] betaInterval(double a, double b, double level);

  static native double betaLnPredictive(double a, double b, long k, long n);

  static native double betaLnMarginal(double a, double b, double successes, double failures);

  static native void betaSample(double a, double b, long rng, double[] out, int n);

  static native double[] betaCompare(double a1, double b1, double a2, double b2);

  static native double[] betaCompareMc(double a1, double b1, double a2, double b2, long draws, long rng);

  static native double betaLiftQuantile(double a1, double b1, double a2, double b2, double p);

  static native double[] betaCompareSummary(double a1, double b1, double a2, double b2, double level);

  /** k = alphas.length = betas.length in 1..ProbBest.MAX_ARMS: k probabilities, then the report. */
  static native double[] betaProbBest(double[] alphas, double[] betas, int k);

  // Gamma
  static native void gammaCheck(double shape, double rate);

  static native double[] gammaUpdate(double shape, double rate, double count, double exposure);

  static native double[] gammaUpdateBatch(double shape, double rate, double[] counts, double[] exposures, int n);

  static native double gammaStat(int which, double shape, double rate);

  static native double gammaCdf(double shape, double rate, double x);

  static native double gammaQuantile(double shape, double rate, double p);

  static native double[] gammaInterval(double shape, double rate, double level);

  static native double gammaLnPredictive(double shape, double rate, long k, double exposure);

  static native double gammaLnMarginal(double shape, double rate, double[] counts, double[] exposures, int n);

  static native void gammaSample(double shape, double rate, long rng, double[] out, int n);

  static native double[] gammaCompare(double s1, double r1, double s2, double r2);

  static native double[] gammaCompareMc(double s1, double r1, double s2, double r2, long draws, long rng);

  static native double gammaLiftQuantile(double s1, double r1, double s2, double r2, double p);

  static native double[] gammaCompareSummary(double s1, double r1, double s2, double r2, double level);

  /** k = shapes.length = rates.length in 1..ProbBest.MAX_ARMS: k probabilities, then the report. */
  static native double[] gammaProbBest(double[] shapes, double[] rates, int k);

  // Normal with known variance: (mean, sd, noiseSd)
  static native double[] nkvInit(double mean, double sd, double noiseSd);

  static native double[] nkvUpdateBatch(double mean, double sd, double noiseSd, double[] xs, int n);

  static native double[] nkvUpdateStats(double mean, double sd, double noiseSd, double count, double xbar);

  static native double nkvQuantile(double mean, double sd, double noiseSd, double p);

  static native double[] nkvInterval(double mean, double sd, double noiseSd, double level);

  static native double nkvLnPredictive(double mean, double sd, double noiseSd, double x);

  static native double nkvLnMarginal(double mean, double sd, double noiseSd, double[] xs, int n);

  static native void nkvSample(double mean, double sd, double noiseSd, long rng, double[] out, int n);

  // Normal-Gamma: (m, kappa, alpha, beta)
  static native void ngCheck(double m, double kappa, double alpha, double beta);

  static native double[] ngUpdateBatch(double m, double kappa, double alpha, double beta, double[] xs, int n);

  static native double[] ngUpdateStats(double m, double kappa, double alpha, double beta, double count, double mean, double ss);

  static native double ngMeanQuantile(double m, double kappa, double alpha, double beta, double p);

  static native double[] ngMeanInterval(double m, double kappa, double alpha, double beta, double level);

  static native double ngMeanVariance(double m, double kappa, double alpha, double beta);

  static native double ngLnPredictive(double m, double kappa, double alpha, double beta, double x);

  static native double ngLnMarginal(double m, double kappa, double alpha, double beta, double[] xs, int n);

  static native void ngSample(double m, double kappa, double alpha, double beta, long rng, double[] mu, double[] var, int n);

  // Dirichlet (a value here; a short-lived handle in C). dirVector which: 0 update, 1 mean, 2 mode.
  // dirScalar which: 0 variance, 1 quantile, 2 interval, 3 ln predictive, 4 ln marginal.
  static native void dirCheck(double[] alpha, int k);

  static native double[] dirVector(int which, double[] alpha, int k, double[] counts);

  static native double[] dirScalar(int which, double[] alpha, int k, int category, double p, double[] counts);

  static native double[] dirSample(double[] alpha, int k, long rng);

  // Hypotheses
  static native long hypNew(double[] prior, int n, boolean log);

  static native void hypFree(long h);

  static native void hypUpdate(long h, double[] likelihood, int n, boolean log);

  static native double[] hypPosterior(long h, int n);

  static native long hypLen(long h);

  static native long hypMap(long h);

  static native double hypLnEvidence(long h);

  // Dirichlet-multinomial
  static native long dmStatsNew(int k);

  static native void dmStatsFree(long h);

  static native void dmStatsAdd(long h, long[] counts, int k, double weight);

  static native void dmStatsAddRows(long h, long[] counts, int rows, int k, double[] weights);

  static native void dmStatsMerge(long dst, long src);

  static native long dmStatsCategories(long h);

  static native long dmStatsRows(long h);

  static native double dmStatsTotalWeight(long h);

  static native byte[] dmStatsSerialize(long h);

  static native long dmStatsDeserialize(byte[] bytes, int n);

  static native long dmStatsReadFile(byte[] path, byte delimiter, boolean header, boolean idColumn, long weightColumn,
      boolean skipBad, int threads, double sampleRate, long maxTotal, long seed, long[] report);

  static native void dmFit(long stats, int maxIter, double tol, double hyperprior, boolean dropEmpty, double[] scalars,
      long[] ints, double[] alpha, double[] mean, double[] stdErrors, boolean[] dropped, int k);

  static native long dmPriorNew(double[] alpha, int k);

  static native void dmPriorFree(long h);

  static native void dmPriorPosteriorMean(long h, long[] counts, int k, double[] out);

  static native double[] dmPriorInterval(long h, long[] counts, int k, int category, double level);

  static native void dmPriorScoreRows(long h, long[] counts, int rows, int k, int by, int category, double level, double[] scores);

  /** rows·k counts; mean (or null), lower and upper: rows·k values each, row-major. */
  static native void dmPriorPosteriorRows(long h, long[] counts, int rows, int k, double level, double[] mean,
      double[] lower, double[] upper);

  // Logistic regression
  static native long logDataFromCsr(int[] indptr, int rows, int[] indices, double[] values, int nnz, long nFeatures,
      int[] labels, int nClasses, double[] weights);

  static native long logDataRead(int kind, long model, byte[] path, int idBase, long nFeatures, long maxFeatures,
      long minCount, int hashBits, int hashSeed, boolean skipBad, long[] report);

  static native void logDataFree(long h);

  static native long logDataSize(long h, int which);

  static native long logTrain(long data, int maxIter, double lambda, double l1Ratio, double tol, int threads,
      int laplace, double[] classWeights, int k);

  static native void logModelFree(long h);

  static native void logModelSave(long h, byte[] path);

  static native long logModelLoad(byte[] path);

  static native byte[] logModelBytes(long h, boolean json);

  static native long logModelFromBytes(byte[] bytes, int n);

  static native long logModelSize(long h, int which);

  static native byte[] logModelLabel(long h, int index);

  static native void logModelInfo(long h, double[] scalars, long[] ints);

  static native int logModelFeatureId(long h, byte[] phrase);

  /** out = kind, features, hash bits, hash seed (unsigned). */
  static native void logModelFeatureSpace(long h, long[] out);

  static native void logPredict(long h, int[] ids, double[] values, int nnz, double[] out, int k, boolean log);

  static native void logPredictBatch(long h, int[] indptr, int rows, int[] indices, double[] values, int nnz,
      double[] out, int k);

  static native void logEvaluate(long model, long data, double clip, double[] scalars, long[] ints, double[] confusion,
      double[] precision, double[] recall, int k);

  // Logistic uncertainty: Laplace covariances, moderated and Monte Carlo predictions, the path
  static native long logLaplace(long model, long data, int method, double[] classWeights, int k);

  static native int logModelLaplace(long h);

  static native void logModelCovariance(long h, boolean intercept, int featureId, double[] out, int len);

  static native void logPredictModerated(long h, int[] ids, double[] values, int nnz, double[] proba,
      double[] logitVar, int k);

  static native void logPredictModeratedBatch(long h, int[] indptr, int rows, int[] indices, double[] values,
      double[] proba, double[] logitVar, int k);

  static native void logPredictMc(long h, int[] ids, double[] values, int nnz, long rng, long draws, double level,
      double[] mean, double[] lower, double[] upper, int k);

  static native long logPathFit(long data, int maxIter, double lambda, double l1Ratio, double tol, int threads,
      int laplace, int nLambdas, double minRatio, double[] lambdas, int nValues, long seed, int folds, int choice,
      boolean earlyStop, double[] classWeights, int k);

  static native void logPathFree(long h);

  /** ints = len, stopped early, has CV (3 values); returns λ_max. */
  static native double logPathInfo(long h, long[] ints);

  static native void logPathStep(long h, int i, double[] d, long[] l);

  static native long logPathModel(long h, int i);

  static native void logPathCv(long h, long[] ints);

  static native void logPathCvFolds(long h, int i, double[] out, int folds);
}
