#pragma once
// Test helpers: build wire frames and program the device the way a driver does, through MMIO
// writes at the offsets the register table gives.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "hwref/fast_path/fast_path.h"
#include "hwref/frame.h"
#include "hwref/nic.h"
#include "hwref/register_file.h"

namespace vmqkit::hwref::test {

// `frames` through each batch loop this CPU runs (FastPath::Lookups: SSE2, AVX2, AVX-512), on a
// fast path of its own built from `regs`: the device runs one of them, other CPUs the others.
inline std::vector<std::vector<QueueId>> ClassifyWithEveryLoop(const RegisterFile& regs,
                                                               std::span<const Frame> frames) {
  // Before each loop's real call, the same frames one place on: a loop that read what an
  // earlier call left behind (its scratch on the stack, at the same address in the next call)
  // instead of a frame would then answer for the frame's neighbour.
  std::vector<Frame> shifted(frames.begin(), frames.end());
  if (!shifted.empty()) std::rotate(shifted.begin(), shifted.begin() + 1, shifted.end());
  std::vector<std::vector<QueueId>> answers;
  for (FastPath::Lookups lookups : FastPath::SupportedLookups()) {
    FastPath fast(regs);
    fast.UseLookups(lookups);
    std::vector<QueueId> neighbours(frames.size());
    fast.Classify(shifted, neighbours);
    answers.emplace_back(frames.size());
    fast.Classify(frames, answers.back());
  }
  return answers;
}

constexpr std::uint64_t Mac(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d,
                            std::uint8_t e, std::uint8_t f) {
  return PackMac({a, b, c, d, e, f});
}

// An Ethernet frame of `size` bytes without FCS: destination, a fixed source, an optional
// 802.1Q tag (TPID 0x8100), `ethertype`, zero payload.
inline std::vector<std::uint8_t> EthernetFrame(std::uint64_t destination,
                                               std::optional<std::uint16_t> tci,
                                               std::size_t size = 60,
                                               std::uint16_t ethertype = 0x88B5) {
  std::vector<std::uint8_t> f;
  for (int i = 0; i < 6; ++i) f.push_back(static_cast<std::uint8_t>(destination >> (8 * i)));
  for (int b : {0x02, 0x00, 0x00, 0x00, 0x00, 0x01}) f.push_back(static_cast<std::uint8_t>(b));
  if (tci) {
    f.push_back(0x81);
    f.push_back(0x00);
    f.push_back(static_cast<std::uint8_t>(*tci >> 8));
    f.push_back(static_cast<std::uint8_t>(*tci));
  }
  f.push_back(static_cast<std::uint8_t>(ethertype >> 8));
  f.push_back(static_cast<std::uint8_t>(ethertype));
  if (f.size() < size) f.resize(size, 0);
  return f;
}

// IPv4 + TCP or UDP frame for RSS (addresses and ports in wire order).
inline std::vector<std::uint8_t> Ipv4Frame(std::uint64_t destination,
                                           std::optional<std::uint16_t> tci,
                                           std::array<std::uint8_t, 4> src,
                                           std::array<std::uint8_t, 4> dst, std::uint8_t proto,
                                           std::uint16_t sport, std::uint16_t dport) {
  auto f = EthernetFrame(destination, tci, 14, 0x0800);
  const std::size_t l3 = f.size();
  f.resize(l3 + 20 + 20, 0);
  f[l3] = 0x45;
  f[l3 + 9] = proto;
  for (int i = 0; i < 4; ++i) {
    f[l3 + 12 + static_cast<std::size_t>(i)] = src[static_cast<std::size_t>(i)];
    f[l3 + 16 + static_cast<std::size_t>(i)] = dst[static_cast<std::size_t>(i)];
  }
  f[l3 + 20] = static_cast<std::uint8_t>(sport >> 8);
  f[l3 + 21] = static_cast<std::uint8_t>(sport);
  f[l3 + 22] = static_cast<std::uint8_t>(dport >> 8);
  f[l3 + 23] = static_cast<std::uint8_t>(dport);
  if (f.size() < 60) f.resize(60, 0);
  return f;
}

inline void WritePools(RegisterFile& r, RegisterId id, std::uint32_t entry, std::uint64_t pools) {
  r.Write(id, 2 * entry, static_cast<std::uint32_t>(pools));
  r.Write(id, 2 * entry + 1, static_cast<std::uint32_t>(pools >> 32));
}

// RAL/RAH with Address Valid, and the entry's MPSAR pool bitmap.
inline void SetAddress(RegisterFile& r, std::uint32_t entry, std::uint64_t mac,
                       std::uint64_t pools) {
  r.Write(RegisterId::kRAL, entry, static_cast<std::uint32_t>(mac));
  r.Write(RegisterId::kRAH, entry, static_cast<std::uint32_t>(mac >> 32) | field::kRahAv.Mask());
  WritePools(r, RegisterId::kMPSAR, entry, pools);
}

// VLVF entry with VI_En and its VLVFB pool bitmap.
inline void SetVlanPoolFilter(RegisterFile& r, std::uint32_t entry, std::uint16_t vid,
                              std::uint64_t pools) {
  r.Write(RegisterId::kVLVF, entry, vid | field::kVlvfViEn.Mask());
  WritePools(r, RegisterId::kVLVFB, entry, pools);
}

// The VID's bit in the global VLAN filter table.
inline void AllowVlan(RegisterFile& r, std::uint16_t vid) {
  const std::uint32_t word = vid / 32;
  r.Write(RegisterId::kVFTA, word, r.Read(RegisterId::kVFTA, word) | (1u << (vid % 32)));
}

// RXEN, VMDq in MRQC, VT_ENA with REPLEN and a default pool; every pool enabled in VFRE.
inline void EnableVmdq(RegisterFile& r, std::uint32_t mrqe = 0x8, std::uint32_t default_pool = 0,
                       bool replicate = true) {
  r.Write(RegisterId::kRXCTRL, 0, field::kRxctrlRxen.Mask());
  r.Write(RegisterId::kMRQC, 0, mrqe);
  std::uint32_t vt = field::kVtctlVtEna.Mask() | field::kVtctlDefPl.Put(0, default_pool);
  if (replicate) vt |= field::kVtctlReplEn.Mask();
  r.Write(RegisterId::kVT_CTL, 0, vt);
  r.Write(RegisterId::kVFRE, 0, 0xFFFFFFFFu);
  r.Write(RegisterId::kVFRE, 1, 0xFFFFFFFFu);
}

// Ring of `count` descriptors (a multiple of 8: RDLEN counts 128-byte units) at `ring`, each
// pointing at its own 2 KiB buffer after the ring; tail = count - 1 so the device owns all but one;
// queue enabled.
inline void SetupRing(Nic& nic, std::uint32_t queue, std::uint64_t ring, std::uint32_t count) {
  RegisterFile& r = nic.registers();
  const std::uint64_t buffers = ring + std::uint64_t{count} * kDescriptorBytes;
  for (std::uint32_t i = 0; i < count; ++i) {
    nic.memory().Write64(ring + i * kDescriptorBytes, buffers + i * 2048ull);
    nic.memory().Write64(ring + i * kDescriptorBytes + 8, 0);
  }
  r.Write(RegisterId::kRDBAL, queue, static_cast<std::uint32_t>(ring));
  r.Write(RegisterId::kRDBAH, queue, static_cast<std::uint32_t>(ring >> 32));
  r.Write(RegisterId::kRDLEN, queue, count * kDescriptorBytes);
  r.Write(RegisterId::kRDH, queue, 0);
  r.Write(RegisterId::kRDT, queue, count - 1);
  r.Write(RegisterId::kRXDCTL, queue, field::kRxdctlEnable.Mask());
}

}  // namespace vmqkit::hwref::test
