package org.bayeskit;

/**
 * The result of a Dirichlet–multinomial fit: immutable, with everything copied out of the native
 * result. Read {@link #outcome()} before using the rest. Array accessors return copies.
 */
public final class DmFit {
  private final DmFitSummary summary;
  private final double[] alpha;
  private final double[] mean;
  private final double[] stdErrors;
  private final boolean[] dropped;

  DmFit(DmFitSummary summary, double[] alpha, double[] mean, double[] stdErrors, boolean[] dropped) {
    this.summary = summary;
    this.alpha = alpha;
    this.mean = mean;
    this.stdErrors = stdErrors;
    this.dropped = dropped;
  }

  public DmOutcome outcome() { return summary.outcome(); }

  /** α (0 for a dropped category; +∞ or NaN for the degenerate outcomes). */
  public double[] alpha() { return alpha.clone(); }

  /** The mean proportions α_k / A. */
  public double[] mean() { return mean.clone(); }

  /** Standard errors of α_k (NaN unless converged). */
  public double[] stdErrors() { return stdErrors.clone(); }

  /** Which categories were dropped (no counts, with dropEmpty). */
  public boolean[] dropped() { return dropped.clone(); }

  /** A = Σα. */
  public double alphaSum() { return summary.alphaSum(); }

  /** θ = 1/(1 + A). */
  public double theta() { return summary.theta(); }

  public double loglik() { return summary.loglik(); }

  public double loglikMultinomial() { return summary.loglikMultinomial(); }

  /** 2·(loglik − loglikMultinomial). */
  public double lrStat() { return summary.lrStat(); }

  public double lrPValue() { return summary.lrPValue(); }

  public double aic() { return summary.aic(); }

  public double bic() { return summary.bic(); }

  public long iterations() { return summary.iterations(); }

  public double gradNorm() { return summary.gradNorm(); }

  /** Total weight of the rows with a non-zero total. */
  public double weight() { return summary.weight(); }

  /**
   * The fitted prior, for scoring rows; the caller closes it.
   *
   * @throws IllegalStateException unless the outcome is {@link DmOutcome#CONVERGED} and no category was dropped
   */
  public DmPrior prior() {
    if (summary.outcome() != DmOutcome.CONVERGED) {
      throw new IllegalStateException("the fit's outcome is " + summary.outcome() + ", not CONVERGED: its α is no prior");
    }
    for (boolean d : dropped) {
      if (d) {
        throw new IllegalStateException("the fit dropped a category (α = 0): its α is no prior");
      }
    }
    return new DmPrior(alpha);
  }
}
