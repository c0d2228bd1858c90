package org.bayeskit;

/** The status of a failed bayeskit call: the C API's {@code bk_status} codes, stable and never reused. */
public enum Status {
  /** An argument is outside its domain. */
  INVALID_ARGUMENT(1),
  /** A required pointer was NULL (the Java API should never let this happen). */
  NULL_POINTER(2),
  /** Input could not be parsed. */
  PARSE(3),
  /** Reading or writing a file failed. */
  IO(4),
  /** A model or statistics file is corrupt or of an unsupported version. */
  CORRUPT(5),
  /** An iterative method did not converge. */
  NO_CONVERGENCE(6),
  /** Memory could not be allocated. */
  OUT_OF_MEMORY(7),
  /** A bug in bayeskit; the message says where. */
  INTERNAL(8),
  /** A caller's buffer was too small (the Java API sizes its buffers, so this should never happen). */
  BUFFER_TOO_SMALL(9),
  /** A code this version of the binding does not know (a newer native library). */
  UNKNOWN(-1);

  private final int code;

  Status(int code) {
    this.code = code;
  }

  /** The numeric {@code bk_status} value ({@code -1} for {@link #UNKNOWN}). */
  public int code() {
    return code;
  }

  /** The status with this numeric code, or {@link #UNKNOWN}. */
  public static Status of(int code) {
    for (Status s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    return UNKNOWN;
  }
}
