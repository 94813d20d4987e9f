// `vmqkit check-trace`: a trace recorded from a driver is checked offline against the model; the
// first divergence is reported with its line and rule. The traces here are recorded from the
// reference miniport (its real initialize output), then one answer is altered.
#include <gtest/gtest.h>

#include "conformance/suites.h"
#include "conformance/trace_device.h"
#include "reference/dut_ops.h"

namespace vmqkit::conformance {
namespace {

using nlohmann::json;

// configure, initialize (recorded from the reference) and one received frame indicated on
// `queue`, as trace text.
std::string Trace(std::uint32_t queue, bool drop_reads) {
  const spec::ModelConfig config = VmqConfig();
  auto device = PluginDevice::Create(&reference::DutOps(), PlatformSpec{config, 0});
  const InitializeOutput init = device->Initialize();
  const Observed observed = device->Take();
  json reads = json::array();
  for (const auto& r : observed.reads) reads.push_back(r.keyword);
  if (drop_reads) reads = json::array();
  const ndis::Bytes frame = Frame(GuestMac(9), std::nullopt);
  json lines =
      json::array({ConfigureLine("A", config),
                   {{"step", "initialize"},
                    {"adapter", "A"},
                    {"reads", reads},
                    {"hardware", ToHex(init.hardware)},
                    {"current", ToHex(init.current)}},
                   {{"step", "rx"},
                    {"adapter", "A"},
                    {"hex", ToHex(frame)},
                    {"indications", json::array({{{"queue_id", queue}, {"hex", ToHex(frame)}}})}}});
  std::string text;
  for (const auto& line : lines) text += line.dump() + "\n";
  return text;
}

Result<TraceReport> Check(const std::string& text) {
  auto steps = formats::ParseScenario(text, "trace.jsonl");
  if (!steps) return steps.error();
  return CheckTrace(*steps, "trace.jsonl");
}

TEST(CheckTrace, RecordedReferenceTraceHasNoDivergence) {
  auto report = Check(Trace(0, false));
  ASSERT_TRUE(report.ok()) << ToString(report.error());
  EXPECT_FALSE(report->finding.has_value()) << report->finding->message;
  EXPECT_EQ(report->steps, 3u);
}

TEST(CheckTrace, FrameOnANonPermittedQueueIsTheFirstDivergence) {
  auto report = Check(Trace(5, false));
  ASSERT_TRUE(report.ok()) << ToString(report.error());
  ASSERT_TRUE(report->finding.has_value());
  EXPECT_EQ(report->finding_line, 3u);
  EXPECT_EQ(report->finding->rule, "route.permitted-queue");
}

TEST(CheckTrace, MissingMustReadKeywordDivergesAtInitialize) {
  auto report = Check(Trace(0, true));
  ASSERT_TRUE(report.ok()) << ToString(report.error());
  ASSERT_TRUE(report->finding.has_value());
  EXPECT_EQ(report->finding_line, 2u);
  EXPECT_EQ(report->finding->rule, "read-rules.must-read");
}

TEST(CheckTrace, BadRecordedFieldIsAnInputErrorWithItsLine) {
  std::string text = Trace(0, false);
  text += "{\"step\":\"oid\",\"adapter\":\"A\",\"oid\":\"FREE_QUEUE\",\"result\":\"NO_SUCH\"}\n";
  auto report = Check(text);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().where.line, 4u);
}

// `vmqkit check-trace`'s output for a trace with a divergence and for one without.
TEST(TraceReportText, DivergenceGivesLineRuleSourceAndMessage) {
  const TraceReport report{"t.jsonl", 3, Finding{"route.permitted-queue", "E-308", "queue 5"}, 3};
  EXPECT_EQ(ToText(report),
            "t.jsonl:3: first divergence: rule route.permitted-queue (E-308)\n    queue 5\n");
  EXPECT_EQ(ToText(TraceReport{"t.jsonl", 3, std::nullopt, 0}),
            "t.jsonl: 3 steps, no divergence from the model\n");
}

TEST(TraceReportJson, DivergenceGivesTheFindingObject) {
  const TraceReport report{"t.jsonl", 3, Finding{"route.permitted-queue", "E-308", "queue 5"}, 3};
  EXPECT_EQ(ToJson(report), json::parse(R"({"file": "t.jsonl", "steps": 3, "ok": false,
            "finding": {"line": 3, "rule": "route.permitted-queue", "source": "E-308",
                        "message": "queue 5"}})"));
  EXPECT_EQ(ToJson(TraceReport{"t.jsonl", 3, std::nullopt, 0}),
            json::parse(R"({"file": "t.jsonl", "steps": 3, "ok": true})"));
}

}  // namespace
}  // namespace vmqkit::conformance
