package org.bayeskit

import scala.util.control.NonFatal

/** The Scala API of bayeskit: immutable case classes for the conjugate posteriors and
  * `AutoCloseable` resources (usable with `scala.util.Using`) over the Java binding.
  *
  * {{{
  * import org.bayeskit.scaladsl._
  * val a = Beta.uniform.update(20, 980)
  * val b = Beta.uniform.update(30, 970)
  * val Interval(lo, hi) = b.interval(0.95)
  * val pBetter = a.compare(b).probBGreater
  * }}}
  *
  * Invalid arguments throw [[org.bayeskit.BayeskitException]] (carrying a [[org.bayeskit.Status]]);
  * the `of` constructors return `Either` instead.
  */
package object scaladsl {

  /** The failure type of the `Either`-returning variants. */
  type BayeskitException = org.bayeskit.BayeskitException

  /** The status of a failure. */
  type Status = org.bayeskit.Status

  /** Runs `f`, turning a [[BayeskitException]] into a `Left`. */
  private[scaladsl] def attempt[A](f: => A): Either[BayeskitException, A] =
    try Right(f)
    catch {
      case e: org.bayeskit.BayeskitException => Left(e)
      case NonFatal(e)                       => throw e
    }

  private[scaladsl] def interval(i: org.bayeskit.Interval): Interval = Interval(i.lo, i.hi)
}
