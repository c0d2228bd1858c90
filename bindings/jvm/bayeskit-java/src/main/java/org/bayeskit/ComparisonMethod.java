package org.bayeskit;

/** How a comparison was computed (the C API's {@code BK_METHOD_*}). */
public enum ComparisonMethod {
  /** Closed forms in the regularised incomplete beta function (Gamma arms with small shapes). */
  CLOSED_FORM(1),
  /** Quadrature in the posteriors' chart variables; the work is the density evaluations. */
  QUADRATURE(2),
  /** Seeded Monte Carlo; the work is the draws per arm. */
  MONTE_CARLO(3);

  private final int code;

  ComparisonMethod(int code) {
    this.code = code;
  }

  /** The numeric {@code BK_METHOD_*} value. */
  public int code() {
    return code;
  }

  static ComparisonMethod of(int code) {
    for (ComparisonMethod m : values()) {
      if (m.code == code) {
        return m;
      }
    }
    throw new IllegalStateException("bayeskit: unknown comparison method " + code + " (a newer native library?)");
  }
}
