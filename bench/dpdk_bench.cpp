// DPDK's cuckoo hash (rte_hash_lookup_bulk_data, 64 keys per call, CRC32 hash) on the filter-path
// task, when libdpdk-dev is installed. The EAL starts once per process without hugepages, PCI or
// shared files; if it cannot start here the benchmark says why (SkipWithError).
#if defined(VMQKIT_BENCH_DPDK)
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_hash.h>
#include <rte_hash_crc.h>

#include <benchmark/benchmark.h>

#include <array>
#include <bit>
#include <string>
#include <vector>

#include "bench/bench_support.h"

namespace vmqkit::bench {
namespace {

// Empty when the EAL is up, else the reason it is not.
const std::string& EalError() {
  static const std::string error = [] {
    // lcore 0 may run on either CPU, so the EAL pins the benchmark thread to nothing narrower.
    // --no-huge implies legacy memory, which excludes --in-memory: --no-shconf keeps it file-less.
    std::array<std::string, 9> args = {
        "vmq_bench",        "--no-huge",         "--no-pci",      "-m", "256", "--no-shconf",
        "--lcores=0@(0-1)", "--log-level=error", "--no-telemetry"};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    if (rte_eal_init(static_cast<int>(argv.size()), argv.data()) < 0) {
      return std::string("rte_eal_init failed: ") + rte_strerror(rte_errno);
    }
    return std::string();
  }();
  return error;
}

class DpdkPeer {
 public:
  explicit DpdkPeer(const FilterTask& task) {
    rte_hash_parameters params{};
    const std::string name = "vmq" + std::to_string(task.filters().size());
    params.name = name.c_str();
    params.entries = static_cast<std::uint32_t>(
        std::max<std::size_t>(64, std::bit_ceil(task.filters().size()) * 2));
    params.key_len = sizeof(std::uint64_t);
    params.hash_func = rte_hash_crc;
    params.hash_func_init_val = 0;
    params.socket_id = SOCKET_ID_ANY;
    hash_ = rte_hash_create(&params);
    if (hash_ == nullptr) {
      error_ = std::string("rte_hash_create failed: ") + rte_strerror(rte_errno);
      return;
    }
    for (const TaskFilter& f : task.filters()) {
      const std::uint64_t key = PackKey(f.mac, f.vlan);
      const int rc =
          rte_hash_add_key_data(hash_, &key, reinterpret_cast<void*>(std::uintptr_t{f.queue}));
      if (rc < 0) {
        error_ = "rte_hash_add_key_data failed: " + std::to_string(rc);
        return;
      }
    }
  }
  ~DpdkPeer() {
    if (hash_ != nullptr) rte_hash_free(hash_);
  }
  DpdkPeer(const DpdkPeer&) = delete;
  DpdkPeer& operator=(const DpdkPeer&) = delete;
  const std::string& error() const { return error_; }

  // Up to RTE_HASH_LOOKUP_BULK_MAX frames per call.
  void Classify(const FilterTask& task, std::size_t first, std::size_t count,
                std::uint32_t* out) const {
    std::array<std::uint64_t, RTE_HASH_LOOKUP_BULK_MAX> keys;
    std::array<const void*, RTE_HASH_LOOKUP_BULK_MAX> key_ptrs;
    std::array<void*, RTE_HASH_LOOKUP_BULK_MAX> data;
    for (std::size_t k = 0; k < count; ++k) {
      const auto key = KeyOf(task.frame(first + k));
      keys[k] = key ? PackKey(key->mac, key->vlan) : ~std::uint64_t{0};
      key_ptrs[k] = &keys[k];
    }
    std::uint64_t hits = 0;
    rte_hash_lookup_bulk_data(hash_, key_ptrs.data(), static_cast<std::uint32_t>(count), &hits,
                              data.data());
    for (std::size_t k = 0; k < count; ++k) {
      out[k] = ((hits >> k) & 1) != 0
                   ? static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(data[k]))
                   : 0;
    }
  }

 private:
  rte_hash* hash_ = nullptr;
  std::string error_;
};

void BM_PeerDpdkRteHash(benchmark::State& state) {
  if (!EalError().empty()) {
    state.SkipWithError(EalError().c_str());
    return;
  }
  const FilterTask& task = TaskOfSize(static_cast<std::uint32_t>(state.range(0)));
  const DpdkPeer peer(task);
  if (!peer.error().empty()) {
    state.SkipWithError(peer.error().c_str());
    return;
  }
  std::vector<std::uint32_t> answers(task.frame_count());
  for (std::size_t i = 0; i < task.frame_count(); i += RTE_HASH_LOOKUP_BULK_MAX) {
    peer.Classify(task, i, std::min<std::size_t>(RTE_HASH_LOOKUP_BULK_MAX, task.frame_count() - i),
                  answers.data() + i);
  }
  if (!CheckAnswers(state, task, answers, "DPDK rte_hash")) return;
  std::vector<std::uint32_t> out(kBatch);
  PairedRun(task).Run(state, [&](std::size_t first) {
    for (std::size_t k = 0; k < kBatch; k += RTE_HASH_LOOKUP_BULK_MAX) {
      peer.Classify(task, first + k, RTE_HASH_LOOKUP_BULK_MAX, out.data() + k);
    }
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  });
}

BENCHMARK(BM_PeerDpdkRteHash)->Apply(AllSizes)->UseManualTime();

}  // namespace
}  // namespace vmqkit::bench
#endif
