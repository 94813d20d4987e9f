// `vmqkit replay` and `vmqkit route` reports rendered for people and for programs, for one known
// input each: examples/route-setup.jsonl, and two frames routed on its adapter.
#include <gtest/gtest.h>

#include "formats/route_report.h"
#include "formats/scenario_report.h"
#include "formats/scenario_runner.h"
#include "vmqkit/test_paths.h"

namespace vmqkit::formats {
namespace {

ScenarioReport RouteSetupReport() {
  auto steps = LoadScenario(std::string(test::kSourceDir) + "/examples/route-setup.jsonl");
  EXPECT_TRUE(steps.ok());
  auto report = RunScenario(*steps, "route-setup.jsonl");
  EXPECT_TRUE(report.ok());
  return *report;
}

TEST(ScenarioReport, TextOfRouteSetupGivesEveryStepAndItsQueues) {
  EXPECT_EQ(ToText(RouteSetupReport()),
            "line 3: configure A: NDIS 6.30, 7 VM queues\n"
            "line 4: initialize A -> SUCCESS: interface VMQ (row vmq-rss/1), NumQueues 7, VLAN "
            "filtering on\n"
            "    queues A: 0:Running\n"
            "line 5: oid A ALLOCATE_QUEUE method -> SUCCESS queue_id=1 [queue 1 "
            "Undefined->Allocated]\n"
            "    queues A: 0:Running, 1:Allocated\n"
            "line 6: oid A SET_FILTER method -> SUCCESS filter_id=1 [queue 1 Allocated->Set]\n"
            "    queues A: 0:Running, 1:Set\n"
            "line 7: oid A ALLOCATE_QUEUE method -> SUCCESS queue_id=2 [queue 2 "
            "Undefined->Allocated]\n"
            "    queues A: 0:Running, 1:Set, 2:Allocated\n"
            "line 8: oid A SET_FILTER method -> SUCCESS filter_id=2 [queue 2 Allocated->Set]\n"
            "    queues A: 0:Running, 1:Set, 2:Set\n"
            "line 9: oid A QUEUE_ALLOCATION_COMPLETE method -> SUCCESS [queue 1 Set->Running] "
            "[queue 2 Set->Running]\n"
            "    queues A: 0:Running, 1:Running, 2:Running\n"
            "line 10: expect: ok (3 checks)\n"
            "8 steps, 0 findings\n");
}

TEST(ScenarioReport, JsonOfRouteSetupIsOkWithEveryStep) {
  const ScenarioReport report = RouteSetupReport();
  const nlohmann::json json = ToJson(report);
  EXPECT_EQ(json["file"], "route-setup.jsonl");
  EXPECT_EQ(json["ok"], true);
  EXPECT_EQ(json["findings"], nlohmann::json::array());
  ASSERT_EQ(json["steps"].size(), 8u);
  EXPECT_EQ(json["steps"][0], ToJson(report.steps[0]));
  EXPECT_EQ(json["steps"][0]["summary"], "configure A: NDIS 6.30, 7 VM queues");
}

RouteReport TwoFrames() {
  spec::RouteResult queue1;
  queue1.permitted = {spec::QueueOutcome(1)};
  queue1.strict = spec::QueueOutcome(1);
  queue1.reason = "filter 1 matches";
  spec::RouteResult either;
  either.permitted = {spec::QueueOutcome(0), spec::QueueOutcome(2)};
  either.strict = spec::QueueOutcome(0);
  either.reason = "no filter matches";
  return {"setup.jsonl", "frames.pcap", "A", 0, {{1, 64, false, queue1}, {2, 30, true, either}}};
}

TEST(RouteReport, TextGivesThePermittedSetOrWithStrictTheRecommendedOutcome) {
  EXPECT_EQ(ToText(TwoFrames(), false),
            "frame 1 (64 bytes): {queue 1}  filter 1 matches\n"
            "frame 2 (30 bytes, cut): {default, queue 2}  no filter matches\n"
            "2 frames\n");
  EXPECT_EQ(ToText(TwoFrames(), true),
            "frame 1 (64 bytes): queue 1  filter 1 matches\n"
            "frame 2 (30 bytes, cut): default  no filter matches\n"
            "2 frames\n");
}

TEST(RouteReport, JsonGivesEveryFrameWithItsIndexAndCut) {
  const nlohmann::json json = ToJson(TwoFrames());
  EXPECT_EQ(json["scenario"], "setup.jsonl");
  EXPECT_EQ(json["pcap"], "frames.pcap");
  EXPECT_EQ(json["adapter"], "A");
  EXPECT_EQ(json["setup_findings"], 0);
  ASSERT_EQ(json["frames"].size(), 2u);
  EXPECT_EQ(json["frames"][1]["index"], 2);
  EXPECT_EQ(json["frames"][1]["truncated_by_capture"], true);
  EXPECT_EQ(json["frames"][1]["reason"], "no filter matches");
}

}  // namespace
}  // namespace vmqkit::formats
