package org.bayeskit.examples

import org.apache.spark.sql.SparkSession
import org.scalatest.BeforeAndAfterAll
import org.scalatest.funsuite.AnyFunSuite

/** Runs both example jobs on generated data in local[2]. */
class ExamplesSpec extends AnyFunSuite with BeforeAndAfterAll {
  private lazy val spark = SparkSession.builder().master("local[2]").appName("bayeskit-examples-tests")
    .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4")
    .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").getOrCreate()

  override def afterAll(): Unit = spark.stop()

  test("VenuePriorJob fits a prior near the generating α and ranks well-reviewed venues first") {
    val venues = VenuePriorJob.generate(spark, 20000, 4, 1)
    val (fit, top) = VenuePriorJob.run(spark, venues, 10)
    val truth = Seq(1.0, 0.5, 0.8, 2.0, 3.0)
    fit.alpha.zip(truth).foreach { case (a, t) => assert(math.abs(a - t) < 0.15 * t, s"α $a vs $t") }
    assert(top.size == 10)
    assert(top.map(_._4) == top.map(_._4).sorted.reverse)
    // Shrinkage: the leaders have many reviews; a venue with 3 five-star reviews is not among them.
    assert(top.forall(_._2 >= 20))
    top.foreach { case (_, _, mean, lower) => assert(lower < mean && mean < 1) }
  }

  test("TipScoringJob scores generated tips and reports a finite, honest log-loss") {
    val tips = TipScoringJob.generate(spark, 20000, 4, 2)
    val (loss, accuracy, rows) = TipScoringJob.run(spark, tips)
    assert(rows == 20000 && loss.rows == 20000)
    assert(accuracy > 0.8, s"accuracy $accuracy")
    assert(loss.logLoss > 0 && loss.logLoss < 0.6 && loss.infiniteRows == 0, s"log-loss $loss")
  }
}
