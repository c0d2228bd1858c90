package org.bayeskit.spark

import java.nio.charset.StandardCharsets
import java.security.MessageDigest
import java.util.concurrent.ConcurrentHashMap

import org.apache.spark.broadcast.Broadcast
import org.apache.spark.ml.linalg.{DenseVector, SparseVector, SQLDataTypes, Vector, Vectors}
import org.apache.spark.sql.{DataFrame, Encoders, Row, SparkSession}
import org.apache.spark.sql.types.{ArrayType, StringType, StructField, StructType}
import org.apache.spark.unsafe.hash.Murmur3_x86_32
import org.apache.spark.unsafe.types.UTF8String
import org.bayeskit.{FeatureSpace => JFeatureSpace, LogisticModel => JLogisticModel}

/** How a model maps phrases to feature ids. */
sealed trait FeatureSpace extends Serializable
object FeatureSpace {
  /** Spark's `HashingTF`: MurmurHash3 x86_32 of the UTF-8 bytes with `seed`, non-negative
    * modulo 2^bits. */
  final case class Hashed(bits: Int, seed: Int) extends FeatureSpace {
    val numFeatures: Int = 1 << bits
    /** The id `HashingTF(numFeatures).indexOf(phrase)` gives (Spark ≥ 3.0). */
    def indexOf(phrase: String): Int = {
      val u = UTF8String.fromString(phrase)
      val h = Murmur3_x86_32.hashUnsafeBytes2(u.getBaseObject, u.getBaseOffset, u.numBytes, seed)
      val m = h % numFeatures
      if (m < 0) m + numFeatures else m
    }
  }
  /** A phrase dictionary (ids looked up in the model). */
  case object Names extends FeatureSpace
  /** Plain feature ids (no phrases). */
  case object Indexed extends FeatureSpace

  /** The model's feature space, from its typed accessor. */
  def of(model: JLogisticModel): FeatureSpace = {
    val s = model.featureSpace
    s.kind match {
      case JFeatureSpace.Kind.HASHED  => Hashed(s.hashBits, s.hashSeed)
      case JFeatureSpace.Kind.NAMES   => Names
      case JFeatureSpace.Kind.INDEXED => Indexed
    }
  }
}

/** A model shipped to the executors as its file bytes in a Spark broadcast, plus what the driver
  * read from it. On each executor JVM the bytes are loaded once into a native
  * [[org.bayeskit.LogisticModel]] held by a per-JVM cache keyed by `id` (a SHA-256 of the bytes)
  * and shared by all tasks (scoring is thread-safe). Call [[destroy]] when done with it. */
final class BroadcastModel private[spark] (
    val id: String,
    val bytes: Broadcast[Array[Byte]],
    val labels: IndexedSeq[String],
    val features: Long,
    val space: FeatureSpace
) extends Serializable {
  def classes: Int = labels.size

  /** The native model of this JVM (loaded on first use). Never close it: the cache owns it. */
  def model: JLogisticModel = ModelCache.get(id, bytes)

  /** Frees the model in this JVM's cache and the broadcast's blocks everywhere. */
  def destroy(): Unit = {
    ModelCache.evict(id)
    bytes.destroy()
  }
}

/** The per-JVM cache of loaded models, keyed by model id. */
object ModelCache {
  private val models = new ConcurrentHashMap[String, JLogisticModel]()

  def get(id: String, bytes: Broadcast[Array[Byte]]): JLogisticModel =
    models.computeIfAbsent(id, _ => JLogisticModel.fromBytes(bytes.value))

  /** Models loaded in this JVM. */
  def size: Int = models.size

  /** Removes and frees a model (tasks still scoring with it get an exception, not a crash). */
  def evict(id: String): Unit = {
    val m = models.remove(id)
    if (m != null) m.close()
  }
}

/** Logistic scoring on Spark: a broadcast model, a batched DataFrame transform, phrase hashing
  * as Spark's `HashingTF`.
  *
  * {{{
  * val bm = LogisticSpark.broadcast(spark, model)          // a bayeskit LogisticModel
  * val scored = LogisticSpark.score(tips, bm, "phrases")    // + probability (Vector), prediction (label)
  * }}}
  */
object LogisticSpark {

  /** Broadcasts the bytes of a model file. */
  def broadcast(spark: SparkSession, modelBytes: Array[Byte]): BroadcastModel = {
    val m = JLogisticModel.fromBytes(modelBytes)
    try {
      val labels = IndexedSeq.from(m.labels.toArray(Array.empty[String]))
      new BroadcastModel(sha256(modelBytes), spark.sparkContext.broadcast(modelBytes), labels, m.features,
        FeatureSpace.of(m))
    } finally m.close()
  }

  /** Broadcasts a model (its bytes; the model itself stays the caller's). */
  def broadcast(spark: SparkSession, model: JLogisticModel): BroadcastModel = broadcast(spark, model.toBytes)

  /** Broadcasts a Scala-API model. */
  def broadcast(spark: SparkSession, model: org.bayeskit.scaladsl.LogisticModel): BroadcastModel =
    broadcast(spark, model.toBytes)

  private def sha256(b: Array[Byte]): String =
    MessageDigest.getInstance("SHA-256").digest(b).map(x => f"${x & 0xff}%02x").mkString

  /** Turns one row's feature value into (ids, values) appended to a CSR builder. */
  private[spark] sealed trait Featurizer extends Serializable {
    def append(v: Any, csr: CsrBuilder, model: JLogisticModel): Unit
  }

  private final class VectorFeatures extends Featurizer {
    def append(v: Any, csr: CsrBuilder, model: JLogisticModel): Unit = v match {
      case s: SparseVector =>
        var i = 0
        while (i < s.indices.length) { csr.add(s.indices(i), s.values(i)); i += 1 }
      case d: DenseVector =>
        var i = 0
        while (i < d.size) { if (d(i) != 0.0) csr.add(i, d(i)); i += 1 }
      case null => throw new IllegalArgumentException("bayeskit: a row's feature vector is null")
      case o    => throw new IllegalArgumentException(s"bayeskit: unsupported vector ${o.getClass}")
    }
  }

  private final class PhraseFeatures(space: FeatureSpace) extends Featurizer {
    def append(v: Any, csr: CsrBuilder, model: JLogisticModel): Unit = v match {
      case null => throw new IllegalArgumentException("bayeskit: a row's phrases are null")
      case s: scala.collection.Seq[_] =>
        val it = s.iterator
        while (it.hasNext) {
          val p = it.next().asInstanceOf[String]
          if (p != null) {
            // As HashingTF (binary = false): each occurrence counts 1; repeated ids add up.
            val id = space match {
              case h: FeatureSpace.Hashed => h.indexOf(p)
              case FeatureSpace.Names     => model.featureId(p)
              case FeatureSpace.Indexed =>
                throw new IllegalArgumentException("bayeskit: the model has indexed features; give vectors, not phrases")
            }
            if (id != JLogisticModel.NO_FEATURE) csr.add(id, 1.0)
          }
        }
      case o => throw new IllegalArgumentException(s"bayeskit: unsupported phrases value ${o.getClass}")
    }
  }

  private[spark] def featurizer(schema: StructType, column: String, space: FeatureSpace): Featurizer =
    schema(column).dataType match {
      case ArrayType(StringType, _)          => new PhraseFeatures(space)
      case t if t == SQLDataTypes.VectorType => new VectorFeatures
      case t =>
        throw new IllegalArgumentException(
          s"bayeskit: features column '$column' is ${t.simpleString}; expected an ml Vector or array<string> of phrases")
    }

  /** Scores `df`'s `featuresCol` (an `org.apache.spark.ml.linalg.Vector`, sparse or dense, or an
    * `array<string>` of phrases hashed as `HashingTF`) with the broadcast model, in batches of
    * `batchRows` rows per native call, adding `probabilityCol` (a dense ml Vector of the K class
    * probabilities, in `model.labels` order) and, if non-empty, `predictionCol` (the most probable
    * label). */
  def score(df: DataFrame, model: BroadcastModel, featuresCol: String, probabilityCol: String = "probability",
      predictionCol: String = "prediction", batchRows: Int = 4096): DataFrame = {
    require(batchRows >= 1, s"batchRows must be ≥ 1, got $batchRows")
    val schema = df.schema
    val fi = schema.fieldIndex(featuresCol)
    val feat = featurizer(schema, featuresCol, model.space)
    val extra = StructField(probabilityCol, SQLDataTypes.VectorType, nullable = false) +:
      (if (predictionCol.isEmpty) Nil else Seq(StructField(predictionCol, StringType, nullable = false)))
    val outSchema = StructType(schema.fields ++ extra)
    val bm = model
    val withPrediction = predictionCol.nonEmpty
    df.mapPartitions { rows: Iterator[Row] =>
      val m = bm.model
      val k = bm.classes
      val labels = bm.labels
      val csr = new CsrBuilder(batchRows)
      val out = new Array[Double](batchRows * k)
      rows.grouped(batchRows).flatMap { batch =>
        csr.clear()
        batch.foreach { r => feat.append(r.get(fi), csr, m); csr.endRow() }
        csr.score(m, out)
        batch.iterator.zipWithIndex.map { case (r, i) =>
          val p = java.util.Arrays.copyOfRange(out, i * k, (i + 1) * k)
          val base = r.toSeq :+ Vectors.dense(p)
          Row.fromSeq(if (withPrediction) base :+ labels(argmax(p)) else base)
        }.toVector // materialise: `out` is reused by the next batch
      }
    }(Encoders.row(outSchema))
  }

  private[spark] def argmax(p: Array[Double]): Int = {
    var best = 0
    var i = 1
    while (i < p.length) { if (p(i) > p(best)) best = i; i += 1 }
    best
  }

  /** The probabilities of rows given as (ids, values), scored directly (for tests and drivers). */
  def scoreLocal(model: JLogisticModel, rows: Seq[Vector]): Seq[Array[Double]] = {
    val csr = new CsrBuilder(rows.size max 1)
    val f = new VectorFeatures
    rows.foreach { v => f.append(v, csr, model); csr.endRow() }
    val out = new Array[Double](rows.size * model.classes)
    csr.score(model, out)
    out.grouped(model.classes).toSeq
  }

  /** UTF-8 bytes of a phrase (what the hash reads). */
  private[spark] def utf8(s: String): Array[Byte] = s.getBytes(StandardCharsets.UTF_8)
}

/** A growable CSR batch. */
private[spark] final class CsrBuilder(rowsHint: Int) {
  private var indptr = new Array[Int](rowsHint + 1)
  private var ids = new Array[Int](rowsHint * 16)
  private var vals = new Array[Double](rowsHint * 16)
  private var rows = 0
  private var nnz = 0

  def clear(): Unit = { rows = 0; nnz = 0 }

  def add(id: Int, v: Double): Unit = {
    if (nnz == ids.length) {
      ids = java.util.Arrays.copyOf(ids, ids.length * 2)
      vals = java.util.Arrays.copyOf(vals, vals.length * 2)
    }
    ids(nnz) = id
    vals(nnz) = v
    nnz += 1
  }

  def endRow(): Unit = {
    if (rows + 1 == indptr.length) indptr = java.util.Arrays.copyOf(indptr, indptr.length * 2)
    rows += 1
    indptr(rows) = nnz
  }

  def rowCount: Int = rows

  /** Row i's entries as (ids, values, start, end). */
  def rowIds: Array[Int] = ids
  def rowValues: Array[Double] = vals
  def start(i: Int): Int = indptr(i)
  def end(i: Int): Int = indptr(i + 1)

  /** One native call for all rows. */
  def score(model: JLogisticModel, out: Array[Double]): Unit =
    if (rows > 0) model.predictProbaBatch(indptr, rows, ids, vals, out)
}
