package org.bayeskit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogisticTest {
  static final int[] INDPTR = CApiEquivalenceTest.INDPTR;
  static final int[] INDICES = CApiEquivalenceTest.INDICES;
  static final double[] VALUES = CApiEquivalenceTest.VALUES;
  static final int[] LABELS = CApiEquivalenceTest.LABELS;

  static LogisticModel small() {
    try (LogisticData d = LogisticData.fromCsr(INDPTR, INDICES, VALUES, 4, LABELS, 3, null)) {
      return LogisticModel.train(d, TrainOptions.defaults().withLambda(0.01));
    }
  }

  /** maxGap reaches the native duality-gap rule: a fit within its bound of a tight one, in fewer iterations. */
  @Test
  void maxGapStopsOnTheDualityGap() {
    try (LogisticData d = LogisticData.fromCsr(INDPTR, INDICES, VALUES, 4, LABELS, 3, null)) {
      assertEquals(0.0, TrainOptions.defaults().maxGap());
      TrainOptions o = TrainOptions.defaults().withLambda(0.01);
      try (LogisticModel tight = LogisticModel.train(d, o.withTol(1e-12));
          LogisticModel gap = LogisticModel.train(d, o.withTol(1e-15).withMaxGap(1e-6))) {
        assertTrue(gap.info().converged());
        assertTrue(gap.info().iterations() < tight.info().iterations(), gap.info() + " " + tight.info());
        double f = tight.info().objective();
        assertTrue((gap.info().objective() - f) / f <= 1e-6, gap.info() + " " + tight.info());
      }
      assertEquals(o.withMaxGap(1e-3), new TrainOptions(o.maxIter(), o.lambda(), o.l1Ratio(), o.tol(), o.threads(),
          o.laplace(), 1e-3));
      BayeskitException e = assertThrows(BayeskitException.class, () -> LogisticModel.train(d, o.withMaxGap(-1)));
      assertEquals(Status.INVALID_ARGUMENT, e.status());
    }
  }

  @Test
  void batchEqualsSingleRowsAndBytesRoundTrip(@TempDir Path dir) {
    try (LogisticModel m = small()) {
      assertEquals(3, m.classes());
      assertEquals(List.of("0", "1", "2"), m.labels());
      assertEquals(4, m.features());
      assertTrue(m.info().converged());
      assertEquals(6, m.info().rows());
      double[] batch = new double[18];
      m.predictProbaBatch(INDPTR, INDICES, VALUES, batch);
      for (int r = 0; r < 6; r++) {
        int n = INDPTR[r + 1] - INDPTR[r];
        int[] ids = new int[n];
        double[] vs = new double[n];
        System.arraycopy(INDICES, INDPTR[r], ids, 0, n);
        System.arraycopy(VALUES, INDPTR[r], vs, 0, n);
        double[] one = m.predictProba(ids, vs);
        for (int c = 0; c < 3; c++) {
          assertEquals(Double.doubleToRawLongBits(batch[3 * r + c]), Double.doubleToRawLongBits(one[c]));
        }
      }
      try (LogisticModel back = LogisticModel.fromBytes(m.toBytes())) {
        double[] again = new double[18];
        back.predictProbaBatch(INDPTR, INDICES, VALUES, again);
        assertArrayEquals(batch, again);
      }
      Path f = dir.resolve("m.bkm");
      m.save(f);
      try (LogisticModel loaded = LogisticModel.load(f)) {
        assertArrayEquals(m.toBytes(), loaded.toBytes());
      }
      assertTrue(m.toJson().startsWith("{") && m.toJson().contains("\"classes\":[\"0\",\"1\",\"2\"]"), m.toJson());
      // ids outside the feature space, including NO_FEATURE, are ignored
      assertArrayEquals(m.predictProba(new int[] {1}, new double[] {2}),
          m.predictProba(new int[] {1, 99, LogisticModel.NO_FEATURE}, new double[] {2, 5, 5}));
      // rows beyond indptr (even Integer.MAX_VALUE, whose rows + 1 overflows an int) are
      // an IllegalArgumentException, not ArrayIndexOutOfBoundsException
      assertThrows(IllegalArgumentException.class, () -> m.predictProbaBatch(new int[] {0, 1}, Integer.MAX_VALUE,
          new int[] {1}, new double[] {1}, new double[3]));
      // a value that is not finite is refused, never NaN probabilities
      BayeskitException e = assertThrows(BayeskitException.class,
          () -> m.predictProba(new int[] {1}, new double[] {Double.NaN}));
      assertEquals(Status.INVALID_ARGUMENT, e.status());
    }
  }

  @Test
  void batchesLongerThanTheShimsChunkEqualSingleRows() {
    int rows = 5000; // the shim scores 2048 rows per pinned chunk
    int[] ip = new int[rows + 1];
    int[] ix = new int[2 * rows];
    double[] vs = new double[2 * rows];
    for (int r = 0; r < rows; r++) { // rows of 1 or 2 entries, so chunk offsets are uneven
      ip[r + 1] = ip[r] + (r % 4 == 0 ? 1 : 2);
      for (int j = ip[r]; j < ip[r + 1]; j++) {
        ix[j] = (j - ip[r]) == 0 ? r % 3 : 3;
        vs[j] = 1 + (r + j) % 5;
      }
    }
    try (LogisticModel m = small()) {
      double[] batch = new double[3 * rows];
      m.predictProbaBatch(ip, ix, vs, batch);
      for (int r = 0; r < rows; r += 499) {
        int n = ip[r + 1] - ip[r];
        double[] one = m.predictProba(java.util.Arrays.copyOfRange(ix, ip[r], ip[r] + n),
            java.util.Arrays.copyOfRange(vs, ip[r], ip[r] + n));
        for (int c = 0; c < 3; c++) {
          assertEquals(Double.doubleToRawLongBits(one[c]), Double.doubleToRawLongBits(batch[3 * r + c]), "row " + r);
        }
      }
      double[] part = new double[3 * 2049];
      m.predictProbaBatch(ip, 2049, ix, vs, part);
      assertArrayEquals(java.util.Arrays.copyOf(batch, 3 * 2049), part);
    }
  }

  @Test
  void badArraysNeverReachNativeCode() {
    try (LogisticModel m = small()) {
      double[] out = new double[18];
      assertThrows(IllegalArgumentException.class, () -> m.predictProbaBatch(new int[] {1, 2}, INDICES, VALUES, out));
      assertThrows(IllegalArgumentException.class, () -> m.predictProbaBatch(new int[] {0, 5, 3}, INDICES, VALUES, out));
      assertThrows(IllegalArgumentException.class, () -> m.predictProbaBatch(new int[] {0, 100}, INDICES, VALUES, out));
      assertThrows(IllegalArgumentException.class, () -> m.predictProbaBatch(INDPTR, INDICES, VALUES, new double[17]));
      assertThrows(IllegalArgumentException.class, () -> m.predictProbaBatch(INDPTR, 7, INDICES, VALUES, out));
      assertThrows(IllegalArgumentException.class, () -> m.predictProba(new int[] {1}, new double[] {1, 2}, new double[3]));
      assertThrows(IllegalArgumentException.class, () -> m.predictProba(new int[] {1}, new double[] {1}, new double[2]));
      assertThrows(IllegalArgumentException.class, () -> m.predictLogProba(new int[] {1}, new double[] {1}, 2, new double[3]));
      assertThrows(NullPointerException.class, () -> m.predictProbaBatch(null, INDICES, VALUES, out));
      double[] empty = new double[0];
      m.predictProbaBatch(new int[] {0}, new int[0], empty, empty);
      BayeskitException e = assertThrows(BayeskitException.class, () -> m.featureId("great"));
      assertEquals(Status.INVALID_ARGUMENT, e.status());
    }
    assertThrows(IllegalArgumentException.class,
        () -> LogisticData.fromCsr(INDPTR, INDICES, VALUES, 4, new int[] {0, 1}, 3, null));
    assertThrows(BayeskitException.class,
        () -> LogisticData.fromCsr(INDPTR, INDICES, VALUES, 2, LABELS, 3, null), "an id ≥ nFeatures");
    assertThrows(BayeskitException.class,
        () -> LogisticData.fromCsr(new int[] {0, 2, 2}, new int[] {1, 0}, new double[] {1, 1}, 4, new int[] {0, 1}, 2, null),
        "ids out of order");
    assertEquals(Status.CORRUPT, assertThrows(BayeskitException.class, () -> LogisticModel.fromBytes(new byte[10])).status());
    assertThrows(IllegalArgumentException.class, () -> LogisticModel.load(Path.of("a\0b")));
    try (LogisticData d = LogisticData.fromCsr(INDPTR, INDICES, VALUES, 4, LABELS, 3, null)) {
      assertThrows(BayeskitException.class, () -> LogisticModel.train(d, TrainOptions.defaults().withLambda(-1)));
      assertThrows(IllegalArgumentException.class, () -> LogisticModel.train(d, TrainOptions.defaults(), new double[] {1}));
    }
  }

  @Test
  void phrasesWithDictionaryEvaluateAndWeights(@TempDir Path dir) throws IOException {
    Path train = dir.resolve("tips.tsv");
    Files.writeString(train, "positive\tgreat:1\tcoffee:1\nnegative\trude:1\nnegative\tslow:1\tcoffee:1\n"
        + "positive\tgreat:2\npositive\tcafé ☕:1\tgreat:1\nnegative\trude:2\tslow:1\n");
    try (LogisticData d = LogisticData.readPhrases(train, ReadOptions.defaults());
        LogisticModel m = LogisticModel.train(d, TrainOptions.defaults().withLambda(0.01).withL1Ratio(0.5))) {
      assertEquals(6, d.rows());
      assertEquals(2, d.classes());
      assertEquals(new ReadReport(6, 0, 0, IdBase.AUTO), d.readReport());
      assertEquals(List.of("negative", "positive"), m.labels());
      int great = m.featureId("great");
      assertTrue(great >= 0);
      assertTrue(m.featureId("café ☕") >= 0, "UTF-8 phrases cross intact");
      assertEquals(LogisticModel.NO_FEATURE, m.featureId("never seen"));
      double[] p = m.predictProba(new int[] {great}, new double[] {1});
      assertTrue(p[1] > p[0], "great is positive");
      Path test = dir.resolve("test.tsv");
      Files.writeString(test, "positive\tgreat:1\tunknown:1\nnegative\trude:1\n");
      try (LogisticData t = LogisticData.readPhrasesFor(m, test, ReadOptions.defaults())) {
        assertEquals(1, t.readReport().outOfVocabulary());
        Evaluation e = m.evaluate(t, 0);
        assertEquals(2, e.rows());
        assertEquals(1.0, e.accuracy());
        assertEquals(4, e.confusion().length);
        assertEquals(0, e.clipped());
        assertThrows(BayeskitException.class, () -> m.evaluate(t, 2.0));
      }
      try (LogisticModel w = LogisticModel.train(d, TrainOptions.defaults().withLambda(0.01), new double[] {1, 3})) {
        double[] pw = w.predictProba(new int[] {great}, new double[] {1});
        assertTrue(pw[1] > p[1], "up-weighting a class raises its probability");
      }
    }
    Path bad = dir.resolve("bad.tsv");
    Files.writeString(bad, "positive\tgreat:x\n");
    BayeskitException e = assertThrows(BayeskitException.class, () -> LogisticData.readPhrases(bad, ReadOptions.defaults()));
    assertEquals(Status.PARSE, e.status());
  }

  @Test
  void featureSpaceOfEveryKind(@TempDir Path dir) throws IOException {
    try (LogisticModel m = small()) {
      assertEquals(new FeatureSpace(FeatureSpace.Kind.INDEXED, 4, 0, 0), m.featureSpace());
    }
    Path f = dir.resolve("tips.tsv");
    Files.writeString(f, "a\tx:1\ty:1\nb\tz:1\n");
    try (LogisticData d = LogisticData.readPhrases(f, ReadOptions.defaults());
        LogisticModel m = LogisticModel.train(d, TrainOptions.defaults())) {
      assertEquals(new FeatureSpace(FeatureSpace.Kind.NAMES, 3, 0, 0), m.featureSpace());
    }
    // A seed above 2^31 crosses as the int of the same 32 bits (as Spark's HashingTF takes it).
    try (LogisticData d = LogisticData.readPhrases(f, ReadOptions.defaults().withHashing(12, -7));
        LogisticModel m = LogisticModel.train(d, TrainOptions.defaults())) {
      assertEquals(new FeatureSpace(FeatureSpace.Kind.HASHED, 4096, 12, -7), m.featureSpace());
    }
  }

  @Test
  void messagesNameTheArgumentNotACIdentifier(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("tips.tsv");
    Files.writeString(f, "a\tx:1\ty:1\nb\tz:1\n");
    try (LogisticModel indexed = small()) {
      BayeskitException e = assertThrows(BayeskitException.class,
          () -> LogisticData.readPhrasesFor(indexed, f, ReadOptions.defaults()));
      assertTrue(e.detail().contains("the model has indexed features, not phrases: read its data as svmlight or CSR"),
          e.detail());
      assertTrue(!e.detail().contains("bk_") && !e.detail().contains("BK_"), e.detail());
    }
    try (LogisticData d = LogisticData.readPhrases(f, ReadOptions.defaults());
        LogisticModel m = LogisticModel.train(d, TrainOptions.defaults());
        LogisticData own = LogisticData.readPhrases(f, ReadOptions.defaults().withHashing(4, 1))) {
      BayeskitException e = assertThrows(BayeskitException.class, () -> m.evaluate(own, 0));
      assertTrue(e.detail().contains("read the data in the model's feature space"), e.detail());
      assertTrue(!e.detail().contains("bk_") && !e.detail().contains("BK_"), e.detail());
    }
  }

  @Test
  void hashedPhrasesAndSvmlight(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("tips.tsv");
    Files.writeString(f, "a\tx:1\ty:1\nb\tz:1\n");
    try (LogisticData d = LogisticData.readPhrases(f, ReadOptions.defaults().withHashing(10, 42));
        LogisticModel m = LogisticModel.train(d, TrainOptions.defaults())) {
      assertEquals(1024, d.features());
      int id = m.featureId("x");
      assertTrue(id >= 0 && id < 1024);
    }
    Path svm = TestFiles.repo().resolve("tests/reference/logistic/dense_k3.svm");
    try (LogisticData d = LogisticData.readSvmlight(svm, ReadOptions.defaults().withIdBase(IdBase.AUTO))) {
      assertTrue(d.rows() > 0);
      assertEquals(3, d.classes());
      assertTrue(d.readReport().idBase() != IdBase.AUTO, "AUTO is resolved");
    }
  }
}
