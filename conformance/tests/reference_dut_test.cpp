// The reference miniport is the suite's first real DUT (issue 6 "done when"): it passes every
// check linked in and as the loadable plug-in, under the default and the strict judgement.
#include <gtest/gtest.h>

#include "conformance/plugin.h"
#include "conformance/runner.h"
#include "reference/dut_ops.h"

namespace vmqkit::conformance {
namespace {

RunOptions Quick() {
  RunOptions o;
  o.steps = 1'500;
  o.seed = 11;
  o.isolate = false;
  return o;
}

void ExpectAllPass(const RunReport& report) {
  for (const auto& c : report.checks) {
    EXPECT_EQ(c.result.verdict, Verdict::kPass)
        << c.name << ": "
        << (c.result.finding ? c.result.finding->rule + " " + c.result.finding->message : "");
  }
  EXPECT_EQ(report.checks.size(), Checks().size());
}

TEST(ReferenceDut, PassesEveryCheckLinkedIn) {
  ExpectAllPass(RunConformance(&reference::DutOps(), "reference", Quick()));
}

TEST(ReferenceDut, PassesEveryCheckOn82599Profile) {
  ExpectAllPass(RunConformance(&reference::DutOps(hwref::ProfileKind::k82599), "82599", Quick()));
}

TEST(ReferenceDut, PluginLoadsAndPassesEveryCheck) {
  auto dut = LoadDut(std::string(VMQKIT_PLUGIN_DIR) + "/libvmqkit_reference_dut.so");
  ASSERT_TRUE(dut.ok()) << ToString(dut.error());
  RunOptions o = Quick();
  o.isolate = true;
  ExpectAllPass(RunConformance((*dut)->ops(), "reference plug-in", o));
}

}  // namespace
}  // namespace vmqkit::conformance
