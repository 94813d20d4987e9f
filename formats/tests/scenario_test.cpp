// Scenario files: parse errors with positions, findings. (The live-migration scenario is the
// check file conformance/checks/scenarios.live-migration-vlan.jsonl: conformance/tests.)
#include <gtest/gtest.h>

#include "formats/scenario_runner.h"
#include "vmqkit/test_paths.h"

namespace vmqkit::formats {
namespace {

TEST(Scenario, BadJsonNamesLineAndColumn) {
  auto steps = ParseScenario("{\"step\":\"initialize\"}\n\n{\"step\": oops}\n", "s.jsonl");
  ASSERT_FALSE(steps);
  EXPECT_EQ(steps.error().where.line, 3u);
  EXPECT_GT(steps.error().where.column, 1u);
}

TEST(Scenario, UnknownStepKindIsAnInputError) {
  auto steps = ParseScenario("{\"step\":\"jump\"}", "s.jsonl");
  ASSERT_FALSE(steps);
  EXPECT_NE(steps.error().message.find("jump"), std::string::npos);
}

TEST(Scenario, UnconfiguredAdapterIsAnInputError) {
  auto steps = ParseScenario("{\"step\":\"initialize\",\"adapter\":\"B\"}", "s.jsonl");
  ASSERT_TRUE(steps);
  auto report = RunScenario(*steps, "s.jsonl");
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().where.line, 1u);
}

TEST(Scenario, ExpectThatDoesNotHoldIsAFinding) {
  auto steps = ParseScenario(
      "{\"step\":\"configure\",\"keywords\":{\"*RssOrVmqPreference\":\"1\"}}\n"
      "{\"step\":\"initialize\"}\n"
      "{\"step\":\"oid\",\"oid\":\"FREE_QUEUE\",\"params\":{\"queue_id\":0}}\n"
      "{\"step\":\"expect\",\"status\":\"SUCCESS\"}\n"
      "{\"step\":\"expect\",\"status\":\"INVALID_PARAMETER\",\"rejected_by\":\"ndis\"}\n",
      "s.jsonl");
  ASSERT_TRUE(steps);
  auto report = RunScenario(*steps, "s.jsonl");
  ASSERT_TRUE(report);
  EXPECT_EQ(report->finding_count, 1u);
  EXPECT_EQ(report->steps[3].findings.size(), 1u);
  EXPECT_TRUE(report->steps[4].findings.empty());
}

TEST(Scenario, ShortBufferStepReportsBytesNeeded) {
  auto steps = ParseScenario(
      "{\"step\":\"configure\",\"keywords\":{\"*RssOrVmqPreference\":\"1\"}}\n"
      "{\"step\":\"initialize\"}\n"
      "{\"step\":\"oid\",\"oid\":\"ALLOCATE_QUEUE\",\"truncate\":8}\n"
      "{\"step\":\"expect\",\"status\":\"INVALID_LENGTH\",\"bytes_needed\":1092}\n",
      "s.jsonl");
  ASSERT_TRUE(steps);
  auto report = RunScenario(*steps, "s.jsonl");
  ASSERT_TRUE(report);
  EXPECT_EQ(report->finding_count, 0u);
}

}  // namespace
}  // namespace vmqkit::formats
