#include "base/result.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

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

Result<int> Half(int n) {
  if (n % 2 != 0) return InputError({}, std::to_string(n) + " is odd");
  return n / 2;
}

TEST(Result, AndThenChainsStepsThatMayFail) {
  EXPECT_EQ(*Result<int>(12).and_then(Half).and_then(Half), 3);
  auto odd = Result<int>(6).and_then(Half).and_then(Half);
  ASSERT_FALSE(odd.ok());
  EXPECT_EQ(odd.error().message, "3 is odd");
}

TEST(Result, AndThenPassesAnErrorThroughWithoutCalling) {
  bool called = false;
  auto r = Result<int>(UsageError("no input")).and_then([&](int n) -> Result<int> {
    called = true;
    return n;
  });
  EXPECT_FALSE(called);
  EXPECT_EQ(r.error().message, "no input");
}

TEST(Result, TransformMapsTheValueOnly) {
  Result<std::string> text = Result<int>(42).transform([](int n) { return std::to_string(n); });
  EXPECT_EQ(*text, "42");
  Result<std::string> failed =
      Result<int>(UsageError("x")).transform([](int n) { return std::to_string(n); });
  EXPECT_EQ(failed.error().message, "x");
}

TEST(Result, TransformToVoidAndFromVoid) {
  int seen = 0;
  Result<void> done = Result<int>(5).transform([&](int n) { seen = n; });
  EXPECT_TRUE(done.ok());
  EXPECT_EQ(seen, 5);
  EXPECT_EQ(*done.transform([] { return 9; }), 9);
  Result<void> bad = UsageError("stop");
  EXPECT_EQ(bad.transform([] { return 9; }).error().message, "stop");
  EXPECT_EQ(bad.and_then([] { return Result<int>(1); }).error().message, "stop");
}

TEST(Result, MovesOutOfAnRvalue) {
  auto r =
      Result<std::unique_ptr<int>>(std::make_unique<int>(4)).transform([](std::unique_ptr<int> p) {
        return *p + 1;
      });
  EXPECT_EQ(*r, 5);
}

TEST(Result, ValueOrAndOrElse) {
  EXPECT_EQ(Result<int>(UsageError("x")).value_or(-1), -1);
  EXPECT_EQ(Result<int>(3).value_or(-1), 3);
  auto recovered =
      Result<int>(UsageError("x")).or_else([](const Error&) { return Result<int>(0); });
  EXPECT_EQ(*recovered, 0);
}

// A caller-chosen error type, the way ndis/ decoders report an NDIS_STATUS.
struct Refusal {
  int status = 0;
};

TEST(Result, CustomErrorTypeAndTranslation) {
  Result<int, Refusal> refused = Refusal{0x16};
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().status, 0x16);
  Result<int> translated = refused.or_else([](const Refusal& r) -> Result<int> {
    return InputError({}, "status " + std::to_string(r.status));
  });
  EXPECT_EQ(translated.error().message, "status 22");
  Result<void, Refusal> nothing;
  EXPECT_TRUE(nothing.ok());
}

TEST(SourcePos, PartialPositions) {
  EXPECT_EQ(ToString(SourcePos{"f", 0, 0}), "f");
  EXPECT_EQ(ToString(SourcePos{"f", 2, 0}), "f:2");
}

}  // namespace
}  // namespace vmqkit
