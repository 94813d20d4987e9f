#include "bench/bench_support.h"

#include <time.h>

#include <vector>

#include "bench/hwref_setup.h"

namespace vmqkit::bench {
namespace {

constexpr std::int64_t kSizes[] = {1, 16, 128, 1024, 4096, 65536};

double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

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

void SetFrameCounters(benchmark::State& state, std::uint64_t frames, double fast_path_fps) {
  const auto n = static_cast<double>(frames);
  state.counters["Mpps"] = benchmark::Counter(n / 1e6, benchmark::Counter::kIsRate);
  state.counters["ns/frame"] =
      benchmark::Counter(n * 1e-9, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  // time / (frames / fast rate) = fast rate / this rate.
  state.counters["fast_x"] =
      fast_path_fps > 0 ? benchmark::Counter(n / fast_path_fps, benchmark::Counter::kIsRate |
                                                                    benchmark::Counter::kInvert)
                        : benchmark::Counter(0);
}

double FastPathFramesPerSecond(const FilterTask& task) {
  auto nic = ProgramHwref(task);
  if (!nic) return 0;
  const std::vector<hwref::Frame> frames = FramesOf(task);
  const hwref::FastPath& fast = nic->fast_path();
  std::vector<hwref::QueueId> out(kBatch);
  std::uint64_t classified = 0;
  const double start = ThreadCpuSeconds();
  double elapsed = 0;
  std::size_t next = 0;
  while (elapsed < 0.05) {
    for (int k = 0; k < 64; ++k) {
      fast.Classify(std::span(frames).subspan(next, kBatch), out);
      benchmark::DoNotOptimize(out.data());
      benchmark::ClobberMemory();
      next = (next + kBatch) % frames.size();
      classified += kBatch;
    }
    elapsed = ThreadCpuSeconds() - start;
  }
  return static_cast<double>(classified) / elapsed;
}

}  // namespace vmqkit::bench
