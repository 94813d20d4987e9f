// Model-checked steps per second (issue 6 "Performance"): the conformance engine driving the
// spec model and the reference miniport in lockstep, every step compared. One benchmark per
// generated stream family, plus the whole default run; in-process (no fork) so the figure is the
// engine's, not the runner's process isolation.
#include <benchmark/benchmark.h>

#include <string>

#include "conformance/runner.h"
#include "reference/dut_ops.h"

namespace vmqkit::bench {
namespace {

void RunChecks(benchmark::State& state, const std::string& selection) {
  conformance::RunOptions options;
  options.isolate = false;
  options.steps = static_cast<std::size_t>(state.range(0));
  if (!selection.empty()) options.suites = {selection};
  std::size_t steps = 0;
  for (auto _ : state) {
    const conformance::RunReport report =
        conformance::RunConformance(&reference::DutOps(), "reference", options);
    if (report.failed()) {
      state.SkipWithError("the reference failed a check; run `vmqkit conform`");
      return;
    }
    steps += report.steps;
  }
  state.counters["steps"] =
      benchmark::Counter(static_cast<double>(steps) / static_cast<double>(state.iterations()));
  state.counters["steps_per_s"] =
      benchmark::Counter(static_cast<double>(steps), benchmark::Counter::kIsRate);
}

void BM_ConformLifecycleStreams(benchmark::State& state) {
  RunChecks(state, "lifecycle.random-streams");
}
void BM_ConformRandomRouting(benchmark::State& state) {
  RunChecks(state, "route.random-frames");
}
void BM_ConformDefaultRun(benchmark::State& state) {
  RunChecks(state, "");
}

BENCHMARK(BM_ConformLifecycleStreams)->Arg(2'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ConformRandomRouting)->Arg(2'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ConformDefaultRun)->Arg(10'000)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
}  // namespace vmqkit::bench
