package org.bayeskit;

import java.util.List;

/**
 * A Thompson-sampling bandit over K arms of one family — {@link Beta} (Bernoulli or binomial
 * rewards), {@link Gamma} (Poisson counts with exposure) or {@link NormalGamma} (Normal rewards of
 * unknown mean and variance) — over a native {@code bk_bandit}.
 *
 * <p>Safe to share between threads: the native bandit is internally synchronised (choices and
 * reports share a read lock; updates take a write lock for a few additions), so every method here
 * takes the handle's shared lock; give each thread its own {@link Rng} (e.g. {@code new Rng(seed,
 * threadIndex)}) so that its draws are reproducible. Close it (or use try-with-resources) to free
 * the native memory.
 *
 * <pre>{@code
 * try (Bandit b = Bandit.beta(Beta.uniform(), 3); Rng rng = new Rng(42)) {
 *   int arm = b.choose(rng);
 *   b.update(arm, 1, 1);   // one success of one trial
 *   BanditReport r = b.report(rng);
 * }
 * }</pre>
 */
public final class Bandit extends NativeHandle {
  /** The family of a bandit's arms (the C API's {@code BK_BANDIT_*}). */
  public enum Family {
    BETA,
    GAMMA,
    NORMAL_GAMMA;

    static Family of(int code) {
      return switch (code) {
        case 1 -> BETA;
        case 2 -> GAMMA;
        case 3 -> NORMAL_GAMMA;
        default -> throw new IllegalStateException("bayeskit: unknown bandit family " + code);
      };
    }
  }

  private final int arms;

  private Bandit(long ptr, int arms) {
    super(ptr, Native::banditFree);
    this.arms = arms;
  }

  private static double[] params(List<?> priors, int width) {
    Checks.notNull(priors, "priors");
    double[] p = new double[priors.size() * width];
    for (int i = 0; i < priors.size(); i++) {
      Object o = Checks.notNull(priors.get(i), "prior");
      double[] v;
      if (o instanceof Beta b) {
        v = new double[] {b.alpha(), b.beta()};
      } else if (o instanceof Gamma g) {
        v = new double[] {g.shape(), g.rate()};
      } else if (o instanceof NormalGamma n) {
        v = new double[] {n.m(), n.kappa(), n.alpha(), n.beta()};
      } else {
        throw new IllegalArgumentException("not a prior: " + o);
      }
      System.arraycopy(v, 0, p, i * width, width);
    }
    return p;
  }

  private static void checkK(int k, int priors) {
    if (k < 0) {
      throw new IllegalArgumentException("k must be >= 0, got " + k);
    }
  }

  /** {@code k} Beta arms, each with {@code priors.get(0)} (one prior) or {@code priors.get(i)} (k priors). */
  public static Bandit beta(List<Beta> priors, int k, BanditOptions options) {
    checkK(k, priors.size());
    Checks.notNull(options, "options");
    return new Bandit(Native.banditNewBeta(params(priors, 2), priors.size(), k, options.topTwoBeta()), k);
  }

  /** {@code k} Beta arms with one prior and the default options. */
  public static Bandit beta(Beta prior, int k) {
    return beta(List.of(prior), k, BanditOptions.defaults());
  }

  /** {@code k} Gamma arms (Poisson counts over exposure). */
  public static Bandit gamma(List<Gamma> priors, int k, BanditOptions options) {
    checkK(k, priors.size());
    Checks.notNull(options, "options");
    return new Bandit(Native.banditNewGamma(params(priors, 2), priors.size(), k, options.topTwoBeta()), k);
  }

  /** {@code k} Gamma arms with one prior and the default options. */
  public static Bandit gamma(Gamma prior, int k) {
    return gamma(List.of(prior), k, BanditOptions.defaults());
  }

  /** {@code k} Normal–Gamma arms (Normal rewards; arms compared by their mean). */
  public static Bandit normalGamma(List<NormalGamma> priors, int k, BanditOptions options) {
    checkK(k, priors.size());
    Checks.notNull(options, "options");
    return new Bandit(
        Native.banditNewNormalGamma(params(priors, 4), priors.size(), k, options.topTwoBeta()), k);
  }

  /** {@code k} Normal–Gamma arms with one prior and the default options. */
  public static Bandit normalGamma(NormalGamma prior, int k) {
    return normalGamma(List.of(prior), k, BanditOptions.defaults());
  }

  /** The number of arms. */
  public int arms() {
    return arms;
  }

  /** The family of the arms. */
  public Family family() {
    long h = lockShared();
    try {
      return Family.of(Native.banditFamilyOf(h));
    } finally {
      unlockShared();
    }
  }

  /** Thompson sampling: the arm with the largest posterior draw (draws from {@code rng}). */
  public int choose(Rng rng) {
    long r = rng.lockExclusive();
    try {
      long h = lockShared();
      try {
        return (int) Native.banditChoose(h, r);
      } finally {
        unlockShared();
      }
    } finally {
      rng.unlockExclusive();
    }
  }

  /** Top-two Thompson sampling (Russo 2016), for finding the best arm. */
  public int chooseTopTwo(Rng rng) {
    long r = rng.lockExclusive();
    try {
      long h = lockShared();
      try {
        return (int) Native.banditChooseTopTwo(h, r);
      } finally {
        unlockShared();
      }
    } finally {
      rng.unlockExclusive();
    }
  }

  /**
   * One observation of weight {@code weight} (≥ 0): {@code value} successes of {@code size} trials
   * (Beta), a count over an exposure (Gamma), an observation with size 1 (Normal–Gamma).
   */
  public void update(int arm, double value, double size, double weight) {
    Checks.nonNegative(arm, "arm");
    long h = lockShared();
    try {
      Native.banditUpdate(h, arm, value, size, weight);
    } finally {
      unlockShared();
    }
  }

  /** {@link #update(int, double, double, double)} with weight 1. */
  public void update(int arm, double value, double size) {
    update(arm, value, size, 1);
  }

  /**
   * Many updates at once, all or none (one native call); {@code sizes} and {@code weights} may be
   * null (all 1).
   */
  public void updateBatch(int[] arms, double[] values, double[] sizes, double[] weights) {
    Checks.notNull(arms, "arms");
    Checks.length(values, arms.length, "values");
    if (sizes != null) {
      Checks.length(sizes, arms.length, "sizes");
    }
    if (weights != null) {
      Checks.length(weights, arms.length, "weights");
    }
    long[] a = new long[arms.length];
    for (int i = 0; i < a.length; i++) {
      Checks.nonNegative(arms[i], "arm");
      a[i] = arms[i];
    }
    long h = lockShared();
    try {
      Native.banditUpdateBatch(h, a, values, sizes, weights, a.length);
    } finally {
      unlockShared();
    }
  }

  /** Exponential forgetting: every arm's observed statistics times {@code gamma} in (0, 1]. */
  public void discount(double gamma) {
    long h = lockShared();
    try {
      Native.banditDiscount(h, gamma);
    } finally {
      unlockShared();
    }
  }

  /** The posterior of {@code arm} of a Beta bandit. */
  public Beta posteriorBeta(int arm) {
    Checks.nonNegative(arm, "arm");
    long h = lockShared();
    try {
      return Native.banditPosteriorBeta(h, arm);
    } finally {
      unlockShared();
    }
  }

  /** The posterior of {@code arm} of a Gamma bandit. */
  public Gamma posteriorGamma(int arm) {
    Checks.nonNegative(arm, "arm");
    long h = lockShared();
    try {
      return Native.banditPosteriorGamma(h, arm);
    } finally {
      unlockShared();
    }
  }

  /** The posterior of {@code arm} of a Normal–Gamma bandit. */
  public NormalGamma posteriorNormalGamma(int arm) {
    Checks.nonNegative(arm, "arm");
    long h = lockShared();
    try {
      return Native.banditPosteriorNormalGamma(h, arm);
    } finally {
      unlockShared();
    }
  }

  /** Each arm's P(best) and expected loss, and the value remaining (Scott 2015). */
  public BanditReport report(Rng rng, BanditReportOptions options) {
    Checks.notNull(options, "options");
    double[] p = new double[arms];
    double[] l = new double[arms];
    long r = rng.lockExclusive();
    try {
      long h = lockShared();
      try {
        BanditSummary s = Native.banditReport(h, r, options.draws(), options.level(), p, l, arms);
        return new BanditReport(p, l, s);
      } finally {
        unlockShared();
      }
    } finally {
      rng.unlockExclusive();
    }
  }

  /** {@link #report(Rng, BanditReportOptions)} with the default options. */
  public BanditReport report(Rng rng) {
    return report(rng, BanditReportOptions.defaults());
  }
}
