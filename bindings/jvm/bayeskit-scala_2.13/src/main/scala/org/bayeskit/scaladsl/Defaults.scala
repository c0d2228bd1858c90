package org.bayeskit.scaladsl

import org.bayeskit.{BanditOptions => JBanditOptions, BanditReportOptions => JBanditReportOptions, CompareOptions => JCompareOptions, DmFitOptions => JDmFitOptions, McOptions => JMcOptions, PathOptions => JPathOptions, ReadOptions => JReadOptions, TrainOptions => JTrainOptions}

/** The library's option defaults as the Java records' `defaults()` fetch them from native code (where the core's
  * `Default`s state them), each fetched once. Every default argument of this API's options comes from here, so
  * Scala states no default value (a Rust test in capi/src/defaults_tests.rs checks the sources).
  */
private[scaladsl] object NativeDefaults {
  lazy val compare: JCompareOptions = JCompareOptions.defaults()
  lazy val dmFit: JDmFitOptions = JDmFitOptions.defaults()
  lazy val priorFit: org.bayeskit.PriorFitOptions = org.bayeskit.PriorFitOptions.defaults()
  lazy val read: JReadOptions = JReadOptions.defaults()
  lazy val train: JTrainOptions = JTrainOptions.defaults()
  lazy val mc: JMcOptions = JMcOptions.defaults()
  lazy val path: JPathOptions = JPathOptions.defaults()
  lazy val bandit: JBanditOptions = JBanditOptions.defaults()
  lazy val banditReport: JBanditReportOptions = JBanditReportOptions.defaults()

  /** The readers' hashing: None for a dictionary (hash bits 0 in C). */
  def hashBits: Option[Int] = Some(read.hashBits).filter(_ != 0)

  /** The λ values of a path: the grid, unless the defaults hold explicit values. */
  def lambdas: Lambdas = Option(path.lambdas).fold[Lambdas](Lambdas.Grid())(vs => Lambdas.Explicit(vs.toSeq))

  /** Cross-validation of a path: None when the defaults ask for none (0 folds in C). */
  def crossValidation: Option[CrossValidation] =
    if (path.folds == 0) None else Some(CrossValidation(path.folds, path.seed, CvChoice.fromJava(path.choice)))
}
