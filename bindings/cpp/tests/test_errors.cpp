// bayeskit::Error, status names, versions and the last-error message.
#include <cstring>
#include <string>
#include <type_traits>

#include "common.hpp"

namespace bk = bayeskit;

static_assert(std::is_base_of<std::runtime_error, bk::Error>::value, "Error is a runtime_error");

TEST(Error, CarriesStatusAndMessage) {
  const bk::Error e(BK_ERR_PARSE, "file.tsv:3: bad count");
  EXPECT_EQ(e.status(), BK_ERR_PARSE);
  EXPECT_STREQ(e.what(), "file.tsv:3: bad count");
  const std::runtime_error &base = e;
  EXPECT_STREQ(base.what(), "file.tsv:3: bad count");
}

TEST(Error, MessageIsTheCApisMessage) {
  std::string msg = EXPECT_BK_ERROR(bk::Beta(-1.0, 1.0), BK_ERR_INVALID_ARGUMENT);
  // The C call fails with the same status and records the same message.
  bk_beta raw;
  ASSERT_EQ(bk_beta_init(-1.0, 1.0, &raw), BK_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(msg, bktest::c_message());
}

TEST(Error, CatchableAsStdException) {
  try {
    bk::Gamma g(1.0, 0.0);
    FAIL() << "no exception";
  } catch (const std::exception &e) {
    EXPECT_NE(std::strlen(e.what()), 0u);
    EXPECT_NE(dynamic_cast<const bk::Error *>(&e), nullptr);
  }
}

TEST(Error, StatusNames) {
  EXPECT_STREQ(bk::status_name(BK_OK), "BK_OK");
  EXPECT_STREQ(bk::status_name(BK_ERR_INVALID_ARGUMENT), "BK_ERR_INVALID_ARGUMENT");
  EXPECT_STREQ(bk::status_name(BK_ERR_NULL_POINTER), "BK_ERR_NULL_POINTER");
  EXPECT_STREQ(bk::status_name(BK_ERR_PARSE), "BK_ERR_PARSE");
  EXPECT_STREQ(bk::status_name(BK_ERR_IO), "BK_ERR_IO");
  EXPECT_STREQ(bk::status_name(BK_ERR_CORRUPT), "BK_ERR_CORRUPT");
  EXPECT_STREQ(bk::status_name(BK_ERR_NO_CONVERGENCE), "BK_ERR_NO_CONVERGENCE");
  EXPECT_STREQ(bk::status_name(BK_ERR_OUT_OF_MEMORY), "BK_ERR_OUT_OF_MEMORY");
  EXPECT_STREQ(bk::status_name(BK_ERR_INTERNAL), "BK_ERR_INTERNAL");
  EXPECT_STREQ(bk::status_name(BK_ERR_BUFFER_TOO_SMALL), "BK_ERR_BUFFER_TOO_SMALL");
}

TEST(Error, LastErrorMessageIsComplete) {
  // A long message (it names the path) comes back whole.
  const std::string path(300, 'x');
  std::string msg = EXPECT_BK_ERROR(bk::DmStats::read_file(path), BK_ERR_IO);
  EXPECT_NE(msg.find(path), std::string::npos) << msg;
  EXPECT_EQ(bk::last_error_message(), msg);
  EXPECT_EQ(bk::last_error_message().size(), bk_last_error_message(nullptr, 0));
}

TEST(Error, BindingChecksUseCApiStatuses) {
  bk::Gamma g(2.0, 1.0);
  const double counts[] = {1, 2, 3};
  const double exposures[] = {1, 1};
  std::string msg = EXPECT_BK_ERROR(g.update(counts, exposures), BK_ERR_INVALID_ARGUMENT);
  EXPECT_NE(msg.find("exposures"), std::string::npos) << msg;
  EXPECT_EQ(g, bk::Gamma(2.0, 1.0));  // unchanged
}

TEST(Version, HeaderAndLibraryAgree) {
  const std::string header = std::to_string(bk::version_major) + "." +
                             std::to_string(bk::version_minor) + "." +
                             std::to_string(bk::version_patch);
  EXPECT_EQ(header, bk::version());
  EXPECT_STREQ(bk::version(), bk_version());
}
