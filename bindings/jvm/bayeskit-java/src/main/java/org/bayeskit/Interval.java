package org.bayeskit;

/** A credible interval {@code [lo, hi]}. */
public record Interval(double lo, double hi) {
  /** {@code hi − lo}. */
  public double width() {
    return hi - lo;
  }
}
