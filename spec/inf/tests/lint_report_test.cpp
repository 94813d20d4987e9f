// Output formats of lint-inf and the rule table that feeds them and docs/lint-inf.md.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "spec/inf/lint_report.h"
#include "spec/inf/tests/lint_test_util.h"
#include "vmqkit/test_paths.h"

namespace vmqkit::inf {
namespace {

using nlohmann::json;

std::vector<Finding> SomeFindings() {
  return test::Lint(test::WrapParams(test::EnumKeyword("*VMQ", "0") +
                                     test::EnumKeyword("*RssOrVmqPreference", "0") +
                                     test::EnumKeyword("*VMQLookaheadSplit")));
}

TEST(LintRules, TableIsIndexedByRuleIdAndNamesAreUnique) {
  std::set<std::string_view> names;
  for (std::size_t i = 0; i < LintRules().size(); ++i) {
    const RuleInfo& r = LintRules()[i];
    EXPECT_EQ(static_cast<std::size_t>(r.id), i) << r.name;
    EXPECT_TRUE(names.insert(r.name).second) << r.name;
    EXPECT_FALSE(r.source.empty()) << r.name;
    EXPECT_FALSE(r.summary.empty()) << r.name;
  }
}

// docs/lint-inf.md carries the table generated from LintRules(), byte for byte.
TEST(LintRules, DocsTableMatchesRuleTable) {
  std::ifstream in(std::string(vmqkit::test::kSourceDir) + "/docs/lint-inf.md");
  ASSERT_TRUE(in) << "docs/lint-inf.md is missing";
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find(LintRulesMarkdown()), std::string::npos)
      << "regenerate the rules table of docs/lint-inf.md from LintRulesMarkdown():\n"
      << LintRulesMarkdown();
}

TEST(LintReport, HumanOutputIsCompilerStyle) {
  const std::vector<Finding> f = SomeFindings();
  ASSERT_FALSE(f.empty());
  const std::string line = FormatFinding(f.front());
  EXPECT_EQ(line.rfind("test.inf:", 0), 0u) << line;
  const std::string text = FormatFindings(f);
  EXPECT_NE(
      text.find("test.inf:17: error: [keyword-hidden] *RssOrVmqPreference is a hidden keyword"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("installed by [Dev.ndi] for PCI\\VEN_8086&DEV_10FB"), std::string::npos);
}

TEST(LintReport, JsonCountsSeverities) {
  const std::vector<Finding> f = SomeFindings();
  const json j = FindingsJson({"test.inf"}, f);
  EXPECT_EQ(j["findings"].size(), f.size());
  const int total = j["summary"]["error"].get<int>() + j["summary"]["warning"].get<int>() +
                    j["summary"]["note"].get<int>();
  EXPECT_EQ(static_cast<std::size_t>(total), f.size());
  EXPECT_EQ(j["findings"][0]["devices"][0]["install_section"], "Dev.ndi");
}

// The parts of sarif-schema-2.1.0.json that a log must satisfy: required properties, enums and
// minimums on every object this writer emits (sarifLog, run, tool, toolComponent,
// reportingDescriptor, reportingConfiguration, result, message, location, physicalLocation,
// artifactLocation, region, logicalLocation). Returns what is wrong; empty means the shape holds.
std::vector<std::string> SarifShapeProblems(const json& log) {
  std::vector<std::string> problems;
  auto need = [&problems](bool ok, const std::string& what) {
    if (!ok) problems.push_back(what);
    return ok;
  };
  const auto is_level = [](const json& v) {
    return v.is_string() && (v == "none" || v == "note" || v == "warning" || v == "error");
  };
  if (!need(log.is_object(), "log is not an object")) return problems;
  need(log.contains("version") && log["version"] == "2.1.0", "version is not 2.1.0");
  if (log.contains("$schema")) need(log["$schema"].is_string(), "$schema is not a string");
  if (!need(log.contains("runs") && log["runs"].is_array(), "runs is not an array"))
    return problems;
  for (const json& run : log["runs"]) {
    if (!need(run.is_object() && run.contains("tool") && run["tool"].contains("driver"),
              "run.tool.driver missing")) {
      continue;
    }
    const json& driver = run["tool"]["driver"];
    need(driver.contains("name") && driver["name"].is_string(), "tool.driver.name missing");
    const json rules = driver.value("rules", json::array());
    if (!need(rules.is_array(), "rules is not an array")) continue;
    std::set<std::string> ids;
    for (const json& rule : rules) {
      if (!need(rule.contains("id") && rule["id"].is_string(), "rule without id")) continue;
      need(ids.insert(rule["id"].get<std::string>()).second, "duplicate rule id");
      need(rule["shortDescription"].contains("text"), "rule shortDescription without text");
      need(is_level(rule["defaultConfiguration"]["level"]), "rule default level not a level");
    }
    if (!need(run.contains("results") && run["results"].is_array(), "results not an array")) {
      continue;
    }
    for (const json& result : run["results"]) {
      need(result.contains("message") &&
               (result["message"].contains("text") || result["message"].contains("id")),
           "result message without text or id");
      need(is_level(result["level"]), "result level not a level");
      need(result["ruleId"].is_string(), "result without ruleId");
      const json& index = result["ruleIndex"];
      if (need(index.is_number_integer() && index.get<std::int64_t>() >= 0 &&
                   static_cast<std::size_t>(index.get<std::int64_t>()) < rules.size(),
               "ruleIndex out of range")) {
        need(rules[index.get<std::size_t>()]["id"] == result["ruleId"],
             "ruleIndex does not point at ruleId");
      }
      for (const json& location : result.value("locations", json::array())) {
        const json& physical = location["physicalLocation"];
        need(physical["artifactLocation"]["uri"].is_string(), "artifactLocation.uri missing");
        need(physical["region"]["startLine"].is_number_integer() &&
                 physical["region"]["startLine"].get<std::int64_t>() >= 1,
             "region.startLine below 1");
        for (const json& logical : location.value("logicalLocations", json::array())) {
          need(logical["name"].is_string(), "logicalLocation without name");
        }
      }
    }
  }
  return problems;
}

TEST(LintReport, SarifHasTheSchemaShapeOf210) {
  const std::vector<Finding> f = SomeFindings();
  const json log = FindingsSarif(f, "0.1.0");
  EXPECT_EQ(SarifShapeProblems(log), std::vector<std::string>{});
  EXPECT_EQ(log["runs"][0]["results"].size(), f.size());
  EXPECT_EQ(log["runs"][0]["tool"]["driver"]["rules"].size(), LintRules().size());
  // Round trip through text, as a code-scanning upload reads it.
  EXPECT_EQ(SarifShapeProblems(json::parse(log.dump())), std::vector<std::string>{});
}

TEST(LintReport, SarifShapeCheckRejectsBrokenLogs) {
  // The shape check itself bites: a wrong version, a bad level, a bad rule index are reported.
  json log = FindingsSarif(SomeFindings(), "0.1.0");
  log["version"] = "2.0.0";
  EXPECT_EQ(SarifShapeProblems(log), std::vector<std::string>{"version is not 2.1.0"});
  log = FindingsSarif(SomeFindings(), "0.1.0");
  log["runs"][0]["results"][0]["level"] = "fatal";
  log["runs"][0]["results"][1]["ruleIndex"] = 999;
  log["runs"][0]["results"][2]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0;
  EXPECT_EQ(SarifShapeProblems(log),
            (std::vector<std::string>{"result level not a level", "ruleIndex out of range",
                                      "region.startLine below 1"}));
}

TEST(LintReport, PathsBecomeUris) {
  EXPECT_EQ(PathToUri("drivers/net vmini.inf"), "drivers/net%20vmini.inf");
  EXPECT_EQ(PathToUri("/work/a#b.inf"), "file:///work/a%23b.inf");
  EXPECT_EQ(PathToUri("dir\\x.inf"), "dir/x.inf");
}

}  // namespace
}  // namespace vmqkit::inf
