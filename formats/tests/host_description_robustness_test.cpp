// Hostile host descriptions found by fuzz/host_description_fuzz: each is an input error, never an
// exception out of the reader.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "formats/host_description.h"
#include "vmqkit/test_paths.h"

namespace vmqkit::formats {
namespace {

TEST(HostDescriptionReader, NumberTooLargeForADoubleIsAnInputErrorNotAnException) {
  // nlohmann throws out_of_range (not parse_error) for a number overflow.
  auto host = ParseHostDescriptionJson("{\"topology\": {\"groups\": 1e999}}", "h.json");
  ASSERT_FALSE(host);
  EXPECT_EQ(host.error().kind, ErrorKind::kInput);
  EXPECT_NE(host.error().message.find("invalid JSON"), std::string::npos);
}

TEST(HostDescriptionReader, FuzzRegressionInputIsAnInputError) {
  const std::string path =
      std::string(test::kSourceDir) + "/fuzz/corpus/host_description/number-overflow-crash.json";
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << path;
  std::stringstream bytes;
  bytes << in.rdbuf();
  auto host = ParseHostDescriptionJson(bytes.str(), "crash.json");
  ASSERT_FALSE(host);
  EXPECT_EQ(host.error().kind, ErrorKind::kInput);
}

}  // namespace
}  // namespace vmqkit::formats
