package org.bayeskit.examples

import scala.jdk.CollectionConverters._
import scala.util.{Random, Using}

import com.fasterxml.jackson.databind.ObjectMapper
import org.apache.spark.ml.linalg.{SQLDataTypes, Vector, Vectors}
import org.apache.spark.sql.{DataFrame, Encoder, Encoders, Row, SparkSession}
import org.apache.spark.sql.expressions.Aggregator
import org.apache.spark.sql.functions.{col, udaf, udf}
import org.apache.spark.sql.types.{IntegerType, StructField, StructType}
import org.bayeskit.scaladsl.{LogisticData, LogisticModel, TrainOptions}
import org.bayeskit.spark.{CountsRow, DirichletSpark, LogisticSpark}

/** Rows/s in local mode: bayeskit's Dirichlet aggregator against a plain Scala Aggregator
  * computing the same sums (per-category count histograms and the histogram of totals, from
  * which U_k[j] and V[j] are cumulative sums), and bayeskit's batched scoring transform against a
  * plain Scala UDF doing the same dot products with a broadcast weight map and a softmax.
  *
  * `make spark-bench` (SPARK_BENCH_ARGS="aggRows scoreRows" to change the sizes).
  */
object SparkBench {

  /** The baseline's buffer: histograms of each category's count and of the totals (arrays grown
    * on demand; a product encoder, as Spark 4.0.1's kryo buffer encoder does not serialise). */
  final case class Hist(cats: Array[Array[Double]], totals: Array[Double])

  private def grow(a: Array[Double], n: Int): Array[Double] =
    if (n < a.length) a else java.util.Arrays.copyOf(a, math.max(n + 1, a.length * 2))

  object HistAgg extends Aggregator[CountsRow, Hist, Double] {
    def zero: Hist = Hist(Array.empty, new Array[Double](16))
    def reduce(b0: Hist, r: CountsRow): Hist = {
      val c = r.counts
      val cats = if (b0.cats.isEmpty) Array.fill(c.length)(new Array[Double](16)) else b0.cats
      var t = 0L
      var k = 0
      while (k < c.length) {
        val x = c(k).toInt
        cats(k) = grow(cats(k), x)
        cats(k)(x) += r.weight
        t += c(k)
        k += 1
      }
      val totals = grow(b0.totals, t.toInt)
      totals(t.toInt) += r.weight
      if ((cats eq b0.cats) && (totals eq b0.totals)) b0 else Hist(cats, totals)
    }
    private def add(a: Array[Double], b: Array[Double]): Array[Double] = {
      val out = if (a.length >= b.length) a else java.util.Arrays.copyOf(a, b.length)
      var i = 0
      while (i < b.length) { out(i) += b(i); i += 1 }
      out
    }
    def merge(a: Hist, b: Hist): Hist =
      if (a.cats.isEmpty) b
      else if (b.cats.isEmpty) a
      else Hist(a.cats.zip(b.cats).map { case (x, y) => add(x, y) }, add(a.totals, b.totals))
    def finish(b: Hist): Double = b.totals.sum // the histograms are built; report their weight
    def bufferEncoder: Encoder[Hist] = Encoders.product[Hist]
    def outputEncoder: Encoder[Double] = Encoders.scalaDouble
  }

  private def time[A](what: String, rows: Long, reps: Int)(f: => A): Double = {
    f // warm-up
    val best = (1 to reps).map { _ =>
      val t0 = System.nanoTime(); f; (System.nanoTime() - t0) / 1e9
    }.min
    val rate = rows / best
    println(f"  $what%-44s ${best * 1000}%9.1f ms  ${rate / 1e6}%8.3f M rows/s")
    rate
  }

  def main(args: Array[String]): Unit = {
    val aggRows = args.lift(0).map(_.toLong).getOrElse(2000000L)
    val scoreRows = args.lift(1).map(_.toLong).getOrElse(1000000L)
    val spark = SparkSession.builder().appName("bayeskit spark bench").master("local[2]")
      .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate()
    try {
      println(s"Spark ${spark.version}, local[2], JDK ${System.getProperty("java.version")}")
      // ---- Dirichlet statistics: K = 5, totals 1–40 (2% up to 3,200) ----
      val venues = VenuePriorJob.generate(spark, aggRows, 4, 1).cache()
      venues.count()
      val counts = DirichletSpark.counts(venues, VenuePriorJob.Stars)
      val in = venues.select(counts.as("counts"), org.apache.spark.sql.functions.lit(1.0).as("weight")).cache()
      in.count()
      println(s"Dirichlet statistics over $aggRows rows (K = 5), cached input:")
      val native = time("bayeskit DmStatsAggregator (batched JNI)", aggRows, 3) {
        in.agg(DirichletSpark.statistics(col("counts"), Some(col("weight")))).head()
      }
      val baseline = time("plain Scala Aggregator (same histograms)", aggRows, 3) {
        in.agg(udaf(HistAgg, Encoders.product[CountsRow])(col("counts"), col("weight"))).head()
      }
      println(f"  ratio bayeskit / plain: ${native / baseline}%.2f")
      in.unpersist(); venues.unpersist()

      // ---- Logistic scoring: 3 classes, 2^17 features, 25 non-zeros a row ----
      val nf = 1 << 17
      def row(rnd: Random): (Array[Int], Array[Double], Int) = {
        val y = rnd.nextInt(3)
        val ids = (Seq.fill(5)(y * 1000 + rnd.nextInt(300)) ++ Seq.fill(20)(rnd.nextInt(nf))).distinct.sorted.toArray
        (ids, Array.fill(ids.length)(1.0), y)
      }
      val model = {
        val rnd = new Random(5)
        val train = Seq.fill(20000)(row(rnd))
        Using.resource(LogisticData(train.map(r => r._1.toSeq.zip(r._2.toSeq)), train.map(_._3), 3, nf))(d =>
          LogisticModel.train(d, TrainOptions(lambda = 1e-4, l1Ratio = 0.5)))
      }
      val schema = StructType(Seq(StructField("features", SQLDataTypes.VectorType), StructField("label", IntegerType)))
      val data = spark.createDataFrame(spark.sparkContext.range(0L, scoreRows, 1L, 4).mapPartitionsWithIndex { (p, ids) =>
        val rnd = new Random(100 + p)
        ids.map { _ => val (i, v, y) = row(rnd); Row(Vectors.sparse(nf, i, v), y) }
      }, schema).cache()
      data.count()
      println(s"Logistic scoring of $scoreRows rows (K = 3, 2^17 features, ${model.nnz} non-zero weights, ~25 nnz a row), cached input:")
      val bm = LogisticSpark.broadcast(spark, model)
      val scoring = time("bayeskit LogisticSpark.score (4096-row batches)", scoreRows, 3) {
        LogisticSpark.score(data, bm, "features", predictionCol = "").select("probability").write.format("noop").mode("overwrite").save()
      }
      // The same model as a broadcast map feature -> K weights, for the plain UDF.
      val json = new ObjectMapper().readTree(model.toJson)
      val intercepts = json.get("intercepts").elements().asScala.map(_.asDouble).toArray
      val weights = json.get("weights").elements().asScala.map { w =>
        w.get("feature").asInt -> w.get("values").elements().asScala.map(_.asDouble).toArray
      }.toMap
      val bw = spark.sparkContext.broadcast((intercepts, weights))
      val plain = udf { (v: Vector) =>
        val (b, w) = bw.value
        val z = b.clone()
        v.foreachActive { (j, x) =>
          w.get(j) match {
            case Some(ws) => var c = 0; while (c < z.length) { z(c) += ws(c) * x; c += 1 }
            case None     =>
          }
        }
        val m = z.max
        var s = 0.0
        var c = 0
        while (c < z.length) { z(c) = math.exp(z(c) - m); s += z(c); c += 1 }
        Vectors.dense(z.map(_ / s))
      }
      val udfRate = time("plain Scala UDF (broadcast weight map)", scoreRows, 3) {
        data.select(plain(col("features")).as("probability")).write.format("noop").mode("overwrite").save()
      }
      println(f"  ratio bayeskit / plain: ${scoring / udfRate}%.2f")
      val a = LogisticSpark.score(data.limit(1000), bm, "features").select("probability").collect().map(_.getAs[Vector](0))
      val b = data.limit(1000).select(plain(col("features"))).collect().map(_.getAs[Vector](0))
      val diff = a.zip(b).map { case (x, y) => x.toArray.zip(y.toArray).map { case (p, q) => math.abs(p - q) }.max }.max
      println(f"  max |p_bayeskit - p_plain| over 1000 rows: $diff%.2e")
      bm.destroy()
      model.close()
    } finally spark.stop()
  }
}
