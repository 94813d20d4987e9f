// The hardware reference's receive decision on the filter-path task (bench/filter_task.h): the
// readable path (walks the registers per frame) and the fast path (decoded tables, batch
// Classify), with the task's filters programmed as a VMQ miniport programs them
// (bench/hwref_setup.h). Both answer with a hardware queue; the check maps it to the task's queue.
#include <benchmark/benchmark.h>

#include <vector>

#include "bench/bench_support.h"
#include "bench/hwref_setup.h"
#include "hwref/readable_path.h"

namespace vmqkit::bench {
namespace {

void BM_HwrefReadablePath(benchmark::State& state) {
  const FilterTask& task = TaskOfSize(static_cast<std::uint32_t>(state.range(0)));
  auto nic = ProgramHwref(task);
  const std::vector<hwref::Frame> frames = FramesOf(task);
  std::vector<hwref::QueueId> ids;
  for (hwref::Frame f : frames) ids.push_back(Summarize(DecideReadable(nic->registers(), f)));
  if (!CheckAnswers(state, task, TaskQueuesOf(*nic, ids), "hwref readable path")) return;
  PairedRun(task).Run(state, [&](std::size_t first) {
    for (std::size_t k = 0; k < kBatch; ++k) {
      benchmark::DoNotOptimize(DecideReadable(nic->registers(), frames[first + k]));
    }
  });
}

// A fast path's timed loop (the device's own, or one batch loop forced), after its answers are
// checked; false when they differ from the model's.
bool RunFastPath(benchmark::State& state, const FilterTask& task, const hwref::Nic& nic,
                 const hwref::FastPath& fast) {
  const std::vector<hwref::Frame> frames = FramesOf(task);
  std::vector<hwref::QueueId> ids(frames.size());
  fast.Classify(frames, ids);
  if (!CheckAnswers(state, task, TaskQueuesOf(nic, ids), "hwref fast path")) return false;
  std::vector<hwref::QueueId> out(kBatch);
  PairedRun(task).Run(state, [&](std::size_t first) {
    fast.Classify(std::span(frames).subspan(first, kBatch), out);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  });
  return true;
}

void BM_HwrefFastPath(benchmark::State& state) {
  const FilterTask& task = TaskOfSize(static_cast<std::uint32_t>(state.range(0)));
  auto nic = ProgramHwref(task);
  const hwref::FastPath& fast = nic->fast_path();
  // Paired with itself as well: fast_x near 1 shows the pairing favours neither side.
  if (!RunFastPath(state, task, *nic, fast)) return;
  const hwref::FastPath::MemoryUse memory = fast.memory();
  state.counters["bytes/filter"] =
      static_cast<double>(memory.per_filter_bytes) / static_cast<double>(task.filters().size());
  state.counters["fixed_bytes"] = static_cast<double>(memory.fixed_bytes);
}

// Each batch-loop form of the fast path (FastPath::Lookups) this CPU runs, on the task sizes:
// what the run-time choice gains over the forms other CPUs get. Arguments: form, N.
void BM_HwrefFastPathLookups(benchmark::State& state) {
  const auto lookups = static_cast<hwref::FastPath::Lookups>(state.range(0));
  const FilterTask& task = TaskOfSize(static_cast<std::uint32_t>(state.range(1)));
  auto nic = ProgramHwref(task);
  hwref::FastPath fast(nic->registers());
  if (!fast.UseLookups(lookups)) {
    state.SkipWithError("this CPU lacks the instructions of this form");
    return;
  }
  RunFastPath(state, task, *nic, fast);
}

void LookupForms(benchmark::internal::Benchmark* b) {
  b->ArgNames({"form", "N"});
  for (std::int64_t form : {0, 1, 2}) {
    for (std::int64_t n : {16, 4096, 65536}) b->Args({form, n});
  }
}

BENCHMARK(BM_HwrefReadablePath)->Apply(HwrefSizes)->UseManualTime();
BENCHMARK(BM_HwrefFastPath)->Apply(HwrefSizes)->UseManualTime();
BENCHMARK(BM_HwrefFastPathLookups)->Apply(LookupForms)->UseManualTime();

}  // namespace
}  // namespace vmqkit::bench
