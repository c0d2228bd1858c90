package org.bayeskit;

/**
 * What the posteriors of a normal mean share — {@link NormalKnownVar} (a known noise) and
 * {@link NormalGamma} (an unknown precision): updating with observations, the predictive density
 * of one more, and the marginal likelihood of a sample. Each method is its family's C function
 * ({@code bk_normal_known_var_update_batch}, {@code bk_normal_gamma_update_batch}, …), bit for bit.
 *
 * @param <T> the family
 */
public sealed interface NormalPosterior<T extends NormalPosterior<T>> permits NormalKnownVar, NormalGamma {
  /** Observes values. */
  default T update(double[] xs) {
    Checks.notNull(xs, "xs");
    return natives().updateBatch().apply(self(), xs, xs.length);
  }

  /** Posterior predictive log density of one new observation. */
  default double lnPredictive(double x) {
    return natives().lnPredictive().apply(self(), x);
  }

  /** Log marginal likelihood of {@code xs}, this as prior. */
  default double lnMarginal(double[] xs) {
    Checks.notNull(xs, "xs");
    return natives().lnMarginal().apply(self(), xs, xs.length);
  }

  private Families.Normal<T> natives() {
    return Families.of(this);
  }

  @SuppressWarnings("unchecked")
  private T self() {
    return (T) this;
  }
}
