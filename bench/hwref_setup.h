#pragma once
// The filter-path task programmed into hwref's registers the way a VMQ miniport programs an
// 82599-style VMDq NIC (docs/reference.md, "How VMQ maps onto the registers"): queue q on pool
// q - 1, the default queue on the last pool (VT_CTL.DEF_PL, VMOLR AUPE|BAM|MPE), every VFTA bit
// set with VLNCTRL.VFE on, one VLVF entry per VLAN with the queue's pool and the default pool,
// VMOLR.AUPE on the pools of untagged-or-zero queues, one RAL/RAH entry per filter address with
// its pool's MPSAR bit. The task keeps one VLAN class per queue, so the hardware's MAC x VLAN
// pool product accepts exactly the task's filters.
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "bench/filter_task.h"
#include "hwref/decision.h"
#include "hwref/nic.h"

namespace vmqkit::bench {

// The programmed device, or nullptr when no hwref profile holds the task's filters.
std::unique_ptr<hwref::Nic> ProgramHwref(const FilterTask& task);

// The task's queue id of a hardware decision: the pool of the ring, the default pool as queue 0;
// drops and replications map to kDroppedQueue (the task has neither).
std::uint32_t TaskQueueOf(const hwref::Nic& nic, hwref::QueueId id);
std::vector<std::uint32_t> TaskQueuesOf(const hwref::Nic& nic, std::span<const hwref::QueueId> ids);

// The task's frames as hwref frames (views into the task).
std::vector<hwref::Frame> FramesOf(const FilterTask& task);

}  // namespace vmqkit::bench
