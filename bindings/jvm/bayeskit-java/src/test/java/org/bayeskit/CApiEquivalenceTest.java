package org.bayeskit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every result here equals, bit for bit, what bindings/jvm/native/c_reference.c computed through
 * the C API with the same inputs (keep the two in step).
 */
class CApiEquivalenceTest {
  private static Map<String, long[]> ref;
  private static final TreeSet<String> checked = new TreeSet<>();

  @BeforeAll
  static void load() throws IOException {
    ref = TestFiles.cReference();
  }

  @AfterAll
  static void everyReferenceChecked() {
    assertEquals(new TreeSet<>(ref.keySet()), checked, "every C reference result is compared");
  }

  private static void same(String name, double... actual) {
    long[] want = ref.get(name);
    assertNotNull(want, "no C reference result " + name);
    long[] got = new long[actual.length];
    for (int i = 0; i < actual.length; i++) {
      got[i] = Double.doubleToRawLongBits(actual[i]);
    }
    assertArrayEquals(want, got, name);
    checked.add(name);
  }

  private static double[] i(Interval x) {
    return new double[] {x.lo(), x.hi()};
  }

  private static double[] c(Comparison x) {
    MethodReport m = x.method();
    return new double[] {x.probBGreater(), x.expectedLossA(), x.expectedLossB(), m.method().code(), m.work(),
        m.errorEstimate()};
  }

  private static double[] s(CompareSummary x) {
    MethodReport m = x.method();
    return new double[] {x.probBGreater(), x.expectedLossA(), x.expectedLossB(), x.liftMedian(), x.lift().lo(), x.lift().hi(),
        m.method().code(), m.work(), m.errorEstimate()};
  }

  private static double[] p(ProbBest x) {
    MethodReport m = x.method();
    return concat(x.probabilities(), new double[] {m.method().code(), m.work(), m.errorEstimate()});
  }

  private static double flag(boolean b) {
    return b ? 1 : 0;
  }

  /** A bandit's choices and report on a seeded stream are the C API's, bit for bit. */
  @Test
  void bandit() {
    try (Bandit b = Bandit.beta(Beta.uniform(), 3); Rng r = new Rng(9, 2)) {
      b.update(0, 20, 1000);
      b.update(1, 30, 1000);
      b.update(2, 25, 1000, 0.5);
      double[] ch = new double[40];
      for (int i = 0; i < 40; i++) {
        ch[i] = i < 20 ? b.choose(r) : b.chooseTopTwo(r);
      }
      same("bandit.choices", ch);
      BanditReport rep = b.report(r, BanditReportOptions.defaults().withDraws(1000));
      BanditSummary s = rep.summary();
      MethodReport m = s.probBestMethod();
      same("bandit.report", concat(concat(rep.probBest(), rep.expectedLoss()), new double[] {s.best(),
          s.valueRemaining(), s.valueRemainingRelative(), s.draws(), m.method().code(), m.work(), m.errorEstimate()}));
    }
  }

  /** Every options record's defaults() holds what the C API's bk_*_options_default fills in. */
  @Test
  void defaults() {
    same("defaults.compare", CompareOptions.defaults().level());
    DmReadOptions dr = DmReadOptions.defaults();
    same("defaults.dmRead", Byte.toUnsignedInt(dr.delimiter()), flag(dr.header()), flag(dr.idColumn()),
        dr.weightColumn(), flag(dr.skipBad()), dr.threads(), dr.sampleRate(), dr.maxTotal(), dr.seed());
    DmFitOptions df = DmFitOptions.defaults();
    same("defaults.dmFit", df.maxIter(), df.tol(), df.hyperprior(), flag(df.dropEmpty()));
    ReadOptions lr = ReadOptions.defaults();
    same("defaults.read", lr.idBase().ordinal(), lr.nFeatures(), lr.maxFeatures(), lr.minCount(), lr.hashBits(),
        Integer.toUnsignedLong(lr.hashSeed()), flag(lr.skipBad()));
    TrainOptions lt = TrainOptions.defaults();
    same("defaults.train", lt.maxIter(), lt.lambda(), lt.l1Ratio(), lt.tol(), lt.threads(), lt.laplace().ordinal());
    McOptions lm = McOptions.defaults();
    same("defaults.mc", lm.draws(), lm.level());
    PathOptions lp = PathOptions.defaults();
    same("defaults.path", lp.nLambdas(), lp.minRatio(), lp.lambdas() == null ? 0 : lp.lambdas().length, lp.seed(),
        lp.folds(), lp.choice().ordinal(), flag(lp.earlyStop()));
    // The convenience constructor takes the default Laplace covariances.
    assertEquals(lt.laplace(), new TrainOptions(1, 1, 1, 1, 1).laplace());
  }

  @Test
  void beta() {
    Beta b = new Beta(1, 1).update(20, 980);
    same("beta.mean", b.mean());
    same("beta.variance", b.variance());
    same("beta.mode", b.mode());
    same("beta.cdf", b.cdf(0.025));
    same("beta.quantile", b.quantile(0.9));
    same("beta.interval", i(b.interval(0.95)));
    same("beta.lnPredictive", b.lnPredictive(3, 100));
    same("beta.lnMarginal", b.lnMarginal(5, 7));
    Beta o = b.observe(new boolean[] {true, false, false, true, true, false});
    same("beta.observe", o.alpha(), o.beta());
    Beta armB = new Beta(31, 971);
    same("beta.compare", c(b.compare(armB)));
    same("beta.liftQuantile", b.liftQuantile(armB, 0.5));
    same("beta.compareSummary", s(b.compareSummary(armB, 0.9)));
    same("beta.probBest", p(Beta.probBest(List.of(b, armB, new Beta(26, 976)))));
    try (Rng rng = new Rng(42)) {
      same("beta.sample42", b.sample(rng, 5));
      same("beta.compareMc42", c(b.compareMonteCarlo(armB, 10000, rng)));
    }
  }

  @Test
  void gamma() {
    Gamma g = new Gamma(2, 1).update(7, 3);
    same("gamma.mean", g.mean());
    same("gamma.variance", g.variance());
    same("gamma.mode", g.mode());
    same("gamma.cdf", g.cdf(2.0));
    same("gamma.quantile", g.quantile(0.1));
    same("gamma.interval", i(g.interval(0.9)));
    same("gamma.lnPredictive", g.lnPredictive(4, 2.0));
    double[] counts = {1, 4, 2};
    double[] exposures = {1, 2, 0.5};
    same("gamma.lnMarginal", g.lnMarginal(counts, exposures));
    Gamma g2 = g.update(counts, exposures);
    same("gamma.updateBatch", g2.shape(), g2.rate());
    same("gamma.compare", c(g.compare(g2)));
    same("gamma.compareSummary", s(g.compareSummary(g2, 0.95)));
    same("gamma.compareLarge", c(new Gamma(5e5, 1e4).compare(new Gamma(6e5, 1.2e4))));
    same("gamma.probBest", p(Gamma.probBest(List.of(g, g2, new Gamma(20, 8)))));
    try (Rng rng = new Rng(7)) {
      same("gamma.sample7", g.sample(rng, 4));
    }
  }

  @Test
  void normals() {
    double[] xs = {1.5, 2.5, 0.5, 3.0, 2.0};
    NormalKnownVar n = new NormalKnownVar(0, 10, 2).update(xs);
    same("nkv.updateBatch", n.mean(), n.sd(), n.noiseSd());
    same("nkv.quantile", n.quantile(0.975));
    same("nkv.interval", i(n.interval(0.95)));
    same("nkv.lnPredictive", n.lnPredictive(1.0));
    same("nkv.lnMarginal", n.lnMarginal(xs));
    NormalKnownVar n2 = n.updateStats(3, 1.25);
    same("nkv.updateStats", n2.mean(), n2.sd(), n2.noiseSd());

    NormalGamma g = new NormalGamma(0, 1, 2, 2).update(xs);
    same("ng.updateBatch", g.m(), g.kappa(), g.alpha(), g.beta());
    same("ng.meanQuantile", g.meanQuantile(0.95));
    same("ng.meanInterval", i(g.meanInterval(0.9)));
    same("ng.meanVariance", g.meanVariance());
    same("ng.lnPredictive", g.lnPredictive(2.0));
    same("ng.lnMarginal", g.lnMarginal(xs));
    NormalGamma g2 = g.updateStats(4, 1.0, 3.0);
    same("ng.updateStats", g2.m(), g2.kappa(), g2.alpha(), g2.beta());
  }

  @Test
  void dirichletAndHypotheses() {
    Dirichlet d = new Dirichlet(1, 2, 3).update(new double[] {4, 0, 1});
    same("dirichlet.alpha", d.alpha());
    same("dirichlet.mean", d.mean());
    same("dirichlet.mode", d.mode());
    same("dirichlet.variance1", d.variance(1));
    same("dirichlet.quantile0", d.quantile(0, 0.3));
    same("dirichlet.interval2", i(d.interval(2, 0.8)));
    same("dirichlet.lnPredictive", d.lnPredictive(new double[] {1, 1, 2}));
    same("dirichlet.lnMarginal", d.lnMarginal(new double[] {1, 1, 2}));
    try (Rng rng = new Rng(3)) {
      same("dirichlet.sample3", d.sample(rng));
    }
    try (Hypotheses h = Hypotheses.of(0.5, 0.3, 0.2)) {
      h.update(new double[] {0.1, 0.4, 0.8});
      h.updateLog(new double[] {-1.0, -0.5, -2.0});
      same("hypotheses.posterior", h.posterior());
      same("hypotheses.lnEvidence", h.lnEvidence());
    }
  }

  static final long[] DM_ROWS = {1, 9, 0, 4, 3, 7, 2, 2, 10, 30, 0, 1, 5, 45, 4, 1};

  @Test
  void dirichletMultinomial() {
    try (DmStats st = new DmStats(2)) {
      st.addRows(DM_ROWS, 8, null);
      DmFit f = st.fit(DmFitOptions.defaults());
      same("dm.summary", f.alphaSum(), f.theta(), f.loglik(), f.loglikMultinomial(), f.lrStat(), f.lrPValue(), f.aic(),
          f.bic(), f.gradNorm(), f.weight());
      same("dm.alpha", f.alpha());
      same("dm.stdErrors", f.stdErrors());
      try (DmPrior p = f.prior()) {
        same("dm.posteriorMean01", p.posteriorMean(new long[] {0, 1}));
        same("dm.interval25", i(p.interval(new long[] {2, 5}, 1, 0.9)));
        double[] scores = new double[8];
        p.scoreRows(DM_ROWS, 8, RankBy.LOWER, 1, 0.9, scores);
        same("dm.scoreLower", scores);
      }
    }
  }

  static final int[] INDPTR = {0, 2, 3, 5, 6, 8, 9};
  static final int[] INDICES = {0, 1, 2, 0, 3, 1, 2, 3, 0};
  static final double[] VALUES = {1, 2, 1, 0.5, 1, 3, 1, 2, 1.5};
  static final int[] LABELS = {0, 1, 2, 1, 2, 0};

  @Test
  void logistic() {
    try (LogisticData data = LogisticData.fromCsr(INDPTR, INDICES, VALUES, 4, LABELS, 3, null);
        LogisticModel m = LogisticModel.train(data, TrainOptions.defaults().withLambda(0.01).withL1Ratio(0.3))) {
      same("logistic.objective", m.info().objective());
      double[] out = new double[18];
      m.predictProbaBatch(INDPTR, INDICES, VALUES, out);
      same("logistic.batch", out);
      double[] lp = new double[3];
      m.predictLogProba(new int[] {3, 0}, new double[] {1, 2}, 2, lp);
      same("logistic.logProba", lp);
      Evaluation e = m.evaluate(data, 0);
      same("logistic.eval", e.logLoss(), e.accuracy());
    }
  }

  static final int[] ROW_IDS = {3, 0};
  static final double[] ROW_VALUES = {1, 2};
  static final double[] CLASS_WEIGHTS = {1, 2, 0.5};

  static TrainOptions referenceOptions() {
    return TrainOptions.defaults().withLambda(0.01).withL1Ratio(0.3);
  }

  @Test
  void logisticUncertainty() {
    try (LogisticData data = LogisticData.fromCsr(INDPTR, INDICES, VALUES, 4, LABELS, 3, null);
        LogisticModel m = LogisticModel.train(data, referenceOptions())) {
      same("logistic.laplaceMethod", m.laplaceMethod().ordinal());
      double[] packed = new double[6];
      m.covariancePacked(1, packed);
      same("logistic.cov1", packed);
      m.interceptCovariancePacked(packed);
      same("logistic.interceptCov", packed);
      double[] p = new double[3];
      double[] var = new double[3];
      m.predictModerated(ROW_IDS, ROW_VALUES, p, var);
      same("logistic.moderated", p);
      same("logistic.moderatedVar", var);
      double[] pb = new double[18];
      double[] vb = new double[18];
      m.predictModeratedBatch(INDPTR, INDICES, VALUES, pb, vb);
      same("logistic.moderatedBatch", pb);
      same("logistic.moderatedBatchVar", vb);
      McOptions mo = McOptions.defaults().withDraws(500).withLevel(0.9);
      double[] mean = new double[3];
      double[] lo = new double[3];
      double[] hi = new double[3];
      try (Rng rng = new Rng(7)) {
        m.predictMc(ROW_IDS, ROW_VALUES, rng, mo, mean, lo, hi);
        same("logistic.mc7", concat(mean, lo, hi));
        m.predictMc(ROW_IDS, ROW_VALUES, rng, mo, mean, lo, hi);
        same("logistic.mc7next", concat(mean, lo, hi));
      }
      try (LogisticModel m0 = LogisticModel.train(data, referenceOptions().withLaplace(Laplace.NONE));
          LogisticModel full = m0.laplace(data, Laplace.FULL, CLASS_WEIGHTS)) {
        full.covariancePacked(2, packed);
        same("logistic.fullCov2", packed);
      }
    }
  }

  static double[] concat(double[]... parts) {
    return java.util.Arrays.stream(parts).flatMapToDouble(java.util.Arrays::stream).toArray();
  }

  @Test
  void logisticPath() {
    try (LogisticData data = LogisticData.fromCsr(INDPTR, INDICES, VALUES, 4, LABELS, 3, null)) {
      PathOptions po = PathOptions.defaults().withGrid(8, 0.01).withCv(3, 42, CvChoice.ONE_SE);
      try (LogisticPath path = LogisticPath.fit(data, referenceOptions(), po)) {
        same("path.lenLambdaMax", path.size(), path.lambdaMax());
        PathStep s = path.step(2);
        same("path.step2", s.lambda(), s.loss(), s.objective(), s.cvMean(), s.cvSe(), s.nnz(), s.iterations(),
            s.converged() ? 1 : 0);
        CvSummary cv = path.cv().orElseThrow();
        same("path.cv", cv.folds(), cv.best(), cv.oneSe(), cv.chosen());
        same("path.chosenLambda", path.step(cv.chosen()).lambda());
        same("path.chosenFolds", path.foldLosses(cv.chosen()));
        LogisticModel chosen = path.chosenModel();
        path.close(); // models outlive their path
        try (chosen) {
          double[] p = new double[3];
          chosen.predictModerated(ROW_IDS, ROW_VALUES, p, new double[3]);
          same("path.chosenModerated", p);
        }
      }
      PathOptions explicit = PathOptions.defaults().withLambdas(0.5, 0.1, 0.02);
      try (LogisticPath path = LogisticPath.fit(data, referenceOptions(), explicit, CLASS_WEIGHTS);
          LogisticModel m1 = path.model(1)) {
        PathStep s = path.step(1);
        same("path.weightedStep1", s.lambda(), s.loss(), s.objective());
        double[] packed = new double[6];
        m1.covariancePacked(0, packed);
        same("path.weightedStep1Cov0", packed);
      }
    }
  }
}
