package org.bayeskit;

/** A credible interval {@code [lo, hi]}. */
public record Interval(double lo, double hi) {
  static Interval of(double[] v) {
    return new Interval(v[0], v[1]);
  }

  /** {@code hi − lo}. */
  public double width() {
    return hi - lo;
  }
}
