package org.bayeskit.spark

import org.apache.spark.sql.SparkSession

/** One local[2] SparkSession for every suite of the module (small, quiet, no UI). */
object TestSpark {
  lazy val spark: SparkSession = SparkSession.builder()
    .master("local[2]")
    .appName("bayeskit-spark-tests")
    .config("spark.ui.enabled", "false")
    .config("spark.sql.shuffle.partitions", "4")
    .config("spark.default.parallelism", "4")
    .config("spark.driver.host", "127.0.0.1")
    .config("spark.driver.bindAddress", "127.0.0.1")
    .getOrCreate()
}
