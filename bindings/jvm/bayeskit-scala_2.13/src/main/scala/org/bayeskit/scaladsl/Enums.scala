package org.bayeskit.scaladsl

import org.bayeskit.{DmOutcome => JDmOutcome, IdBase => JIdBase}

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
}
