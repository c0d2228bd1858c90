package org.bayeskit;

import java.util.Arrays;

/**
 * What {@link Bandit#report} returns: each arm's probability of being best and expected loss
 * E[max θ − θ_i], and the summary. Arrays are copied in and out.
 *
 * @param probBest P(arm i is best)
 * @param expectedLoss E[max_j θ_j − θ_i]
 * @param summary the best arm, the value remaining, how P(best) was computed
 */
public record BanditReport(double[] probBest, double[] expectedLoss, BanditSummary summary) {
  public BanditReport {
    probBest = Checks.notNull(probBest, "probBest").clone();
    expectedLoss = Checks.notNull(expectedLoss, "expectedLoss").clone();
    Checks.notNull(summary, "summary");
  }

  @Override
  public double[] probBest() {
    return probBest.clone();
  }

  @Override
  public double[] expectedLoss() {
    return expectedLoss.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BanditReport r
        && Arrays.equals(probBest, r.probBest)
        && Arrays.equals(expectedLoss, r.expectedLoss)
        && summary.equals(r.summary);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(probBest) + Arrays.hashCode(expectedLoss)) + summary.hashCode();
  }

  @Override
  public String toString() {
    return "BanditReport[probBest=" + Arrays.toString(probBest) + ", expectedLoss="
        + Arrays.toString(expectedLoss) + ", summary=" + summary + "]";
  }
}
