package org.bayeskit.examples

import scala.util.Random

import org.apache.spark.sql.{DataFrame, Row, SparkSession}
import org.apache.spark.sql.functions.{col, element_at}
import org.apache.spark.sql.types.{LongType, StringType, StructField, StructType}
import org.bayeskit.scaladsl.DmFit
import org.bayeskit.spark.DirichletSpark

/** Fits a Dirichlet prior to venues' 1–5 star rating counts on Spark and ranks the venues by the
  * lower end of the 90% interval of their five-star share, so a venue with 3 reviews is shrunk
  * towards the population and one with 3,000 is not.
  *
  * Run: `spark-submit --class org.bayeskit.examples.VenuePriorJob <jar> [venues]` (generated data).
  */
object VenuePriorJob {
  val Stars: Seq[String] = Seq("one_star", "two_stars", "three_stars", "four_stars", "five_stars")

  /** `n` venues with star counts from a Dirichlet–multinomial (α = 1, 0.5, 0.8, 2, 3), generated on
    * the executors, `partitions` partitions, reproducible from `seed`. */
  def generate(spark: SparkSession, n: Long, partitions: Int, seed: Long): DataFrame = {
    val alpha = Array(1.0, 0.5, 0.8, 2.0, 3.0)
    val rows = spark.sparkContext.range(0L, n, 1L, partitions).mapPartitionsWithIndex { (part, ids) =>
      val rnd = new Random(seed * 1000003L + part)
      ids.map { id =>
        val g = alpha.map(a => Gen.gamma(rnd, a))
        val s = g.sum
        val reviews = if (rnd.nextInt(50) == 0) 200 + rnd.nextInt(3000) else 1 + rnd.nextInt(40)
        val c = new Array[Long](alpha.length)
        var i = 0
        while (i < reviews) { c(Gen.pick(rnd, g, s)) += 1; i += 1 }
        Row.fromSeq(f"venue_$id%07d" +: c.toSeq)
      }
    }
    spark.createDataFrame(rows, StructType(StructField("venue", StringType) +: Stars.map(StructField(_, LongType))))
  }

  /** The fit and the `top` venues: (venue, reviews, posterior mean and 90% lower bound of the
    * five-star share). */
  def run(spark: SparkSession, venues: DataFrame, top: Int): (DmFit, Seq[(String, Long, Double, Double)]) = {
    val fit = DirichletSpark.fit(venues, Stars)
    require(fit.converged, s"the fit did not converge: ${fit.outcome}")
    val counts = DirichletSpark.counts(venues, Stars)
    val ranked = venues
      .withColumn("reviews", Stars.map(col).reduce(_ + _))
      .withColumn("post", DirichletSpark.posterior(fit.alpha, counts, 0.9))
      .select(col("venue"), col("reviews"), element_at(col("post.mean"), 5).as("mean5"), element_at(col("post.lower"), 5).as("lower5"))
      .orderBy(col("lower5").desc)
      .limit(top)
      .collect()
      .map(r => (r.getString(0), r.getLong(1), r.getDouble(2), r.getDouble(3)))
    (fit, ranked.toSeq)
  }

  def main(args: Array[String]): Unit = {
    val n = args.headOption.map(_.toLong).getOrElse(100000L)
    val spark = SparkSession.builder().appName("bayeskit venue prior").master(sys.props.getOrElse("spark.master", "local[2]"))
      .config("spark.ui.enabled", "false").getOrCreate()
    try {
      val (fit, top) = run(spark, generate(spark, n, 4, 1), 10)
      println(f"alpha = ${fit.alpha.map(a => f"$a%.4f").mkString("(", ", ", ")")}  A = ${fit.alphaSum}%.4f  iterations = ${fit.iterations}")
      println("top venues by the 90% lower bound of their five-star share:")
      top.foreach { case (v, n, m, lo) => println(f"  $v  reviews $n%5d  mean $m%.3f  lower $lo%.3f") }
    } finally spark.stop()
  }
}

/** Small samplers for the generated data. */
object Gen {
  /** Gamma(a, 1) by Marsaglia–Tsang (with the a < 1 boost). */
  def gamma(rnd: Random, a: Double): Double = {
    if (a < 1) return gamma(rnd, a + 1) * math.pow(rnd.nextDouble(), 1 / a)
    val d = a - 1.0 / 3
    val c = 1 / math.sqrt(9 * d)
    while (true) {
      val x = rnd.nextGaussian()
      val v = math.pow(1 + c * x, 3)
      if (v > 0 && math.log(rnd.nextDouble()) < 0.5 * x * x + d - d * v + d * math.log(v)) return d * v
    }
    0
  }

  /** An index drawn with probabilities w / sum. */
  def pick(rnd: Random, w: Array[Double], sum: Double): Int = {
    var u = rnd.nextDouble() * sum
    var i = 0
    while (i < w.length - 1 && u >= w(i)) { u -= w(i); i += 1 }
    i
  }
}
