package org.bayeskit;

/** How a model was trained and how training ended ({@code converged} false: the passes ran out first). */
public record TrainingInfo(double lambda, double l1Ratio, double objective, double gradNorm, double tol, long rows,
    long iterations, boolean converged) {}
