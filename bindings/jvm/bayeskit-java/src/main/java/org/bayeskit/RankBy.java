package org.bayeskit;

/** What {@link DmPrior#scoreRows} ranks rows by. */
public enum RankBy {
  /** The posterior mean of the category. */
  MEAN,
  /** The lower end of the category's equal-tailed credible interval (needs a high rate and enough evidence). */
  LOWER
}
