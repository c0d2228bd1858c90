package org.bayeskit;

/**
 * The always-valid mSPRT (Johari, Pekelis and Walsh, 2017) of two proportions (p_B − p_A) or two
 * Poisson rates (ln(λ_B/λ_A)): feed it the cumulative counts of each look; its p-value may be
 * checked at every look without inflating false positives. A look changes the test, so calls are
 * serialised; a failed look leaves it as it was. Also the Bayes factor of "A and B differ" against
 * "equal" ({@link #bayesFactor}).
 *
 * <pre>{@code
 * try (AlwaysValid test = AlwaysValid.proportions()) {
 *   AlwaysValidLook look = test.look(40, 2000, 62, 2000);
 *   if (look.reject()) { ... }
 * }
 * }</pre>
 */
public final class AlwaysValid extends NativeHandle {
  private AlwaysValid(long h) {
    super(h, Native::alwaysValidFree);
  }

  /** A test of two proportions with the library's default α and mixing sd. */
  public static AlwaysValid proportions() {
    return new AlwaysValid(Native.alwaysValidProportions(0, 0, true));
  }

  /**
   * A test of two proportions at level {@code alpha} with mixing sd {@code mixingSd} (the
   * difference of proportions it is tuned for).
   *
   * @throws BayeskitException unless 0 &lt; alpha &lt; 1 and mixingSd is finite and &gt; 0
   */
  public static AlwaysValid proportions(double alpha, double mixingSd) {
    return new AlwaysValid(Native.alwaysValidProportions(alpha, mixingSd, false));
  }

  /** A test of two Poisson rates with the library's default α and mixing sd. */
  public static AlwaysValid rates() {
    return new AlwaysValid(Native.alwaysValidRates(0, 0, true));
  }

  /** A test of two Poisson rates with mixing sd {@code mixingSd} in units of the log ratio. */
  public static AlwaysValid rates(double alpha, double mixingSd) {
    return new AlwaysValid(Native.alwaysValidRates(alpha, mixingSd, false));
  }

  /**
   * The next look, from the cumulative (successes, trials) — or (count, exposure) — of each arm.
   *
   * @throws BayeskitException for counts that are not finite and ≥ 0, more successes than trials,
   *     or no trials
   */
  public AlwaysValidLook look(double countA, double trialsA, double countB, double trialsB) {
    long p = lockExclusive();
    try {
      return Native.alwaysValidLook(p, countA, trialsA, countB, trialsB);
    } finally {
      unlockExclusive();
    }
  }

  /** ln BF₁₀ of "A and B differ" against "equal" for binomial counts, {@code prior} on each rate. */
  public static double bayesFactor(Beta prior, long successesA, long trialsA, long successesB, long trialsB) {
    Checks.notNull(prior, "prior");
    for (long x : new long[] {successesA, trialsA, successesB, trialsB}) {
      Checks.nonNegative(x, "count");
    }
    return Native.betaBayesFactor(prior, successesA, trialsA, successesB, trialsB);
  }

  /** ln BF₁₀ of "A and B differ" against "equal" for Poisson (count, exposure) of each arm. */
  public static double bayesFactor(Gamma prior, long countA, double exposureA, long countB, double exposureB) {
    Checks.notNull(prior, "prior");
    Checks.nonNegative(countA, "countA");
    Checks.nonNegative(countB, "countB");
    return Native.gammaBayesFactor(prior, countA, exposureA, countB, exposureB);
  }
}
