// The check files (conformance/checks/*.jsonl): each one loads, names itself, is the text the
// library carries, replays on the model and on a DUT; the check-file steps and their errors.
#include <gtest/gtest.h>

#include <filesystem>

#include "base/text_encoding.h"
#include "conformance/engine_target.h"
#include "conformance/replay.h"
#include "conformance/suites.h"
#include "reference/dut_ops.h"
#include "vmqkit/test_paths.h"

namespace vmqkit::conformance {
namespace {

DeviceFactory Reference() {
  return [](const PlatformSpec& platform) -> std::unique_ptr<Device> {
    return PluginDevice::Create(&reference::DutOps(), platform);
  };
}

std::string SourcePath(std::string_view relative) {
  std::string path(test::kSourceDir);
  path.append("/");
  path.append(relative);
  return path;
}

TEST(CheckFiles, EveryFileIsEmbeddedAsWritten) {
  std::size_t on_disk = 0;
  for (const auto& entry : std::filesystem::directory_iterator(SourcePath("conformance/checks")))
    on_disk += entry.path().extension() == ".jsonl" ? 1 : 0;
  EXPECT_EQ(EmbeddedCheckFiles().size(), on_disk);
  for (const EmbeddedCheckFile& embedded : EmbeddedCheckFiles()) {
    auto text = ReadFileBytes(SourcePath(embedded.path));
    ASSERT_TRUE(text) << embedded.path;
    EXPECT_EQ(*text, embedded.text) << embedded.path;
    auto file = ParseCheckFile(embedded.text, std::string(embedded.path));
    ASSERT_TRUE(file) << ToString(file.error());
    ASSERT_TRUE(file->header) << embedded.path;
    EXPECT_EQ("conformance/checks/" + file->header->name + ".jsonl", embedded.path);
  }
}

TEST(CheckFiles, ChecksKeepSuiteOrderWithGeneratedLast) {
  std::vector<std::string> names;
  for (const CheckInfo& c : Checks()) names.emplace_back(c.name);
  ASSERT_EQ(names.size(), 31u);
  EXPECT_EQ(names.front(), "keywords.decision-table-rows");
  EXPECT_EQ(names[2], "keywords.random-registries");
  EXPECT_EQ(names[14], "lifecycle.allocate-free-cycles");
  EXPECT_EQ(names[15], "lifecycle.queue-table-cells");
  EXPECT_EQ(names[16], "lifecycle.random-streams");
  EXPECT_EQ(names[24], "route.random-frames");
  EXPECT_EQ(names.back(), "scenarios.many-vms-churn");
}

TEST(CheckFiles, LiveMigrationLosesNoFrameOnTheModel) {
  auto file = LoadCheckFile(SourcePath("conformance/checks/scenarios.live-migration-vlan.jsonl"));
  ASSERT_TRUE(file) << ToString(file.error());
  auto report = ReplayOnModel(*file);
  ASSERT_TRUE(report) << ToString(report.error());
  EXPECT_EQ(report->finding_count, 0u);
  std::size_t frames = 0;
  for (const auto& step : report->steps) {
    if (step.step.kind != "rx") continue;
    ++frames;
    for (const auto& outcome : step.result->route->permitted) EXPECT_FALSE(outcome.drop);
  }
  EXPECT_GE(frames, 10u);
}

TEST(CheckFiles, EveryFileReplaysOnTheReferenceDut) {
  for (const EmbeddedCheckFile& embedded : EmbeddedCheckFiles()) {
    auto file = ParseCheckFile(embedded.text, std::string(embedded.path));
    ASSERT_TRUE(file);
    auto report = ReplayOnDut(*file, Reference(), {});
    ASSERT_TRUE(report) << ToString(report.error());
    EXPECT_FALSE(report->finding) << embedded.path << ": " << report->finding->message;
    EXPECT_FALSE(report->steps.empty()) << embedded.path;
  }
}

constexpr std::string_view kHeader =
    R"({"step":"check","name":"x.y","suite":"x","rule":"r","source":"s")";

Result<CheckFile> Parse(const std::string& text) {
  return ParseCheckFile(text, "c.jsonl");
}

TEST(CheckFiles, ErrorsNameLineAndColumn) {
  struct Case {
    std::string text;
    std::uint32_t line;
    std::string says;
  };
  const std::string header = std::string(kHeader) + "}\n";
  const Case cases[] = {
      {std::string(kHeader) + R"(,"when":[]})", 1, "no field \"when\""},
      {std::string(kHeader) + R"(,"onlyif":["fast"]})", 1, "condition \"fast\""},
      {"{\"step\":\"initialize\"}\n" + header, 2, "first step"},
      {header + "# c\n  {\"step\":\"repeat\",\"count\":2}", 3, "\"steps\""},
      {header + R"({"step":"repeat","count":2,"steps":[{"step":"configure"}]})", 2, "repeated"},
      {header + R"({"step":"decision-table","table":"rss","ndis":["6.30"]})", 2, "\"table\""},
      {header + R"({"step":"compare-runs","capabilities":"current"})", 2, "hardware"},
      {header + "{\"step\":\"run\"}\n{\"step\": oops}", 3, "JSON"},
  };
  for (const Case& c : cases) {
    auto file = Parse(c.text);
    ASSERT_FALSE(file) << c.text;
    EXPECT_EQ(file.error().where.line, c.line) << c.text;
    EXPECT_GE(file.error().where.column, 1u) << c.text;
    EXPECT_NE(file.error().message.find(c.says), std::string::npos) << file.error().message;
  }
  auto column = Parse(header + "  {\"step\":\"repeat\",\"count\":2}");
  ASSERT_FALSE(column);
  EXPECT_EQ(column.error().where.column, 3u);
}

const std::string kUp =
    R"({"step":"configure","keywords":{"*RssOrVmqPreference":"1","*VMQ":"1"}}
{"step":"initialize"}
)";

CheckContext Context() {
  CheckContext context;
  context.factory = Reference();
  return context;
}

TEST(CheckFiles, OnlyifAndSkipifSkipTheCheck) {
  for (const char* condition : {R"("onlyif":["ndis>=6.50"])", R"("skipif":["ndis<6.50"])"}) {
    auto file = Parse(std::string(kHeader) + "," + condition + "}\n" + kUp +
                      R"({"step":"oid","oid":"FREE_QUEUE","params":{"queue_id":0}})");
    ASSERT_TRUE(file) << ToString(file.error());
    const CheckResult r = RunCheckFile(*file, Context());
    EXPECT_EQ(r.verdict, Verdict::kSkip) << condition;
    EXPECT_EQ(r.steps, 2u);
    EXPECT_NE(r.note.find("ndis"), std::string::npos) << r.note;
  }
  auto applies = Parse(std::string(kHeader) +
                       R"(,"onlyif":["ndis>=6.30"],"skipif":["ndis<6.30"]})" + "\n" + kUp);
  ASSERT_TRUE(applies);
  EXPECT_EQ(RunCheckFile(*applies, Context()).verdict, Verdict::kPass);
}

TEST(CheckFiles, RepeatCountsFromTheAdvertisedCapabilities) {
  auto file = Parse(
      std::string(kHeader) + "}\n" + kUp +
      R"({"step":"repeat","count":"${current.num_queues-1}","steps":[)"
      R"({"step":"oid","oid":"ALLOCATE_QUEUE","params":{"affinity":{"mask":"0x1"}}},)"
      R"({"step":"rx","frame":{"dst":"00:15:5d:00:00:${i%256:02x}"}}]})"
      "\n" +
      R"({"step":"oid","oid":"QUEUE_ALLOCATION_COMPLETE","params":{"queue_ids":"${1..current.num_queues-1}"}})");
  ASSERT_TRUE(file) << ToString(file.error());
  EngineTarget target(Reference(), {});
  auto outcome = RunCheckSteps(*file, target);
  ASSERT_TRUE(outcome) << ToString(outcome.error());
  const std::uint32_t n = target.Model("A")->capabilities().current.num_queues;
  EXPECT_EQ(target.steps(), 2 + 2 * (n - 1) + 1);
  EXPECT_FALSE(target.engine()->failed());
}

TEST(CheckFiles, ExpressionErrorsAreInputErrors) {
  for (
      const char* step :
      {R"({"step":"rx","frame":{"dst":"00:15:5d:00:00:${i}"}})",
       R"({"step":"repeat","count":"${current.queues}","steps":[{"step":"return","queue_id":1}]})",
       R"({"step":"oid","oid":"FREE_QUEUE","params":{"queue_id":1},"patch":[{"at":8,"u32":1}]})"}) {
    auto file = Parse(std::string(kHeader) + "}\n" + kUp + step);
    ASSERT_TRUE(file) << ToString(file.error());
    EngineTarget target(Reference(), {});
    auto outcome = RunCheckSteps(*file, target);
    ASSERT_FALSE(outcome) << step;
    EXPECT_EQ(outcome.error().where.line, 4u) << step;
  }
}

TEST(CheckFiles, PatchesNameMembersOfTheOidsStructure) {
  struct Case {
    const char* patch;
    const char* says;
  };
  const Case cases[] = {
      {R"({"field":"FilterId","u32":1})",
       "\"FilterId\" is not a member of "
       "NDIS_RECEIVE_QUEUE_FREE_PARAMETERS"},
      {R"({"field":"Header.Size","u32":1})", "which is 2 bytes wide"},
      {R"({"at":8,"u32":1})", "\"field\""},
  };
  for (const Case& c : cases) {
    auto file = Parse(std::string(kHeader) + "}\n" + kUp +
                      R"({"step":"oid","oid":"FREE_QUEUE","params":{"queue_id":1},"patch":[)" +
                      c.patch + "]}");
    ASSERT_TRUE(file) << ToString(file.error());
    EngineTarget target(Reference(), {});
    auto outcome = RunCheckSteps(*file, target);
    ASSERT_FALSE(outcome) << c.patch;
    EXPECT_EQ(outcome.error().where.file, "c.jsonl");
    EXPECT_EQ(outcome.error().where.line, 4u) << c.patch;
    EXPECT_GE(outcome.error().where.column, 1u) << c.patch;
    EXPECT_NE(outcome.error().message.find(c.says), std::string::npos) << outcome.error().message;
  }
  auto named = Parse(std::string(kHeader) + "}\n" + kUp +
                     R"({"step":"oid","oid":"FREE_QUEUE","params":{"queue_id":1},)"
                     R"("patch":[{"field":"QueueId","u32":"0x7"}],"deliver":"direct"})");
  ASSERT_TRUE(named) << ToString(named.error());
  EngineTarget target(Reference(), {});
  auto outcome = RunCheckSteps(*named, target);
  ASSERT_TRUE(outcome) << ToString(outcome.error());
}

TEST(CheckFiles, RunLabelPrefixesTheFinding) {
  auto file = Parse(std::string(kHeader) + "}\n" + kUp + R"({"step":"run","label":"second"})" +
                    "\n" + R"({"step":"initialize","adapter":"B"})");
  ASSERT_TRUE(file);
  const CheckResult r = RunCheckFile(*file, Context());
  ASSERT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(r.finding->message.rfind("second: ", 0), 0u) << r.finding->message;
  EXPECT_EQ(r.scenario.size(), 1u);  // the failing run alone
}

}  // namespace
}  // namespace vmqkit::conformance
