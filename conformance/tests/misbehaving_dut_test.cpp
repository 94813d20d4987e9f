// DUTs that break the DUT ABI: the runner survives each one (the check runs in a child process),
// reports a failure with the rule, a message and the scenario that led there, and runs the
// remaining checks.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <unistd.h>

#include "conformance/plugin.h"
#include "conformance/runner.h"
#include "duts/misbehaving/misbehaving_dut.h"

namespace vmqkit::conformance {
namespace {

using duts::misbehaving::Misbehaviour;

// A check each misbehaviour leaves alone (it only initializes), and checks that reach the point
// where each one misbehaves (allocate, query, receive).
const std::vector<std::string> kChecks = {"capabilities.hardware-complete",
                                          "lifecycle.set-then-complete", "route.targeted-frames"};

// A short step limit only for the DUT that hangs: a crashing child under a sanitizer takes time to
// write its report, and that must still count as a crash.
RunReport RunMisbehaving(Misbehaviour m, std::size_t jobs = 1) {
  RunOptions o;
  o.jobs = jobs;
  o.suites = kChecks;
  o.steps = 100;
  o.step_timeout_ms = m == Misbehaviour::kHang ? 500 : 30'000;
  return RunConformance(duts::misbehaving::MisbehavingDutOps(m),
                        std::string(duts::misbehaving::ToString(m)), o);
}

const CheckRecord* Find(const RunReport& report, const std::string& name) {
  for (const CheckRecord& c : report.checks) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

void ExpectSurvivedAndReported(const RunReport& report, const std::string& failing_check,
                               const std::string& rule_prefix) {
  // The run finished: every selected check has a record.
  ASSERT_EQ(report.checks.size(), kChecks.size());
  EXPECT_TRUE(report.failed());
  const CheckRecord* untouched = Find(report, "capabilities.hardware-complete");
  ASSERT_NE(untouched, nullptr);
  EXPECT_EQ(untouched->result.verdict, Verdict::kPass) << untouched->result.note;
  const CheckRecord* failing = Find(report, failing_check);
  ASSERT_NE(failing, nullptr);
  ASSERT_EQ(failing->result.verdict, Verdict::kFail);
  ASSERT_TRUE(failing->result.finding.has_value());
  EXPECT_EQ(failing->result.finding->rule.rfind(rule_prefix, 0), 0u)
      << failing->result.finding->rule << ": " << failing->result.finding->message;
  EXPECT_FALSE(failing->result.finding->message.empty());
  std::cout << failing_check << ": " << failing->result.finding->rule << ": "
            << failing->result.finding->message << "\n";
  // The scenario that led there, for `vmqkit replay`.
  EXPECT_FALSE(failing->result.scenario.empty());
}

TEST(MisbehavingDut, SegfaultInReceiveIsACrashFindingAndTheRunGoesOn) {
  ExpectSurvivedAndReported(RunMisbehaving(Misbehaviour::kSegfault), "route.targeted-frames",
                            "dut.crash");
}

// A finding the plug-in reports itself (the NDIS host's dut.unsupported-call) is the check's
// finding, not a dut.crash, with the scenario that led there.
TEST(MisbehavingDut, AFindingThePlugInReportsIsTheChecksFindingAndTheRunGoesOn) {
  ExpectSurvivedAndReported(RunMisbehaving(Misbehaviour::kReportsFinding), "route.targeted-frames",
                            "dut.unsupported-call");
}

TEST(MisbehavingDut, AbortInAllocateQueueIsACrashFindingAndTheRunGoesOn) {
  ExpectSurvivedAndReported(RunMisbehaving(Misbehaviour::kAbort), "lifecycle.set-then-complete",
                            "dut.crash");
}

TEST(MisbehavingDut, HangInAllocateQueueIsAHangFindingAndTheRunGoesOn) {
  ExpectSurvivedAndReported(RunMisbehaving(Misbehaviour::kHang), "lifecycle.set-then-complete",
                            "dut.hang");
}

// Checks in parallel children (`vmqkit conform -j`): a crash or a hang in one child is that
// check's finding, the others run to their end, and the report keeps the check order.
TEST(MisbehavingDut, CrashAndHangFindingsHoldWithChecksInParallel) {
  ExpectSurvivedAndReported(RunMisbehaving(Misbehaviour::kSegfault, 3), "route.targeted-frames",
                            "dut.crash");
  const RunReport hang = RunMisbehaving(Misbehaviour::kHang, 3);
  ExpectSurvivedAndReported(hang, "lifecycle.set-then-complete", "dut.hang");
  ASSERT_EQ(hang.checks.size(), kChecks.size());
  for (std::size_t i = 0; i < kChecks.size(); ++i) EXPECT_EQ(hang.checks[i].name, kChecks[i]);
}

TEST(MisbehavingDut, WritePastTheOutputBufferIsAFinding) {
  ExpectSurvivedAndReported(RunMisbehaving(Misbehaviour::kWritePastBuffer),
                            "lifecycle.set-then-complete", "buffer.write-past-end");
}

TEST(MisbehavingDut, BytesWrittenBeyondTheBufferIsAFinding) {
  ExpectSurvivedAndReported(RunMisbehaving(Misbehaviour::kOverReportBytesWritten),
                            "lifecycle.set-then-complete", "buffer.bytes-written-within-buffer");
}

TEST(MisbehavingDut, IndicationOnANeverAllocatedQueueIsAFinding) {
  ExpectSurvivedAndReported(RunMisbehaving(Misbehaviour::kIndicateUnallocatedQueue),
                            "route.targeted-frames", "route.");
}

TEST(MisbehavingDut, CompletingAnUnpendedRequestFromInsideTheCallIsAFinding) {
  ExpectSurvivedAndReported(RunMisbehaving(Misbehaviour::kReentrantCallback),
                            "lifecycle.set-then-complete", "");
}

TEST(PluginLoader, ANameWithoutASlashIsTheFileNamedNotALibrarySearch) {
  // dlopen("x.so") searches the library path; the user means the file x.so here.
  const std::string name = "vmqkit-not-a-plugin-" + std::to_string(::getpid()) + ".so";
  std::ofstream(name) << "text, not ELF\n";
  auto loaded = LoadDut(name);
  std::remove(name.c_str());
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().where.file, name);
  EXPECT_EQ(loaded.error().message.find("No such file"), std::string::npos)
      << loaded.error().message;
}

}  // namespace
}  // namespace vmqkit::conformance
