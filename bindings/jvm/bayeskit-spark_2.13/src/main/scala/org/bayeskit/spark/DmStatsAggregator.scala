package org.bayeskit.spark

import org.apache.spark.sql.{Encoder, Encoders}
import org.apache.spark.sql.expressions.Aggregator
import org.bayeskit.{DmStats => JDmStats}

/** One input row of [[DmStatsAggregator]]: K category counts (each ≥ 0) seen `weight` times. */
final case class CountsRow(counts: Array[Long], weight: Double)

/** The aggregation buffer of [[DmStatsAggregator]]: native Dirichlet–multinomial statistics plus
  * a batch of rows not yet added, so a JNI crossing is paid per `batchRows` rows, not per row.
  *
  * Spark serialises it between stages through its one bean property, `bytes` (the versioned,
  * checksummed form of `bayeskit.DmStats`): reading it flushes the batch, serialises and frees the
  * native statistics; the next use rebuilds them from the bytes. A buffer that never saw a row has
  * no K yet and serialises to an empty array. Used by one task at a time (Spark's contract).
  * Native memory is freed explicitly at every hand-over (serialise, merge, finish); the Java
  * binding's `Cleaner` frees a buffer dropped by a failed task.
  */
final class DmBuffer extends Serializable {
  private var k = 0
  private var batchRows = DmStatsAggregator.DefaultBatchRows
  @transient private var stats: JDmStats = _
  private var serialized: Array[Byte] = Array.emptyByteArray
  @transient private var pending: Array[Long] = _
  @transient private var pendingWeights: Array[Double] = _
  @transient private var n = 0

  private[spark] def init(batch: Int): DmBuffer = {
    require(batch >= 1, s"batchRows must be ≥ 1, got $batch")
    batchRows = batch
    this
  }

  /** K, or 0 while no row has been seen. */
  def categories: Int = k

  private def native(): JDmStats = {
    if (stats == null) {
      if (serialized.nonEmpty) {
        stats = JDmStats.fromBytes(serialized)
        k = stats.categories
      } else {
        stats = new JDmStats(k)
      }
      serialized = Array.emptyByteArray
    }
    stats
  }

  private[spark] def add(counts: Array[Long], weight: Double): Unit = {
    if (counts == null) throw new IllegalArgumentException("bayeskit: a row's counts are null")
    if (k == 0) {
      if (counts.length < 2) throw new IllegalArgumentException(s"bayeskit: a row has ${counts.length} counts; K must be ≥ 2")
      k = counts.length
    } else if (counts.length != k) {
      throw new IllegalArgumentException(s"bayeskit: a row has ${counts.length} counts, others have $k")
    }
    if (pending == null) {
      pending = new Array[Long](batchRows * k)
      pendingWeights = new Array[Double](batchRows)
    }
    System.arraycopy(counts, 0, pending, n * k, k)
    pendingWeights(n) = weight
    n += 1
    if (n == batchRows) flush()
  }

  private def flush(): Unit = if (n > 0) {
    // Checks (counts ≥ 0, weights finite and ≥ 0) happen in Java, then one native call.
    native().addRows(pending, n, pendingWeights)
    n = 0
  }

  private def isEmpty: Boolean = k == 0 && serialized.isEmpty && stats == null

  /** Adds `other` into this and frees `other`'s native memory. */
  private[spark] def mergeFrom(other: DmBuffer): DmBuffer = {
    if (other.isEmpty) return this
    other.flush()
    if (isEmpty) {
      k = other.k
      stats = other.native()
      other.stats = null
      return this
    }
    flush()
    val mine = native()
    val theirs = other.native()
    if (mine.categories != theirs.categories) {
      other.close()
      throw new IllegalArgumentException(s"bayeskit: merging statistics of ${mine.categories} and ${theirs.categories} categories")
    }
    try mine.merge(theirs)
    finally other.close()
    this
  }

  /** The serialised statistics (empty if no row was ever added); frees the native copy. */
  def getBytes(): Array[Byte] = {
    flush()
    if (stats != null) {
      serialized = stats.toBytes
      close()
    }
    serialized
  }

  /** Restores a buffer from [[getBytes]] (Spark's deserialiser). */
  def setBytes(bytes: Array[Byte]): Unit = {
    close()
    n = 0
    serialized = if (bytes == null) Array.emptyByteArray else bytes
    k = 0
    if (serialized.nonEmpty) k = native().categories
  }

  private[spark] def close(): Unit = {
    if (stats != null) stats.close()
    stats = null
  }
}

/** A typed Spark `Aggregator` building Dirichlet–multinomial statistics: each partition adds its
  * rows natively (in batches of `batchRows` rows per JNI call), partial results merge by addition
  * and travel between stages as bytes, and the result is the serialised statistics — fit them on
  * the driver with `DmStats.fromBytes(...).fit()` or use [[DirichletSpark.fit]]. K is taken from
  * the first row; every row must have the same K. With integer weights the statistics are exact,
  * so the fit equals a single-machine fit on the same rows bit for bit.
  *
  * {{{
  * val bytes = rows.as[CountsRow].select(new DmStatsAggregator().toColumn).head()
  * // or per group, untyped:
  * df.groupBy("city").agg(DirichletSpark.statistics(col("counts")).as("stats"))
  * }}}
  */
final class DmStatsAggregator(batchRows: Int = DmStatsAggregator.DefaultBatchRows)
    extends Aggregator[CountsRow, DmBuffer, Array[Byte]] {
  require(batchRows >= 1, s"batchRows must be ≥ 1, got $batchRows")

  override def zero: DmBuffer = new DmBuffer().init(batchRows)

  override def reduce(b: DmBuffer, row: CountsRow): DmBuffer = {
    if (row == null) throw new IllegalArgumentException("bayeskit: a null row")
    b.add(row.counts, row.weight)
    b
  }

  override def merge(b1: DmBuffer, b2: DmBuffer): DmBuffer = b1.mergeFrom(b2)

  override def finish(b: DmBuffer): Array[Byte] = {
    val bytes = b.getBytes()
    if (bytes.isEmpty) throw new IllegalArgumentException("bayeskit: no rows to build Dirichlet statistics from")
    bytes
  }

  override def bufferEncoder: Encoder[DmBuffer] = Encoders.bean(classOf[DmBuffer])

  override def outputEncoder: Encoder[Array[Byte]] = Encoders.BINARY
}

object DmStatsAggregator {
  /** Rows per native call. */
  val DefaultBatchRows: Int = 4096
}
