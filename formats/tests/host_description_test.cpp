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

// E-022: an adapter without *MaxRssProcessors gets the default of its release, speed and MSI-X
// ([WDD] standardized-inf-keywords-for-rss, "Windows Server 2008 defaults ... Windows 8 defaults").
TEST(HostKeywords, E022_AbsentMaxRssProcessorsTakesTheDefaultOfReleaseSpeedAndMsiX) {
  const std::string adapters = R"("adapters": {
      "0001": {"link_speed_gbps": 1, "registry": {}},
      "0002": {"link_speed_gbps": 1, "msi_x": false, "registry": {}},
      "0003": {"link_speed_gbps": 10, "msi_x": false, "registry": {}},
      "0004": {"link_speed_gbps": 1, "registry": {"*MaxRssProcessors": 3}}})";
  const Result<HostDescription> w2012 =
      ParseHostDescriptionJson("{\"windows\": \"2012r2\", " + adapters + "}", "h.json");
  ASSERT_TRUE(w2012.ok()) << ToString(w2012.error());
  const std::vector<AdapterKeywords> k = spec::ReadAdapterKeywords(*w2012);
  ASSERT_EQ(k.size(), 4u);
  EXPECT_EQ(k[0].keywords.max_processors, 4);  // Windows 8, MSI-X, 1GbE
  EXPECT_EQ(k[0].max_processors_origin, "default: Windows Server 2012r2, 1 Gbps, MSI-X (assumed)");
  EXPECT_EQ(k[1].keywords.max_processors, 2);  // Windows 8, no MSI-X, 1GbE
  EXPECT_EQ(k[2].keywords.max_processors, 4);  // Windows 8, no MSI-X, 10 GbE
  EXPECT_EQ(k[3].keywords.max_processors, 3);  // the registry's value stands
  EXPECT_EQ(k[3].max_processors_origin, "registry");

  const Result<HostDescription> w2008 =
      ParseHostDescriptionJson("{\"windows\": \"2008r2\", " + adapters + "}", "h.json");
  ASSERT_TRUE(w2008.ok()) << ToString(w2008.error());
  EXPECT_EQ(spec::ReadAdapterKeywords(*w2008)[0].keywords.max_processors, 8);  // 2008: 1G: 8

  // Nothing known: Windows Server 2012 or later, 10 Gbps, MSI-X, each named as assumed.
  const Result<HostDescription> unknown = ParseHostDescriptionJson(
      R"({"adapters": {"0001": {"registry": {}}}, "teams": []})", "h.json");
  ASSERT_TRUE(unknown.ok()) << ToString(unknown.error());
  const AdapterKeywords u = spec::ReadAdapterKeywords(*unknown)[0];
  EXPECT_EQ(u.keywords.max_processors, 16);
  EXPECT_EQ(u.max_processors_origin,
            "default: Windows Server 2012 or later (assumed), 10 Gbps (assumed), MSI-X (assumed)");
}

TEST(HostKeywords, E022_BadReleaseOrMsiXIsAnInputErrorNamingTheMember) {
  const Result<HostDescription> release = ParseHostDescriptionJson(
      R"({"windows": "2003", "adapters": {"0001": {"registry": {}}}})", "h.json");
  ASSERT_FALSE(release.ok());
  EXPECT_NE(release.error().message.find("\"windows\" must be one of 2008r2"), std::string::npos)
      << release.error().message;
  const Result<HostDescription> msi = ParseHostDescriptionJson(
      R"({"adapters": {"0001": {"msi_x": 1, "registry": {}}}, "teams": []})", "h.json");
  ASSERT_FALSE(msi.ok());
  EXPECT_NE(msi.error().message.find("\"msi_x\" must be true or false"), std::string::npos);
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
