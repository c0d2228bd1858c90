package org.bayeskit;

/**
 * What a {@link LogisticData} reader did besides building the data.
 *
 * @param rows data rows read
 * @param skipped bad rows skipped (only with skipBad)
 * @param outOfVocabulary phrase fields dropped because the dictionary lacks them
 * @param idBase svmlight: the id base used ({@link IdBase#AUTO} resolved); phrase files: {@link IdBase#AUTO}
 */
public record ReadReport(long rows, long skipped, long outOfVocabulary, IdBase idBase) {}
