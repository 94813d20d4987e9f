#include "bench/hwref_setup.h"

#include <map>

#include "bench/model_oracle.h"
#include "hwref/register_map.h"

namespace vmqkit::bench {
namespace {

using hwref::RegisterId;
using R = RegisterId;
namespace f = hwref::field;

constexpr std::uint32_t kMrqeVmdq64 = 0x8;  // VMDq, 64 pools, no RSS

std::uint32_t DefaultPool(const hwref::Profile& profile) {
  return profile.pools - 1;
}

void SetPoolBit(hwref::RegisterFile& r, RegisterId id, std::uint32_t entry, std::uint32_t pool) {
  const std::uint32_t word = 2 * entry + pool / 32;
  r.Write(id, word, r.Read(id, word) | (1u << (pool % 32)));
}

}  // namespace

std::unique_ptr<hwref::Nic> ProgramHwref(const FilterTask& task) {
  const hwref::Profile* profile = nullptr;
  for (const hwref::Profile* p :
       {&hwref::k82599Profile, &hwref::kLargeProfile, &hwref::kScaleProfile}) {
    if (task.filters().size() <= p->address_entries && task.queues() < p->pools &&
        task.queues() <= p->vlan_filters) {
      profile = p;
      break;
    }
  }
  if (profile == nullptr) return nullptr;
  auto nic = std::make_unique<hwref::Nic>(*profile, hwref::HostMemory(0, 0));
  hwref::RegisterFile& r = nic->registers();
  const std::uint32_t def = DefaultPool(*profile);
  r.Write(R::kMRQC, 0, kMrqeVmdq64);
  r.Write(R::kVT_CTL, 0, f::kVtctlDefPl.Put(f::kVtctlVtEna.Mask(), def));
  r.Write(R::kVFRE, 0, ~0u);
  r.Write(R::kVFRE, 1, ~0u);
  for (std::uint32_t w = 0; w < 128; ++w) r.Write(R::kVFTA, w, ~0u);
  r.Write(R::kVLNCTRL, 0, 0x8100 | f::kVlnctrlVfe.Mask());
  r.Write(R::kVMOLR, def, f::kVmolrAupe.Mask() | f::kVmolrBam.Mask() | f::kVmolrMpe.Mask());

  std::uint32_t vlvf = 0;
  for (std::uint32_t q = 1; q <= task.queues(); ++q) {
    const std::uint32_t pool = q - 1;
    const std::uint16_t vlan = FilterTask::VlanOfQueue(q);
    if (vlan == 0) {
      r.Write(R::kVMOLR, pool, f::kVmolrAupe.Mask());
      continue;
    }
    r.Write(R::kVLVF, vlvf, vlan | f::kVlvfViEn.Mask());
    SetPoolBit(r, R::kVLVFB, vlvf, pool);
    SetPoolBit(r, R::kVLVFB, vlvf, def);
    ++vlvf;
  }
  std::uint32_t entry = 0;
  for (const TaskFilter& filter : task.filters()) {
    r.Write(R::kRAL, entry, static_cast<std::uint32_t>(filter.mac));
    r.Write(R::kRAH, entry, static_cast<std::uint32_t>(filter.mac >> 32) | f::kRahAv.Mask());
    SetPoolBit(r, R::kMPSAR, entry, filter.queue - 1);
    ++entry;
  }
  r.Write(R::kRXCTRL, 0, f::kRxctrlRxen.Mask());
  return nic;
}

std::uint32_t TaskQueueOf(const hwref::Nic& nic, hwref::QueueId id) {
  if (!id.is_queue()) return kDroppedQueue;
  const std::uint32_t pool = id.queue() / (nic.profile().queues / nic.profile().pools);
  return pool == DefaultPool(nic.profile()) ? 0 : pool + 1;
}

std::vector<std::uint32_t> TaskQueuesOf(const hwref::Nic& nic,
                                        std::span<const hwref::QueueId> ids) {
  std::vector<std::uint32_t> out;
  out.reserve(ids.size());
  for (hwref::QueueId id : ids) out.push_back(TaskQueueOf(nic, id));
  return out;
}

std::vector<hwref::Frame> FramesOf(const FilterTask& task) {
  std::vector<hwref::Frame> frames;
  frames.reserve(task.frame_count());
  for (std::size_t i = 0; i < task.frame_count(); ++i) frames.push_back(task.frame(i));
  return frames;
}

}  // namespace vmqkit::bench
