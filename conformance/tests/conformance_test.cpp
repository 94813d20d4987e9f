// The suite against its own correct DUT (the minimal example miniport, linked in), the engine's
// comparisons against hand-broken devices, and the reports.
#include <gtest/gtest.h>

#include <sstream>

#include "conformance/runner.h"
#include "duts/minimal/minimal_dut.h"

namespace vmqkit::conformance {
namespace {

RunOptions Quick() {
  RunOptions o;
  o.steps = 1'500;
  o.seed = 7;
  o.isolate = false;
  return o;
}

TEST(Conformance, MinimalDutPassesEveryCheck) {
  const RunReport report = RunConformance(duts::MinimalDutOps(), "minimal", Quick());
  for (const auto& c : report.checks) {
    EXPECT_EQ(c.result.verdict, Verdict::kPass)
        << c.name << ": "
        << (c.result.finding ? c.result.finding->rule + " " + c.result.finding->message : "");
  }
  EXPECT_EQ(report.checks.size(), Checks().size());
}

TEST(Conformance, MinimalDutPassesUnderStrict) {
  RunOptions o = Quick();
  o.strict = true;
  const RunReport report = RunConformance(duts::MinimalDutOps(), "minimal", o);
  for (const auto& c : report.checks) {
    EXPECT_EQ(c.result.verdict, Verdict::kPass)
        << c.name << ": "
        << (c.result.finding ? c.result.finding->rule + " " + c.result.finding->message : "");
  }
}

TEST(Conformance, IsolationRunsChecksInChildProcesses) {
  RunOptions o = Quick();
  o.isolate = true;
  o.suites = {"lifecycle.free-pends-while-outstanding", "scenarios"};
  const RunReport report = RunConformance(duts::MinimalDutOps(), "minimal", o);
  ASSERT_EQ(report.checks.size(), 3u);
  for (const auto& c : report.checks) EXPECT_EQ(c.result.verdict, Verdict::kPass) << c.name;
  EXPECT_GT(report.steps, 20u);
}

TEST(Conformance, ShardsPartitionTheChecks) {
  RunOptions o = Quick();
  o.steps = 200;
  std::size_t total = 0;
  for (std::uint32_t i = 0; i < 3; ++i) {
    o.shard_index = i;
    o.shard_count = 3;
    total += RunConformance(duts::MinimalDutOps(), "minimal", o).checks.size();
  }
  EXPECT_EQ(total, Checks().size());
}

TEST(Conformance, SuiteSelectionByNameAndPrefix) {
  std::size_t lifecycle = 0;
  for (const auto& c : Checks()) lifecycle += Selects("lifecycle", c) ? 1 : 0;
  EXPECT_GE(lifecycle, 6u);
  std::size_t route = 0;
  for (const auto& c : Checks()) route += Selects("route", c) ? 1 : 0;
  EXPECT_EQ(route, 2u);
  for (const auto& c : Checks()) EXPECT_FALSE(Selects("lifecycl", c));
}

TEST(Conformance, EveryCheckIsNamedAfterARuleAndCarriesASource) {
  for (const auto& c : Checks()) {
    EXPECT_NE(c.name.find('.'), std::string_view::npos) << c.name;
    EXPECT_FALSE(c.source.empty()) << c.name;
  }
}

TEST(Conformance, GeneratedStepsMeetTheDefaultBudget) {
  RunOptions o = Quick();
  o.steps = 10'000;
  o.suites = {"lifecycle.random-streams", "route.random-frames", "scenarios.many-vms-churn",
              "keywords.random-registries"};
  const RunReport report = RunConformance(duts::MinimalDutOps(), "minimal", o);
  EXPECT_FALSE(report.failed());
  EXPECT_GE(report.steps, 10'000u);
}

TEST(Conformance, SameSeedSameRun) {
  RunOptions o = Quick();
  o.steps = 600;
  o.suites = {"lifecycle.random-streams"};
  const auto a = RunConformance(duts::MinimalDutOps(), "minimal", o);
  const auto b = RunConformance(duts::MinimalDutOps(), "minimal", o);
  EXPECT_EQ(a.steps, b.steps);
}

}  // namespace
}  // namespace vmqkit::conformance
