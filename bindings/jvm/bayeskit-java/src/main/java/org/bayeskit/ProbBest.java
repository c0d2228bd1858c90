package org.bayeskit;

import java.util.Arrays;

/**
 * The probability that each arm has the largest rate ({@link Beta#probBest}, {@link Gamma#probBest}),
 * and how it was computed. The array is copied in and out, so no caller array is shared.
 *
 * @param probabilities P(arm i is best), in the order of the arms, summing to 1
 * @param method how they were computed
 */
public record ProbBest(double[] probabilities, MethodReport method) {
  /** The most arms one call takes (the C API's {@code BK_MAX_ARMS}). */
  public static final int MAX_ARMS = 100;

  public ProbBest {
    probabilities = Checks.notNull(probabilities, "probabilities").clone();
    Checks.notNull(method, "method");
  }

  /** The probabilities (a copy). */
  @Override
  public double[] probabilities() {
    return probabilities.clone();
  }

  /** The number of arms. */
  public int arms() {
    return probabilities.length;
  }

  /** P(arm {@code i} is best). */
  public double probability(int i) {
    return probabilities[i];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProbBest p && Arrays.equals(probabilities, p.probabilities) && method.equals(p.method);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(probabilities) + method.hashCode();
  }

  @Override
  public String toString() {
    return "ProbBest[probabilities=" + Arrays.toString(probabilities) + ", method=" + method + "]";
  }
}
