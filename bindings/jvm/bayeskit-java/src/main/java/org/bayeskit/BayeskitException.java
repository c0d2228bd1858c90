package org.bayeskit;

/**
 * A bayeskit call failed: carries the C API's status and its message (what
 * {@code bk_last_error_message} said on the calling thread).
 *
 * <pre>{@code
 * try {
 *   new Beta(0, 1);
 * } catch (BayeskitException e) {
 *   assert e.status() == Status.INVALID_ARGUMENT;
 * }
 * }</pre>
 */
public final class BayeskitException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Status status;
  private final int code;
  private final String detail;

  /** Called by the JNI shim with the raw status code and message. */
  BayeskitException(int code, String detail) {
    super(Status.of(code) + ": " + (detail == null ? "" : detail));
    this.status = Status.of(code);
    this.code = code;
    this.detail = detail == null ? "" : detail;
  }

  /** What kind of failure. */
  public Status status() {
    return status;
  }

  /** The raw {@code bk_status} value (useful when {@link #status()} is {@link Status#UNKNOWN}). */
  public int code() {
    return code;
  }

  /** The library's message, without the status prefix of {@link #getMessage()}. */
  public String detail() {
    return detail;
  }
}
