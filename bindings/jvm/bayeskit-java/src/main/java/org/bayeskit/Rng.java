package org.bayeskit;

/**
 * A seeded ChaCha12 random generator: the same seed gives the same draws on every platform and
 * through every binding. Calls on one generator are serialised (it is safe, but pointless, to
 * share one across threads: use one per thread).
 *
 * <pre>{@code
 * try (Rng rng = new Rng(42)) {
 *   double[] draws = new Beta(3, 7).sample(rng, 1000);
 * }
 * }</pre>
 */
public final class Rng extends NativeHandle {
  /** A generator seeded with {@code seed} (all 64 bits are used). */
  public Rng(long seed) {
    super(Native.rngNew(seed), Native::rngFree);
  }

  /**
   * A generator on stream {@code stream} of {@code seed} (ChaCha12's stream): give each thread its
   * own stream of one seed to make its draws reproducible. Stream 0 is {@code new Rng(seed)}.
   */
  public Rng(long seed, long stream) {
    super(Native.rngNewStream(seed, stream), Native::rngFree);
  }
}
