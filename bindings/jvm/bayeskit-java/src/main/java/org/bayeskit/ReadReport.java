package org.bayeskit;

/**
 * What a {@link LogisticData} reader did besides building the data.
 *
 * @param rows data rows read
 * @param skipped bad rows skipped (only with skipBad)
 * @param outOfVocabulary phrase fields dropped because the dictionary lacks them
 * @param idBase svmlight: the id base used ({@link IdBase#AUTO} resolved); phrase files: {@link IdBase#AUTO}
 */
public record ReadReport(long rows, long skipped, long outOfVocabulary, IdBase idBase) {
  static ReadReport of(long[] r) {
    return new ReadReport(r[0], r[1], r[2], IdBase.values()[(int) r[3]]);
  }
}
