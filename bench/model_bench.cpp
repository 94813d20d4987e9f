// The spec model's routing (spec::Route, the readable oracle) on the filter-path task: frame
// parsing, every filter's tests, the permitted set and the recommended outcome, per frame. And
// the same routing with the filters indexed by address (spec::RouteFilters), as the model runs
// it in the conformance suite.
#include <benchmark/benchmark.h>

#include <vector>

#include "bench/bench_support.h"
#include "bench/model_oracle.h"

namespace vmqkit::bench {
namespace {

void BM_SpecModelRoute(benchmark::State& state) {
  const FilterTask& task = TaskOfSize(static_cast<std::uint32_t>(state.range(0)));
  const spec::RouteState route_state = RouteStateOf(task);
  // The oracle is checked like every other implementation (a fresh RouteState, the same answers).
  std::vector<std::uint32_t> answers;
  for (std::size_t i = 0; i < task.frame_count(); ++i) {
    answers.push_back(ModelQueue(route_state, task.frame(i)));
  }
  if (!CheckAnswers(state, task, answers, "spec model")) return;
  PairedRun(task).Run(state, [&](std::size_t first) {
    for (std::size_t k = 0; k < kBatch; ++k) {
      benchmark::DoNotOptimize(spec::Route(route_state, task.frame(first + k)));
    }
  });
}

BENCHMARK(BM_SpecModelRoute)->Apply(ScanSizes)->UseManualTime();

void BM_SpecModelRouteIndexed(benchmark::State& state) {
  const FilterTask& task = TaskOfSize(static_cast<std::uint32_t>(state.range(0)));
  const spec::RouteState route_state = RouteStateOf(task);
  const spec::RouteFilters filters(route_state.filters);
  std::vector<std::uint32_t> answers;
  for (std::size_t i = 0; i < task.frame_count(); ++i) {
    const spec::RouteResult r = spec::Route(route_state.queues, filters, task.frame(i));
    answers.push_back(r.strict.drop ? kDroppedQueue : r.strict.queue_id);
  }
  if (!CheckAnswers(state, task, answers, "spec model, indexed")) return;
  PairedRun(task).Run(state, [&](std::size_t first) {
    for (std::size_t k = 0; k < kBatch; ++k) {
      benchmark::DoNotOptimize(spec::Route(route_state.queues, filters, task.frame(first + k)));
    }
  });
}

BENCHMARK(BM_SpecModelRouteIndexed)->Apply(AllSizes)->UseManualTime();

}  // namespace
}  // namespace vmqkit::bench
