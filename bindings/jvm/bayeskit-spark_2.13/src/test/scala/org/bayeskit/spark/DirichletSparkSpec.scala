package org.bayeskit.spark

import scala.util.{Random, Using}

import org.apache.spark.sql.{DataFrame, Row}
import org.apache.spark.sql.functions.col
import org.apache.spark.sql.types.{ArrayType, DoubleType, LongType, StructField, StructType}
import org.bayeskit.{DmPrior => JDmPrior}
import org.bayeskit.scaladsl.{DmFit, DmFitOptions, DmOutcome, DmStats}
import org.scalatest.funsuite.AnyFunSuite

class DirichletSparkSpec extends AnyFunSuite {
  private lazy val spark = TestSpark.spark

  /** Rows of K = 3 counts from a Dirichlet–multinomial with α = (3, 1, 2), varied totals, weights 1–3. */
  private val rows: IndexedSeq[(Array[Long], Double)] = {
    val rnd = new Random(7)
    def gamma(a: Double): Double = { // Marsaglia–Tsang (a ≥ 1) with the a < 1 boost
      if (a < 1) return gamma(a + 1) * math.pow(rnd.nextDouble(), 1 / a)
      val d = a - 1.0 / 3; val c = 1 / math.sqrt(9 * d)
      while (true) {
        val x = rnd.nextGaussian(); val v = math.pow(1 + c * x, 3)
        if (v > 0 && math.log(rnd.nextDouble()) < 0.5 * x * x + d - d * v + d * math.log(v)) return d * v
      }
      0
    }
    (0 until 3000).map { i =>
      val g = Seq(3.0, 1.0, 2.0).map(gamma)
      val p = g.map(_ / g.sum)
      val n = 1 + rnd.nextInt(if (i % 100 == 0) 500 else 20)
      val c = new Array[Long](3)
      (0 until n).foreach { _ =>
        val u = rnd.nextDouble()
        c(if (u < p(0)) 0 else if (u < p(0) + p(1)) 1 else 2) += 1
      }
      (c, (1 + i % 3).toDouble)
    }
  }

  private def localFit(weighted: Boolean, subset: IndexedSeq[(Array[Long], Double)] = rows): DmFit =
    Using.resource(DmStats(3)) { s =>
      s.addRows(subset.map(_._1.toSeq), if (weighted) Some(subset.map(_._2)) else None)
      s.fit()
    }

  private def columnsDf: DataFrame = {
    val schema = StructType(Seq("one", "two", "three").map(StructField(_, LongType)) :+ StructField("w", DoubleType))
    spark.createDataFrame(spark.sparkContext.parallelize(rows.map { case (c, w) => Row(c(0), c(1), c(2), w) }, 5), schema)
  }

  private def arrayDf: DataFrame = {
    val schema = StructType(Seq(StructField("counts", ArrayType(LongType, containsNull = false)), StructField("w", DoubleType),
      StructField("g", LongType)))
    spark.createDataFrame(
      spark.sparkContext.parallelize(rows.zipWithIndex.map { case ((c, w), i) => Row(c.toSeq, w, (i % 2).toLong) }, 4), schema)
  }

  private def assertSameAlpha(a: IndexedSeq[Double], b: IndexedSeq[Double]): Unit = {
    assert(a.size == b.size)
    a.zip(b).foreach { case (x, y) => assert(math.abs(x - y) <= 1e-12 * math.abs(y), s"α $x vs $y") }
  }

  test("aggregator over K numeric columns and 5 partitions gives the single-machine α (to 1e-12; in fact bit for bit)") {
    val local = localFit(weighted = false)
    assert(local.converged)
    val fit = DirichletSpark.fit(columnsDf, Seq("one", "two", "three"))
    assert(fit.outcome == DmOutcome.Converged)
    assertSameAlpha(fit.alpha, local.alpha)
    assert(fit.alpha == local.alpha)
    assert(fit.loglik == local.loglik)
  }

  test("aggregator over an array column with a weight column equals the weighted single-machine fit") {
    val local = localFit(weighted = true)
    val fit = DirichletSpark.fit(arrayDf, Seq("counts"), Some("w"))
    assertSameAlpha(fit.alpha, local.alpha)
    assert(fit.alpha == local.alpha)
  }

  test("the typed Aggregator with tiny batches (many JNI batches, many merges) gives the same statistics") {
    import spark.implicits._
    val ds = arrayDf.select(col("counts"), col("w").as("weight")).as[CountsRow]
    val bytes = ds.select(new DmStatsAggregator(batchRows = 7).toColumn).head()
    val fit = DirichletSpark.fitBytes(bytes, DmFitOptions())
    assert(fit.alpha == localFit(weighted = true).alpha)
  }

  test("per-group statistics in a groupBy, fitted on the driver") {
    val df = arrayDf
    val perGroup = df.groupBy("g").agg(DirichletSpark.statistics(col("counts"), Some(col("w"))).as("stats"))
      .collect().map(r => r.getLong(0) -> r.getAs[Array[Byte]](1)).toMap
    assert(perGroup.keySet == Set(0L, 1L))
    perGroup.foreach { case (g, bytes) =>
      val local = localFit(weighted = true, rows.zipWithIndex.filter(_._2 % 2 == g).map(_._1))
      assert(DirichletSpark.fitBytes(bytes, DmFitOptions()).alpha == local.alpha)
    }
  }

  test("bad input fails the job with a clear error, never a silent fit") {
    val schema = StructType(Seq(StructField("a", LongType), StructField("b", LongType)))
    val withNull = spark.createDataFrame(spark.sparkContext.parallelize(Seq(Row(1L, 2L), Row(null, 3L)), 1), schema)
    val e1 = intercept[Exception](DirichletSpark.fit(withNull, Seq("a", "b")))
    assert(e1.getMessage.contains("null"))
    val negative = spark.createDataFrame(spark.sparkContext.parallelize(Seq(Row(1L, 2L), Row(-1L, 3L)), 1), schema)
    intercept[Exception](DirichletSpark.fit(negative, Seq("a", "b")))
    val empty = spark.createDataFrame(spark.sparkContext.emptyRDD[Row], schema)
    val e3 = intercept[Exception](DirichletSpark.fit(empty, Seq("a", "b")))
    assert(e3.getMessage.contains("no rows"))
    val doubles = StructType(Seq(StructField("a", DoubleType), StructField("b", DoubleType)))
    val frac = spark.createDataFrame(spark.sparkContext.parallelize(Seq(Row(1.5, 2.0)), 1), doubles)
    intercept[IllegalArgumentException](DirichletSpark.fit(frac, Seq("a", "b")))
    val ragged = spark.createDataFrame(spark.sparkContext.parallelize(Seq(Row(Seq(1L, 2L)), Row(Seq(1L, 2L, 3L))), 1),
      StructType(Seq(StructField("c", ArrayType(LongType)))))
    intercept[Exception](DirichletSpark.fit(ragged, Seq("c")))
  }

  test("posterior column: each row's posterior mean and interval, as the native prior gives them") {
    val alpha = localFit(weighted = false).alpha
    val df = arrayDf.limit(50)
    val out = df.withColumn("post", DirichletSpark.posterior(alpha, col("counts"), 0.9)).collect()
    Using.resource(new JDmPrior(alpha.toArray)) { prior =>
      out.foreach { r =>
        val c = r.getSeq[Long](0).toArray
        val post = r.getStruct(r.fieldIndex("post"))
        assert(post.getSeq[Double](0) == prior.posteriorMean(c).toSeq)
        (0 until 3).foreach { j =>
          val i = prior.interval(c, j, 0.9)
          assert(post.getSeq[Double](1)(j) == i.lo)
          assert(post.getSeq[Double](2)(j) == i.hi)
        }
      }
    }
    // Ranking by the lower bound of category 2 puts a well-supported venue above a 1-review one.
    val ranked = df.withColumn("post", DirichletSpark.posterior(alpha, col("counts"), 0.9))
      .orderBy(col("post.lower")(2).desc).select(col("post.lower")(2)).collect().map(_.getDouble(0))
    assert(ranked.toSeq == ranked.sorted.reverse.toSeq)
    // A row of the wrong length fails the job, naming the lengths.
    val ragged = spark.createDataFrame(spark.sparkContext.parallelize(Seq(Row(Seq(1L, 2L))), 1),
      StructType(Seq(StructField("c", ArrayType(LongType)))))
    val e = intercept[Exception](ragged.withColumn("post", DirichletSpark.posterior(alpha, col("c"), 0.9)).collect())
    assert(Iterator.iterate[Throwable](e)(_.getCause).takeWhile(_ != null)
      .exists(t => Option(t.getMessage).exists(_.contains("counts has 2 values for 3 categories"))), e)
  }
}
