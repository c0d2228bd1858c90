package org.bayeskit;

/**
 * Metrics of {@link LogisticModel#evaluate}. Arrays are per class, in the model's class order;
 * {@code confusion[t·K + p]} is the weight of rows of true class t predicted as p. Accessors
 * return copies.
 */
public final class Evaluation {
  private final double logLoss;
  private final double accuracy;
  private final long clipped;
  private final long rows;
  private final double[] confusion;
  private final double[] precision;
  private final double[] recall;

  Evaluation(double logLoss, double accuracy, long clipped, long rows, double[] confusion, double[] precision,
      double[] recall) {
    this.logLoss = logLoss;
    this.accuracy = accuracy;
    this.clipped = clipped;
    this.rows = rows;
    this.confusion = confusion;
    this.precision = precision;
    this.recall = recall;
  }

  /** Weighted mean log-loss, from the logits. */
  public double logLoss() { return logLoss; }

  public double accuracy() { return accuracy; }

  /** Rows whose loss was clipped. */
  public long clipped() { return clipped; }

  public long rows() { return rows; }

  public double[] confusion() { return confusion.clone(); }

  /** NaN where nothing was predicted as the class. */
  public double[] precision() { return precision.clone(); }

  public double[] recall() { return recall.clone(); }
}
