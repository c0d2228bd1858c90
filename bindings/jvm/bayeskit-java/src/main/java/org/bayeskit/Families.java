package org.bayeskit;

import java.util.function.ToDoubleFunction;

/**
 * The tables of the conjugate families that share a shape: for each family, the natives behind the
 * default methods of {@link RatePosterior} (Beta, Gamma) or {@link NormalPosterior}
 * (NormalKnownVar, NormalGamma), one per C function ({@code bk_beta_mean} is
 * {@code Native::betaMean}; the shim generates them with RATE_FAMILY and NORMAL_FAMILY). A family
 * that joins a shape adds its table here and its name to the interface's {@code permits}.
 */
final class Families {
  private Families() {}

  /** {@code f(value, x)}: a cdf, a quantile, a log density. */
  interface At<T> {
    double apply(T value, double x);
  }

  interface Level<T> {
    Interval apply(T value, double level);
  }

  interface Sample<T> {
    void apply(T value, long rng, double[] out, int n);
  }

  interface Compare<T> {
    Comparison apply(T a, T b);
  }

  interface CompareMc<T> {
    Comparison apply(T a, T b, long draws, long rng);
  }

  interface Lift<T> {
    double apply(T a, T b, double p);
  }

  interface Summary<T> {
    CompareSummary apply(T a, T b, double level);
  }

  interface UpdateBatch<T> {
    T apply(T value, double[] xs, int n);
  }

  interface OfBatch<T> {
    double apply(T value, double[] xs, int n);
  }

  /** What {@link RatePosterior} calls. */
  record Rate<T>(ToDoubleFunction<T> mean, ToDoubleFunction<T> variance, ToDoubleFunction<T> mode, At<T> cdf,
      At<T> quantile, Level<T> interval, Sample<T> sample, Compare<T> compare, CompareMc<T> compareMc,
      Lift<T> liftQuantile, Summary<T> compareSummary) {}

  /** What {@link NormalPosterior} calls. */
  record Normal<T>(UpdateBatch<T> updateBatch, At<T> lnPredictive, OfBatch<T> lnMarginal) {}

  static final Rate<Beta> BETA = new Rate<>(Native::betaMean, Native::betaVariance, Native::betaMode,
      Native::betaCdf, Native::betaQuantile, Native::betaInterval, Native::betaSample, Native::betaCompare,
      Native::betaCompareMc, Native::betaLiftQuantile, Native::betaCompareSummary);

  static final Rate<Gamma> GAMMA = new Rate<>(Native::gammaMean, Native::gammaVariance, Native::gammaMode,
      Native::gammaCdf, Native::gammaQuantile, Native::gammaInterval, Native::gammaSample, Native::gammaCompare,
      Native::gammaCompareMc, Native::gammaLiftQuantile, Native::gammaCompareSummary);

  static final Normal<NormalKnownVar> NORMAL_KNOWN_VAR = new Normal<>(Native::normalKnownVarUpdateBatch,
      Native::normalKnownVarLnPredictive, Native::normalKnownVarLnMarginal);

  static final Normal<NormalGamma> NORMAL_GAMMA = new Normal<>(Native::normalGammaUpdateBatch,
      Native::normalGammaLnPredictive, Native::normalGammaLnMarginal);

  /** The table of {@code value}'s family (the interface is sealed: these are all its families). */
  @SuppressWarnings("unchecked")
  static <T extends RatePosterior<T>> Rate<T> of(RatePosterior<T> value) {
    return (Rate<T>) (Rate<?>) (value instanceof Beta ? BETA : GAMMA);
  }

  @SuppressWarnings("unchecked")
  static <T extends NormalPosterior<T>> Normal<T> of(NormalPosterior<T> value) {
    return (Normal<T>) (Normal<?>) (value instanceof NormalKnownVar ? NORMAL_KNOWN_VAR : NORMAL_GAMMA);
  }
}
