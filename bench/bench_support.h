#pragma once
// What every filter-path benchmark shares: the sizes, the check against the model before timing,
// the counters (Mpps, ns/frame, and the vmqkit fast path's speed relative to this implementation
// measured in the same run), and the fast path's own rate for the ratio.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <span>
#include <string>

#include "bench/filter_task.h"

namespace vmqkit::bench {

// Frames per timed iteration: a receive burst the size a driver cleans at once.
inline constexpr std::size_t kBatch = 256;

// The sizes; each implementation registers those it can hold.
void AllSizes(benchmark::internal::Benchmark* b);
void HwrefSizes(benchmark::internal::Benchmark* b);  // what hwref's profiles hold (every size)
// What the reference miniport's adapter (hwref's large profile) holds (<= 4096).
void ReferenceSizes(benchmark::internal::Benchmark* b);
// Sizes for implementations whose cost grows with N (linear scan, the readable model).
void ScanSizes(benchmark::internal::Benchmark* b);

// False, after SkipWithError naming the first difference, when `answers` (the
// implementation's queue per task frame) differ from the model's.
bool CheckAnswers(benchmark::State& state, const FilterTask& task,
                  std::span<const std::uint32_t> answers, std::string_view implementation);

// Mpps and ns/frame (rates over the benchmark's CPU time), and fast_x: how many times faster the
// vmqkit fast path classified the same task in this process, measured just before this benchmark
// (0 when the fast path cannot hold the task).
void SetFrameCounters(benchmark::State& state, std::uint64_t frames, double fast_path_fps);

// Frames per second of hwref's fast path on `task`, measured for about 50 ms of thread CPU time;
// 0 when no hwref profile holds the task.
double FastPathFramesPerSecond(const FilterTask& task);

}  // namespace vmqkit::bench
