package org.bayeskit;

/**
 * Bayes' rule over n hypotheses, in log space. Mutable: updates are serialised, so sharing one
 * across threads is safe.
 *
 * <pre>{@code
 * try (Hypotheses h = Hypotheses.of(0.5, 0.3, 0.2)) {
 *   h.update(new double[] {0.1, 0.4, 0.8});
 *   int best = h.map();
 * }
 * }</pre>
 */
public final class Hypotheses extends NativeHandle {
  private final int n;

  private Hypotheses(long ptr, int n) {
    super(ptr, Native::hypothesesFree);
    this.n = n;
  }

  /** From prior probabilities (normalised here). */
  public static Hypotheses of(double... prior) {
    Checks.notNull(prior, "prior");
    return new Hypotheses(Native.hypothesesNew(prior, prior.length), prior.length);
  }

  /** From unnormalised log prior weights. */
  public static Hypotheses ofLog(double... lnWeights) {
    Checks.notNull(lnWeights, "prior");
    return new Hypotheses(Native.hypothesesNewLog(lnWeights, lnWeights.length), lnWeights.length);
  }

  private void checkN(double[] v) {
    Checks.notNull(v, "likelihood");
    if (v.length != n) {
      throw new IllegalArgumentException("likelihood has " + v.length + " values for " + n + " hypotheses");
    }
  }

  /** Updates with the likelihood of new data under each hypothesis. */
  public void update(double[] likelihood) {
    checkN(likelihood);
    long p = lockExclusive();
    try {
      Native.hypothesesUpdate(p, likelihood, n);
    } finally {
      unlockExclusive();
    }
  }

  /** Updates with log likelihoods. */
  public void updateLog(double[] lnLikelihood) {
    checkN(lnLikelihood);
    long p = lockExclusive();
    try {
      Native.hypothesesUpdateLog(p, lnLikelihood, n);
    } finally {
      unlockExclusive();
    }
  }

  /** The posterior probabilities. */
  public double[] posterior() {
    long p = lockShared();
    try {
      return Native.hypothesesPosterior(p, n);
    } finally {
      unlockShared();
    }
  }

  /** The number of hypotheses. */
  public int size() {
    long p = lockShared();
    try {
      return (int) Native.hypothesesLen(p);
    } finally {
      unlockShared();
    }
  }

  /** Index of the maximum a posteriori hypothesis. */
  public int map() {
    long p = lockShared();
    try {
      return (int) Native.hypothesesMap(p);
    } finally {
      unlockShared();
    }
  }

  /** ln p(all data so far) under the original prior. */
  public double lnEvidence() {
    long p = lockShared();
    try {
      return Native.hypothesesLnEvidence(p);
    } finally {
      unlockShared();
    }
  }
}
