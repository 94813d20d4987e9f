// Hostile inputs to the commands that read files besides `advertise`: lint-inf, replay,
// overlap/advise/diagnose --host, explain-event, route --pcap and conform --dut. Each gives exit 2
// with a message naming the file, within the hang guard, never a crash; inputs that are merely
// unusual (CRLF/LF mixes) are read. Bounds: docs/robustness.md.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "cli/tests/run_command.h"
#include "cli/tests/temp_dir.h"
#include "vmqkit/test_paths.h"

namespace vmqkit::test {
namespace {

using std::chrono::seconds;

std::string Garbage(std::size_t size, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::string bytes(size, '\0');
  for (char& c : bytes) c = static_cast<char>(rng());
  return bytes;
}

std::string Example(const std::string& relative) {
  return std::string(kSourceDir) + "/examples/" + relative;
}

CommandResult Vmqkit(std::vector<std::string> args) {
  args.insert(args.begin(), VmqkitPath());
  return RunCommand(args, seconds(120));
}

void ExpectInputError(const CommandResult& r, const std::string& file) {
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(r.signal, 0) << "crashed with signal " << r.signal << "\n" << r.err;
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find(file), std::string::npos) << r.err;
  EXPECT_LT(r.err.size(), 16384u) << "the message must stay short";
}

// The commands that take one input file, as argv with the file spliced in.
struct FileCommand {
  const char* name;
  std::vector<std::string> (*argv)(const std::string& file);
};

const FileCommand kFileCommands[] = {
    {"lint-inf",
     [](const std::string& f) {
       return std::vector<std::string>{"lint-inf", f};
     }},
    {"replay",
     [](const std::string& f) {
       return std::vector<std::string>{"replay", f};
     }},
    {"overlap",
     [](const std::string& f) {
       return std::vector<std::string>{"overlap", "--host", f};
     }},
    {"advise",
     [](const std::string& f) {
       return std::vector<std::string>{"advise", "--host", f};
     }},
    {"diagnose",
     [](const std::string& f) {
       return std::vector<std::string>{"diagnose", "--host", f};
     }},
    {"explain-event",
     [](const std::string& f) {
       return std::vector<std::string>{"explain-event", f};
     }},
    {"route",
     [](const std::string& f) {
       return std::vector<std::string>{"route", "--scenario", Example("route-setup.jsonl"),
                                       "--pcap", f};
     }},
    {"conform",
     [](const std::string& f) {
       return std::vector<std::string>{"conform", "--dut", f};
     }},
};

void ExpectEveryCommandRefuses(const std::string& file) {
  for (const FileCommand& c : kFileCommands) {
    SCOPED_TRACE(c.name);
    ExpectInputError(Vmqkit(c.argv(file)), file);
  }
}

TEST(HostileInputMore, NonexistentPathIsAnInputErrorForEveryCommand) {
  TempDir dir;
  ExpectEveryCommandRefuses(dir.path() + "/does-not-exist");
}

TEST(HostileInputMore, DirectoryIsAnInputErrorForEveryCommand) {
  TempDir dir;
  ExpectEveryCommandRefuses(dir.path());
}

TEST(HostileInputMore, EmptyFileIsAnInputErrorForEveryCommandButReplay) {
  TempDir dir;
  for (const FileCommand& c : kFileCommands) {
    SCOPED_TRACE(c.name);
    const std::string f = dir.Write(std::string("empty-") + c.name, "");
    const CommandResult r = Vmqkit(c.argv(f));
    if (std::string(c.name) == "replay") {
      // An empty scenario is a scenario with no steps: nothing to find.
      EXPECT_EQ(r.signal, 0);
      EXPECT_EQ(r.exit_code, 0) << r.err;
    } else {
      ExpectInputError(r, f);
    }
  }
}

TEST(HostileInputMore, BinaryGarbageIsAnInputErrorForEveryCommand) {
  TempDir dir;
  const std::string f = dir.Write("garbage.bin", Garbage(1 << 20, 20261121));
  ExpectEveryCommandRefuses(f);
}

TEST(HostileInputMore, HundredMegabyteFilesAreRefusedOrReadWithinBounds) {
  TempDir dir;
  // A 100 MB file of INF-looking lines: lint-inf reads at most 64 MiB.
  std::string inf;
  inf.reserve(101u << 20);
  inf += "[Version]\r\nSignature=\"$Windows NT$\"\r\n[S]\r\n";
  while (inf.size() < (100u << 20)) inf += "key = value, \"quoted;\" ; comment\r\n";
  const std::string big_inf = dir.Write("huge.inf", inf);
  ExpectInputError(Vmqkit({"lint-inf", big_inf}), big_inf);
  // The same size of garbage as a capture, a scenario and a host description.
  const std::string big = dir.Write("huge.bin", Garbage(100u << 20, 7));
  for (const FileCommand& c : kFileCommands) {
    // advise reads --host exactly as overlap does; conform's loader is covered below.
    const std::string name = c.name;
    if (name == "conform" || name == "lint-inf" || name == "advise") continue;
    SCOPED_TRACE(c.name);
    ExpectInputError(Vmqkit(c.argv(big)), big);
  }
}

TEST(HostileInputMore, DeeplyNestedJsonIsAnInputError) {
  TempDir dir;
  const std::string deep = std::string(1'000'000, '[') + std::string(1'000'000, ']');
  const std::string host = dir.Write("deep.json", deep);
  ExpectInputError(Vmqkit({"overlap", "--host", host}), host);
  ExpectInputError(Vmqkit({"advise", "--host", host}), host);
  const std::string scenario = dir.Write("deep.jsonl", deep + "\n");
  ExpectInputError(Vmqkit({"replay", scenario}), scenario);
  const std::string nested_object =
      dir.Write("deep-topology.json", "{\"topology\":" + std::string(100'000, '[') + "}");
  ExpectInputError(Vmqkit({"overlap", "--host", nested_object}), nested_object);
}

TEST(HostileInputMore, NumberTooLargeForADoubleIsAnInputError) {
  TempDir dir;
  const std::string host = dir.Write("overflow.json", "{\"topology\": {\"groups\": 1e999}}");
  ExpectInputError(Vmqkit({"overlap", "--host", host}), host);
  const std::string scenario = dir.Write("overflow.jsonl", "{\"step\":\"rx\",\"length\":1e999}\n");
  ExpectInputError(Vmqkit({"replay", scenario}), scenario);
}

TEST(HostileInputMore, LoneSurrogatesInUtf16InfAreAnInputErrorOrReported) {
  TempDir dir;
  // UTF-16LE with a BOM: "[Version]\r\n" then a lone high surrogate, then a lone low one.
  std::string bytes = "\xFF\xFE";
  for (char c : std::string("[Version]\r\nSignature=\"$Windows NT$\"\r\n[S")) {
    bytes += c;
    bytes += '\0';
  }
  bytes += std::string("\x00\xD8", 2) + std::string("x\0", 2) + std::string("\x00\xDC", 2);
  bytes += std::string("]\0\r\0\n\0", 6);
  const std::string f = dir.Write("surrogates.inf", bytes);
  const CommandResult r = Vmqkit({"lint-inf", f});
  EXPECT_EQ(r.signal, 0);
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find(f), std::string::npos) << r.err;
}

TEST(HostileInputMore, NulBytesInsideNamesAreInputErrors) {
  TempDir dir;
  const std::string inf = dir.Write(
      "nul.inf",
      std::string("[Version]\r\nSignature=\"$Windows NT$\"\r\n[Nd\0i]\r\nH\0KR,,x\r\n", 52));
  ExpectInputError(Vmqkit({"lint-inf", inf}), inf);
  const std::string scenario = dir.Write("nul.jsonl",
                                         "{\"step\":\"configure\",\"adapter\":\"A\\u0000B\"}\n"
                                         "{\"step\":\"initi\\u0000alize\"}\n");
  ExpectInputError(Vmqkit({"replay", scenario}), scenario);
}

TEST(HostileInputMore, CrlfAndLfMixesAreRead) {
  TempDir dir;
  const std::string scenario = dir.Write("mixed.jsonl",
                                         "{\"step\":\"configure\"}\r\n{\"step\":\"initialize\"}\n"
                                         "{\"step\":\"expect\",\"status\":\"SUCCESS\"}\r\n");
  const CommandResult r = Vmqkit({"replay", scenario});
  EXPECT_EQ(r.signal, 0);
  EXPECT_EQ(r.exit_code, 0) << r.err << r.out;
  // A mistake on the third line is reported at line 3 whatever ends the lines before it.
  const std::string bad = dir.Write(
      "mixed-bad.jsonl", "{\"step\":\"configure\"}\r\n{\"step\":\"initialize\"}\n{oops\r\n");
  const CommandResult rb = Vmqkit({"replay", bad});
  ExpectInputError(rb, bad + ":3:");
  const std::string inf =
      dir.Write("mixed.inf", "[Version]\r\nSignature=\"$Windows NT$\"\n[Strings]\r\nA=\"b\"\n");
  const CommandResult lint = Vmqkit({"lint-inf", inf});
  EXPECT_EQ(lint.signal, 0);
  EXPECT_NE(lint.exit_code, 2) << lint.err;
}

// E-954: text with no [section] is not an INF file; the error names the file and the line.
TEST(HostileInputMore, LintInfOnTextWithoutSectionsIsAnInputError) {
  TempDir dir;
  const std::string f = dir.Write("notes.txt", "; a comment\nhello world\nkey = value\n");
  const CommandResult r = Vmqkit({"lint-inf", f});
  ExpectInputError(r, f + ":2:");
  EXPECT_NE(r.err.find("not an INF file"), std::string::npos) << r.err;
}

// E-955: a 400 KB line is never printed back; the message quotes its first bytes only.
TEST(HostileInputMore, LintInfClipsAHugeLineInItsMessages) {
  TempDir dir;
  const std::string huge(400 * 1024, 'Q');
  const std::string f = dir.Write("huge-line.inf", "[Version]\r\nSignature=\"$Windows NT$\"\r\n[" +
                                                       huge + "\r\n[S]\r\nx = %" + huge + "%\r\n");
  const CommandResult r = Vmqkit({"lint-inf", f});
  EXPECT_EQ(r.signal, 0);
  EXPECT_NE(r.exit_code, 2) << r.err;  // syntax findings are warnings: the file is read
  EXPECT_NE(r.out.find("has no closing ']'"), std::string::npos) << r.out.substr(0, 2000);
  EXPECT_NE(r.out.find("is not defined"), std::string::npos) << r.out.substr(0, 2000);
  EXPECT_EQ(r.out.find(std::string(1000, 'Q')), std::string::npos);
  EXPECT_LT(r.out.size() + r.err.size(), 4096u);
}

TEST(HostileInputMore, TruncatedPcapIsAnInputError) {
  TempDir dir;
  // A valid little-endian pcap global header (Ethernet) followed by a record header whose
  // captured length runs past the end of the file.
  std::string pcap("\xD4\xC3\xB2\xA1\x02\x00\x04\x00", 8);
  pcap += std::string(8, '\0');
  pcap += std::string("\xFF\xFF\x00\x00\x01\x00\x00\x00", 8);
  pcap += std::string(8, '\0') + std::string("\x00\x10\x00\x00\x00\x10\x00\x00", 8) + "short";
  const std::string f = dir.Write("truncated.pcap", pcap);
  ExpectInputError(Vmqkit({"route", "--scenario", Example("route-setup.jsonl"), "--pcap", f}), f);
}

TEST(HostileInputMore, ConformRefusesFilesThatAreNotPlugins) {
  TempDir dir;
  const std::string text = dir.Write("not-a-plugin.so", "this is text, not ELF\n");
  ExpectInputError(Vmqkit({"conform", "--dut", text}), text);
  // An executable, not a shared object.
  ExpectInputError(Vmqkit({"conform", "--dut", VmqkitPath()}), VmqkitPath());
  // A shared object without the entry symbol.
  const std::string no_entry = "/lib/x86_64-linux-gnu/libm.so.6";
  if (std::filesystem::exists(no_entry))
    ExpectInputError(Vmqkit({"conform", "--dut", no_entry}), no_entry);
}

}  // namespace
}  // namespace vmqkit::test
