// `vmqkit overlap` and `vmqkit advise` end to end on the seed KB's host (three adapters, all with
// *RssBaseProcNumber 0: the KB's overlap problem).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli/tests/run_command.h"
#include "vmqkit/test_paths.h"

namespace vmqkit::test {
namespace {

const std::string kSeedHost = std::string(kSourceDir) + "/examples/registry/seed-kb.reg";

TEST(OverlapCli, SeedKbHostOverlapsWithWitnessesExit1) {
  const CommandResult r = RunCommand({VmqkitPath(), "overlap", "--host", kSeedHost, "--lps", "16", "--json"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out);
  ASSERT_TRUE(j["overlaps"].is_array());
  ASSERT_FALSE(j["overlaps"].empty());
  bool found_0007_0010 = false;
  for (const auto& o : j["overlaps"]) {
    EXPECT_TRUE(o.contains("a") && o.contains("b") && o.contains("processors"));
    EXPECT_FALSE(o["processors"].empty());
    if (o["a"] == "0007" && o["b"] == "0010") found_0007_0010 = true;
  }
  EXPECT_TRUE(found_0007_0010) << r.out;
}

TEST(AdviseCli, SeedKbHostGetsKbStyleRegAddCommands) {
  const CommandResult r = RunCommand({VmqkitPath(), "advise", "--host", kSeedHost, "--lps", "16", "--format", "reg"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("reg add HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Class\\"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("/v *MaxRssProcessors /t REG_DWORD /d "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("/v *RssBaseProcNumber /t REG_DWORD /d "), std::string::npos) << r.out;
}

TEST(AdviseCli, PowershellFormat) {
  const CommandResult r = RunCommand(
      {VmqkitPath(), "advise", "--host", kSeedHost, "--lps", "16", "--format", "powershell"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Set-NetAdapterVmq"), std::string::npos) << r.out;
}

TEST(ProcessorsCli, MissingHostFileExit2) {
  EXPECT_EQ(RunCommand({VmqkitPath(), "overlap", "--host", "/nonexistent.reg"}).exit_code, 2);
  EXPECT_EQ(RunCommand({VmqkitPath(), "advise", "--host", "/nonexistent.reg"}).exit_code, 2);
}

}  // namespace
}  // namespace vmqkit::test
