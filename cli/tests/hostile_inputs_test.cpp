// Hostile inputs to `vmqkit advertise --registry`: each gives a clear message and exit 2 (or is
// read correctly when it is valid), never a crash or a hang. Bounds: docs/robustness.md.
#include <gtest/gtest.h>

#include <random>

#include "cli/tests/run_command.h"
#include "cli/tests/temp_dir.h"

namespace vmqkit::test {
namespace {

const std::string kHeader = "Windows Registry Editor Version 5.00\r\n";
const std::string kAdapterKey =
    "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Class\\{4D36E972-E325-11CE-BFC1-"
    "08002BE10318}\\";

CommandResult Advertise(const std::string& file, std::vector<std::string> extra = {}) {
  std::vector<std::string> argv{VmqkitPath(), "advertise", "--registry", file};
  argv.insert(argv.end(), extra.begin(), extra.end());
  return RunCommand(argv);
}

void ExpectInputError(const CommandResult& r, const std::string& file, const std::string& what) {
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(r.signal, 0) << "crashed with signal " << r.signal;
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find(file), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(what), std::string::npos) << r.err;
}

TEST(HostileInput, EmptyFile) {
  TempDir dir;
  const std::string f = dir.Write("empty.reg", "");
  ExpectInputError(Advertise(f), f, "empty file");
}

TEST(HostileInput, BinaryGarbage) {
  TempDir dir;
  std::mt19937 rng(20261121);
  std::string bytes(1 << 20, '\0');
  for (char& c : bytes) c = static_cast<char>(rng());
  const std::string f = dir.Write("garbage.reg", bytes);
  const CommandResult r = Advertise(f);
  ExpectInputError(r, f, "");
}

TEST(HostileInput, HundredMegabyteRegFileWithAMillionAdapterKeys) {
  TempDir dir;
  std::string text = kHeader;
  text.reserve(110u << 20);
  for (int i = 0; i < 1'000'000; ++i) {
    char subkey[8];
    std::snprintf(subkey, sizeof subkey, "%04d", i % 10000);
    text += "\r\n" + kAdapterKey + subkey + "]\r\n\"*VMQ\"=\"1\"\r\n";
  }
  ASSERT_GE(text.size(), 100u << 20);
  const std::string f = dir.Write("huge.reg", text);
  const CommandResult several = Advertise(f);
  ExpectInputError(several, f, "choose one with --adapter");
  EXPECT_LT(several.err.size(), 4096u) << "the adapter listing must stay short";
  const CommandResult one = Advertise(f, {"--adapter", "0042", "--json"});
  EXPECT_EQ(one.exit_code, 0) << one.err;
}

TEST(HostileInput, AMillionKeywordsInOneAdapter) {
  TempDir dir;
  std::string text = kHeader + kAdapterKey + "0007]\r\n";
  for (int i = 0; i < 1'000'000; ++i) text += "\"Kw" + std::to_string(i) + "\"=dword:00000001\r\n";
  text += "\"*RssOrVmqPreference\"=\"1\"\r\n";
  const std::string f = dir.Write("wide.reg", text);
  const CommandResult r = Advertise(f, {"--json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"VMQ\""), std::string::npos);
}

TEST(HostileInput, DeeplyNestedJson) {
  TempDir dir;
  const std::string f = dir.Write("deep.json", std::string(1'000'000, '[') + std::string(1'000'000, ']'));
  ExpectInputError(Advertise(f), f, "nested deeper");
}

TEST(HostileInput, LoneSurrogateInUtf16) {
  TempDir dir;
  std::string bytes = "\xFF\xFE";
  for (char c : kHeader) bytes += std::string{c, '\0'};
  bytes += std::string("\x00\xDC", 2);
  const std::string f = dir.Write("surrogate.reg", bytes);
  ExpectInputError(Advertise(f), f, "surrogate");
}

TEST(HostileInput, NulInsideAValueName) {
  TempDir dir;
  const std::string f =
      dir.Write("nul.reg", kHeader + kAdapterKey + "0007]\r\n\"*V" + std::string(1, '\0') + "MQ\"=\"1\"\r\n");
  ExpectInputError(Advertise(f), f, "NUL");
}

TEST(HostileInput, CrlfAndLfMixedIsValid) {
  TempDir dir;
  const std::string f = dir.Write(
      "mixed.reg", "Windows Registry Editor Version 5.00\n\r\n" + kAdapterKey +
                       "0007]\n\"*RssOrVmqPreference\"=\"1\"\r\n\"*VMQ\"=\"0\"\n");
  const CommandResult r = Advertise(f, {"--json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"NONE\""), std::string::npos);
}

TEST(HostileInput, PathThatDoesNotExist) {
  ExpectInputError(Advertise("/nonexistent/dir/host.reg"), "/nonexistent/dir/host.reg", "no such file");
}

TEST(HostileInput, PathIsADirectory) {
  TempDir dir;
  ExpectInputError(Advertise(dir.path()), dir.path(), "directory");
}

TEST(HostileInput, KeyLineWithoutAdapters) {
  TempDir dir;
  const std::string f = dir.Write("other.reg", kHeader + "[HKEY_CURRENT_USER\\Software]\r\n\"a\"=\"b\"\r\n");
  ExpectInputError(Advertise(f), f, "no network adapter key");
}

}  // namespace
}  // namespace vmqkit::test
