package org.bayeskit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class BanditTest {
  @Test
  void updatesPosteriorsAndReport() {
    try (Bandit b = Bandit.beta(Beta.uniform(), 3); Rng rng = new Rng(1)) {
      assertEquals(3, b.arms());
      assertEquals(Bandit.Family.BETA, b.family());
      b.update(0, 20, 1000);
      b.update(1, 30, 1000);
      b.updateBatch(new int[] {2, 2}, new double[] {20, 5}, new double[] {800, 200}, null);
      assertEquals(new Beta(26, 976), b.posteriorBeta(2));
      BanditReport r = b.report(rng);
      ProbBest exact = Beta.probBest(List.of(new Beta(21, 981), new Beta(31, 971), new Beta(26, 976)));
      assertArrayEquals(exact.probabilities(), r.probBest());
      assertEquals(1, r.summary().best());
      assertEquals(ComparisonMethod.QUADRATURE, r.summary().probBestMethod().method());
      b.discount(0.5);
      assertEquals(new Beta(11, 491), b.posteriorBeta(0));
    }
  }

  @Test
  void badInputThrowsAndChangesNothing() {
    assertThrows(BayeskitException.class, () -> Bandit.beta(Beta.uniform(), 0));
    assertThrows(BayeskitException.class, () -> Bandit.beta(Beta.uniform(), 101));
    assertThrows(
        BayeskitException.class,
        () -> Bandit.beta(List.of(Beta.uniform()), 2, BanditOptions.defaults().withTopTwoBeta(1)));
    assertEquals(0.5, BanditOptions.defaults().topTwoBeta());
    Bandit b = Bandit.gamma(new Gamma(1, 1), 2);
    b.update(1, 12, 4);
    assertThrows(BayeskitException.class, () -> b.update(2, 1, 1));
    assertThrows(BayeskitException.class, () -> b.update(0, -1, 1));
    assertThrows(BayeskitException.class, () -> b.update(0, Double.NaN, 1));
    assertThrows(BayeskitException.class, () -> b.discount(1.5));
    assertThrows(BayeskitException.class, () -> b.posteriorBeta(0));
    assertThrows(
        BayeskitException.class,
        () -> b.updateBatch(new int[] {0, 5}, new double[] {1, 1}, new double[] {1, 1}, null));
    assertThrows(IllegalArgumentException.class, () -> b.update(-1, 1, 1));
    assertEquals(new Gamma(13, 5), b.posteriorGamma(1));
    assertEquals(new Gamma(1, 1), b.posteriorGamma(0));
    b.close();
    try (Rng rng = new Rng(1)) {
      assertThrows(IllegalStateException.class, () -> b.choose(rng));
    }
  }

  @Test
  void normalGammaIsMonteCarlo() {
    try (Bandit b = Bandit.normalGamma(new NormalGamma(0, 1, 2, 2), 2); Rng rng = new Rng(3)) {
      for (double x : new double[] {1.0, 1.2, 0.9, 1.1}) {
        b.update(1, x, 1);
      }
      BanditReport r = b.report(rng);
      assertEquals(ComparisonMethod.MONTE_CARLO, r.summary().probBestMethod().method());
      assertEquals(1, r.summary().best());
      assertTrue(Double.isNaN(r.summary().valueRemainingRelative()));
    }
  }

  /** 16 threads share one bandit, each with its own stream: no update is lost. */
  @Test
  void sixteenThreadsLoseNoUpdate() throws InterruptedException {
    try (Bandit b = Bandit.beta(Beta.uniform(), 4)) {
      double[][] succ = new double[16][4];
      double[][] trials = new double[16][4];
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        final int id = t;
        Thread th =
            new Thread(
                () -> {
                  try (Rng rng = new Rng(5, id)) {
                    start.await();
                    for (int i = 0; i < 1000; i++) {
                      int a = id % 2 == 0 ? b.choose(rng) : b.chooseTopTwo(rng);
                      double r = (i * 7 + id) % 10 < a + 1 ? 1 : 0;
                      b.update(a, r, 1);
                      succ[id][a] += r;
                      trials[id][a] += 1;
                    }
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
        threads.add(th);
        th.start();
      }
      start.countDown();
      for (Thread th : threads) {
        th.join();
      }
      double total = 0;
      for (int a = 0; a < 4; a++) {
        double s = 0;
        double n = 0;
        for (int t = 0; t < 16; t++) {
          s += succ[t][a];
          n += trials[t][a];
        }
        assertEquals(new Beta(1 + s, 1 + n - s), b.posteriorBeta(a));
        total += n;
      }
      assertEquals(16000, total);
    }
  }

  /**
   * The choices of the committed trace (tests/data/bandit_trace.txt, written by tests/bandit.rs and
   * checked on every platform by tests/c/test_bandit.c), through the Java API: same seed and stream,
   * same choices.
   */
  @Test
  void reproducesTheCommittedTrace() throws IOException {
    List<String> want = new ArrayList<>();
    for (String line : Files.readAllLines(TestFiles.repo().resolve("tests/data/bandit_trace.txt"))) {
      if (!line.startsWith("#") && !line.startsWith("draws")) {
        want.add(line);
      }
    }
    List<String> got = new ArrayList<>();
    try (Bandit beta = Bandit.beta(List.of(Beta.uniform(), Beta.uniform(), Beta.uniform(), new Beta(0.5, 0.5)), 4, BanditOptions.defaults());
        Bandit gamma = Bandit.gamma(List.of(new Gamma(1, 1), new Gamma(1, 1), new Gamma(1, 1), new Gamma(0.5, 1)), 4, BanditOptions.defaults());
        Bandit normal = Bandit.normalGamma(new NormalGamma(0, 1, 2, 2), 4)) {
      double[][] data = {{20, 1000, 30, 10}, {22, 1000, 35, 10}, {25, 1000, 33, 10}};
      for (int arm = 0; arm < 3; arm++) {
        beta.update(arm, data[arm][0], data[arm][1]);
        gamma.update(arm, data[arm][2], data[arm][3]);
        for (int j = 0; j < 5; j++) {
          normal.update(arm, 0.1 * arm + 0.05 * j, 1);
        }
      }
      long stream = 0;
      for (Object[] named : new Object[][] {{"beta", beta}, {"gamma", gamma}, {"normal_gamma", normal}}) {
        Bandit b = (Bandit) named[1];
        for (boolean topTwo : new boolean[] {false, true}) {
          StringBuilder line = new StringBuilder(named[0] + (topTwo ? " top_two:" : " choose:"));
          try (Rng rng = new Rng(2026, stream++)) {
            for (int i = 0; i < 48; i++) {
              line.append(' ').append(topTwo ? b.chooseTopTwo(rng) : b.choose(rng));
            }
          }
          got.add(line.toString());
        }
      }
    }
    assertEquals(want, got);
  }
}
