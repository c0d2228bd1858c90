package org.bayeskit.scaladsl

import org.bayeskit.{AlwaysValid => JAlwaysValid, PriorFitOptions => JPriorFitOptions, Priors => JPriors}

/** Options of the prior fits; the defaults are the native library's. */
final case class PriorFitOptions(maxIter: Int = NativeDefaults.priorFit.maxIter, tol: Double = NativeDefaults.priorFit.tol) {
  private[scaladsl] def toJava = new JPriorFitOptions(maxIter, tol)
}

/** A prior fitted from past experiments: the outcome, the prior when there is a finite one, and the
  * fit's statistics.
  */
final case class PriorFit[P](
    outcome: DmOutcome,
    prior: Option[P],
    stdErrors: (Double, Double),
    loglik: Double,
    loglikLimit: Double,
    lrStat: Double,
    lrPvalue: Double,
    iterations: Long,
    rows: Long
)

/** Priors fitted from past experiments by maximum likelihood.
  * {{{
  * val fit = Priors.beta(Seq(12L, 30L, 7L, 45L), Seq(400L, 700L, 350L, 900L))
  * val prior = fit.prior.getOrElse(Beta.uniform)
  * }}}
  */
object Priors {

  /** A Beta prior from (successes, trials) per past experiment or arm (beta-binomial). */
  def beta(successes: Seq[Long], trials: Seq[Long], options: PriorFitOptions = PriorFitOptions()): PriorFit[Beta] = {
    val f = JPriors.fitBeta(successes.toArray, trials.toArray, options.toJava)
    val o = DmOutcome.fromJava(f.outcome)
    PriorFit(o, Option.when(o == DmOutcome.Converged)(Beta(f.alpha, f.beta)), (f.alphaStdError, f.betaStdError),
      f.loglik, f.loglikLimit, f.lrStat, f.lrPvalue, f.iterations, f.rows)
  }

  /** A Gamma prior from (count, exposure) pairs (gamma–Poisson). */
  def gamma(counts: Seq[Long], exposures: Seq[Double], options: PriorFitOptions = PriorFitOptions()): PriorFit[Gamma] = {
    val f = JPriors.fitGamma(counts.toArray, exposures.toArray, options.toJava)
    val o = DmOutcome.fromJava(f.outcome)
    PriorFit(o, Option.when(o == DmOutcome.Converged)(Gamma(f.shape, f.rate)), (f.shapeStdError, f.rateStdError),
      f.loglik, f.loglikLimit, f.lrStat, f.lrPvalue, f.iterations, f.rows)
  }
}

/** One look of an [[AlwaysValid]] test. */
final case class Look(reject: Boolean, estimate: Double, stdError: Double, pValue: Double, lower: Double, upper: Double)

/** The always-valid mSPRT of two proportions or two Poisson rates: its p-value may be checked at
  * every look. Close it, e.g. with `Using`.
  * {{{
  * Using.resource(AlwaysValid.proportions())(t => t.look((40, 2000), (62, 2000)).reject)
  * }}}
  */
final class AlwaysValid private (j: JAlwaysValid) extends AutoCloseable {

  /** The next look from the cumulative (successes, trials) — or (count, exposure) — of each arm. */
  def look(a: (Double, Double), b: (Double, Double)): Look = {
    val l = j.look(a._1, a._2, b._1, b._2)
    Look(l.reject, l.estimate, l.stdError, l.pValue, l.lower, l.upper)
  }
  override def close(): Unit = j.close()
}

object AlwaysValid {

  /** p_B − p_A; without arguments the library's default α and mixing sd. */
  def proportions(): AlwaysValid = new AlwaysValid(JAlwaysValid.proportions())
  def proportions(alpha: Double, mixingSd: Double): AlwaysValid = new AlwaysValid(JAlwaysValid.proportions(alpha, mixingSd))

  /** ln(λ_B/λ_A); without arguments the library's default α and mixing sd. */
  def rates(): AlwaysValid = new AlwaysValid(JAlwaysValid.rates())
  def rates(alpha: Double, mixingSd: Double): AlwaysValid = new AlwaysValid(JAlwaysValid.rates(alpha, mixingSd))

  /** ln BF₁₀ of "A and B differ" against "equal", binomial (successes, trials) per arm. */
  def bayesFactor(prior: Beta, a: (Long, Long), b: (Long, Long)): Double =
    JAlwaysValid.bayesFactor(prior.j, a._1, a._2, b._1, b._2)

  /** ln BF₁₀ of "A and B differ" against "equal", Poisson (count, exposure) per arm. */
  def bayesFactor(prior: Gamma, a: (Long, Double), b: (Long, Double)): Double =
    JAlwaysValid.bayesFactor(prior.j, a._1, a._2, b._1, b._2)
}
