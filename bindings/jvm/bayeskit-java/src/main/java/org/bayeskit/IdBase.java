package org.bayeskit;

/** How the feature ids of a svmlight file are numbered. */
public enum IdBase {
  /** The first feature is id 0. */
  ZERO,
  /** The first feature is id 1 (libsvm's convention, the default); id i becomes column i − 1. */
  ONE,
  /** 0-based if any id in the file is 0, else 1-based (scikit-learn's zero_based="auto"). */
  AUTO
}
