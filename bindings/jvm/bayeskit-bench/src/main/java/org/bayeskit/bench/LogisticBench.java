package org.bayeskit.bench;

import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.bayeskit.LogisticData;
import org.bayeskit.LogisticModel;
import org.bayeskit.McOptions;
import org.bayeskit.Rng;
import org.bayeskit.TrainOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Logistic scoring through JNI, on the shape of benches/logistic.rs: 100 000 rows × 25 non-zeros
 * (Zipf-like ids, values 1–2), 3 classes, 10⁵ features; the model is trained on 20 000 such rows.
 * Targets: batched ≥ 5 M rows/s, a single row ≤ 500 ns. The data come from
 * SplittableRandom(7); bindings/jvm/native/c_bench.c generates the same rows (its checksum line
 * must equal the one printed here) and times the same calls through the C API directly.
 * {@code -prof gc}: the single-row benchmarks should show gc.alloc.rate.norm ≈ 0 B/op.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class LogisticBench {
  static final int ROWS = 100_000;
  static final int NNZ = 25;
  static final int FEATURES = 100_000;
  static final int CLASSES = 3;

  LogisticModel model;
  int[] indptr;
  int[] indices;
  double[] values;
  double[] out;
  double[] var;
  double[] one;
  double[] oneVar;
  double[] lower;
  double[] upper;
  Rng rng;
  final McOptions mc = McOptions.defaults(); // 1000 draws
  int row;

  @Setup(Level.Trial)
  public void setup() {
    SplittableRandom r = new SplittableRandom(7);
    indptr = new int[ROWS + 1];
    indices = new int[ROWS * NNZ];
    values = new double[ROWS * NNZ];
    double lnP = Math.log(FEATURES);
    long checksum = 0;
    for (int i = 0; i < ROWS; i++) {
      indptr[i + 1] = (i + 1) * NNZ;
      for (int j = 0; j < NNZ; j++) {
        indices[i * NNZ + j] = (int) Math.min(FEATURES - 1, Math.exp(r.nextDouble() * lnP) - 1);
        values[i * NNZ + j] = 1 + (r.nextLong() >>> 63); // not nextInt(2): c_bench.c repeats nextLong exactly
        checksum = checksum * 31 + indices[i * NNZ + j] * 3L + (long) values[i * NNZ + j];
      }
    }
    System.out.printf("%nLogisticBench: data checksum %016x%n", checksum);
    model = train(r);
    out = new double[ROWS * CLASSES];
    var = new double[ROWS * CLASSES];
    one = new double[CLASSES];
    oneVar = new double[CLASSES];
    lower = new double[CLASSES];
    upper = new double[CLASSES];
    rng = new Rng(7);
  }

  private LogisticModel train(SplittableRandom r) {
    int n = 20_000;
    int[] ip = new int[n + 1];
    int[] ix = new int[n * NNZ];
    double[] vs = new double[n * NNZ];
    int[] labels = new int[n];
    int nnz = 0;
    for (int i = 0; i < n; i++) {
      TreeMap<Integer, Double> row = new TreeMap<>();
      for (int j = indptr[i]; j < indptr[i + 1]; j++) {
        row.merge(indices[j], values[j], Double::sum);
      }
      for (var e : row.entrySet()) {
        ix[nnz] = e.getKey();
        vs[nnz++] = e.getValue();
      }
      ip[i + 1] = nnz;
      labels[i] = (indices[indptr[i]] < 50 ? 0 : indices[indptr[i]] < 2000 ? 1 : 2);
    }
    try (LogisticData d = LogisticData.fromCsr(ip, ix, vs, FEATURES, labels, CLASSES, null)) {
      return LogisticModel.train(d, TrainOptions.defaults().withLambda(1e-4).withMaxIter(50));
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    model.close();
    rng.close();
  }

  /** All 100 000 rows in one JNI call; reported per row. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(ROWS)
  public double[] batchRowsPerSecond() {
    model.predictProbaBatch(indptr, indices, values, out);
    return out;
  }

  /** One 25-non-zero row per JNI call (ids and values at an offset-free copy of row i). */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public double[] singleRow(RowState s) {
    model.predictProba(s.ids[s.next()], s.vals[s.next], NNZ, one);
    return one;
  }

  /** Moderated probabilities and logit variances of all rows in one JNI call; reported per row. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(ROWS)
  public double[] moderatedBatchRowsPerSecond() {
    model.predictModeratedBatch(indptr, indices, values, out, var);
    return out;
  }

  /** One row's moderated probabilities and logit variances. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public double[] singleRowModerated(RowState s) {
    model.predictModerated(s.ids[s.next()], s.vals[s.next], NNZ, one, oneVar);
    return one;
  }

  /** One row's Monte Carlo predictive, 1 000 draws (the native per-thread scratch, no Java allocation). */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public double[] singleRowMc(RowState s) {
    model.predictMc(s.ids[s.next()], s.vals[s.next], NNZ, rng, mc, one, lower, upper);
    return one;
  }

  /** 1 000 distinct single rows, cycled, so the model's cache behaviour is not flattered. */
  @State(Scope.Thread)
  public static class RowState {
    int[][] ids;
    double[][] vals;
    int next;

    @Setup(Level.Trial)
    public void setup(LogisticBench b) {
      ids = new int[1000][NNZ];
      vals = new double[1000][NNZ];
      for (int i = 0; i < 1000; i++) {
        System.arraycopy(b.indices, i * NNZ, ids[i], 0, NNZ);
        System.arraycopy(b.values, i * NNZ, vals[i], 0, NNZ);
      }
    }

    int next() {
      next = next + 1 == 1000 ? 0 : next + 1;
      return next;
    }
  }
}
