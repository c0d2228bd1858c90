package org.bayeskit;

/** How a Dirichlet–multinomial fit ended (the C API's {@code bk_dm_outcome}). */
public enum DmOutcome {
  /** α is a finite (local) maximum. */
  CONVERGED,
  /** No over-dispersion: α and A are +∞, the mean holds the multinomial proportions. */
  NO_OVERDISPERSION,
  /** No row has a total ≥ 2 (or fewer than two categories were observed): α is NaN. */
  NOT_IDENTIFIABLE,
  /** The iteration limit was reached first: α is the last iterate. */
  NOT_CONVERGED;

  static DmOutcome of(int code) {
    DmOutcome[] v = values();
    if (code < 0 || code >= v.length) {
      throw new IllegalStateException("bayeskit: unknown DM outcome " + code + " (a newer native library?)");
    }
    return v[code];
  }
}
