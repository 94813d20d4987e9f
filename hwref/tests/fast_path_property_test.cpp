// Two paths, one truth: random register states and random frames through the readable path and
// the fast path must give identical decisions; random bus traffic never crashes the device.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "hwref/nic.h"
#include "hwref/readable_path.h"
#include "hwref/tests/test_support.h"

namespace vmqkit::hwref {
namespace {

using R = RegisterId;

// RapidCheck scales ranges with the test size; register values and choices want the full range
// in every run, so they are drawn at the maximum size (shrinking still works).
template <typename T>
T Full(rc::Gen<T> gen) {
  return *rc::gen::resize(100, std::move(gen));
}

// A handful of addresses and VLAN ids, so that random tables and random frames meet.
const std::vector<std::uint64_t> kMacs = {test::Mac(0x00, 0x15, 0x5D, 0, 0, 1),
                                          test::Mac(0x00, 0x15, 0x5D, 0, 0, 2),
                                          test::Mac(0x00, 0x15, 0x5D, 0, 1, 1),
                                          test::Mac(0x02, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE),
                                          test::Mac(0x01, 0x00, 0x5E, 0, 0, 1),
                                          test::Mac(0x33, 0x33, 0, 0, 0, 1),
                                          kBroadcastMac};
const std::vector<std::uint16_t> kVids = {0, 1, 10, 20, 100, 4095};

std::uint64_t AnyMac() {
  return Full(rc::gen::weightedOneOf<std::uint64_t>(
      {{6, rc::gen::elementOf(kMacs)},
       {1, rc::gen::map(rc::gen::arbitrary<std::uint64_t>(), [](std::uint64_t v) {
          return static_cast<std::uint64_t>(v & 0xFFFF'FFFF'FFFFull);
        })}}));
}
std::uint16_t AnyVid() {
  return Full(rc::gen::weightedOneOf<std::uint16_t>(
      {{5, rc::gen::elementOf(kVids)}, {1, rc::gen::inRange<std::uint16_t>(0, 4096)}}));
}
std::uint32_t AnyPoolWord() {
  return Full(rc::gen::weightedOneOf<std::uint32_t>(
      {{3, rc::gen::map(rc::gen::inRange(0, 32), [](int b) { return 1u << b; })},
       {2, rc::gen::arbitrary<std::uint32_t>()},
       {1, rc::gen::just(0u)}}));
}
// An index inside the register's array, mostly among the first few entries.
std::uint32_t AnyIndex(R id, const RegisterFile& regs) {
  const std::uint32_t count = regs.layout().Count(id);
  return Full(rc::gen::weightedOneOf<std::uint32_t>(
      {{4, rc::gen::inRange(0u, std::min(count, 8u))}, {1, rc::gen::inRange(0u, count)}}));
}

void Write(RegisterFile& regs, R id, std::uint32_t index, std::uint32_t value) {
  regs.Write32(OffsetOf(Spec(id), index, regs.profile()), value);
}

// RandomFilterWrite's writes 0..4: address entries and the VLAN filters.
void AddressOrVlanWrite(RegisterFile& regs, int what) {
  switch (what) {
    case 0: {  // a whole address entry
      const std::uint32_t i = AnyIndex(R::kRAL, regs);
      const std::uint64_t mac = AnyMac();
      Write(regs, R::kRAL, i, static_cast<std::uint32_t>(mac));
      Write(regs, R::kRAH, i,
            static_cast<std::uint32_t>(mac >> 32) |
                (Full(rc::gen::arbitrary<bool>()) ? 0x80000000u : 0));
      Write(regs, R::kMPSAR, 2 * i, AnyPoolWord());
      Write(regs, R::kMPSAR, 2 * i + 1, AnyPoolWord());
      break;
    }
    case 1: {  // a whole VLAN pool filter
      const std::uint32_t i = AnyIndex(R::kVLVF, regs);
      Write(regs, R::kVLVF, i, AnyVid() | (Full(rc::gen::arbitrary<bool>()) ? 0x80000000u : 0));
      Write(regs, R::kVLVFB, 2 * i, AnyPoolWord());
      Write(regs, R::kVLVFB, 2 * i + 1, AnyPoolWord());
      break;
    }
    case 2: {
      const std::uint16_t vid = AnyVid();
      Write(regs, R::kVFTA, vid / 32, regs.Read(R::kVFTA, vid / 32) | (1u << (vid % 32)));
      break;
    }
    case 3:
      Write(regs, R::kVFTA, AnyIndex(R::kVFTA, regs), Full(rc::gen::arbitrary<std::uint32_t>()));
      break;
    case 4:
      Write(regs, R::kVLNCTRL, 0,
            (Full(rc::gen::weightedOneOf<std::uint32_t>(
                {{9, rc::gen::just(0x8100u)}, {1, rc::gen::just(0x88A8u)}}))) |
                (Full(rc::gen::arbitrary<bool>()) ? field::kVlnctrlVfe.Mask() : 0));
      break;
  }
}

// RandomFilterWrite's writes 5..11: pool options, VMDq control, pool enables and RSS.
void PoolOrRssWrite(RegisterFile& regs, int what) {
  switch (what) {
    case 5:
      Write(regs, R::kVMOLR, AnyIndex(R::kVMOLR, regs), Full(rc::gen::inRange(0u, 32u)) << 24);
      break;
    case 6:
      Write(regs, R::kVT_CTL, 0, Full(rc::gen::arbitrary<std::uint32_t>()) | 1u);
      break;
    case 7:
      Write(regs, R::kVFRE, Full(rc::gen::inRange(0u, 2u)),
            Full(rc::gen::arbitrary<std::uint32_t>()));
      break;
    case 8:
      Write(regs, R::kMRQC, 0,
            Full(rc::gen::elementOf(std::vector<std::uint32_t>{0, 1, 2, 8, 0xA, 0xB, 0xD})) |
                (Full(rc::gen::arbitrary<std::uint32_t>()) & 0x00FF0000u));
      break;
    case 9:
      Write(regs, R::kRETA, AnyIndex(R::kRETA, regs), Full(rc::gen::arbitrary<std::uint32_t>()));
      break;
    case 10:
      Write(regs, R::kRSSRK, AnyIndex(R::kRSSRK, regs), Full(rc::gen::arbitrary<std::uint32_t>()));
      break;
    case 11:
      Write(regs, R::kPSRTYPE, AnyIndex(R::kPSRTYPE, regs),
            Full(rc::gen::arbitrary<std::uint32_t>()));
      break;
  }
}

// RandomFilterWrite's writes 12 on: hash tables, receive control, and a driver's
// RAR + VLVF for one pool.
void HashOrReceiveWrite(RegisterFile& regs, int what) {
  switch (what) {
    case 12:
      Write(regs, R::kMCSTCTRL, 0, Full(rc::gen::inRange(0u, 8u)));
      break;
    case 13:
      Write(regs, R::kMTA, AnyIndex(R::kMTA, regs), Full(rc::gen::arbitrary<std::uint32_t>()));
      break;
    case 14:
      Write(regs, R::kUTA, AnyIndex(R::kUTA, regs), Full(rc::gen::arbitrary<std::uint32_t>()));
      break;
    case 15:
      Write(regs, R::kFCTRL, 0, Full(rc::gen::arbitrary<std::uint32_t>()));
      break;
    case 16:
      Write(regs, R::kMAXFRS, 0, Full(rc::gen::inRange(0u, 1700u)) << 16);
      break;
    case 17:
      Write(regs, R::kRXCTRL, 0,
            Full(rc::gen::weightedOneOf<std::uint32_t>(
                {{9, rc::gen::just(1u)}, {1, rc::gen::just(0u)}})));
      break;
    default: {  // the receive-side mirror of a typical driver: RAR + VLVF for one pool
      const std::uint32_t pool = Full(rc::gen::inRange(0u, 64u));
      const std::uint32_t i = AnyIndex(R::kVLVF, regs);
      const std::uint16_t vid = AnyVid();
      Write(regs, R::kVLVF, i, vid | 0x80000000u);
      Write(regs, R::kVLVFB, 2 * i + pool / 32, 1u << (pool % 32));
      Write(regs, R::kVFTA, vid / 32, regs.Read(R::kVFTA, vid / 32) | (1u << (vid % 32)));
      break;
    }
  }
}

// One write to a filter register, with values a driver would plausibly write.
void RandomFilterWrite(RegisterFile& regs) {
  const int what = Full(rc::gen::inRange(0, 19));
  if (what < 5) {
    AddressOrVlanWrite(regs, what);
  } else if (what < 12) {
    PoolOrRssWrite(regs, what);
  } else {
    HashOrReceiveWrite(regs, what);
  }
}

std::vector<std::uint8_t> RandomFrame() {
  const int kind = Full(rc::gen::inRange(0, 5));
  if (kind == 0)
    return Full(rc::gen::container<std::vector<std::uint8_t>>(rc::gen::arbitrary<std::uint8_t>()));
  const std::uint64_t mac = AnyMac();
  std::optional<std::uint16_t> tci;
  if (Full(rc::gen::arbitrary<bool>())) {
    tci = static_cast<std::uint16_t>(AnyVid() | (Full(rc::gen::inRange(0, 8)) << 13));
  }
  std::vector<std::uint8_t> frame;
  if (kind == 1) {
    frame = test::Ipv4Frame(mac, tci, Full(rc::gen::arbitrary<std::array<std::uint8_t, 4>>()),
                            Full(rc::gen::arbitrary<std::array<std::uint8_t, 4>>()),
                            Full(rc::gen::elementOf(std::vector<std::uint8_t>{6, 17, 1})),
                            Full(rc::gen::arbitrary<std::uint16_t>()),
                            Full(rc::gen::arbitrary<std::uint16_t>()));
    if (Full(rc::gen::inRange(0, 4)) == 0) frame[(tci ? 18 : 14) + 6] = 0x20;  // a fragment
  } else if (kind == 2) {
    frame = test::EthernetFrame(mac, tci, 14, 0x86DD);
    frame.push_back(0x60);
    const auto rest = Full(rc::gen::container<std::vector<std::uint8_t>>(
        *rc::gen::inRange<std::size_t>(0, 80), rc::gen::arbitrary<std::uint8_t>()));
    frame.insert(frame.end(), rest.begin(), rest.end());
    if (frame.size() > 20)
      frame[(tci ? 18 : 14) + 6] = Full(rc::gen::elementOf(std::vector<std::uint8_t>{6, 17, 59}));
  } else {
    frame = test::EthernetFrame(mac, tci, 14, Full(rc::gen::arbitrary<std::uint16_t>()));
  }
  frame.resize(Full(rc::gen::weightedOneOf<std::size_t>(
      {{8, rc::gen::just(std::max<std::size_t>(frame.size(), 60))},
       {1, rc::gen::inRange<std::size_t>(0, 1600)}})));
  return frame;
}

void CheckBothPathsAgree(Nic& nic, const std::vector<std::uint8_t>& frame) {
  const Decision readable = nic.Decide(frame, RxPath::kReadable);
  const Decision fast = nic.Decide(frame, RxPath::kFast);
  RC_ASSERT(readable == fast);
  QueueId one[1];
  const Frame frames[1] = {frame};
  nic.Classify(frames, one);
  RC_ASSERT(one[0] == Summarize(readable));
}

RC_GTEST_PROP(FastPathProperty, FastPathEqualsReadablePathOnRandomRegistersAndFrames, ()) {
  const Profile profile = Full(rc::gen::weightedOneOf<Profile>(
      {{4, rc::gen::just(k82599Profile)}, {1, rc::gen::just(kLargeProfile)}}));
  Nic nic(profile, HostMemory(0, 0));
  test::EnableVmdq(nic.registers(),
                   Full(rc::gen::elementOf(std::vector<std::uint32_t>{0, 1, 8, 0xA, 0xB})));
  // Writes and frames interleave, so the fast path is rebuilt between frames.
  const int steps = Full(rc::gen::inRange(1, 60));
  for (int s = 0; s < steps; ++s) {
    if (Full(rc::gen::inRange(0, 3)) == 0) {
      CheckBothPathsAgree(nic, RandomFrame());
    } else {
      RandomFilterWrite(nic.registers());
    }
  }
  for (int i = 0; i < 40; ++i) CheckBothPathsAgree(nic, RandomFrame());
}

RC_GTEST_PROP(FastPathProperty, BatchClassifyEqualsOneByOne, ()) {
  Nic nic(k82599Profile, HostMemory(0, 0));
  // Mostly VMDq without RSS: the mode a batch classifier is most tempted to special-case.
  test::EnableVmdq(nic.registers(),
                   Full(rc::gen::weightedOneOf<std::uint32_t>(
                       {{4, rc::gen::just(0x8u)},
                        {1, rc::gen::elementOf(std::vector<std::uint32_t>{0, 1, 0xA, 0xB})}})));
  const int writes = Full(rc::gen::inRange(0, 30));
  for (int s = 0; s < writes; ++s) RandomFilterWrite(nic.registers());
  std::vector<std::vector<std::uint8_t>> storage;
  const int n = Full(rc::gen::inRange(0, 70));  // several groups of the batch loop
  for (int i = 0; i < n; ++i) storage.push_back(RandomFrame());
  std::vector<Frame> frames(storage.begin(), storage.end());
  std::vector<QueueId> batch(frames.size());
  nic.Classify(frames, batch);
  for (std::size_t i = 0; i < frames.size(); ++i) {
    RC_ASSERT(batch[i] == Summarize(DecideReadable(nic.registers(), frames[i])));
  }
  // Every batch loop the CPU runs as well (SSE2, AVX2, AVX-512), whichever the device took.
  for (const auto& got : test::ClassifyWithEveryLoop(nic.registers(), frames)) {
    RC_ASSERT(got == batch);
  }
}

// Any offset, any width, any value, any frame: no crash, no UB (run under sanitizers in CI), and
// the paths still agree afterwards.
RC_GTEST_PROP(FastPathProperty, RandomBusTrafficAndFramesNeverCrash, ()) {
  Nic nic(k82599Profile, HostMemory(0x1000, 0x4000));
  test::EnableVmdq(nic.registers());
  const int steps = Full(rc::gen::inRange(1, 80));
  for (int s = 0; s < steps; ++s) {
    const int kind = Full(rc::gen::inRange(0, 4));
    const auto offset = Full(rc::gen::weightedOneOf<std::uint32_t>(
        {{3,
          rc::gen::map(rc::gen::inRange(0u, 0x21000u / 4), [](std::uint32_t w) { return 4 * w; })},
         {1, rc::gen::arbitrary<std::uint32_t>()}}));
    const auto width = Full(rc::gen::elementOf(std::vector<std::uint8_t>{4, 4, 4, 1, 2, 8, 0}));
    if (kind == 0) {
      (void)nic.registers().MmioRead(offset, width);
    } else if (kind == 1) {
      nic.registers().MmioWrite(offset, width, Full(rc::gen::arbitrary<std::uint64_t>()));
    } else if (kind == 2) {
      RandomFilterWrite(nic.registers());
    } else {
      const auto frame = RandomFrame();
      (void)nic.Receive(frame,
                        Full(rc::gen::arbitrary<bool>()) ? RxPath::kFast : RxPath::kReadable);
    }
  }
  CheckBothPathsAgree(nic, RandomFrame());
}

}  // namespace
}  // namespace vmqkit::hwref
