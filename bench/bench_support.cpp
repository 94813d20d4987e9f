#include "bench/bench_support.h"

#include <algorithm>
#include <vector>

#include "bench/hwref_setup.h"

namespace vmqkit::bench {
namespace {

constexpr std::int64_t kSizes[] = {1, 16, 128, 1024, 4096, 65536};

}  // namespace

void AllSizes(benchmark::internal::Benchmark* b) {
  for (std::int64_t n : kSizes) b->Arg(n);
}

void HwrefSizes(benchmark::internal::Benchmark* b) {
  for (std::int64_t n : kSizes) {
    if (n <= static_cast<std::int64_t>(hwref::kScaleProfile.address_entries)) b->Arg(n);
  }
}

void ReferenceSizes(benchmark::internal::Benchmark* b) {
  for (std::int64_t n : kSizes) {
    if (n <= static_cast<std::int64_t>(hwref::kLargeProfile.address_entries)) b->Arg(n);
  }
}

void ScanSizes(benchmark::internal::Benchmark* b) {
  AllSizes(b);
}

bool CheckAnswers(benchmark::State& state, const FilterTask& task,
                  std::span<const std::uint32_t> answers, std::string_view implementation) {
  if (auto mismatch = FirstMismatch(task, answers)) {
    const std::string message =
        std::string(implementation) + " disagrees with the spec model: " + *mismatch;
    state.SkipWithError(message.c_str());
    return false;
  }
  return true;
}

void SetFrameCounters(benchmark::State& state, std::uint64_t frames, double fast_x) {
  const auto n = static_cast<double>(frames);
  state.counters["Mpps"] = benchmark::Counter(n / 1e6, benchmark::Counter::kIsRate);
  state.counters["ns/frame"] =
      benchmark::Counter(n * 1e-9, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["fast_x"] = fast_x;
}

PairedRun::PairedRun(const FilterTask& task)
    : clock_cost_(ClockCost()),
      frame_count_(task.frame_count()),
      nic_(ProgramHwref(task)),
      frames_(FramesOf(task)),
      out_(kBatch) {}

double PairedRun::ClockCost() {
  std::vector<double> empty(kClockSamples);
  for (double& seconds : empty) {
    const auto start = Clock::now();
    benchmark::ClobberMemory();
    seconds = std::chrono::duration<double>(Clock::now() - start).count();
  }
  const auto middle = empty.begin() + kClockSamples / 2;
  std::nth_element(empty.begin(), middle, empty.end());
  return *middle;
}

double PairedRun::BatchSeconds(Clock::duration interval) const {
  return std::max(0.0, std::chrono::duration<double>(interval).count() - clock_cost_);
}

void PairedRun::FastSlice() {
  if (!nic_) return;
  const hwref::FastPath& fast = nic_->fast_path();
  auto classify = [&](std::size_t first) {
    fast.Classify(std::span(frames_).subspan(first, kBatch), out_);
    benchmark::DoNotOptimize(out_.data());
    benchmark::ClobberMemory();
  };
  for (std::size_t first = 0; first < frame_count_; first += kBatch) classify(first);
  std::size_t first = 0;
  for (std::size_t b = 0; b < kSliceBatches; ++b) {
    const auto start = Clock::now();
    classify(first);
    fast_seconds_.push_back(static_cast<float>(BatchSeconds(Clock::now() - start)));
    first = (first + kBatch) % frame_count_;
  }
}

double PairedRun::FastX() {
  if (fast_seconds_.empty() || own_seconds_.empty()) return 0;
  auto median = [](std::vector<float>& v) {
    const auto middle = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
    std::nth_element(v.begin(), middle, v.end());
    return static_cast<double>(*middle);
  };
  const double fast = median(fast_seconds_);
  return fast > 0 ? median(own_seconds_) / fast : 0;
}

}  // namespace vmqkit::bench
