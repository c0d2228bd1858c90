package org.bayeskit;

/**
 * How a {@link LogisticModel} maps features to ids (the C API's {@code bk_feature_space}): its
 * kind, the number of ids, and for a hashed space the hash's bits and seed, so a caller can
 * featurise rows as the model does (e.g. hash phrases itself, as Spark's {@code HashingTF}).
 *
 * @param kind indexed ids, a dictionary of names, or hashed phrases
 * @param features the number of ids (ids are {@code 0 .. features − 1}; at most 2^32)
 * @param hashBits hashed: the bits b of the 2^b ids; 0 otherwise
 * @param hashSeed hashed: the MurmurHash3 seed (an unsigned 32-bit value carried in an int); 0 otherwise
 */
public record FeatureSpace(Kind kind, long features, int hashBits, int hashSeed) {
  /** The kinds of feature space (the C API's {@code BK_FEATURE_SPACE_*}). */
  public enum Kind {
    /** Ids used as given (svmlight or CSR data); no names. */
    INDEXED,
    /** A dictionary: {@link LogisticModel#featureId} looks phrases up. */
    NAMES,
    /** MurmurHash3 x86_32 of the phrase's UTF-8 bytes with {@code hashSeed}, non-negative modulo 2^{@code hashBits}. */
    HASHED;

    static Kind of(long code) {
      Kind[] v = values();
      if (code < 0 || code >= v.length) {
        throw new IllegalStateException("bayeskit: unknown feature space kind " + code + " (a newer native library?)");
      }
      return v[(int) code];
    }
  }
}
