// The hardware reference's receive decision: frames/s of the readable path (walks the registers
// per frame) and the fast path (decoded tables, batch Classify) at 16, 128 and 4096 filters.
// A filter is one (MAC, VLAN) pair: an address entry to a pool, and the VLAN's VLVF/VFTA entries,
// with VLNCTRL.VFE on, as a VMQ miniport programs them. Frames are 64 bytes on the wire (60 here,
// without FCS), 802.1Q-tagged, each to a random filter.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <vector>

#include "hwref/nic.h"
#include "hwref/readable_path.h"

namespace {

using namespace vmqkit::hwref;  // NOLINT: benchmark file
using R = RegisterId;

constexpr std::size_t kBatch = 256;
constexpr std::size_t kDistinctFrames = 4096;
constexpr std::uint32_t kVlans = 32;

std::uint64_t FilterMac(std::uint32_t i) {
  return 0x0000'5D15'0000ull | (std::uint64_t{i} << 32);
}
std::uint16_t FilterVlan(std::uint32_t i) {
  return static_cast<std::uint16_t>(1 + i % kVlans);
}

struct Setup {
  Nic nic;
  std::vector<std::vector<std::uint8_t>> storage;
  std::vector<Frame> frames;
};

Setup Build(std::uint32_t filters) {
  const Profile& profile = filters <= k82599Profile.address_entries ? k82599Profile : kLargeProfile;
  Setup s{Nic(profile, HostMemory(0, 0)), {}, {}};
  RegisterFile& r = s.nic.registers();
  r.Write(R::kRXCTRL, 0, field::kRxctrlRxen.Mask());
  r.Write(R::kMRQC, 0, 0x8);
  r.Write(R::kVT_CTL, 0, field::kVtctlVtEna.Mask() | field::kVtctlReplEn.Mask());
  r.Write(R::kVFRE, 0, ~0u);
  r.Write(R::kVFRE, 1, ~0u);
  r.Write(R::kVLNCTRL, 0, 0x8100 | field::kVlnctrlVfe.Mask());
  for (std::uint32_t v = 0; v < kVlans; ++v) {
    const std::uint16_t vid = FilterVlan(v);
    r.Write(R::kVFTA, vid / 32, r.Read(R::kVFTA, vid / 32) | (1u << (vid % 32)));
    r.Write(R::kVLVF, v, vid | field::kVlvfViEn.Mask());
    r.Write(R::kVLVFB, 2 * v, ~0u);
    r.Write(R::kVLVFB, 2 * v + 1, ~0u);
  }
  for (std::uint32_t i = 0; i < filters; ++i) {
    const std::uint64_t mac = FilterMac(i);
    const std::uint32_t pool = i % 64;
    r.Write(R::kRAL, i, static_cast<std::uint32_t>(mac));
    r.Write(R::kRAH, i, static_cast<std::uint32_t>(mac >> 32) | field::kRahAv.Mask());
    r.Write(R::kMPSAR, 2 * i + pool / 32, 1u << (pool % 32));
  }
  std::mt19937 rng(20261121);
  std::uniform_int_distribution<std::uint32_t> pick(0, filters - 1);
  for (std::size_t k = 0; k < kDistinctFrames; ++k) {
    const std::uint32_t i = pick(rng);
    std::vector<std::uint8_t> f(60, 0);
    for (int b = 0; b < 6; ++b)
      f[static_cast<std::size_t>(b)] = static_cast<std::uint8_t>(FilterMac(i) >> (8 * b));
    f[6] = 0x02;
    f[12] = 0x81;
    f[13] = 0x00;
    f[14] = static_cast<std::uint8_t>(FilterVlan(i) >> 8);
    f[15] = static_cast<std::uint8_t>(FilterVlan(i));
    f[16] = 0x08;
    s.storage.push_back(std::move(f));
  }
  s.frames.assign(s.storage.begin(), s.storage.end());
  return s;
}

void SetCounters(benchmark::State& state, std::size_t frames) {
  const auto n = static_cast<double>(frames);
  state.counters["frames/s"] = benchmark::Counter(n, benchmark::Counter::kIsRate);
  state.counters["Mpps"] = benchmark::Counter(n / 1e6, benchmark::Counter::kIsRate);
  state.counters["ns/frame"] =
      benchmark::Counter(n * 1e-9, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void BM_HwrefReadablePath(benchmark::State& state) {
  Setup s = Build(static_cast<std::uint32_t>(state.range(0)));
  std::size_t next = 0, frames = 0;
  for (auto _ : state) {
    for (std::size_t k = 0; k < kBatch; ++k) {
      benchmark::DoNotOptimize(DecideReadable(s.nic.registers(), s.frames[next]));
      next = (next + 1) % kDistinctFrames;
    }
    frames += kBatch;
  }
  SetCounters(state, frames);
}

void BM_HwrefFastPath(benchmark::State& state) {
  Setup s = Build(static_cast<std::uint32_t>(state.range(0)));
  const FastPath& fast = s.nic.fast_path();
  std::vector<QueueId> out(kBatch);
  std::size_t next = 0, frames = 0;
  for (auto _ : state) {
    fast.Classify(std::span(s.frames).subspan(next, kBatch), out);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
    next = (next + kBatch) % kDistinctFrames;
    frames += kBatch;
  }
  SetCounters(state, frames);
}

BENCHMARK(BM_HwrefReadablePath)->Arg(16)->Arg(128)->Arg(4096);
BENCHMARK(BM_HwrefFastPath)->Arg(16)->Arg(128)->Arg(4096);

}  // namespace
