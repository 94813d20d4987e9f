// Peers doing the filter-path task with their own data structure, as a driver or a software switch
// would without vmqkit: a netvmini-style linear scan over the filter list, std::unordered_map, and
// absl::flat_hash_map (when libabsl-dev is installed), each keyed by (destination MAC, VLAN class)
// with VID 0 and untagged in one class. No match: the default queue 0.
#include <benchmark/benchmark.h>

#include <unordered_map>
#include <vector>

#include "bench/bench_support.h"

#if defined(VMQKIT_BENCH_ABSL)
#include "absl/container/flat_hash_map.h"
#endif

namespace vmqkit::bench {
namespace {

// netvmini's receive path walks every queue's filters and compares each field test.
struct LinearScan {
  struct Entry {
    std::uint64_t mac;
    std::uint16_t vlan;
    std::uint32_t queue;
  };
  std::vector<Entry> entries;
  explicit LinearScan(const FilterTask& task) {
    for (const TaskFilter& f : task.filters()) entries.push_back({f.mac, f.vlan, f.queue});
  }
  std::uint32_t Classify(std::span<const std::uint8_t> frame) const {
    const auto key = KeyOf(frame);
    if (!key) return 0;
    for (const Entry& e : entries) {
      if (e.mac == key->mac && e.vlan == key->vlan) return e.queue;
    }
    return 0;
  }
};

template <typename Map>
struct HashPeer {
  Map map;
  explicit HashPeer(const FilterTask& task) {
    map.reserve(task.filters().size());
    for (const TaskFilter& f : task.filters()) map.emplace(PackKey(f.mac, f.vlan), f.queue);
  }
  std::uint32_t Classify(std::span<const std::uint8_t> frame) const {
    const auto key = KeyOf(frame);
    if (!key) return 0;
    const auto it = map.find(PackKey(key->mac, key->vlan));
    return it == map.end() ? 0 : it->second;
  }
};

template <typename Peer>
void RunPeer(benchmark::State& state, std::string_view name) {
  const FilterTask& task = TaskOfSize(static_cast<std::uint32_t>(state.range(0)));
  const Peer peer(task);
  std::vector<std::uint32_t> answers;
  for (std::size_t i = 0; i < task.frame_count(); ++i)
    answers.push_back(peer.Classify(task.frame(i)));
  if (!CheckAnswers(state, task, answers, name)) return;
  std::vector<std::uint32_t> out(kBatch);
  PairedRun(task).Run(state, [&](std::size_t first) {
    for (std::size_t k = 0; k < kBatch; ++k) out[k] = peer.Classify(task.frame(first + k));
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  });
}

void BM_PeerLinearScan(benchmark::State& state) {
  RunPeer<LinearScan>(state, "linear scan");
}
void BM_PeerStdUnorderedMap(benchmark::State& state) {
  RunPeer<HashPeer<std::unordered_map<std::uint64_t, std::uint32_t>>>(state, "std::unordered_map");
}
BENCHMARK(BM_PeerLinearScan)->Apply(ScanSizes)->UseManualTime();
BENCHMARK(BM_PeerStdUnorderedMap)->Apply(AllSizes)->UseManualTime();

#if defined(VMQKIT_BENCH_ABSL)
void BM_PeerAbslFlatHashMap(benchmark::State& state) {
  RunPeer<HashPeer<absl::flat_hash_map<std::uint64_t, std::uint32_t>>>(state,
                                                                       "absl::flat_hash_map");
}
BENCHMARK(BM_PeerAbslFlatHashMap)->Apply(AllSizes)->UseManualTime();
#endif

}  // namespace
}  // namespace vmqkit::bench
