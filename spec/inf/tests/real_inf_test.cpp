// The public INF files under ../shared/inf/ (provenance: ../shared/inf/README.md). They are read in
// place, not copied. Every finding on them is pinned here and explained in docs/lint-inf.md.
#include <gtest/gtest.h>

#include <optional>
#include <tuple>

#include "spec/inf/add_reg.h"
#include "spec/inf/lint.h"
#include "spec/inf/lint_report.h"
#include "vmqkit/test_paths.h"

namespace vmqkit::inf {
namespace {

InfFile ReadShared(const std::string& name) {
  Result<InfFile> f = ReadInfFile(std::string(vmqkit::test::kSharedDir) + "/inf/" + name);
  EXPECT_TRUE(f.ok()) << (f.ok() ? "" : ToString(f.error()));
  return f.ok() ? std::move(f).value() : InfFile{};
}

// (rule, line, severity, keyword) of every finding, in order.
using Pin = std::tuple<std::string_view, std::uint32_t, Severity, std::string>;
std::vector<Pin> Pins(const std::vector<Finding>& findings) {
  std::vector<Pin> out;
  for (const Finding& f : findings)
    out.emplace_back(Rule(f.rule).name, f.line, f.severity, f.keyword);
  return out;
}

std::vector<Pin> LintShared(const std::string& name, std::optional<ndis::NdisVersion> version) {
  return Pins(LintInf(ReadShared(name), LintOptions{version}));
}

const std::vector<std::string> kRealInfs{"netvmini60.inf",  "netvmini620.inf", "netvmini630.inf",
                                         "netvmini680.inf", "netvadapter.inf", "netkvm.inx"};

TEST(RealInf, EveryFileReadsWithoutReaderProblemsAndReachesItsDevices) {
  for (const std::string& name : kRealInfs) {
    const InfFile f = ReadShared(name);
    EXPECT_TRUE(f.problems.empty()) << name << ": " << f.problems.front().message;
    const InstallGraph g = BuildInstallGraph(f);
    EXPECT_FALSE(g.units.empty()) << name;
    EXPECT_TRUE(g.missing.empty()) << name;
    EXPECT_TRUE(g.unreferenced_param_sections.empty()) << name;
  }
}

TEST(RealInf, NetvadapterIsUtf16AndItsThreeInstallSectionsAreFollowed) {
  const InfFile f = ReadShared("netvadapter.inf");
  const InstallGraph g = BuildInstallGraph(f);
  ASSERT_EQ(g.units.size(), 3u);
  EXPECT_EQ(g.units[0].section, "netvadapter.ndi");
  EXPECT_EQ(g.units[0].device_ids.size(), 3u);
  EXPECT_EQ(g.units[0].add_reg, (std::vector<std::string>{"netvadapter.reg", "netvadapter.params",
                                                          "RSC.kw", "UDPRSC.kw", "USO.kw"}));
  EXPECT_EQ(g.units[1].section, "instance1.ndi");
  EXPECT_EQ(g.units[2].device_ids, std::vector<std::string>{"test\\netvadapter2"});
  std::vector<AddRegProblem> problems;
  const std::vector<AddRegEntry> rsc = ParseAddRegSection(*f.FindSection("RSC.kw"), problems);
  ASSERT_EQ(rsc.size(), 10u);
  EXPECT_EQ(rsc[0].subkey, "Ndi\\Params\\*RscIpv4");
  EXPECT_EQ(rsc[0].data, "Receive Segment Coalescing (IPv4)");
  EXPECT_EQ(rsc[3].data, "Disabled");  // %Disabled% from [Strings]
}

TEST(RealInf, NetkvmInxTemplatePlaceholdersAreJustText) {
  const InstallGraph g = BuildInstallGraph(ReadShared("netkvm.inx"));
  ASSERT_EQ(g.units.size(), 1u);
  EXPECT_EQ(g.units[0].section, "kvmnet6.ndi");
  EXPECT_EQ(g.units[0].add_reg, (std::vector<std::string>{"kvmnet6.Reg", "Parameters"}));
  EXPECT_EQ(g.units[0].device_ids.front(),
            "PCI\\VEN_1AF4&DEV_1000&SUBSYS_0001_INX_SUBSYS_VENDOR_ID&REV_00");
}

// docs/lint-inf.md, "Findings on the real INF files", explains each pin.
TEST(RealInf, PinnedFindings_NoVmqKeywords) {
  EXPECT_TRUE(LintShared("netvmini60.inf", std::nullopt).empty());
  EXPECT_TRUE(LintShared("netvmini60.inf", ndis::NdisVersion{6, 0}).empty());
  EXPECT_TRUE(LintShared("netvadapter.inf", std::nullopt).empty());
}

TEST(RealInf, PinnedFindings_Netvmini620) {
  EXPECT_EQ(LintShared("netvmini620.inf", std::nullopt),
            (std::vector<Pin>{{"keyword-obsolete", 55, Severity::kNote, "*VMQLookaheadSplit"}}));
  EXPECT_TRUE(LintShared("netvmini620.inf", ndis::kNdis620).empty());
}

TEST(RealInf, PinnedFindings_Netvmini630StillOffersLookaheadSplit) {
  EXPECT_EQ(LintShared("netvmini630.inf", std::nullopt),
            (std::vector<Pin>{{"keyword-obsolete", 56, Severity::kNote, "*VMQLookaheadSplit"}}));
  EXPECT_EQ(LintShared("netvmini630.inf", ndis::kNdis630),
            (std::vector<Pin>{{"keyword-obsolete", 56, Severity::kWarning, "*VMQLookaheadSplit"}}));
}

TEST(RealInf, PinnedFindings_Netvmini680StillOffersLookaheadSplit) {
  EXPECT_EQ(LintShared("netvmini680.inf", ndis::kNdis680),
            (std::vector<Pin>{{"keyword-obsolete", 55, Severity::kWarning, "*VMQLookaheadSplit"}}));
}

TEST(RealInf, PinnedFindings_NetkvmSpellsNumRssQueuesWithOtherCase) {
  const std::vector<Pin> expected{
      {"keyword-spelling", 70, Severity::kWarning, "*NumRssQueues"},
      {"keyword-default-differs", 72, Severity::kNote, "*NumRssQueues"}};
  EXPECT_EQ(LintShared("netkvm.inx", std::nullopt), expected);
  EXPECT_EQ(LintShared("netkvm.inx", ndis::kNdis630), expected);
}

TEST(RealInf, NoRealInfHasAnErrorFinding) {
  for (const std::string& name : kRealInfs) {
    EXPECT_FALSE(HasErrors(LintInf(ReadShared(name), LintOptions{ndis::kNdis630}))) << name;
  }
}

}  // namespace
}  // namespace vmqkit::inf
