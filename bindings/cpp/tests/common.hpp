// Helpers shared by the GoogleTest suites of the C++ binding.
#ifndef BAYESKIT_CPP_TESTS_COMMON_HPP
#define BAYESKIT_CPP_TESTS_COMMON_HPP

#include <gtest/gtest.h>

#include <string>

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

// The message of the last failed C call on this thread.
inline std::string c_message() { return bayeskit::last_error_message(); }

}  // namespace bktest

#define EXPECT_BK_ERROR(stmt, status) bktest::expect_error([&] { (void)(stmt); }, status)

#endif
