package org.bayeskit.scaladsl

import scala.util.Using

import org.bayeskit.BayeskitException
import org.scalatest.funsuite.AnyFunSuite

class BanditSpec extends AnyFunSuite {

  test("a Beta bandit: updates, posteriors, the exact P(best) and the Java API's choices") {
    Using.resources(Bandit.beta(Beta.uniform, arms = 3), Rng(7, stream = 1)) { (b, rng) =>
      b.update(0, value = 20, size = 1000)
      b.update(1, value = 30, size = 1000)
      b.updateBatch(Seq((2, 20.0, 800.0, 1.0), (2, 5.0, 200.0, 1.0)))
      assert(b.posteriorBeta(2) == Beta(26, 976))
      val r = b.report(rng, BanditReportOptions(draws = 2000))
      assert(r.probBest == Beta.probBest(Seq(Beta(21, 981), Beta(31, 971), Beta(26, 976))).probabilities)
      assert(r.best == 1 && r.draws == 2000 && r.probBestMethod.method == ComparisonMethod.Quadrature)
      assert(r.expectedLoss(1) < r.expectedLoss(0))
      // The same stream through Java: the same choices.
      Using.resources(org.bayeskit.Bandit.beta(new org.bayeskit.Beta(1, 1), 3), new org.bayeskit.Rng(3, 4)) {
        (j, jr) =>
          j.update(0, 20, 1000); j.update(1, 30, 1000); j.update(2, 25, 1000)
          Using.resource(Rng(3, stream = 4)) { sr =>
            assert((0 until 50).map(_ => b.chooseTopTwo(sr)) == (0 until 50).map(_ => j.chooseTopTwo(jr)))
          }
      }
      b.discount(0.5)
      assert(b.posteriorBeta(0) == Beta(11, 491))
    }
  }

  test("defaults come from native code; bad input throws") {
    assert(BanditOptions().topTwoBeta == 0.5)
    assert(BanditReportOptions().draws == 10000L)
    assertThrows[BayeskitException](Bandit.beta(Beta.uniform, arms = 0))
    assertThrows[BayeskitException](Bandit.beta(Seq(Beta.uniform), 2, BanditOptions(topTwoBeta = 0)))
    Using.resource(Bandit.gamma(Gamma(1, 1), arms = 2)) { b =>
      assertThrows[BayeskitException](b.update(2, 1, 1))
      assertThrows[BayeskitException](b.discount(0))
      b.update(1, value = 12, size = 4)
      assert(b.posteriorGamma(1) == Gamma(13, 5))
    }
    Using.resource(Bandit.normalGamma(NormalGamma(0, 1, 2, 2), arms = 2)) { b =>
      Seq(1.0, 1.2, 0.9, 1.1).foreach(x => b.update(1, x))
      Using.resource(Rng(1)) { rng =>
        val r = b.report(rng)
        assert(r.best == 1 && r.probBestMethod.method == ComparisonMethod.MonteCarlo && r.valueRemainingRelative.isNaN)
      }
    }
  }
}
