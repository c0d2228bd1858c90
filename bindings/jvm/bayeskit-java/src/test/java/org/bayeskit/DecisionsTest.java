package org.bayeskit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Priors fitted from past experiments and the peek-safe A/B rules, against the reference values of
 * tests/reference/prior_fit.json and sequential.json (scipy).
 */
class DecisionsTest {
  private static void near(double want, double got, double rel) {
    assertTrue(Math.abs(got - want) <= rel * Math.max(Math.abs(want), 1e-300), got + " vs " + want);
  }

  @Test
  void priorsMatchTheReference() {
    BetaPriorFit b =
        Priors.fitBeta(new long[] {12, 30, 7, 45, 20, 9, 33, 15}, new long[] {400, 700, 350, 900, 500, 410, 650, 480});
    assertEquals(DmOutcome.CONVERGED, b.outcome());
    near(24.149718897428958, b.alpha(), 1e-9);
    near(619.4841865172617, b.beta(), 1e-9);
    near(28.560169439696104, b.alphaStdError(), 1e-9);
    assertEquals(new Beta(b.alpha(), b.beta()), b.prior());
    GammaPriorFit g =
        Priors.fitGamma(
            new long[] {30, 80, 12, 55, 140, 20},
            new double[] {1000, 1500, 800, 1200, 2000, 900},
            PriorFitOptions.defaults().withMaxIter(100));
    assertEquals(DmOutcome.CONVERGED, g.outcome());
    near(4.520009499180942, g.shape(), 1e-9);
    near(113.28725442513327, g.rate(), 1e-9);
    assertEquals(6, g.rows());
  }

  @Test
  void priorsReportNoFinitePriorAndRejectBadInput() {
    BetaPriorFit eq = Priors.fitBeta(new long[] {5, 10, 15}, new long[] {100, 200, 300});
    assertEquals(DmOutcome.NO_OVERDISPERSION, eq.outcome());
    assertThrows(IllegalStateException.class, eq::prior);
    BayeskitException e =
        assertThrows(BayeskitException.class, () -> Priors.fitBeta(new long[] {5, 1}, new long[] {4, 9}));
    assertTrue(e.getMessage().contains("row 0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Priors.fitBeta(new long[] {1}, new long[] {2, 3}));
    assertThrows(IllegalArgumentException.class, () -> Priors.fitBeta(new long[] {-1}, new long[] {2}));
    assertThrows(BayeskitException.class, () -> Priors.fitGamma(new long[] {1, 2}, new double[] {1, 0}));
    assertThrows(
        BayeskitException.class,
        () -> Priors.fitGamma(new long[] {1, 2}, new double[] {1, 2}, PriorFitOptions.defaults().withTol(0.5)));
  }

  @Test
  void sequentialRulesMatchTheReference() {
    near(-1.9509863610983302, AlwaysValid.bayesFactor(new Beta(1, 1), 40, 2000, 62, 2000), 1e-11);
    near(-8.127229490463833, AlwaysValid.bayesFactor(new Gamma(1, 0.001), 30, 1000, 55, 1100), 1e-10);
    try (AlwaysValid test = AlwaysValid.proportions(0.1, 0.05)) {
      double[][] looks = {{0, 50, 3, 80}, {2, 150, 9, 200}, {7, 400, 25, 500}, {15, 900, 48, 1000}};
      AlwaysValidLook l = null;
      for (double[] k : looks) {
        l = test.look(k[0], k[1], k[2], k[3]);
      }
      near(0.003945846329683378, l.pValue(), 1e-12);
      near(0.00785193714559981, l.lower(), 1e-12);
      near(0.05481472952106686, l.upper(), 1e-12);
      assertTrue(l.reject());
      BayeskitException e = assertThrows(BayeskitException.class, () -> test.look(20, 10, 48, 1000));
      assertTrue(e.getMessage().contains("arm A"), e.getMessage());
      assertEquals(l.pValue(), test.look(15, 900, 48, 1000).pValue());
    }
    try (AlwaysValid rates = AlwaysValid.rates()) {
      assertFalse(rates.look(30, 1000, 31, 1000).reject());
    }
    assertThrows(BayeskitException.class, () -> AlwaysValid.proportions(0, 0.01));
    AlwaysValid closed = AlwaysValid.proportions();
    closed.close();
    assertThrows(IllegalStateException.class, () -> closed.look(1, 2, 1, 2));
  }
}
