// The shared SARIF 2.1.0 pieces: paths as URIs, the log skeleton, and the shape check every
// writer's tests use (lint-inf, conformance) biting on broken logs.
#include "base/sarif.h"

#include <gtest/gtest.h>

namespace vmqkit {
namespace {

using nlohmann::json;

json OneRuleLog() {
  json rules = json::array({{{"id", "r.one"},
                             {"shortDescription", {{"text", "one"}}},
                             {"defaultConfiguration", {{"level", "error"}}}}});
  json results = json::array();
  for (int i = 0; i < 3; ++i) {
    results.push_back(
        {{"ruleId", "r.one"},
         {"ruleIndex", 0},
         {"level", "error"},
         {"message", {{"text", "failed"}}},
         {"locations",
          {{{"physicalLocation",
             {{"artifactLocation", {{"uri", "out/r.one.jsonl"}}}, {"region", {{"startLine", 1}}}}},
            {"logicalLocations", {{{"name", "r.one"}}}}}}}});
  }
  return SarifLog("vmqkit test", "0.1.0", rules, results);
}

TEST(Sarif, LogHasTheSchemaShapeOf210) {
  const json log = OneRuleLog();
  EXPECT_EQ(log["version"], "2.1.0");
  EXPECT_EQ(log["$schema"], std::string(kSarifSchema));
  EXPECT_EQ(log["runs"][0]["tool"]["driver"]["name"], "vmqkit test");
  EXPECT_EQ(SarifShapeProblems(log), std::vector<std::string>{});
  EXPECT_EQ(SarifShapeProblems(json::parse(log.dump())), std::vector<std::string>{});
}

TEST(Sarif, ShapeCheckRejectsBrokenLogs) {
  // The shape check itself bites: a wrong version, a bad level, a bad rule index, a region that
  // starts before line 1, a duplicate rule id are each reported.
  json log = OneRuleLog();
  log["version"] = "2.0.0";
  EXPECT_EQ(SarifShapeProblems(log), std::vector<std::string>{"version is not 2.1.0"});
  log = OneRuleLog();
  log["runs"][0]["results"][0]["level"] = "fatal";
  log["runs"][0]["results"][1]["ruleIndex"] = 999;
  log["runs"][0]["results"][2]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0;
  EXPECT_EQ(SarifShapeProblems(log),
            (std::vector<std::string>{"result level not a level", "ruleIndex out of range",
                                      "region.startLine below 1"}));
  log = OneRuleLog();
  log["runs"][0]["tool"]["driver"]["rules"].push_back(log["runs"][0]["tool"]["driver"]["rules"][0]);
  log["runs"][0]["results"][0].erase("message");
  EXPECT_EQ(SarifShapeProblems(log),
            (std::vector<std::string>{"duplicate rule id", "result message without text or id"}));
  EXPECT_EQ(SarifShapeProblems(json::array()), std::vector<std::string>{"log is not an object"});
}

TEST(Sarif, PathsBecomeUris) {
  EXPECT_EQ(SarifUri("drivers/net vmini.inf"), "drivers/net%20vmini.inf");
  EXPECT_EQ(SarifUri("/work/a#b.inf"), "file:///work/a%23b.inf");
  EXPECT_EQ(SarifUri("dir\\x.inf"), "dir/x.inf");
}

}  // namespace
}  // namespace vmqkit
