// NdisReadConfiguration(NdisParameterInteger) semantics and the catalog's validity rules.
#include <gtest/gtest.h>

#include "spec/keyword_reader.h"
#include "spec/tests/registry_builder.h"

namespace vmqkit::spec {
namespace {

using test::Key;
using test::Value;

TEST(NdisParameterInteger, DwordIsReadAsIs) {
  EXPECT_EQ(ParseNdisInteger(Value("x", std::uint32_t{10})).value, 10);
}

TEST(NdisParameterInteger, DecimalTextIsConverted) {
  EXPECT_EQ(ParseNdisInteger(Value("x", "16")).value, 16);
  EXPECT_EQ(ParseNdisInteger(Value("x", " 3 ")).value, 3);
  EXPECT_EQ(ParseNdisInteger(Value("x", "-1")).value, -1);
}

TEST(NdisParameterInteger, E007_HexOrTrailingTextIsNotANumber) {
  EXPECT_FALSE(ParseNdisInteger(Value("x", "0x10")).value);
  EXPECT_FALSE(ParseNdisInteger(Value("x", "1a")).value);
  EXPECT_FALSE(ParseNdisInteger(Value("x", "")).value);
  EXPECT_FALSE(ParseNdisInteger(Value("x", "--1")).value);  // found by a property: one sign only
  EXPECT_FALSE(ParseNdisInteger(Value("x", "+-1")).value);
  EXPECT_FALSE(ParseNdisInteger(Value("x", "99999999999")).value);
}

TEST(NdisParameterInteger, OtherRegistryTypesAreNotIntegers) {
  RegistryValue v = Value("x", "1");
  v.type = RegType::kMultiSz;
  EXPECT_FALSE(ParseNdisInteger(v).value);
  v.type = RegType::kBinary;
  EXPECT_FALSE(ParseNdisInteger(v).value);
}

TEST(KeywordReader, AbsentKeywordTakesDocumentedDefault) {
  const RegistryKey adapter = Key({});
  KeywordReader reader(adapter, RegistryKey{});
  const KeywordReading r = reader.Read("*MaxRssProcessors");
  EXPECT_EQ(r.value, 16);
  EXPECT_EQ(r.origin, ValueOrigin::kDefault);
  EXPECT_TRUE(reader.diagnostics().empty());
}

TEST(KeywordReader, OutOfRangeIntIsIgnoredWithDiagnostic) {
  const RegistryKey adapter = Key({{"*RssBaseProcNumber", std::uint32_t{64}}});
  KeywordReader reader(adapter, RegistryKey{});
  const KeywordReading r = reader.Read("*RssBaseProcNumber");
  EXPECT_EQ(r.value, 0);
  EXPECT_EQ(r.origin, ValueOrigin::kIgnored);
  ASSERT_EQ(reader.diagnostics().size(), 1u);
  EXPECT_NE(reader.diagnostics()[0].message.find("0..63"), std::string::npos);
}

TEST(KeywordReader, EnumValueOutsideChoicesIsIgnored) {
  const RegistryKey adapter = Key({{"*VMQ", "2"}});
  KeywordReader reader(adapter, RegistryKey{});
  EXPECT_EQ(reader.Read("*VMQ").value, 1);
  EXPECT_EQ(reader.diagnostics().size(), 1u);
}

TEST(KeywordReader, ReadsAreRecordedInOrder) {
  const RegistryKey adapter = Key({});
  KeywordReader reader(adapter, RegistryKey{});
  reader.Read("*VMQ");
  reader.Read("*RSS");
  EXPECT_EQ(reader.keywords_read(), (std::vector<std::string>{"*VMQ", "*RSS"}));
}

TEST(KeywordReader, RegistryNamesAreCaseInsensitive) {
  const RegistryKey adapter = Key({{"*vmq", "0"}});
  KeywordReader reader(adapter, RegistryKey{});
  EXPECT_EQ(reader.Read("*VMQ").value, 0);
  ASSERT_EQ(reader.diagnostics().size(), 1u);
  EXPECT_EQ(reader.diagnostics()[0].severity, Severity::kNote);
}

// E-002: NdisReadConfiguration reads the entry named by its Keyword; "RssOrVmqPreference" is
// another entry, so the keyword keeps its default and the reader warns.
TEST(KeywordReader, E002_SpellingWithoutStarIsAnotherValue) {
  const RegistryKey adapter = Key({{"RssOrVmqPreference", "1"}});
  KeywordReader reader(adapter, RegistryKey{});
  const KeywordReading r = reader.Read("*RssOrVmqPreference");
  EXPECT_EQ(r.value, 0);
  EXPECT_EQ(r.origin, ValueOrigin::kDefault);
  ASSERT_EQ(reader.diagnostics().size(), 1u);
  EXPECT_EQ(reader.diagnostics()[0].severity, Severity::kWarning);
  EXPECT_NE(reader.diagnostics()[0].message.find("is not *RssOrVmqPreference"), std::string::npos);
}

TEST(KeywordReader, HostKeywordsComeFromVmsmpParameters) {
  const RegistryKey adapter = Key({{"TenGigVmqEnabled", std::uint32_t{2}}});
  const RegistryKey vmsmp = Key({{"TenGigVmqEnabled", std::uint32_t{1}}});
  KeywordReader reader(adapter, vmsmp);
  EXPECT_EQ(reader.Read("TenGigVmqEnabled").value, 1);
}

TEST(KeywordReader, LastDefinitionWins) {
  const RegistryKey adapter = Key({{"*VMQ", "1"}, {"*VMQ", "0"}});
  KeywordReader reader(adapter, RegistryKey{});
  EXPECT_EQ(reader.Read("*VMQ").value, 0);
}

}  // namespace
}  // namespace vmqkit::spec
