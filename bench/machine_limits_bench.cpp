// The machine's limits for the fast path's instructions (docs/benchmarks.md, "How close to the
// limit"): how many of the AVX-512 operations the fast path spends per frame this core retires
// per nanosecond when nothing else is in the way: the 64-bit gather (three per eight frames: two
// header reads and the VLAN entry), and the 512-bit load compared with a key into a mask (one per
// frame: the bucket). Each loop keeps eight independent operations in flight on data that sits in
// L1, so it measures throughput, not latency or misses. Also in TSC ticks per operation, the
// rate the guest can read without performance counters (`perf stat` has none in this VM).
#include <benchmark/benchmark.h>
#include <immintrin.h>
#include <x86intrin.h>

#include <array>
#include <chrono>
#include <cstdint>

namespace vmqkit::bench {
namespace {

constexpr int kInFlight = 8;
constexpr int kTableWords = 512;  // 4 KiB: L1

bool HasAvx512() {
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
         __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl");
}

alignas(64) std::array<long long, kTableWords> table_words = [] {
  std::array<long long, kTableWords> words{};
  for (int i = 0; i < kTableWords; ++i) words[static_cast<std::size_t>(i)] = (i * 37) % kTableWords;
  return words;
}();

void Report(benchmark::State& state, std::uint64_t operations, std::uint64_t ticks) {
  state.counters["ops/ns"] =
      benchmark::Counter(static_cast<double>(operations) * 1e-9, benchmark::Counter::kIsRate);
  state.counters["ns/op"] =
      benchmark::Counter(static_cast<double>(operations) * 1e-9,
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["tsc/op"] =
      benchmark::Counter(static_cast<double>(ticks) / static_cast<double>(operations));
}

// Eight independent 8-lane 64-bit gathers per step; each step's indices come from the last
// step's results, so the compiler cannot drop or hoist them, but the eight chains overlap.
[[gnu::target("avx512f,avx512bw,avx512dq,avx512vl")]] void GatherLoop(benchmark::State& state) {
  const long long* base = table_words.data();
  __m512i index[kInFlight];
  for (int k = 0; k < kInFlight; ++k)
    index[k] = _mm512_setr_epi64(k, k + 8, k + 16, k + 24, k + 32, k + 40, k + 48, k + 56);
  const __m512i mask = _mm512_set1_epi64(kTableWords - 1);
  const __m512i zero = _mm512_setzero_si512();
  std::uint64_t operations = 0, ticks = 0;
  for (auto _ : state) {
    const std::uint64_t start = __rdtsc();
    for (int step = 0; step < 256; ++step) {
      for (auto& i : index)
        i = _mm512_and_si512(_mm512_mask_i64gather_epi64(zero, 0xFF, i, base, 8), mask);
    }
    ticks += __rdtsc() - start;
    operations += 256 * kInFlight;
  }
  for (auto& i : index) benchmark::DoNotOptimize(i);
  Report(state, operations, ticks);
}

// Eight independent 512-bit loads compared with a key into a mask, the masks folded together.
[[gnu::target("avx512f,avx512bw,avx512dq,avx512vl")]] void CompareLoop(benchmark::State& state) {
  const long long* base = table_words.data();
  const __m512i key = _mm512_set1_epi64(5);
  std::uint64_t operations = 0, ticks = 0;
  unsigned folded = 0;
  std::size_t at = 0;
  for (auto _ : state) {
    const std::uint64_t start = __rdtsc();
    for (int step = 0; step < 256; ++step) {
      for (int k = 0; k < kInFlight; ++k) {
        const __m512i bucket =
            _mm512_load_si512(base + ((at + 8 * static_cast<std::size_t>(k)) % kTableWords));
        folded ^= _mm512_cmpeq_epi64_mask(bucket, key);
      }
      at = (at + 64 + (folded & 1)) % kTableWords;
    }
    ticks += __rdtsc() - start;
    operations += 256 * kInFlight;
  }
  benchmark::DoNotOptimize(folded);
  Report(state, operations, ticks);
}

void BM_MachineGather64x8(benchmark::State& state) {
  if (!HasAvx512()) {
    state.SkipWithError("no AVX-512 on this CPU");
    return;
  }
  GatherLoop(state);
}
BENCHMARK(BM_MachineGather64x8);

void BM_MachineLoadCompare512(benchmark::State& state) {
  if (!HasAvx512()) {
    state.SkipWithError("no AVX-512 on this CPU");
    return;
  }
  CompareLoop(state);
}
BENCHMARK(BM_MachineLoadCompare512);

// TSC ticks per nanosecond: the rate tsc/op figures are in.
void BM_MachineTscPerNs(benchmark::State& state) {
  std::uint64_t ticks = 0;
  double seconds = 0;
  for (auto _ : state) {
    const auto start_time = std::chrono::steady_clock::now();
    const std::uint64_t start = __rdtsc();
    benchmark::DoNotOptimize(start);
    while (std::chrono::steady_clock::now() - start_time < std::chrono::milliseconds(2)) {
    }
    ticks += __rdtsc() - start;
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start_time).count();
  }
  state.counters["tsc/ns"] = benchmark::Counter(static_cast<double>(ticks) / (seconds * 1e9));
}
BENCHMARK(BM_MachineTscPerNs)->Iterations(50);

}  // namespace
}  // namespace vmqkit::bench
