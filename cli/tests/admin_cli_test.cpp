// The administrator's commands end to end: `vmqkit diagnose` on the seed KB host directory, its fix
// accepted by `vmqkit overlap`, `vmqkit explain-event`, and hostile PowerShell files (exit 2 with
// file:line).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "base/text_encoding.h"
#include "cli/tests/run_command.h"
#include "cli/tests/temp_dir.h"
#include "vmqkit/test_paths.h"

namespace vmqkit::test {
namespace {

const std::string kKbHost = std::string(kSourceDir) + "/examples/admin/seed-kb-host";

TEST(DiagnoseCli, SeedKbHostReportsTheKbConditionAndOverlapExit1) {
  const CommandResult r = RunCommand({VmqkitPath(), "diagnose", "--host", kKbHost});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("problem [kb-2681638]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("problem [overlap]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\\0007 /v *RssBaseProcNumber /t REG_DWORD /d 4 /f"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("Set-NetAdapterVmq -Name 'VM Switch 1' -BaseProcessorNumber 4 "
                       "-MaxProcessors 3"),
            std::string::npos)
      << r.out;
}

// The acceptance: the fix diagnose prints is accepted by `vmqkit overlap`.
TEST(DiagnoseCli, WrittenFixIsAcceptedByOverlap) {
  const TempDir dir;
  const std::string fixed = dir.path() + "/fixed.json";
  const CommandResult d =
      RunCommand({VmqkitPath(), "diagnose", "--host", kKbHost, "--write-fix", fixed});
  ASSERT_EQ(d.exit_code, 1) << d.err;
  const CommandResult o = RunCommand({VmqkitPath(), "overlap", "--host", fixed});
  EXPECT_EQ(o.exit_code, 0) << o.out << o.err;
  EXPECT_NE(o.out.find("no overlapping processor sets"), std::string::npos) << o.out;
  const CommandResult again = RunCommand({VmqkitPath(), "diagnose", "--host", fixed});
  EXPECT_EQ(again.exit_code, 0) << again.out;
}

TEST(DiagnoseCli, JsonHasFindingsWithRuleAndSourceAndTheFix) {
  const CommandResult r = RunCommand({VmqkitPath(), "diagnose", "--host", kKbHost, "--json"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  ASSERT_FALSE(j["findings"].empty());
  for (const auto& f : j["findings"]) {
    EXPECT_FALSE(f["rule"].get<std::string>().empty());
    EXPECT_FALSE(f["source"].get<std::string>().empty());
  }
  EXPECT_EQ(j["fix"]["reg"].size(), 6u);
  EXPECT_TRUE(j["fix"]["host"].is_object());
}

TEST(DiagnoseCli, OverlapAndAdviseReadTheDirectoryToo) {
  EXPECT_EQ(RunCommand({VmqkitPath(), "overlap", "--host", kKbHost}).exit_code, 1);
  const CommandResult a =
      RunCommand({VmqkitPath(), "advise", "--host", kKbHost, "--format", "json"});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  const nlohmann::json j = nlohmann::json::parse(a.out);
  EXPECT_EQ(j["adapters"][0]["keywords"]["*RssBaseProcNumber"], 2);
  EXPECT_EQ(j["adapters"][1]["keywords"]["*RssBaseProcNumber"], 4);
  EXPECT_EQ(j["adapters"][2]["keywords"]["*RssBaseProcNumber"], 10);
}

TEST(DiagnoseCliHostile, UnknownColumnInAFileOfTheDirectoryExit2WithFileLine) {
  const TempDir dir;
  const std::string file =
      dir.Write("vmq.txt", "\nName  Enabled Colour\n----  ------- ------\nA     True    red\n");
  const CommandResult r = RunCommand({VmqkitPath(), "diagnose", "--host", dir.path()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(file + ":4"), std::string::npos) << r.err;
}

TEST(DiagnoseCliHostile, TruncatedUtf16FileExit2WithFileLine) {
  const TempDir dir;
  const std::string whole = "Name                  : A\r\nNumberOfReceiveQueues : 8\r\nBaseProc";
  const std::string file = dir.Write("vmq.txt", "\xFF\xFE" + Utf8ToUtf16Le(whole));
  const CommandResult r = RunCommand({VmqkitPath(), "diagnose", "--host", file});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(file + ":3"), std::string::npos) << r.err;
}

TEST(ExplainEventCli, ModelledEvent106IsASumOfQueuesOverlapExit1) {
  const CommandResult r = RunCommand(
      {VmqkitPath(), "explain-event", std::string(kSourceDir) + "/examples/admin/event-106.txt"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("sum-of-queues-disjoint"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("team Team1"), std::string::npos) << r.out;
}

TEST(ExplainEventCli, TextWithoutTheEventExit2) {
  const TempDir dir;
  const std::string file = dir.Write("ev.txt", "nothing to see\n");
  const CommandResult r = RunCommand({VmqkitPath(), "explain-event", file});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(file + ":1"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace vmqkit::test
