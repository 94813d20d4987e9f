// `vmqkit conform --json -` end to end: stdout carries exactly one JSON document, whatever the
// environment of RapidCheck (the generator conform uses) says.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "cli/tests/run_command.h"
#include "cli/tests/temp_dir.h"

namespace vmqkit::test {
namespace {

// Sets an environment variable for the children this test starts; restores it afterwards.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    setenv(name, value, 1);
  }
  ~ScopedEnv() {
    if (old_) {
      setenv(name_, old_->c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

// One check that draws its command streams from RapidCheck (in its own check process), so the
// test stays short under the sanitizers.
CommandResult ConformJson(const TempDir& dir, const std::string& seed) {
  return RunCommand({VmqkitPath(), "conform", "--json", "-", "--suite", "lifecycle.random-streams",
                     "--seed", seed, "--steps", "400", "--out", dir.path() + "/out"});
}

TEST(ConformCli, JsonToStdoutIsExactlyOneJsonDocument) {
  TempDir dir;
  const CommandResult r = ConformJson(dir, "7");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  // accept() takes the whole text: anything before or after the one document makes it false.
  ASSERT_TRUE(nlohmann::json::accept(r.out)) << r.out;
  const nlohmann::json report = nlohmann::json::parse(r.out);
  EXPECT_EQ(report["seed"], 7);
  ASSERT_EQ(report["checks"].size(), 1u);
  EXPECT_EQ(report["checks"][0]["verdict"], "pass");
}

TEST(ConformCli, RapidCheckConfigurationIsNeitherPrintedNorRead) {
  TempDir dir;
  // A configuration RapidCheck cannot parse makes it exit(1) once it loads its configuration,
  // and a valid one makes it print "Using configuration"; conform's streams depend on --seed alone.
  for (const char* params :
       {"seed=not-a-number", "seed=1 verbose_progress=1 verbose_shrinking=1"}) {
    const ScopedEnv env("RC_PARAMS", params);
    const CommandResult r = ConformJson(dir, "7");
    EXPECT_EQ(r.exit_code, 0) << params << "\n" << r.out << r.err;
    EXPECT_TRUE(nlohmann::json::accept(r.out)) << params << "\n" << r.out;
    EXPECT_EQ(r.err.find("configuration"), std::string::npos) << params << "\n" << r.err;
  }
}

TEST(ConformCli, SameSeedGivesTheSameReportWhateverRcParamsSays) {
  TempDir dir;
  const auto checks_of = [&](const char* params) {
    const ScopedEnv env("RC_PARAMS", params);
    nlohmann::json report = nlohmann::json::parse(ConformJson(dir, "11").out, nullptr, false);
    nlohmann::json steps = nlohmann::json::array();
    if (!report.is_object()) return steps;
    for (const auto& c : report["checks"]) steps.push_back({c["check"], c["steps"], c["note"]});
    return steps;
  };
  const nlohmann::json a = checks_of("seed=1");
  EXPECT_FALSE(a.empty());
  EXPECT_EQ(a, checks_of("seed=999 max_success=3"));
}

// The default run (seed 1, every suite, the default budget) closes every declared coverage bin
// (issue 19 point 21): `--require-coverage` exits 0 and the table shows no open bin.
TEST(ConformCli, DefaultRunClosesEveryCoverageBin) {
  TempDir dir;
  const CommandResult r = RunCommand(
      {VmqkitPath(), "conform", "--coverage", "--require-coverage", "--out", dir.path() + "/out"},
      std::chrono::seconds(600));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  const std::size_t table = r.out.find("Functional coverage");
  ASSERT_NE(table, std::string::npos) << r.out;
  const std::string coverage = r.out.substr(table);
  // Every group line ends in "-" (no open bin), and the total is N/N.
  std::size_t lines = 0;
  for (std::size_t at = coverage.find('\n'); at != std::string::npos;
       at = coverage.find('\n', at + 1)) {
    const std::size_t end = coverage.find('\n', at + 1);
    const std::string line = coverage.substr(at + 1, end == std::string::npos ? end : end - at - 1);
    if (line.empty() || line.rfind("coverage group", 0) == 0 || line.rfind("total", 0) == 0) {
      continue;
    }
    ++lines;
    EXPECT_EQ(line.back(), '-') << line;
  }
  EXPECT_GE(lines, 10u) << coverage;
}

// A run of one suite leaves bins open: --require-coverage makes that exit 1 and names them,
// and the JSON report carries the same bins.
TEST(ConformCli, RequireCoverageFailsAndNamesOpenBins) {
  TempDir dir;
  const CommandResult r = RunCommand(
      {VmqkitPath(), "conform", "--suite", "keywords.decision-table-rows", "--require-coverage",
       "--json", dir.path() + "/report.json", "--out", dir.path() + "/out"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("coverage bin"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("frame "), std::string::npos) << r.out;
  std::ifstream in(dir.path() + "/report.json");
  const nlohmann::json report = nlohmann::json::parse(in, nullptr, false);
  ASSERT_TRUE(report.is_object());
  ASSERT_TRUE(report.contains("coverage"));
  EXPECT_LT(report["coverage"]["closed"].get<std::size_t>(),
            report["coverage"]["total"].get<std::size_t>());
  EXPECT_GT(report["coverage"]["groups"]["ndis-version"]["6.30"].get<std::uint64_t>(), 0u);
  EXPECT_EQ(report["coverage"]["groups"]["frame"]["unicast, untagged"], 0);
}

// The mutant that leaves MSI_X_SUPPORTED out, beside the built command (build/<preset>/lib).
std::string MsiXMutant() {
  const std::string vmqkit = VmqkitPath();
  return vmqkit.substr(0, vmqkit.rfind("/bin/")) + "/lib/mutants/libmutant_omits-msi-x-flag.so";
}

// `--waive capabilities.hardware.msi-x`: the capability check passes, the report says what was
// waived and in how many checks; without it the same run fails.
TEST(ConformCli, WaiveLetsAKnownCapabilityDefectPassAndSaysSo) {
  TempDir dir;
  const std::vector<std::string> base = {VmqkitPath(), "conform",      "--dut", MsiXMutant(),
                                         "--suite",    "capabilities", "--out", dir.path()};
  const CommandResult failing = RunCommand(base);
  EXPECT_EQ(failing.exit_code, 1) << failing.out << failing.err;
  std::vector<std::string> waived = base;
  for (const char* arg : {"--waive", "capabilities.hardware.msi-x", "--json", "report.json"}) {
    waived.emplace_back(arg);
  }
  waived.back() = dir.path() + "/report.json";
  const CommandResult r = RunCommand(waived);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("WAIVED capabilities.hardware.msi-x"), std::string::npos) << r.out;
  std::ifstream in(dir.path() + "/report.json");
  const nlohmann::json report = nlohmann::json::parse(in, nullptr, false);
  ASSERT_TRUE(report.is_object());
  EXPECT_EQ(report["waived"], nlohmann::json::array({"capabilities.hardware.msi-x"}));
  bool listed = false;
  for (const nlohmann::json& check : report["checks"]) {
    listed = listed || check.value("waived", nlohmann::json::array()).size() == 1;
  }
  EXPECT_TRUE(listed) << report.dump(2);
}

// Only a capability rule can be waived: anything else is a usage error naming the option.
TEST(ConformCli, WaivingARuleOutsideCapabilitiesIsAnInputError) {
  TempDir dir;
  const CommandResult r =
      RunCommand({VmqkitPath(), "conform", "--waive", "filter.max-filters", "--out", dir.path()});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("--waive \"filter.max-filters\""), std::string::npos) << r.err;
}

}  // namespace
}  // namespace vmqkit::test
