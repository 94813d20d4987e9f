#pragma once
// What every filter-path benchmark shares: the sizes, the check against the model before timing,
// the counters (Mpps, ns/frame, and the vmqkit fast path's speed relative to this implementation
// measured in the same run), and the fast path's own rate for the ratio.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "bench/filter_task.h"
#include "hwref/nic.h"

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

// Mpps and ns/frame (rates over the benchmark's time), and fast_x: how many times faster the
// vmqkit fast path classified the same task in this process (0 when it cannot hold the task).
void SetFrameCounters(benchmark::State& state, std::uint64_t frames, double fast_x);

// The timed loop of a filter-path benchmark, with the fast path measured alongside: every couple
// of milliseconds of the implementation's batches, the fast path classifies the same task for a
// slice of its own, every batch on either side timed on its own (steady clock; the benchmark
// registers UseManualTime and reports only the implementation's time). fast_x is the ratio of
// the two sides' median batch times: both measured within milliseconds of each other, so the
// drift of a shared host (up to 1.6x within minutes on ours) cancels instead of landing in the
// ratio, as it did when the fast path was measured once before the benchmark; and medians, not
// totals, because a preemption lands in one side's batches and not the other's (with a build
// beside it, totals made the fast path 1.6x faster than itself). Slices, not single batches, and
// a warm-up pass before each: at one batch each, the caches the other side had just filled made
// fast_x 15-30% lower than either side measured alone. Every batch's time is the interval
// between two clock reads less the clock's own cost (the median of empty intervals, measured
// when the run starts): on our guest a read costs about 46 ns, 4% of a fast-path batch and 0.5%
// of a DPDK one, so left in, it would understate fast_x by 3.5% and the fast path's rate by 4%.
class PairedRun {
 public:
  explicit PairedRun(const FilterTask& task);
  // `batch(first)` classifies the kBatch task frames from index `first` on (they wrap around).
  template <typename Batch>
  void Run(benchmark::State& state, Batch&& batch) {
    std::size_t next = 0;
    std::uint64_t count = 0;
    double since_slice = 0;
    for (auto _ : state) {
      const auto start = Clock::now();
      batch(next);
      const double seconds = BatchSeconds(Clock::now() - start);
      state.SetIterationTime(seconds);
      own_seconds_.push_back(static_cast<float>(seconds));
      next = (next + kBatch) % frame_count_;
      count += kBatch;
      since_slice += seconds;
      if (since_slice >= kSliceSeconds) {
        FastSlice();
        since_slice = 0;
      }
    }
    if (fast_seconds_.empty()) FastSlice();  // a benchmark shorter than one slice
    SetFrameCounters(state, count, FastX());
  }

 private:
  using Clock = std::chrono::steady_clock;
  static constexpr double kSliceSeconds = 0.002;
  static constexpr std::size_t kSliceBatches = 64;
  // The time of the clock's reads in an interval: the median of kClockSamples empty ones.
  static double ClockCost();
  static constexpr int kClockSamples = 1001;
  // An interval's time less clock_cost_, never below zero.
  double BatchSeconds(Clock::duration interval) const;
  void FastSlice();  // one untimed pass over the task's frames, then kSliceBatches timed batches
  double FastX();    // 0 when no hwref profile holds the task

  double clock_cost_;
  std::size_t frame_count_;
  std::unique_ptr<hwref::Nic> nic_;
  std::vector<hwref::Frame> frames_;
  std::vector<hwref::QueueId> out_;
  std::vector<float> own_seconds_;   // per batch
  std::vector<float> fast_seconds_;  // per batch
};

}  // namespace vmqkit::bench
