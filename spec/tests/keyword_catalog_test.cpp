// The catalog's own consistency: what every other table and parser relies on.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <set>

#include "spec/keyword_catalog.h"
#include "spec/keyword_docs.h"
#include "vmqkit/test_paths.h"

namespace vmqkit::spec {
namespace {

TEST(KeywordCatalog, HoldsEveryKeywordOfTheIssue) {
  for (const char* name :
       {"*VMQ", "*VMQLookaheadSplit", "*VMQVlanFiltering", "*RssOrVmqPreference", "*RSS",
        "*RSSProfile", "*RssBaseProcGroup", "*RssBaseProcNumber", "*RssMaxProcGroup",
        "*RssMaxProcNumber", "*MaxRssProcessors", "*NumRSSQueues", "*NumaNodeId", "*SRIOV",
        "*SriovPreferred", "TenGigVmqEnabled", "BelowTenGigVmqEnabled"}) {
    EXPECT_NE(FindKeyword(name), nullptr) << name;
  }
}

TEST(KeywordCatalog, NamesUniqueCaseInsensitively) {
  std::set<std::string> seen;
  for (const KeywordSpec& k : KeywordCatalog()) {
    std::string lower(k.name);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_TRUE(seen.insert(lower).second) << k.name;
  }
}

TEST(KeywordCatalog, DefaultIsAlwaysAnAllowedValue) {
  for (const KeywordSpec& k : KeywordCatalog())
    EXPECT_TRUE(IsAllowedValue(k, k.default_value)) << k.name;
}

TEST(KeywordCatalog, VmqKeywordsAreEnumsWithDocumentedDefaults) {
  // [WDD] standardized-inf-keywords-for-vmq: all four are enumeration keywords.
  EXPECT_EQ(FindKeyword("*VMQ")->default_value, 1);
  EXPECT_EQ(FindKeyword("*VMQLookaheadSplit")->default_value, 1);
  EXPECT_EQ(FindKeyword("*VMQVlanFiltering")->default_value, 1);
  EXPECT_EQ(FindKeyword("*RssOrVmqPreference")->default_value, 0);
  for (const KeywordSpec& k : KeywordCatalog()) {
    if (k.family == KeywordFamily::kVmq) {
      EXPECT_EQ(k.type, KeywordType::kEnum) << k.name;
    }
  }
}

TEST(KeywordCatalog, HiddenKeywordsAreThePreferences) {
  std::set<std::string_view> hidden;
  for (const KeywordSpec& k : KeywordCatalog()) {
    if (k.hidden) hidden.insert(k.name);
  }
  EXPECT_EQ(hidden, (std::set<std::string_view>{"*RssOrVmqPreference", "*SriovPreferred"}));
}

TEST(KeywordCatalog, ReservedKeywordsAreTheFourOfTheVmqPage) {
  std::set<std::string_view> reserved;
  for (const KeywordSpec& k : KeywordCatalog()) {
    if (k.reserved) reserved.insert(k.name);
  }
  EXPECT_EQ(reserved, (std::set<std::string_view>{"*RssMaxProcNumber", "*MaxRssProcessors",
                                                  "TenGigVmqEnabled", "BelowTenGigVmqEnabled"}));
}

TEST(KeywordCatalog, RssRangesFollowProcessorLimits) {
  EXPECT_EQ(FindKeyword("*RssBaseProcNumber")->max, kMaximumProcPerGroup - 1);
  EXPECT_EQ(FindKeyword("*MaxRssProcessors")->min, 1);
  EXPECT_EQ(FindKeyword("*MaxRssProcessors")->max, kMaximumProcPerSystem);
  EXPECT_EQ(FindKeyword("*RSSProfile")->default_value, 4);  // NUMAScalingStatic
  EXPECT_EQ(FindKeyword("*NumaNodeId")->default_value, 65535);
}

TEST(KeywordCatalog, E005_NumRssQueuesRangeIsOneToProcPerSystem) {
  EXPECT_EQ(FindKeyword("*NumRSSQueues")->min, 1);
  EXPECT_EQ(FindKeyword("*NumRSSQueues")->max, kMaximumProcPerSystem);
  EXPECT_EQ(FindKeyword("*NumRSSQueues")->default_value, 16);
}

TEST(KeywordCatalog, E006_RssMaxProcGroupComesWithRssMaxProcNumber) {
  EXPECT_EQ(FindKeyword("*RssMaxProcGroup")->since, FindKeyword("*RssMaxProcNumber")->since);
  EXPECT_EQ(FindKeyword("*RssMaxProcNumber")->since, ndis::kNdis630);
}

TEST(KeywordDocs, CommittedKeywordsMarkdownIsGeneratedFromTheCatalog) {
  std::ifstream in(std::string(test::kSourceDir) + "/docs/keywords.md", std::ios::binary);
  ASSERT_TRUE(in) << "docs/keywords.md missing: run vmqkit keywords --markdown > docs/keywords.md";
  const std::string committed((std::istreambuf_iterator<char>(in)),
                              std::istreambuf_iterator<char>());
  EXPECT_EQ(committed, KeywordCatalogMarkdown())
      << "docs/keywords.md is stale: run vmqkit keywords --markdown > docs/keywords.md";
}

TEST(KeywordCatalog, LookaheadSplitObsoleteFromNdis630) {
  EXPECT_EQ(FindKeyword("*VMQLookaheadSplit")->obsolete_from, ndis::kNdis630);
}

TEST(LookupSpelling, FindsAliases) {
  EXPECT_EQ(LookupSpelling("*VMQ")->match, SpellingMatch::kExact);
  EXPECT_EQ(LookupSpelling("*vmq")->match, SpellingMatch::kCaseDiffers);
  EXPECT_EQ(LookupSpelling("RssOrVmqPreference")->match, SpellingMatch::kMissingStar);
  EXPECT_EQ(LookupSpelling("*TenGigVmqEnabled")->match, SpellingMatch::kExtraStar);
  EXPECT_EQ(LookupSpelling("*NumRssQueues")->spec->name, "*NumRSSQueues");
  EXPECT_FALSE(LookupSpelling("*Jumbo").has_value());
}

TEST(KeywordDocs, MarkdownHasARowPerKeyword) {
  const std::string md = KeywordCatalogMarkdown();
  for (const KeywordSpec& k : KeywordCatalog()) {
    EXPECT_NE(md.find("| `" + std::string(k.name) + "` |"), std::string::npos) << k.name;
  }
  EXPECT_EQ(KeywordCatalogJson()["keywords"].size(), KeywordCatalog().size());
}

TEST(KeywordDocs, TextGivesOneAlignedLinePerKeywordWithItsFlags) {
  const std::string text = KeywordCatalogText();
  EXPECT_EQ(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')),
            KeywordCatalog().size());
  EXPECT_EQ(text.substr(0, text.find('\n') + 1),
            "*VMQ                     VMQ     enum  default 1      NDIS 6.20+\n");
  EXPECT_NE(text.find("*VMQLookaheadSplit       VMQ     enum  default 1      NDIS 6.20+  obsolete "
                      "from 6.30\n"),
            std::string::npos);
}

}  // namespace
}  // namespace vmqkit::spec
