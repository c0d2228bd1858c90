package org.bayeskit.bench;

import java.util.concurrent.TimeUnit;
import org.bayeskit.Bandit;
import org.bayeskit.Beta;
import org.bayeskit.Rng;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Thompson-sampling choices over 10 Beta arms from one thread through the Java API (issue 19's
 * target: at least 1 M choices/s, i.e. at most 1000 ns a choice): the bandit's shared lock, the
 * generator's lock, one JNI call, bk_bandit_choose.
 */
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BanditBench {
  Bandit bandit;
  Rng rng;

  @Setup(Level.Trial)
  public void setUp() {
    bandit = Bandit.beta(Beta.uniform(), 10);
    for (int arm = 0; arm < 10; arm++) {
      bandit.update(arm, 40 + arm, 1000);
    }
    rng = new Rng(1);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    bandit.close();
    rng.close();
  }

  @Benchmark
  public int choose() {
    return bandit.choose(rng);
  }

  @Benchmark
  public int chooseTopTwo() {
    return bandit.chooseTopTwo(rng);
  }
}
