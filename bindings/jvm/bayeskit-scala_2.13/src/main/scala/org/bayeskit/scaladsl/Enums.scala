package org.bayeskit.scaladsl

import org.bayeskit.{ComparisonMethod => JComparisonMethod, CvChoice => JCvChoice, DmOutcome => JDmOutcome, IdBase => JIdBase, Laplace => JLaplace}

/** How a Dirichlet–multinomial fit ended. */
sealed trait DmOutcome extends Product with Serializable
object DmOutcome {
  /** α is a finite (local) maximum. */
  case object Converged extends DmOutcome
  /** No over-dispersion: α and A are +∞, the mean holds the multinomial proportions. */
  case object NoOverdispersion extends DmOutcome
  /** No row has a total ≥ 2 (or fewer than two categories were observed): α is NaN. */
  case object NotIdentifiable extends DmOutcome
  /** The iteration limit was reached first: α is the last iterate. */
  case object NotConverged extends DmOutcome

  val values: IndexedSeq[DmOutcome] = IndexedSeq(Converged, NoOverdispersion, NotIdentifiable, NotConverged)

  private[scaladsl] def fromJava(o: JDmOutcome): DmOutcome = o match {
    case JDmOutcome.CONVERGED         => Converged
    case JDmOutcome.NO_OVERDISPERSION => NoOverdispersion
    case JDmOutcome.NOT_IDENTIFIABLE  => NotIdentifiable
    case JDmOutcome.NOT_CONVERGED     => NotConverged
  }
}

/** How the feature ids of a svmlight file are numbered. */
sealed trait IdBase extends Product with Serializable {
  private[scaladsl] def toJava: JIdBase = this match {
    case IdBase.Zero => JIdBase.ZERO
    case IdBase.One  => JIdBase.ONE
    case IdBase.Auto => JIdBase.AUTO
  }
}
object IdBase {
  /** The first feature is id 0. */
  case object Zero extends IdBase
  /** The first feature is id 1 (libsvm's convention, the default). */
  case object One extends IdBase
  /** 0-based if any id in the file is 0, else 1-based (scikit-learn's zero_based="auto"). */
  case object Auto extends IdBase

  val values: IndexedSeq[IdBase] = IndexedSeq(Zero, One, Auto)

  private[scaladsl] def fromJava(b: JIdBase): IdBase = b match {
    case JIdBase.ZERO => Zero
    case JIdBase.ONE  => One
    case JIdBase.AUTO => Auto
  }
}

/** How a model's Laplace covariances are computed (absence is `None` where it can happen). */
sealed trait LaplaceMethod extends Product with Serializable
object LaplaceMethod {
  /** Per-feature K×K blocks of the Hessian: one pass over the data, any number of features (the default). */
  case object Blocks extends LaplaceMethod
  /** The exact dense inverse over the active weights (up to 3000 parameters). */
  case object Full extends LaplaceMethod

  val values: IndexedSeq[LaplaceMethod] = IndexedSeq(Blocks, Full)

  private[scaladsl] def toJava(m: Option[LaplaceMethod]): JLaplace = m match {
    case None         => JLaplace.NONE
    case Some(Blocks) => JLaplace.BLOCKS
    case Some(Full)   => JLaplace.FULL
  }

  private[scaladsl] def fromJava(m: JLaplace): Option[LaplaceMethod] = m match {
    case JLaplace.NONE   => None
    case JLaplace.BLOCKS => Some(Blocks)
    case JLaplace.FULL   => Some(Full)
  }
}

/** Which λ cross-validation picks. */
sealed trait CvChoice extends Product with Serializable {
  private[scaladsl] def toJava: JCvChoice = this match {
    case CvChoice.Min   => JCvChoice.MIN
    case CvChoice.OneSe => JCvChoice.ONE_SE
  }
}
object CvChoice {
  /** The λ with the smallest mean held-out log-loss. */
  case object Min extends CvChoice
  /** The largest λ within one standard error of the best (a sparser model). */
  case object OneSe extends CvChoice

  val values: IndexedSeq[CvChoice] = IndexedSeq(Min, OneSe)

  private[scaladsl] def fromJava(c: JCvChoice): CvChoice = c match {
    case JCvChoice.MIN    => Min
    case JCvChoice.ONE_SE => OneSe
  }
}

/** How a comparison was computed. */
sealed trait ComparisonMethod extends Product with Serializable
object ComparisonMethod {
  /** Closed forms in the regularised incomplete beta function (Gamma arms with small shapes). */
  case object ClosedForm extends ComparisonMethod
  /** Quadrature in the posteriors' chart variables; the work is the density evaluations. */
  case object Quadrature extends ComparisonMethod
  /** Seeded Monte Carlo; the work is the draws per arm. */
  case object MonteCarlo extends ComparisonMethod

  val values: IndexedSeq[ComparisonMethod] = IndexedSeq(ClosedForm, Quadrature, MonteCarlo)

  private[scaladsl] def fromJava(m: JComparisonMethod): ComparisonMethod = m match {
    case JComparisonMethod.CLOSED_FORM => ClosedForm
    case JComparisonMethod.QUADRATURE  => Quadrature
    case JComparisonMethod.MONTE_CARLO => MonteCarlo
  }
}
