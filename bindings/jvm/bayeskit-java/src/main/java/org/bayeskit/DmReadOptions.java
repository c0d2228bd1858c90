package org.bayeskit;

/**
 * Options of {@link DmStats#read}. Start from {@link #defaults()} and change what you need with
 * the {@code with*} methods.
 *
 * @param delimiter field separator byte; 0 detects tab or comma from the first data line
 * @param header the first line is a header
 * @param idColumn the first field of each line is an id, not a count
 * @param weightColumn 0-based field index of a row weight, or -1 for none
 * @param skipBad skip bad rows instead of failing at the first
 * @param threads parsing threads, 1 to 256 (the result does not depend on it)
 * @param sampleRate keep each row with this probability, in (0, 1]
 * @param maxTotal thin a row whose total exceeds this (0: no cap)
 * @param seed seed of sampling and thinning
 */
public record DmReadOptions(byte delimiter, boolean header, boolean idColumn, long weightColumn, boolean skipBad,
    int threads, double sampleRate, long maxTotal, long seed) {
  /**
   * The library's defaults (detect the delimiter, no header, no id or weight column, keep every row), from the
   * native {@code bk_dm_read_options_default}.
   */
  public static DmReadOptions defaults() {
    return Native.dmReadOptionsDefault();
  }

  public DmReadOptions withDelimiter(char c) {
    if (c > 0x7f) {
      throw new IllegalArgumentException("the delimiter must be an ASCII character");
    }
    return new DmReadOptions((byte) c, header, idColumn, weightColumn, skipBad, threads, sampleRate, maxTotal, seed);
  }

  public DmReadOptions withHeader(boolean h) {
    return new DmReadOptions(delimiter, h, idColumn, weightColumn, skipBad, threads, sampleRate, maxTotal, seed);
  }

  public DmReadOptions withIdColumn(boolean id) {
    return new DmReadOptions(delimiter, header, id, weightColumn, skipBad, threads, sampleRate, maxTotal, seed);
  }

  public DmReadOptions withWeightColumn(long column) {
    return new DmReadOptions(delimiter, header, idColumn, column, skipBad, threads, sampleRate, maxTotal, seed);
  }

  public DmReadOptions withSkipBad(boolean skip) {
    return new DmReadOptions(delimiter, header, idColumn, weightColumn, skip, threads, sampleRate, maxTotal, seed);
  }

  public DmReadOptions withThreads(int n) {
    return new DmReadOptions(delimiter, header, idColumn, weightColumn, skipBad, n, sampleRate, maxTotal, seed);
  }

  public DmReadOptions withSampling(double rate, long maxTotalCounts, long samplingSeed) {
    return new DmReadOptions(delimiter, header, idColumn, weightColumn, skipBad, threads, rate, maxTotalCounts,
        samplingSeed);
  }
}
