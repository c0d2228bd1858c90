package org.bayeskit;

import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;

/** Argument checks done in Java so that no bad length or offset ever reaches native code. */
final class Checks {
  private Checks() {}

  static <T> T notNull(T x, String name) {
    return Objects.requireNonNull(x, name + " is null");
  }

  static void length(double[] a, int n, String name) {
    notNull(a, name);
    if (a.length < n) {
      throw new IllegalArgumentException(name + " has " + a.length + " values, needs " + n);
    }
  }

  static void sameLength(double[] a, double[] b, String an, String bn) {
    notNull(a, an);
    notNull(b, bn);
    if (a.length != b.length) {
      throw new IllegalArgumentException(an + " has " + a.length + " values but " + bn + " has " + b.length);
    }
  }

  /** 1 to {@link ProbBest#MAX_ARMS} arms, none null, as an array. */
  static <T> T[] arms(List<T> arms, IntFunction<T[]> array) {
    T[] a = notNull(arms, "arms").toArray(array.apply(0));
    for (int i = 0; i < a.length; i++) {
      notNull(a[i], "arms[" + i + "]");
    }
    if (a.length < 1 || a.length > ProbBest.MAX_ARMS) {
      throw new IllegalArgumentException("needs 1 to " + ProbBest.MAX_ARMS + " arms, got " + a.length);
    }
    return a;
  }

  /** Counts are unsigned 64-bit in C: a negative long would read as a huge count. */
  static void counts(long[] counts, int n, String name) {
    notNull(counts, name);
    if (counts.length < n) {
      throw new IllegalArgumentException(name + " has " + counts.length + " values, needs " + n);
    }
    for (int i = 0; i < n; i++) {
      if (counts[i] < 0) {
        throw new IllegalArgumentException(name + "[" + i + "] = " + counts[i] + " is negative");
      }
    }
  }

  static void nonNegative(long x, String name) {
    if (x < 0) {
      throw new IllegalArgumentException(name + " = " + x + " is negative");
    }
  }

  static int rowsTimesK(int rows, int k) {
    long n = (long) rows * k;
    if (rows < 0 || k < 0 || n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("rows " + rows + " × k " + k + " is out of range");
    }
    return (int) n;
  }

  /**
   * Checks a CSR matrix: {@code indptr[0] = 0}, never decreasing, and {@code indptr[rows]}
   * entries present in both {@code indices} and {@code values}. Returns nnz.
   */
  static int csr(int[] indptr, int rows, int[] indices, double[] values) {
    notNull(indptr, "indptr");
    notNull(indices, "indices");
    notNull(values, "values");
    if (rows < 0 || indptr.length < (long) rows + 1) {
      throw new IllegalArgumentException("indptr has " + indptr.length + " offsets, needs rows + 1 = " + ((long) rows + 1));
    }
    if (indptr[0] != 0) {
      throw new IllegalArgumentException("indptr[0] = " + indptr[0] + ", must be 0");
    }
    for (int i = 0; i < rows; i++) {
      if (indptr[i + 1] < indptr[i]) {
        throw new IllegalArgumentException("indptr decreases at row " + i + ": " + indptr[i] + " then " + indptr[i + 1]);
      }
    }
    int nnz = indptr[rows];
    if (indices.length < nnz || values.length < nnz) {
      throw new IllegalArgumentException("indptr[rows] = " + nnz + " entries but indices has " + indices.length
          + " and values " + values.length);
    }
    return nnz;
  }
}
