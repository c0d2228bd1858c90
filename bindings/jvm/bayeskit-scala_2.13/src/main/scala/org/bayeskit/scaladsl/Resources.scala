package org.bayeskit.scaladsl

import java.nio.file.Path

import org.bayeskit.{DmFitOptions => JDmFitOptions, DmStats => JDmStats, DmPrior => JDmPrior, Hypotheses => JHypotheses, LogisticData => JLogisticData, LogisticModel => JLogisticModel, RankBy, ReadOptions => JReadOptions, Rng => JRng, TrainOptions => JTrainOptions}

/** A seeded ChaCha12 generator (same seed, same draws everywhere). Close it, e.g. with `Using`:
  * {{{
  * Using.resource(Rng(42))(rng => Beta(3, 7).sample(rng, 1000))
  * }}}
  */
final class Rng private (private[scaladsl] val j: JRng) extends AutoCloseable {
  override def close(): Unit = j.close()
}

object Rng {
  def apply(seed: Long): Rng = new Rng(new JRng(seed))
  /** A generator on stream `stream` of `seed`: one stream per thread makes each thread's draws reproducible. */
  def apply(seed: Long, stream: Long): Rng = new Rng(new JRng(seed, stream))
}

/** Bayes' rule over n hypotheses (mutable; updates are serialised). */
final class Hypotheses private (j: JHypotheses) extends AutoCloseable {
  def update(likelihood: Seq[Double]): Unit = j.update(likelihood.toArray)
  def updateLog(lnLikelihood: Seq[Double]): Unit = j.updateLog(lnLikelihood.toArray)
  def posterior: IndexedSeq[Double] = j.posterior.toIndexedSeq
  def size: Int = j.size
  /** The maximum a posteriori hypothesis. */
  def map: Int = j.map
  def lnEvidence: Double = j.lnEvidence
  override def close(): Unit = j.close()
}

object Hypotheses {
  def apply(prior: Seq[Double]): Hypotheses = new Hypotheses(JHypotheses.of(prior.toArray: _*))
  def fromLog(lnWeights: Seq[Double]): Hypotheses = new Hypotheses(JHypotheses.ofLog(lnWeights.toArray: _*))
}

/** Options of a Dirichlet–multinomial fit (the library's defaults). */
final case class DmFitOptions(maxIter: Int = NativeDefaults.dmFit.maxIter, tol: Double = NativeDefaults.dmFit.tol,
    hyperprior: Double = NativeDefaults.dmFit.hyperprior, dropEmpty: Boolean = NativeDefaults.dmFit.dropEmpty) {
  private[scaladsl] def toJava = new JDmFitOptions(maxIter, tol, hyperprior, dropEmpty)
}

/** The result of a fit; `prior` is `Some` only for a converged fit without dropped categories. */
final case class DmFit(
    outcome: DmOutcome,
    alpha: IndexedSeq[Double],
    mean: IndexedSeq[Double],
    stdErrors: IndexedSeq[Double],
    dropped: IndexedSeq[Boolean],
    alphaSum: Double,
    theta: Double,
    loglik: Double,
    lrStat: Double,
    lrPValue: Double,
    iterations: Long
) {
  def converged: Boolean = outcome == DmOutcome.Converged
  /** The fitted prior (the caller closes it), when the fit can be used as one. */
  def prior: Option[DmPrior] = if (converged && !dropped.contains(true)) Some(DmPrior(alpha)) else None
}

/** Streaming, mergeable statistics of rows of K category counts. */
final class DmStats private (private[scaladsl] val j: JDmStats) extends AutoCloseable {
  def categories: Int = j.categories
  def add(counts: Seq[Long], weight: Double = 1.0): Unit = j.add(counts.toArray, weight)
  /** Adds rows (each of K counts) in one native call. */
  def addRows(rows: Seq[Seq[Long]], weights: Option[Seq[Double]] = None): Unit =
    j.addRows(rows.iterator.flatten.toArray, rows.size, weights.map(_.toArray).orNull)
  def merge(other: DmStats): Unit = j.merge(other.j)
  def rows: Long = j.rows
  def totalWeight: Double = j.totalWeight
  def toBytes: Array[Byte] = j.toBytes
  def fit(options: DmFitOptions = DmFitOptions()): DmFit = {
    val f = j.fit(options.toJava)
    DmFit(DmOutcome.fromJava(f.outcome), f.alpha.toIndexedSeq, f.mean.toIndexedSeq, f.stdErrors.toIndexedSeq, f.dropped.toIndexedSeq,
      f.alphaSum, f.theta, f.loglik, f.lrStat, f.lrPValue, f.iterations)
  }
  override def close(): Unit = j.close()
}

object DmStats {
  def apply(k: Int): DmStats = new DmStats(new JDmStats(k))
  def fromBytes(bytes: Array[Byte]): Either[BayeskitException, DmStats] = attempt(new DmStats(JDmStats.fromBytes(bytes)))
}

/** How rows are ranked: by the posterior mean, or by the lower end of a credible interval. */
sealed trait Rank
object Rank {
  case object Mean extends Rank
  final case class Lower(level: Double) extends Rank
}

/** A Dirichlet prior α applied to rows of counts (immutable; share it across threads). */
final class DmPrior private (j: JDmPrior) extends AutoCloseable {
  def categories: Int = j.categories
  def posteriorMean(counts: Seq[Long]): IndexedSeq[Double] = j.posteriorMean(counts.toArray).toIndexedSeq
  def interval(counts: Seq[Long], category: Int, level: Double): Interval =
    org.bayeskit.scaladsl.interval(j.interval(counts.toArray, category, level))
  /** One score per row (higher ranks first), in one native call. */
  def scoreRows(rows: Seq[Seq[Long]], category: Int, by: Rank): IndexedSeq[Double] = {
    val out = new Array[Double](rows.size)
    val (rank, level) = by match {
      case Rank.Mean         => (RankBy.MEAN, 0.0)
      case Rank.Lower(level) => (RankBy.LOWER, level)
    }
    j.scoreRows(rows.iterator.flatten.toArray, rows.size, rank, category, level, out)
    out.toIndexedSeq
  }
  override def close(): Unit = j.close()
}

object DmPrior {
  def apply(alpha: Seq[Double]): DmPrior = new DmPrior(new JDmPrior(alpha.toArray))
}

/** Options of logistic training (the library's defaults); `laplace = None` attaches no covariances; `maxGap`
  * also stops a fit once its relative duality gap (a bound on its relative suboptimality) is at most that (0: off).
  */
final case class TrainOptions(maxIter: Int = NativeDefaults.train.maxIter, lambda: Double = NativeDefaults.train.lambda,
    l1Ratio: Double = NativeDefaults.train.l1Ratio, tol: Double = NativeDefaults.train.tol,
    threads: Int = NativeDefaults.train.threads,
    laplace: Option[LaplaceMethod] = LaplaceMethod.fromJava(NativeDefaults.train.laplace),
    maxGap: Double = NativeDefaults.train.maxGap) {
  private[scaladsl] def toJava =
    new JTrainOptions(maxIter, lambda, l1Ratio, tol, threads, LaplaceMethod.toJava(laplace), maxGap)
}

/** Options of the data readers (the library's defaults). `hashBits = Some(b)` hashes phrases into 2^b ids (as Spark's
  * HashingTF).
  */
final case class ReadOptions(
    idBase: IdBase = IdBase.fromJava(NativeDefaults.read.idBase),
    nFeatures: Long = NativeDefaults.read.nFeatures,
    maxFeatures: Long = NativeDefaults.read.maxFeatures,
    minCount: Long = NativeDefaults.read.minCount,
    hashBits: Option[Int] = NativeDefaults.hashBits,
    hashSeed: Int = NativeDefaults.read.hashSeed,
    skipBad: Boolean = NativeDefaults.read.skipBad
) {
  private[scaladsl] def toJava = new JReadOptions(idBase.toJava, nFeatures, maxFeatures, minCount, hashBits.getOrElse(0), hashSeed, skipBad)
}

/** A labelled sparse data set (immutable). */
final class LogisticData private (private[scaladsl] val j: JLogisticData) extends AutoCloseable {
  def rows: Long = j.rows
  def classes: Int = j.classes
  def features: Long = j.features
  override def close(): Unit = j.close()
}

object LogisticData {
  /** Rows of (feature id, value) pairs, strictly increasing ids, with class labels below `classes`. */
  def apply(rows: Seq[Seq[(Int, Double)]], labels: Seq[Int], classes: Int, features: Long): LogisticData = {
    val indptr = rows.scanLeft(0)(_ + _.size).toArray
    val ids = rows.iterator.flatten.map(_._1).toArray
    val vs = rows.iterator.flatten.map(_._2).toArray
    new LogisticData(JLogisticData.fromCsr(indptr, ids, vs, features, labels.toArray, classes, null))
  }
  def readSvmlight(path: Path, options: ReadOptions = ReadOptions()): LogisticData =
    new LogisticData(JLogisticData.readSvmlight(path, options.toJava))
  def readPhrases(path: Path, options: ReadOptions = ReadOptions()): LogisticData =
    new LogisticData(JLogisticData.readPhrases(path, options.toJava))
  def readPhrasesFor(model: LogisticModel, path: Path, options: ReadOptions = ReadOptions()): LogisticData =
    new LogisticData(JLogisticData.readPhrasesFor(model.j, path, options.toJava))
}

/** How a model was trained. */
final case class TrainingInfo(lambda: Double, l1Ratio: Double, objective: Double, rows: Long, iterations: Long, converged: Boolean)

/** Evaluation metrics; `confusion(t)(p)` is the weight of rows of true class t predicted as p. */
final case class Evaluation(logLoss: Double, accuracy: Double, clipped: Long, rows: Long,
    confusion: IndexedSeq[IndexedSeq[Double]], precision: IndexedSeq[Double], recall: IndexedSeq[Double])

/** A trained sparse multinomial logistic model: immutable, score it from any number of threads.
  *
  * {{{
  * Using.resource(LogisticModel.load(Paths.get("tips.bkm"))) { model =>
  *   val row = Seq("great", "coffee").flatMap(model.featureId).map(_ -> 1.0)
  *   model.labels.zip(model.predictProba(row))
  * }
  * }}}
  */
final class LogisticModel private (private[scaladsl] val j: JLogisticModel) extends AutoCloseable {
  val classes: Int = j.classes
  val labels: IndexedSeq[String] = IndexedSeq.from(j.labels.toArray(Array.empty[String]))
  def features: Long = j.features
  def nnz: Long = j.nnz
  def info: TrainingInfo = {
    val i = j.info
    TrainingInfo(i.lambda, i.l1Ratio, i.objective, i.rows, i.iterations, i.converged)
  }
  /** The feature id of a phrase; None if the dictionary lacks it. Throws for an indexed model. */
  def featureId(phrase: String): Option[Int] = Some(j.featureId(phrase)).filter(_ != JLogisticModel.NO_FEATURE)
  /** The class probabilities of one row of (feature id, value) pairs. */
  def predictProba(row: Seq[(Int, Double)]): IndexedSeq[Double] =
    j.predictProba(row.iterator.map(_._1).toArray, row.iterator.map(_._2).toArray).toIndexedSeq
  /** Batch scoring over CSR arrays into `out` (rows × classes), one native call: the fast path. */
  def predictProbaBatch(indptr: Array[Int], indices: Array[Int], values: Array[Double], out: Array[Double]): Unit =
    j.predictProbaBatch(indptr, indices, values, out)
  def evaluate(data: LogisticData, clip: Option[Double] = None): Evaluation = {
    val e = j.evaluate(data.j, clip.getOrElse(0.0))
    Evaluation(e.logLoss, e.accuracy, e.clipped, e.rows, e.confusion.toIndexedSeq.grouped(classes).toIndexedSeq,
      e.precision.toIndexedSeq, e.recall.toIndexedSeq)
  }
  def toBytes: Array[Byte] = j.toBytes
  def toJson: String = j.toJson
  def save(path: Path): Unit = j.save(path)

  // Uncertainty (see [[LogisticPath]] for the regularisation path and cross-validation)

  /** A new model: these weights plus Laplace covariances computed on `data` (the training data, same class weights). */
  def laplace(data: LogisticData, method: LaplaceMethod = LaplaceMethod.Blocks, classWeights: Option[Seq[Double]] = None): LogisticModel =
    new LogisticModel(j.laplace(data.j, LaplaceMethod.toJava(Some(method)), classWeights.map(_.toArray).orNull))
  /** How the covariances were computed; None if the model has none. */
  def laplaceMethod: Option[LaplaceMethod] = LaplaceMethod.fromJava(j.laplaceMethod)
  /** The K×K Laplace covariance of a feature's K weights (`cov(r)(c)`, symmetric); throws without covariances. */
  def covariance(featureId: Int): IndexedSeq[IndexedSeq[Double]] = j.covariance(featureId).toIndexedSeq.map(_.toIndexedSeq)
  /** The K×K covariance of the intercepts (sum-to-zero gauge). */
  def interceptCovariance: IndexedSeq[IndexedSeq[Double]] = j.interceptCovariance.toIndexedSeq.map(_.toIndexedSeq)
  /** MacKay's moderated probabilities of one row (give each id once) and its logit variances. */
  def predictModerated(row: Seq[(Int, Double)]): Moderated = {
    val p = new Array[Double](classes)
    val v = new Array[Double](classes)
    j.predictModerated(row.iterator.map(_._1).toArray, row.iterator.map(_._2).toArray, p, v)
    Moderated(p.toIndexedSeq, v.toIndexedSeq)
  }
  /** Moderated probabilities of CSR rows into `proba` (and the logit variances into `logitVar`), one native call. */
  def predictModeratedBatch(indptr: Array[Int], indices: Array[Int], values: Array[Double], proba: Array[Double],
      logitVar: Option[Array[Double]] = None): Unit =
    j.predictModeratedBatch(indptr, indices, values, proba, logitVar.orNull)
  /** The Monte Carlo predictive of one row: mean drawn probabilities and central intervals; advances `rng`. */
  def predictMc(row: Seq[(Int, Double)], rng: Rng, options: McOptions = McOptions()): McPrediction = {
    val (m, lo, hi) = (new Array[Double](classes), new Array[Double](classes), new Array[Double](classes))
    j.predictMc(row.iterator.map(_._1).toArray, row.iterator.map(_._2).toArray, rng.j, options.toJava, m, lo, hi)
    McPrediction(m.toIndexedSeq, lo.indices.map(i => Interval(lo(i), hi(i))))
  }
  override def close(): Unit = j.close()
}

object LogisticModel {
  private[scaladsl] def wrap(j: JLogisticModel): LogisticModel = new LogisticModel(j)
  def train(data: LogisticData, options: TrainOptions = TrainOptions(), classWeights: Option[Seq[Double]] = None): LogisticModel =
    new LogisticModel(JLogisticModel.train(data.j, options.toJava, classWeights.map(_.toArray).orNull))
  def load(path: Path): LogisticModel = new LogisticModel(JLogisticModel.load(path))
  def fromBytes(bytes: Array[Byte]): Either[BayeskitException, LogisticModel] =
    attempt(new LogisticModel(JLogisticModel.fromBytes(bytes)))
}
