// The KTAP and SARIF renderings of a conformance run, read back by checkers of their formats:
// KTAP version 1's line grammar (version, plan, numbered results, directives, diagnostics) and
// SARIF 2.1.0's shape (base/sarif.h, the check lint-inf's log passes too).
#include <gtest/gtest.h>

#include <regex>
#include <sstream>

#include "base/sarif.h"
#include "conformance/runner.h"
#include "duts/minimal/minimal_dut.h"

namespace vmqkit::conformance {
namespace {

struct KtapResult {
  bool ok = false;
  std::string description;
  std::string directive;
};

// Reads a flat KTAP version 1 document; throws on any line outside the grammar, a plan that does
// not match the results, or results numbered out of order.
std::vector<KtapResult> ReadKtap(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  if (!std::getline(in, line) || line != "KTAP version 1") throw std::runtime_error("no version");
  const std::regex plan(R"(1\.\.(\d+))");
  const std::regex result(R"((ok|not ok) (\d+)(?: ([^#]*[^# ]))?(?: # (.*))?)");
  std::size_t planned = 0;
  bool have_plan = false;
  std::vector<KtapResult> results;
  while (std::getline(in, line)) {
    std::smatch m;
    if (line.rfind("#", 0) == 0) continue;  // diagnostic
    if (std::regex_match(line, m, plan)) {
      if (have_plan || !results.empty()) throw std::runtime_error("plan not before the results");
      have_plan = true;
      planned = std::stoul(m[1]);
    } else if (std::regex_match(line, m, result)) {
      if (std::stoul(m[2]) != results.size() + 1) throw std::runtime_error("numbering: " + line);
      results.push_back({m[1] == "ok", m[3], m[4]});
    } else {
      throw std::runtime_error("not KTAP: " + line);
    }
  }
  if (!have_plan || planned != results.size()) throw std::runtime_error("plan does not match");
  return results;
}

RunReport PassFailSkip() {
  RunReport report;
  report.dut = "test #1\nDUT";
  report.checks.push_back({"lifecycle", "lifecycle.a", "[WDD] a", {}, {}, 0.5});
  CheckResult failed;
  failed.verdict = Verdict::kFail;
  failed.finding = Finding{"free.pends-while-outstanding", "[WDD] freeing-a-vm-queue",
                           "FREE_QUEUE returned SUCCESS\nwhile 2 frames # outstanding"};
  report.checks.push_back(
      {"lifecycle", "lifecycle.free", "[WDD] free", failed, "conform-out/lifecycle.free.jsonl", 1});
  CheckResult skipped;
  skipped.verdict = Verdict::kSkip;
  skipped.note = "not advertised";
  report.checks.push_back({"affinity", "affinity.x", "[WDD] x", skipped, {}, 0});
  return report;
}

TEST(Ktap, PassFailAndSkipReadBack) {
  const std::string text = ToKtap(PassFailSkip());
  const std::vector<KtapResult> results = ReadKtap(text);
  ASSERT_EQ(results.size(), 3u);
  EXPECT_TRUE(results[0].ok);
  EXPECT_EQ(results[0].description, "lifecycle.a");
  EXPECT_FALSE(results[1].ok);
  EXPECT_EQ(results[1].description, "lifecycle.free");
  EXPECT_TRUE(results[2].ok);
  EXPECT_EQ(results[2].directive, "SKIP not advertised");
  // The failure's diagnostics name the rule and the counterexample, each on its own "#" line.
  EXPECT_NE(text.find("# rule free.pends-while-outstanding ([WDD] freeing-a-vm-queue)\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("# counterexample: conform-out/lifecycle.free.jsonl\n"), std::string::npos);
}

TEST(Ktap, ReaderRejectsBrokenDocuments) {
  EXPECT_THROW(ReadKtap("TAP version 13\n1..0\n"), std::runtime_error);
  EXPECT_THROW(ReadKtap("KTAP version 1\n1..2\nok 1 a\n"), std::runtime_error);
  EXPECT_THROW(ReadKtap("KTAP version 1\n1..2\nok 1 a\nok 3 b\n"), std::runtime_error);
  EXPECT_THROW(ReadKtap("KTAP version 1\n1..1\nfine 1 a\n"), std::runtime_error);
}

TEST(Ktap, ReportOfARealRunReadsBack) {
  RunOptions o;
  o.steps = 100;
  o.isolate = false;
  o.suites = {"lifecycle", "routing"};
  const RunReport report = RunConformance(duts::MinimalDutOps(), "minimal", o);
  const std::vector<KtapResult> results = ReadKtap(ToKtap(report));
  ASSERT_EQ(results.size(), report.checks.size());
  for (std::size_t i = 0; i < results.size(); ++i) {
    EXPECT_EQ(results[i].description, report.checks[i].name);
    EXPECT_EQ(results[i].ok, report.checks[i].result.verdict != Verdict::kFail);
  }
}

TEST(ConformSarif, OneResultPerFailedRuleAtItsCounterexample) {
  const nlohmann::json log = ToSarif(PassFailSkip(), "0.1.0");
  EXPECT_EQ(SarifShapeProblems(log), std::vector<std::string>{});
  EXPECT_EQ(SarifShapeProblems(nlohmann::json::parse(log.dump())), std::vector<std::string>{});
  const nlohmann::json& run = log["runs"][0];
  EXPECT_EQ(run["tool"]["driver"]["name"], "vmqkit conform");
  EXPECT_EQ(run["tool"]["driver"]["rules"].size(), 3u);
  ASSERT_EQ(run["results"].size(), 1u);
  const nlohmann::json& result = run["results"][0];
  EXPECT_EQ(result["ruleId"], "lifecycle.free");
  EXPECT_EQ(result["properties"]["rule"], "free.pends-while-outstanding");
  EXPECT_EQ(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "conform-out/lifecycle.free.jsonl");
}

TEST(ConformSarif, AFailureWithoutCounterexampleStillHasTheShape) {
  RunReport report = PassFailSkip();
  report.checks[1].counterexample_path.clear();
  report.checks[1].result.finding.reset();
  const nlohmann::json log = ToSarif(report, "0.1.0");
  EXPECT_EQ(SarifShapeProblems(log), std::vector<std::string>{});
  EXPECT_EQ(log["runs"][0]["results"][0]["locations"][0]["logicalLocations"][0]["name"],
            "lifecycle.free");
}

TEST(ConformSarif, PassingRunHasNoResults) {
  RunOptions o;
  o.steps = 100;
  o.isolate = false;
  o.suites = {"capabilities"};
  const RunReport report = RunConformance(duts::MinimalDutOps(), "minimal", o);
  const nlohmann::json log = ToSarif(report, "0.1.0");
  EXPECT_EQ(SarifShapeProblems(log), std::vector<std::string>{});
  EXPECT_EQ(log["runs"][0]["results"].size(), 0u);
  EXPECT_EQ(log["runs"][0]["tool"]["driver"]["rules"].size(), report.checks.size());
}

}  // namespace
}  // namespace vmqkit::conformance
