// The reference miniport end to end through the DUT ABI (vmqkit::reference::DutOps()): a burst
// of kBatch wire frames goes through one receive_batch call, hwref's pipeline and descriptor
// rings, and comes back as indications with their queue ids, returned after each burst; the same
// with one receive call per frame (the ABI before receive_batch); the null DUT through the same
// host (bench/null_dut.h), the DUT path's own cost. And the OID path: SET_FILTER + CLEAR_FILTER
// pairs, and the live migration of 256 guests between adapters.
#include <benchmark/benchmark.h>

#include <chrono>

#include "bench/bench_support.h"
#include "bench/dut_measure.h"
#include "bench/null_dut.h"
#include "reference/dut_ops.h"

namespace vmqkit::bench {
namespace {

// The task through `ops`, a burst per timed batch; `batched` false: one receive call per frame.
void DutEndToEnd(benchmark::State& state, const vmqkit_dut_ops& ops, bool checked, bool batched) {
  const FilterTask& task = TaskOfSize(static_cast<std::uint32_t>(state.range(0)));
  DutHost host(ops, DutHostOptions{});
  const std::vector<vmqkit_frame> frames = WireFrames(task);
  if (checked) {
    if (auto e = InstallTask(host, task)) {
      state.SkipWithError(("reference miniport setup: " + *e).c_str());
      return;
    }
    if (!CheckAnswers(state, task, ReceiveTask(host, task), "reference miniport")) return;
    if (auto e = CheckBatches(host, task, frames)) {
      state.SkipWithError(("reference miniport: " + *e).c_str());
      return;
    }
  }
  PairedRun(task).Run(state, [&](std::size_t first) {
    if (batched) {
      host.ReceiveBatch(std::span(frames).subspan(first, kBatch));
    } else {
      for (std::size_t k = 0; k < kBatch; ++k) host.Receive(task.frame(first + k));
    }
    host.ReturnAll();
  });
}

void BM_ReferenceEndToEnd(benchmark::State& state) {
  DutEndToEnd(state, reference::DutOps(), true, true);
}
BENCHMARK(BM_ReferenceEndToEnd)->Apply(ReferenceSizes)->UseManualTime();

void BM_ReferenceEndToEndPerFrame(benchmark::State& state) {
  DutEndToEnd(state, reference::DutOps(), true, false);
}
BENCHMARK(BM_ReferenceEndToEndPerFrame)->Arg(16)->Arg(4096)->UseManualTime();

// The null DUT indicates every frame on the default queue (no answers to check).
void BM_DutPathNull(benchmark::State& state) {
  DutEndToEnd(state, NullDutOps(true), false, true);
}
BENCHMARK(BM_DutPathNull)->Arg(4096)->UseManualTime();

void BM_DutPathNullPerFrame(benchmark::State& state) {
  DutEndToEnd(state, NullDutOps(false), false, false);
}
BENCHMARK(BM_DutPathNullPerFrame)->Arg(4096)->UseManualTime();

void BM_ReferenceOidSetClearPair(benchmark::State& state) {
  DutHost host(reference::DutOps(), DutHostOptions{});
  const Guest g = GuestOf(0);
  if (host.Initialize() != ndis::NdisStatus::kSuccess) {
    state.SkipWithError("MiniportInitializeEx failed");
    return;
  }
  if (auto e = AttachGuest(host, g)) {
    state.SkipWithError(e->c_str());
    return;
  }
  host.ReturnAll();
  std::uint32_t filter_id = 1000;
  std::uint64_t pairs = 0;
  for (auto _ : state) {
    ++filter_id;
    const std::uint64_t mac = 0x885D1500ull | (std::uint64_t{filter_id & 0xFFFF} << 32);
    if (host.SetFilter(g.queue_id, filter_id, mac, g.vlan) != ndis::NdisStatus::kSuccess ||
        host.ClearFilter(g.queue_id, filter_id) != ndis::NdisStatus::kSuccess) {
      state.SkipWithError("SET_FILTER / CLEAR_FILTER refused");
      return;
    }
    ++pairs;
  }
  state.counters["pairs/s"] =
      benchmark::Counter(static_cast<double>(pairs), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ReferenceOidSetClearPair);

// One iteration = 256 guests migrated A -> B; only the migration steps are timed (manual time):
// attaching the guests to A before and detaching them from B after are not.
void BM_ReferenceLiveMigration256(benchmark::State& state) {
  std::uint64_t guests = 0;
  for (auto _ : state) {
    const MigrationMeasurement m = MeasureLiveMigration(reference::DutOps(), kMigratedGuests);
    if (m.error) {
      state.SkipWithError(m.error->c_str());
      return;
    }
    state.SetIterationTime(m.guests.seconds);
    guests += m.guests.count;
  }
  state.counters["guests/s"] =
      benchmark::Counter(static_cast<double>(guests), benchmark::Counter::kIsRate);
  state.counters["us/guest"] =
      benchmark::Counter(static_cast<double>(guests) * 1e-6,
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_ReferenceLiveMigration256)->UseManualTime()->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace vmqkit::bench
