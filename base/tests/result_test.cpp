#include "base/result.h"

#include <gtest/gtest.h>

namespace vmqkit {
namespace {

TEST(Result, HoldsValue) {
  Result<int> r = 7;
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 7);
}

TEST(Result, HoldsErrorWithPosition) {
  Result<int> r = InputError({"a.reg", 3, 5}, "bad value");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(ToString(r.error()), "a.reg:3:5: bad value");
}

TEST(Result, VoidResult) {
  Result<void> good;
  EXPECT_TRUE(good.ok());
  Result<void> bad = UsageError("no file");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(ToString(bad.error()), "no file");
}

TEST(SourcePos, PartialPositions) {
  EXPECT_EQ(ToString(SourcePos{"f", 0, 0}), "f");
  EXPECT_EQ(ToString(SourcePos{"f", 2, 0}), "f:2");
}

}  // namespace
}  // namespace vmqkit
