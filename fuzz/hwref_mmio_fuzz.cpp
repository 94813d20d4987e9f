// libFuzzer target: the hwref MMIO interface. A program of random register reads and writes (any
// offset, any width) interleaved with frames through both receive paths; the readable and the fast
// path (one frame, and batches through every loop the CPU runs) must reach the same decision after
// every write.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "hwref/fast_path/fast_path.h"
#include "hwref/nic.h"
#include "hwref/profile.h"
#include "hwref/readable_path.h"

namespace {

constexpr std::uint8_t kWidths[] = {1, 2, 4, 8};
constexpr std::uint64_t kMemoryBase = 0x10000;
constexpr std::size_t kMemorySize = 1 << 16;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace vmqkit::hwref;
  FuzzedDataProvider in(data, size);
  const Profile& profile = in.ConsumeBool() ? k82599Profile : kLargeProfile;
  Nic nic(profile, HostMemory(kMemoryBase, kMemorySize));
  std::vector<std::vector<std::uint8_t>> batch;  // the last batch Classify was given
  // Bounded so that one input stays well inside libFuzzer's timeout.
  for (int op = 0; op < 512 && in.remaining_bytes() > 0; ++op) {
    switch (in.ConsumeIntegralInRange<int>(0, 3)) {
      case 0: {
        // Offsets near the register file's own (below 128 KiB) most of the time.
        const std::uint32_t offset = in.ConsumeBool()
                                         ? in.ConsumeIntegralInRange<std::uint32_t>(0, 0x1FFFF)
                                         : in.ConsumeIntegral<std::uint32_t>();
        (void)nic.registers().MmioRead(offset, kWidths[in.ConsumeIntegralInRange<int>(0, 3)]);
        break;
      }
      case 1: {
        const std::uint32_t offset = in.ConsumeBool()
                                         ? in.ConsumeIntegralInRange<std::uint32_t>(0, 0x1FFFF)
                                         : in.ConsumeIntegral<std::uint32_t>();
        const std::uint8_t width = kWidths[in.ConsumeIntegralInRange<int>(0, 3)];
        nic.registers().MmioWrite(offset, width, in.ConsumeIntegral<std::uint64_t>());
        break;
      }
      case 2: {
        const std::vector<std::uint8_t> frame =
            in.ConsumeBytes<std::uint8_t>(in.ConsumeIntegralInRange<std::size_t>(0, 1600));
        if (nic.Decide(frame, RxPath::kReadable) != nic.Decide(frame, RxPath::kFast)) {
          __builtin_trap();
        }
        (void)nic.Receive(frame, in.ConsumeBool() ? RxPath::kFast : RxPath::kReadable);
        break;
      }
      default: {
        // Up to three eight-frame steps of the AVX-512 loop and a partial one, answered as the
        // readable path answers each frame.
        batch.clear();
        const int count = in.ConsumeIntegralInRange<int>(1, 27);
        for (int i = 0; i < count; ++i) {
          batch.push_back(
              in.ConsumeBytes<std::uint8_t>(in.ConsumeIntegralInRange<std::size_t>(0, 128)));
        }
        const std::vector<Frame> frames(batch.begin(), batch.end());
        std::vector<QueueId> queues(frames.size());
        nic.Classify(frames, queues);
        for (std::size_t i = 0; i < frames.size(); ++i) {
          if (queues[i] != Summarize(DecideReadable(nic.registers(), frames[i]))) __builtin_trap();
        }
        break;
      }
    }
  }
  // The last batch through every loop the CPU runs, on the final register state (once per
  // input: a FastPath build walks every register).
  const std::vector<Frame> frames(batch.begin(), batch.end());
  std::vector<QueueId> queues(frames.size());
  nic.Classify(frames, queues);
  for (FastPath::Lookups lookups : FastPath::SupportedLookups()) {
    FastPath fast(nic.registers());
    fast.UseLookups(lookups);
    std::vector<QueueId> other(frames.size());
    fast.Classify(frames, other);
    if (other != queues) __builtin_trap();
  }
  (void)nic.InterruptTargetOfQueue(in.ConsumeIntegral<std::uint32_t>());
  return 0;
}
