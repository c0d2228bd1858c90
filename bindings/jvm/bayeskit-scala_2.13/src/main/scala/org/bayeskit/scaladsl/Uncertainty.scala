package org.bayeskit.scaladsl

import org.bayeskit.{LogisticPath => JLogisticPath, McOptions => JMcOptions, PathOptions => JPathOptions}

/** Options of [[LogisticModel.predictMc]] (the library's defaults; checked by the library: draws ≥ 2, level in (0, 1)). */
final case class McOptions(draws: Long = NativeDefaults.mc.draws, level: Double = NativeDefaults.mc.level) {
  private[scaladsl] def toJava = new JMcOptions(draws, level)
}

/** Moderated class probabilities and the K logit variances of a row. */
final case class Moderated(proba: IndexedSeq[Double], logitVariance: IndexedSeq[Double])

/** A Monte Carlo predictive: per class the mean drawn probability and the central interval. */
final case class McPrediction(mean: IndexedSeq[Double], interval: IndexedSeq[Interval])

/** k-fold stratified cross-validation over a path: `folds` ≥ 2 (the library has no default number of folds: by
  * default a path is not cross-validated), the seed and the choice the library's defaults.
  */
final case class CrossValidation(folds: Int, seed: Long = NativeDefaults.path.seed,
    choice: CvChoice = CvChoice.fromJava(NativeDefaults.path.choice))

/** The λ values of a path: a geometric grid from λ_max down, or explicit strictly decreasing values. */
sealed trait Lambdas extends Product with Serializable
object Lambdas {
  /** `n` values from λ_max to λ_max·minRatio; `earlyStop` ends it once the training loss stops improving. */
  final case class Grid(n: Int = NativeDefaults.path.nLambdas, minRatio: Double = NativeDefaults.path.minRatio,
      earlyStop: Boolean = NativeDefaults.path.earlyStop) extends Lambdas
  final case class Explicit(values: Seq[Double]) extends Lambdas
}

/** Options of [[LogisticPath.fit]]: the λ values and, optionally, cross-validation (the library's defaults: the grid,
  * no cross-validation).
  */
final case class PathOptions(lambdas: Lambdas = NativeDefaults.lambdas, cv: Option[CrossValidation] = NativeDefaults.crossValidation) {
  private[scaladsl] def toJava: JPathOptions = {
    val base = lambdas match {
      case Lambdas.Grid(n, r, stop) => JPathOptions.defaults().withGrid(n, r).withEarlyStop(stop)
      case Lambdas.Explicit(vs)     => JPathOptions.defaults().withLambdas(vs.toArray: _*)
    }
    cv.fold(base)(c => base.withCv(c.folds, c.seed, c.choice.toJava))
  }
}

/** The mean held-out log-loss over the folds and its standard error. */
final case class CvLoss(mean: Double, se: Double)

/** One fit of a path; `cv` is None for a path fitted without cross-validation; `gap` is the
  * relative duality gap (F − D)/F, an upper bound on the fit's relative suboptimality. */
final case class PathStep(lambda: Double, loss: Double, objective: Double, nnz: Long, iterations: Long, converged: Boolean,
    cv: Option[CvLoss], gap: Double)

/** The outcome of cross-validation (indices are step indices). */
final case class CvSummary(folds: Int, seed: Long, best: Int, oneSe: Int, chosen: Int, choice: CvChoice)

/** The regularisation path of a data set, optionally cross-validated (immutable; close it).
  *
  * {{{
  * Using.Manager { use =>
  *   val path  = use(LogisticPath.fit(data, path = PathOptions(cv = Some(CrossValidation(folds = 5, seed = 42)))))
  *   val model = use(path.chosenModel.get)            // with Laplace covariances
  *   model.predictModerated(Seq(3 -> 1.0, 7 -> 2.0))
  * }
  * }}}
  */
final class LogisticPath private (j: JLogisticPath) extends AutoCloseable {
  val lambdaMax: Double = j.lambdaMax
  val stoppedEarly: Boolean = j.stoppedEarly
  val steps: IndexedSeq[PathStep] = IndexedSeq.tabulate(j.size) { i =>
    val s = j.step(i)
    PathStep(s.lambda, s.loss, s.objective, s.nnz, s.iterations, s.converged,
      if (s.cvMean.isNaN && s.cvSe.isNaN) None else Some(CvLoss(s.cvMean, s.cvSe)), s.gap)
  }
  val cv: Option[CvSummary] = {
    val c = j.cv
    if (c.isPresent) {
      val s = c.get
      Some(CvSummary(s.folds, s.seed, s.best, s.oneSe, s.chosen, CvChoice.fromJava(s.choice)))
    } else None
  }
  /** A new handle to step i's model (the caller closes it; it outlives the path). */
  def model(i: Int): LogisticModel = LogisticModel.wrap(j.model(i))
  /** The held-out log-loss of every fold at step i; None without cross-validation. */
  def foldLosses(i: Int): Option[IndexedSeq[Double]] = cv.map(_ => j.foldLosses(i).toIndexedSeq)
  /** The cross-validated model (a new handle, with Laplace covariances); None without cross-validation. */
  def chosenModel: Option[LogisticModel] = cv.map(_ => LogisticModel.wrap(j.chosenModel))
  override def close(): Unit = j.close()
}

object LogisticPath {
  /** Fits the path; `options.lambda` is ignored, `options.laplace` sets the covariances of the models. */
  def fit(data: LogisticData, options: TrainOptions = TrainOptions(), path: PathOptions = PathOptions(),
      classWeights: Option[Seq[Double]] = None): LogisticPath =
    new LogisticPath(JLogisticPath.fit(data.j, options.toJava, path.toJava, classWeights.map(_.toArray).orNull))
}
