// Hostile scenario lines found by fuzz/scenario_fuzz: each is an input error with its line, never
// an exception out of the reader.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "formats/scenario.h"
#include "vmqkit/test_paths.h"

namespace vmqkit::formats {
namespace {

TEST(ScenarioReader, NumberTooLargeForADoubleIsAnInputErrorNotAnException) {
  // nlohmann throws out_of_range (not parse_error) for a number overflow.
  auto steps =
      ParseScenario("{\"step\":\"initialize\"}\n{\"step\":\"rx\",\"length\":1e999}\n", "s.jsonl");
  ASSERT_FALSE(steps);
  EXPECT_EQ(steps.error().kind, ErrorKind::kInput);
  EXPECT_EQ(steps.error().where.line, 2u);
  EXPECT_NE(steps.error().message.find("not valid JSON"), std::string::npos);
}

TEST(ScenarioReader, FuzzRegressionInputIsAnInputError) {
  const std::string path =
      std::string(test::kSourceDir) + "/fuzz/corpus/scenario/number-overflow-crash.jsonl";
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << path;
  std::stringstream bytes;
  bytes << in.rdbuf();
  auto steps = ParseScenario(bytes.str(), "crash.jsonl");
  ASSERT_FALSE(steps);
  EXPECT_EQ(steps.error().kind, ErrorKind::kInput);
}

}  // namespace
}  // namespace vmqkit::formats
