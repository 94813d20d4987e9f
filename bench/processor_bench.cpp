// Solver benchmarks (issue 7): the overlap check for 64 adapters on a 4-group, 256-LP host, and the
// advisor for 16 adapters.
#include <benchmark/benchmark.h>

#include <fmt/format.h>

#include "spec/solver/advisor.h"
#include "spec/solver/overlap.h"

namespace {

using vmqkit::spec::HostTopology;

// 64 adapters, 4 processors each, bases spread so that about half the pairs overlap.
void BM_OverlapCheck_64Adapters_4Groups256Lps(benchmark::State& state) {
  const HostTopology host{4, 64, 2, 4};
  std::vector<vmqkit::solver::AdapterSetInput> adapters;
  for (std::int64_t i = 0; i < 64; ++i) {
    vmqkit::spec::RssProcessorKeywords k;
    k.base_group = i % 4;
    k.base_number = (i * 6) % 64;
    k.max_processors = 4;
    adapters.push_back({fmt::format("{:04}", i), k});
  }
  std::size_t overlaps = 0;
  for (auto _ : state) {
    const vmqkit::solver::OverlapReport report = vmqkit::solver::CheckOverlap(adapters, host, {});
    overlaps = report.overlaps.size();
    benchmark::DoNotOptimize(overlaps);
  }
  state.counters["overlapping_pairs"] = static_cast<double>(overlaps);
}
BENCHMARK(BM_OverlapCheck_64Adapters_4Groups256Lps)->Unit(benchmark::kMillisecond);

// 16 adapters of the KB's sizes (1 and 3 processors) on a 2-group, 128-LP hyper-threaded host.
void BM_Advise_16Adapters(benchmark::State& state) {
  vmqkit::solver::AdviceRequest request{HostTopology{2, 64, 2, 2}, {}, {}, false};
  for (std::int64_t i = 0; i < 16; ++i) {
    request.adapters.push_back({fmt::format("{:04}", i), {}, i % 2 == 0 ? 1 : 3});
  }
  bool solved = false;
  for (auto _ : state) {
    const vmqkit::solver::AdviceOutcome outcome = vmqkit::solver::Advise(request);
    solved = outcome.advice.has_value();
    benchmark::DoNotOptimize(solved);
  }
  state.counters["solved"] = solved ? 1 : 0;
}
BENCHMARK(BM_Advise_16Adapters)->Unit(benchmark::kMillisecond);

}  // namespace
