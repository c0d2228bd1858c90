package org.bayeskit;

/** How the feature ids of a svmlight file are numbered. */
public enum IdBase {
  /** The first feature is id 0. */
  ZERO,
  /** The first feature is id 1 (libsvm's convention, the default); id i becomes column i − 1. */
  ONE,
  /** 0-based if any id in the file is 0, else 1-based (scikit-learn's zero_based="auto"). */
  AUTO;

  /** The constant of a C {@code BK_LOGISTIC_ID_BASE_*} value (its ordinal). */
  static IdBase of(int code) {
    IdBase[] v = values();
    if (code < 0 || code >= v.length) {
      throw new IllegalStateException("bayeskit: unknown id base " + code + " (a newer native library?)");
    }
    return v[code];
  }
}
