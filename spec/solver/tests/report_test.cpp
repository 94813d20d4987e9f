// `vmqkit overlap` and `vmqkit advise` reports rendered for people and for programs, for the
// committed example host with two teams (examples/hosts/teamed-host.json).
#include <gtest/gtest.h>

#include "formats/host_description.h"
#include "spec/solver/advice_report.h"
#include "spec/solver/overlap_report.h"
#include "vmqkit/test_paths.h"

namespace vmqkit::solver {
namespace {

spec::HostDescription TeamedHost() {
  auto host = formats::LoadHostDescription(std::string(test::kSourceDir) +
                                           "/examples/hosts/teamed-host.json");
  EXPECT_TRUE(host.ok());
  return *host;
}

HostOverlapReport TeamedOverlap() {
  const spec::HostDescription host = TeamedHost();
  return MakeHostOverlapReport("teamed-host.json", host, *host.topology, false);
}

TEST(OverlapReport, TextOfTeamedHostListsEverySetAndNoOverlap) {
  EXPECT_EQ(ToText(TeamedOverlap()),
            "host teamed-host.json: 1 group x 32 LPs, SMT 2, 1 NUMA node\n"
            "  0001 (Mellanox ConnectX-3 #1): base 0:2, *MaxRssProcessors 4 -> processors 2, 4, "
            "6, 8\n"
            "  0002 (Mellanox ConnectX-3 #2): base 0:10, *MaxRssProcessors 4 -> processors 10, "
            "12, 14, 16\n"
            "  0003 (Intel I350 #1): base 0:18, *MaxRssProcessors 2 -> processors 18, 20\n"
            "  0004 (Intel I350 #2): base 0:18, *MaxRssProcessors 2 -> processors 18, 20\n"
            "no overlapping processor sets\n");
}

TEST(OverlapReport, JsonOfTeamedHostGivesIndexesAndGroupNumbers) {
  const nlohmann::json json = ToJson(TeamedOverlap());
  EXPECT_EQ(json["host"], "teamed-host.json");
  EXPECT_EQ(json["topology"], nlohmann::json::parse(R"({"groups": 1, "lps_per_group": 32,
            "smt": 2, "numa_nodes": 1, "assumed": false})"));
  ASSERT_EQ(json["adapters"].size(), 4u);
  EXPECT_EQ(json["adapters"][2], nlohmann::json::parse(R"({"subkey": "0003",
            "driver_desc": "Intel I350 #1", "base": "0:18", "max": null,
            "max_rss_processors": 2, "max_rss_processors_origin": "registry", "processors": [18, 20], "group_numbers": ["0:18", "0:20"]})"));
  EXPECT_EQ(json["overlaps"], nlohmann::json::array());
  EXPECT_EQ(json["team_mismatches"], nlohmann::json::array());
}

AdviceReport TeamedAdvice() {
  const spec::HostDescription host = TeamedHost();
  auto report = MakeAdviceReport("teamed-host.json", host, *host.topology, false, false);
  EXPECT_TRUE(report.ok());
  return *report;
}

// Packed in registry order (E-713): SET 1 from core 1, SET 2 right after it, the Min-Queues LACP
// pair on the next core; each command follows a comment saying why.
TEST(AdviceReport, PowerShellOfTeamedHostNamesTheAdapters) {
  const std::string ps = ToPowerShell(TeamedAdvice());
  std::string commands;
  std::size_t comments = 0;
  for (std::size_t at = 0; at < ps.size();) {
    const std::size_t end = ps.find('\n', at);
    const std::string line = ps.substr(at, end - at + 1);
    if (line.rfind("# ", 0) == 0) {
      ++comments;
    } else {
      commands += line;
    }
    at = end + 1;
  }
  EXPECT_EQ(commands,
            "Set-NetAdapterVmq -Name 'SET 1' -BaseProcessorNumber 2 -MaxProcessors 3\n"
            "Set-NetAdapterVmq -Name 'SET 2' -BaseProcessorNumber 8 -MaxProcessors 3\n"
            "Set-NetAdapterVmq -Name 'LACP 1' -BaseProcessorNumber 14 -MaxProcessors 1\n"
            "Set-NetAdapterVmq -Name 'LACP 2' -BaseProcessorNumber 14 -MaxProcessors 1\n");
  EXPECT_EQ(comments, 4u);
  EXPECT_NE(ps.find("identical to 0003 (Min-Queues team LACP)"), std::string::npos) << ps;
}

TEST(AdviceReport, RegCommandsOfTeamedHostWriteMaxThenBase) {
  std::string reg = ToRegCommands(TeamedAdvice());
  EXPECT_EQ(reg.rfind("REM 0001: base 0:2 is the lowest", 0), 0u) << reg;
  reg = reg.substr(reg.find('\n') + 1);  // the REM line saying why
  EXPECT_EQ(reg.substr(0, reg.find('\n') + 1),
            "reg add HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Class\\"
            "{4D36E972-E325-11CE-BFC1-08002BE10318}\\0001 /v *MaxRssProcessors /t REG_DWORD /d 3 "
            "/f\n");
  EXPECT_EQ(std::count(reg.begin(), reg.end(), '\n'), 8 + 3);  // + 3 more REM lines
}

TEST(AdviceReport, JsonOfTeamedHostGivesKeywordsAndProcessors) {
  const nlohmann::json json = ToJson(TeamedAdvice());
  EXPECT_EQ(json["host"], "teamed-host.json");
  EXPECT_EQ(json["maximize"], false);
  ASSERT_EQ(json["adapters"].size(), 4u);
  nlohmann::json second = json["adapters"][1];
  EXPECT_NE(second["why"].get<std::string>().find("no core shared with 0001"), std::string::npos);
  second.erase("why");
  EXPECT_EQ(second, nlohmann::json::parse(R"({"subkey": "0002",
            "requested_processors": 3, "processors": [8, 10, 12],
            "keywords": {"*MaxRssProcessors": 3, "*RssBaseProcGroup": 0,
                         "*RssBaseProcNumber": 8}})"));
}

}  // namespace
}  // namespace vmqkit::solver
