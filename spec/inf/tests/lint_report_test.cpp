// Output formats of lint-inf and the rule table that feeds them and docs/lint-inf.md.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "base/sarif.h"
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

TEST(LintReport, SarifHasTheSchemaShapeOf210) {
  const std::vector<Finding> f = SomeFindings();
  const json log = FindingsSarif(f, "0.1.0");
  EXPECT_EQ(SarifShapeProblems(log), std::vector<std::string>{});
  EXPECT_EQ(log["runs"][0]["results"].size(), f.size());
  EXPECT_EQ(log["runs"][0]["tool"]["driver"]["rules"].size(), LintRules().size());
  // Round trip through text, as a code-scanning upload reads it.
  EXPECT_EQ(SarifShapeProblems(json::parse(log.dump())), std::vector<std::string>{});
}

}  // namespace
}  // namespace vmqkit::inf
