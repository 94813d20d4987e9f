// `vmqkit diagnose` on the seed KB host as its administrator has it (examples/admin/seed-kb-host):
// the KB's condition, per-core overlap, core 0, and a fix that the overlap check accepts.
#include <gtest/gtest.h>

#include <algorithm>

#include "admin/diagnosis_report.h"
#include "formats/host_description.h"
#include "spec/solver/overlap.h"
#include "vmqkit/test_paths.h"

namespace vmqkit::admin {
namespace {

const std::string kDir = std::string(test::kSourceDir) + "/examples/admin/seed-kb-host";

Diagnosis SeedKbDiagnosis() {
  Result<formats::AdminHost> host = formats::LoadAdminHost({kDir});
  EXPECT_TRUE(host.ok()) << ToString(host.error());
  Result<Diagnosis> d =
      Diagnose("seed-kb-host", host->description, *host, *host->description.topology, false);
  EXPECT_TRUE(d.ok()) << ToString(d.error());
  return std::move(*d);
}

bool Has(const Diagnosis& d, Rule rule) {
  return std::any_of(d.findings.begin(), d.findings.end(),
                     [&](const Finding& f) { return f.rule == rule; });
}

TEST(SeedKbDiagnosis, ReportsTheKbConditionAndTheOverlap) {
  const Diagnosis d = SeedKbDiagnosis();
  EXPECT_FALSE(d.ok());
  EXPECT_TRUE(Has(d, Rule::kKbCondition));
  EXPECT_TRUE(Has(d, Rule::kOverlap));
  EXPECT_TRUE(Has(d, Rule::kCore0InUse));
  // The KB's condition is on VM Switch 1 (0007), the switch APP01's VLAN 20 vNIC is on.
  const auto kb = std::find_if(d.findings.begin(), d.findings.end(),
                               [](const Finding& f) { return f.rule == Rule::kKbCondition; });
  EXPECT_EQ(kb->adapters, (std::vector<std::string>{"0007"}));
  EXPECT_EQ(d.findings.front().rule, Rule::kKbCondition);  // problems in the table's order
}

// The issue's acceptance: the fix diagnose prints is accepted by the overlap check.
TEST(SeedKbDiagnosis, FixedHostHasNoOverlap) {
  const Diagnosis d = SeedKbDiagnosis();
  const nlohmann::json fixed = FixedHostJson(d);
  ASSERT_FALSE(fixed.is_null());
  Result<spec::HostDescription> host =
      formats::ParseHostDescriptionJson(fixed.dump(), "fixed.json");
  ASSERT_TRUE(host.ok()) << ToString(host.error());
  std::vector<solver::AdapterSetInput> inputs;
  for (const spec::AdapterKeywords& k : spec::ReadAdapterKeywords(host->registry)) {
    inputs.push_back({k.subkey, k.keywords});
  }
  EXPECT_TRUE(solver::CheckOverlap(inputs, *host->topology, host->teams).ok());
}

TEST(SeedKbDiagnosis, FixIsTheKbsRegAddLinesWithSubkeys) {
  const std::vector<std::string> lines = FixRegLines(SeedKbDiagnosis());
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_EQ(lines[0].rfind("reg add HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Class\\"
                           "{4D36E972-E325-11CE-BFC1-08002BE10318}\\0003 /v *MaxRssProcessors",
                           0),
            0u)
      << lines[0];
}

TEST(Diagnosis, CleanHostHasNoProblemAndNoFix) {
  Result<spec::HostDescription> host = formats::LoadHostDescription(
      std::string(test::kSourceDir) + "/examples/hosts/teamed-host.json");
  ASSERT_TRUE(host.ok());
  Result<Diagnosis> d = Diagnose("teamed", *host, std::nullopt, *host->topology, false);
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(d->ok());
  EXPECT_FALSE(d->fix.has_value());
}

// E-701/E-713: an odd base with SMT is advice (the NIC-Teaming page's "ideally an even number"),
// never a problem; nor is core 0 alone.
TEST(Diagnosis, OddBaseWithHyperThreadingIsAdviceNotAProblem) {
  Result<spec::HostDescription> host = formats::ParseHostDescriptionJson(
      R"({"topology": {"lps_per_group": 16, "smt": 2},
          "adapters": {"0001": {"registry": {"*RssBaseProcNumber": 3, "*MaxRssProcessors": 2}},
                       "0002": {"registry": {"*RssBaseProcNumber": 0, "*MaxRssProcessors": 1}}}})",
      "odd.json");
  ASSERT_TRUE(host.ok()) << ToString(host.error());
  Result<Diagnosis> d = Diagnose("odd", *host, std::nullopt, *host->topology, false);
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(Has(*d, Rule::kOddBase));
  EXPECT_TRUE(Has(*d, Rule::kCore0InUse));
  EXPECT_TRUE(d->ok());  // 3, 5 (cores 1, 2) and 0 (core 0): no common core
}

TEST(DiagnosisRules, EveryRuleHasAnIdTextAndSource) {
  for (const RuleText& r : DiagnosisRules()) {
    EXPECT_FALSE(r.id.empty());
    EXPECT_FALSE(r.text.empty());
    EXPECT_FALSE(r.source.empty()) << r.id;
    EXPECT_EQ(&Describe(r.rule), &r);
  }
}

}  // namespace
}  // namespace vmqkit::admin
