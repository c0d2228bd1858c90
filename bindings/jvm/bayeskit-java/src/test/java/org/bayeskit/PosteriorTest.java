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
    assertEquals(s, a.compareSummary(b, CompareOptions.defaults().withLevel(0.9)));
    CompareOptions d = CompareOptions.defaults();
    assertEquals(a.compareSummary(b, d.level()), a.compareSummary(b, d));
    Gamma ga = new Gamma(100, 10);
    Gamma gb = new Gamma(120, 10);
    assertEquals(ga.compareSummary(gb, d.level()), ga.compareSummary(gb, d));
    try (Rng rng = new Rng(1)) {
      close(s.probBGreater(), a.compareMonteCarlo(b, 200_000, rng).probBGreater(), 0.01, "Monte Carlo");
    }
  }

  @Test
  void comparisonsReportTheirMethod() {
    Beta a = new Beta(21, 981);
    Beta b = new Beta(31, 971);
    MethodReport q = a.compare(b).method();
    assertEquals(ComparisonMethod.QUADRATURE, q.method());
    assertTrue(q.work() > 0 && q.errorEstimate() >= 0 && q.errorEstimate() < 1e-9, q.toString());

    Gamma ga = new Gamma(100, 10);
    Gamma gb = new Gamma(120, 10);
    assertEquals(new MethodReport(ComparisonMethod.CLOSED_FORM, 0, 0.0), ga.compare(gb).method());
    Comparison large = new Gamma(5e5, 1e4).compare(new Gamma(6e5, 1.2e4));
    assertEquals(ComparisonMethod.QUADRATURE, large.method().method());
    close(0.5000231489821707, large.probBGreater(), 1e-9, "I_{1/2.2}(5e5, 6e5)");

    try (Rng rng = new Rng(4)) {
      Comparison mc = a.compareMonteCarlo(b, 40_000, rng);
      MethodReport m = mc.method();
      assertEquals(ComparisonMethod.MONTE_CARLO, m.method());
      assertEquals(40_000, m.work());
      double p = mc.probBGreater();
      close(Math.sqrt(p * (1 - p) / 40_000), m.errorEstimate(), 1e-12, "standard error");
      assertTrue(Math.abs(p - a.compare(b).probBGreater()) < 5 * m.errorEstimate());
      assertEquals(ComparisonMethod.MONTE_CARLO, ga.compareMonteCarlo(gb, 100, rng).method().method());
    }

    CompareSummary s = a.compareSummary(b, 0.95);
    assertEquals(ComparisonMethod.QUADRATURE, s.method().method());
    assertTrue(s.method().work() > q.work(), "the summary adds the lift's work");
    assertTrue(s.method().errorEstimate() >= q.errorEstimate());
    assertEquals(ComparisonMethod.CLOSED_FORM, ga.compareSummary(gb, 0.9).method().method());

    assertEquals(1, ComparisonMethod.CLOSED_FORM.code());
    assertEquals(2, ComparisonMethod.QUADRATURE.code());
    assertEquals(3, ComparisonMethod.MONTE_CARLO.code());
    assertEquals(ComparisonMethod.MONTE_CARLO, ComparisonMethod.of(3));
    assertThrows(IllegalStateException.class, () -> ComparisonMethod.of(0));
    assertThrows(IllegalStateException.class, () -> ComparisonMethod.of(4));
  }

  @Test
  void probBest() {
    List<Beta> arms = List.of(new Beta(21, 981), new Beta(31, 971), new Beta(26, 976));
    ProbBest r = Beta.probBest(arms);
    double[] p = r.probabilities();
    assertEquals(3, p.length);
    assertEquals(3, r.arms());
    close(0.047033962341620966, p[0], 1e-8, "scipy P(arm 0 best)");
    close(0.7192820993711883, p[1], 1e-8, "scipy P(arm 1 best)");
    assertTrue(p[1] > p[2] && p[2] > p[0]);
    assertEquals(1.0, p[0] + p[1] + p[2], 1e-12);
    assertEquals(ComparisonMethod.QUADRATURE, r.method().method());
    assertTrue(r.method().work() > 0);
    assertEquals(p[1], r.probability(1));
    // Two arms: P(B > A).
    ProbBest two = Beta.probBest(arms.subList(0, 2));
    assertEquals(arms.get(0).compare(arms.get(1)).probBGreater(), two.probability(1), 1e-12);
    assertEquals(1.0, Beta.probBest(List.of(arms.get(0))).probability(0), 1e-12);
    // Equal by value; the array is copied in and out.
    assertEquals(r, Beta.probBest(arms));
    assertEquals(r.hashCode(), Beta.probBest(arms).hashCode());
    r.probabilities()[0] = 99;
    assertEquals(p[0], r.probability(0));
    double[] mine = {0.5, 0.5};
    ProbBest made = new ProbBest(mine, r.method());
    mine[0] = 99;
    assertEquals(0.5, made.probability(0));
    assertTrue(made.toString().contains("0.5"), made.toString());

    List<Gamma> rates = List.of(new Gamma(100, 10), new Gamma(120, 10), new Gamma(110, 10));
    ProbBest g = Gamma.probBest(rates);
    close(0.710202569889448, g.probability(1), 1e-8, "scipy P(rate 1 best)");
    assertEquals(1.0, java.util.Arrays.stream(g.probabilities()).sum(), 1e-12);
    assertEquals(rates.get(0).compare(rates.get(1)).probBGreater(), Gamma.probBest(rates.subList(0, 2)).probability(1),
        1e-12);

    // The most arms.
    List<Beta> many = new java.util.ArrayList<>();
    List<Gamma> manyRates = new java.util.ArrayList<>();
    for (int i = 0; i <= ProbBest.MAX_ARMS; i++) {
      many.add(new Beta(21 + 0.1 * i, 981));
      manyRates.add(new Gamma(100 + i, 10));
    }
    ProbBest hundred = Beta.probBest(many.subList(0, ProbBest.MAX_ARMS));
    assertEquals(ProbBest.MAX_ARMS, hundred.arms());
    assertEquals(1.0, java.util.Arrays.stream(hundred.probabilities()).sum(), 1e-9);
    assertEquals(ProbBest.MAX_ARMS, Gamma.probBest(manyRates.subList(0, ProbBest.MAX_ARMS)).arms());

    // Checked in Java before native code: no arms, too many, null.
    assertThrows(IllegalArgumentException.class, () -> Beta.probBest(List.of()));
    assertThrows(IllegalArgumentException.class, () -> Beta.probBest(many));
    assertThrows(IllegalArgumentException.class, () -> Gamma.probBest(List.of()));
    assertThrows(IllegalArgumentException.class, () -> Gamma.probBest(manyRates));
    assertThrows(NullPointerException.class, () -> Beta.probBest(null));
    assertThrows(NullPointerException.class, () -> Gamma.probBest(null));
    assertThrows(NullPointerException.class, () -> Beta.probBest(java.util.Arrays.asList(arms.get(0), null)));
    assertThrows(NullPointerException.class, () -> Gamma.probBest(java.util.Arrays.asList(null, rates.get(0))));
    assertThrows(NullPointerException.class, () -> new ProbBest(null, r.method()));
    assertThrows(NullPointerException.class, () -> new ProbBest(new double[1], null));
    assertThrows(IllegalArgumentException.class, () -> Checks.arms(List.of(), Beta[]::new));
    assertThrows(IllegalArgumentException.class, () -> Checks.arms(many, Beta[]::new));
    assertEquals(1, Checks.arms(List.of(Beta.uniform()), Beta[]::new).length);
  }

  @Test
  void probBestNativeErrorsThrowBayeskitException() {
    // The natives behind probBest, reached past the Java checks with bad sizes: the C API's status
    // arrives as a BayeskitException. (A bad arm cannot reach them: a Beta or Gamma is valid.)
    Beta[] betas = new Beta[ProbBest.MAX_ARMS + 1];
    Gamma[] gammas = new Gamma[ProbBest.MAX_ARMS + 1];
    java.util.Arrays.fill(betas, Beta.uniform());
    java.util.Arrays.fill(gammas, new Gamma(1, 1));
    BayeskitException e = assertThrows(BayeskitException.class, () -> Native.betaProbBest(new Beta[0]));
    assertEquals(Status.INVALID_ARGUMENT, e.status());
    e = assertThrows(BayeskitException.class, () -> Native.gammaProbBest(new Gamma[0]));
    assertEquals(Status.INVALID_ARGUMENT, e.status());
    e = assertThrows(BayeskitException.class, () -> Native.betaProbBest(betas));
    assertEquals(Status.INVALID_ARGUMENT, e.status());
    e = assertThrows(BayeskitException.class, () -> Native.gammaProbBest(gammas));
    assertEquals(Status.INVALID_ARGUMENT, e.status());
    assertTrue(e.detail().contains("101"), e.detail());
  }
}
