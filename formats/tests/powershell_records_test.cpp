// The PowerShell output readers (formats/powershell_records.h): Format-List, default tables,
// ConvertTo-Json of PowerShell 5.1 and 7, UTF-16LE with BOM, and hostile inputs (exit 2 material:
// every error names file:line).
#include <gtest/gtest.h>

#include <string>

#include "base/text_encoding.h"
#include "formats/powershell_records.h"
#include "vmqkit/test_paths.h"

namespace vmqkit::formats {
namespace {

const std::string kDir = std::string(test::kSourceDir) + "/examples/admin/seed-kb-host/";

std::string Text(const PsRecord& r, std::string_view name) {
  const PsProperty* p = r.Find(name);
  return p == nullptr ? "<absent>" : p->text;
}

TEST(PowerShellRecords, FormatListOfVmqFromOutFileUtf16) {
  const Result<std::vector<PsRecord>> records =
      LoadPowerShellOutput(kDir + "Get-NetAdapterVmq.txt");
  ASSERT_TRUE(records.ok()) << ToString(records.error());
  ASSERT_EQ(records->size(), 3u);
  EXPECT_EQ((*records)[1].kind, PsKind::kVmq);
  EXPECT_EQ(Text((*records)[1], "Name"), "VM Switch 1");
  EXPECT_EQ(Text((*records)[1], "MaxProcessors"), "3");
  EXPECT_EQ(Text((*records)[1], "Caption"), "");  // "Caption :" with nothing after
  EXPECT_EQ((*records)[1].Find("Name")->where.line, 30u);
}

TEST(PowerShellRecords, DefaultVmqTableWithAWrappedHeader) {
  const std::string text =
      "\n"
      "Name          InterfaceDescription              Enabled BaseVmqProcessor MaxProcessors "
      "NumberOfReceive\n"
      "                                                                                       "
      "Queues\n"
      "----          --------------------              ------- ---------------- ------------- "
      "---------------\n"
      "VM Switch 1   Intel(R) 82599 10 Gigabit Dua...  True    0:0              3             "
      "63\n"
      "VM Switch 2   Intel(R) 82599 10 Gigabit Dua...  True    0:2              3             "
      "63\n";
  const Result<std::vector<PsRecord>> records = ParsePowerShellOutput(text, "vmq.txt");
  ASSERT_TRUE(records.ok()) << ToString(records.error());
  ASSERT_EQ(records->size(), 2u);
  EXPECT_EQ((*records)[1].kind, PsKind::kVmq);
  EXPECT_EQ(Text((*records)[1], "BaseVmqProcessor"), "0:2");
  EXPECT_EQ(Text((*records)[1], "NumberOfReceiveQueues"), "63");
  EXPECT_EQ((*records)[1].where.line, 6u);
}

TEST(PowerShellRecords, RssListViewLabelsMapToTheirProperties) {
  const std::string text =
      "Name                                            : VM Switch 1\n"
      "InterfaceDescription                            : Intel(R) 82599\n"
      "Enabled                                         : True\n"
      "Profile                                         : NUMAStatic\n"
      "BaseProcessor: [Group:Number]                   : 0:2\n"
      "MaxProcessor: [Group:Number]                    : 0:62\n"
      "MaxProcessors                                   : 4\n"
      "RssProcessorArray: [Group:Number/NUMA Distance] : 0:2/0  0:4/0  0:6/0  0:8/0\n"
      "                                                  0:10/0  0:12/0\n"
      "IndirectionTable: [Group:Number]                : 0:2 0:4 0:6 0:8\n";
  const Result<std::vector<PsRecord>> records = ParsePowerShellOutput(text, "rss.txt");
  ASSERT_TRUE(records.ok()) << ToString(records.error());
  ASSERT_EQ(records->size(), 1u);
  EXPECT_EQ((*records)[0].kind, PsKind::kRss);
  EXPECT_EQ(Text((*records)[0], "BaseProcessor"), "0:2");
  EXPECT_EQ(Text((*records)[0], "RssProcessorArray"), "0:2/0  0:4/0  0:6/0  0:8/0 0:10/0  0:12/0");
}

TEST(PowerShellRecords, ConvertToJsonPowerShell7ArrayAnd51Wrapper) {
  const std::string ps7 = R"([
  {"Name": "VM Switch 1", "Enabled": true, "BaseProcessorGroup": 0, "BaseProcessorNumber": 2,
   "MaxProcessors": 3, "NumberOfReceiveQueues": 63, "NumMacAddressesPerPort": 64,
   "PSComputerName": null, "CimClass": "ROOT/StandardCimv2:MSFT_NetAdapterVmqSettingData"}
])";
  const Result<std::vector<PsRecord>> a = ParsePowerShellOutput(ps7, "vmq.json");
  ASSERT_TRUE(a.ok()) << ToString(a.error());
  ASSERT_EQ(a->size(), 1u);
  EXPECT_EQ((*a)[0].kind, PsKind::kVmq);
  EXPECT_EQ(Text((*a)[0], "Enabled"), "True");
  EXPECT_EQ((*a)[0].Find("MaxProcessors")->where.line, 3u);
  const std::string ps51 = R"({
    "value":  [
                  {
                      "RegistryKeyword":  "*VMQ",
                      "RegistryValue":  [
                                            "1"
                                        ],
                      "Name":  "VM Switch 1"
                  }
              ],
    "Count":  1
})";
  const Result<std::vector<PsRecord>> b = ParsePowerShellOutput(ps51, "adv.json");
  ASSERT_TRUE(b.ok()) << ToString(b.error());
  ASSERT_EQ(b->size(), 1u);
  EXPECT_EQ((*b)[0].kind, PsKind::kAdvancedProperty);
  EXPECT_EQ(Text((*b)[0], "RegistryValue"), "1");
}

TEST(PowerShellRecords, SeveralOutputsConcatenatedWithPromptLines) {
  const std::string text =
      "PS C:\\> Get-CimInstance Win32_Processor | Format-List NumberOfCores, "
      "NumberOfLogicalProcessors\n\n"
      "NumberOfCores             : 16\n"
      "NumberOfLogicalProcessors : 32\n\n"
      "PS C:\\> Get-NetAdapterAdvancedProperty -AllProperties | Format-List Name, "
      "RegistryKeyword, RegistryValue\n\n"
      "Name            : VM Switch 1\n"
      "RegistryKeyword : *VMQ\n"
      "RegistryValue   : {1}\n";
  const Result<std::vector<PsRecord>> records = ParsePowerShellOutput(text, "host.txt");
  ASSERT_TRUE(records.ok()) << ToString(records.error());
  ASSERT_EQ(records->size(), 2u);
  EXPECT_EQ((*records)[0].kind, PsKind::kProcessor);
  EXPECT_EQ((*records)[1].kind, PsKind::kAdvancedProperty);
}

// Hostile inputs: each ends in an input error naming the file and line.
void ExpectErrorAt(const std::string& text, std::uint32_t line, std::string_view words) {
  const Result<std::vector<PsRecord>> r = ParsePowerShellOutput(text, "in.txt");
  ASSERT_FALSE(r.ok()) << text;
  EXPECT_EQ(r.error().where.file, "in.txt");
  EXPECT_EQ(r.error().where.line, line) << ToString(r.error());
  EXPECT_NE(r.error().message.find(words), std::string::npos) << ToString(r.error());
}

TEST(PowerShellHostile, UnknownPropertyNamesItsLine) {
  ExpectErrorAt("Name          : VM Switch 1\nNumberOfReceiveQueues : 63\nFrobnicate : 1\n", 3,
                "unknown property \"Frobnicate\"");
}

TEST(PowerShellHostile, UnknownTableColumnNamesItsLine) {
  ExpectErrorAt("\nName  Enabled Colour\n----  ------- ------\nA     True    red\n", 4,
                "unknown property \"Colour\"");
}

TEST(PowerShellHostile, TruncatedJsonNamesTheLineWhereItStops) {
  ExpectErrorAt("[\n  {\"Name\": \"VM Switch 1\",\n   \"MaxProcessors\": 3,\n", 4, "truncated");
}

TEST(PowerShellHostile, TruncatedFormatListLine) {
  ExpectErrorAt("Name                  : VM Switch 1\nNumberOfReceiveQueues : 63\nBaseProcessorNu",
                3, "neither");
}

TEST(PowerShellHostile, Utf16WithoutBomIsAWrongEncoding) {
  const std::string utf16 = Utf8ToUtf16Le("Name : A\r\n");  // no FF FE in front
  ExpectErrorAt(utf16, 1, "byte order mark");
}

TEST(PowerShellHostile, ObjectThatFitsTwoCmdletsIsAmbiguous) {
  ExpectErrorAt("Name                : A\nBaseProcessorNumber : 2\nMaxProcessors : 3\n", 1,
                "cannot tell which cmdlet");
}

TEST(PowerShellHostile, DuplicatePropertyInOneObject) {
  ExpectErrorAt("Name : A\nNumberOfCores : 2\nNumberOfCores : 4\n", 3, "appears twice");
}

TEST(PowerShellHostile, NonObjectArrayElement) {
  ExpectErrorAt("[\n  {\"NumberOfCores\": 2},\n  7\n]\n", 3, "not an object");
}

// A value that crosses a column's start and does not end with that column's dashes is not a
// right-aligned value wider than its header: a shifted row.
TEST(PowerShellHostile, AShiftedTableRowIsAnInputError) {
  ExpectErrorAt(
      "PS C:\\> Get-NetAdapterVmq\nName  Enabled MaxProcessors\n----  ------- -------------\nA     "
      "True    3\n"
      "BBBBBBB True    3\n",
      5, "runs across the columns");
}

// E-714: a right-aligned value wider than its header starts left of the dashes and ends with them.
TEST(PowerShellRecords, E714_RightAlignedValueWiderThanItsHeader) {
  const std::string text =
      "\nName   ifIndex LinkSpeed\n----   ------- ---------\nWi-Fi      20 866.7 Mbps\n"
      "Eth0        12    1 Gbps\n";
  const Result<std::vector<PsRecord>> records = ParsePowerShellOutput(text, "netadapter.txt");
  ASSERT_TRUE(records.ok()) << ToString(records.error());
  ASSERT_EQ(records->size(), 2u);
  EXPECT_EQ((*records)[0].kind, PsKind::kNetAdapter);
  EXPECT_EQ(Text((*records)[0], "ifIndex"), "20");
  EXPECT_EQ(Text((*records)[0], "LinkSpeed"), "866.7 Mbps");
  EXPECT_EQ(Text((*records)[1], "LinkSpeed"), "1 Gbps");
}

// E-714: Get-VMSwitch's ConvertTo-Json, with objects in an array (Extensions) kept unread and the
// adapters' descriptions, which hold spaces, as the list's members.
TEST(PowerShellRecords, E714_GetVmSwitchJsonKeepsTheListElements) {
  const std::string text =
      R"([{"Name": "External", "SwitchType": 2, "Extensions": [{"Name": "WFP"}, {"Name": "NDIS"}],
          "NetAdapterInterfaceDescription": "Teamed-Interface",
          "NetAdapterInterfaceDescriptions": ["Vendor NIC", "Vendor NIC #2"]}])";
  const Result<std::vector<PsRecord>> records = ParsePowerShellOutput(text, "vmswitch.json");
  ASSERT_TRUE(records.ok()) << ToString(records.error());
  ASSERT_EQ(records->size(), 1u);
  EXPECT_EQ((*records)[0].kind, PsKind::kVmSwitch);
  const PsProperty* list = (*records)[0].Find("NetAdapterInterfaceDescriptions");
  ASSERT_NE(list, nullptr);
  ASSERT_EQ(list->members.size(), 2u);
  EXPECT_EQ(list->members[1].second, "Vendor NIC #2");
}

}  // namespace
}  // namespace vmqkit::formats
