// `vmqkit conform -j`: checks run in several children at once, and every report is the same as
// with one child at a time apart from its timing fields (docs/conformance.md, "Running checks in
// parallel"), on a DUT that passes and on one with findings in many checks.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include "conformance/plugin.h"
#include "conformance/runner.h"
#include "reference/dut_ops.h"

namespace vmqkit::conformance {
namespace {

// Every report a run writes, timing fields removed (JSON "seconds", JUnit time="..."), and the
// counterexample files it wrote.
std::string Reports(const vmqkit_dut_ops* ops, std::size_t jobs, const std::string& out_dir) {
  std::filesystem::remove_all(out_dir);
  RunOptions o;
  o.steps = 1'500;
  o.jobs = jobs;
  o.out_dir = out_dir;
  const RunReport report = RunConformance(ops, "dut", o);
  nlohmann::json json = ToJson(report);
  json.erase("seconds");
  for (auto& check : json["checks"]) check.erase("seconds");
  std::string out = json.dump(1) + "\n" + ToKtap(report) + ToSarif(report, "test").dump(1) + "\n" +
                    std::regex_replace(ToJUnit(report), std::regex(R"( time="[0-9.]+")"), "") +
                    SummaryTable(report);
  for (const CheckRecord& c : report.checks) {
    if (c.counterexample_path.empty()) continue;
    std::ifstream in(c.counterexample_path);
    std::stringstream text;
    text << in.rdbuf();
    out += "== " + c.counterexample_path + "\n" + text.str();
  }
  return out;
}

// A directory of this process's own: other test processes (other build trees' ctest runs too)
// share TempDir(), and a run removes its directory first.
std::string Scratch(const std::string& name) {
  return ::testing::TempDir() + "/" + name + "-" + std::to_string(::getpid());
}

TEST(ParallelRun, TwoJobsReportTheReferenceAsOneJobDoes) {
  const std::string dir = Scratch("parallel-reference");
  const std::string one = Reports(&reference::DutOps(), 1, dir);
  EXPECT_EQ(Reports(&reference::DutOps(), 2, dir), one);
  EXPECT_NE(one.find("\"failed\": 0"), std::string::npos) << one.substr(0, 400);
  std::filesystem::remove_all(dir);
}

// A mutant that fails many checks: the findings, counterexample files and their order are the
// same whichever child ends first.
TEST(ParallelRun, ThreeJobsReportAMutantsFindingsAsOneJobDoes) {
  std::string library(VMQKIT_MUTANT_DIR);
  library.append("/libmutant_reference_indicates-frame-twice.so");
  auto dut = LoadDut(library);
  ASSERT_TRUE(dut.ok()) << ToString(dut.error());
  const std::string dir = Scratch("parallel-mutant");
  const std::string one = Reports((*dut)->ops(), 1, dir);
  EXPECT_EQ(Reports((*dut)->ops(), 3, dir), one);
  EXPECT_NE(one.find("route.one-indication-per-frame"), std::string::npos);
  EXPECT_NE(one.find("== " + dir), std::string::npos);  // counterexamples were written
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace vmqkit::conformance
