// The host description reader (formats/host_description.h): topology, adapters, teams, errors.
#include <gtest/gtest.h>

#include <string>

#include "formats/host_description.h"
#include "vmqkit/test_paths.h"

namespace vmqkit::formats {
namespace {

using spec::AdapterKeywords;
using spec::HostDescription;
using spec::ProcessorNumber;
using spec::TeamMode;

TEST(ReadProcessorKeywords, AppliesDefaultsAndOutOfRangeValues) {
  const Result<HostDescription> host = ParseHostDescriptionJson(
      R"({"*RssBaseProcNumber": "2", "*MaxRssProcessors": 0, "*RssMaxProcNumber": 9})", "t.json");
  ASSERT_TRUE(host.ok()) << ToString(host.error());
  const std::vector<AdapterKeywords> k = spec::ReadAdapterKeywords(host->registry);
  ASSERT_EQ(k.size(), 1u);
  EXPECT_EQ(k[0].keywords.base_number, 2);
  EXPECT_EQ(k[0].keywords.max_processors, 16);  // 0 is out of range 1..MAXIMUM_PROC_PER_SYSTEM
  EXPECT_FALSE(k[0].max_processors_in_registry);
  EXPECT_EQ(k[0].keywords.max, (ProcessorNumber{0, 9}));  // *RssMaxProcGroup default 0
}

TEST(HostDescription, ReadsTopologyAdaptersAndTeams) {
  const Result<HostDescription> host =
      LoadHostDescription(std::string(test::kSourceDir) + "/examples/hosts/teamed-host.json");
  ASSERT_TRUE(host.ok()) << ToString(host.error());
  ASSERT_TRUE(host->topology.has_value());
  EXPECT_EQ(host->topology->smt, 2);
  EXPECT_EQ(host->registry.adapters.size(), 4u);
  ASSERT_EQ(host->teams.size(), 2u);
  EXPECT_EQ(host->teams[0].mode, TeamMode::kSumOfQueues);
  EXPECT_EQ(host->teams[1].mode, TeamMode::kMinQueues);
  EXPECT_EQ(host->Info("0002")->link_speed_bps, 10'000'000'000ULL);
}

TEST(HostDescription, ReadsTheSeedKbRegExportThroughAHostFile) {
  const Result<HostDescription> host =
      LoadHostDescription(std::string(test::kSourceDir) + "/examples/hosts/seed-kb-host.json");
  ASSERT_TRUE(host.ok()) << ToString(host.error());
  EXPECT_EQ(host->registry.adapters.size(), 3u);
  EXPECT_EQ(host->Info("0003")->link_speed_bps, 1'000'000'000ULL);
}

TEST(HostDescription, RejectsBadInputWithPosition) {
  const Result<HostDescription> bad =
      ParseHostDescriptionJson("{\"topology\": {\"lps_per_group\": 6, \"smt\": 4}}", "h.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("whole number"), std::string::npos);
  const Result<HostDescription> syntax =
      ParseHostDescriptionJson("{\n \"topology\": [,}", "h.json");
  ASSERT_FALSE(syntax.ok());
  EXPECT_EQ(syntax.error().where.line, 2u);
  const Result<HostDescription> team = ParseHostDescriptionJson(
      R"({"topology": {"lps_per_group": 8}, "adapters": {"0001": {"registry": {}}},
          "teams": [{"name": "T", "mode": "lacp", "members": ["0001", "0002"]}]})",
      "h.json");
  ASSERT_FALSE(team.ok());
  EXPECT_NE(team.error().message.find("lacp"), std::string::npos);
  std::string deep(200, '[');
  EXPECT_FALSE(ParseHostDescriptionJson(deep, "h.json").ok());
}

}  // namespace
}  // namespace vmqkit::formats
