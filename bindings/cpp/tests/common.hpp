// Helpers shared by the GoogleTest suites of the C++ binding.
#ifndef BAYESKIT_CPP_TESTS_COMMON_HPP
#define BAYESKIT_CPP_TESTS_COMMON_HPP

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "bayeskit.hpp"

namespace bktest {

// Runs `f`, which must throw bayeskit::Error with `status` and a non-empty
// message; returns the message (empty if the expectation failed).
template <class F>
std::string expect_error(F &&f, bk_status status) {
  try {
    f();
  } catch (const bayeskit::Error &e) {
    EXPECT_EQ(e.status(), status) << "status " << bayeskit::status_name(e.status())
                                  << ", message: " << e.what();
    EXPECT_STRNE(e.what(), "");
    return e.what();
  } catch (const std::exception &e) {
    ADD_FAILURE() << "expected bayeskit::Error, got std::exception: " << e.what();
    return "";
  }
  ADD_FAILURE() << "expected bayeskit::Error with " << bayeskit::status_name(status)
                << ", nothing was thrown";
  return "";
}

// A message a C++ user sees names the argument and its values, not a C
// identifier (`BK_*` constants, `bk_*` functions).
inline void expect_no_c_names(const std::string &msg) {
  EXPECT_EQ(msg.find("BK_"), std::string::npos) << msg;
  EXPECT_EQ(msg.find("bk_"), std::string::npos) << msg;
}

// The message of the last failed C call on this thread.
inline std::string c_message() { return bayeskit::last_error_message(); }

// A CSR matrix with a class per row.
struct Csr {
  std::vector<std::size_t> indptr{0};
  std::vector<std::uint32_t> indices;
  std::vector<double> values;
  std::vector<std::uint32_t> labels;
};

// Rows of 10 features and 3 classes: feature y signals class y (wrong in every
// tenth row), features 3..8 are noise, feature 9 is on every fourth row.
inline Csr synthetic(std::size_t n_rows) {
  Csr d;
  for (std::size_t i = 0; i < n_rows; i++) {
    const auto y = static_cast<std::uint32_t>((i * 7) % 3);
    const std::uint32_t signal = i % 10 == 0 ? (y + 1) % 3 : y;
    d.indices.push_back(signal);
    d.values.push_back(1.0 + static_cast<double>(i % 3) * 0.5);
    d.indices.push_back(3 + static_cast<std::uint32_t>(i % 6));
    d.values.push_back(1.0);
    if (i % 4 == 0) {
      d.indices.push_back(9);
      d.values.push_back(0.25);
    }
    d.indptr.push_back(d.indices.size());
    d.labels.push_back(y);
  }
  return d;
}

}  // namespace bktest

#define EXPECT_BK_ERROR(stmt, status) bktest::expect_error([&] { (void)(stmt); }, status)

#endif
