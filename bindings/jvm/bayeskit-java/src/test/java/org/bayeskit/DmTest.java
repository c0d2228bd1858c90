package org.bayeskit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DmTest {
  static final long[] ROWS = CApiEquivalenceTest.DM_ROWS;

  @Test
  void fitSerialiseMergeAndScore() {
    try (DmStats all = new DmStats(2); DmStats a = new DmStats(2); DmStats b = new DmStats(2)) {
      all.addRows(ROWS, 8, null);
      for (int r = 0; r < 8; r++) {
        (r < 4 ? a : b).add(new long[] {ROWS[2 * r], ROWS[2 * r + 1]}, 1.0);
      }
      a.merge(b);
      assertEquals(8, a.rows());
      assertEquals(8.0, a.totalWeight());
      assertArrayEquals(all.toBytes(), a.toBytes(), "merging parts gives the same statistics");
      try (DmStats back = DmStats.fromBytes(all.toBytes())) {
        assertEquals(2, back.categories());
        DmFit f1 = all.fit(DmFitOptions.defaults());
        DmFit f2 = back.fit(DmFitOptions.defaults());
        assertEquals(DmOutcome.CONVERGED, f1.outcome());
        assertArrayEquals(f1.alpha(), f2.alpha());
        assertTrue(f1.iterations() > 0 && f1.alphaSum() > 0);
      }
      a.merge(a);
      assertEquals(16, a.rows());
    }
  }

  @Test
  void degenerateFitsAreOutcomesNotErrors() {
    try (DmStats s = new DmStats(2)) {
      s.add(1, 0);
      s.add(0, 1);
      DmFit f = s.fit(DmFitOptions.defaults());
      assertEquals(DmOutcome.NOT_IDENTIFIABLE, f.outcome());
      assertTrue(Double.isNaN(f.alphaSum()));
      assertThrows(IllegalStateException.class, f::prior);
    }
    try (DmStats s = new DmStats(3)) {
      s.add(5, 5, 0);
      s.add(3, 7, 0);
      BayeskitException e = assertThrows(BayeskitException.class, () -> s.fit(DmFitOptions.defaults()));
      assertEquals(Status.INVALID_ARGUMENT, e.status());
      DmFit f = s.fit(DmFitOptions.defaults().withDropEmpty(true));
      assertArrayEquals(new boolean[] {false, false, true}, f.dropped());
      assertEquals(0.0, f.alpha()[2]);
    }
  }

  @Test
  void badInputIsRefusedBeforeNativeCode() {
    try (DmStats s = new DmStats(2)) {
      assertThrows(IllegalArgumentException.class, () -> s.add(new long[] {1, 2, 3}, 1));
      assertThrows(IllegalArgumentException.class, () -> s.add(new long[] {-1, 2}, 1));
      assertThrows(IllegalArgumentException.class, () -> s.addRows(new long[] {1, 2, 3}, 2, null));
      assertThrows(IllegalArgumentException.class, () -> s.addRows(new long[] {1, 2, 3, 4}, 2, new double[] {1}));
      assertThrows(BayeskitException.class, () -> s.add(new long[] {1, 2}, -1));
      assertThrows(BayeskitException.class, () -> s.addRows(new long[] {1, 2, 3, 4}, 2, new double[] {1, Double.NaN}));
      assertEquals(0, s.rows(), "all or nothing");
      DmStats closed = new DmStats(2);
      closed.close();
      assertThrows(IllegalStateException.class, () -> s.merge(closed));
    }
    assertThrows(BayeskitException.class, () -> new DmStats(1));
    // Integer.MAX_VALUE killed the JVM (SIGABRT); -1 was reported as INTERNAL.
    BayeskitException big = assertThrows(BayeskitException.class, () -> new DmStats(Integer.MAX_VALUE));
    assertEquals(Status.INVALID_ARGUMENT, big.status());
    assertThrows(IllegalArgumentException.class, () -> new DmStats(-1));
    BayeskitException e = assertThrows(BayeskitException.class, () -> DmStats.fromBytes(new byte[] {1, 2, 3}));
    assertEquals(Status.CORRUPT, e.status());
    try (DmStats a = new DmStats(2); DmStats b = new DmStats(3)) {
      assertThrows(BayeskitException.class, () -> a.merge(b));
    }
    try (DmPrior p = new DmPrior(new double[] {1, 2})) {
      assertThrows(IllegalArgumentException.class, () -> p.posteriorMean(new long[] {1}));
      assertThrows(IllegalArgumentException.class, () -> p.scoreRows(new long[] {1, 2, 3}, 2, RankBy.MEAN, 0, 0.9, new double[2]));
      assertThrows(IllegalArgumentException.class, () -> p.scoreRows(new long[] {1, 2, 3, 4}, 2, RankBy.MEAN, 0, 0.9, new double[1]));
      assertThrows(BayeskitException.class, () -> p.scoreRows(new long[] {1, 2, 3, 4}, 2, RankBy.LOWER, 0, 1.5, new double[2]));
      assertThrows(BayeskitException.class, () -> p.interval(new long[] {1, 2}, 2, 0.9));
    }
    assertThrows(BayeskitException.class, () -> new DmPrior(new double[] {1, 0}));
  }

  @Test
  void priorShrinksAndRanks() {
    try (DmPrior p = new DmPrior(new double[] {2, 8})) {
      assertArrayEquals(new double[] {2.0 / 11, 9.0 / 11}, p.posteriorMean(new long[] {0, 1}), 1e-15);
      double[] s = new double[2];
      p.scoreRows(new long[] {0, 1, 0, 100}, 2, RankBy.LOWER, 1, 0.9, s);
      assertTrue(s[1] > s[0], "more evidence ranks higher by the lower bound");
      p.scoreRows(new long[] {0, 1, 0, 100}, 2, RankBy.MEAN, 1, 0, s);
      assertEquals(9.0 / 11, s[0], 1e-15);
    }
  }

  @Test
  void batchPosteriorsEqualSingleRowCalls() {
    long[] counts = {0, 3, 0, 30, 270, 0, 5, 5, 5, 0, 0, 0, 100, 1, 7};
    try (DmPrior p = new DmPrior(new double[] {1.5, 6, 2.5})) {
      double[] mean = new double[15];
      double[] lower = new double[15];
      double[] upper = new double[15];
      p.posterior(counts, 5, 0.9, mean, lower, upper);
      double[] lo2 = new double[15];
      double[] hi2 = new double[15];
      p.intervals(counts, 5, 0.9, lo2, hi2);
      assertArrayEquals(lower, lo2);
      assertArrayEquals(upper, hi2);
      for (int r = 0; r < 5; r++) {
        long[] row = java.util.Arrays.copyOfRange(counts, 3 * r, 3 * r + 3);
        double[] m = p.posteriorMean(row);
        for (int c = 0; c < 3; c++) {
          Interval i = p.interval(row, c, 0.9);
          assertEquals(Double.doubleToRawLongBits(i.lo()), Double.doubleToRawLongBits(lower[3 * r + c]));
          assertEquals(Double.doubleToRawLongBits(i.hi()), Double.doubleToRawLongBits(upper[3 * r + c]));
          assertEquals(Double.doubleToRawLongBits(m[c]), Double.doubleToRawLongBits(mean[3 * r + c]));
        }
      }
      // Failures write nothing.
      double[] lo = new double[15];
      double[] hi = new double[15];
      double[] mn = new double[15];
      java.util.Arrays.fill(lo, -7);
      BayeskitException e = assertThrows(BayeskitException.class, () -> p.posterior(counts, 5, 1.5, mn, lo, hi));
      assertEquals(Status.INVALID_ARGUMENT, e.status());
      assertTrue(e.detail().contains("level"), e.detail());
      assertEquals(-7, lo[0]);
      assertEquals(0, mn[0]);
      assertThrows(IllegalArgumentException.class, () -> p.intervals(counts, 6, 0.9, lo, hi));
      assertThrows(IllegalArgumentException.class, () -> p.intervals(counts, 5, 0.9, new double[14], hi));
      assertThrows(IllegalArgumentException.class, () -> p.intervals(counts, 5, 0.9, lo, lo));
      assertThrows(IllegalArgumentException.class, () -> p.posterior(counts, 5, 0.9, hi, lo, hi));
      assertThrows(IllegalArgumentException.class, () -> p.intervals(new long[] {1, -2, 3}, 1, 0.9, lo, hi));
      assertThrows(IllegalArgumentException.class, () -> p.intervals(counts, -1, 0.9, lo, hi));
      assertEquals(-7, lo[0]);
      p.intervals(new long[0], 0, 0.9, new double[0], new double[0]);
    }
  }

  @Test
  void readsCountFiles(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("counts.tsv");
    Files.writeString(f, "id\tno\tyes\nv1\t1\t9\nv2\t0\t4\nv3\tx\t1\nv4\t3\t7\n");
    DmReadOptions o = DmReadOptions.defaults().withHeader(true).withIdColumn(true);
    BayeskitException e = assertThrows(BayeskitException.class, () -> DmStats.read(f, o));
    assertEquals(Status.PARSE, e.status());
    assertTrue(e.detail().contains(":4:"), e.detail());
    try (DmStats s = DmStats.read(f, o.withSkipBad(true))) {
      assertEquals(new DmReadReport(3, 1, 0, 0), s.readReport());
      assertEquals(3, s.rows());
    }
    assertEquals(Status.IO, assertThrows(BayeskitException.class, () -> DmStats.read(dir.resolve("none"), o)).status());
  }
}
