package org.bayeskit.examples

import java.nio.charset.StandardCharsets
import java.nio.file.Files

import scala.util.{Random, Using}

import org.apache.spark.sql.{DataFrame, Row, SparkSession}
import org.apache.spark.sql.functions.col
import org.apache.spark.sql.types.{ArrayType, StringType, StructField, StructType}
import org.bayeskit.scaladsl.{LogisticData, LogisticModel, ReadOptions, TrainOptions}
import org.bayeskit.spark.{LogLoss, LogLossEvaluator, LogisticSpark}

/** Scores short tips (arrays of phrases) as positive, negative or mixed on Spark with a bayeskit
  * model broadcast once, phrases hashed as Spark's HashingTF (2^18 ids), and reports an honest
  * log-loss. The model is trained on a sample with bayeskit itself (as the CLI would).
  *
  * Run: `spark-submit --class org.bayeskit.examples.TipScoringJob <jar> [tips]` (generated data).
  */
object TipScoringJob {
  val Classes: Seq[String] = Seq("mixed", "negative", "positive")
  private val Positive = Seq("great coffee", "friendly staff", "delicious", "highly recommend", "cozy", "will come back", "fresh")
  private val Negative = Seq("rude", "long wait", "overpriced", "bland", "dirty", "cold food", "disappointing")
  private val Neutral = Seq("coffee", "burger", "table", "weekend", "place", "lunch", "menu", "staff", "but", "could be better")

  /** `n` tips (label, phrases), generated on the executors from `seed`. */
  def generate(spark: SparkSession, n: Long, partitions: Int, seed: Long): DataFrame = {
    val rows = spark.sparkContext.range(0L, n, 1L, partitions).mapPartitionsWithIndex { (part, ids) =>
      val rnd = new Random(seed * 7919L + part)
      ids.map(_ => tip(rnd))
    }
    spark.createDataFrame(rows, StructType(Seq(StructField("label", StringType), StructField("phrases", ArrayType(StringType)))))
  }

  private def tip(rnd: Random): Row = {
    val label = Classes(rnd.nextInt(3))
    def some(from: Seq[String], k: Int) = Seq.fill(k)(from(rnd.nextInt(from.size)))
    val phrases = label match {
      case "positive" => some(Positive, 1 + rnd.nextInt(3)) ++ some(Negative, if (rnd.nextInt(10) == 0) 1 else 0)
      case "negative" => some(Negative, 1 + rnd.nextInt(3)) ++ some(Positive, if (rnd.nextInt(10) == 0) 1 else 0)
      case _          => some(Positive, 1) ++ some(Negative, 1) ++ some(Seq("but", "could be better"), rnd.nextInt(2))
    }
    Row(label, rnd.shuffle(phrases ++ some(Neutral, rnd.nextInt(4))))
  }

  /** Trains a hashed model (2^18 features, seed 42) on a local sample written as phrase TSV. */
  def train(sample: Seq[Row]): LogisticModel = {
    val tsv = Files.createTempFile("tips", ".tsv")
    try {
      val lines = sample.map { r =>
        val counts = r.getSeq[String](1).groupBy(identity).map { case (p, ps) => s"$p:${ps.size}" }
        (r.getString(0) +: counts.toSeq.sorted).mkString("\t")
      }
      Files.write(tsv, lines.mkString("", "\n", "\n").getBytes(StandardCharsets.UTF_8))
      Using.resource(LogisticData.readPhrases(tsv, ReadOptions(hashBits = Some(18))))(d =>
        LogisticModel.train(d, TrainOptions(lambda = 1e-3, l1Ratio = 0.5)))
    } finally Files.deleteIfExists(tsv)
  }

  /** Trains on a sample, scores every tip, evaluates; returns (log-loss, accuracy, scored rows). */
  def run(spark: SparkSession, tips: DataFrame): (LogLoss, Double, Long) = {
    val sample = tips.limit(2000).collect().toSeq
    Using.resource(train(sample)) { model =>
      val bm = LogisticSpark.broadcast(spark, model)
      try {
        val scored = LogisticSpark.score(tips, bm, "phrases").cache()
        val rows = scored.count()
        val accuracy = scored.filter(col("prediction") === col("label")).count().toDouble / rows
        val loss = LogLossEvaluator.ofModel(tips, bm, "phrases", "label")
        scored.unpersist()
        (loss, accuracy, rows)
      } finally bm.destroy()
    }
  }

  def main(args: Array[String]): Unit = {
    val n = args.headOption.map(_.toLong).getOrElse(100000L)
    val spark = SparkSession.builder().appName("bayeskit tip scoring").master(sys.props.getOrElse("spark.master", "local[2]"))
      .config("spark.ui.enabled", "false").getOrCreate()
    try {
      val (loss, acc, rows) = run(spark, generate(spark, n, 4, 1))
      println(f"scored $rows tips: accuracy $acc%.3f, log-loss ${loss.logLoss}%.4f (${loss.infiniteRows} infinite, ${loss.clipped} clipped)")
    } finally spark.stop()
  }
}
