#include <gtest/gtest.h>

#include "formats/registry_json.h"

namespace vmqkit::formats {
namespace {

using spec::HostRegistry;
using spec::RegistryKey;
using spec::RegType;

TEST(RegistryJson, StringIsRegSzNumberIsRegDword) {
  Result<HostRegistry> host =
      ParseRegistryJson(R"({"*VMQ": "1", "*RssBaseProcNumber": 2})", "r.json");
  ASSERT_TRUE(host.ok()) << ToString(host.error());
  ASSERT_EQ(host->adapters.size(), 1u);
  const RegistryKey& key = host->adapters[0].key;
  EXPECT_EQ(key.Find("*VMQ")->type, RegType::kSz);
  EXPECT_EQ(key.Find("*RssBaseProcNumber")->type, RegType::kDword);
  EXPECT_EQ(key.Find("*RssBaseProcNumber")->number, 2u);
}

TEST(RegistryJson, HostKeywordsGoToVmsmpParameters) {
  Result<HostRegistry> host =
      ParseRegistryJson(R"({"TenGigVmqEnabled": 2, "*VMQ": "0"})", "r.json");
  ASSERT_TRUE(host.ok());
  EXPECT_NE(host->vmsmp_parameters.Find("TenGigVmqEnabled"), nullptr);
  EXPECT_EQ(host->adapters[0].key.Find("TenGigVmqEnabled"), nullptr);
}

TEST(RegistryJson, ValuesWithoutRegistryTypeAreKeptAsSuch) {
  Result<HostRegistry> host =
      ParseRegistryJson(R"({"*VMQ": true, "*RSS": -1, "*RSSProfile": 1.5, "x": null})", "r.json");
  ASSERT_TRUE(host.ok());
  for (const char* name : {"*VMQ", "*RSS", "*RSSProfile", "x"}) {
    EXPECT_EQ(host->adapters[0].key.Find(name)->type, RegType::kJsonOther) << name;
  }
}

TEST(RegistryJson, SeveralAdapters) {
  Result<HostRegistry> host = ParseRegistryJson(
      R"({"adapters": {"0007": {"DriverDesc": "A", "*VMQ": "1"}, "0010": {}}, "vmsmp": {"TenGigVmqEnabled": 1}})",
      "r.json");
  ASSERT_TRUE(host.ok()) << ToString(host.error());
  ASSERT_EQ(host->adapters.size(), 2u);
  EXPECT_EQ(host->adapters[0].driver_desc, "A");
  EXPECT_NE(host->FindAdapter("0010"), nullptr);
  EXPECT_NE(host->vmsmp_parameters.Find("TenGigVmqEnabled"), nullptr);
}

TEST(RegistryJson, SyntaxErrorNamesLineAndColumn) {
  Result<HostRegistry> host = ParseRegistryJson("{\n  \"*VMQ\": \"1\",\n  oops\n}", "r.json");
  ASSERT_FALSE(host.ok());
  EXPECT_EQ(host.error().where.line, 3u);
  EXPECT_EQ(host.error().where.column, 3u);
}

TEST(RegistryJson, NumberOverflowIsAnInputErrorNotACrash) {
  // Found by fuzz/registry_json_fuzz: nlohmann throws out_of_range, not parse_error, here.
  Result<HostRegistry> host = ParseRegistryJson("\n 110111e511\"", "r.json");
  ASSERT_FALSE(host.ok());
  EXPECT_NE(host.error().message.find("invalid JSON"), std::string::npos);
  EXPECT_FALSE(ParseRegistryJson(R"({"*VMQ": 1e400})", "r.json").ok());
}

TEST(RegistryJson, DeepNestingRefusedBeforeParsing) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  Result<HostRegistry> host = ParseRegistryJson(deep, "deep.json");
  ASSERT_FALSE(host.ok());
  EXPECT_NE(host.error().message.find("nested deeper"), std::string::npos);
}

TEST(RegistryJson, NonObjectIsAnError) {
  EXPECT_FALSE(ParseRegistryJson("[1]", "r.json").ok());
  EXPECT_FALSE(ParseRegistryJson(R"({"adapters": 3})", "r.json").ok());
  EXPECT_FALSE(ParseRegistryJson(R"({"adapters": {"0007": 3}})", "r.json").ok());
}

}  // namespace
}  // namespace vmqkit::formats
