// .reg files as `reg export` writes them, and the errors for what it never writes.
#include <gtest/gtest.h>

#include "base/text_encoding.h"
#include "formats/host_registry.h"
#include "formats/reg_file.h"

namespace vmqkit::formats {
namespace {

using spec::HostRegistry;
using spec::kNetClassKey;
using spec::kVmsmpParametersKey;
using spec::RegistryFile;
using spec::RegType;
using spec::ToHostRegistry;

const std::string kAdapterKey = std::string(kNetClassKey) + "\\0007";

std::string Utf16WithBom(const std::string& text) {
  return "\xFF\xFE" + Utf8ToUtf16Le(text);
}

TEST(RegFile, ParsesUtf16LeWithBomAndCrlf) {
  const std::string text = "Windows Registry Editor Version 5.00\r\n\r\n[" + kAdapterKey +
                           "]\r\n\"*VMQ\"=\"1\"\r\n\"*MaxRssProcessors\"=dword:00000003\r\n";
  Result<RegistryFile> file = ParseRegFile(Utf16WithBom(text), "a.reg");
  ASSERT_TRUE(file.ok()) << ToString(file.error());
  ASSERT_EQ(file->keys.size(), 1u);
  EXPECT_EQ(file->keys[0].path, kAdapterKey);
  ASSERT_EQ(file->keys[0].values.size(), 2u);
  EXPECT_EQ(file->keys[0].values[0].type, RegType::kSz);
  EXPECT_EQ(file->keys[0].values[0].text, "1");
  EXPECT_EQ(file->keys[0].values[1].type, RegType::kDword);
  EXPECT_EQ(file->keys[0].values[1].number, 3u);
  EXPECT_EQ(file->keys[0].values[1].pos.line, 5u);
}

TEST(RegFile, ParsesUtf8WithAndWithoutBomAndLf) {
  const std::string text =
      "Windows Registry Editor Version 5.00\n[" + kAdapterKey + "]\n\"*VMQ\"=\"0\"\n";
  for (const std::string& bytes : {text, "\xEF\xBB\xBF" + text}) {
    Result<RegistryFile> file = ParseRegFile(bytes, "a.reg");
    ASSERT_TRUE(file.ok()) << ToString(file.error());
    EXPECT_EQ(file->keys[0].values[0].text, "0");
  }
}

TEST(RegFile, HexContinuationsAndTypedHex) {
  const std::string text = "Windows Registry Editor Version 5.00\r\n[" + kAdapterKey + "]\r\n" +
                           "\"Bindings\"=hex(7):76,00,6d,00,73,00,00,00,\\\r\n"
                           "  61,00,00,00,00,00\r\n"
                           "\"Q\"=hex(b):01,00,00,00,00,00,00,00\r\n"
                           "\"Path\"=hex(2):43,00,3a,00,00,00\r\n"
                           "\"Blob\"=hex:de,ad,\\\r\n  be,ef\r\n"
                           "\"D\"=hex(4):0a,00,00,00\r\n";
  Result<RegistryFile> file = ParseRegFile(text, "a.reg");
  ASSERT_TRUE(file.ok()) << ToString(file.error());
  const auto& v = file->keys[0].values;
  ASSERT_EQ(v.size(), 5u);
  EXPECT_EQ(v[0].type, RegType::kMultiSz);
  EXPECT_EQ(v[0].strings, (std::vector<std::string>{"vms", "a"}));
  EXPECT_EQ(v[1].type, RegType::kQword);
  EXPECT_EQ(v[1].number, 1u);
  EXPECT_EQ(v[2].type, RegType::kExpandSz);
  EXPECT_EQ(v[2].text, "C:");
  EXPECT_EQ(v[3].bytes, (std::vector<std::uint8_t>{0xde, 0xad, 0xbe, 0xef}));
  EXPECT_EQ(v[4].type, RegType::kDword);
  EXPECT_EQ(v[4].number, 10u);
}

TEST(RegFile, CommentsEscapesAndDefaultValue) {
  const std::string text = "REGEDIT4\n; a comment\n[" + kAdapterKey +
                           "]\n@=\"default\"\n\"Quote\"=\"a\\\"b\\\\c\"\n  ; indented comment\n";
  Result<RegistryFile> file = ParseRegFile(text, "a.reg");
  ASSERT_TRUE(file.ok()) << ToString(file.error());
  EXPECT_EQ(file->keys[0].values[0].name, "");
  EXPECT_EQ(file->keys[0].values[1].text, "a\"b\\c");
}

TEST(RegFile, SeveralAdapterSubkeysGroupIntoAdapters) {
  const std::string text = "Windows Registry Editor Version 5.00\n[" + std::string(kNetClassKey) +
                           "\\0003]\n\"DriverDesc\"=\"One\"\n[" + std::string(kNetClassKey) +
                           "\\0003\\Ndi\\params\\*VMQ]\n\"default\"=\"1\"\n[" +
                           std::string(kNetClassKey) + "\\0010]\n\"*VMQ\"=\"0\"\n[" +
                           std::string(kVmsmpParametersKey) +
                           "]\n\"TenGigVmqEnabled\"=dword:00000002\n";
  Result<RegistryFile> file = ParseRegFile(text, "a.reg");
  ASSERT_TRUE(file.ok()) << ToString(file.error());
  const HostRegistry host = ToHostRegistry(*file, "a.reg");
  ASSERT_EQ(host.adapters.size(), 2u);
  EXPECT_EQ(host.adapters[0].subkey, "0003");
  EXPECT_EQ(host.adapters[0].driver_desc, "One");
  EXPECT_EQ(host.adapters[0].key.Find("default"), nullptr);  // Ndi\params is not a live value
  EXPECT_EQ(host.adapters[1].subkey, "0010");
  ASSERT_NE(host.vmsmp_parameters.Find("TenGigVmqEnabled"), nullptr);
}

struct BadInput {
  const char* name;
  std::string text;
  std::uint32_t line;
  const char* message_part;
};
void PrintTo(const BadInput& row, std::ostream* os) {
  *os << row.name;
}

class RegFileErrors : public ::testing::TestWithParam<BadInput> {};

TEST_P(RegFileErrors, NamesLineAndProblem) {
  const BadInput& bad = GetParam();
  Result<RegistryFile> file = ParseRegFile(bad.text, "bad.reg");
  ASSERT_FALSE(file.ok()) << bad.name;
  EXPECT_EQ(file.error().where.file, "bad.reg");
  EXPECT_EQ(file.error().where.line, bad.line) << ToString(file.error());
  EXPECT_NE(file.error().message.find(bad.message_part), std::string::npos)
      << ToString(file.error());
}

const std::string kHead = "Windows Registry Editor Version 5.00\n[HKEY_LOCAL_MACHINE\\X]\n";

INSTANTIATE_TEST_SUITE_P(
    Malformed, RegFileErrors,
    ::testing::Values(
        BadInput{"empty", "", 1, "empty file"},
        BadInput{"no_header", "[HKEY_LOCAL_MACHINE\\X]\n", 1, "not a registry export"},
        BadInput{"value_before_key", "REGEDIT4\n\"a\"=\"b\"\n", 2, "before any [key]"},
        BadInput{"unclosed_key", "REGEDIT4\n[HKEY_LOCAL_MACHINE\\X\n", 2, "closing ']'"},
        BadInput{"bad_dword", kHead + "\"a\"=dword:xyz\n", 3, "hexadecimal digits"},
        BadInput{"long_dword", kHead + "\"a\"=dword:000000001\n", 3, "1 to 8"},
        BadInput{"unterminated", kHead + "\"a\"=\"b\n", 3, "unterminated"},
        BadInput{"no_equals", kHead + "\"a\" \"b\"\n", 3, "expected '='"},
        BadInput{"garbage_line", kHead + "hello\n", 3, "expected a [key] line"},
        BadInput{"bad_hex_byte", kHead + "\"a\"=hex:0g\n", 3, "two hexadecimal digits"},
        BadInput{"bad_hex_in_continuation", kHead + "\"a\"=hex:00,\\\n  zz\n", 4,
                 "two hexadecimal"},
        BadInput{"qword_size", kHead + "\"a\"=hex(b):00\n", 3, "needs 8 bytes"},
        BadInput{"deletion_key", "REGEDIT4\n[-HKEY_LOCAL_MACHINE\\X]\n", 2, "deletion"},
        BadInput{"deletion_value", kHead + "\"a\"=-\n", 3, "deletion"},
        BadInput{"nul_in_text", kHead + std::string("\"a\"=\"b\0\"\n", 9), 3, "NUL"},
        BadInput{"unknown_form", kHead + "\"a\"=qword:1\n", 3, "unknown value form"}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

TEST(RegFile, LoneSurrogateInUtf16IsAnErrorWithPosition) {
  std::string bytes = "\xFF\xFE" + Utf8ToUtf16Le("REGEDIT4\r\nab");
  bytes += std::string("\x00\xD8", 2);  // a high surrogate with nothing after it
  Result<RegistryFile> file = ParseRegFile(bytes, "s.reg");
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error().where.line, 2u);
  EXPECT_NE(file.error().message.find("surrogate"), std::string::npos);
}

TEST(RegFile, OddUtf16ByteCountIsAnError) {
  Result<RegistryFile> file = ParseRegFile(std::string("\xFF\xFE"
                                                       "R\0E",
                                                       5),
                                           "o.reg");
  ASSERT_FALSE(file.ok());
  EXPECT_NE(file.error().message.find("odd"), std::string::npos);
}

TEST(HostRegistry, LoadReportsMissingFileAndDirectory) {
  Result<HostRegistry> missing = LoadHostRegistry("/nonexistent/x.reg");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("no such file"), std::string::npos);
  Result<HostRegistry> dir = LoadHostRegistry("/tmp");
  ASSERT_FALSE(dir.ok());
  EXPECT_NE(dir.error().message.find("directory"), std::string::npos);
}

}  // namespace
}  // namespace vmqkit::formats
