package org.bayeskit;

/**
 * The result of a Dirichlet–multinomial fit: immutable, with everything copied out of the native
 * result. Read {@link #outcome()} before using the rest. Array accessors return copies.
 */
public final class DmFit {
  private final DmOutcome outcome;
  private final double[] alpha;
  private final double[] mean;
  private final double[] stdErrors;
  private final boolean[] dropped;
  private final double alphaSum;
  private final double theta;
  private final double loglik;
  private final double loglikMultinomial;
  private final double lrStat;
  private final double lrPValue;
  private final double aic;
  private final double bic;
  private final long iterations;
  private final double gradNorm;
  private final double weight;

  DmFit(DmOutcome outcome, double[] alpha, double[] mean, double[] stdErrors, boolean[] dropped, double alphaSum,
      double theta, double loglik, double loglikMultinomial, double lrStat, double lrPValue, double aic, double bic,
      long iterations, double gradNorm, double weight) {
    this.outcome = outcome;
    this.alpha = alpha;
    this.mean = mean;
    this.stdErrors = stdErrors;
    this.dropped = dropped;
    this.alphaSum = alphaSum;
    this.theta = theta;
    this.loglik = loglik;
    this.loglikMultinomial = loglikMultinomial;
    this.lrStat = lrStat;
    this.lrPValue = lrPValue;
    this.aic = aic;
    this.bic = bic;
    this.iterations = iterations;
    this.gradNorm = gradNorm;
    this.weight = weight;
  }

  public DmOutcome outcome() { return outcome; }

  /** α (0 for a dropped category; +∞ or NaN for the degenerate outcomes). */
  public double[] alpha() { return alpha.clone(); }

  /** The mean proportions α_k / A. */
  public double[] mean() { return mean.clone(); }

  /** Standard errors of α_k (NaN unless converged). */
  public double[] stdErrors() { return stdErrors.clone(); }

  /** Which categories were dropped (no counts, with dropEmpty). */
  public boolean[] dropped() { return dropped.clone(); }

  /** A = Σα. */
  public double alphaSum() { return alphaSum; }

  /** θ = 1/(1 + A). */
  public double theta() { return theta; }

  public double loglik() { return loglik; }

  public double loglikMultinomial() { return loglikMultinomial; }

  /** 2·(loglik − loglikMultinomial). */
  public double lrStat() { return lrStat; }

  public double lrPValue() { return lrPValue; }

  public double aic() { return aic; }

  public double bic() { return bic; }

  public long iterations() { return iterations; }

  public double gradNorm() { return gradNorm; }

  /** Total weight of the rows with a non-zero total. */
  public double weight() { return weight; }

  /**
   * The fitted prior, for scoring rows; the caller closes it.
   *
   * @throws IllegalStateException unless the outcome is {@link DmOutcome#CONVERGED} and no category was dropped
   */
  public DmPrior prior() {
    if (outcome != DmOutcome.CONVERGED) {
      throw new IllegalStateException("the fit's outcome is " + outcome + ", not CONVERGED: its α is no prior");
    }
    for (boolean d : dropped) {
      if (d) {
        throw new IllegalStateException("the fit dropped a category (α = 0): its α is no prior");
      }
    }
    return new DmPrior(alpha);
  }
}
