// bayeskit::Span: what converts to it and what must not.
#include <array>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

#include "common.hpp"

using bayeskit::Span;

// Inputs: anything contiguous of the element type, const or not, temporaries included.
static_assert(std::is_convertible<std::vector<double> &, Span<const double>>::value, "");
static_assert(std::is_convertible<const std::vector<double> &, Span<const double>>::value, "");
static_assert(std::is_convertible<std::vector<double> &&, Span<const double>>::value, "");
static_assert(std::is_convertible<std::array<double, 3> &, Span<const double>>::value, "");
static_assert(std::is_convertible<double (&)[3], Span<const double>>::value, "");
static_assert(std::is_convertible<Span<double>, Span<const double>>::value, "");
// Outputs: only mutable lvalues.
static_assert(std::is_convertible<std::vector<double> &, Span<double>>::value, "");
static_assert(!std::is_convertible<const std::vector<double> &, Span<double>>::value, "");
static_assert(!std::is_convertible<std::vector<double> &&, Span<double>>::value, "");
static_assert(!std::is_convertible<Span<const double>, Span<double>>::value, "");
static_assert(!std::is_constructible<Span<double>, std::initializer_list<double>>::value, "");
// No conversions between element types, and std::vector<bool> is not contiguous.
static_assert(!std::is_convertible<std::vector<float> &, Span<const double>>::value, "");
static_assert(!std::is_convertible<std::vector<int> &, Span<const std::uint64_t>>::value, "");
static_assert(!std::is_convertible<std::vector<bool> &, Span<const bool>>::value, "");
static_assert(std::is_trivially_copyable<Span<const double>>::value, "");

namespace {
std::size_t size_of(Span<const double> s) { return s.size(); }
const double *data_of(Span<const double> s) { return s.data(); }
}  // namespace

TEST(Span, FromContainers) {
  std::vector<double> v{1, 2, 3};
  std::array<double, 2> a{{4, 5}};
  double c[4] = {6, 7, 8, 9};
  const std::vector<double> cv{1};
  EXPECT_EQ(size_of(v), 3u);
  EXPECT_EQ(data_of(v), v.data());
  EXPECT_EQ(size_of(a), 2u);
  EXPECT_EQ(data_of(a), a.data());
  EXPECT_EQ(size_of(c), 4u);
  EXPECT_EQ(data_of(c), &c[0]);
  EXPECT_EQ(size_of(cv), 1u);
  EXPECT_EQ(size_of({0.5, 0.25, 0.25}), 3u);
  EXPECT_EQ(size_of(std::vector<double>(7)), 7u);
  EXPECT_EQ(size_of({c, 2}), 2u);
  EXPECT_EQ(size_of(Span<const double>(c + 1, 3)), 3u);
  EXPECT_EQ(size_of({}), 0u);
}

TEST(Span, Access) {
  std::vector<double> v{1, 2, 3};
  Span<double> s(v);
  s[1] = 20;
  EXPECT_EQ(v[1], 20);
  double sum = 0;
  for (double x : s) sum += x;
  EXPECT_EQ(sum, 24);
  EXPECT_FALSE(s.empty());
  EXPECT_TRUE(Span<double>().empty());
  EXPECT_EQ(Span<double>().data(), nullptr);
  Span<const double> cs = s;
  EXPECT_EQ(cs.data(), v.data());
  EXPECT_EQ(cs.end() - cs.begin(), 3);
}

TEST(Span, EmptySpanReachesTheCApiAsNullAndZero) {
  // The C API accepts NULL with length 0: an empty batch is a no-op.
  bayeskit::Beta b(1, 1);
  b.observe({});
  b.observe(std::vector<std::uint8_t>{});
  EXPECT_EQ(b, bayeskit::Beta(1, 1));
}
