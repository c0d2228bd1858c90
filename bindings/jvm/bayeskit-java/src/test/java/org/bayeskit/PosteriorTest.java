package org.bayeskit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PosteriorTest {
  private static void close(double want, double got, double rel, String what) {
    assertTrue(Math.abs(want - got) <= rel * Math.max(Math.abs(want), 1e-300), what + ": want " + want + ", got " + got);
  }

  @Test
  void valuesAreImmutableAndEqualByValue() {
    Beta a = Beta.uniform();
    Beta b = a.update(2, 3);
    assertEquals(new Beta(1, 1), a);
    assertEquals(new Beta(3, 4), b);
    assertEquals(new Gamma(3, 2), new Gamma(2, 1).update(1, 1));
    assertEquals(new Dirichlet(2, 1), new Dirichlet(1, 1).update(new double[] {1, 0}));
    double[] alpha = {1, 2};
    Dirichlet d = new Dirichlet(alpha);
    alpha[0] = 99;
    assertArrayEquals(new double[] {1, 2}, d.alpha(), "the constructor copies");
    d.alpha()[1] = 99;
    assertArrayEquals(new double[] {1, 2}, d.alpha(), "alpha() returns a copy");
  }

  @Test
  void invalidArgumentsThrowWithStatusAndMessage() {
    BayeskitException e = assertThrows(BayeskitException.class, () -> new Beta(0, 1));
    assertEquals(Status.INVALID_ARGUMENT, e.status());
    assertEquals(1, e.code());
    assertTrue(!e.detail().isEmpty() && e.getMessage().startsWith("INVALID_ARGUMENT: "), e.getMessage());
    assertThrows(BayeskitException.class, () -> new Beta(Double.NaN, 1));
    assertThrows(BayeskitException.class, () -> new Gamma(1, -1));
    assertThrows(BayeskitException.class, () -> new NormalKnownVar(0, 0, 1));
    assertThrows(BayeskitException.class, () -> new NormalGamma(0, 1, 0, 1));
    assertThrows(BayeskitException.class, () -> new Dirichlet(1));
    assertThrows(BayeskitException.class, () -> Beta.uniform().mode());
    assertThrows(BayeskitException.class, () -> Beta.uniform().interval(1.5));
    assertThrows(BayeskitException.class, () -> Beta.uniform().update(-1, 0));
    assertThrows(BayeskitException.class, () -> new NormalGamma(0, 1, 1, 1).meanVariance());
    assertThrows(BayeskitException.class, () -> new Dirichlet(1, 1).mode());
    assertThrows(BayeskitException.class, () -> new Dirichlet(1, 1).variance(2));
    // a negative index is refused in Java (it reached C as 18446744073709551615)
    IllegalArgumentException neg = assertThrows(IllegalArgumentException.class, () -> new Dirichlet(1, 1).variance(-1));
    assertTrue(neg.getMessage().contains("category = -1"), neg.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Dirichlet(1, 1).update(new double[] {1}));
    assertThrows(IllegalArgumentException.class, () -> new Gamma(1, 1).update(new double[] {1}, new double[] {1, 2}));
    assertThrows(IllegalArgumentException.class, () -> Beta.uniform().lnPredictive(-1, 3));
    assertThrows(BayeskitException.class, () -> Hypotheses.of());
  }

  @Test
  void sameSeedSameDraws() {
    Beta b = new Beta(3, 7);
    double[] x;
    double[] y;
    try (Rng r1 = new Rng(5); Rng r2 = new Rng(5)) {
      x = b.sample(r1, 100);
      y = b.sample(r2, 100);
    }
    assertArrayEquals(x, y);
    try (Rng r = new Rng(6)) {
      assertNotEquals(x[0], b.sample(r, 1)[0]);
      double[] mu = new double[10];
      double[] var = new double[10];
      new NormalGamma(0, 1, 2, 2).sample(r, mu, var, 10);
      for (double v : var) {
        assertTrue(v > 0);
      }
      assertEquals(10, new NormalKnownVar(0, 1, 1).sample(r, 10).length);
      double[] p = new Dirichlet(1, 1, 1).sample(r);
      close(1.0, p[0] + p[1] + p[2], 1e-12, "a Dirichlet draw sums to 1");
    }
  }

  @Test
  void hypotheses() {
    try (Hypotheses h = Hypotheses.ofLog(Math.log(2), 0)) {
      assertEquals(2, h.size());
      assertArrayEquals(new double[] {2.0 / 3, 1.0 / 3}, h.posterior(), 1e-15);
      h.update(new double[] {0.1, 0.9});
      assertEquals(1, h.map());
      close(Math.log(2.0 / 3 * 0.1 + 1.0 / 3 * 0.9), h.lnEvidence(), 1e-14, "evidence");
      assertThrows(IllegalArgumentException.class, () -> h.update(new double[] {1}));
    }
  }

  @SuppressWarnings("unchecked")
  @Test
  void agreesWithScipyReferences() throws IOException {
    Map<String, Object> r = (Map<String, Object>) TestFiles.json(TestFiles.repo().resolve("tests/reference/posterior.json"));
    int n = 0;
    for (Object o : (List<Object>) r.get("beta")) {
      Map<String, Object> c = (Map<String, Object>) o;
      Beta b = new Beta((Double) c.get("a"), (Double) c.get("b"));
      close((Double) c.get("mean"), b.mean(), 1e-14, "beta mean");
      close((Double) c.get("var"), b.variance(), 1e-13, "beta variance");
      for (Object q : (List<Object>) c.get("q")) {
        List<Object> pq = (List<Object>) q;
        close((Double) pq.get(1), b.quantile((Double) pq.get(0)), 1e-11, "beta quantile " + c);
        n++;
      }
    }
    for (Object o : (List<Object>) r.get("betabinom")) {
      Map<String, Object> c = (Map<String, Object>) o;
      Beta b = new Beta((Double) c.get("a"), (Double) c.get("b"));
      close((Double) c.get("ln_pmf"), b.lnPredictive(((Double) c.get("k")).longValue(), ((Double) c.get("n")).longValue()),
          1e-12, "beta-binomial");
      n++;
    }
    for (Object o : (List<Object>) r.get("gamma")) {
      Map<String, Object> c = (Map<String, Object>) o;
      Gamma g = new Gamma((Double) c.get("shape"), (Double) c.get("rate"));
      for (Object q : (List<Object>) c.get("q")) {
        List<Object> pq = (List<Object>) q;
        close((Double) pq.get(1), g.quantile((Double) pq.get(0)), 1e-11, "gamma quantile " + c);
        n++;
      }
    }
    for (Object o : (List<Object>) r.get("nbinom")) {
      Map<String, Object> c = (Map<String, Object>) o;
      Gamma g = new Gamma((Double) c.get("shape"), (Double) c.get("rate"));
      close((Double) c.get("ln_pmf"), g.lnPredictive(((Double) c.get("k")).longValue(), (Double) c.get("t")), 1e-12,
          "negative binomial");
      n++;
    }
    for (Object o : (List<Object>) r.get("dirmult")) {
      Map<String, Object> c = (Map<String, Object>) o;
      double[] alpha = ((List<Object>) c.get("alpha")).stream().mapToDouble(x -> (Double) x).toArray();
      double[] counts = ((List<Object>) c.get("counts")).stream().mapToDouble(x -> (Double) x).toArray();
      close((Double) c.get("ln_pmf"), new Dirichlet(alpha).lnPredictive(counts), 1e-12, "Dirichlet-multinomial");
      n++;
    }
    for (Object o : (List<Object>) r.get("beta_compare")) {
      Map<String, Object> c = (Map<String, Object>) o;
      List<Object> a = (List<Object>) c.get("a");
      List<Object> b = (List<Object>) c.get("b");
      Comparison cmp = new Beta((Double) a.get(0), (Double) a.get(1)).compare(new Beta((Double) b.get(0), (Double) b.get(1)));
      close((Double) c.get("prob_b_greater"), cmp.probBGreater(), 1e-9, "P(B > A)");
      n++;
    }
    assertTrue(n > 20, "the reference file has cases (" + n + ")");
  }

  @Test
  void compareSummaryIsConsistent() {
    Beta a = new Beta(21, 981);
    Beta b = new Beta(31, 971);
    CompareSummary s = a.compareSummary(b, 0.9);
    assertEquals(a.compare(b).probBGreater(), s.probBGreater());
    assertEquals(a.liftQuantile(b, 0.5), s.liftMedian());
    assertTrue(s.lift().lo() < s.liftMedian() && s.liftMedian() < s.lift().hi());
    try (Rng rng = new Rng(1)) {
      close(s.probBGreater(), a.compareMonteCarlo(b, 200_000, rng).probBGreater(), 0.01, "Monte Carlo");
    }
  }
}
