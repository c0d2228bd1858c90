package org.bayeskit;

import java.nio.charset.StandardCharsets;

/**
 * The JNI entry points (bindings/jvm/native/bayeskit_jni.c), mirroring the C API: one native per C
 * function, named after it in camel case without the {@code bk_} ({@code bk_beta_mean} is
 * {@link #betaMean}). A plain value crosses as its record ({@code bk_beta} as {@link Beta}), a
 * result struct comes back as a record built in C ({@code bk_comparison} as {@link Comparison}),
 * an enumeration as its constant, a handle as a {@code long}; batch calls over primitive arrays
 * write arrays. Callers in this package have checked every length, offset, handle and non-null
 * reference before calling: the shim trusts them. A failing call throws {@link BayeskitException}.
 * Strings cross as NUL-terminated UTF-8 bytes.
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

  /**
   * The two outputs of a reader: the new handle (owned by the caller) and the reader's report
   * ({@link DmReadReport}, {@link ReadReport}).
   */
  record Read<R>(long handle, R report) {}

  static native byte[] version();

  static native long rngNew(long seed);

  static native long rngNewStream(long seed, long stream);

  static native void rngFree(long rng);

  // Option defaults: each returns its options record built from the matching bk_*_options_default
  // (derived from the core's Default); the records' defaults() call these, so Java states no default.
  static native CompareOptions compareOptionsDefault();

  static native DmReadOptions dmReadOptionsDefault();

  static native DmFitOptions dmFitOptionsDefault();

  static native ReadOptions logisticReadOptionsDefault();

  static native TrainOptions logisticTrainOptionsDefault();

  static native McOptions logisticMcOptionsDefault();

  static native PathOptions logisticPathOptionsDefault();

  // Beta. The natives it shares with Gamma are RatePosterior's, through Families.BETA.
  static native void betaInit(double alpha, double beta);

  static native Beta betaUpdate(Beta b, double successes, double failures);

  static native Beta betaObserveBatch(Beta b, byte[] outcomes, int n);

  static native double betaMean(Beta b);

  static native double betaVariance(Beta b);

  static native double betaMode(Beta b);

  static native double betaCdf(Beta b, double x);

  static native double betaQuantile(Beta b, double p);

  static native Interval betaInterval(Beta b, double level);

  static native double betaLnPredictive(Beta b, long k, long n);

  static native double betaLnMarginal(Beta b, double successes, double failures);

  static native void betaSample(Beta b, long rng, double[] out, int n);

  static native Comparison betaCompare(Beta a, Beta b);

  static native Comparison betaCompareMc(Beta a, Beta b, long draws, long rng);

  static native double betaLiftQuantile(Beta a, Beta b, double p);

  static native CompareSummary betaCompareSummary(Beta a, Beta b, double level);

  /** Arms not null; their number is the C API's to check (1 to {@link ProbBest#MAX_ARMS}). */
  static native ProbBest betaProbBest(Beta[] arms);

  // Gamma
  static native void gammaInit(double shape, double rate);

  static native Gamma gammaUpdate(Gamma g, double count, double exposure);

  static native Gamma gammaUpdateBatch(Gamma g, double[] counts, double[] exposures, int n);

  static native double gammaMean(Gamma g);

  static native double gammaVariance(Gamma g);

  static native double gammaMode(Gamma g);

  static native double gammaCdf(Gamma g, double x);

  static native double gammaQuantile(Gamma g, double p);

  static native Interval gammaInterval(Gamma g, double level);

  static native double gammaLnPredictive(Gamma g, long k, double exposure);

  static native double gammaLnMarginal(Gamma g, double[] counts, double[] exposures, int n);

  static native void gammaSample(Gamma g, long rng, double[] out, int n);

  static native Comparison gammaCompare(Gamma a, Gamma b);

  static native Comparison gammaCompareMc(Gamma a, Gamma b, long draws, long rng);

  static native double gammaLiftQuantile(Gamma a, Gamma b, double p);

  static native CompareSummary gammaCompareSummary(Gamma a, Gamma b, double level);

  /** Arms not null; their number is the C API's to check (1 to {@link ProbBest#MAX_ARMS}). */
  static native ProbBest gammaProbBest(Gamma[] arms);

  // Normal with known variance. The natives it shares with NormalGamma are NormalPosterior's.
  static native void normalKnownVarInit(double mean, double sd, double noiseSd);

  static native NormalKnownVar normalKnownVarUpdateBatch(NormalKnownVar p, double[] xs, int n);

  static native NormalKnownVar normalKnownVarUpdateStats(NormalKnownVar p, double count, double mean);

  static native double normalKnownVarQuantile(NormalKnownVar p, double prob);

  static native Interval normalKnownVarInterval(NormalKnownVar p, double level);

  static native double normalKnownVarLnPredictive(NormalKnownVar p, double x);

  static native double normalKnownVarLnMarginal(NormalKnownVar p, double[] xs, int n);

  static native void normalKnownVarSample(NormalKnownVar p, long rng, double[] out, int n);

  // Normal-Gamma
  static native void normalGammaInit(double m, double kappa, double alpha, double beta);

  static native NormalGamma normalGammaUpdateBatch(NormalGamma p, double[] xs, int n);

  static native NormalGamma normalGammaUpdateStats(NormalGamma p, double count, double mean, double ss);

  static native double normalGammaMeanQuantile(NormalGamma p, double prob);

  static native Interval normalGammaMeanInterval(NormalGamma p, double level);

  static native double normalGammaMeanVariance(NormalGamma p);

  static native double normalGammaLnPredictive(NormalGamma p, double x);

  static native double normalGammaLnMarginal(NormalGamma p, double[] xs, int n);

  static native void normalGammaSample(NormalGamma p, long rng, double[] mu, double[] var, int n);

  // Dirichlet: a value in Java, which makes a short-lived handle (bk_dirichlet) for each call.
  static native long dirichletNew(double[] alpha, int k);

  static native void dirichletFree(long h);

  static native void dirichletUpdate(long h, double[] counts, int k);

  static native double[] dirichletAlpha(long h, int k);

  static native double[] dirichletMean(long h, int k);

  static native double[] dirichletMode(long h, int k);

  static native double dirichletVariance(long h, int category);

  static native double dirichletQuantile(long h, int category, double p);

  static native Interval dirichletInterval(long h, int category, double level);

  static native double dirichletLnPredictive(long h, double[] counts, int k);

  static native double dirichletLnMarginal(long h, double[] counts, int k);

  static native double[] dirichletSample(long h, long rng, int k);

  // Hypotheses
  static native long hypothesesNew(double[] prior, int n);

  static native long hypothesesNewLog(double[] lnWeights, int n);

  static native void hypothesesFree(long h);

  static native void hypothesesUpdate(long h, double[] likelihood, int n);

  static native void hypothesesUpdateLog(long h, double[] lnLikelihood, int n);

  static native double[] hypothesesPosterior(long h, int n);

  static native long hypothesesLen(long h);

  static native long hypothesesMap(long h);

  static native double hypothesesLnEvidence(long h);

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

  static native Read<DmReadReport> dmStatsReadFile(byte[] path, byte delimiter, boolean header, boolean idColumn,
      long weightColumn, boolean skipBad, int threads, double sampleRate, long maxTotal, long seed);

  /** A bk_dm_result handle: read it with the dmResult* natives, then free it. */
  static native long dmFit(long stats, int maxIter, double tol, double hyperprior, boolean dropEmpty);

  static native void dmResultFree(long h);

  static native DmFitSummary dmResultSummary(long h);

  static native double[] dmResultAlpha(long h, int k);

  static native double[] dmResultMean(long h, int k);

  static native double[] dmResultStdErrors(long h, int k);

  static native boolean[] dmResultDropped(long h, int k);

  static native long dmPriorNew(double[] alpha, int k);

  static native void dmPriorFree(long h);

  static native void dmPriorPosteriorMean(long h, long[] counts, int k, double[] out);

  static native Interval dmPriorInterval(long h, long[] counts, int k, int category, double level);

  static native void dmPriorScoreRows(long h, long[] counts, int rows, int k, int by, int category, double level,
      double[] scores);

  /**
   * A batch (bk_dm_prior_intervals, then bk_dm_prior_posterior_mean per row): rows·k counts; mean
   * (or null), lower and upper: rows·k values each, row-major.
   */
  static native void dmPriorPosteriorRows(long h, long[] counts, int rows, int k, double level, double[] mean,
      double[] lower, double[] upper);

  // Logistic regression
  static native long logisticDataFromCsr(int[] indptr, int rows, int[] indices, double[] values, int nnz,
      long nFeatures, int[] labels, int nClasses, double[] weights);

  static native Read<ReadReport> logisticDataReadSvmlight(byte[] path, int idBase, long nFeatures,
      long maxFeatures, long minCount, int hashBits, int hashSeed, boolean skipBad);

  static native Read<ReadReport> logisticDataReadPhrases(byte[] path, int idBase, long nFeatures, long maxFeatures,
      long minCount, int hashBits, int hashSeed, boolean skipBad);

  static native Read<ReadReport> logisticDataReadPhrasesFor(long model, byte[] path, int idBase, long nFeatures,
      long maxFeatures, long minCount, int hashBits, int hashSeed, boolean skipBad);

  static native void logisticDataFree(long h);

  static native long logisticDataRows(long h);

  static native long logisticDataClasses(long h);

  static native long logisticDataFeatures(long h);

  static native long logisticTrain(long data, int maxIter, double lambda, double l1Ratio, double tol, double maxGap,
      int threads, int laplace);

  static native long logisticTrainWeighted(long data, int maxIter, double lambda, double l1Ratio, double tol,
      double maxGap, int threads, int laplace, double[] classWeights, int k);

  static native void logisticModelFree(long h);

  static native void logisticModelSave(long h, byte[] path);

  static native long logisticModelLoad(byte[] path);

  static native byte[] logisticModelToBytes(long h);

  /** The JSON text's UTF-8 bytes (without the NUL). */
  static native byte[] logisticModelToJson(long h);

  static native long logisticModelFromBytes(byte[] bytes, int n);

  static native long logisticModelClasses(long h);

  static native long logisticModelFeatures(long h);

  static native long logisticModelNnz(long h);

  /** Label {@code index}'s UTF-8 bytes (without the NUL). */
  static native byte[] logisticModelLabel(long h, int index);

  static native TrainingInfo logisticModelInfo(long h);

  static native int logisticModelFeatureId(long h, byte[] phrase);

  static native FeatureSpace logisticModelFeatureSpace(long h);

  static native void logisticModelPredictProba(long h, int[] ids, double[] values, int nnz, double[] out, int k);

  static native void logisticModelPredictLogProba(long h, int[] ids, double[] values, int nnz, double[] out, int k);

  static native void logisticModelPredictProbaBatch(long h, int[] indptr, int rows, int[] indices, double[] values,
      double[] out, int k);

  static native Evaluation logisticEvaluate(long model, long data, double clip, int k);

  // Logistic uncertainty: Laplace covariances, moderated and Monte Carlo predictions, the path
  /** classWeights: k values, or null for none. */
  static native long logisticLaplace(long model, long data, int method, double[] classWeights, int k);

  static native Laplace logisticModelLaplace(long h);

  static native void logisticModelCovariance(long h, int featureId, double[] out, int len);

  static native void logisticModelInterceptCovariance(long h, double[] out, int len);

  static native void logisticModelPredictModerated(long h, int[] ids, double[] values, int nnz, double[] proba,
      double[] logitVar, int k);

  static native void logisticModelPredictModeratedBatch(long h, int[] indptr, int rows, int[] indices,
      double[] values, double[] proba, double[] logitVar, int k);

  static native void logisticModelPredictMc(long h, int[] ids, double[] values, int nnz, long rng, long draws,
      double level, double[] mean, double[] lower, double[] upper, int k);

  static native long logisticPathFit(long data, int maxIter, double lambda, double l1Ratio, double tol, double maxGap,
      int threads, int laplace, int nLambdas, double minRatio, double[] lambdas, int nValues, long seed, int folds,
      int choice, boolean earlyStop);

  static native long logisticPathFitWeighted(long data, int maxIter, double lambda, double l1Ratio, double tol,
      double maxGap, int threads, int laplace, int nLambdas, double minRatio, double[] lambdas, int nValues,
      long seed, int folds, int choice, boolean earlyStop, double[] classWeights, int k);

  static native void logisticPathFree(long h);

  static native long logisticPathLen(long h);

  static native double logisticPathLambdaMax(long h);

  static native boolean logisticPathStoppedEarly(long h);

  static native boolean logisticPathHasCv(long h);

  static native PathStep logisticPathStep(long h, int i);

  static native long logisticPathModel(long h, int i);

  static native long logisticPathChosenModel(long h);

  static native CvSummary logisticPathCv(long h);

  static native void logisticPathCvFolds(long h, int i, double[] out, int folds);

  // Decisions: priors fitted from past experiments, peek-safe A/B rules.
  static native PriorFitOptions priorFitOptionsDefault();

  static native BetaPriorFit betaPriorFit(long[] successes, long[] trials, int n, int maxIter, double tol);

  static native GammaPriorFit gammaPriorFit(long[] counts, double[] exposures, int n, int maxIter, double tol);

  static native double betaBayesFactor(Beta prior, long successesA, long trialsA, long successesB, long trialsB);

  static native double gammaBayesFactor(Gamma prior, long countA, double exposureA, long countB, double exposureB);

  static native long alwaysValidProportions(double alpha, double mixingSd, boolean defaults);

  static native long alwaysValidRates(double alpha, double mixingSd, boolean defaults);

  static native AlwaysValidLook alwaysValidLook(long h, double countA, double trialsA, double countB, double trialsB);

  static native void alwaysValidFree(long h);

  // Bandits (bk_bandit): priors as flat parameter arrays (2 per Beta or Gamma, 4 per NormalGamma).
  static native BanditOptions banditOptionsDefault();

  static native BanditReportOptions banditReportOptionsDefault();

  static native long banditNewBeta(double[] params, int nPriors, int k, double topTwoBeta);

  static native long banditNewGamma(double[] params, int nPriors, int k, double topTwoBeta);

  static native long banditNewNormalGamma(double[] params, int nPriors, int k, double topTwoBeta);

  static native void banditFree(long bandit);

  static native long banditArms(long bandit);

  static native int banditFamilyOf(long bandit);

  static native long banditChoose(long bandit, long rng);

  static native long banditChooseTopTwo(long bandit, long rng);

  static native void banditUpdate(long bandit, long arm, double value, double size, double weight);

  static native void banditUpdateBatch(
      long bandit, long[] arms, double[] values, double[] sizes, double[] weights, int n);

  static native void banditDiscount(long bandit, double gamma);

  static native Beta banditPosteriorBeta(long bandit, long arm);

  static native Gamma banditPosteriorGamma(long bandit, long arm);

  static native NormalGamma banditPosteriorNormalGamma(long bandit, long arm);

  static native BanditSummary banditReport(
      long bandit, long rng, long draws, double level, double[] probBest, double[] loss, int k);
}
