package org.bayeskit.spark

import java.nio.file.Paths

import scala.util.{Random, Using}

import org.apache.spark.ml.feature.HashingTF
import org.apache.spark.ml.linalg.{SQLDataTypes, Vector, Vectors}
import org.apache.spark.sql.{DataFrame, Row}
import org.apache.spark.sql.types.{ArrayType, DoubleType, IntegerType, StringType, StructField, StructType}
import org.bayeskit.scaladsl.{LogisticData, LogisticModel, ReadOptions, TrainOptions}
import org.scalatest.BeforeAndAfterAll
import org.scalatest.funsuite.AnyFunSuite

class LogisticSparkSpec extends AnyFunSuite with BeforeAndAfterAll {
  private lazy val spark = TestSpark.spark
  private val repo = Paths.get(sys.props.getOrElse("bayeskit.test.repo", "../../.."))

  /** 600 rows, 3 classes, 40 features (sparse, strictly increasing ids), labels "0".."2". */
  private val (xs, ys) = {
    val rnd = new Random(3)
    val w = Array.fill(40, 3)(rnd.nextGaussian())
    (0 until 600).map { _ =>
      val ids = rnd.shuffle((0 until 40).toList).take(1 + rnd.nextInt(6)).sorted
      val vs = ids.map(_ => 0.5 + rnd.nextDouble())
      val z = (0 until 3).map(c => ids.zip(vs).map { case (j, v) => w(j)(c) * v }.sum + 0.3 * rnd.nextGaussian())
      (ids.zip(vs), z.indexOf(z.max))
    }.unzip
  }
  private lazy val model: LogisticModel = LogisticModel.train(LogisticData(xs, ys, 3, 40), TrainOptions(lambda = 1e-3))
  private lazy val tipsModel: LogisticModel = Using.resource(
    LogisticData.readPhrases(repo.resolve("data/demo/tips.tsv"), ReadOptions(hashBits = Some(18))))(d =>
    LogisticModel.train(d, TrainOptions(lambda = 0.01, l1Ratio = 0.9)))

  override def afterAll(): Unit = {
    model.close()
    tipsModel.close()
  }

  private def vectors: IndexedSeq[Vector] = xs.map(r => Vectors.sparse(50, r.map(_._1).toArray, r.map(_._2).toArray)).toIndexedSeq

  private def vectorDf: DataFrame = {
    val schema = StructType(Seq(StructField("id", IntegerType), StructField("features", SQLDataTypes.VectorType),
      StructField("label", IntegerType), StructField("w", DoubleType)))
    spark.createDataFrame(spark.sparkContext.parallelize(
      vectors.indices.map(i => Row(i, vectors(i), ys(i), (1 + i % 2).toDouble)), 3), schema)
  }

  test("scoring sparse vectors in batches equals direct batch scoring, bit for bit, and loads the model once per JVM") {
    val bm = LogisticSpark.broadcast(spark, model)
    val before = ModelCache.size
    val out = LogisticSpark.score(vectorDf, bm, "features", batchRows = 37).collect().sortBy(_.getInt(0))
    assert(ModelCache.size == before + 1) // local mode: executors share this JVM, one model for all tasks
    val expected = LogisticSpark.scoreLocal(bm.model, vectors)
    assert(out.length == 600)
    out.foreach { r =>
      val p = r.getAs[Vector]("probability").toArray
      assert(p.toSeq == expected(r.getInt(0)).toSeq)
      assert(r.getAs[String]("prediction") == model.labels(LogisticSpark.argmax(p)))
    }
    // Dense vectors score the same as their sparse form.
    val dense = vectorDf.rdd.map(r => Row(r.getInt(0), r.getAs[Vector](1).toDense, r.getInt(2), r.getDouble(3)))
    val outDense = LogisticSpark.score(spark.createDataFrame(dense, vectorDf.schema), bm, "features", predictionCol = "")
      .collect().sortBy(_.getInt(0))
    assert(outDense.map(_.getAs[Vector]("probability")).toSeq == out.map(_.getAs[Vector]("probability")).toSeq)
    assert(!outDense.head.schema.fieldNames.contains("prediction"))
    bm.destroy()
    assert(ModelCache.size == before)
  }

  test("phrases hash as Spark's HashingTF (murmur3, seed 42, numFeatures = 2^bits) and as the model does") {
    val bm = LogisticSpark.broadcast(spark, tipsModel)
    val space = bm.space.asInstanceOf[FeatureSpace.Hashed]
    assert(space.bits == 18 && space.seed == 42)
    val tf = new HashingTF().setNumFeatures(1 << 18)
    val phrases = Seq("great coffee", "rude", "long wait", "a", "ab", "abc", "abcd", "crème brûlée", "日本語", "")
    phrases.foreach { p =>
      assert(space.indexOf(p) == tf.indexOf(p), p)
      assert(space.indexOf(p) == tipsModel.featureId(p).get, p)
    }
    bm.destroy()
  }

  test("the feature space comes from the model's accessor: any seed, a dictionary, indexed ids") {
    val tips = repo.resolve("data/demo/tips.tsv")
    // A seed above 2^31 (an unsigned 32-bit value) arrives as the Int of the same bits, as HashingTF takes it.
    for (seed <- Seq(7, -7)) {
      Using.resource(LogisticData.readPhrases(tips, ReadOptions(hashBits = Some(10), hashSeed = seed))) { d =>
        Using.resource(LogisticModel.train(d, TrainOptions(lambda = 0.01))) { m =>
          val bm = LogisticSpark.broadcast(spark, m)
          assert(bm.space == FeatureSpace.Hashed(10, seed))
          Seq("great coffee", "rude", "日本語").foreach(p => assert(bm.space.asInstanceOf[FeatureSpace.Hashed].indexOf(p) == m.featureId(p).get, p))
          bm.destroy()
        }
      }
    }
    Using.resource(LogisticData.readPhrases(tips)) { d =>
      Using.resource(LogisticModel.train(d, TrainOptions(lambda = 0.01))) { m =>
        val bm = LogisticSpark.broadcast(spark, m)
        assert(bm.space == FeatureSpace.Names)
        bm.destroy()
      }
    }
    val bm = LogisticSpark.broadcast(spark, model)
    assert(bm.space == FeatureSpace.Indexed)
    bm.destroy()
  }

  test("scoring arrays of phrases equals scoring the HashingTF vectors of the same phrases") {
    val bm = LogisticSpark.broadcast(spark, tipsModel)
    val tips = Seq(Seq("great coffee", "friendly staff"), Seq("rude", "long wait", "rude"), Seq("bland", "overpriced"),
      Seq.empty[String], Seq("never heard of this phrase"))
    val schema = StructType(Seq(StructField("id", IntegerType), StructField("phrases", ArrayType(StringType))))
    val df = spark.createDataFrame(spark.sparkContext.parallelize(tips.zipWithIndex.map { case (t, i) => Row(i, t) }, 2), schema)
    val out = LogisticSpark.score(df, bm, "phrases").collect().sortBy(_.getInt(0))
    val tf = new HashingTF().setNumFeatures(1 << 18).setInputCol("phrases").setOutputCol("tf")
    val viaTf = LogisticSpark.score(tf.transform(df), bm, "tf").collect().sortBy(_.getInt(0))
    // The same logits, summed in another order (the phrases as given, HashingTF's ids
    // ascending with a repeated phrase counted twice): equal to rounding.
    out.map(_.getAs[Vector]("probability")).zip(viaTf.map(_.getAs[Vector]("probability"))).foreach { case (a, b) =>
      assert(a.size == b.size)
      (0 until a.size).foreach(c => assert(math.abs(a(c) - b(c)) <= 1e-14, s"$a vs $b"))
    }
    assert(out(0).getAs[String]("prediction") == "positive")
    assert(out(1).getAs[String]("prediction") == "negative")
    bm.destroy()
  }

  test("model log-loss equals bayeskit's own evaluate (from logits), weighted and clipped") {
    val bm = LogisticSpark.broadcast(spark, model)
    val ev = Using.resource(LogisticData(xs, ys, 3, 40))(d => model.evaluate(d))
    val ll = LogLossEvaluator.ofModel(vectorDf, bm, "features", "label", batchRows = 50)
    assert(math.abs(ll.logLoss - ev.logLoss) <= 1e-12 * ev.logLoss)
    assert(ll.rows == 600 && ll.infiniteRows == 0 && ll.clipped == 0)
    // String labels match the model's labels by name.
    val named = vectorDf.withColumn("name", org.apache.spark.sql.functions.col("label").cast("string"))
    assert(math.abs(LogLossEvaluator.ofModel(named, bm, "features", "name").logLoss - ev.logLoss) <= 1e-12 * ev.logLoss)
    // Weighted.
    val w = vectorDf.collect().sortBy(_.getInt(0)).map(_.getDouble(3))
    val probs = LogisticSpark.scoreLocal(bm.model, vectors)
    val expected = probs.indices.map(i => -w(i) * math.log(probs(i)(ys(i)))).sum / w.sum
    assert(math.abs(LogLossEvaluator.ofModel(vectorDf, bm, "features", "label", Some("w")).logLoss - expected) <= 1e-12 * expected)
    // Clipped at a loss of −ln 0.5: every row whose true class has p < 0.5 is counted.
    val clippedRows = probs.indices.count(i => probs(i)(ys(i)) < 0.5)
    val c = LogLossEvaluator.ofModel(vectorDf, bm, "features", "label", clip = Some(0.5))
    assert(c.clipped == clippedRows && c.clipped > 0)
    bm.destroy()
  }

  test("a true-class probability that underflows to 0 costs its exact loss from the logits, not +∞ and not 0") {
    val bm = LogisticSpark.broadcast(spark, model)
    // Scale a row until its predicted probabilities saturate: the loss of a wrong label is huge but finite.
    val big = vectors.take(20).map(v => Vectors.sparse(v.size, v.toSparse.indices, v.toSparse.values.map(_ * 2000)))
    val probs = LogisticSpark.scoreLocal(bm.model, big)
    val (i, y) = big.indices.iterator.flatMap(i => (0 until 3).map(i -> _)).find { case (i, y) => probs(i)(y) == 0.0 }
      .getOrElse(fail("no saturated row"))
    val schema = StructType(Seq(StructField("features", SQLDataTypes.VectorType), StructField("label", IntegerType)))
    val df = spark.createDataFrame(spark.sparkContext.parallelize(Seq(Row(big(i), y)), 1), schema)
    val ll = LogLossEvaluator.ofModel(df, bm, "features", "label")
    val ev = Using.resource(LogisticData(Seq(big(i).toSparse.indices.toSeq.zip(big(i).toSparse.values.toSeq)), Seq(y), 3, 40))(
      d => model.evaluate(d))
    assert(ll.logLoss > 745 && !ll.logLoss.isInfinite) // exp(−745) is below the smallest double
    assert(math.abs(ll.logLoss - ev.logLoss) <= 1e-12 * ev.logLoss)
    bm.destroy()
  }

  test("probability log-loss: a zero true-class probability is +∞ (never 0), clipping caps and counts it") {
    val schema = StructType(Seq(StructField("p", ArrayType(DoubleType)), StructField("y", IntegerType), StructField("w", DoubleType)))
    def df(rows: Row*) = spark.createDataFrame(spark.sparkContext.parallelize(rows, 2), schema)
    val rows = Seq(Row(Seq(0.9, 0.1), 0, 1.0), Row(Seq(0.2, 0.8), 1, 1.0), Row(Seq(1.0, 0.0), 1, 1.0), Row(Seq(0.5, 0.5), 0, 1.0))
    val inf = LogLossEvaluator.ofProbabilities(df(rows: _*), "p", "y")
    assert(inf.logLoss.isPosInfinity && inf.infiniteRows == 1 && inf.rows == 4)
    val clipped = LogLossEvaluator.ofProbabilities(df(rows: _*), "p", "y", clip = Some(1e-15))
    val expected = (-math.log(0.9) - math.log(0.8) - math.log(1e-15) - math.log(0.5)) / 4
    assert(math.abs(clipped.logLoss - expected) <= 1e-14 * expected && clipped.clipped == 1 && clipped.infiniteRows == 0)
    // A zero-weight row adds nothing, even an infinite one.
    val zeroW = rows.updated(2, Row(Seq(1.0, 0.0), 1, 0.0))
    val z = LogLossEvaluator.ofProbabilities(df(zeroW: _*), "p", "y", Some("w"))
    assert(math.abs(z.logLoss - (-math.log(0.9) - math.log(0.8) - math.log(0.5)) / 3) <= 1e-15 && z.rows == 4)
    // Undefined inputs throw rather than read as 0.
    intercept[IllegalArgumentException](LogLossEvaluator.ofProbabilities(df(), "p", "y"))
    intercept[Exception](LogLossEvaluator.ofProbabilities(df(Row(Seq(Double.NaN, 0.5), 0, 1.0)), "p", "y"))
    intercept[Exception](LogLossEvaluator.ofProbabilities(df(Row(Seq(0.5, 0.5), 2, 1.0)), "p", "y"))
    intercept[IllegalArgumentException](LogLossEvaluator.ofProbabilities(df(Row(Seq(0.5, 0.5), 0, 0.0)), "p", "y", Some("w")))
    // An ml Vector column works too.
    val vs = StructType(Seq(StructField("p", SQLDataTypes.VectorType), StructField("y", IntegerType)))
    val v = spark.createDataFrame(spark.sparkContext.parallelize(Seq(Row(Vectors.dense(0.0, 1.0), 0)), 1), vs)
    assert(LogLossEvaluator.ofProbabilities(v, "p", "y").logLoss.isPosInfinity)
  }
}
