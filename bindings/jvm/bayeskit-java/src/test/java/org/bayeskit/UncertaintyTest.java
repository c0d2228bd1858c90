package org.bayeskit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Laplace covariances, moderated and Monte Carlo predictions, the path: behaviour and error paths. */
class UncertaintyTest {
  static final int[] INDPTR = CApiEquivalenceTest.INDPTR;
  static final int[] INDICES = CApiEquivalenceTest.INDICES;
  static final double[] VALUES = CApiEquivalenceTest.VALUES;
  static final int[] LABELS = CApiEquivalenceTest.LABELS;
  static final int[] IDS = CApiEquivalenceTest.ROW_IDS;
  static final double[] XS = CApiEquivalenceTest.ROW_VALUES;

  static LogisticData data() {
    return LogisticData.fromCsr(INDPTR, INDICES, VALUES, 4, LABELS, 3, null);
  }

  private static double[] mc(LogisticModel m, Rng rng, McOptions o) {
    double[] mean = new double[3];
    double[] lo = new double[3];
    double[] hi = new double[3];
    m.predictMc(IDS, XS, rng, o, mean, lo, hi);
    return CApiEquivalenceTest.concat(mean, lo, hi);
  }

  @Test
  void covariancesAreSymmetricBlocksAndSurviveSerialisation() {
    // ridge, so that every weight is active (an exact-zero weight has variance 0)
    try (LogisticData d = data();
        LogisticModel m = LogisticModel.train(d, TrainOptions.defaults().withLambda(0.01).withL1Ratio(0))) {
      assertEquals(Laplace.BLOCKS, m.laplaceMethod());
      assertEquals(6, m.packedLength());
      double[] packed = new double[6];
      m.covariancePacked(2, packed);
      double[][] full = m.covariance(2);
      for (int r = 0; r < 3; r++) {
        assertTrue(full[r][r] > 0, "a variance is positive");
        for (int c = 0; c <= r; c++) {
          assertEquals(packed[r * (r + 1) / 2 + c], full[r][c]);
          assertEquals(full[r][c], full[c][r]);
        }
      }
      assertEquals(3, m.interceptCovariance().length);
      try (LogisticModel back = LogisticModel.fromBytes(m.toBytes())) {
        assertEquals(Laplace.BLOCKS, back.laplaceMethod());
        assertArrayEquals(full, back.covariance(2));
      }
      // moderated probabilities: a distribution, pulled towards uniform from the point estimate
      double[] p = new double[3];
      double[] v = new double[3];
      m.predictModerated(IDS, XS, p, v);
      double[] point = m.predictProba(IDS, XS);
      assertEquals(1, p[0] + p[1] + p[2], 1e-12);
      double maxP = Math.max(p[0], Math.max(p[1], p[2]));
      double maxPoint = Math.max(point[0], Math.max(point[1], point[2]));
      assertTrue(maxP <= maxPoint, "moderation never sharpens");
      for (double x : v) {
        assertTrue(x > 0);
      }
    }
  }

  @Test
  void moderatedBatchEqualsSingleRowsAcrossChunks() {
    // more rows than the shim's chunk (2048), so the chunked pinning is exercised
    int rows = 5000;
    int[] ip = new int[rows + 1];
    int[] ix = new int[rows * 2];
    double[] vs = new double[rows * 2];
    for (int r = 0; r < rows; r++) {
      ip[r + 1] = 2 * (r + 1);
      ix[2 * r] = r % 3;
      ix[2 * r + 1] = 3;
      vs[2 * r] = 1 + r % 7;
      vs[2 * r + 1] = 0.5 * (r % 5);
    }
    try (LogisticData d = data(); LogisticModel m = LogisticModel.train(d, TrainOptions.defaults().withLambda(0.01))) {
      double[] pb = new double[rows * 3];
      double[] vb = new double[rows * 3];
      double[] pOnly = new double[rows * 3];
      double[] plain = new double[rows * 3];
      m.predictModeratedBatch(ip, ix, vs, pb, vb);
      m.predictModeratedBatch(ip, ix, vs, pOnly, null);
      m.predictProbaBatch(ip, ix, vs, plain);
      assertArrayEquals(pb, pOnly);
      double[] p = new double[3];
      double[] v = new double[3];
      double[] q = new double[3];
      for (int r = 0; r < rows; r += 997) {
        int[] ids = {ix[2 * r], ix[2 * r + 1]};
        double[] xs = {vs[2 * r], vs[2 * r + 1]};
        m.predictModerated(ids, xs, p, v);
        m.predictProba(ids, xs, q);
        for (int c = 0; c < 3; c++) {
          assertEquals(Double.doubleToRawLongBits(p[c]), Double.doubleToRawLongBits(pb[3 * r + c]));
          assertEquals(Double.doubleToRawLongBits(v[c]), Double.doubleToRawLongBits(vb[3 * r + c]));
          assertEquals(Double.doubleToRawLongBits(q[c]), Double.doubleToRawLongBits(plain[3 * r + c]));
        }
      }
      // the first rows only
      double[] two = new double[6];
      m.predictModeratedBatch(ip, 2, ix, vs, two, null);
      assertArrayEquals(java.util.Arrays.copyOf(pb, 6), two);
    }
  }

  @Test
  void monteCarloIsReproducibleForASeedAndAdvancesOnlyOnSuccess() {
    try (LogisticData d = data(); LogisticModel m = LogisticModel.train(d, TrainOptions.defaults().withLambda(0.01))) {
      McOptions o = McOptions.defaults().withDraws(300);
      double[] first;
      double[] second;
      try (Rng rng = new Rng(11)) {
        first = mc(m, rng, o);
        second = mc(m, rng, o);
      }
      assertFalse(java.util.Arrays.equals(first, second), "the generator advances");
      try (Rng rng = new Rng(11)) {
        assertArrayEquals(first, mc(m, rng, o));
        // refused options leave the generator where it was
        BayeskitException e = assertThrows(BayeskitException.class, () -> mc(m, rng, o.withLevel(1.5)));
        assertEquals(Status.INVALID_ARGUMENT, e.status());
        assertThrows(BayeskitException.class, () -> mc(m, rng, o.withDraws(1)));
        // the scratch size query refuses them (with the library's message) before any scratch exists
        BayeskitException none = assertThrows(BayeskitException.class, () -> mc(m, rng, o.withDraws(0)));
        assertTrue(none.getMessage().contains("draws must be in 2..=10000000, got 0"), none.getMessage());
        assertThrows(BayeskitException.class, () -> mc(m, rng, o.withDraws(-1)));
        // the documented limit (10^7 draws): refused, not an allocation of the scratch
        BayeskitException big = assertThrows(BayeskitException.class, () -> mc(m, rng, o.withDraws(10_000_001)));
        assertEquals(Status.INVALID_ARGUMENT, big.status());
        assertTrue(big.getMessage().contains("draws must be in 2..=10000000"), big.getMessage());
        assertArrayEquals(second, mc(m, rng, o));
      }
      try (Rng rng = new Rng(12)) {
        assertNotEquals(first[0], mc(m, rng, o)[0]);
      }
      for (int c = 0; c < 3; c++) {
        assertTrue(first[3 + c] <= first[c] && first[c] <= first[6 + c], "lower ≤ mean ≤ upper");
      }
    }
  }

  @Test
  void monteCarloFromManyThreadsEqualsSequential() throws Exception {
    try (LogisticData d = data(); LogisticModel m = LogisticModel.train(d, TrainOptions.defaults().withLambda(0.01))) {
      // different draws on different threads exercise the per-thread scratch (grown, reused)
      long[] draws = {2, 50, 1000, 20000};
      List<double[]> want = new ArrayList<>();
      for (long n : draws) {
        try (Rng rng = new Rng(n)) {
          want.add(mc(m, rng, McOptions.defaults().withDraws(n)));
        }
      }
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<double[]>> got = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
          long n = draws[t % draws.length];
          got.add(pool.submit(() -> {
            try (Rng rng = new Rng(n)) {
              return mc(m, rng, McOptions.defaults().withDraws(n));
            }
          }));
        }
        for (int t = 0; t < 16; t++) {
          assertArrayEquals(want.get(t % draws.length), got.get(t).get());
        }
      } finally {
        pool.shutdown();
      }
    }
  }

  @Test
  void modelWithoutCovariancesIsRefused() {
    try (LogisticData d = data();
        LogisticModel m = LogisticModel.train(d, TrainOptions.defaults().withLambda(0.01).withLaplace(Laplace.NONE));
        Rng rng = new Rng(1)) {
      assertEquals(Laplace.NONE, m.laplaceMethod());
      for (org.junit.jupiter.api.function.Executable call : List.<org.junit.jupiter.api.function.Executable>of(
          () -> m.covariance(0),
          () -> m.interceptCovariance(),
          () -> m.predictModerated(IDS, XS, new double[3], new double[3]),
          () -> m.predictModeratedBatch(INDPTR, INDICES, VALUES, new double[18], null),
          () -> m.predictModeratedBatch(new int[] {0}, new int[0], new double[0], new double[0], null),
          () -> mc(m, rng, McOptions.defaults()))) {
        BayeskitException e = assertThrows(BayeskitException.class, call);
        assertEquals(Status.INVALID_ARGUMENT, e.status());
        assertTrue(e.getMessage().contains("covariance"), e.getMessage());
      }
      // adding them afterwards equals training with them
      try (LogisticModel blocks = m.laplace(d, Laplace.BLOCKS, null);
          LogisticModel trained = LogisticModel.train(d, TrainOptions.defaults().withLambda(0.01))) {
        assertEquals(Laplace.BLOCKS, blocks.laplaceMethod());
        assertArrayEquals(trained.covariance(1), blocks.covariance(1));
        assertEquals(Laplace.NONE, m.laplaceMethod(), "laplace() returns a new model");
      }
      assertThrows(BayeskitException.class, () -> m.laplace(d, Laplace.NONE, null).close());
    }
  }

  @Test
  void badArgumentsNeverReachNativeCode() {
    try (LogisticData d = data(); LogisticModel m = LogisticModel.train(d, TrainOptions.defaults().withLambda(0.01));
        Rng rng = new Rng(1)) {
      double[] three = new double[3];
      assertThrows(IllegalArgumentException.class, () -> m.covariancePacked(0, new double[5]));
      assertThrows(IllegalArgumentException.class, () -> m.covariancePacked(0, new double[9]));
      assertThrows(IllegalArgumentException.class, () -> m.interceptCovariancePacked(new double[7]));
      assertThrows(IllegalArgumentException.class, () -> m.predictModerated(IDS, XS, new double[2], three));
      assertThrows(IllegalArgumentException.class, () -> m.predictModerated(IDS, XS, three, three));
      assertThrows(IllegalArgumentException.class, () -> m.predictModerated(IDS, new double[] {1}, three, new double[3]));
      assertThrows(IllegalArgumentException.class, () -> m.predictModerated(IDS, XS, 3, three, new double[3]));
      assertThrows(IllegalArgumentException.class,
          () -> m.predictModeratedBatch(INDPTR, INDICES, VALUES, new double[17], null));
      assertThrows(IllegalArgumentException.class,
          () -> m.predictModeratedBatch(INDPTR, INDICES, VALUES, new double[18], new double[17]));
      double[] out = new double[18];
      assertThrows(IllegalArgumentException.class, () -> m.predictModeratedBatch(INDPTR, INDICES, VALUES, out, out));
      assertThrows(IllegalArgumentException.class,
          () -> m.predictModeratedBatch(new int[] {0, 5, 3}, INDICES, VALUES, out, null));
      assertThrows(IllegalArgumentException.class,
          () -> m.predictMc(IDS, XS, rng, McOptions.defaults(), three, three, new double[3]));
      assertThrows(IllegalArgumentException.class,
          () -> m.predictMc(IDS, XS, rng, McOptions.defaults(), new double[3], new double[2], new double[3]));
      assertThrows(NullPointerException.class,
          () -> m.predictMc(IDS, XS, null, McOptions.defaults(), new double[3], new double[3], new double[3]));
      assertThrows(IllegalArgumentException.class, () -> m.laplace(d, Laplace.FULL, new double[2]));
      // checked by the library: a feature id outside the feature space
      BayeskitException e = assertThrows(BayeskitException.class, () -> m.covariance(4));
      assertEquals(Status.INVALID_ARGUMENT, e.status());
      assertThrows(BayeskitException.class, () -> m.covariance(LogisticModel.NO_FEATURE));
      // a closed generator or model
      Rng closed = new Rng(3);
      closed.close();
      assertThrows(IllegalStateException.class, () -> mc(m, closed, McOptions.defaults()));
    }
  }

  @Test
  void pathWithoutCrossValidation() {
    try (LogisticData d = data();
        LogisticPath path = LogisticPath.fit(d, TrainOptions.defaults(), PathOptions.defaults().withGrid(6, 0.01))) {
      assertTrue(path.size() >= 1 && path.size() <= 6);
      assertTrue(path.cv().isEmpty());
      PathStep first = path.step(0);
      assertEquals(path.lambdaMax(), first.lambda());
      assertEquals(0, first.nnz(), "every weight is zero at λ_max");
      assertTrue(Double.isNaN(first.cvMean()) && Double.isNaN(first.cvSe()));
      for (int i = 1; i < path.size(); i++) {
        assertTrue(path.step(i).lambda() < path.step(i - 1).lambda());
      }
      for (PathStep s : path.steps()) {
        assertTrue(s.gap() >= 0 && s.gap() < 1e-8, "every converged fit has a tiny duality gap: " + s.gap());
      }
      assertThrows(IllegalStateException.class, path::chosenModel);
      assertThrows(IllegalStateException.class, () -> path.foldLosses(0));
      assertThrows(IndexOutOfBoundsException.class, () -> path.model(path.size()));
      assertThrows(UnsupportedOperationException.class, () -> path.steps().clear());
      int last = path.size() - 1;
      try (LogisticModel m = path.model(last)) {
        assertEquals(Laplace.BLOCKS, m.laplaceMethod(), "without CV every step's model has covariances");
        assertEquals(path.step(last).nnz(), m.nnz());
      }
    }
  }

  @Test
  void pathErrorsAndClose() {
    try (LogisticData d = data()) {
      BayeskitException e = assertThrows(BayeskitException.class,
          () -> LogisticPath.fit(d, TrainOptions.defaults(), PathOptions.defaults().withLambdas(0.1, 0.2)));
      assertEquals(Status.INVALID_ARGUMENT, e.status());
      assertThrows(BayeskitException.class,
          () -> LogisticPath.fit(d, TrainOptions.defaults(), PathOptions.defaults().withCv(1, 0, CvChoice.MIN)));
      assertThrows(BayeskitException.class,
          () -> LogisticPath.fit(d, TrainOptions.defaults(), PathOptions.defaults().withGrid(1, 0.1)));
      assertThrows(IllegalArgumentException.class,
          () -> LogisticPath.fit(d, TrainOptions.defaults(), PathOptions.defaults(), new double[] {1}));
      double[] ls = {0.3, 0.1};
      PathOptions po = PathOptions.defaults().withLambdas(ls).withCv(3, 5, CvChoice.MIN);
      ls[0] = -1; // options keep their own copy
      assertEquals(po, PathOptions.defaults().withLambdas(0.3, 0.1).withCv(3, 5, CvChoice.MIN));
      LogisticPath path = LogisticPath.fit(d, TrainOptions.defaults().withLaplace(Laplace.NONE), po);
      CvSummary cv = path.cv().orElseThrow();
      assertEquals(3, cv.folds());
      assertEquals(5, cv.seed());
      assertEquals(CvChoice.MIN, cv.choice());
      assertEquals(cv.best(), cv.chosen());
      assertEquals(3, path.foldLosses(1).length);
      assertFalse(Double.isNaN(path.step(1).cvMean()));
      try (LogisticModel chosen = path.chosenModel(); LogisticModel step = path.model(0)) {
        assertEquals(Laplace.NONE, chosen.laplaceMethod());
        assertEquals(Laplace.NONE, step.laplaceMethod(), "with CV the step models have no covariances");
      }
      path.close();
      path.close();
      assertThrows(IllegalStateException.class, () -> path.model(0));
      assertThrows(IllegalStateException.class, path::chosenModel);
      assertEquals(2, path.size(), "the steps were read at construction");
    }
  }
}
