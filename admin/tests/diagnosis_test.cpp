// `vmqkit diagnose` on the seed KB host as its administrator has it (examples/admin/seed-kb-host):
// the KB's condition, per-core overlap, core 0, and a fix that the overlap check accepts.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

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

// A host whose switch "External" has a name no adapter has: two VMQ adapters, 0001 with VMQ on and
// 0002 with it off, and a VLAN vNIC with VmqWeight 0 on "External". `vmswitch` is Get-VMSwitch's
// output, or empty when the administrator did not give it.
Diagnosis DiagnoseExternalSwitch(const std::string& name, const std::string& vmswitch) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "Get-NetAdapterVmq.txt")
      << "Name                 : Ethernet 1\nInterfaceDescription : Vendor NIC\nEnabled : True\n"
         "BaseProcessorNumber  : 2\nMaxProcessors : 2\nNumberOfReceiveQueues : 8\n\n"
         "Name                 : Ethernet 2\nInterfaceDescription : Vendor NIC #2\nEnabled : "
         "False\nBaseProcessorNumber  : 6\nMaxProcessors : 2\nNumberOfReceiveQueues : 8\n";
  std::ofstream(dir / "vnics.json")
      << R"([{"VMName": "APP01", "Name": "Network Adapter", "SwitchName": "External",
              "VmqWeight": 0, "VlanSetting": {"OperationMode": 1, "AccessVlanId": 20}}])";
  if (!vmswitch.empty()) std::ofstream(dir / "vmswitch.txt") << vmswitch;
  Result<formats::AdminHost> host = formats::LoadAdminHost({dir.string()});
  std::filesystem::remove_all(dir);
  if (!host.ok()) {
    ADD_FAILURE() << ToString(host.error());
    return {};
  }
  const spec::HostTopology topology{1, 16, 1, 1};
  Result<Diagnosis> d = Diagnose(name, host->description, *host, topology, false);
  if (!d.ok()) {
    ADD_FAILURE() << ToString(d.error());
    return {};
  }
  return std::move(*d);
}

std::vector<std::string> KbConditionAdapters(const Diagnosis& d) {
  for (const Finding& f : d.findings) {
    if (f.rule == Rule::kKbCondition) return f.adapters;
  }
  return {};
}

// E-713: without Get-VMSwitch a vNIC on a switch named like no adapter ties the KB's condition to
// every adapter with VMQ on.
TEST(Diagnosis, E713_WithoutGetVmSwitchTheKbConditionIsOnEveryVmqAdapter) {
  EXPECT_EQ(KbConditionAdapters(DiagnoseExternalSwitch("vmqkit-diag-noswitch", "")),
            (std::vector<std::string>{"Ethernet 1"}));
}

// E-713: Get-VMSwitch binds "External" to the adapter with VMQ off: the KB's condition does not
// hold (VMQ is not in the vNIC's path), so nothing is reported.
TEST(Diagnosis, E713_GetVmSwitchBindsTheSwitchToItsAdapter) {
  EXPECT_TRUE(
      KbConditionAdapters(
          DiagnoseExternalSwitch("vmqkit-diag-switch-off",
                                 "Name                           : External\n"
                                 "Id                             : 0b6a3c3e-1111-2222-3333-4444\n"
                                 "SwitchType                     : External\n"
                                 "NetAdapterInterfaceDescription : Vendor NIC #2\n"
                                 "IovEnabled                     : False\n"))
          .empty());
  // A Switch Embedded Team over both adapters: the condition is on the member with VMQ on.
  EXPECT_EQ(KbConditionAdapters(DiagnoseExternalSwitch(
                "vmqkit-diag-switch-set",
                "Name                            : External\n"
                "EmbeddedTeamingEnabled          : True\n"
                "NetAdapterInterfaceDescription  : Teamed-Interface\n"
                "NetAdapterInterfaceDescriptions : {Vendor NIC #2, Vendor NIC}\n")),
            (std::vector<std::string>{"Ethernet 1"}));
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
