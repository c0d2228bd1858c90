package org.bayeskit.spark

import org.apache.spark.ml.linalg.{SQLDataTypes, Vector}
import org.apache.spark.sql.{DataFrame, Row}
import org.apache.spark.sql.types.{ArrayType, DoubleType, IntegerType, LongType, StringType}

/** The weighted mean log-loss of a DataFrame, with what went into it. `logLoss` is +∞ when a row
  * of positive weight gives its true class probability 0 (and no clipping was asked for):
  * `infiniteRows` counts them. With clipping at ε each row's loss is at most −ln ε and `clipped`
  * counts the rows so capped. Never 0 or NaN in place of an infinite or undefined loss: an empty
  * input, weights summing to 0, a NaN probability or an unknown label throw instead. */
final case class LogLoss(logLoss: Double, weight: Double, rows: Long, infiniteRows: Long, clipped: Long)

/** One partition's partial sums (all terms ≥ 0, so +∞ stays +∞ and no NaN can appear). */
private[spark] final case class LossSums(sum: Double, weight: Double, rows: Long, infinite: Long, clipped: Long) {
  def +(o: LossSums): LossSums =
    LossSums(sum + o.sum, weight + o.weight, rows + o.rows, infinite + o.infinite, clipped + o.clipped)
}

private[spark] final class LossAccumulator(clip: Option[Double]) {
  private val cap = clip.map(e => -math.log(e))
  private var sum, weight = 0.0
  private var rows, infinite, clipped = 0L

  /** Adds one row's loss −ln p(y) (≥ 0, possibly +∞) with its weight. */
  def add(loss0: Double, w: Double): Unit = {
    if (loss0.isNaN) throw new IllegalArgumentException("bayeskit: a row's log-loss is NaN (NaN probabilities or non-finite features)")
    if (!(w >= 0) || w.isInfinite) throw new IllegalArgumentException(s"bayeskit: a row's weight is $w; weights must be finite and ≥ 0")
    var loss = loss0
    cap.foreach { c =>
      if (loss > c) { loss = c; clipped += 1 }
    }
    // A zero-weight row adds nothing, even when its loss is infinite (as bayeskit's evaluate).
    if (w > 0) {
      if (loss.isPosInfinity) infinite += 1
      sum += w * loss
    }
    weight += w
    rows += 1
  }

  def result: LossSums = LossSums(sum, weight, rows, infinite, clipped)
}

/** An honest log-loss evaluator for DataFrames: per-row losses computed from log-probabilities
  * (from the logits when a bayeskit model scores), summed with weights in Scala on the driver, so
  * an infinite loss stays +∞ rather than reading as 0 through SQL null or NaN handling.
  *
  * {{{
  * LogLossEvaluator.ofModel(tips, bm, featuresCol = "phrases", labelCol = "label").logLoss
  * LogLossEvaluator.ofProbabilities(scored, "probability", "labelIndex", clip = Some(1e-15))
  * }}}
  */
object LogLossEvaluator {

  private def check(clip: Option[Double]): Unit = clip.foreach { e =>
    require(e > 0 && e < 1, s"clip ε must be in (0, 1), got $e")
  }

  private def finish(parts: Seq[LossSums]): LogLoss = {
    val t = parts.foldLeft(LossSums(0, 0, 0, 0, 0))(_ + _)
    if (t.rows == 0) throw new IllegalArgumentException("bayeskit: no rows to evaluate")
    if (!(t.weight > 0)) throw new IllegalArgumentException("bayeskit: the row weights sum to 0")
    LogLoss(t.sum / t.weight, t.weight, t.rows, t.infinite, t.clipped)
  }

  private def weightOf(r: Row, wi: Int): Double =
    if (wi < 0) 1.0
    else if (r.isNullAt(wi)) throw new IllegalArgumentException("bayeskit: a row's weight is null")
    else r.getAs[Any](wi) match {
      case d: Double => d
      case n: Number => n.doubleValue
      case o         => throw new IllegalArgumentException(s"bayeskit: weight ${o.getClass} is not numeric")
    }

  /** Reads a label: a class index (integer column) or a class label (string column). */
  private def labelReader(df: DataFrame, labelCol: String, labels: IndexedSeq[String]): Row => Int = {
    val li = df.schema.fieldIndex(labelCol)
    val k = labels.size
    df.schema(labelCol).dataType match {
      case IntegerType | LongType =>
        r => {
          if (r.isNullAt(li)) throw new IllegalArgumentException("bayeskit: a row's label is null")
          val y = r.getAs[Number](li).longValue
          if (y < 0 || y >= k) throw new IllegalArgumentException(s"bayeskit: label $y outside the $k classes")
          y.toInt
        }
      case StringType =>
        val index = labels.zipWithIndex.toMap
        r => {
          val s = r.getString(li)
          index.getOrElse(s, throw new IllegalArgumentException(s"bayeskit: label '$s' is none of the model's classes ${labels.mkString(", ")}"))
        }
      case t => throw new IllegalArgumentException(s"bayeskit: label column '$labelCol' is ${t.simpleString}; expected integer or string")
    }
  }

  /** Log-loss of precomputed probabilities (`probabilityCol`: an ml Vector or `array<double>` of
    * K probabilities; `labelCol`: the true class index). A true-class probability of 0 costs +∞. */
  def ofProbabilities(df: DataFrame, probabilityCol: String, labelCol: String, weightCol: Option[String] = None,
      clip: Option[Double] = None): LogLoss = {
    check(clip)
    val pi = df.schema.fieldIndex(probabilityCol)
    val wi = weightCol.map(df.schema.fieldIndex).getOrElse(-1)
    val li = df.schema.fieldIndex(labelCol)
    df.schema(labelCol).dataType match {
      case IntegerType | LongType =>
      case t => throw new IllegalArgumentException(s"bayeskit: label column '$labelCol' is ${t.simpleString}; expected a class index")
    }
    df.schema(probabilityCol).dataType match {
      case ArrayType(DoubleType, _)          =>
      case t if t == SQLDataTypes.VectorType =>
      case t => throw new IllegalArgumentException(s"bayeskit: probability column '$probabilityCol' is ${t.simpleString}")
    }
    val parts = df.rdd.mapPartitions { rows =>
      val acc = new LossAccumulator(clip)
      rows.foreach { r =>
        if (r.isNullAt(pi)) throw new IllegalArgumentException("bayeskit: a row's probabilities are null")
        if (r.isNullAt(li)) throw new IllegalArgumentException("bayeskit: a row's label is null")
        val y = r.getAs[Number](li).longValue
        val (p, k) = r.get(pi) match {
          case v: Vector                     => (if (y >= 0 && y < v.size) v(y.toInt) else Double.NaN, v.size)
          case s: scala.collection.Seq[_] => (if (y >= 0 && y < s.size) s(y.toInt).asInstanceOf[Double] else Double.NaN, s.size)
        }
        if (y < 0 || y >= k) throw new IllegalArgumentException(s"bayeskit: label $y outside the $k classes")
        if (p.isNaN || p < 0 || p > 1) throw new IllegalArgumentException(s"bayeskit: probability $p is not in [0, 1]")
        acc.add(-math.log(p), weightOf(r, wi))
      }
      Iterator.single(acc.result)
    }.collect()
    finish(parts.toSeq)
  }

  /** Below this true-class probability, the loss is recomputed from the logits in one extra call. */
  private val Tiny = 1e-300

  /** Log-loss of a broadcast bayeskit model on `df` (features as for [[LogisticSpark.score]];
    * `labelCol`: a class index or a class label). Rows are scored in batches; a row whose
    * true-class probability is below 1e-300 (or rounds to 0) gets its loss from the logits
    * (`predictLogProba`), so it costs its exact, finite loss. */
  def ofModel(df: DataFrame, model: BroadcastModel, featuresCol: String, labelCol: String,
      weightCol: Option[String] = None, clip: Option[Double] = None, batchRows: Int = 4096): LogLoss = {
    check(clip)
    val fi = df.schema.fieldIndex(featuresCol)
    val wi = weightCol.map(df.schema.fieldIndex).getOrElse(-1)
    val label = labelReader(df, labelCol, model.labels)
    val feat = LogisticSpark.featurizer(df.schema, featuresCol, model.space)
    val bm = model
    val parts = df.rdd.mapPartitions { rows =>
      val m = bm.model
      val k = bm.classes
      val acc = new LossAccumulator(clip)
      val csr = new CsrBuilder(batchRows)
      val out = new Array[Double](batchRows * k)
      val logp = new Array[Double](k)
      rows.grouped(batchRows).foreach { batch =>
        csr.clear()
        batch.foreach { r => feat.append(r.get(fi), csr, m); csr.endRow() }
        csr.score(m, out)
        var i = 0
        batch.foreach { r =>
          val y = label(r)
          val p = out(i * k + y)
          val loss =
            if (p >= Tiny) -math.log(p)
            else {
              val ids = java.util.Arrays.copyOfRange(csr.rowIds, csr.start(i), csr.end(i))
              val vs = java.util.Arrays.copyOfRange(csr.rowValues, csr.start(i), csr.end(i))
              m.predictLogProba(ids, vs, ids.length, logp)
              -logp(y)
            }
          acc.add(loss, weightOf(r, wi))
          i += 1
        }
      }
      Iterator.single(acc.result)
    }.collect()
    finish(parts.toSeq)
  }
}
