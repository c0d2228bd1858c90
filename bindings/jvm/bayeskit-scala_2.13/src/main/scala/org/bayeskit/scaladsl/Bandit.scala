package org.bayeskit.scaladsl

import scala.jdk.CollectionConverters._

import org.bayeskit.{Bandit => JBandit, BanditOptions => JBanditOptions, BanditReportOptions => JBanditReportOptions}

/** Options of a [[Bandit]] (the library's defaults). */
final case class BanditOptions(topTwoBeta: Double = NativeDefaults.bandit.topTwoBeta) {
  private[scaladsl] def toJava = new JBanditOptions(topTwoBeta)
}

/** Options of [[Bandit.report]] (the library's defaults). */
final case class BanditReportOptions(
    draws: Long = NativeDefaults.banditReport.draws,
    level: Double = NativeDefaults.banditReport.level
) {
  private[scaladsl] def toJava = new JBanditReportOptions(draws, level)
}

/** Each arm's P(best) and expected loss, the most probably best arm and the value remaining of stopping
  * now (Scott 2015): absolute, and relative to the best arm's value (NaN for Normal–Gamma arms).
  */
final case class BanditReport(
    probBest: IndexedSeq[Double],
    expectedLoss: IndexedSeq[Double],
    best: Int,
    valueRemaining: Double,
    valueRemainingRelative: Double,
    draws: Long,
    probBestMethod: MethodReport
)

/** A Thompson-sampling bandit over Beta, Gamma or Normal–Gamma arms: safe to share between threads (give
  * each its own [[Rng]], e.g. `Rng(seed, stream = threadIndex)`); close it, e.g. with `Using`:
  * {{{
  * Using.resources(Bandit.beta(Beta.uniform, arms = 3), Rng(42)) { (b, rng) =>
  *   val arm = b.choose(rng)
  *   b.update(arm, value = 1, size = 1)
  *   b.report(rng).best
  * }
  * }}}
  */
final class Bandit private (private[scaladsl] val j: JBandit) extends AutoCloseable {
  def arms: Int = j.arms
  /** Thompson sampling: the arm with the largest posterior draw. */
  def choose(rng: Rng): Int = j.choose(rng.j)
  /** Top-two Thompson sampling, for finding the best arm. */
  def chooseTopTwo(rng: Rng): Int = j.chooseTopTwo(rng.j)
  /** `value` successes of `size` trials (Beta), a count over an exposure (Gamma), an observation with
    * size 1 (Normal–Gamma), counted `weight` times.
    */
  def update(arm: Int, value: Double, size: Double, weight: Double): Unit = j.update(arm, value, size, weight)
  /** One observation of weight 1. */
  def update(arm: Int, value: Double, size: Double): Unit = j.update(arm, value, size)
  /** A Bernoulli reward (0 or 1) or a Normal observation: size 1, weight 1. */
  def update(arm: Int, value: Double): Unit = j.update(arm, value, 1)
  /** Many updates at once, all or none: (arm, value, size, weight). */
  def updateBatch(updates: Seq[(Int, Double, Double, Double)]): Unit =
    j.updateBatch(updates.map(_._1).toArray, updates.map(_._2).toArray, updates.map(_._3).toArray,
      updates.map(_._4).toArray)
  /** Exponential forgetting: the observed statistics times `gamma` in (0, 1]. */
  def discount(gamma: Double): Unit = j.discount(gamma)
  def posteriorBeta(arm: Int): Beta = { val p = j.posteriorBeta(arm); Beta(p.alpha, p.beta) }
  def posteriorGamma(arm: Int): Gamma = { val p = j.posteriorGamma(arm); Gamma(p.shape, p.rate) }
  def posteriorNormalGamma(arm: Int): NormalGamma = {
    val p = j.posteriorNormalGamma(arm)
    NormalGamma(p.m, p.kappa, p.alpha, p.beta)
  }
  def report(rng: Rng, options: BanditReportOptions = BanditReportOptions()): BanditReport = {
    val r = j.report(rng.j, options.toJava)
    val s = r.summary
    BanditReport(r.probBest.toIndexedSeq, r.expectedLoss.toIndexedSeq, s.best.toInt, s.valueRemaining,
      s.valueRemainingRelative, s.draws, Convert.method(s.probBestMethod))
  }
  override def close(): Unit = j.close()
}

object Bandit {
  /** `arms` Beta arms, with one prior for all or one per arm. */
  def beta(prior: Beta, arms: Int): Bandit = beta(Seq(prior), arms)
  def beta(priors: Seq[Beta], arms: Int, options: BanditOptions = BanditOptions()): Bandit =
    new Bandit(JBandit.beta(priors.map(_.j).asJava, arms, options.toJava))
  def gamma(prior: Gamma, arms: Int): Bandit = gamma(Seq(prior), arms)
  def gamma(priors: Seq[Gamma], arms: Int, options: BanditOptions = BanditOptions()): Bandit =
    new Bandit(JBandit.gamma(priors.map(_.j).asJava, arms, options.toJava))
  def normalGamma(prior: NormalGamma, arms: Int): Bandit = normalGamma(Seq(prior), arms)
  def normalGamma(priors: Seq[NormalGamma], arms: Int, options: BanditOptions = BanditOptions()): Bandit =
    new Bandit(JBandit.normalGamma(priors.map(_.j).asJava, arms, options.toJava))
}
