// `vmqkit conform --json -` end to end: stdout carries exactly one JSON document, whatever the
// environment of RapidCheck (the generator conform uses) says.
#include <gtest/gtest.h>

#include <cstdlib>
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

}  // namespace
}  // namespace vmqkit::test
