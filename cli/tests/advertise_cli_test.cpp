// `vmqkit advertise` end to end: the seed's decision table through the real command, its JSON
// contract, and its exit codes.
#include <gtest/gtest.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "cli/tests/run_command.h"
#include "cli/tests/temp_dir.h"
#include "vmqkit/test_paths.h"

namespace vmqkit::test {
namespace {

nlohmann::json AdvertiseJson(const std::vector<std::string>& extra) {
  std::vector<std::string> argv{VmqkitPath(), "advertise", "--json"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  const CommandResult r = RunCommand(argv);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return nlohmann::json::parse(r.out);
}

struct SeedRow {
  const char* name;
  const char* registry;
  const char* interface;
};
void PrintTo(const SeedRow& row, std::ostream* os) { *os << row.name; }


class SeedTable : public ::testing::TestWithParam<SeedRow> {};

// The seed's table (RssOrVmqPreference, *VMQ, *RSS -> advertised), on hardware without SR-IOV.
TEST_P(SeedTable, AdvertiseAnswersTheRow) {
  TempDir dir;
  const std::string file = dir.Write("r.json", GetParam().registry);
  const nlohmann::json j = AdvertiseJson({"--registry", file, "--hw", "rss,vmq"});
  EXPECT_EQ(j["interface"], GetParam().interface);
}

INSTANTIATE_TEST_SUITE_P(
    Rows, SeedTable,
    ::testing::Values(SeedRow{"Pref1_Vmq1", R"({"*RssOrVmqPreference": "1", "*VMQ": "1"})", "VMQ"},
                      SeedRow{"Pref1_Vmq0", R"({"*RssOrVmqPreference": "1", "*VMQ": "0"})", "NONE"},
                      SeedRow{"Pref0_Rss1", R"({"*RssOrVmqPreference": "0", "*RSS": "1"})", "RSS"},
                      SeedRow{"PrefAbsent_Rss1", R"({"*RSS": "1"})", "RSS"},
                      SeedRow{"Pref0_Rss0", R"({"*RssOrVmqPreference": "0", "*RSS": "0"})", "NONE"},
                      SeedRow{"PrefAbsent_Rss0", R"({"*RSS": 0})", "NONE"}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(AdvertiseCli, JsonHasTheDocumentedKeys) {
  const nlohmann::json j = AdvertiseJson(
      {"--registry", std::string(kSourceDir) + "/examples/registry/seed-kb.reg", "--adapter", "0007"});
  for (const char* key : {"interface", "must_read", "must_not_read", "vswitch_uses_vmq", "diagnostics"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_EQ(j["interface"], "VMQ");
  EXPECT_TRUE(j["vswitch_uses_vmq"].get<bool>());
  ASSERT_FALSE(j["diagnostics"].empty());
  EXPECT_EQ(j["diagnostics"][0]["keyword"], "*VMQLookaheadSplit");
  EXPECT_TRUE(j["diagnostics"][0].contains("message"));
}

TEST(AdvertiseCli, SeveralAdaptersWithoutAdapterExit2ListingThem) {
  const CommandResult r = RunCommand(
      {VmqkitPath(), "advertise", "--registry", std::string(kSourceDir) + "/examples/registry/seed-kb.reg"});
  EXPECT_EQ(r.exit_code, 2);
  for (const char* subkey : {"0003", "0007", "0010"}) {
    EXPECT_NE(r.err.find(subkey), std::string::npos) << r.err;
  }
}

TEST(AdvertiseCli, UnknownAdapterExit2) {
  const CommandResult r = RunCommand({VmqkitPath(), "advertise", "--registry",
                                      std::string(kSourceDir) + "/examples/registry/seed-kb.reg",
                                      "--adapter", "9999"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("9999"), std::string::npos);
}

TEST(AdvertiseCli, BadOptionValuesExit2) {
  const std::string reg = std::string(kSourceDir) + "/examples/registry/seed-kb.reg";
  for (const std::vector<std::string>& extra :
       {std::vector<std::string>{"--ndis", "6.3"}, {"--ndis", "5.00"}, {"--hw", "rss,ipsec"},
        {"--link-speed", "fast"}, {"--link-speed", "-1G"}, {"--bogus"}}) {
    std::vector<std::string> argv{VmqkitPath(), "advertise", "--registry", reg, "--adapter", "0007"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    const CommandResult r = RunCommand(argv);
    EXPECT_EQ(r.exit_code, 2) << extra[0];
    EXPECT_FALSE(r.err.empty());
  }
}

// E-010: SR-IOV is an NDIS 6.30 interface, so `--hw` defaults to it from 6.30 only: a 6.20
// miniport is never told to read *SriovPreferred.
TEST(AdvertiseCli, E010_DefaultHardwareHasSriovFromNdis630Only) {
  TempDir dir;
  const std::string file = dir.Write("r.json", "{}");
  const nlohmann::json old_ndis = AdvertiseJson({"--registry", file, "--ndis", "6.20"});
  EXPECT_FALSE(old_ndis["input"]["hardware"]["sriov"].get<bool>());
  EXPECT_TRUE(old_ndis["input"]["hardware"]["vlan"].get<bool>());
  for (const auto& name : old_ndis["must_read"]) EXPECT_NE(name, "*SriovPreferred");
  const nlohmann::json new_ndis = AdvertiseJson({"--registry", file, "--ndis", "6.30"});
  EXPECT_TRUE(new_ndis["input"]["hardware"]["sriov"].get<bool>());
  EXPECT_EQ(new_ndis["must_read"][0], "*RssOrVmqPreference");
}

// E-013: --os names the Windows Server release apart from the miniport's NDIS version; its default
// is the first release of that version; a release older than the miniport is an input error.
TEST(AdvertiseCli, E013_OsOptionAndItsErrors) {
  TempDir dir;
  const std::string file = dir.Write("r.json", R"({"*RssOrVmqPreference": "1"})");
  const nlohmann::json r2 = AdvertiseJson({"--registry", file, "--ndis", "6.20"});
  EXPECT_EQ(r2["input"]["os"], "2008r2");
  EXPECT_FALSE(r2["vswitch_uses_vmq"].get<bool>());
  const nlohmann::json on2012 =
      AdvertiseJson({"--registry", file, "--ndis", "6.20", "--os", "2012"});
  EXPECT_EQ(on2012["input"]["os"], "2012");
  EXPECT_TRUE(on2012["vswitch_uses_vmq"].get<bool>());
  const nlohmann::json slow = AdvertiseJson(
      {"--registry", file, "--ndis", "6.30", "--os", "2022", "--supported-speed", "1G"});
  EXPECT_FALSE(slow["vswitch_uses_vmq"].get<bool>());
  for (const char* bad : {"2003", "2008r2"}) {
    const CommandResult r =
        RunCommand({VmqkitPath(), "advertise", "--registry", file, "--ndis", "6.30", "--os", bad});
    EXPECT_EQ(r.exit_code, 2) << bad;
    EXPECT_NE(r.err.find("--os"), std::string::npos) << r.err;
  }
}

TEST(AdvertiseCli, VersionAndHelpExit0) {
  EXPECT_EQ(RunCommand({VmqkitPath(), "--version"}).exit_code, 0);
  const CommandResult help = RunCommand({VmqkitPath(), "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("advertise"), std::string::npos);
  EXPECT_EQ(RunCommand({VmqkitPath()}).exit_code, 2);
  EXPECT_EQ(RunCommand({VmqkitPath(), "no-such-command"}).exit_code, 2);
}

}  // namespace
}  // namespace vmqkit::test
