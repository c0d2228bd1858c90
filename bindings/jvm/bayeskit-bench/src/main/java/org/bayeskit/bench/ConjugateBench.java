package org.bayeskit.bench;

import java.util.concurrent.TimeUnit;
import org.bayeskit.scaladsl.Beta;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** A conjugate update through the Scala API (case class Beta → JNI → bk_beta_update). */
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ConjugateBench {
  Beta prior = new Beta(1, 1);
  double s = 20;

  @Benchmark
  public Beta scalaBetaUpdate() {
    return prior.update(s, 980);
  }

  @Benchmark
  public double scalaBetaUpdateAndMean() {
    return prior.update(s, 980).mean();
  }

  @Benchmark
  public org.bayeskit.Beta javaBetaUpdate() {
    return org.bayeskit.Beta.uniform().update(s, 980);
  }
}
