package org.bayeskit.spark

import java.util.concurrent.ConcurrentHashMap

import scala.util.Using

import org.apache.spark.sql.{Column, DataFrame, Encoders, Row}
import org.apache.spark.sql.expressions.UserDefinedFunction
import org.apache.spark.sql.functions.{array, col, exists, lit, raise_error, udaf, udf, when}
import org.apache.spark.sql.types.{ArrayType, ByteType, DataType, IntegerType, LongType, ShortType, StructType}
import org.bayeskit.{DmPrior => JDmPrior}
import org.bayeskit.scaladsl.{DmFit, DmFitOptions, DmStats}

/** A row's posterior under a Dirichlet prior: per category, the posterior mean and the
  * equal-tailed credible interval `[lower, upper]` of its probability. */
final case class DmPosterior(mean: Seq[Double], lower: Seq[Double], upper: Seq[Double])

/** Dirichlet priors on Spark: statistics as an aggregate, the fit on the driver, posteriors as a
  * column.
  *
  * {{{
  * import org.bayeskit.spark.DirichletSpark
  * val fit = DirichletSpark.fit(ratings, Seq("one", "two", "three", "four", "five"))
  * val alpha = fit.alpha
  * ratings.withColumn("post", DirichletSpark.posterior(alpha, DirichletSpark.counts(ratings, cols), 0.9))
  *        .orderBy(col("post.lower")(4).desc)
  * }}}
  */
object DirichletSpark {

  private val aggregatorFn: UserDefinedFunction = udaf(new DmStatsAggregator(), Encoders.product[CountsRow])

  private def integral(t: DataType): Boolean = t match {
    case LongType | IntegerType | ShortType | ByteType => true
    case _                                             => false
  }

  private def requireIntegral(df: DataFrame, name: String): Unit = {
    val f = df.schema(name)
    val ok = f.dataType match {
      case ArrayType(t, _) => integral(t)
      case t               => integral(t)
    }
    if (!ok) {
      throw new IllegalArgumentException(
        s"bayeskit: column '$name' is ${f.dataType.simpleString}; counts must be integers (or arrays of them): cast them to long first")
    }
  }

  /** Guards an `array<bigint>` column: a null array or a null count fails the job (Spark would
    * otherwise hand a primitive array a silent 0). */
  private def guarded(c: Column): Column =
    when(c.isNull || exists(c, _.isNull), raise_error(lit("bayeskit: a row's counts are null or contain a null")))
      .otherwise(c)

  /** The counts of each row as one `array<bigint>` column, from either one integer-array column
    * or K integer columns (in category order). */
  def counts(df: DataFrame, columns: Seq[String]): Column = {
    require(columns.nonEmpty, "no count columns")
    columns.foreach(requireIntegral(df, _))
    val c = columns match {
      case Seq(one) if df.schema(one).dataType.isInstanceOf[ArrayType] => col(one).cast("array<bigint>")
      case many =>
        require(many.size >= 2, s"one count column '${many.head}' that is no array: K must be ≥ 2")
        array(many.map(n => col(n).cast("bigint")): _*)
    }
    guarded(c)
  }

  private def weightColumn(weight: Option[Column]): Column = weight match {
    case None => lit(1.0)
    case Some(w) =>
      val d = w.cast("double")
      when(d.isNull, raise_error(lit("bayeskit: a row's weight is null"))).otherwise(d)
  }

  /** An aggregate column: the serialised Dirichlet statistics of the rows (per group in a
    * `groupBy`). `counts` must be `array<bigint>` (see [[counts]]); `weight` defaults to 1. */
  def statistics(counts: Column, weight: Option[Column] = None): Column =
    aggregatorFn(counts, weightColumn(weight))

  /** The serialised statistics of all rows of `df` (`countColumns`: one integer-array column or
    * K integer columns; `weightColumn`: optional, finite and ≥ 0). */
  def statisticsBytes(df: DataFrame, countColumns: Seq[String], weightColumn: Option[String] = None): Array[Byte] = {
    val row: Row = df.agg(statistics(counts(df, countColumns), weightColumn.map(col))).head()
    row.getAs[Array[Byte]](0)
  }

  /** Fits α on the driver from serialised statistics. */
  def fitBytes(bytes: Array[Byte], options: DmFitOptions): DmFit =
    DmStats.fromBytes(bytes) match {
      case Right(stats) => Using.resource(stats)(_.fit(options))
      case Left(e)      => throw e
    }

  /** Builds the statistics on the executors and fits α on the driver: the same α as a
    * single-machine fit on the same rows. Read `outcome` before using the result. */
  def fit(df: DataFrame, countColumns: Seq[String], weightColumn: Option[String] = None,
      options: DmFitOptions = DmFitOptions()): DmFit =
    fitBytes(statisticsBytes(df, countColumns, weightColumn), options)

  // One native prior per distinct (α, level) per executor JVM, shared by tasks (DmPrior is
  // immutable and thread-safe). Priors are a few doubles; they live as long as the JVM.
  private val priors = new ConcurrentHashMap[Seq[Double], JDmPrior]()

  private[spark] def priorFor(alpha: Seq[Double]): JDmPrior =
    priors.computeIfAbsent(alpha, a => new JDmPrior(a.toArray))

  /** A column of [[DmPosterior]] structs (`mean`, `lower`, `upper`: arrays of K doubles) for an
    * `array<bigint>` counts column under the prior `alpha`, with credible `level` (e.g. 0.9).
    * Rank rows with e.g. `orderBy(col("post.lower")(k).desc)`. */
  def posterior(alpha: Seq[Double], counts: Column, level: Double): Column = {
    require(level > 0 && level < 1, s"level must be in (0, 1), got $level")
    val a = alpha.toVector
    // Validate on the driver, so a bad α fails before any task runs.
    Using.resource(new JDmPrior(a.toArray))(_ => ())
    val k = a.size
    // One native call per row for the means and all K intervals (a UDF sees one row at a time).
    val f = udf { (c: Seq[Long]) =>
      if (c == null) null
      else {
        val row = c.toArray
        if (row.length != k) {
          throw new IllegalArgumentException(s"counts has ${row.length} values for $k categories")
        }
        val mean = new Array[Double](k)
        val lo = new Array[Double](k)
        val hi = new Array[Double](k)
        priorFor(a).posterior(row, 1, level, mean, lo, hi)
        DmPosterior(mean.toSeq, lo.toSeq, hi.toSeq)
      }
    }
    f(counts)
  }

  /** The schema of a [[posterior]] column. */
  def posteriorSchema: StructType = Encoders.product[DmPosterior].schema
}
