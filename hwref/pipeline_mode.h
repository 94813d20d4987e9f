#pragma once
// How MRQC.MRQE and VT_CTL.VT_ENA select the receive pipeline (E-401), shared by both paths so
// that the one mapping from register values to modes is written once.
#include <cstdint>

#include "hwref/profile.h"

namespace vmqkit::hwref {

struct PipelineMode {
  bool vmdq = false;                  // pool selection runs
  bool rss = false;                   // RSS picks the queue (inside the pool in VMDq mode)
  std::uint32_t active_pools = 1;     // pools in use (VMDq)
  std::uint32_t queues_per_pool = 1;  // VMDq: pool p owns queues [p*qpp, (p+1)*qpp)
};

// MRQE (ixgbe_type.h): 0x1 RSS; 0x8 VMDq 64 pools; 0xA VMDq 32 pools + RSS; 0xB VMDq 64 pools
// + RSS. VMDq needs VT_CTL.VT_ENA as well; every other value (the DCB modes) means one queue.
constexpr PipelineMode ModeOf(std::uint32_t mrqe, bool vt_enable, const Profile& profile) {
  PipelineMode m;
  const bool vmdq_mode = mrqe == 0x8 || mrqe == 0xA || mrqe == 0xB;
  if (vmdq_mode && vt_enable) {
    m.vmdq = true;
    m.rss = mrqe != 0x8;
    m.active_pools = mrqe == 0xA ? profile.pools / 2 : profile.pools;
    m.queues_per_pool = profile.queues / m.active_pools;
  } else {
    m.rss = mrqe == 0x1;
  }
  return m;
}

// In non-VMDq RSS mode the queue is the low four bits of the RETA entry (16 RSS queues, E-405).
inline constexpr std::uint32_t kRssOnlyQueueMask = 0xF;

}  // namespace vmqkit::hwref
