package org.bayeskit;

/**
 * What {@link DmStats#read} did besides building the statistics.
 *
 * @param rows data rows read
 * @param skipped bad rows skipped (only with skipBad)
 * @param sampledOut rows dropped by the sample rate
 * @param thinned rows thinned to maxTotal
 */
public record DmReadReport(long rows, long skipped, long sampledOut, long thinned) {}
