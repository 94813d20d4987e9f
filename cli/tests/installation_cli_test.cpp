// What `vmqkit` says about itself and where it finds things: --version, plug-ins by name, the
// KTAP and SARIF reports of conform, and the man page and completions generated from the
// command's option tables at build time (cli/cli_docs.h).
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "base/sarif.h"
#include "cli/tests/run_command.h"
#include "cli/tests/temp_dir.h"
#include "vmqkit/test_paths.h"
#include "vmqkit/version.h"

namespace vmqkit::test {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The subcommands `vmqkit --help` lists (the lines under "Subcommands:").
std::vector<std::string> HelpSubcommands() {
  const CommandResult r = RunCommand({VmqkitPath(), "--help"});
  std::istringstream in(r.out);
  std::string line;
  std::vector<std::string> names;
  bool in_list = false;
  while (std::getline(in, line)) {
    if (line.rfind("Subcommands:", 0) == 0) {
      in_list = true;
    } else if (in_list && line.rfind("  ", 0) == 0) {
      names.push_back(line.substr(2, line.find(' ', 2) - 2));
    } else if (in_list) {
      break;
    }
  }
  return names;
}

std::string Generated(const std::string& relative) {
  return std::string(kBinDir) + "/../share/" + relative;
}

TEST(Version, NamesVersionCommitAbiAndNdisVersions) {
  const CommandResult r = RunCommand({VmqkitPath(), "--version"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind(std::string("vmqkit ") + kVersion + "\n", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("\ncommit: "), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("commit: \n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\nDUT ABI: v1 "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\nNDIS versions: 6.20 6.30 6.40 6.50 6.60 6.80 6.82 6.84\n"),
            std::string::npos)
      << r.out;
}

TEST(PluginByName, ConformFindsTheBuildTreesPluginByName) {
  TempDir dir;
  const CommandResult r = RunCommand({VmqkitPath(), "conform", "--dut", "minimal", "--suite",
                                      "capabilities", "--out", dir.path()});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("vmqkit conform: minimal ("), std::string::npos) << r.out;
}

TEST(PluginByName, AnUnknownNameListsWhereItLooked) {
  const CommandResult r = RunCommand({VmqkitPath(), "conform", "--dut", "no-such-plugin"});
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.err.find("libvmqkit_no-such-plugin_dut.so"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(std::string(kLibDir)), std::string::npos) << r.err;
}

TEST(ConformReports, KtapSarifAndJUnitOfAFailingPlugin) {
  // A mutant caught by capabilities.mandatory-flags: each report names that rule once.
  TempDir dir;
  const std::string ktap = dir.path() + "/r.ktap";
  const std::string sarif = dir.path() + "/r.sarif";
  const std::string junit = dir.path() + "/r.xml";
  const CommandResult r =
      RunCommand({VmqkitPath(), "conform", "--dut",
                  std::string(kLibDir) + "/mutants/libmutant_omits-msi-x-flag.so", "--suite",
                  "capabilities.mandatory-flags", "--out", dir.path() + "/out", "--ktap", ktap,
                  "--sarif", sarif, "--junit", junit});
  ASSERT_EQ(r.exit_code, 1) << r.out << r.err;
  const std::string k = ReadFile(ktap);
  EXPECT_EQ(k.rfind("KTAP version 1\n", 0), 0u) << k;
  EXPECT_NE(k.find("\nnot ok "), std::string::npos) << k;
  EXPECT_NE(k.find(" capabilities.mandatory-flags\n# rule "), std::string::npos) << k;
  const nlohmann::json log = nlohmann::json::parse(ReadFile(sarif));
  EXPECT_EQ(SarifShapeProblems(log), std::vector<std::string>{});
  const nlohmann::json& results = log["runs"][0]["results"];
  ASSERT_EQ(results.size(), 1u) << log.dump(2);
  EXPECT_EQ(results[0]["ruleId"], "capabilities.mandatory-flags");
  const std::string uri = results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
  EXPECT_EQ(uri.rfind("file://", 0), 0u) << uri;
  EXPECT_FALSE(ReadFile(uri.substr(7)).empty()) << "the counterexample " << uri;
  EXPECT_NE(ReadFile(junit).find("<failure type="), std::string::npos);
}

TEST(GeneratedDocs, ManPageHasEverySubcommandAndOption) {
  const std::string man = ReadFile(Generated("man/man1/vmqkit.1"));
  ASSERT_FALSE(man.empty());
  EXPECT_NE(man.find(".TH VMQKIT 1 "), std::string::npos);
  const std::vector<std::string> names = HelpSubcommands();
  ASSERT_GE(names.size(), 10u);
  for (const std::string& name : names) {
    std::string roff;  // a '-' is "\-" in roff
    for (const char c : name) roff += c == '-' ? std::string("\\-") : std::string(1, c);
    EXPECT_NE(man.find(".SS \"vmqkit " + roff + "\"\n"), std::string::npos) << name;
  }
  EXPECT_EQ(man.find(".SS \"vmqkit generate\\-docs\""), std::string::npos)
      << "the hidden subcommand is documented";
  for (const char* option : {"\\-\\-ktap", "\\-\\-sarif", "\\-\\-junit", "\\-\\-shard"}) {
    EXPECT_NE(man.find(option), std::string::npos) << option;
  }
}

// Runs the generated bash completion for the words typed so far; returns its candidates.
std::set<std::string> BashComplete(const std::string& words, int index) {
  const std::string script = "source '" + Generated("bash-completion/completions/vmqkit") +
                             "'; COMP_WORDS=(" + words + "); COMP_CWORD=" + std::to_string(index) +
                             "; _vmqkit; printf '%s\\n' \"${COMPREPLY[@]}\"";
  const CommandResult r = RunCommand({"/bin/bash", "-c", script});
  std::set<std::string> out;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.insert(line);
  }
  return out;
}

TEST(GeneratedDocs, BashCompletionCompletesSubcommandsAndTheirOptions) {
  EXPECT_EQ(BashComplete("vmqkit con", 1), (std::set<std::string>{"conform"}));
  EXPECT_EQ(BashComplete("vmqkit conform --s", 2),
            (std::set<std::string>{"--suite", "--seed", "--steps", "--strict", "--shard",
                                   "--step-timeout-ms", "--sarif"}));
  EXPECT_EQ(BashComplete("vmqkit lint-inf --n", 2), (std::set<std::string>{"--ndis"}));
  EXPECT_TRUE(BashComplete("vmqkit gen", 1).empty()) << "the hidden subcommand completes";
  const std::set<std::string> all = BashComplete("vmqkit ''", 1);
  for (const std::string& name : HelpSubcommands()) EXPECT_TRUE(all.count(name)) << name;
}

TEST(GeneratedDocs, ZshCompletionDescribesEverySubcommand) {
  const std::string zsh = ReadFile(Generated("zsh/vendor-completions/_vmqkit"));
  EXPECT_EQ(zsh.rfind("#compdef vmqkit\n", 0), 0u);
  for (const std::string& name : HelpSubcommands()) {
    EXPECT_NE(zsh.find("\n    '" + name + ":"), std::string::npos) << name;
    EXPECT_NE(zsh.find("\n    " + name + ")\n"), std::string::npos) << name;
  }
  EXPECT_NE(zsh.find("'--ktap[write a KTAP version 1 report to FILE]:TEXT:_files'"),
            std::string::npos);
}

}  // namespace
}  // namespace vmqkit::test
