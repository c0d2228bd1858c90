package org.bayeskit;

/**
 * Options of the {@link LogisticData} readers; fields that do not apply to a reader are ignored by it.
 *
 * @param idBase svmlight: how ids are numbered (default {@link IdBase#ONE})
 * @param nFeatures svmlight: the number of features; 0 takes the largest id + 1
 * @param maxFeatures phrases with a dictionary: keep at most this many (0: no limit)
 * @param minCount phrases with a dictionary: keep phrases with at least this total count (default 1)
 * @param hashBits phrases: 0 builds a dictionary; 1–31 hashes to 2^hashBits ids (as Spark's HashingTF)
 * @param hashSeed the hash seed (default 42, Spark's)
 * @param skipBad skip bad rows instead of failing at the first
 */
public record ReadOptions(IdBase idBase, long nFeatures, long maxFeatures, long minCount, int hashBits, int hashSeed,
    boolean skipBad) {
  public ReadOptions {
    Checks.notNull(idBase, "idBase");
    Checks.nonNegative(nFeatures, "nFeatures");
    Checks.nonNegative(maxFeatures, "maxFeatures");
    Checks.nonNegative(minCount, "minCount");
  }

  /** The library's defaults (a dictionary of every phrase), from the native {@code bk_logistic_read_options_default}. */
  public static ReadOptions defaults() {
    return Native.logisticReadOptionsDefault();
  }

  public ReadOptions withIdBase(IdBase b) {
    return new ReadOptions(b, nFeatures, maxFeatures, minCount, hashBits, hashSeed, skipBad);
  }

  public ReadOptions withFeatures(long n) {
    return new ReadOptions(idBase, n, maxFeatures, minCount, hashBits, hashSeed, skipBad);
  }

  public ReadOptions withDictionary(long max, long min) {
    return new ReadOptions(idBase, nFeatures, max, min, 0, hashSeed, skipBad);
  }

  public ReadOptions withHashing(int bits, int seed) {
    return new ReadOptions(idBase, nFeatures, maxFeatures, minCount, bits, seed, skipBad);
  }

  public ReadOptions withSkipBad(boolean skip) {
    return new ReadOptions(idBase, nFeatures, maxFeatures, minCount, hashBits, hashSeed, skip);
  }
}
