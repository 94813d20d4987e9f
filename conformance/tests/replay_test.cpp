// `vmqkit replay FILE --dut LIB` (issue 6 "done when"): a counterexample written by a run fails
// again on the DUT that produced it, at its last step and with the same rule; the correct DUT
// replays it without divergence; and the model-only replay accepts the same file (its
// engine-side fields "deliver" and "hold" included).
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "conformance/plugin.h"
#include "conformance/replay.h"
#include "conformance/runner.h"
#include "formats/scenario_runner.h"
#include "reference/dut_ops.h"

namespace vmqkit::conformance {
namespace {

// Joined by append: GCC 12 at -O1 misreads operator+ on a short temporary string as an
// out-of-bounds copy (-Warray-bounds), which -Werror turns into a build failure.
std::string PathIn(std::string_view dir, std::string_view file) {
  std::string path(dir);
  path.append(file);
  return path;
}

DeviceFactory FactoryOf(const vmqkit_dut_ops* ops) {
  return [ops](const PlatformSpec& platform) -> std::unique_ptr<Device> {
    return PluginDevice::Create(ops, platform);
  };
}

struct Counterexample {
  std::string path;
  Finding finding;
};

// Runs one check on a reference mutant and returns the counterexample file it wrote.
Counterexample CounterexampleOf(const LoadedDut& dut, const std::string& check,
                                const std::string& dir) {
  RunOptions o;
  o.steps = 600;
  o.isolate = false;
  o.suites = {check};
  o.out_dir = ::testing::TempDir() + "/" + dir;
  const RunReport report = RunConformance(dut.ops(), dir, o);
  for (const auto& c : report.checks) {
    if (c.name == check && c.result.finding) return {c.counterexample_path, *c.result.finding};
  }
  ADD_FAILURE() << check << " did not fail on " << dir;
  return {};
}

std::unique_ptr<LoadedDut> Mutant(const std::string& name) {
  auto dut = LoadDut(PathIn(VMQKIT_MUTANT_DIR, "/libmutant_reference_" + name + ".so"));
  EXPECT_TRUE(dut.ok()) << ToString(dut.error());
  return dut ? std::move(*dut) : nullptr;
}

void ExpectReproduced(const std::string& mutant, const std::string& check) {
  auto dut = Mutant(mutant);
  ASSERT_NE(dut, nullptr);
  const Counterexample ce = CounterexampleOf(*dut, check, "replay-" + mutant);
  ASSERT_FALSE(ce.path.empty());
  auto steps = formats::LoadScenario(ce.path);
  ASSERT_TRUE(steps.ok()) << ToString(steps.error());

  auto on_mutant = ReplayOnDut(*steps, ce.path, FactoryOf(dut->ops()), {});
  ASSERT_TRUE(on_mutant.ok()) << ToString(on_mutant.error());
  ASSERT_TRUE(on_mutant->finding.has_value()) << ToText(*on_mutant);
  EXPECT_EQ(on_mutant->finding->rule, ce.finding.rule);
  EXPECT_EQ(on_mutant->finding->message, ce.finding.message);
  EXPECT_EQ(on_mutant->steps.back().line, on_mutant->finding_line);
  EXPECT_NE(ToText(*on_mutant).find("DIVERGENCE"), std::string::npos);
  EXPECT_FALSE(ToJson(*on_mutant)["ok"].get<bool>());

  auto on_reference = ReplayOnDut(*steps, ce.path, FactoryOf(&reference::DutOps()), {});
  ASSERT_TRUE(on_reference.ok()) << ToString(on_reference.error());
  EXPECT_FALSE(on_reference->finding.has_value()) << ToText(*on_reference);

  // The model-only replay (`vmqkit replay FILE`) reads the same file.
  auto model_only = formats::RunScenario(*steps, ce.path);
  EXPECT_TRUE(model_only.ok()) << ToString(model_only.error());
}

TEST(Replay, CounterexampleOfPendedFreeFailsAgainOnItsDutOnly) {
  ExpectReproduced("completes-free-with-outstanding", "lifecycle.free-pends-while-outstanding");
}

TEST(Replay, CounterexampleWithDirectDeliveryFailsAgainOnItsDutOnly) {
  ExpectReproduced("accepts-short-buffer", "robustness.malformed-buffers");
}

TEST(Replay, GeneratedStreamCounterexampleFailsAgain) {
  ExpectReproduced("indicates-frame-twice", "route.targeted-frames");
}

TEST(Replay, BadStepIsAnInputErrorWithItsLine) {
  auto steps = formats::ParseScenario(
      "{\"step\":\"configure\",\"ndis\":\"6.30\"}\n{\"step\":\"rx\",\"hex\":\"00\"}\n", "x.jsonl");
  ASSERT_TRUE(steps.ok());
  auto report = ReplayOnDut(*steps, "x.jsonl", FactoryOf(&reference::DutOps()), {});
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().where.line, 2u);
}

}  // namespace
}  // namespace vmqkit::conformance
