package org.bayeskit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class HandleTest {
  @Test
  void closeTwiceIsSafeAndUseAfterCloseThrows() {
    LogisticModel m = LogisticTest.small();
    m.close();
    m.close();
    assertTrue(m.isClosed());
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> m.predictProba(new int[] {1}, new double[] {1}));
    assertEquals("LogisticModel is closed", e.getMessage());
    assertThrows(IllegalStateException.class, m::toBytes);
    Rng rng = new Rng(1);
    rng.close();
    assertThrows(IllegalStateException.class, () -> Beta.uniform().sample(rng, 3));
    DmStats s = new DmStats(2);
    s.close();
    assertThrows(IllegalStateException.class, () -> s.add(1, 2));
    Hypotheses h = Hypotheses.of(1, 1);
    h.close();
    assertThrows(IllegalStateException.class, h::posterior);
    DmPrior p = new DmPrior(new double[] {1, 1});
    p.close();
    assertThrows(IllegalStateException.class, () -> p.posteriorMean(new long[] {1, 1}));
    LogisticData d = LogisticData.fromCsr(LogisticTest.INDPTR, LogisticTest.INDICES, LogisticTest.VALUES, 4,
        LogisticTest.LABELS, 3, null);
    d.close();
    assertThrows(IllegalStateException.class, d::rows);
  }

  /** 10 000 rows × 25 non-zeros, 3 classes, 10⁵ features (the benchmark's shape, smaller). */
  static final class Rows {
    final int[] indptr;
    final int[] indices;
    final double[] values;

    Rows(int n, int nnz, int features, long seed) {
      Random r = new Random(seed);
      indptr = new int[n + 1];
      indices = new int[n * nnz];
      values = new double[n * nnz];
      for (int i = 0; i < n; i++) {
        indptr[i + 1] = (i + 1) * nnz;
        for (int j = 0; j < nnz; j++) {
          indices[i * nnz + j] = (int) Math.min(features - 1, Math.exp(r.nextDouble() * Math.log(features)) - 1);
          values[i * nnz + j] = 1 + r.nextInt(2);
        }
      }
    }
  }

  static LogisticModel trained(Rows rows, int n, int classes, int features) {
    int[] labels = new int[n];
    int[] indptr = new int[n + 1];
    List<Integer> ix = new ArrayList<>();
    List<Double> vs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      // strictly increasing ids within a row for from_csr
      java.util.TreeMap<Integer, Double> row = new java.util.TreeMap<>();
      for (int j = rows.indptr[i]; j < rows.indptr[i + 1]; j++) {
        row.merge(rows.indices[j], rows.values[j], Double::sum);
      }
      row.forEach((k, v) -> {
        ix.add(k);
        vs.add(v);
      });
      indptr[i + 1] = ix.size();
      labels[i] = Math.floorMod(rows.indices[rows.indptr[i]], classes);
    }
    try (LogisticData d = LogisticData.fromCsr(indptr, ix.stream().mapToInt(Integer::intValue).toArray(),
        vs.stream().mapToDouble(Double::doubleValue).toArray(), features, labels, classes, null)) {
      return LogisticModel.train(d, TrainOptions.defaults().withLambda(1e-3).withMaxIter(20));
    }
  }

  @Test
  void concurrentScoringFrom8ThreadsEqualsSequential() throws Exception {
    int n = 10_000;
    Rows rows = new Rows(n, 25, 100_000, 11);
    try (LogisticModel m = trained(rows, 2_000, 3, 100_000)) {
      double[] sequential = new double[n * 3];
      m.predictProbaBatch(rows.indptr, rows.indices, rows.values, sequential);
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<double[]>> results = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          final int thread = t;
          results.add(pool.submit(() -> {
            double[] out = new double[n * 3];
            for (int rep = 0; rep < 5; rep++) {
              if (thread % 2 == 0) {
                m.predictProbaBatch(rows.indptr, rows.indices, rows.values, out);
              } else {
                double[] p = new double[3];
                for (int i = 0; i < n; i++) {
                  int a = rows.indptr[i];
                  int len = rows.indptr[i + 1] - a;
                  int[] ids = java.util.Arrays.copyOfRange(rows.indices, a, a + len);
                  double[] vs = java.util.Arrays.copyOfRange(rows.values, a, a + len);
                  m.predictProba(ids, vs, p);
                  System.arraycopy(p, 0, out, 3 * i, 3);
                }
              }
            }
            return out;
          }));
        }
        for (Future<double[]> f : results) {
          assertArrayEquals(sequential, f.get());
        }
      } finally {
        pool.shutdown();
      }
    }
  }

  @Test
  void closeWhileOtherThreadsScoreNeverCrashes() throws Exception {
    Rows rows = new Rows(2_000, 25, 100_000, 5);
    LogisticModel m = trained(rows, 500, 3, 100_000);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> fs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        fs.add(pool.submit(() -> {
          double[] out = new double[2_000 * 3];
          int done = 0;
          try {
            while (true) {
              m.predictProbaBatch(rows.indptr, rows.indices, rows.values, out);
              done++;
            }
          } catch (IllegalStateException closed) {
            return done;
          }
        }));
      }
      Thread.sleep(100);
      m.close();
      for (Future<Integer> f : fs) {
        assertTrue(f.get() >= 0);
      }
    } finally {
      pool.shutdown();
    }
  }

  private static long rssKb() throws IOException {
    for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }

  @Test
  void aMillionCreateCloseCyclesDoNotGrowNativeMemory() throws IOException {
    byte[] model;
    try (LogisticModel m = LogisticTest.small()) {
      model = m.toBytes();
    }
    // warm up (JIT, allocator arenas), then measure
    for (int i = 0; i < 50_000; i++) {
      new Rng(i).close();
    }
    long before = rssKb();
    for (int i = 0; i < 1_000_000; i++) {
      try (Rng r = new Rng(i); DmStats s = new DmStats(3)) {
        s.add(1, 2, 3);
      }
      if (i % 10 == 0) {
        LogisticModel.fromBytes(model).close();
      }
    }
    System.gc();
    long after = rssKb();
    // A leak of even 16 bytes a cycle would be 16 MB; the Java heap may move a little.
    assertTrue(after - before < 64 * 1024, "VmRSS grew from " + before + " kB to " + after + " kB");
  }
}
