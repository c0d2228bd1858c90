package org.bayeskit;

/** Which λ cross-validation picks (the C API's {@code BK_CV_*}). */
public enum CvChoice {
  /** The λ with the smallest mean held-out log-loss. */
  MIN,
  /** The largest λ within one standard error of the best (a sparser model). */
  ONE_SE;

  static CvChoice of(long code) {
    CvChoice[] v = values();
    if (code < 0 || code >= v.length) {
      throw new IllegalStateException("bayeskit: unknown CV choice " + code + " (a newer native library?)");
    }
    return v[(int) code];
  }
}
