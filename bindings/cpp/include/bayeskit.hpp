/**
 * \file bayeskit.hpp
 * \brief Header-only C++17 binding of the bayeskit C API (`bayeskit.h`).
 *
 * Everything here calls only the public C API; nothing is compiled into the
 * library for C++. The rules of the C API (docs/c-api.md) carry over:
 *
 * - Every failure throws bayeskit::Error, which carries the C `bk_status`
 *   and the library's message. Results are written only on success, so an
 *   object that a throwing call was updating is left as it was.
 * - Plain values (Beta, Gamma, NormalKnownVar, NormalGamma) are copyable
 *   value types over the C structs; handles (Rng, Hypotheses, Dirichlet,
 *   DmStats, DmResult, DmPrior, LogisticData, LogisticModel, LogisticPath) are RAII,
 *   move-only owners of one C handle.
 *   A moved-from handle owns nothing; using it throws an Error with
 *   `BK_ERR_NULL_POINTER` instead of crashing.
 * - Arrays are passed as bayeskit::Span: a pointer and a size, built
 *   implicitly from a `std::vector`, a `std::array`, a C array, any other
 *   contiguous container with `data()` and `size()`, or (for read-only
 *   inputs) a braced list.
 * - Calls that write into a caller's Span allocate nothing in this layer;
 *   the overloads that return a `std::vector` allocate that vector and are
 *   meant for convenience, not hot paths.
 * - Thread safety is the C API's: DmResult, DmPrior, LogisticData and
 *   LogisticModel are immutable (all their calls are `const`) and may be
 *   shared; `const` calls of the other handles may run concurrently; Rng,
 *   Hypotheses, Dirichlet updates and DmStats updates need one thread at a
 *   time.
 *
 * Requires C++17. Link with the bayeskit library (CMake:
 * `find_package(bayeskit CONFIG REQUIRED)` and `bayeskit::bayeskit`;
 * pkg-config: `pkg-config --cflags --libs bayeskit`).
 *
 * Covered: posterior updating, Dirichlet–multinomial fitting and sparse
 * logistic regression (LogisticData, LogisticModel, LogisticPath) with its
 * Laplace uncertainty: the whole C API.
 */
#ifndef BAYESKIT_HPP
#define BAYESKIT_HPP

#if defined(_MSVC_LANG) ? (_MSVC_LANG < 201703L) : (__cplusplus < 201703L)
#error "bayeskit.hpp requires C++17 or later"
#endif

#include "bayeskit.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#if defined(__GNUC__) || defined(__clang__)
#define BAYESKIT_LIKELY(x) __builtin_expect(!!(x), 1)
#define BAYESKIT_COLD __attribute__((cold, noinline))
#else
#define BAYESKIT_LIKELY(x) (x)
#define BAYESKIT_COLD
#endif

/// The bayeskit C++ binding.
namespace bayeskit {

// ---------------------------------------------------------------------------
// Versions, status codes and errors
// ---------------------------------------------------------------------------

/// Major version of the header this code was compiled against.
inline constexpr int version_major = BK_VERSION_MAJOR;
/// Minor version of the header this code was compiled against.
inline constexpr int version_minor = BK_VERSION_MINOR;
/// Patch version of the header this code was compiled against.
inline constexpr int version_patch = BK_VERSION_PATCH;

/// The version of the library loaded at run time, e.g. `"0.1.0"`.
inline const char *version() noexcept { return bk_version(); }

/// The C name of a status code (`"BK_ERR_PARSE"`), or `"BK_UNKNOWN_STATUS"`.
inline const char *status_name(bk_status status) noexcept {
  switch (status) {
    case BK_OK: return "BK_OK";
    case BK_ERR_INVALID_ARGUMENT: return "BK_ERR_INVALID_ARGUMENT";
    case BK_ERR_NULL_POINTER: return "BK_ERR_NULL_POINTER";
    case BK_ERR_PARSE: return "BK_ERR_PARSE";
    case BK_ERR_IO: return "BK_ERR_IO";
    case BK_ERR_CORRUPT: return "BK_ERR_CORRUPT";
    case BK_ERR_NO_CONVERGENCE: return "BK_ERR_NO_CONVERGENCE";
    case BK_ERR_OUT_OF_MEMORY: return "BK_ERR_OUT_OF_MEMORY";
    case BK_ERR_INTERNAL: return "BK_ERR_INTERNAL";
    case BK_ERR_BUFFER_TOO_SMALL: return "BK_ERR_BUFFER_TOO_SMALL";
  }
  return "BK_UNKNOWN_STATUS";
}

/// The message of the last failed C call on this thread (empty if none).
inline std::string last_error_message() {
  std::string msg(bk_last_error_message(nullptr, 0) + 1, '\0');
  const std::size_t n = bk_last_error_message(&msg[0], msg.size());
  msg.resize(n < msg.size() ? n : msg.size() - 1);
  return msg;
}

/**
 * \brief A failed bayeskit call: the C status and the library's message.
 *
 * `what()` is the message of `bk_last_error_message` for failures the
 * library reports, or a message of this binding for checks it makes itself
 * (mismatched array sizes, a moved-from handle); those use
 * `BK_ERR_INVALID_ARGUMENT` and `BK_ERR_NULL_POINTER` like the C API would.
 */
class Error : public std::runtime_error {
 public:
  /// An error with the given status and message.
  Error(bk_status status, const std::string &message)
      : std::runtime_error(message), status_(status) {}

  /// The C status code (never `BK_OK`).
  bk_status status() const noexcept { return status_; }

 private:
  bk_status status_;
};

namespace detail {

/// Throws the Error for a failed C call, with the thread's last message.
[[noreturn]] BAYESKIT_COLD inline void throw_status(bk_status status) {
  std::string msg = last_error_message();
  if (msg.empty()) msg = status_name(status);
  throw Error(status, msg);
}

/// Throws an Error made by this binding (not by the C library).
[[noreturn]] BAYESKIT_COLD inline void throw_error(bk_status status, const char *what) {
  throw Error(status, std::string("bayeskit: ") + what);
}

/// Throws unless `status` is `BK_OK`; the success path is one compare.
inline void check(bk_status status) {
  if (BAYESKIT_LIKELY(status == BK_OK)) return;
  throw_status(status);
}

/// Throws the error of a size mismatch found by this binding.
[[noreturn]] BAYESKIT_COLD inline void throw_size(const char *what, std::size_t got,
                                                  std::size_t want) {
  throw Error(BK_ERR_INVALID_ARGUMENT, std::string("bayeskit: ") + what + ": got " +
                                           std::to_string(got) + ", expected " +
                                           std::to_string(want));
}

/// Throws the error of a moved-from (empty) handle.
[[noreturn]] BAYESKIT_COLD inline void throw_empty(const char *cls) {
  throw Error(BK_ERR_NULL_POINTER,
              std::string("bayeskit: ") + cls + " is empty (moved from)");
}

template <class C, class T, class = void>
struct is_contiguous_of : std::false_type {};

template <class C, class T>
struct is_contiguous_of<
    C, T,
    std::void_t<decltype(std::data(std::declval<C &>())),
                decltype(std::size(std::declval<C &>()))>>
    : std::is_convertible<
          std::remove_pointer_t<decltype(std::data(std::declval<C &>()))> (*)[], T (*)[]> {};

}  // namespace detail

// ---------------------------------------------------------------------------
// Span
// ---------------------------------------------------------------------------

/**
 * \brief A non-owning view of `size()` contiguous `T`s: what the C API's
 * pointer + length pairs become.
 *
 * Converts implicitly from a pointer and a size, a C array, a
 * `std::array`, a `std::vector` (not `std::vector<bool>`) or any container
 * with contiguous `data()`/`size()`; a `Span<const T>` also from a braced
 * list (`{0.2, 0.8}`) or a temporary container, which live until the end of
 * the call. It never allocates. Use `T = const X` for inputs.
 */
template <class T>
class Span {
 public:
  /// The element type, possibly const.
  using element_type = T;
  /// The element type without const.
  using value_type = std::remove_cv_t<T>;

  /// An empty span.
  constexpr Span() noexcept = default;
  /// `size` elements from `data` (which may be null only if `size` is 0).
  constexpr Span(T *data, std::size_t size) noexcept : data_(data), size_(size) {}
  /// A mutable or const contiguous container (lvalue).
  template <class C, std::enable_if_t<detail::is_contiguous_of<C, T>::value &&
                                          !std::is_same<std::decay_t<C>, Span>::value,
                                      int> = 0>
  constexpr Span(C &c) noexcept(noexcept(std::data(c)))
      : data_(std::data(c)), size_(std::size(c)) {}
  /// A const contiguous container, including a temporary (read-only spans only).
  template <class C, class U = T,
            std::enable_if_t<std::is_const<U>::value &&
                                 detail::is_contiguous_of<const C, T>::value &&
                                 !std::is_same<std::decay_t<C>, Span>::value,
                             int> = 0>
  constexpr Span(const C &c) noexcept(noexcept(std::data(c)))
      : data_(std::data(c)), size_(std::size(c)) {}
  // The list's array lives until the end of the full expression, i.e. the
  // call the Span is passed to (as for C++26's std::span); GCC warns anyway.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Winit-list-lifetime"
#endif
  /// A braced list of values (read-only spans only), valid during the call.
  template <class U = T, std::enable_if_t<std::is_const<U>::value, int> = 0>
  constexpr Span(std::initializer_list<value_type> list) noexcept
      : data_(list.begin()), size_(list.size()) {}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
  /// A `Span<X>` converts to a `Span<const X>`.
  template <class U, std::enable_if_t<std::is_convertible<U (*)[], T (*)[]>::value &&
                                          !std::is_same<U, T>::value,
                                      int> = 0>
  constexpr Span(Span<U> other) noexcept : data_(other.data()), size_(other.size()) {}

  /// The first element (null for an empty span made without a pointer).
  constexpr T *data() const noexcept { return data_; }
  /// The number of elements.
  constexpr std::size_t size() const noexcept { return size_; }
  /// True if there are no elements.
  constexpr bool empty() const noexcept { return size_ == 0; }
  /// Element `i` (unchecked).
  constexpr T &operator[](std::size_t i) const noexcept { return data_[i]; }
  /// Iterator to the first element.
  constexpr T *begin() const noexcept { return data_; }
  /// Iterator past the last element.
  constexpr T *end() const noexcept { return data_ + size_; }

 private:
  T *data_ = nullptr;
  std::size_t size_ = 0;
};

// ---------------------------------------------------------------------------
// Random numbers
// ---------------------------------------------------------------------------

/**
 * \brief A seeded ChaCha12 generator (`bk_rng`): the same seed gives the
 * same draws on every platform and through every binding.
 *
 * Move-only. Not thread-safe: give each thread its own.
 */
class Rng {
 public:
  /// A generator seeded with `seed`.
  explicit Rng(std::uint64_t seed) {
    bk_rng *raw = nullptr;
    detail::check(bk_rng_new(seed, &raw));
    handle_.reset(raw);
  }

  /// A generator on stream `stream` of `seed` (`bk_rng_new_stream`): give
  /// each thread its own stream of one seed to make its draws reproducible.
  Rng(std::uint64_t seed, std::uint64_t stream) {
    bk_rng *raw = nullptr;
    detail::check(bk_rng_new_stream(seed, stream, &raw));
    handle_.reset(raw);
  }

  /// Takes ownership of a handle made by `bk_rng_new` (may be null).
  static Rng adopt(bk_rng *raw) noexcept { return Rng(raw, 0); }

  /// The C handle (still owned by this object); null if moved from.
  bk_rng *get() const noexcept { return handle_.get(); }
  /// Gives up ownership of the C handle; the caller must `bk_rng_free` it.
  bk_rng *release() noexcept { return handle_.release(); }
  /// True unless moved from or released.
  explicit operator bool() const noexcept { return handle_ != nullptr; }

 private:
  Rng(bk_rng *raw, int) noexcept : handle_(raw) {}
  struct Free {
    void operator()(bk_rng *p) const noexcept { bk_rng_free(p); }
  };
  std::unique_ptr<bk_rng, Free> handle_;
};

// ---------------------------------------------------------------------------
// Conjugate families (value types)
// ---------------------------------------------------------------------------

/// An equal-tailed credible interval `[lo, hi]`.
struct Interval {
  double lo;  ///< Lower end.
  double hi;  ///< Upper end.
};

/// How a comparison was computed (the C `bk_method_report`): `method` is
/// `BK_METHOD_CLOSED_FORM`, `BK_METHOD_QUADRATURE` or `BK_METHOD_MONTE_CARLO`,
/// `work` the density evaluations or draws, `error_estimate` the estimated error.
using MethodReport = bk_method_report;
/// P(B > A), the expected loss of each choice and, in `method`, how they were
/// computed (the C `bk_comparison`).
using Comparison = bk_comparison;
/// A full A/B read-out (the C `bk_compare_summary`); `method` covers the
/// comparison and the lift quantiles together.
using CompareSummary = bk_compare_summary;

/// The result of prob_best(): one probability per arm, and how they were computed.
struct ProbBest {
  std::vector<double> probabilities;  ///< P(arm i has the largest rate), in the arms' order.
  MethodReport method;                ///< How they were computed.
};

/**
 * \brief Options of compare_summary() (wraps `bk_compare_options`,
 * filled with the library's defaults).
 */
class CompareOptions {
 public:
  /// The defaults of the loaded library (level 0.95).
  CompareOptions() { detail::check(bk_compare_options_default(&opts_)); }
  /// Sets the credible level of the lift interval, in (0, 1).
  CompareOptions &level(double v) noexcept {
    opts_.level = v;
    return *this;
  }
  /// The credible level of the lift interval.
  double level() const noexcept { return opts_.level; }
  /// The C struct, e.g. to set a field this header does not know yet.
  bk_compare_options &raw() noexcept { return opts_; }
  /// The C struct.
  const bk_compare_options &raw() const noexcept { return opts_; }

 private:
  bk_compare_options opts_{};
};

/**
 * \brief Beta(α, β): the posterior of a success rate (Beta–Binomial).
 *
 * A copyable value over the C `bk_beta`; updates are closed-form and do not
 * allocate.
 */
class Beta {
 public:
  /// Beta(alpha, beta); both finite and > 0, else Error(BK_ERR_INVALID_ARGUMENT).
  Beta(double alpha, double beta) { detail::check(bk_beta_init(alpha, beta, &b_)); }
  /// From the C struct, validated like the two-argument constructor.
  explicit Beta(const bk_beta &raw) : Beta(raw.alpha, raw.beta) {}

  /// First shape (prior + successes).
  double alpha() const noexcept { return b_.alpha; }
  /// Second shape (prior + failures).
  double beta() const noexcept { return b_.beta; }
  /// The C struct.
  const bk_beta &raw() const noexcept { return b_; }

  /// Adds (possibly fractional) counts of successes and failures.
  Beta &update(double successes, double failures) {
    detail::check(bk_beta_update(&b_, successes, failures));
    return *this;
  }
  /// Observes Bernoulli trials: a non-zero outcome is a success.
  Beta &observe(Span<const std::uint8_t> outcomes) {
    detail::check(bk_beta_observe_batch(&b_, outcomes.data(), outcomes.size()));
    return *this;
  }

  /// Mean α / (α + β).
  double mean() const { return get(bk_beta_mean); }
  /// Variance.
  double variance() const { return get(bk_beta_variance); }
  /// Mode; Error(BK_ERR_INVALID_ARGUMENT) when α ≤ 1 and β ≤ 1.
  double mode() const { return get(bk_beta_mode); }
  /// P(X ≤ x).
  double cdf(double x) const { return get(bk_beta_cdf, x); }
  /// The x with P(X ≤ x) = p, p in [0, 1].
  double quantile(double p) const { return get(bk_beta_quantile, p); }
  /// Equal-tailed credible interval holding probability `level` in (0, 1).
  Interval interval(double level) const {
    Interval i{};
    detail::check(bk_beta_interval(&b_, level, &i.lo, &i.hi));
    return i;
  }
  /// Posterior predictive (beta-binomial) ln P(k successes in n trials).
  double ln_predictive(std::uint64_t k, std::uint64_t n) const {
    double out;
    detail::check(bk_beta_ln_predictive(&b_, k, n, &out));
    return out;
  }
  /// Log marginal likelihood of one sequence with these counts, this as prior.
  double ln_marginal(double successes, double failures) const {
    double out;
    detail::check(bk_beta_ln_marginal(&b_, successes, failures, &out));
    return out;
  }
  /// Fills `out` with draws.
  void sample(Rng &rng, Span<double> out) const {
    detail::check(bk_beta_sample(&b_, rng.get(), out.data(), out.size()));
  }
  /// `n` draws (allocates the vector).
  std::vector<double> sample(Rng &rng, std::size_t n) const {
    std::vector<double> out(n);
    sample(rng, out);
    return out;
  }

  /// Same parameters.
  friend bool operator==(const Beta &a, const Beta &b) noexcept {
    return a.b_.alpha == b.b_.alpha && a.b_.beta == b.b_.beta;
  }
  /// Different parameters.
  friend bool operator!=(const Beta &a, const Beta &b) noexcept { return !(a == b); }

 private:
  double get(bk_status (*f)(const bk_beta *, double *)) const {
    double out;
    detail::check(f(&b_, &out));
    return out;
  }
  double get(bk_status (*f)(const bk_beta *, double, double *), double x) const {
    double out;
    detail::check(f(&b_, x, &out));
    return out;
  }
  bk_beta b_{};
};

/**
 * \brief Gamma(shape, rate): the posterior of a Poisson rate
 * (Gamma–Poisson with exposure). A copyable value over `bk_gamma`.
 */
class Gamma {
 public:
  /// Gamma(shape, rate); both finite and > 0, else Error(BK_ERR_INVALID_ARGUMENT).
  Gamma(double shape, double rate) { detail::check(bk_gamma_init(shape, rate, &g_)); }
  /// From the C struct, validated like the two-argument constructor.
  explicit Gamma(const bk_gamma &raw) : Gamma(raw.shape, raw.rate) {}

  /// Shape.
  double shape() const noexcept { return g_.shape; }
  /// Rate (inverse scale).
  double rate() const noexcept { return g_.rate; }
  /// The C struct.
  const bk_gamma &raw() const noexcept { return g_; }

  /// Adds a (possibly weighted) total `count` observed over `exposure`.
  Gamma &update(double count, double exposure) {
    detail::check(bk_gamma_update(&g_, count, exposure));
    return *this;
  }
  /// Observes `counts[i]` over `exposures[i]`; the spans must have one size.
  Gamma &update(Span<const double> counts, Span<const double> exposures) {
    if (counts.size() != exposures.size())
      detail::throw_size("Gamma::update: exposures", exposures.size(), counts.size());
    detail::check(bk_gamma_update_batch(&g_, counts.data(), exposures.data(), counts.size()));
    return *this;
  }

  /// Mean shape / rate.
  double mean() const { return get(bk_gamma_mean); }
  /// Variance shape / rate².
  double variance() const { return get(bk_gamma_variance); }
  /// Mode max(shape − 1, 0) / rate.
  double mode() const { return get(bk_gamma_mode); }
  /// P(X ≤ x).
  double cdf(double x) const { return get(bk_gamma_cdf, x); }
  /// The x with P(X ≤ x) = p, p in [0, 1] (p = 1 gives +inf).
  double quantile(double p) const { return get(bk_gamma_quantile, p); }
  /// Equal-tailed credible interval holding probability `level` in (0, 1).
  Interval interval(double level) const {
    Interval i{};
    detail::check(bk_gamma_interval(&g_, level, &i.lo, &i.hi));
    return i;
  }
  /// Posterior predictive (negative binomial) ln P(k events over exposure).
  double ln_predictive(std::uint64_t k, double exposure) const {
    double out;
    detail::check(bk_gamma_ln_predictive(&g_, k, exposure, &out));
    return out;
  }
  /// Log marginal likelihood of Poisson counts over exposures, this as prior.
  double ln_marginal(Span<const double> counts, Span<const double> exposures) const {
    if (counts.size() != exposures.size())
      detail::throw_size("Gamma::ln_marginal: exposures", exposures.size(), counts.size());
    double out;
    detail::check(
        bk_gamma_ln_marginal(&g_, counts.data(), exposures.data(), counts.size(), &out));
    return out;
  }
  /// Fills `out` with draws.
  void sample(Rng &rng, Span<double> out) const {
    detail::check(bk_gamma_sample(&g_, rng.get(), out.data(), out.size()));
  }
  /// `n` draws (allocates the vector).
  std::vector<double> sample(Rng &rng, std::size_t n) const {
    std::vector<double> out(n);
    sample(rng, out);
    return out;
  }

  /// Same parameters.
  friend bool operator==(const Gamma &a, const Gamma &b) noexcept {
    return a.g_.shape == b.g_.shape && a.g_.rate == b.g_.rate;
  }
  /// Different parameters.
  friend bool operator!=(const Gamma &a, const Gamma &b) noexcept { return !(a == b); }

 private:
  double get(bk_status (*f)(const bk_gamma *, double *)) const {
    double out;
    detail::check(f(&g_, &out));
    return out;
  }
  double get(bk_status (*f)(const bk_gamma *, double, double *), double x) const {
    double out;
    detail::check(f(&g_, x, &out));
    return out;
  }
  bk_gamma g_{};
};

/**
 * \brief The Normal posterior of an unknown mean μ under observations with a
 * known noise standard deviation. A copyable value over `bk_normal_known_var`.
 */
class NormalKnownVar {
 public:
  /// Prior μ ~ Normal(prior_mean, prior_sd²); observations have sd `noise_sd`.
  NormalKnownVar(double prior_mean, double prior_sd, double noise_sd) {
    detail::check(bk_normal_known_var_init(prior_mean, prior_sd, noise_sd, &p_));
  }
  /// From the C struct, validated like the three-argument constructor.
  explicit NormalKnownVar(const bk_normal_known_var &raw)
      : NormalKnownVar(raw.mean, raw.sd, raw.noise_sd) {}

  /// Posterior mean of μ.
  double mean() const noexcept { return p_.mean; }
  /// Posterior standard deviation of μ.
  double sd() const noexcept { return p_.sd; }
  /// Known observation noise standard deviation.
  double noise_sd() const noexcept { return p_.noise_sd; }
  /// The C struct.
  const bk_normal_known_var &raw() const noexcept { return p_; }

  /// Observes values.
  NormalKnownVar &update(Span<const double> xs) {
    detail::check(bk_normal_known_var_update_batch(&p_, xs.data(), xs.size()));
    return *this;
  }
  /// Observes `count` (possibly fractional) values averaging `mean`.
  NormalKnownVar &update_stats(double count, double mean) {
    detail::check(bk_normal_known_var_update_stats(&p_, count, mean));
    return *this;
  }
  /// Quantile `prob` of μ's posterior.
  double quantile(double prob) const {
    double out;
    detail::check(bk_normal_known_var_quantile(&p_, prob, &out));
    return out;
  }
  /// Equal-tailed credible interval of μ holding probability `level`.
  Interval interval(double level) const {
    Interval i{};
    detail::check(bk_normal_known_var_interval(&p_, level, &i.lo, &i.hi));
    return i;
  }
  /// Posterior predictive log density of one new observation.
  double ln_predictive(double x) const {
    double out;
    detail::check(bk_normal_known_var_ln_predictive(&p_, x, &out));
    return out;
  }
  /// Log marginal likelihood of observations, this as prior.
  double ln_marginal(Span<const double> xs) const {
    double out;
    detail::check(bk_normal_known_var_ln_marginal(&p_, xs.data(), xs.size(), &out));
    return out;
  }
  /// Fills `out` with draws of μ.
  void sample(Rng &rng, Span<double> out) const {
    detail::check(bk_normal_known_var_sample(&p_, rng.get(), out.data(), out.size()));
  }
  /// `n` draws of μ (allocates the vector).
  std::vector<double> sample(Rng &rng, std::size_t n) const {
    std::vector<double> out(n);
    sample(rng, out);
    return out;
  }

 private:
  bk_normal_known_var p_{};
};

/// Joint draws of a NormalGamma: means and variances σ².
struct NormalGammaDraws {
  std::vector<double> mu;   ///< Draws of μ.
  std::vector<double> var;  ///< Draws of σ² = 1/τ, paired with `mu`.
};

/**
 * \brief Normal–Gamma posterior of an unknown mean and precision:
 * τ ~ Gamma(α, β), μ | τ ~ Normal(m, 1/(κτ)). A copyable value over
 * `bk_normal_gamma`; μ's marginal is a Student t.
 */
class NormalGamma {
 public:
  /// NormalGamma(m, kappa, alpha, beta); m finite, the others finite and > 0.
  NormalGamma(double m, double kappa, double alpha, double beta) {
    detail::check(bk_normal_gamma_init(m, kappa, alpha, beta, &p_));
  }
  /// From the C struct, validated like the four-argument constructor.
  explicit NormalGamma(const bk_normal_gamma &raw)
      : NormalGamma(raw.m, raw.kappa, raw.alpha, raw.beta) {}

  /// Location of μ (also μ's posterior mean and mode).
  double m() const noexcept { return p_.m; }
  /// Pseudo-count of the mean.
  double kappa() const noexcept { return p_.kappa; }
  /// Precision shape.
  double alpha() const noexcept { return p_.alpha; }
  /// Precision rate.
  double beta() const noexcept { return p_.beta; }
  /// The C struct.
  const bk_normal_gamma &raw() const noexcept { return p_; }

  /// Observes values.
  NormalGamma &update(Span<const double> xs) {
    detail::check(bk_normal_gamma_update_batch(&p_, xs.data(), xs.size()));
    return *this;
  }
  /// Observes `count` values with mean `mean` and sum of squared deviations `ss`.
  NormalGamma &update_stats(double count, double mean, double ss) {
    detail::check(bk_normal_gamma_update_stats(&p_, count, mean, ss));
    return *this;
  }
  /// Quantile `prob` of μ's Student-t marginal.
  double mean_quantile(double prob) const {
    double out;
    detail::check(bk_normal_gamma_mean_quantile(&p_, prob, &out));
    return out;
  }
  /// Equal-tailed credible interval of μ.
  Interval mean_interval(double level) const {
    Interval i{};
    detail::check(bk_normal_gamma_mean_interval(&p_, level, &i.lo, &i.hi));
    return i;
  }
  /// Variance of μ's marginal, β/(κ(α − 1)); Error(BK_ERR_INVALID_ARGUMENT) for α ≤ 1.
  double mean_variance() const {
    double out;
    detail::check(bk_normal_gamma_mean_variance(&p_, &out));
    return out;
  }
  /// Posterior predictive (Student-t) log density of one new observation.
  double ln_predictive(double x) const {
    double out;
    detail::check(bk_normal_gamma_ln_predictive(&p_, x, &out));
    return out;
  }
  /// Log marginal likelihood of observations, this as prior.
  double ln_marginal(Span<const double> xs) const {
    double out;
    detail::check(bk_normal_gamma_ln_marginal(&p_, xs.data(), xs.size(), &out));
    return out;
  }
  /// Fills `mu` and `var` (of one size) with joint draws.
  void sample(Rng &rng, Span<double> mu, Span<double> var) const {
    if (mu.size() != var.size())
      detail::throw_size("NormalGamma::sample: var", var.size(), mu.size());
    detail::check(bk_normal_gamma_sample(&p_, rng.get(), mu.data(), var.data(), mu.size()));
  }
  /// `n` joint draws (allocates the vectors).
  NormalGammaDraws sample(Rng &rng, std::size_t n) const {
    NormalGammaDraws d{std::vector<double>(n), std::vector<double>(n)};
    sample(rng, d.mu, d.var);
    return d;
  }

 private:
  bk_normal_gamma p_{};
};

/// Compares B against A exactly: P(B > A) and the expected losses.
inline Comparison compare(const Beta &a, const Beta &b) {
  Comparison c{};
  c.struct_size = sizeof c;
  detail::check(bk_beta_compare(&a.raw(), &b.raw(), &c));
  return c;
}
/// Compares rate B against rate A exactly.
inline Comparison compare(const Gamma &a, const Gamma &b) {
  Comparison c{};
  c.struct_size = sizeof c;
  detail::check(bk_gamma_compare(&a.raw(), &b.raw(), &c));
  return c;
}
/// Compares B against A by Monte Carlo with `draws` draws from `rng`.
inline Comparison compare_mc(const Beta &a, const Beta &b, std::uint64_t draws, Rng &rng) {
  Comparison c{};
  c.struct_size = sizeof c;
  detail::check(bk_beta_compare_mc(&a.raw(), &b.raw(), draws, rng.get(), &c));
  return c;
}
/// Compares rate B against rate A by Monte Carlo.
inline Comparison compare_mc(const Gamma &a, const Gamma &b, std::uint64_t draws, Rng &rng) {
  Comparison c{};
  c.struct_size = sizeof c;
  detail::check(bk_gamma_compare_mc(&a.raw(), &b.raw(), draws, rng.get(), &c));
  return c;
}
/// Quantile `p` in (0, 1) of the lift θ_B / θ_A − 1.
inline double lift_quantile(const Beta &a, const Beta &b, double p) {
  double out;
  detail::check(bk_beta_lift_quantile(&a.raw(), &b.raw(), p, &out));
  return out;
}
/// Quantile `p` in (0, 1) of the lift of rate B over rate A.
inline double lift_quantile(const Gamma &a, const Gamma &b, double p) {
  double out;
  detail::check(bk_gamma_lift_quantile(&a.raw(), &b.raw(), p, &out));
  return out;
}
/// P(B > A), expected losses and the lift's median and interval in one call.
inline CompareSummary compare_summary(const Beta &a, const Beta &b,
                                      const CompareOptions &opts = CompareOptions()) {
  CompareSummary s{};
  s.struct_size = sizeof s;
  detail::check(bk_beta_compare_summary(&a.raw(), &b.raw(), &opts.raw(), &s));
  return s;
}
/// As compare_summary() for Beta, for Gamma (rate) posteriors.
inline CompareSummary compare_summary(const Gamma &a, const Gamma &b,
                                      const CompareOptions &opts = CompareOptions()) {
  CompareSummary s{};
  s.struct_size = sizeof s;
  detail::check(bk_gamma_compare_summary(&a.raw(), &b.raw(), &opts.raw(), &s));
  return s;
}

namespace detail {
// Beta and Gamma hold exactly their C struct, so a Span of them is an array of
// the C structs and passes to the C call without a copy.
static_assert(std::is_standard_layout<Beta>::value && sizeof(Beta) == sizeof(bk_beta) &&
                  alignof(Beta) == alignof(bk_beta),
              "Beta is its bk_beta");
static_assert(std::is_standard_layout<Gamma>::value && sizeof(Gamma) == sizeof(bk_gamma) &&
                  alignof(Gamma) == alignof(bk_gamma),
              "Gamma is its bk_gamma");
inline const bk_beta *raw_arms(Span<const Beta> arms) noexcept {
  return reinterpret_cast<const bk_beta *>(arms.data());
}
inline const bk_gamma *raw_arms(Span<const Gamma> arms) noexcept {
  return reinterpret_cast<const bk_gamma *>(arms.data());
}
}  // namespace detail

/**
 * \brief P(arm i has the largest rate) for each of 1 to `BK_MAX_ARMS` (100)
 * Beta arms, into `out` (one value per arm); returns how they were computed.
 * \throws Error BK_ERR_INVALID_ARGUMENT for no arms, too many, an `out` of
 *   another size or an invalid arm; `out` is then left as it was.
 */
inline MethodReport prob_best(Span<const Beta> arms, Span<double> out) {
  MethodReport m{};
  detail::check(
      bk_beta_prob_best(detail::raw_arms(arms), arms.size(), out.data(), out.size(), &m));
  return m;
}
/// As prob_best() into a Span, for Gamma (rate) posteriors.
inline MethodReport prob_best(Span<const Gamma> arms, Span<double> out) {
  MethodReport m{};
  detail::check(
      bk_gamma_prob_best(detail::raw_arms(arms), arms.size(), out.data(), out.size(), &m));
  return m;
}
/// P(arm i has the largest rate) for each Beta arm, and how (allocates the vector).
inline ProbBest prob_best(Span<const Beta> arms) {
  ProbBest r{std::vector<double>(arms.size()), MethodReport{}};
  r.method = prob_best(arms, r.probabilities);
  return r;
}
/// As prob_best() for Beta arms, for Gamma (rate) posteriors (allocates the vector).
inline ProbBest prob_best(Span<const Gamma> arms) {
  ProbBest r{std::vector<double>(arms.size()), MethodReport{}};
  r.method = prob_best(arms, r.probabilities);
  return r;
}

// ---------------------------------------------------------------------------
// Handles: hypotheses and Dirichlet posteriors
// ---------------------------------------------------------------------------

/**
 * \brief Bayes' rule over n hypotheses, in log space (`bk_hypotheses`).
 *
 * Move-only; updates need one thread at a time.
 */
class Hypotheses {
 public:
  /// From `n ≥ 1` prior probabilities (normalised by the library).
  explicit Hypotheses(Span<const double> prior) {
    bk_hypotheses *raw = nullptr;
    detail::check(bk_hypotheses_new(prior.data(), prior.size(), &raw));
    handle_.reset(raw);
  }
  /// From unnormalised log prior weights.
  static Hypotheses from_log(Span<const double> ln_weights) {
    bk_hypotheses *raw = nullptr;
    detail::check(bk_hypotheses_new_log(ln_weights.data(), ln_weights.size(), &raw));
    return Hypotheses(raw);
  }
  /// Takes ownership of a handle made by `bk_hypotheses_new*` (may be null).
  static Hypotheses adopt(bk_hypotheses *raw) noexcept { return Hypotheses(raw); }

  /// Multiplies in the likelihood of new data under each hypothesis.
  Hypotheses &update(Span<const double> likelihood) {
    detail::check(bk_hypotheses_update(handle_.get(), likelihood.data(), likelihood.size()));
    return *this;
  }
  /// Adds log likelihoods of new data under each hypothesis.
  Hypotheses &update_log(Span<const double> ln_likelihood) {
    detail::check(
        bk_hypotheses_update_log(handle_.get(), ln_likelihood.data(), ln_likelihood.size()));
    return *this;
  }
  /// Writes the posterior probabilities into `out` (one per hypothesis).
  void posterior(Span<double> out) const {
    detail::check(bk_hypotheses_posterior(handle_.get(), out.data(), out.size()));
  }
  /// The posterior probabilities (allocates the vector).
  std::vector<double> posterior() const {
    std::vector<double> out(size());
    posterior(out);
    return out;
  }
  /// Number of hypotheses.
  std::size_t size() const {
    std::size_t n;
    detail::check(bk_hypotheses_len(handle_.get(), &n));
    return n;
  }
  /// Index of the maximum a posteriori hypothesis.
  std::size_t map() const {
    std::size_t i;
    detail::check(bk_hypotheses_map(handle_.get(), &i));
    return i;
  }
  /// ln p(all data so far) under the original prior.
  double ln_evidence() const {
    double out;
    detail::check(bk_hypotheses_ln_evidence(handle_.get(), &out));
    return out;
  }

  /// The C handle (still owned by this object); null if moved from.
  bk_hypotheses *get() const noexcept { return handle_.get(); }
  /// Gives up ownership; the caller must `bk_hypotheses_free` the handle.
  bk_hypotheses *release() noexcept { return handle_.release(); }
  /// True unless moved from or released.
  explicit operator bool() const noexcept { return handle_ != nullptr; }

 private:
  explicit Hypotheses(bk_hypotheses *raw) noexcept : handle_(raw) {}
  struct Free {
    void operator()(bk_hypotheses *p) const noexcept { bk_hypotheses_free(p); }
  };
  std::unique_ptr<bk_hypotheses, Free> handle_;
};

/**
 * \brief A Dirichlet posterior over K ≥ 2 category probabilities
 * (Dirichlet–categorical, `bk_dirichlet`).
 *
 * Move-only; clone() copies. `const` calls may run concurrently; updates may not.
 */
class Dirichlet {
 public:
  /// From K ≥ 2 concentrations, each finite and > 0.
  explicit Dirichlet(Span<const double> alpha) {
    bk_dirichlet *raw = nullptr;
    detail::check(bk_dirichlet_new(alpha.data(), alpha.size(), &raw));
    handle_.reset(raw);
  }
  /// Takes ownership of a handle made by `bk_dirichlet_new` (may be null).
  static Dirichlet adopt(bk_dirichlet *raw) noexcept { return Dirichlet(raw); }
  /// An independent copy (allocates).
  Dirichlet clone() const { return Dirichlet(alpha()); }

  /// Number of categories K.
  std::size_t size() const {
    std::size_t k;
    detail::check(bk_dirichlet_len(handle_.get(), &k));
    return k;
  }
  /// Copies the K concentrations into `out`.
  void alpha(Span<double> out) const {
    detail::check(bk_dirichlet_alpha(handle_.get(), out.data(), out.size()));
  }
  /// The K concentrations (allocates the vector).
  std::vector<double> alpha() const { return vec(&Dirichlet::alpha); }
  /// Adds K (possibly fractional) per-category counts.
  Dirichlet &update(Span<const double> counts) {
    detail::check(bk_dirichlet_update(handle_.get(), counts.data(), counts.size()));
    return *this;
  }
  /// Writes the K posterior means αₖ / A into `out`.
  void mean(Span<double> out) const {
    detail::check(bk_dirichlet_mean(handle_.get(), out.data(), out.size()));
  }
  /// The K posterior means (allocates the vector).
  std::vector<double> mean() const { return vec(&Dirichlet::mean); }
  /// Writes the mode (αₖ − 1)/(A − K); Error(BK_ERR_INVALID_ARGUMENT) unless every αₖ > 1.
  void mode(Span<double> out) const {
    detail::check(bk_dirichlet_mode(handle_.get(), out.data(), out.size()));
  }
  /// The mode (allocates the vector).
  std::vector<double> mode() const { return vec(&Dirichlet::mode); }
  /// Variance of category `category`'s probability.
  double variance(std::size_t category) const {
    double out;
    detail::check(bk_dirichlet_variance(handle_.get(), category, &out));
    return out;
  }
  /// Quantile `p` of category `category`'s marginal probability.
  double quantile(std::size_t category, double p) const {
    double out;
    detail::check(bk_dirichlet_quantile(handle_.get(), category, p, &out));
    return out;
  }
  /// Equal-tailed credible interval of category `category`'s probability.
  Interval interval(std::size_t category, double level) const {
    Interval i{};
    detail::check(bk_dirichlet_interval(handle_.get(), category, level, &i.lo, &i.hi));
    return i;
  }
  /// Predictive (Dirichlet-multinomial) ln P(these integer counts in Σcounts draws).
  double ln_predictive(Span<const double> counts) const {
    double out;
    detail::check(
        bk_dirichlet_ln_predictive(handle_.get(), counts.data(), counts.size(), &out));
    return out;
  }
  /// Log marginal likelihood of one sequence with these counts, this as prior.
  double ln_marginal(Span<const double> counts) const {
    double out;
    detail::check(bk_dirichlet_ln_marginal(handle_.get(), counts.data(), counts.size(), &out));
    return out;
  }
  /// Writes one draw of the K probabilities into `out`.
  void sample(Rng &rng, Span<double> out) const {
    detail::check(bk_dirichlet_sample(handle_.get(), rng.get(), out.data(), out.size()));
  }
  /// One draw of the K probabilities (allocates the vector).
  std::vector<double> sample(Rng &rng) const {
    std::vector<double> out(size());
    sample(rng, out);
    return out;
  }

  /// The C handle (still owned by this object); null if moved from.
  bk_dirichlet *get() const noexcept { return handle_.get(); }
  /// Gives up ownership; the caller must `bk_dirichlet_free` the handle.
  bk_dirichlet *release() noexcept { return handle_.release(); }
  /// True unless moved from or released.
  explicit operator bool() const noexcept { return handle_ != nullptr; }

 private:
  explicit Dirichlet(bk_dirichlet *raw) noexcept : handle_(raw) {}
  std::vector<double> vec(void (Dirichlet::*f)(Span<double>) const) const {
    std::vector<double> out(size());
    (this->*f)(out);
    return out;
  }
  struct Free {
    void operator()(bk_dirichlet *p) const noexcept { bk_dirichlet_free(p); }
  };
  std::unique_ptr<bk_dirichlet, Free> handle_;
};

// ---------------------------------------------------------------------------
// Dirichlet–multinomial fitting
// ---------------------------------------------------------------------------

/// What DmStats::read_file() did besides building statistics (`bk_dm_read_report`).
using ReadReport = bk_dm_read_report;
/// The scalar results of a fit (`bk_dm_fit_summary`); read `outcome` first.
using FitSummary = bk_dm_fit_summary;

/// How a fit ended (`bk_dm_outcome`).
enum class Outcome : int {
  converged = BK_DM_CONVERGED,                ///< α is a finite maximum.
  no_overdispersion = BK_DM_NO_OVERDISPERSION,  ///< α = +inf: the multinomial fits best.
  not_identifiable = BK_DM_NOT_IDENTIFIABLE,  ///< α = NaN: no row total ≥ 2.
  not_converged = BK_DM_NOT_CONVERGED,        ///< The last iterate; check before use.
};

/// What DmPrior::score_rows() ranks rows by (`BK_DM_RANK_*`).
enum class RankBy : bk_dm_rank_by {
  mean = BK_DM_RANK_MEAN,    ///< The posterior mean of the category.
  lower = BK_DM_RANK_LOWER,  ///< The lower end of its equal-tailed credible interval.
};

/**
 * \brief Options of DmStats::read_file() (wraps `bk_dm_read_options`,
 * filled with the library's defaults). Setters chain.
 */
class ReadOptions {
 public:
  /// The defaults of the loaded library.
  ReadOptions() { detail::check(bk_dm_read_options_default(&opts_)); }
  /// Field separator; 0 (default) detects a tab or a comma.
  ReadOptions &delimiter(char v) noexcept {
    opts_.delimiter = static_cast<std::uint8_t>(v);
    return *this;
  }
  /// The first line is a header (default false).
  ReadOptions &header(bool v) noexcept {
    opts_.header = v ? 1 : 0;
    return *this;
  }
  /// The first field of each line is an id (default false).
  ReadOptions &id_column(bool v) noexcept {
    opts_.id_column = v ? 1 : 0;
    return *this;
  }
  /// 0-based field index of a row weight, -1 (default) for none.
  ReadOptions &weight_column(std::int64_t v) noexcept {
    opts_.weight_column = v;
    return *this;
  }
  /// Skip bad rows instead of failing (default false).
  ReadOptions &skip_bad(bool v) noexcept {
    opts_.skip_bad = v ? 1 : 0;
    return *this;
  }
  /// Parsing threads, 1 to 256 (default 1); the result does not depend on it.
  ReadOptions &threads(std::uint32_t v) noexcept {
    opts_.threads = v;
    return *this;
  }
  /// Keep each row with this probability in (0, 1] (default 1).
  ReadOptions &sample_rate(double v) noexcept {
    opts_.sample_rate = v;
    return *this;
  }
  /// Thin rows with a larger total to this many counts; 0 (default) for no cap.
  ReadOptions &max_total(std::uint64_t v) noexcept {
    opts_.max_total = v;
    return *this;
  }
  /// Seed of sampling and thinning (default 0).
  ReadOptions &seed(std::uint64_t v) noexcept {
    opts_.seed = v;
    return *this;
  }
  /// The C struct, e.g. to read a field or set one this header does not know yet.
  bk_dm_read_options &raw() noexcept { return opts_; }
  /// The C struct.
  const bk_dm_read_options &raw() const noexcept { return opts_; }

 private:
  bk_dm_read_options opts_{};
};

/**
 * \brief Options of fit() (wraps `bk_dm_fit_options`, filled with the
 * library's defaults). Setters chain.
 */
class FitOptions {
 public:
  /// The defaults of the loaded library.
  FitOptions() { detail::check(bk_dm_fit_options_default(&opts_)); }
  /// Most Newton iterations, ≥ 1 (default 200).
  FitOptions &max_iter(std::uint32_t v) noexcept {
    opts_.max_iter = v;
    return *this;
  }
  /// Relative gradient tolerance in (0, 1e-2] (default 1e-10).
  FitOptions &tol(double v) noexcept {
    opts_.tol = v;
    return *this;
  }
  /// Weight H ≥ 0 of the hyperprior towards large A (default 0).
  FitOptions &hyperprior(double v) noexcept {
    opts_.hyperprior = v;
    return *this;
  }
  /// Drop categories without counts instead of failing (default false).
  FitOptions &drop_empty(bool v) noexcept {
    opts_.drop_empty = v ? 1 : 0;
    return *this;
  }
  /// The C struct.
  bk_dm_fit_options &raw() noexcept { return opts_; }
  /// The C struct.
  const bk_dm_fit_options &raw() const noexcept { return opts_; }

 private:
  bk_dm_fit_options opts_{};
};

/**
 * \brief Streaming, mergeable statistics of rows of K category counts
 * (`bk_dm_stats`). Adding a row costs O(K) whatever its counts.
 *
 * Move-only; clone() copies. `const` calls may run concurrently; add,
 * add_rows and merge need exclusive use.
 */
class DmStats {
 public:
  /// Empty statistics for 2 to `BK_MAX_CATEGORIES` categories.
  explicit DmStats(std::size_t k) {
    bk_dm_stats *raw = nullptr;
    detail::check(bk_dm_stats_new(k, &raw));
    handle_.reset(raw);
  }
  /// Statistics from bytes written by serialize(); Error(BK_ERR_CORRUPT) if damaged.
  static DmStats deserialize(Span<const std::uint8_t> bytes) {
    bk_dm_stats *raw = nullptr;
    detail::check(bk_dm_stats_deserialize(bytes.data(), bytes.size(), &raw));
    return DmStats(raw);
  }
  /**
   * \brief Statistics of a delimited count file (one row per line).
   * \param report if not null, receives the row counts.
   * \throws Error BK_ERR_IO (unreadable), BK_ERR_PARSE (a bad row:
   *   "path:line: reason"), BK_ERR_INVALID_ARGUMENT (bad options).
   */
  static DmStats read_file(const char *path, const ReadOptions &opts = ReadOptions(),
                           ReadReport *report = nullptr) {
    bk_dm_stats *raw = nullptr;
    if (report != nullptr) report->struct_size = sizeof *report;
    detail::check(bk_dm_stats_read_file(path, &opts.raw(), &raw, report));
    return DmStats(raw);
  }
  /// As read_file(const char*, ...).
  static DmStats read_file(const std::string &path, const ReadOptions &opts = ReadOptions(),
                           ReadReport *report = nullptr) {
    return read_file(path.c_str(), opts, report);
  }
  /// Takes ownership of a handle made by a `bk_dm_stats_*` constructor (may be null).
  static DmStats adopt(bk_dm_stats *raw) noexcept { return DmStats(raw); }
  /// An independent copy (empty statistics merged with these).
  DmStats clone() const {
    DmStats c(categories());
    c.merge(*this);
    return c;
  }

  /// Adds one row of K counts seen `weight` times (finite, ≥ 0).
  DmStats &add(Span<const std::uint64_t> counts, double weight = 1.0) {
    detail::check(bk_dm_stats_add(handle_.get(), counts.data(), counts.size(), weight));
    return *this;
  }
  /**
   * \brief Adds rows of `k` counts stored row-major in `counts`, all or
   * nothing; `weights` is empty (weight 1 each) or has one weight per row.
   */
  DmStats &add_rows(Span<const std::uint64_t> counts, std::size_t k,
                    Span<const double> weights = {}) {
    if (k == 0) detail::throw_error(BK_ERR_INVALID_ARGUMENT, "DmStats::add_rows: k is 0");
    if (counts.size() % k != 0)
      detail::throw_size("DmStats::add_rows: counts (a multiple of k)", counts.size(),
                         (counts.size() / k + 1) * k);
    const std::size_t n_rows = counts.size() / k;
    if (!weights.empty() && weights.size() != n_rows)
      detail::throw_size("DmStats::add_rows: weights", weights.size(), n_rows);
    detail::check(bk_dm_stats_add_rows(handle_.get(), counts.data(), n_rows, k,
                                       weights.empty() ? nullptr : weights.data()));
    return *this;
  }
  /// Adds the rows of `other` (which may be this object: rows then count twice).
  DmStats &merge(const DmStats &other) {
    detail::check(bk_dm_stats_merge(handle_.get(), other.handle_.get()));
    return *this;
  }

  /// Number of categories K.
  std::size_t categories() const {
    std::size_t k;
    detail::check(bk_dm_stats_categories(handle_.get(), &k));
    return k;
  }
  /// Rows added (including all-zero rows).
  std::uint64_t rows() const {
    std::uint64_t n;
    detail::check(bk_dm_stats_rows(handle_.get(), &n));
    return n;
  }
  /// Sum of the weights of the rows added.
  double total_weight() const {
    double w;
    detail::check(bk_dm_stats_total_weight(handle_.get(), &w));
    return w;
  }
  /// The message (`path:line: reason`) of the first bad row the read_file()
  /// that made these statistics skipped with `skip_bad`; empty if none was,
  /// or for statistics made otherwise (adding and merging do not change it).
  std::string first_skipped() const {
    std::size_t len = 0;
    detail::check(bk_dm_stats_first_skipped(handle_.get(), nullptr, 0, &len));
    std::string text(len, '\0');  // the size counts the NUL
    detail::check(bk_dm_stats_first_skipped(handle_.get(), &text[0], text.size(), &len));
    text.resize(len - 1);
    return text;
  }
  /// Bytes serialize() needs.
  std::size_t serialized_size() const {
    std::size_t len = 0;
    detail::check(bk_dm_stats_serialize(handle_.get(), nullptr, 0, &len));
    return len;
  }
  /// Serialises into `buf` and returns the bytes written; Error if `buf` is too small.
  std::size_t serialize(Span<std::uint8_t> buf) const {
    std::size_t len = 0;
    detail::check(bk_dm_stats_serialize(handle_.get(), buf.data(), buf.size(), &len));
    return len;
  }
  /// The versioned, checksummed serialisation (allocates the vector).
  std::vector<std::uint8_t> serialize() const {
    std::vector<std::uint8_t> out(serialized_size());
    out.resize(serialize(out));
    return out;
  }

  /// The C handle (still owned by this object); null if moved from.
  bk_dm_stats *get() const noexcept { return handle_.get(); }
  /// Gives up ownership; the caller must `bk_dm_stats_free` the handle.
  bk_dm_stats *release() noexcept { return handle_.release(); }
  /// True unless moved from or released.
  explicit operator bool() const noexcept { return handle_ != nullptr; }

 private:
  explicit DmStats(bk_dm_stats *raw) noexcept : handle_(raw) {}
  struct Free {
    void operator()(bk_dm_stats *p) const noexcept { bk_dm_stats_free(p); }
  };
  std::unique_ptr<bk_dm_stats, Free> handle_;
};

class DmResult;
DmResult fit(const DmStats &stats, const FitOptions &opts);

/**
 * \brief A Dirichlet prior α applied to rows of counts: shrunk posterior
 * means, intervals and ranking scores (`bk_dm_prior`).
 *
 * Immutable and safe to share across threads (all calls are `const`).
 * Move-only. Calls that write into a Span allocate nothing in this layer.
 */
class DmPrior {
 public:
  /// From K ≥ 2 concentrations, each finite and > 0 (`alpha` is copied).
  explicit DmPrior(Span<const double> alpha) : k_(alpha.size()) {
    bk_dm_prior *raw = nullptr;
    detail::check(bk_dm_prior_new(alpha.data(), alpha.size(), &raw));
    handle_.reset(raw);
  }
  /// Takes `other`'s handle; `other` becomes empty.
  DmPrior(DmPrior &&other) noexcept
      : handle_(std::move(other.handle_)), k_(std::exchange(other.k_, 0)) {}
  /// Frees this handle and takes `other`'s; `other` becomes empty.
  DmPrior &operator=(DmPrior &&other) noexcept {
    handle_ = std::move(other.handle_);
    k_ = std::exchange(other.k_, 0);
    return *this;
  }
  DmPrior(const DmPrior &) = delete;
  DmPrior &operator=(const DmPrior &) = delete;
  ~DmPrior() = default;

  /// Number of categories K (0 if moved from).
  std::size_t categories() const noexcept { return k_; }

  /// Writes the posterior means (α_k + x_k)/(A + n) of a row of K counts into `out` (K values).
  void posterior_mean(Span<const std::uint64_t> counts, Span<double> out) const {
    if (out.size() != counts.size())
      detail::throw_size("DmPrior::posterior_mean: out", out.size(), counts.size());
    detail::check(
        bk_dm_prior_posterior_mean(handle_.get(), counts.data(), counts.size(), out.data()));
  }
  /// The posterior means of a row (allocates the vector).
  std::vector<double> posterior_mean(Span<const std::uint64_t> counts) const {
    std::vector<double> out(counts.size());
    posterior_mean(counts, out);
    return out;
  }
  /// Equal-tailed credible interval at `level` of category `category`'s probability for a row.
  Interval interval(Span<const std::uint64_t> counts, std::size_t category, double level) const {
    Interval i{};
    detail::check(bk_dm_prior_interval(handle_.get(), counts.data(), counts.size(), category,
                                       level, &i.lo, &i.hi));
    return i;
  }
  /**
   * \brief The credible intervals at `level` of every category of rows of K
   * counts stored row-major in `counts`, in one C call: row i's category c
   * goes to `lower[i*K + c]` and `upper[i*K + c]` (one value per count
   * each), bit for bit interval(). On failure both are untouched.
   */
  void intervals(Span<const std::uint64_t> counts, double level, Span<double> lower,
                 Span<double> upper) const {
    if (k_ == 0) detail::throw_empty("DmPrior");
    if (counts.size() % k_ != 0)
      detail::throw_size("DmPrior::intervals: counts (a multiple of K)", counts.size(),
                         (counts.size() / k_ + 1) * k_);
    if (lower.size() != counts.size())
      detail::throw_size("DmPrior::intervals: lower", lower.size(), counts.size());
    if (upper.size() != counts.size())
      detail::throw_size("DmPrior::intervals: upper", upper.size(), counts.size());
    detail::check(bk_dm_prior_intervals(handle_.get(), counts.data(), counts.size() / k_, k_,
                                        level, lower.data(), upper.data()));
  }
  /// The intervals of every category of rows of K counts, row-major (allocates the vector).
  std::vector<Interval> intervals(Span<const std::uint64_t> counts, double level) const {
    if (k_ == 0) detail::throw_empty("DmPrior");
    std::vector<double> lower(counts.size()), upper(counts.size());
    intervals(counts, level, lower, upper);
    std::vector<Interval> out(counts.size());
    for (std::size_t i = 0; i < out.size(); i++) out[i] = Interval{lower[i], upper[i]};
    return out;
  }
  /**
   * \brief Scores rows of K counts stored row-major in `counts` (higher
   * ranks first) into `scores` (one per row). `level` is used only by
   * RankBy::lower. On failure `scores` is untouched.
   */
  void score_rows(Span<const std::uint64_t> counts, RankBy by, std::size_t category, double level,
                  Span<double> scores) const {
    if (k_ == 0) detail::throw_empty("DmPrior");
    if (counts.size() % k_ != 0)
      detail::throw_size("DmPrior::score_rows: counts (a multiple of K)", counts.size(),
                         (counts.size() / k_ + 1) * k_);
    const std::size_t n_rows = counts.size() / k_;
    if (scores.size() != n_rows)
      detail::throw_size("DmPrior::score_rows: scores", scores.size(), n_rows);
    detail::check(bk_dm_prior_score_rows(handle_.get(), counts.data(), n_rows, k_,
                                         static_cast<bk_dm_rank_by>(by), category, level,
                                         scores.data()));
  }
  /// The scores of rows (allocates the vector).
  std::vector<double> score_rows(Span<const std::uint64_t> counts, RankBy by,
                                 std::size_t category, double level = 0.95) const {
    if (k_ == 0) detail::throw_empty("DmPrior");
    std::vector<double> out(counts.size() / k_);
    score_rows(counts, by, category, level, out);
    return out;
  }

  /// The C handle (still owned by this object); null if moved from.
  bk_dm_prior *get() const noexcept { return handle_.get(); }
  /// True unless moved from.
  explicit operator bool() const noexcept { return handle_ != nullptr; }

 private:
  struct Free {
    void operator()(bk_dm_prior *p) const noexcept { bk_dm_prior_free(p); }
  };
  std::unique_ptr<bk_dm_prior, Free> handle_;
  std::size_t k_;
};

/**
 * \brief The result of fit() (`bk_dm_result`): α, summary statistics and
 * standard errors. Immutable and safe to share across threads. Move-only.
 *
 * A degenerate fit is not an error: read outcome() before using alpha().
 */
class DmResult {
 public:
  /// Takes `other`'s handle; `other` becomes empty.
  DmResult(DmResult &&other) noexcept
      : handle_(std::move(other.handle_)), k_(std::exchange(other.k_, 0)) {}
  /// Frees this handle and takes `other`'s; `other` becomes empty.
  DmResult &operator=(DmResult &&other) noexcept {
    handle_ = std::move(other.handle_);
    k_ = std::exchange(other.k_, 0);
    return *this;
  }
  DmResult(const DmResult &) = delete;
  DmResult &operator=(const DmResult &) = delete;
  ~DmResult() = default;

  /// The scalar results.
  FitSummary summary() const {
    FitSummary s{};
    s.struct_size = sizeof s;
    detail::check(bk_dm_result_summary(handle_.get(), &s));
    return s;
  }
  /// How the fit ended.
  Outcome outcome() const { return static_cast<Outcome>(summary().outcome); }
  /// Number of categories K (dropped ones included; 0 if moved from).
  std::size_t categories() const noexcept { return k_; }

  /// Copies α (K values) into `out`.
  void alpha(Span<double> out) const {
    detail::check(bk_dm_result_alpha(handle_.get(), out.data(), out.size()));
  }
  /// α (allocates the vector).
  std::vector<double> alpha() const { return vec(&DmResult::alpha); }
  /// Copies the mean proportions α_k/A (K values) into `out`.
  void mean(Span<double> out) const {
    detail::check(bk_dm_result_mean(handle_.get(), out.data(), out.size()));
  }
  /// The mean proportions (allocates the vector).
  std::vector<double> mean() const { return vec(&DmResult::mean); }
  /// Copies the standard errors of α (K values; NaN unless converged) into `out`.
  void std_errors(Span<double> out) const {
    detail::check(bk_dm_result_std_errors(handle_.get(), out.data(), out.size()));
  }
  /// The standard errors (allocates the vector).
  std::vector<double> std_errors() const { return vec(&DmResult::std_errors); }
  /// Writes 1 for each dropped category, 0 otherwise (K values).
  void dropped(Span<std::uint8_t> out) const {
    detail::check(bk_dm_result_dropped(handle_.get(), out.data(), out.size()));
  }
  /// Which categories were dropped (allocates the vector).
  std::vector<bool> dropped() const {
    std::vector<std::uint8_t> raw(k_);
    dropped(raw);
    return std::vector<bool>(raw.begin(), raw.end());
  }
  /**
   * \brief The prior of this fit's α.
   * \throws Error BK_ERR_INVALID_ARGUMENT unless the outcome is
   *   Outcome::converged and no category was dropped.
   */
  DmPrior prior() const {
    if (outcome() != Outcome::converged)
      detail::throw_error(BK_ERR_INVALID_ARGUMENT,
                          "DmResult::prior: the fit did not converge (see outcome())");
    return DmPrior(alpha());
  }

  /// The C handle (still owned by this object); null if moved from.
  bk_dm_result *get() const noexcept { return handle_.get(); }
  /// True unless moved from.
  explicit operator bool() const noexcept { return handle_ != nullptr; }

 private:
  friend DmResult fit(const DmStats &stats, const FitOptions &opts);
  explicit DmResult(bk_dm_result *raw) : handle_(raw), k_(0) {
    k_ = summary().categories;
  }
  std::vector<double> vec(void (DmResult::*f)(Span<double>) const) const {
    std::vector<double> out(k_);
    (this->*f)(out);
    return out;
  }
  struct Free {
    void operator()(bk_dm_result *p) const noexcept { bk_dm_result_free(p); }
  };
  std::unique_ptr<bk_dm_result, Free> handle_;
  std::size_t k_;
};

/**
 * \brief Fits the Dirichlet–multinomial α to `stats` by maximum likelihood
 * (MAP with a hyperprior). `stats` is only read and may be destroyed after.
 * \throws Error BK_ERR_INVALID_ARGUMENT for bad options, statistics without
 *   counts, or a category without counts (unless drop_empty or a hyperprior).
 */
inline DmResult fit(const DmStats &stats, const FitOptions &opts = FitOptions()) {
  bk_dm_result *raw = nullptr;
  detail::check(bk_dm_fit(stats.get(), &opts.raw(), &raw));
  return DmResult(raw);
}

// ---------------------------------------------------------------------------
// Sparse logistic regression
// ---------------------------------------------------------------------------

/// How the feature ids of a svmlight file are numbered (`BK_LOGISTIC_ID_BASE_*`).
enum class IdBase : bk_logistic_id_base {
  zero = BK_LOGISTIC_ID_BASE_ZERO,       ///< The first feature is id 0.
  one = BK_LOGISTIC_ID_BASE_ONE,         ///< The first feature is id 1 (libsvm's default).
  automatic = BK_LOGISTIC_ID_BASE_AUTO,  ///< 0-based if any id is 0, else 1-based.
};

/// The Laplace covariances of a model (`BK_LAPLACE_*`).
enum class Laplace : std::uint32_t {
  none = BK_LAPLACE_NONE,      ///< No covariances.
  blocks = BK_LAPLACE_BLOCKS,  ///< Per-feature K×K blocks of the Hessian (the default).
  full = BK_LAPLACE_FULL,      ///< The exact dense inverse over the active weights (≤ 3000 parameters).
};

/// Which λ cross-validation picks (`BK_CV_*`).
enum class CvChoice : std::uint32_t {
  min = BK_CV_MIN,        ///< The smallest mean held-out loss.
  one_se = BK_CV_ONE_SE,  ///< The largest λ within one standard error of the smallest.
};

/// One fit of a LogisticPath (`bk_logistic_step`): λ, loss, objective,
/// `cv_mean`/`cv_se` (NaN without CV), nnz, iterations, converged.
using LogisticStep = bk_logistic_step;
/// The outcome of cross-validation (`bk_logistic_cv_summary`): folds, seed,
/// the step indices `best`, `one_se`, `chosen`, and the rule.
using LogisticCvSummary = bk_logistic_cv_summary;

/// How a model numbers its features (`bk_feature_space_kind`, `BK_FEATURE_SPACE_*`).
/// A kind a newer library adds is a value none of these names: treat it as
/// ids without names.
enum class FeatureSpaceKind : std::uint32_t {
  indexed = BK_FEATURE_SPACE_INDEXED,  ///< Ids used as given (svmlight, CSR data); no names.
  names = BK_FEATURE_SPACE_NAMES,      ///< A dictionary: LogisticModel::feature_name() of each id.
  hashed = BK_FEATURE_SPACE_HASHED,    ///< MurmurHash3 of the phrase with `hash_seed`, modulo 2^`hash_bits`.
};

/// A model's feature space (LogisticModel::feature_space(), `bk_feature_space`).
struct FeatureSpace {
  FeatureSpaceKind kind{};       ///< Indexed ids, a dictionary, or hashed phrases.
  std::uint64_t features = 0;    ///< Number of ids (ids are 0 .. features − 1).
  std::uint32_t hash_bits = 0;   ///< Hashed: the bits b of the 2^b ids; 0 otherwise.
  std::uint32_t hash_seed = 0;   ///< Hashed: the MurmurHash3 seed; 0 otherwise.
};

/// What a `LogisticData::read_*` call did besides building the data (`bk_logistic_read_report`).
using LogisticReadReport = bk_logistic_read_report;
/// How a model was trained and how training ended (`bk_logistic_info`); check `converged`.
using LogisticInfo = bk_logistic_info;
/// The scalar metrics of LogisticModel::evaluate() (`bk_logistic_eval`):
/// `log_loss`, `accuracy`, `clipped`, `rows`.
using LogisticEval = bk_logistic_eval;

/**
 * \brief Options of the LogisticData readers (wraps `bk_logistic_read_options`,
 * filled with the library's defaults). Fields that do not apply to a reader
 * are ignored by it. Setters chain.
 */
class LogisticReadOptions {
 public:
  /// The defaults of the loaded library.
  LogisticReadOptions() { detail::check(bk_logistic_read_options_default(&opts_)); }
  /// svmlight: how ids are numbered (default IdBase::one).
  LogisticReadOptions &id_base(IdBase v) noexcept {
    opts_.id_base = static_cast<bk_logistic_id_base>(v);
    return *this;
  }
  /// svmlight: the number of features (≤ 2^32); 0 (default) takes the largest id + 1.
  LogisticReadOptions &n_features(std::uint64_t v) noexcept {
    opts_.n_features = v;
    return *this;
  }
  /// Phrases with a dictionary: keep at most this many phrases; 0 (default) for all.
  LogisticReadOptions &max_features(std::uint64_t v) noexcept {
    opts_.max_features = v;
    return *this;
  }
  /// Phrases with a dictionary: keep phrases with at least this total count (default 1).
  LogisticReadOptions &min_count(std::uint64_t v) noexcept {
    opts_.min_count = v;
    return *this;
  }
  /// Phrases: 1 to 31 hashes phrases to 2^bits ids (Spark's HashingTF); 0 (default) builds a dictionary.
  LogisticReadOptions &hash_bits(std::uint32_t v) noexcept {
    opts_.hash_bits = v;
    return *this;
  }
  /// Phrases with hashing: the MurmurHash3 seed (default 42, Spark's).
  LogisticReadOptions &hash_seed(std::uint32_t v) noexcept {
    opts_.hash_seed = v;
    return *this;
  }
  /// Skip bad rows (counted in the report) instead of failing (default false).
  LogisticReadOptions &skip_bad(bool v) noexcept {
    opts_.skip_bad = v ? 1 : 0;
    return *this;
  }
  /// The C struct, e.g. to read a field or set one this header does not know yet.
  bk_logistic_read_options &raw() noexcept { return opts_; }
  /// The C struct.
  const bk_logistic_read_options &raw() const noexcept { return opts_; }

 private:
  bk_logistic_read_options opts_{};
};

/**
 * \brief Options of LogisticModel::train() (wraps `bk_logistic_train_options`,
 * filled with the library's defaults). Setters chain.
 *
 * Training minimises the weighted mean log-loss plus
 * λ·((1−ρ)/2·‖W‖² + ρ·‖W‖₁) (intercepts unpenalised).
 */
class LogisticTrainOptions {
 public:
  /// The defaults of the loaded library.
  LogisticTrainOptions() { detail::check(bk_logistic_train_options_default(&opts_)); }
  /// Most passes over the features, ≥ 1 (default 1000).
  LogisticTrainOptions &max_iter(std::uint32_t v) noexcept {
    opts_.max_iter = v;
    return *this;
  }
  /// Penalty weight λ, finite and ≥ 0 (default 1e-3).
  LogisticTrainOptions &lambda(double v) noexcept {
    opts_.lambda = v;
    return *this;
  }
  /// Elastic-net mix ρ in [0, 1]: 1 is the lasso, 0 ridge (default 0.5).
  LogisticTrainOptions &l1_ratio(double v) noexcept {
    opts_.l1_ratio = v;
    return *this;
  }
  /// Stopping tolerance on the subgradient's ∞-norm, finite and > 0 (default 1e-7).
  LogisticTrainOptions &tol(double v) noexcept {
    opts_.tol = v;
    return *this;
  }
  /// Also stop once the relative duality gap, an upper bound on the fit's relative
  /// suboptimality (F − F*)/F, is at most this; 0 turns the rule off (default 0).
  LogisticTrainOptions &max_gap(double v) noexcept {
    opts_.max_gap = v;
    return *this;
  }
  /// Threads of each gradient pass, 1 to 256 (default 1); the model does not depend on it.
  LogisticTrainOptions &threads(std::uint32_t v) noexcept {
    opts_.threads = v;
    return *this;
  }
  /// The Laplace covariances to attach to the model (default Laplace::blocks).
  LogisticTrainOptions &laplace(Laplace v) noexcept {
    opts_.laplace = static_cast<std::uint32_t>(v);
    return *this;
  }
  /// The C struct.
  bk_logistic_train_options &raw() noexcept { return opts_; }
  /// The C struct.
  const bk_logistic_train_options &raw() const noexcept { return opts_; }

 private:
  bk_logistic_train_options opts_{};
};

/**
 * \brief Options of LogisticModel::evaluate() (wraps `bk_logistic_eval_options`,
 * filled with the library's defaults).
 */
class LogisticEvalOptions {
 public:
  /// The defaults of the loaded library (no clipping).
  LogisticEvalOptions() { detail::check(bk_logistic_eval_options_default(&opts_)); }
  /// ε in (0, 1): a row's loss is at most −ln ε (counted in `clipped`); 0 (default) for none.
  LogisticEvalOptions &clip(double v) noexcept {
    opts_.clip = v;
    return *this;
  }
  /// The C struct.
  bk_logistic_eval_options &raw() noexcept { return opts_; }
  /// The C struct.
  const bk_logistic_eval_options &raw() const noexcept { return opts_; }

 private:
  bk_logistic_eval_options opts_{};
};

/**
 * \brief Options of LogisticModel::predict_mc() (wraps `bk_logistic_mc_options`,
 * filled with the library's defaults). Setters chain.
 */
class LogisticMcOptions {
 public:
  /// The defaults of the loaded library (1000 draws, level 0.95).
  LogisticMcOptions() { detail::check(bk_logistic_mc_options_default(&opts_)); }
  /// Draws of the logits, ≥ 2 (default 1000).
  LogisticMcOptions &draws(std::uint64_t v) noexcept {
    opts_.draws = v;
    return *this;
  }
  /// Central probability of the interval, in (0, 1) (default 0.95).
  LogisticMcOptions &level(double v) noexcept {
    opts_.level = v;
    return *this;
  }
  /// The C struct.
  bk_logistic_mc_options &raw() noexcept { return opts_; }
  /// The C struct.
  const bk_logistic_mc_options &raw() const noexcept { return opts_; }

 private:
  bk_logistic_mc_options opts_{};
};

/// The Monte Carlo predictive of one row (LogisticModel::predict_mc()): per
/// class the mean drawn probability and the central interval.
struct LogisticMcPrediction {
  std::vector<double> mean;   ///< K mean probabilities.
  std::vector<double> lower;  ///< K lower interval ends.
  std::vector<double> upper;  ///< K upper interval ends.
};

/**
 * \brief Options of LogisticPath::fit() (wraps `bk_logistic_path_options`,
 * filled with the library's defaults). Setters chain. Explicit λ values are
 * copied into this object and passed to the C call by fit().
 */
class LogisticPathOptions {
 public:
  /// The defaults of the loaded library (a 20-value grid down to 1e-3·λ_max, early stop, no CV).
  LogisticPathOptions() { detail::check(bk_logistic_path_options_default(&opts_)); }
  /// The grid's number of λ values, ≥ 2 (default 20).
  LogisticPathOptions &n_lambdas(std::uint32_t v) noexcept {
    opts_.n_lambdas = v;
    return *this;
  }
  /// The grid's λ_min/λ_max, in (0, 1) (default 1e-3).
  LogisticPathOptions &min_ratio(double v) noexcept {
    opts_.min_ratio = v;
    return *this;
  }
  /// Explicit λ values (strictly decreasing, finite, > 0) instead of the grid; empty for the grid.
  LogisticPathOptions &lambdas(Span<const double> v) {
    lambdas_.assign(v.begin(), v.end());
    return *this;
  }
  /// Stop a grid once the training loss stops improving (default true).
  LogisticPathOptions &early_stop(bool v) noexcept {
    opts_.early_stop = v ? 1 : 0;
    return *this;
  }
  /// 0 (default) for no cross-validation, else the number of folds (≥ 2).
  LogisticPathOptions &folds(std::uint32_t v) noexcept {
    opts_.folds = v;
    return *this;
  }
  /// The seed of the stratified fold assignment (default 0).
  LogisticPathOptions &seed(std::uint64_t v) noexcept {
    opts_.seed = v;
    return *this;
  }
  /// Which λ cross-validation picks (default CvChoice::min).
  LogisticPathOptions &choice(CvChoice v) noexcept {
    opts_.choice = static_cast<std::uint32_t>(v);
    return *this;
  }
  /// The explicit λ values (empty: the grid).
  const std::vector<double> &lambdas() const noexcept { return lambdas_; }
  /// The C struct as the C call gets it; its `lambdas` points into this
  /// object, so use it only while this object lives and is not changed.
  bk_logistic_path_options raw() const noexcept {
    bk_logistic_path_options o = opts_;
    o.lambdas = lambdas_.empty() ? nullptr : lambdas_.data();
    o.n_values = lambdas_.size();
    return o;
  }
  /// The C struct without the λ values, e.g. to set a field this header does not know yet.
  bk_logistic_path_options &base() noexcept { return opts_; }

 private:
  bk_logistic_path_options opts_{};
  std::vector<double> lambdas_;
};

/// The scalar metrics and the per-class results of LogisticModel::evaluate_full().
struct LogisticEvaluation {
  LogisticEval metrics{};           ///< Log-loss, accuracy, clipped rows, rows.
  std::vector<double> confusion;  ///< K × K, row-major: `confusion[t*K + p]`, t the true class.
  std::vector<double> precision;  ///< K values (NaN when nothing was predicted as the class).
  std::vector<double> recall;     ///< K values (NaN when no row has the class).
};

class LogisticModel;

/**
 * \brief A labelled sparse data set (`bk_logistic_data`): rows of
 * (feature id, value) pairs, a class per row, optional row weights, the
 * class labels and the feature space.
 *
 * Immutable and safe to share across threads (all calls are `const`).
 * Move-only. Models trained on it do not refer to it afterwards.
 */
class LogisticData {
 public:
  /**
   * \brief Data from a CSR matrix (every array is copied).
   *
   * `indptr` has n_rows + 1 ≥ 2 offsets (`indptr[0] = 0`, never decreasing,
   * the last = nnz); `indices` and `values` have nnz entries each (ids
   * strictly increasing within a row, below `n_features`; values finite);
   * `labels` has n_rows class indices below `n_classes`, whose labels are
   * `"0"` … `"K-1"`; `weights` is empty (weight 1 each) or has n_rows
   * weights (finite, ≥ 0).
   * \throws Error BK_ERR_INVALID_ARGUMENT for arrays whose sizes disagree
   *   (checked by the binding) or any of the C API's checks.
   */
  static LogisticData from_csr(Span<const std::size_t> indptr,
                               Span<const std::uint32_t> indices, Span<const double> values,
                               std::size_t n_features, Span<const std::uint32_t> labels,
                               std::size_t n_classes, Span<const double> weights = {}) {
    if (indptr.empty())
      detail::throw_size("LogisticData::from_csr: indptr (n_rows + 1)", 0, labels.size() + 1);
    const std::size_t n_rows = indptr.size() - 1;
    if (values.size() != indices.size())
      detail::throw_size("LogisticData::from_csr: values", values.size(), indices.size());
    if (labels.size() != n_rows)
      detail::throw_size("LogisticData::from_csr: labels", labels.size(), n_rows);
    if (!weights.empty() && weights.size() != n_rows)
      detail::throw_size("LogisticData::from_csr: weights", weights.size(), n_rows);
    bk_logistic_data *raw = nullptr;
    detail::check(bk_logistic_data_from_csr(indptr.data(), n_rows, indices.data(), values.data(),
                                            indices.size(), n_features, labels.data(), n_classes,
                                            weights.empty() ? nullptr : weights.data(), &raw));
    return LogisticData(raw);
  }
  /**
   * \brief Reads a svmlight/libsvm file (`label id:value ...`). Of `opts`,
   * `id_base`, `n_features` and `skip_bad` apply.
   * \param report if not null, receives the row counts and the id base used.
   * \throws Error BK_ERR_IO (unreadable), BK_ERR_PARSE (no data rows or a
   *   bad line: "path:line: reason"), BK_ERR_INVALID_ARGUMENT (bad options).
   */
  static LogisticData read_svmlight(const char *path,
                                    const LogisticReadOptions &opts = LogisticReadOptions(),
                                    LogisticReadReport *report = nullptr) {
    bk_logistic_data *raw = nullptr;
    if (report != nullptr) report->struct_size = sizeof *report;
    detail::check(bk_logistic_data_read_svmlight(path, &opts.raw(), &raw, report));
    return LogisticData(raw);
  }
  /// As read_svmlight(const char*, ...).
  static LogisticData read_svmlight(const std::string &path,
                                    const LogisticReadOptions &opts = LogisticReadOptions(),
                                    LogisticReadReport *report = nullptr) {
    return read_svmlight(path.c_str(), opts, report);
  }
  /**
   * \brief Reads a phrase TSV file (`label<TAB>phrase:count<TAB>...`) into a
   * dictionary of its phrases or, with `hash_bits`, hashed ids. To read test
   * data for a trained model use read_phrases_for().
   * \throws Error as read_svmlight().
   */
  static LogisticData read_phrases(const char *path,
                                   const LogisticReadOptions &opts = LogisticReadOptions(),
                                   LogisticReadReport *report = nullptr) {
    bk_logistic_data *raw = nullptr;
    if (report != nullptr) report->struct_size = sizeof *report;
    detail::check(bk_logistic_data_read_phrases(path, &opts.raw(), &raw, report));
    return LogisticData(raw);
  }
  /// As read_phrases(const char*, ...).
  static LogisticData read_phrases(const std::string &path,
                                   const LogisticReadOptions &opts = LogisticReadOptions(),
                                   LogisticReadReport *report = nullptr) {
    return read_phrases(path.c_str(), opts, report);
  }
  /**
   * \brief Reads a phrase TSV file in the feature space of `model` (its
   * dictionary, phrases outside it counted in `report->out_of_vocabulary`,
   * or its hashing), e.g. test data. Of `opts` only `skip_bad` applies.
   * \throws Error as read_phrases(), and BK_ERR_INVALID_ARGUMENT for a model
   *   without phrases (trained on svmlight or CSR data).
   */
  static LogisticData read_phrases_for(const LogisticModel &model, const char *path,
                                       const LogisticReadOptions &opts = LogisticReadOptions(),
                                       LogisticReadReport *report = nullptr);
  /// As read_phrases_for(const LogisticModel&, const char*, ...).
  static LogisticData read_phrases_for(const LogisticModel &model, const std::string &path,
                                       const LogisticReadOptions &opts = LogisticReadOptions(),
                                       LogisticReadReport *report = nullptr) {
    return read_phrases_for(model, path.c_str(), opts, report);
  }
  /// Takes ownership of a handle made by a `bk_logistic_data_*` constructor (may be null).
  static LogisticData adopt(bk_logistic_data *raw) noexcept { return LogisticData(raw); }

  /// Number of rows.
  std::size_t rows() const { return count(bk_logistic_data_rows); }
  /// Number of classes (distinct labels).
  std::size_t classes() const { return count(bk_logistic_data_classes); }
  /// Size of the feature space (ids 0 .. features() − 1): CSR `n_features`,
  /// the dictionary size or 2^hash_bits.
  std::size_t features() const { return count(bk_logistic_data_features); }
  /// The message (`path:line: reason`) of the first bad row the read that
  /// made these data skipped with `skip_bad`; empty if none was (or for CSR data).
  std::string first_skipped() const {
    std::size_t len = 0;
    detail::check(bk_logistic_data_first_skipped(handle_.get(), nullptr, 0, &len));
    std::string text(len, '\0');  // the size counts the NUL
    detail::check(bk_logistic_data_first_skipped(handle_.get(), &text[0], text.size(), &len));
    text.resize(len - 1);
    return text;
  }

  /// The C handle (still owned by this object); null if moved from.
  bk_logistic_data *get() const noexcept { return handle_.get(); }
  /// Gives up ownership; the caller must `bk_logistic_data_free` the handle.
  bk_logistic_data *release() noexcept { return handle_.release(); }
  /// True unless moved from or released.
  explicit operator bool() const noexcept { return handle_ != nullptr; }

 private:
  explicit LogisticData(bk_logistic_data *raw) noexcept : handle_(raw) {}
  std::size_t count(bk_status (*f)(const bk_logistic_data *, std::size_t *)) const {
    std::size_t n;
    detail::check(f(handle_.get(), &n));
    return n;
  }
  struct Free {
    void operator()(bk_logistic_data *p) const noexcept { bk_logistic_data_free(p); }
  };
  std::unique_ptr<bk_logistic_data, Free> handle_;
};

/**
 * \brief A trained sparse multinomial logistic model (`bk_logistic_model`):
 * train it, save and load it, score sparse rows.
 *
 * Immutable and safe to share across threads: every call is `const`
 * (feature_id() builds its phrase table once, thread-safely). Move-only.
 * The scoring calls that write into a Span allocate nothing in this layer
 * (nor in the library).
 */
class LogisticModel {
 public:
  /// The id feature_id() gives a phrase missing from the dictionary; scoring ignores it.
  static constexpr std::uint32_t no_feature = BK_LOGISTIC_NO_FEATURE;

  /**
   * \brief Trains a model on `data` (only read; it may be destroyed after).
   * Running out of passes is not an error: check `info().converged`.
   * \throws Error BK_ERR_INVALID_ARGUMENT for options out of range, fewer than
   *   two classes present, or row weights summing to 0.
   */
  static LogisticModel train(const LogisticData &data,
                             const LogisticTrainOptions &opts = LogisticTrainOptions()) {
    bk_logistic_model *raw = nullptr;
    detail::check(bk_logistic_train(data.get(), &opts.raw(), &raw));
    return LogisticModel(raw);
  }
  /**
   * \brief As train(), with one weight per class of `data` (finite, ≥ 0)
   * multiplied into the row weights, e.g. to balance rare classes.
   * \throws Error as train(), and BK_ERR_INVALID_ARGUMENT if the number of
   *   weights differs from `data.classes()` or a weight is bad.
   */
  static LogisticModel train_weighted(const LogisticData &data, Span<const double> class_weights,
                                      const LogisticTrainOptions &opts = LogisticTrainOptions()) {
    bk_logistic_model *raw = nullptr;
    detail::check(bk_logistic_train_weighted(data.get(), &opts.raw(), class_weights.data(),
                                             class_weights.size(), &raw));
    return LogisticModel(raw);
  }
  /// Reads a model file (save(), or the CLI's `logistic train`).
  /// \throws Error BK_ERR_IO (unreadable), BK_ERR_CORRUPT (not an intact model file).
  static LogisticModel load(const char *path) {
    bk_logistic_model *raw = nullptr;
    detail::check(bk_logistic_model_load(path, &raw));
    return LogisticModel(raw);
  }
  /// As load(const char*).
  static LogisticModel load(const std::string &path) { return load(path.c_str()); }
  /// A model from the bytes of to_bytes() or of a model file; Error(BK_ERR_CORRUPT) if damaged.
  static LogisticModel from_bytes(Span<const std::uint8_t> bytes) {
    bk_logistic_model *raw = nullptr;
    detail::check(bk_logistic_model_from_bytes(bytes.data(), bytes.size(), &raw));
    return LogisticModel(raw);
  }
  /// Takes ownership of a handle made by a `bk_logistic_*` constructor (may be null).
  static LogisticModel adopt(bk_logistic_model *raw) { return LogisticModel(raw); }

  /// Takes `other`'s handle; `other` becomes empty.
  LogisticModel(LogisticModel &&other) noexcept
      : handle_(std::move(other.handle_)), k_(std::exchange(other.k_, 0)) {}
  /// Frees this handle and takes `other`'s; `other` becomes empty.
  LogisticModel &operator=(LogisticModel &&other) noexcept {
    handle_ = std::move(other.handle_);
    k_ = std::exchange(other.k_, 0);
    return *this;
  }
  LogisticModel(const LogisticModel &) = delete;
  LogisticModel &operator=(const LogisticModel &) = delete;
  ~LogisticModel() = default;

  /// Writes the model file `path` (created or replaced); Error(BK_ERR_IO) if it cannot.
  void save(const char *path) const { detail::check(bk_logistic_model_save(handle_.get(), path)); }
  /// As save(const char*).
  void save(const std::string &path) const { save(path.c_str()); }
  /// Bytes to_bytes() needs.
  std::size_t serialized_size() const {
    std::size_t len = 0;
    detail::check(bk_logistic_model_to_bytes(handle_.get(), nullptr, 0, &len));
    return len;
  }
  /// Writes the model's bytes into `buf` and returns their number; Error if `buf` is too small.
  std::size_t to_bytes(Span<std::uint8_t> buf) const {
    std::size_t len = 0;
    detail::check(bk_logistic_model_to_bytes(handle_.get(), buf.data(), buf.size(), &len));
    return len;
  }
  /// The bytes of a model file (portable, versioned, checksummed; allocates the vector).
  std::vector<std::uint8_t> to_bytes() const {
    std::vector<std::uint8_t> out(serialized_size());
    out.resize(to_bytes(out));
    return out;
  }
  /// The whole model as JSON (labels, features, intercepts, weights, training metadata).
  std::string to_json() const {
    std::size_t len = 0;
    detail::check(bk_logistic_model_to_json(handle_.get(), nullptr, 0, &len));
    std::string text(len, '\0');  // len counts the NUL
    detail::check(bk_logistic_model_to_json(handle_.get(), &text[0], text.size(), &len));
    text.resize(len - 1);
    return text;
  }

  /// Number of classes K ≥ 2 (0 if moved from).
  std::size_t classes() const noexcept { return k_; }
  /// The label of class `class_index` (below K): the data file's text, or "0" … "K-1" for CSR data.
  std::string label(std::size_t class_index) const {
    std::size_t len = 0;
    detail::check(bk_logistic_model_label(handle_.get(), class_index, nullptr, 0, &len));
    std::string text(len, '\0');  // the size counts the NUL
    detail::check(bk_logistic_model_label(handle_.get(), class_index, &text[0], text.size(), &len));
    text.resize(len - 1);
    return text;
  }
  /// The K labels, in class order (allocates).
  std::vector<std::string> labels() const {
    if (!handle_) detail::throw_empty("LogisticModel");
    std::vector<std::string> out;
    out.reserve(k_);
    for (std::size_t i = 0; i < k_; i++) out.push_back(label(i));
    return out;
  }
  /// Size of the feature space: ids 0 .. features() − 1 have weights.
  std::size_t features() const {
    std::size_t n;
    detail::check(bk_logistic_model_features(handle_.get(), &n));
    return n;
  }
  /// Number of non-zero weights (intercepts not counted).
  std::size_t nnz() const {
    std::size_t n;
    detail::check(bk_logistic_model_nnz(handle_.get(), &n));
    return n;
  }
  /// How the model was trained and how training ended.
  LogisticInfo info() const {
    LogisticInfo i{};
    i.struct_size = sizeof i;
    detail::check(bk_logistic_model_info(handle_.get(), &i));
    return i;
  }
  /**
   * \brief The feature id of a (NUL-terminated, UTF-8) phrase, used exactly:
   * its dictionary id, `no_feature` if the dictionary lacks it (which may be
   * passed on to scoring), or its hashed id. Allocates nothing after the
   * first call.
   * \throws Error BK_ERR_INVALID_ARGUMENT for a phrase that is not UTF-8 or a
   *   model without phrases (trained on svmlight or CSR data).
   */
  std::uint32_t feature_id(const char *phrase) const {
    std::uint32_t id;
    detail::check(bk_logistic_model_feature_id(handle_.get(), phrase, &id));
    return id;
  }
  /// As feature_id(const char*); a phrase holding a NUL is refused (BK_ERR_INVALID_ARGUMENT).
  std::uint32_t feature_id(const std::string &phrase) const {
    if (phrase.find('\0') != std::string::npos)
      detail::throw_error(BK_ERR_INVALID_ARGUMENT, "LogisticModel::feature_id: phrase holds a NUL");
    return feature_id(phrase.c_str());
  }
  /**
   * \brief The model's feature space: indexed ids, a dictionary (names from
   * feature_name()) or hashed phrases (with the hash's bits and seed), and
   * the number of ids.
   */
  FeatureSpace feature_space() const {
    bk_feature_space fs{};
    fs.struct_size = sizeof fs;
    detail::check(bk_logistic_model_feature_space(handle_.get(), &fs));
    return FeatureSpace{static_cast<FeatureSpaceKind>(fs.kind), fs.features, fs.hash_bits,
                        fs.hash_seed};
  }
  /**
   * \brief The phrase of feature `id` of a model with a dictionary (the
   * inverse of feature_id()).
   * \throws Error BK_ERR_INVALID_ARGUMENT for an id outside the dictionary or
   *   a model without one (indexed or hashed features).
   */
  std::string feature_name(std::uint32_t id) const {
    std::size_t len = 0;
    detail::check(bk_logistic_model_feature_name(handle_.get(), id, nullptr, 0, &len));
    std::string text(len, '\0');  // the size counts the NUL
    detail::check(bk_logistic_model_feature_name(handle_.get(), id, &text[0], text.size(), &len));
    text.resize(len - 1);
    return text;
  }

  /**
   * \brief Writes the K class probabilities of one sparse row (`ids[i]`
   * with `values[i]`, in any order; repeated ids add up; ids the model does
   * not know are ignored) into `out`, which must hold K values. Allocates
   * nothing. On failure `out` is untouched.
   */
  void predict_proba(Span<const std::uint32_t> ids, Span<const double> values,
                     Span<double> out) const {
    if (values.size() != ids.size())
      detail::throw_size("LogisticModel::predict_proba: values", values.size(), ids.size());
    detail::check(bk_logistic_model_predict_proba(handle_.get(), ids.data(), values.data(),
                                                  ids.size(), out.data(), out.size()));
  }
  /// The K class probabilities of one sparse row (allocates the vector).
  std::vector<double> predict_proba(Span<const std::uint32_t> ids,
                                    Span<const double> values) const {
    std::vector<double> out(k_);
    predict_proba(ids, values, out);
    return out;
  }
  /// As predict_proba(), the K log-probabilities, from the logits (tiny
  /// probabilities keep their exponent). Allocates nothing.
  void predict_log_proba(Span<const std::uint32_t> ids, Span<const double> values,
                         Span<double> out) const {
    if (values.size() != ids.size())
      detail::throw_size("LogisticModel::predict_log_proba: values", values.size(), ids.size());
    detail::check(bk_logistic_model_predict_log_proba(handle_.get(), ids.data(), values.data(),
                                                      ids.size(), out.data(), out.size()));
  }
  /// The K log-probabilities of one sparse row (allocates the vector).
  std::vector<double> predict_log_proba(Span<const std::uint32_t> ids,
                                        Span<const double> values) const {
    std::vector<double> out(k_);
    predict_log_proba(ids, values, out);
    return out;
  }
  /**
   * \brief Writes the class probabilities of the rows of a CSR matrix into
   * `out`, row-major (n_rows × K values, each row bit for bit what
   * predict_proba() gives). `indptr` has n_rows + 1 offsets (`indptr[0] = 0`,
   * never decreasing, the last = nnz); `indices` and `values` nnz entries.
   * Allocates nothing. On failure `out` is untouched.
   */
  void predict_proba_batch(Span<const std::size_t> indptr, Span<const std::uint32_t> indices,
                           Span<const double> values, Span<double> out) const {
    if (!handle_) detail::throw_empty("LogisticModel");
    if (indptr.empty())
      detail::throw_size("LogisticModel::predict_proba_batch: indptr (n_rows + 1)", 0, 1);
    if (values.size() != indices.size())
      detail::throw_size("LogisticModel::predict_proba_batch: values", values.size(),
                         indices.size());
    const std::size_t n_rows = indptr.size() - 1;
    if (out.size() / k_ != n_rows || out.size() % k_ != 0)
      detail::throw_size("LogisticModel::predict_proba_batch: out (n_rows * K)", out.size(),
                         n_rows * k_);
    detail::check(bk_logistic_model_predict_proba_batch(handle_.get(), indptr.data(), n_rows,
                                                        indices.data(), values.data(),
                                                        indices.size(), out.data(), k_));
  }
  /// The n_rows × K probabilities of a CSR matrix, row-major (allocates the vector).
  std::vector<double> predict_proba_batch(Span<const std::size_t> indptr,
                                          Span<const std::uint32_t> indices,
                                          Span<const double> values) const {
    if (!handle_) detail::throw_empty("LogisticModel");
    std::vector<double> out(indptr.empty() ? 0 : (indptr.size() - 1) * k_);
    predict_proba_batch(indptr, indices, values, out);
    return out;
  }

  /**
   * \brief Evaluates the model on labelled `data` (matched to the model's
   * classes by label): weighted mean log-loss, accuracy, clipped rows, rows.
   * Phrase data must be in the model's feature space (read_phrases_for()).
   * \throws Error BK_ERR_INVALID_ARGUMENT for a bad clip, a label the model
   *   does not know, a different dictionary or hashing, or weights summing to 0.
   */
  LogisticEval evaluate(const LogisticData &data,
                        const LogisticEvalOptions &opts = LogisticEvalOptions()) const {
    LogisticEval e{};
    e.struct_size = sizeof e;
    detail::check(bk_logistic_evaluate(handle_.get(), data.get(), &opts.raw(), &e, nullptr,
                                       nullptr, nullptr, 0));
    return e;
  }
  /**
   * \brief As evaluate(), also writing the K × K row-major confusion matrix
   * and the K per-class precisions and recalls into the spans; an empty span
   * is not filled. On failure the spans are untouched. The binding allocates
   * nothing.
   */
  LogisticEval evaluate(const LogisticData &data, Span<double> confusion, Span<double> precision,
                        Span<double> recall,
                        const LogisticEvalOptions &opts = LogisticEvalOptions()) const {
    if (!handle_) detail::throw_empty("LogisticModel");
    if (!confusion.empty() && confusion.size() != k_ * k_)
      detail::throw_size("LogisticModel::evaluate: confusion (K * K)", confusion.size(), k_ * k_);
    if (!precision.empty() && precision.size() != k_)
      detail::throw_size("LogisticModel::evaluate: precision", precision.size(), k_);
    if (!recall.empty() && recall.size() != k_)
      detail::throw_size("LogisticModel::evaluate: recall", recall.size(), k_);
    LogisticEval e{};
    e.struct_size = sizeof e;
    detail::check(bk_logistic_evaluate(handle_.get(), data.get(), &opts.raw(), &e,
                                       confusion.empty() ? nullptr : confusion.data(),
                                       precision.empty() ? nullptr : precision.data(),
                                       recall.empty() ? nullptr : recall.data(), k_));
    return e;
  }
  /// The metrics, the confusion matrix and the per-class precision and recall (allocates).
  LogisticEvaluation evaluate_full(const LogisticData &data,
                                   const LogisticEvalOptions &opts = LogisticEvalOptions()) const {
    if (!handle_) detail::throw_empty("LogisticModel");
    LogisticEvaluation r{LogisticEval{}, std::vector<double>(k_ * k_), std::vector<double>(k_),
                         std::vector<double>(k_)};
    r.metrics = evaluate(data, r.confusion, r.precision, r.recall, opts);
    return r;
  }

  // ---- uncertainty (Laplace approximation)

  /**
   * \brief This model with Laplace covariances computed on `data` (the data
   * it was trained on; only read), as a new model. `class_weights` is empty
   * or has K values, as train_weighted() was given.
   * \throws Error BK_ERR_INVALID_ARGUMENT for Laplace::none, a wrong number
   *   of or bad class weights, data of other classes or feature count, or
   *   Laplace::full with more than 3000 parameters.
   */
  LogisticModel laplace(const LogisticData &data, Laplace method = Laplace::blocks,
                        Span<const double> class_weights = {}) const {
    bk_logistic_model *raw = nullptr;
    detail::check(bk_logistic_laplace(handle_.get(), data.get(), static_cast<std::uint32_t>(method),
                                      class_weights.empty() ? nullptr : class_weights.data(),
                                      class_weights.size(), &raw));
    return LogisticModel(raw);
  }
  /**
   * \brief A copy of this model without Laplace covariances (the same bytes
   * as the model trained with Laplace::none), e.g. to ship a smaller model
   * for point predictions; this model is unchanged.
   */
  LogisticModel without_covariances() const {
    bk_logistic_model *raw = nullptr;
    detail::check(bk_logistic_model_without_covariances(handle_.get(), &raw));
    return LogisticModel(raw);
  }
  /// How the covariances were computed (Laplace::none if the model has none).
  Laplace laplace_method() const {
    std::uint32_t m = 0;
    detail::check(bk_logistic_model_laplace(handle_.get(), &m));
    return static_cast<Laplace>(m);
  }
  /// K·(K+1)/2, the length of a packed covariance block.
  std::size_t packed_len() const noexcept { return k_ * (k_ + 1) / 2; }
  /**
   * \brief Writes the packed K×K covariance of feature `feature_id`'s
   * weights (lower triangle by rows: (r, c), r ≥ c, at r(r+1)/2 + c) into
   * `out` (packed_len() values); zeros for a feature without weights.
   * \throws Error BK_ERR_INVALID_ARGUMENT without covariances, for an id
   *   outside the feature space or a wrong `out` size.
   */
  void covariance(std::uint32_t feature_id, Span<double> out) const {
    detail::check(bk_logistic_model_covariance(handle_.get(), feature_id, out.data(), out.size()));
  }
  /// The packed covariance of feature `feature_id` (allocates the vector).
  std::vector<double> covariance(std::uint32_t feature_id) const {
    std::vector<double> out(packed_len());
    covariance(feature_id, out);
    return out;
  }
  /// Writes the packed K×K covariance of the intercepts into `out` (packed_len() values).
  void intercept_covariance(Span<double> out) const {
    detail::check(bk_logistic_model_intercept_covariance(handle_.get(), out.data(), out.size()));
  }
  /// The packed covariance of the intercepts (allocates the vector).
  std::vector<double> intercept_covariance() const {
    std::vector<double> out(packed_len());
    intercept_covariance(out);
    return out;
  }
  /**
   * \brief Writes the moderated probabilities of one sparse row (each logit
   * scaled by (1 + π·σ²/8)^(−1/2) before the softmax) into `proba` and the K
   * logit variances into `logit_var` (K values each). Allocates nothing.
   * \throws Error BK_ERR_INVALID_ARGUMENT without covariances or for wrong sizes.
   */
  void predict_moderated(Span<const std::uint32_t> ids, Span<const double> values,
                         Span<double> proba, Span<double> logit_var) const {
    if (values.size() != ids.size())
      detail::throw_size("LogisticModel::predict_moderated: values", values.size(), ids.size());
    if (logit_var.size() != proba.size())
      detail::throw_size("LogisticModel::predict_moderated: logit_var", logit_var.size(),
                         proba.size());
    detail::check(bk_logistic_model_predict_moderated(handle_.get(), ids.data(), values.data(),
                                                      ids.size(), proba.data(), logit_var.data(),
                                                      proba.size()));
  }
  /// The K moderated probabilities of one sparse row (allocates).
  std::vector<double> predict_moderated(Span<const std::uint32_t> ids,
                                        Span<const double> values) const {
    std::vector<double> proba(k_), var(k_);
    predict_moderated(ids, values, proba, var);
    return proba;
  }
  /**
   * \brief predict_moderated() for the rows of a CSR matrix: `proba` and
   * (unless empty) `logit_var` get n_rows × K values, row-major. Allocates
   * nothing in this layer.
   */
  void predict_moderated_batch(Span<const std::size_t> indptr, Span<const std::uint32_t> indices,
                               Span<const double> values, Span<double> proba,
                               Span<double> logit_var = {}) const {
    if (!handle_) detail::throw_empty("LogisticModel");
    if (indptr.empty())
      detail::throw_size("LogisticModel::predict_moderated_batch: indptr (n_rows + 1)", 0, 1);
    if (values.size() != indices.size())
      detail::throw_size("LogisticModel::predict_moderated_batch: values", values.size(),
                         indices.size());
    const std::size_t n_rows = indptr.size() - 1;
    if (proba.size() / k_ != n_rows || proba.size() % k_ != 0)
      detail::throw_size("LogisticModel::predict_moderated_batch: proba (n_rows * K)",
                         proba.size(), n_rows * k_);
    if (!logit_var.empty() && logit_var.size() != proba.size())
      detail::throw_size("LogisticModel::predict_moderated_batch: logit_var", logit_var.size(),
                         proba.size());
    detail::check(bk_logistic_model_predict_moderated_batch(
        handle_.get(), indptr.data(), n_rows, indices.data(), values.data(), indices.size(),
        proba.data(), logit_var.empty() ? nullptr : logit_var.data(), k_));
  }
  /**
   * \brief The doubles of scratch predict_mc() needs for K classes and
   * `draws` draws (a larger scratch works too).
   * \throws Error BK_ERR_INVALID_ARGUMENT for `k` outside 2 to
   *   `BK_MAX_CLASSES` or `draws` outside 2 to `BK_MAX_MC_DRAWS`.
   */
  static std::size_t mc_scratch_size(std::size_t k, std::uint64_t draws) {
    std::size_t n = 0;
    detail::check(bk_logistic_mc_scratch_size(k, draws, &n));
    return n;
  }
  /// Deprecated (as `bk_logistic_mc_scratch_len`, until 0.4): use
  /// mc_scratch_size(), which throws for bad input instead of returning 0.
  static std::size_t mc_scratch_len(std::size_t k, std::size_t draws) noexcept {
    return bk_logistic_mc_scratch_len(k, draws);
  }
  /**
   * \brief The Monte Carlo predictive of one sparse row: writes the mean drawn
   * probability and the central `level` interval of each class into `mean`,
   * `lower`, `upper` (K values each), using the first
   * mc_scratch_size(K, draws) doubles of `scratch` (which may be larger);
   * advances `rng` (same seed, same result everywhere). Allocates nothing.
   * On failure nothing is written and `rng` does not move.
   * \throws Error BK_ERR_INVALID_ARGUMENT without covariances, for bad
   *   options or wrong sizes; BK_ERR_NULL_POINTER for a moved-from `rng`.
   */
  void predict_mc(Span<const std::uint32_t> ids, Span<const double> values, Rng &rng,
                  const LogisticMcOptions &opts, Span<double> scratch, Span<double> mean,
                  Span<double> lower, Span<double> upper) const {
    if (values.size() != ids.size())
      detail::throw_size("LogisticModel::predict_mc: values", values.size(), ids.size());
    if (lower.size() != mean.size())
      detail::throw_size("LogisticModel::predict_mc: lower", lower.size(), mean.size());
    if (upper.size() != mean.size())
      detail::throw_size("LogisticModel::predict_mc: upper", upper.size(), mean.size());
    detail::check(bk_logistic_model_predict_mc(handle_.get(), ids.data(), values.data(), ids.size(),
                                               rng.get(), &opts.raw(), scratch.data(),
                                               scratch.size(), mean.data(), lower.data(),
                                               upper.data(), mean.size()));
  }
  /// The Monte Carlo predictive of one sparse row (allocates the scratch and the result).
  LogisticMcPrediction predict_mc(Span<const std::uint32_t> ids, Span<const double> values,
                                  Rng &rng,
                                  const LogisticMcOptions &opts = LogisticMcOptions()) const {
    if (!handle_) detail::throw_empty("LogisticModel");
    std::vector<double> scratch(mc_scratch_size(k_, opts.raw().draws));
    LogisticMcPrediction r{std::vector<double>(k_), std::vector<double>(k_),
                           std::vector<double>(k_)};
    predict_mc(ids, values, rng, opts, scratch, r.mean, r.lower, r.upper);
    return r;
  }

  /// The C handle (still owned by this object); null if moved from.
  bk_logistic_model *get() const noexcept { return handle_.get(); }
  /// Gives up ownership; the caller must `bk_logistic_model_free` the handle.
  bk_logistic_model *release() noexcept {
    k_ = 0;
    return handle_.release();
  }
  /// True unless moved from or released.
  explicit operator bool() const noexcept { return handle_ != nullptr; }

 private:
  // Takes ownership first, so the handle is freed even if reading K throws.
  explicit LogisticModel(bk_logistic_model *raw) : handle_(raw), k_(0) {
    if (raw) detail::check(bk_logistic_model_classes(raw, &k_));
  }
  struct Free {
    void operator()(bk_logistic_model *p) const noexcept { bk_logistic_model_free(p); }
  };
  std::unique_ptr<bk_logistic_model, Free> handle_;
  std::size_t k_;
};

/**
 * \brief A fitted regularisation path (`bk_logistic_path`): models at a
 * decreasing sequence of λ, warm-started from λ_max, and, with
 * `folds(n)`, the cross-validated choice among them.
 *
 * Immutable and safe to share across threads. Move-only. Models taken from
 * it are copies that outlive it.
 */
class LogisticPath {
 public:
  /**
   * \brief Fits the path of `data` (only read); cross-validates it when
   * `path_opts.folds(n)` is ≥ 2. Of `train_opts`, `lambda` is ignored; its
   * `laplace` gives every step's model covariances without CV, and only the
   * chosen model with CV.
   * \throws Error BK_ERR_INVALID_ARGUMENT for bad options (see the C API).
   */
  static LogisticPath fit(const LogisticData &data,
                          const LogisticTrainOptions &train_opts = LogisticTrainOptions(),
                          const LogisticPathOptions &path_opts = LogisticPathOptions()) {
    const bk_logistic_path_options o = path_opts.raw();
    bk_logistic_path *raw = nullptr;
    detail::check(bk_logistic_path_fit(data.get(), &train_opts.raw(), &o, &raw));
    return LogisticPath(raw);
  }
  /// As fit(), with one weight per class of `data` multiplied into the row weights.
  static LogisticPath fit_weighted(const LogisticData &data, Span<const double> class_weights,
                                   const LogisticTrainOptions &train_opts = LogisticTrainOptions(),
                                   const LogisticPathOptions &path_opts = LogisticPathOptions()) {
    const bk_logistic_path_options o = path_opts.raw();
    bk_logistic_path *raw = nullptr;
    detail::check(bk_logistic_path_fit_weighted(data.get(), &train_opts.raw(), &o,
                                                class_weights.data(), class_weights.size(), &raw));
    return LogisticPath(raw);
  }
  /// Takes ownership of a handle made by `bk_logistic_path_fit` (may be null).
  static LogisticPath adopt(bk_logistic_path *raw) noexcept { return LogisticPath(raw); }

  /// Number of fits (fewer than asked for if a grid stopped early).
  std::size_t size() const {
    std::size_t n = 0;
    detail::check(bk_logistic_path_len(handle_.get(), &n));
    return n;
  }
  /// λ_max, the smallest λ at which every weight is zero.
  double lambda_max() const {
    double v = 0;
    detail::check(bk_logistic_path_lambda_max(handle_.get(), &v));
    return v;
  }
  /// Whether a grid stopped before its last value.
  bool stopped_early() const {
    std::uint8_t v = 0;
    detail::check(bk_logistic_path_stopped_early(handle_.get(), &v));
    return v != 0;
  }
  /// Fit `i` (λ decreasing with i); Error(BK_ERR_INVALID_ARGUMENT) out of range.
  LogisticStep step(std::size_t i) const {
    LogisticStep s{};
    s.struct_size = sizeof s;
    detail::check(bk_logistic_path_step(handle_.get(), i, &s));
    return s;
  }
  /// A copy of the model of fit `i`.
  LogisticModel model(std::size_t i) const {
    bk_logistic_model *raw = nullptr;
    detail::check(bk_logistic_path_model(handle_.get(), i, &raw));
    return LogisticModel::adopt(raw);
  }
  /// Whether the path was cross-validated (so cv(), cv_folds() and chosen_model() apply).
  bool has_cv() const {
    std::uint8_t v = 0;
    detail::check(bk_logistic_path_has_cv(handle_.get(), &v));
    return v != 0;
  }
  /// The outcome of cross-validation; Error(BK_ERR_INVALID_ARGUMENT) without CV.
  LogisticCvSummary cv() const {
    LogisticCvSummary c{};
    c.struct_size = sizeof c;
    detail::check(bk_logistic_path_cv(handle_.get(), &c));
    return c;
  }
  /// Writes the held-out loss of every fold at fit `i` into `out` (cv().folds values).
  void cv_folds(std::size_t i, Span<double> out) const {
    detail::check(bk_logistic_path_cv_folds(handle_.get(), i, out.data(), out.size()));
  }
  /// The held-out loss of every fold at fit `i` (allocates).
  std::vector<double> cv_folds(std::size_t i) const {
    std::vector<double> out(cv().folds);
    cv_folds(i, out);
    return out;
  }
  /// A copy of the cross-validated model (with the covariances the training options asked for).
  LogisticModel chosen_model() const {
    bk_logistic_model *raw = nullptr;
    detail::check(bk_logistic_path_chosen_model(handle_.get(), &raw));
    return LogisticModel::adopt(raw);
  }

  /// The C handle (still owned by this object); null if moved from.
  bk_logistic_path *get() const noexcept { return handle_.get(); }
  /// Gives up ownership; the caller must `bk_logistic_path_free` the handle.
  bk_logistic_path *release() noexcept { return handle_.release(); }
  /// True unless moved from or released.
  explicit operator bool() const noexcept { return handle_ != nullptr; }

 private:
  explicit LogisticPath(bk_logistic_path *raw) noexcept : handle_(raw) {}
  struct Free {
    void operator()(bk_logistic_path *p) const noexcept { bk_logistic_path_free(p); }
  };
  std::unique_ptr<bk_logistic_path, Free> handle_;
};

inline LogisticData LogisticData::read_phrases_for(const LogisticModel &model, const char *path,
                                                   const LogisticReadOptions &opts,
                                                   LogisticReadReport *report) {
  bk_logistic_data *raw = nullptr;
  if (report != nullptr) report->struct_size = sizeof *report;
  detail::check(bk_logistic_data_read_phrases_for(model.get(), path, &opts.raw(), &raw, report));
  return LogisticData(raw);
}

// ---------------------------------------------------------------------------
// Decisions: priors fitted from past experiments, peek-safe A/B rules
// ---------------------------------------------------------------------------

/// A Beta prior fitted by `fit_beta_prior`: read `outcome` first.
using BetaPriorFit = bk_beta_prior_fit_result;
/// A Gamma prior fitted by `fit_gamma_prior`: read `outcome` first.
using GammaPriorFit = bk_gamma_prior_fit_result;

/// Options of the prior fits (filled with the library's defaults).
class PriorFitOptions {
 public:
  /// The defaults of the loaded library.
  PriorFitOptions() { detail::check(bk_prior_fit_options_default(&opts_)); }
  /// Most Newton iterations (>= 1).
  PriorFitOptions &max_iter(std::uint32_t v) noexcept {
    opts_.max_iter = v;
    return *this;
  }
  /// The gradient tolerance per row, in (0, 1e-2].
  PriorFitOptions &tol(double v) noexcept {
    opts_.tol = v;
    return *this;
  }
  /// The C struct.
  const bk_prior_fit_options &raw() const noexcept { return opts_; }

 private:
  bk_prior_fit_options opts_{};
};

/// Fits a Beta prior to past (successes, trials), one pair per experiment or
/// arm (beta-binomial maximum likelihood). `BK_DM_CONVERGED` gives
/// `Beta(fit.alpha, fit.beta)`, the prior of the next comparison.
inline BetaPriorFit fit_beta_prior(Span<const std::uint64_t> successes,
                                   Span<const std::uint64_t> trials,
                                   const PriorFitOptions &opts = PriorFitOptions()) {
  if (trials.size() != successes.size()) detail::throw_size("trials", trials.size(), successes.size());
  BetaPriorFit r{};
  r.struct_size = sizeof r;
  detail::check(bk_beta_prior_fit(successes.data(), trials.data(), successes.size(), &opts.raw(), &r));
  return r;
}

/// Fits a Gamma prior to past (count, exposure) pairs (gamma-Poisson maximum
/// likelihood). `BK_DM_CONVERGED` gives `Gamma(fit.shape, fit.rate)`.
inline GammaPriorFit fit_gamma_prior(Span<const std::uint64_t> counts, Span<const double> exposures,
                                     const PriorFitOptions &opts = PriorFitOptions()) {
  if (exposures.size() != counts.size()) detail::throw_size("exposures", exposures.size(), counts.size());
  GammaPriorFit r{};
  r.struct_size = sizeof r;
  detail::check(bk_gamma_prior_fit(counts.data(), exposures.data(), counts.size(), &opts.raw(), &r));
  return r;
}

/// ln BF10 of "A and B differ" against "equal", binomial (successes, trials)
/// per arm, with `prior` on each rate and on the common rate.
inline double bayes_factor(const Beta &prior, std::uint64_t successes_a, std::uint64_t trials_a,
                           std::uint64_t successes_b, std::uint64_t trials_b) {
  double out = 0;
  detail::check(bk_beta_bayes_factor(&prior.raw(), successes_a, trials_a, successes_b, trials_b, &out));
  return out;
}

/// ln BF10 of "A and B differ" against "equal", Poisson (count, exposure) per arm.
inline double bayes_factor(const Gamma &prior, std::uint64_t count_a, double exposure_a,
                           std::uint64_t count_b, double exposure_b) {
  double out = 0;
  detail::check(bk_gamma_bayes_factor(&prior.raw(), count_a, exposure_a, count_b, exposure_b, &out));
  return out;
}

/// One look of an `AlwaysValid` test.
using AlwaysValidLook = bk_always_valid_result;

/**
 * \brief The always-valid mSPRT (Johari, Pekelis and Walsh) of two
 * proportions or two Poisson rates: its p-value may be checked at every look.
 *
 * Move-only; one thread at a time (a look changes it). A failed look leaves it
 * as it was.
 */
class AlwaysValid {
 public:
  /// A test of p_B - p_A at level `alpha` with mixing sd `mixing_sd`.
  static AlwaysValid proportions(double alpha = BK_DEFAULT_ALPHA,
                                 double mixing_sd = BK_DEFAULT_PROPORTION_MIXING_SD) {
    bk_always_valid *raw = nullptr;
    detail::check(bk_always_valid_proportions(alpha, mixing_sd, &raw));
    return AlwaysValid(raw);
  }
  /// A test of ln(lambda_B / lambda_A) at level `alpha` with mixing sd `mixing_sd`.
  static AlwaysValid rates(double alpha = BK_DEFAULT_ALPHA, double mixing_sd = BK_DEFAULT_RATE_MIXING_SD) {
    bk_always_valid *raw = nullptr;
    detail::check(bk_always_valid_rates(alpha, mixing_sd, &raw));
    return AlwaysValid(raw);
  }
  /// The next look from the cumulative (successes, trials) — or (count,
  /// exposure) — of each arm.
  AlwaysValidLook look(double count_a, double trials_a, double count_b, double trials_b) {
    if (!handle_) detail::throw_empty("AlwaysValid");
    AlwaysValidLook r{};
    r.struct_size = sizeof r;
    detail::check(bk_always_valid_look(handle_.get(), count_a, trials_a, count_b, trials_b, &r));
    return r;
  }
  /// The C handle (still owned by this object); null if moved from.
  bk_always_valid *get() const noexcept { return handle_.get(); }

 private:
  explicit AlwaysValid(bk_always_valid *raw) noexcept : handle_(raw) {}
  struct Free {
    void operator()(bk_always_valid *p) const noexcept { bk_always_valid_free(p); }
  };
  std::unique_ptr<bk_always_valid, Free> handle_;
};

// ---------------------------------------------------------------------------
// Bandits (bk_bandit)
// ---------------------------------------------------------------------------

/**
 * \brief Options of a Bandit (wraps `bk_bandit_options`, filled with the
 * library's defaults).
 */
class BanditOptions {
 public:
  /// The defaults of the loaded library.
  BanditOptions() { detail::check(bk_bandit_options_default(&opts_)); }
  /// Sets top-two sampling's probability of playing the leader, in (0, 1).
  BanditOptions &top_two_beta(double v) noexcept {
    opts_.top_two_beta = v;
    return *this;
  }
  /// Top-two sampling's probability of playing the leader.
  double top_two_beta() const noexcept { return opts_.top_two_beta; }
  /// The C struct.
  const bk_bandit_options &raw() const noexcept { return opts_; }

 private:
  bk_bandit_options opts_{};
};

/**
 * \brief Options of Bandit::report() (wraps `bk_bandit_report_options`,
 * filled with the library's defaults).
 */
class BanditReportOptions {
 public:
  /// The defaults of the loaded library.
  BanditReportOptions() { detail::check(bk_bandit_report_options_default(&opts_)); }
  /// Sets the Monte Carlo draws (2 to `BK_MAX_MC_DRAWS`).
  BanditReportOptions &draws(std::uint64_t v) noexcept {
    opts_.draws = v;
    return *this;
  }
  /// Sets the quantile of the value remaining, in (0, 1).
  BanditReportOptions &level(double v) noexcept {
    opts_.level = v;
    return *this;
  }
  /// The Monte Carlo draws.
  std::uint64_t draws() const noexcept { return opts_.draws; }
  /// The quantile of the value remaining.
  double level() const noexcept { return opts_.level; }
  /// The C struct.
  const bk_bandit_report_options &raw() const noexcept { return opts_; }

 private:
  bk_bandit_report_options opts_{};
};

/// The value remaining and how P(best) was computed (the C `bk_bandit_summary`).
using BanditSummary = bk_bandit_summary;

/// What Bandit::report() returns: per-arm P(best) and expected loss, and the summary.
struct BanditReport {
  std::vector<double> prob_best;      ///< P(arm i is best).
  std::vector<double> expected_loss;  ///< E[max_j θ_j − θ_i].
  BanditSummary summary;              ///< Best arm, value remaining, method.
};

/**
 * \brief A Thompson-sampling bandit over Beta, Gamma or Normal–Gamma arms
 * (wraps `bk_bandit`).
 *
 * Move-only RAII handle. Safe to share between threads: every method is
 * `const` and the C handle is internally synchronised; give each thread its
 * own Rng (e.g. `Rng(seed, thread_index)`).
 *
 * \code
 * bayeskit::Bandit b(std::vector<bayeskit::Beta>{bayeskit::Beta(1, 1)}, 3);
 * bayeskit::Rng rng(42);
 * std::size_t arm = b.choose(rng);
 * b.update(arm, 1.0);          // a success of one trial
 * \endcode
 */
class Bandit {
 public:
  /// `k` Beta arms, each with `priors[0]` (one prior) or `priors[i]` (k priors).
  Bandit(Span<const Beta> priors, std::size_t k, const BanditOptions &opts = BanditOptions()) {
    bk_bandit *raw = nullptr;
    detail::check(bk_bandit_new_beta(detail::raw_arms(priors), priors.size(), k, &opts.raw(), &raw));
    handle_.reset(raw);
  }
  /// `k` Gamma arms (Poisson counts over exposure).
  Bandit(Span<const Gamma> priors, std::size_t k, const BanditOptions &opts = BanditOptions()) {
    bk_bandit *raw = nullptr;
    detail::check(bk_bandit_new_gamma(detail::raw_arms(priors), priors.size(), k, &opts.raw(), &raw));
    handle_.reset(raw);
  }
  /// `k` Normal–Gamma arms (Normal rewards of unknown mean and variance).
  Bandit(Span<const NormalGamma> priors, std::size_t k, const BanditOptions &opts = BanditOptions()) {
    bk_bandit *raw = nullptr;
    detail::check(bk_bandit_new_normal_gamma(reinterpret_cast<const bk_normal_gamma *>(priors.data()),
                                             priors.size(), k, &opts.raw(), &raw));
    handle_.reset(raw);
  }
  /// Takes ownership of a handle made by `bk_bandit_new_*` (may be null).
  static Bandit adopt(bk_bandit *raw) noexcept { return Bandit(raw); }

  /// The number of arms.
  std::size_t arms() const {
    std::size_t k;
    detail::check(bk_bandit_arms(handle_.get(), &k));
    return k;
  }
  /// The family of the arms: `BK_BANDIT_BETA`, `_GAMMA` or `_NORMAL_GAMMA`.
  bk_bandit_family family() const {
    bk_bandit_family f;
    detail::check(bk_bandit_family_of(handle_.get(), &f));
    return f;
  }
  /// Thompson sampling: the arm with the largest posterior draw (no allocation).
  std::size_t choose(Rng &rng) const {
    std::size_t arm;
    detail::check(bk_bandit_choose(handle_.get(), rng.get(), &arm));
    return arm;
  }
  /// Top-two Thompson sampling, for finding the best arm (no allocation).
  std::size_t choose_top_two(Rng &rng) const {
    std::size_t arm;
    detail::check(bk_bandit_choose_top_two(handle_.get(), rng.get(), &arm));
    return arm;
  }
  /// One observation: `value` successes of `size` trials (Beta), a count over
  /// an exposure (Gamma), an observation with size 1 (Normal–Gamma); `weight` ≥ 0.
  void update(std::size_t arm, double value, double size = 1.0, double weight = 1.0) const {
    detail::check(bk_bandit_update(handle_.get(), arm, value, size, weight));
  }
  /// Many updates at once, all or none; empty `sizes` / `weights` mean all 1.
  void update_batch(Span<const std::size_t> arms, Span<const double> values,
                    Span<const double> sizes = {}, Span<const double> weights = {}) const {
    if (values.size() != arms.size() || (!sizes.empty() && sizes.size() != arms.size()) ||
        (!weights.empty() && weights.size() != arms.size())) {
      throw Error(BK_ERR_INVALID_ARGUMENT, "bayeskit: update_batch arrays differ in length");
    }
    detail::check(bk_bandit_update_batch(handle_.get(), arms.data(), values.data(),
                                         sizes.empty() ? nullptr : sizes.data(),
                                         weights.empty() ? nullptr : weights.data(), arms.size()));
  }
  /// Exponential forgetting: the observed statistics times `gamma` in (0, 1].
  void discount(double gamma) const { detail::check(bk_bandit_discount(handle_.get(), gamma)); }
  /// The posterior of `arm` of a Beta bandit.
  Beta posterior_beta(std::size_t arm) const {
    bk_beta b;
    detail::check(bk_bandit_posterior_beta(handle_.get(), arm, &b));
    return Beta(b);
  }
  /// The posterior of `arm` of a Gamma bandit.
  Gamma posterior_gamma(std::size_t arm) const {
    bk_gamma g;
    detail::check(bk_bandit_posterior_gamma(handle_.get(), arm, &g));
    return Gamma(g);
  }
  /// The posterior of `arm` of a Normal–Gamma bandit.
  NormalGamma posterior_normal_gamma(std::size_t arm) const {
    bk_normal_gamma p;
    detail::check(bk_bandit_posterior_normal_gamma(handle_.get(), arm, &p));
    return NormalGamma(p);
  }
  /// P(best) and expected loss into spans of `arms()` values; returns the summary.
  BanditSummary report(Rng &rng, Span<double> prob_best, Span<double> expected_loss,
                       const BanditReportOptions &opts = BanditReportOptions()) const {
    if (prob_best.size() != expected_loss.size()) {
      throw Error(BK_ERR_INVALID_ARGUMENT, "bayeskit: report arrays differ in length");
    }
    BanditSummary s{};
    s.struct_size = sizeof s;
    detail::check(bk_bandit_report(handle_.get(), rng.get(), &opts.raw(), prob_best.data(),
                                   expected_loss.data(), prob_best.size(), &s));
    return s;
  }
  /// P(best), expected losses and the value remaining (allocates the vectors).
  BanditReport report(Rng &rng, const BanditReportOptions &opts = BanditReportOptions()) const {
    std::size_t k = arms();
    BanditReport r{std::vector<double>(k), std::vector<double>(k), BanditSummary{}};
    r.summary = report(rng, r.prob_best, r.expected_loss, opts);
    return r;
  }

  /// The C handle (still owned by this object); null if moved from.
  bk_bandit *get() const noexcept { return handle_.get(); }
  /// Gives up ownership of the C handle; the caller must `bk_bandit_free` it.
  bk_bandit *release() noexcept { return handle_.release(); }
  /// True unless moved from or released.
  explicit operator bool() const noexcept { return handle_ != nullptr; }

 private:
  explicit Bandit(bk_bandit *raw) noexcept : handle_(raw) {}
  struct Free {
    void operator()(bk_bandit *p) const noexcept { bk_bandit_free(p); }
  };
  std::unique_ptr<bk_bandit, Free> handle_;
};

}  // namespace bayeskit

#undef BAYESKIT_LIKELY
#undef BAYESKIT_COLD

#endif  // BAYESKIT_HPP
