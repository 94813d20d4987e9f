// Every lint-inf rule with a hand-written INF that passes it and one that fails it. Test names are
// the rule names (LintChecks.<Rule>_Passes / _Fails).
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "spec/inf/tests/lint_test_util.h"

namespace vmqkit::inf {
namespace {

using test::EnumKeyword;
using test::IntKeyword;
using test::Lint;
using test::Only;
using test::VmqBase;
using test::WrapParams;

constexpr LintOptions kNdis630{ndis::kNdis630};

TEST(LintChecks, CleanVmqInfHasNoFindings) {
  EXPECT_TRUE(Lint(WrapParams(VmqBase()), kNdis630).empty());
}

TEST(LintChecks, FindingsNameFileLineSectionAndDevice) {
  const auto f = Only(Lint(WrapParams(VmqBase() + EnumKeyword("*RssOrVmqPreference", "0"))),
                      RuleId::kKeywordHidden);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].file, "test.inf");
  EXPECT_EQ(f[0].line, 22u);
  EXPECT_EQ(f[0].section, "Params.reg");
  EXPECT_EQ(f[0].keyword, "*RssOrVmqPreference");
  ASSERT_EQ(f[0].devices.size(), 1u);
  EXPECT_EQ(f[0].devices[0].install_section, "Dev.ndi");
  EXPECT_EQ(f[0].devices[0].device_ids, std::vector<std::string>{"PCI\\VEN_8086&DEV_10FB"});
}

TEST(LintChecks, InfSyntax_Passes) {
  EXPECT_TRUE(Only(Lint(WrapParams(VmqBase())), RuleId::kInfSyntax).empty());
}
TEST(LintChecks, InfSyntax_Fails) {
  const auto f = Only(Lint(WrapParams(VmqBase() + "HKR, Ndi\\params\\X, ParamDesc, 0, \"open\n")),
                      RuleId::kInfSyntax);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kWarning);
}

TEST(LintChecks, InfUndefinedString_Passes) {
  EXPECT_TRUE(Only(Lint(WrapParams(VmqBase())), RuleId::kInfUndefinedString).empty());
}
TEST(LintChecks, InfUndefinedString_Fails) {
  const auto f = Only(Lint(WrapParams(VmqBase() + "HKR, , Foo, 0, %NoSuchString%\n")),
                      RuleId::kInfUndefinedString);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_NE(f[0].message.find("%NoSuchString%"), std::string::npos);
}

TEST(LintChecks, InfMissingSection_Passes) {
  EXPECT_TRUE(Only(Lint(WrapParams(VmqBase())), RuleId::kInfMissingSection).empty());
}
TEST(LintChecks, InfMissingSection_Fails) {
  std::string inf = WrapParams(VmqBase());
  inf.replace(inf.find("AddReg = Params.reg"), 19, "AddReg = Params.reg, Gone.reg");
  const auto f = Only(Lint(inf), RuleId::kInfMissingSection);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kError);
  EXPECT_EQ(f[0].section, "Dev.ndi");
}

TEST(LintChecks, InfAddRegEntry_Passes) {
  EXPECT_TRUE(Only(Lint(WrapParams(VmqBase())), RuleId::kInfAddRegEntry).empty());
}
TEST(LintChecks, InfAddRegEntry_Fails) {
  const auto f = Only(Lint(WrapParams(VmqBase() + "HKR, , Foo, REG_SZ, \"1\"\nFoo = bar\n")),
                      RuleId::kInfAddRegEntry);
  EXPECT_EQ(f.size(), 2u);
}

TEST(LintChecks, InfUnreferencedParams_Passes) {
  EXPECT_TRUE(Only(Lint(WrapParams(VmqBase())), RuleId::kInfUnreferencedParams).empty());
}
TEST(LintChecks, InfUnreferencedParams_Fails) {
  const auto all =
      Lint(WrapParams(VmqBase(), "[Spare.reg]\n" + EnumKeyword("*SriovPreferred", "0")));
  const auto f = Only(all, RuleId::kInfUnreferencedParams);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].section, "Spare.reg");
  // ... and the orphan section is still checked on its own, without a device.
  const auto hidden = Only(all, RuleId::kKeywordHidden);
  ASSERT_EQ(hidden.size(), 1u);
  EXPECT_TRUE(hidden[0].devices.empty());
}

TEST(LintChecks, ParamRequiredValue_Passes) {
  EXPECT_TRUE(Only(Lint(WrapParams(VmqBase() + IntKeyword("Vendor", "1", "0", "9"))),
                   RuleId::kParamRequiredValue)
                  .empty());
}
TEST(LintChecks, ParamRequiredValue_Fails) {
  const auto f = Only(Lint(WrapParams(VmqBase() + "HKR, Ndi\\params\\NoType, ParamDesc, 0, \"x\"\n"
                                                  "HKR, Ndi\\params\\NoDesc, Type, 0, \"int\"\n"
                                                  "HKR, Ndi\\params\\Odd, ParamDesc, 0, \"x\"\n"
                                                  "HKR, Ndi\\params\\Odd, Type, 0, \"float\"\n"
                                                  "HKR, Ndi\\params\\NoEnum, ParamDesc, 0, \"x\"\n"
                                                  "HKR, Ndi\\params\\NoEnum, Type, 0, \"enum\"\n")),
                      RuleId::kParamRequiredValue);
  EXPECT_EQ(f.size(), 4u);
}

TEST(LintChecks, ParamValueType_Passes) {
  EXPECT_TRUE(Only(Lint(WrapParams(VmqBase())), RuleId::kParamValueType).empty());
}
TEST(LintChecks, ParamValueType_Fails) {
  std::string body = VmqBase();
  body.replace(body.find("Default, 0, \"1\""), 15, "Default, 0x00010001, 1");
  const auto f = Only(Lint(WrapParams(body)), RuleId::kParamValueType);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_NE(f[0].message.find("REG_DWORD"), std::string::npos);
}

TEST(LintChecks, ParamDefaultNotInEnum_Passes) {
  EXPECT_TRUE(Only(Lint(WrapParams(VmqBase() + EnumKeyword("Vendor", "2", {"1", "2"}))),
                   RuleId::kParamDefaultNotInEnum)
                  .empty());
}
TEST(LintChecks, ParamDefaultNotInEnum_Fails) {
  EXPECT_EQ(Only(Lint(WrapParams(VmqBase() + EnumKeyword("Vendor", "3", {"1", "2"}))),
                 RuleId::kParamDefaultNotInEnum)
                .size(),
            1u);
}

TEST(LintChecks, ParamRange_Passes) {
  EXPECT_TRUE(
      Only(Lint(WrapParams(VmqBase() + IntKeyword("Vendor", "5", "0", "9"))), RuleId::kParamRange)
          .empty());
}
TEST(LintChecks, ParamRange_Fails) {
  EXPECT_EQ(Only(Lint(WrapParams(VmqBase() + IntKeyword("A", "5", "9", "0"))), RuleId::kParamRange)
                .size(),
            2u);  // Min > Max, and Default outside
  EXPECT_EQ(
      Only(Lint(WrapParams(VmqBase() + IntKeyword("B", "ten", "0", "9"))), RuleId::kParamRange)
          .size(),
      1u);
}

TEST(LintChecks, ParamStep_Passes) {
  EXPECT_TRUE(Only(Lint(WrapParams(VmqBase() + IntKeyword("Vendor", "6", "2", "10", "2"))),
                   RuleId::kParamStep)
                  .empty());
}
TEST(LintChecks, ParamStep_Fails) {
  EXPECT_EQ(
      Only(Lint(WrapParams(VmqBase() + IntKeyword("A", "5", "2", "10", "2"))), RuleId::kParamStep)
          .size(),
      1u);
  EXPECT_EQ(
      Only(Lint(WrapParams(VmqBase() + IntKeyword("B", "5", "2", "10", "0"))), RuleId::kParamStep)
          .size(),
      1u);
}

TEST(LintChecks, ParamDuplicate_Passes) {
  EXPECT_TRUE(Only(Lint(WrapParams(VmqBase())), RuleId::kParamDuplicate).empty());
}
TEST(LintChecks, ParamDuplicate_Fails) {
  // The same *VMQ definition in a second AddReg section of the same DDInstall section.
  std::string inf = WrapParams(VmqBase(), "[More.reg]\n" + EnumKeyword("*VMQ"));
  inf.replace(inf.find("AddReg = Params.reg"), 19, "AddReg = Params.reg, More.reg");
  const auto f = Only(Lint(inf), RuleId::kParamDuplicate);
  EXPECT_EQ(f.size(), 5u);
  EXPECT_TRUE(Only(Lint(inf), RuleId::kParamConflict).empty());
}

TEST(LintChecks, ParamConflict_Passes) {
  EXPECT_TRUE(Only(Lint(WrapParams(VmqBase())), RuleId::kParamConflict).empty());
}
TEST(LintChecks, ParamConflict_Fails) {
  std::string inf =
      WrapParams(VmqBase(), "[More.reg]\nHKR, Ndi\\params\\*vmq, Default, 0, \"0\"\n");
  inf.replace(inf.find("AddReg = Params.reg"), 19, "AddReg = Params.reg, More.reg");
  const auto f = Only(Lint(inf), RuleId::kParamConflict);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].section, "More.reg");
  EXPECT_NE(f[0].message.find("Params.reg"), std::string::npos);
}

TEST(LintChecks, KeywordSpelling_Passes) {
  EXPECT_TRUE(Only(Lint(WrapParams(VmqBase() + IntKeyword("*NumRSSQueues", "16", "1", "16"))),
                   RuleId::kKeywordSpelling)
                  .empty());
}
TEST(LintChecks, KeywordSpelling_Fails) {
  const auto all = Lint(
      WrapParams(VmqBase() + IntKeyword("*NumRssQueues", "16", "1", "99999") + EnumKeyword("RSS")),
      kNdis630);
  const auto f = Only(all, RuleId::kKeywordSpelling);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_NE(f[0].message.find("*NumRSSQueues"), std::string::npos);
  EXPECT_NE(f[1].message.find("'*'"), std::string::npos);
  // A case-only difference is the same registry value, so the keyword's rules still apply.
  EXPECT_EQ(Only(all, RuleId::kKeywordRange).size(), 1u);
}

TEST(LintChecks, KeywordType_Passes) {
  EXPECT_TRUE(Only(Lint(WrapParams(VmqBase() + IntKeyword("*RssBaseProcNumber", "0", "0", "63"))),
                   RuleId::kKeywordType)
                  .empty());
}
TEST(LintChecks, KeywordType_Fails) {
  // An int keyword declared as enum, an enum keyword declared as int: errors.
  std::string body = EnumKeyword("*VMQVlanFiltering") + EnumKeyword("*RssBaseProcNumber", "0") +
                     IntKeyword("*VMQ", "1", "0", "1");
  auto f = Only(Lint(WrapParams(body)), RuleId::kKeywordType);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].severity, Severity::kError);
  // Another numeric type for an int keyword: a note.
  f = Only(
      Lint(WrapParams(VmqBase() + IntKeyword("*RssBaseProcNumber", "0", "0", "63", "1", "dword"))),
      RuleId::kKeywordType);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kNote);
}

TEST(LintChecks, KeywordDefaultMissing_Passes) {
  const std::string optional =
      "HKR, Ndi\\params\\*NumaNodeId, ParamDesc, 0, \"n\"\n"
      "HKR, Ndi\\params\\*NumaNodeId, Type, 0, \"int\"\n"
      "HKR, Ndi\\params\\*NumaNodeId, Optional, 0, \"1\"\n";
  EXPECT_TRUE(Only(Lint(WrapParams(VmqBase() + optional)), RuleId::kKeywordDefaultMissing).empty());
}
TEST(LintChecks, KeywordDefaultMissing_Fails) {
  const std::string required =
      "HKR, Ndi\\params\\*NumaNodeId, ParamDesc, 0, \"n\"\n"
      "HKR, Ndi\\params\\*NumaNodeId, Type, 0, \"int\"\n";
  EXPECT_EQ(Only(Lint(WrapParams(VmqBase() + required)), RuleId::kKeywordDefaultMissing).size(),
            1u);
}

TEST(LintChecks, KeywordDefaultValue_Passes) {
  EXPECT_TRUE(Only(Lint(WrapParams(VmqBase())), RuleId::kKeywordDefaultValue).empty());
}
TEST(LintChecks, KeywordDefaultValue_Fails) {
  const auto f = Only(Lint(WrapParams(EnumKeyword("*VMQ", "2", {"0", "1", "2"}) +
                                      EnumKeyword("*VMQVlanFiltering"))),
                      RuleId::kKeywordDefaultValue);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].line, 14u);
}

TEST(LintChecks, KeywordDefaultDiffers_Passes) {
  EXPECT_TRUE(Only(Lint(WrapParams(VmqBase())), RuleId::kKeywordDefaultDiffers).empty());
}
TEST(LintChecks, KeywordDefaultDiffers_Fails) {
  const auto f = Only(Lint(WrapParams(EnumKeyword("*VMQ", "0") + EnumKeyword("*VMQVlanFiltering"))),
                      RuleId::kKeywordDefaultDiffers);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kNote);
}

TEST(LintChecks, KeywordEnumUndocumented_Passes) {
  EXPECT_TRUE(Only(Lint(WrapParams(VmqBase() + EnumKeyword("*RSSProfile", "4",
                                                           {"1", "2", "3", "4", "5", "6"}))),
                   RuleId::kKeywordEnumUndocumented)
                  .empty());
}
TEST(LintChecks, KeywordEnumUndocumented_Fails) {
  EXPECT_EQ(Only(Lint(WrapParams(EnumKeyword("*VMQ", "1", {"0", "1", "2"}) +
                                 EnumKeyword("*VMQVlanFiltering"))),
                 RuleId::kKeywordEnumUndocumented)
                .size(),
            1u);
}

TEST(LintChecks, KeywordEnumMissing_Passes) {
  EXPECT_TRUE(Only(Lint(WrapParams(VmqBase())), RuleId::kKeywordEnumMissing).empty());
}
TEST(LintChecks, KeywordEnumMissing_Fails) {
  const auto f =
      Only(Lint(WrapParams(EnumKeyword("*VMQ", "1", {"1"}) + EnumKeyword("*VMQVlanFiltering"))),
           RuleId::kKeywordEnumMissing);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_NE(f[0].message.find("value 0"), std::string::npos);
}

TEST(LintChecks, KeywordRange_Passes) {
  EXPECT_TRUE(Only(Lint(WrapParams(VmqBase() + IntKeyword("*MaxRssProcessors", "16", "1", "64"))),
                   RuleId::kKeywordRange)
                  .empty());
}
TEST(LintChecks, KeywordRange_Fails) {
  const auto f =
      Only(Lint(WrapParams(VmqBase() + IntKeyword("*RssBaseProcNumber", "0", "-1", "64"))),
           RuleId::kKeywordRange);
  EXPECT_EQ(f.size(), 2u);  // Min below 0, Max above MAXIMUM_PROC_PER_GROUP-1
}

TEST(LintChecks, KeywordHidden_Passes) {
  EXPECT_TRUE(Only(Lint(WrapParams(VmqBase())), RuleId::kKeywordHidden).empty());
}
TEST(LintChecks, KeywordHidden_Fails) {
  const auto f = Only(Lint(WrapParams(VmqBase() + EnumKeyword("*RssOrVmqPreference", "0") +
                                      "HKR, , *SriovPreferred, 0, \"1\"\n")),
                      RuleId::kKeywordHidden);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].severity, Severity::kError);
}

TEST(LintChecks, KeywordHidden_IsTheOnlyFindingOnAHiddenKey) {
  // The whole key must go, so its missing enum values are not reported as well.
  const auto all =
      Lint(WrapParams(VmqBase() + "HKR, Ndi\\params\\*RssOrVmqPreference, ParamDesc, 0, \"p\"\n"
                                  "HKR, Ndi\\params\\*RssOrVmqPreference, Type, 0, \"enum\"\n"),
           kNdis630);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].rule, RuleId::kKeywordHidden);
}

TEST(LintChecks, KeywordObsolete_Passes) {
  const std::string body = VmqBase() + EnumKeyword("*VMQLookaheadSplit");
  EXPECT_TRUE(
      Only(Lint(WrapParams(body), LintOptions{ndis::kNdis620}), RuleId::kKeywordObsolete).empty());
}
TEST(LintChecks, KeywordObsolete_Fails) {
  const std::string body = VmqBase() + EnumKeyword("*VMQLookaheadSplit");
  auto f = Only(Lint(WrapParams(body), kNdis630), RuleId::kKeywordObsolete);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kWarning);
  f = Only(Lint(WrapParams(body)), RuleId::kKeywordObsolete);  // NDIS version unknown
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kNote);
}

TEST(LintChecks, KeywordTooNew_Passes) {
  const std::string body =
      VmqBase() + EnumKeyword("*RSSProfile", "4", {"1", "2", "3", "4", "5", "6"});
  EXPECT_TRUE(Only(Lint(WrapParams(body), kNdis630), RuleId::kKeywordTooNew).empty());
}
TEST(LintChecks, KeywordTooNew_Fails) {
  const std::string body =
      VmqBase() + EnumKeyword("*RSSProfile", "4", {"1", "2", "3", "4", "5", "6"});
  EXPECT_EQ(
      Only(Lint(WrapParams(body), LintOptions{ndis::kNdis620}), RuleId::kKeywordTooNew).size(), 1u);
}

TEST(LintChecks, KeywordHostLocation_Passes) {
  EXPECT_TRUE(Only(Lint(WrapParams(VmqBase())), RuleId::kKeywordHostLocation).empty());
}
TEST(LintChecks, KeywordHostLocation_Fails) {
  const auto f =
      Only(Lint(WrapParams(VmqBase() + EnumKeyword("*TenGigVmqEnabled", "0", {"0", "1", "2"}) +
                           "HKR, , BelowTenGigVmqEnabled, 0, \"1\"\n")),
           RuleId::kKeywordHostLocation);
  EXPECT_EQ(f.size(), 2u);
}

TEST(LintChecks, KeywordValue_Passes) {
  EXPECT_TRUE(
      Only(Lint(WrapParams(VmqBase() + "HKR, , *VMQ, 0, \"1\"\n")), RuleId::kKeywordValue).empty());
  // Flags spelt through [Strings] tokens, as vendor INFs do (`%REG_DWORD%`).
  const auto all = Lint(WrapParams(VmqBase() + "HKR, , *VMQ, %REG_SZ%, \"1\"\n"
                                               "HKR, , *RssBaseProcNumber, %REG_DWORD%, 2\n",
                                   "[Strings]\nREG_SZ = 0x00000000\nREG_DWORD = 0x00010001\n"));
  EXPECT_TRUE(all.empty()) << all.front().message;
}
TEST(LintChecks, KeywordValue_Fails) {
  EXPECT_EQ(
      Only(Lint(WrapParams(VmqBase() +
                           "HKR, , *VMQ, 0, \"3\"\nHKR, , *RssBaseProcNumber, 0x00010001, 64\n")),
           RuleId::kKeywordValue)
          .size(),
      2u);
}

TEST(LintChecks, VmqMissingKeyword_Passes) {
  EXPECT_TRUE(Only(Lint(WrapParams(VmqBase())), RuleId::kVmqMissingKeyword).empty());
  // A device with no VMQ keyword at all is not VMQ-capable as far as the INF says.
  EXPECT_TRUE(Only(Lint(WrapParams(EnumKeyword("*RSS"))), RuleId::kVmqMissingKeyword).empty());
}
TEST(LintChecks, VmqMissingKeyword_Fails) {
  auto f = Only(Lint(WrapParams(EnumKeyword("*VMQVlanFiltering"))), RuleId::kVmqMissingKeyword);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kError);
  EXPECT_EQ(f[0].keyword, "*VMQ");
  EXPECT_EQ(f[0].section, "Dev.ndi");
  f = Only(Lint(WrapParams(EnumKeyword("*VMQ"))), RuleId::kVmqMissingKeyword);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kWarning);
  EXPECT_EQ(f[0].keyword, "*VMQVlanFiltering");
}

TEST(LintChecks, SharedAddRegSectionReportsEveryDeviceOnce) {
  std::string inf = WrapParams(VmqBase() + EnumKeyword("*RssOrVmqPreference", "0"),
                               "[Dev2.ndi]\nAddReg = Params.reg\n");
  inf.replace(inf.find("[Dev.ndi]"), 9, "Dev2 = Dev2.ndi, PCI\\VEN_8086&DEV_1528\n[Dev.ndi]");
  const auto f = Only(Lint(inf), RuleId::kKeywordHidden);
  ASSERT_EQ(f.size(), 1u);
  ASSERT_EQ(f[0].devices.size(), 2u);
  EXPECT_EQ(f[0].devices[1].install_section, "Dev2.ndi");
}

// Any add-registry-section body built from INF tokens lints without crashing; findings stay in
// the file, in line order, and the error verdict is exactly "some finding is an error".
RC_GTEST_PROP(LintChecks, ArbitraryAddRegBodiesLintSafely, ()) {
  const auto tokens = *rc::gen::container<std::vector<std::string>>(rc::gen::element<std::string>(
      "HKR", "HKLM", ",", ", ", "Ndi\\params\\", "*VMQ", "*vmq", "VMQ", "*RssOrVmqPreference",
      "*NumRSSQueues", "*TenGigVmqEnabled", "\\enum", "ParamDesc", "Type", "Default", "Min", "Max",
      "Step", "Optional", "enum", "int", "dword", "edit", "0", "1", "-1", "64", "99999", "0x10001",
      "0x4", "\"", "%", "%x%", ";", "\\", "\n", "\n", "\n"));
  std::string body;
  for (const std::string& t : tokens) body += t;
  const std::string inf = WrapParams(body);
  const std::vector<Finding> findings = Lint(inf, kNdis630);
  const auto lines = static_cast<std::uint32_t>(std::count(inf.begin(), inf.end(), '\n') + 1);
  bool any_error = false;
  for (std::size_t i = 0; i < findings.size(); ++i) {
    RC_ASSERT(findings[i].line >= 1u);
    RC_ASSERT(findings[i].line <= lines);
    if (i > 0) RC_ASSERT(findings[i - 1].line <= findings[i].line);
    any_error = any_error || findings[i].severity == Severity::kError;
  }
  RC_ASSERT(HasErrors(findings) == any_error);
}

}  // namespace
}  // namespace vmqkit::inf
