// `vmqkit lint-inf` end to end: exit codes, compiler-like lines, JSON and a SARIF file.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "cli/tests/run_command.h"
#include "cli/tests/temp_dir.h"
#include "vmqkit/test_paths.h"

namespace vmqkit::test {
namespace {

// A VMQ-capable INF whose *VMQ default is not a documented value: an error finding.
const std::string kBadInf =
    "[Version]\r\nSignature=\"$WINDOWS NT$\"\r\nClass=Net\r\n"
    "ClassGuid={4d36e972-e325-11ce-bfc1-08002be10318}\r\n\r\n"
    "[Manufacturer]\r\n%Mfg%=Models,NTamd64\r\n\r\n[Models.NTamd64]\r\n%Dev%=Dev.ndi,PCI\\VEN_1234\r\n\r\n"
    "[Dev.ndi]\r\nAddReg=Vmq.reg\r\n\r\n[Vmq.reg]\r\n"
    "HKR, Ndi\\params\\*VMQ, ParamDesc, 0, \"Virtual Machine Queues\"\r\n"
    "HKR, Ndi\\params\\*VMQ, Default, 0, \"7\"\r\n"
    "HKR, Ndi\\params\\*VMQ, type, 0, \"enum\"\r\n"
    "HKR, Ndi\\params\\*VMQ\\enum, \"0\", 0, \"Disabled\"\r\n"
    "HKR, Ndi\\params\\*VMQ\\enum, \"1\", 0, \"Enabled\"\r\n\r\n"
    "[Strings]\r\nMfg=\"Example\"\r\nDev=\"Example NIC\"\r\n";

TEST(LintInfCli, RealSampleInfHasNoErrorsExit0) {
  const std::string inf = std::string(kSharedDir) + "/inf/netvmini60.inf";
  const CommandResult r = RunCommand({VmqkitPath(), "lint-inf", inf});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

TEST(LintInfCli, ErrorFindingExit1WithCompilerLikeLine) {
  TempDir dir;
  const std::string inf = dir.Write("bad.inf", kBadInf);
  const CommandResult r = RunCommand({VmqkitPath(), "lint-inf", inf});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find(inf + ":"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("error: ["), std::string::npos) << r.out;
}

TEST(LintInfCli, JsonAndSarifOutputs) {
  TempDir dir;
  const std::string inf = dir.Write("bad.inf", kBadInf);
  const CommandResult json = RunCommand({VmqkitPath(), "lint-inf", inf, "--json"});
  EXPECT_EQ(json.exit_code, 1);
  EXPECT_TRUE(nlohmann::json::accept(json.out)) << json.out;
  const std::string sarif = dir.path() + "/out.sarif";
  const CommandResult s = RunCommand({VmqkitPath(), "lint-inf", inf, "--sarif", sarif});
  EXPECT_EQ(s.exit_code, 1);
  std::ifstream in(sarif);
  const nlohmann::json log = nlohmann::json::parse(std::string(std::istreambuf_iterator<char>(in), {}));
  EXPECT_EQ(log["version"], "2.1.0");
  EXPECT_FALSE(log["runs"][0]["results"].empty());
}

TEST(LintInfCli, MissingFileAndBadNdisExit2) {
  EXPECT_EQ(RunCommand({VmqkitPath(), "lint-inf", "/nonexistent.inf"}).exit_code, 2);
  const std::string inf = std::string(kSharedDir) + "/inf/netvmini60.inf";
  EXPECT_EQ(RunCommand({VmqkitPath(), "lint-inf", inf, "--ndis", "seven"}).exit_code, 2);
}

}  // namespace
}  // namespace vmqkit::test
