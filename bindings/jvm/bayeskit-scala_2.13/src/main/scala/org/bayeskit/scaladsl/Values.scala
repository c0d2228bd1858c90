package org.bayeskit.scaladsl

import scala.jdk.CollectionConverters._

import org.bayeskit.{Beta => JBeta, Gamma => JGamma, NormalGamma => JNormalGamma, NormalKnownVar => JNormalKnownVar, Dirichlet => JDirichlet,
  NormalPosterior => JNormalPosterior, RatePosterior => JRatePosterior}

/** A credible interval `[lo, hi]`. */
final case class Interval(lo: Double, hi: Double) {
  def width: Double = hi - lo
  def contains(x: Double): Boolean = lo <= x && x <= hi
}

/** How a comparison was computed, and how well.
  *
  * @param work density evaluations (quadrature), draws per arm (Monte Carlo), 0 (closed form)
  * @param errorEstimate for quadrature absolute for probabilities and relative to the posterior means for
  *   expected losses; for Monte Carlo the standard error of P(B > A); 0 for closed forms
  */
final case class MethodReport(method: ComparisonMethod, work: Long, errorEstimate: Double)

/** Arm B against arm A: P(θ_B > θ_A), the expected loss of choosing A or B, and how they were computed. */
final case class Comparison(probBGreater: Double, expectedLossA: Double, expectedLossB: Double, method: MethodReport)

/** An A/B read-out: [[Comparison]] plus the lift θ_B/θ_A − 1's median and interval. The comparison's
  * `method` (also [[method]]) covers the whole read-out: the comparison and the lift quantiles.
  */
final case class CompareSummary(comparison: Comparison, liftMedian: Double, lift: Interval) {
  /** How the comparison and the lift were computed (work and error over all of them). */
  def method: MethodReport = comparison.method
}

/** P(arm i has the largest rate) for each arm, in the arms' order, and how they were computed. */
final case class ProbBest(probabilities: IndexedSeq[Double], method: MethodReport)

object ProbBest {
  /** The most arms one call takes. */
  val MaxArms: Int = org.bayeskit.ProbBest.MAX_ARMS
}

private object Convert {
  def method(m: org.bayeskit.MethodReport): MethodReport =
    MethodReport(ComparisonMethod.fromJava(m.method), m.work, m.errorEstimate)
  def comparison(c: org.bayeskit.Comparison): Comparison =
    Comparison(c.probBGreater, c.expectedLossA, c.expectedLossB, method(c.method))
  def summary(s: org.bayeskit.CompareSummary): CompareSummary =
    CompareSummary(Comparison(s.probBGreater, s.expectedLossA, s.expectedLossB, method(s.method)), s.liftMedian,
      interval(s.lift))
  def probBest(p: org.bayeskit.ProbBest): ProbBest = ProbBest(p.probabilities.toIndexedSeq, method(p.method))
  def option(f: => Double): Option[Double] = attempt(f).toOption
}

/** What [[Beta]] and [[Gamma]] share (Java's `org.bayeskit.RatePosterior`): moments, quantiles, intervals, draws
  * and the comparison of two arms of one family.
  */
sealed trait RatePosterior[S <: RatePosterior[S, J], J <: JRatePosterior[J]] {
  private[scaladsl] def j: J

  def mean: Double = j.mean
  def variance: Double = j.variance
  def cdf(x: Double): Double = j.cdf(x)
  def quantile(p: Double): Double = j.quantile(p)
  def interval(level: Double): Interval = org.bayeskit.scaladsl.interval(j.interval(level))
  def sample(rng: Rng, n: Int): Array[Double] = j.sample(rng.j, n)
  /** `b` (arm B) against this (arm A), exactly. */
  def compare(b: S): Comparison = Convert.comparison(j.compare(b.j))
  def compareMonteCarlo(b: S, draws: Long, rng: Rng): Comparison = Convert.comparison(j.compareMonteCarlo(b.j, draws, rng.j))
  def liftQuantile(b: S, p: Double): Double = j.liftQuantile(b.j, p)
  def compareSummary(b: S, level: Double = NativeDefaults.compare.level): CompareSummary =
    Convert.summary(j.compareSummary(b.j, level))
}

/** What [[NormalKnownVar]] and [[NormalGamma]] share (Java's `org.bayeskit.NormalPosterior`). */
sealed trait NormalPosterior[S, J <: JNormalPosterior[J]] {
  private[scaladsl] def j: J
  protected def from(v: J): S

  def update(xs: Seq[Double]): S = from(j.update(xs.toArray))
  def lnPredictive(x: Double): Double = j.lnPredictive(x)
  def lnMarginal(xs: Seq[Double]): Double = j.lnMarginal(xs.toArray)
}

/** An immutable Beta(alpha, beta) posterior of a success rate; construction validates (throws).
  *
  * {{{
  * val p = Beta.uniform.update(successes = 20, failures = 980)
  * p.mean; p.interval(0.95); p.mode   // Option: None when there is no unique mode
  * }}}
  */
final case class Beta(alpha: Double, beta: Double) extends RatePosterior[Beta, JBeta] {
  private[scaladsl] val j = new JBeta(alpha, beta)

  def update(successes: Double, failures: Double): Beta = Beta.from(j.update(successes, failures))
  def observe(outcomes: Seq[Boolean]): Beta = Beta.from(j.observe(outcomes.toArray))
  /** None when α ≤ 1 and β ≤ 1. */
  def mode: Option[Double] = Convert.option(j.mode)
  def lnPredictive(k: Long, n: Long): Double = j.lnPredictive(k, n)
  def lnMarginal(successes: Double, failures: Double): Double = j.lnMarginal(successes, failures)
}

object Beta {
  val uniform: Beta = Beta(1, 1)
  /** Validates without throwing. */
  def of(alpha: Double, beta: Double): Either[BayeskitException, Beta] = attempt(Beta(alpha, beta))
  /** P(arm i has the largest rate) for 1 to [[ProbBest.MaxArms]] arms (else IllegalArgumentException). */
  def probBest(arms: Seq[Beta]): ProbBest = Convert.probBest(JBeta.probBest(arms.map(_.j).asJava))
  private def from(j: JBeta): Beta = Beta(j.alpha, j.beta)
}

/** An immutable Gamma(shape, rate) posterior of a Poisson rate. */
final case class Gamma(shape: Double, rate: Double) extends RatePosterior[Gamma, JGamma] {
  private[scaladsl] val j = new JGamma(shape, rate)

  def update(count: Double, exposure: Double): Gamma = Gamma.from(j.update(count, exposure))
  /** Observes `(count, exposure)` pairs. */
  def update(observations: Seq[(Double, Double)]): Gamma =
    Gamma.from(j.update(observations.map(_._1).toArray, observations.map(_._2).toArray))
  def mode: Double = j.mode
  def lnPredictive(k: Long, exposure: Double): Double = j.lnPredictive(k, exposure)
  def lnMarginal(observations: Seq[(Double, Double)]): Double =
    j.lnMarginal(observations.map(_._1).toArray, observations.map(_._2).toArray)
}

object Gamma {
  def of(shape: Double, rate: Double): Either[BayeskitException, Gamma] = attempt(Gamma(shape, rate))
  /** P(arm i has the largest rate) for 1 to [[ProbBest.MaxArms]] arms (else IllegalArgumentException). */
  def probBest(arms: Seq[Gamma]): ProbBest = Convert.probBest(JGamma.probBest(arms.map(_.j).asJava))
  private def from(j: JGamma): Gamma = Gamma(j.shape, j.rate)
}

/** The immutable Normal(mean, sd²) posterior of a mean, with known noise sd. */
final case class NormalKnownVar(mean: Double, sd: Double, noiseSd: Double)
    extends NormalPosterior[NormalKnownVar, JNormalKnownVar] {
  private[scaladsl] val j = new JNormalKnownVar(mean, sd, noiseSd)
  protected def from(v: JNormalKnownVar): NormalKnownVar = NormalKnownVar(v.mean, v.sd, v.noiseSd)

  def updateStats(count: Double, xbar: Double): NormalKnownVar = from(j.updateStats(count, xbar))
  def quantile(p: Double): Double = j.quantile(p)
  def interval(level: Double): Interval = org.bayeskit.scaladsl.interval(j.interval(level))
  def sample(rng: Rng, n: Int): Array[Double] = j.sample(rng.j, n)
}

object NormalKnownVar {
  def of(mean: Double, sd: Double, noiseSd: Double): Either[BayeskitException, NormalKnownVar] =
    attempt(NormalKnownVar(mean, sd, noiseSd))
}

/** The immutable Normal–Gamma posterior of an unknown mean and precision. */
final case class NormalGamma(m: Double, kappa: Double, alpha: Double, beta: Double)
    extends NormalPosterior[NormalGamma, JNormalGamma] {
  private[scaladsl] val j = new JNormalGamma(m, kappa, alpha, beta)
  protected def from(v: JNormalGamma): NormalGamma = NormalGamma(v.m, v.kappa, v.alpha, v.beta)

  def updateStats(count: Double, mean: Double, ss: Double): NormalGamma = from(j.updateStats(count, mean, ss))
  def meanQuantile(p: Double): Double = j.meanQuantile(p)
  def meanInterval(level: Double): Interval = org.bayeskit.scaladsl.interval(j.meanInterval(level))
  /** None for α ≤ 1 (infinite or undefined). */
  def meanVariance: Option[Double] = Convert.option(j.meanVariance)
  /** `n` joint draws of (μ, σ²). */
  def sample(rng: Rng, n: Int): IndexedSeq[(Double, Double)] = {
    val mu = new Array[Double](n)
    val v = new Array[Double](n)
    j.sample(rng.j, mu, v, n)
    mu.toIndexedSeq.zip(v.toIndexedSeq)
  }
}

object NormalGamma {
  def of(m: Double, kappa: Double, alpha: Double, beta: Double): Either[BayeskitException, NormalGamma] =
    attempt(NormalGamma(m, kappa, alpha, beta))
}

/** An immutable Dirichlet posterior over K ≥ 2 category probabilities. */
final case class Dirichlet(alpha: IndexedSeq[Double]) {
  private val j = new JDirichlet(alpha.toArray: _*)

  def categories: Int = alpha.size
  def update(counts: Seq[Double]): Dirichlet = Dirichlet(j.update(counts.toArray).alpha.toIndexedSeq)
  def mean: IndexedSeq[Double] = j.mean.toIndexedSeq
  /** None unless every α > 1. */
  def mode: Option[IndexedSeq[Double]] = attempt(j.mode.toIndexedSeq).toOption
  def variance(category: Int): Double = j.variance(category)
  def quantile(category: Int, p: Double): Double = j.quantile(category, p)
  def interval(category: Int, level: Double): Interval = org.bayeskit.scaladsl.interval(j.interval(category, level))
  def lnPredictive(counts: Seq[Double]): Double = j.lnPredictive(counts.toArray)
  def lnMarginal(counts: Seq[Double]): Double = j.lnMarginal(counts.toArray)
  def sample(rng: Rng): IndexedSeq[Double] = j.sample(rng.j).toIndexedSeq
}

object Dirichlet {
  def apply(first: Double, second: Double, more: Double*): Dirichlet = Dirichlet((first +: second +: more).toIndexedSeq)
  def of(alpha: Seq[Double]): Either[BayeskitException, Dirichlet] = attempt(Dirichlet(alpha.toIndexedSeq))
}
