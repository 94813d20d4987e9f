#pragma once
// The measurements a DUT gets through the C ABI, shared by vmq_bench (the reference miniport) and
// `vmqkit bench --dut LIB` (a vendor's plug-in): the filter-path task end to end (wire frame to
// indication), set-and-clear filter pairs, and the live migration of 256 VMs between two adapters.
// Every setup step checks the DUT's NDIS_STATUS and its answers against the model first; an error
// names the step.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bench/dut_host.h"
#include "bench/filter_task.h"

namespace vmqkit::bench {

// ALLOCATE_QUEUE for every task queue, SET_FILTER for every filter, QUEUE_ALLOCATION_COMPLETE.
std::optional<std::string> InstallTask(DutHost& host, const FilterTask& task);
// Every task frame on the wire; the queue each was indicated on (kDroppedQueue if none, the
// first queue if several), indications returned after each frame.
std::vector<std::uint32_t> ReceiveTask(DutHost& host, const FilterTask& task);

// Live migration rig: adapters A and B of one host, guests moved one by one.
struct Guest {
  std::uint32_t queue_id = 0;
  std::uint32_t filter_id = 0;
  std::uint64_t mac = 0;
  std::uint16_t vlan = 0;
};
inline constexpr std::uint32_t kResidentGuests = 32;  // queues per adapter used at a time
Guest GuestOf(std::uint32_t index);                   // index < 2^16

// Running guest on `host`: ALLOCATE_QUEUE, SET_FILTER, QUEUE_ALLOCATION_COMPLETE, and one frame
// indicated and held by the guest (so FREE_QUEUE must wait for it).
std::optional<std::string> AttachGuest(DutHost& host, const Guest& guest);
// The migration step: on `from` CLEAR_FILTER, FREE_QUEUE (DMA stopped status, pending until the
// held frame returns, then complete_oid); on `to` ALLOCATE_QUEUE, SET_FILTER,
// QUEUE_ALLOCATION_COMPLETE.
std::optional<std::string> MigrateGuest(DutHost& from, DutHost& to, const Guest& guest);
// CLEAR_FILTER and FREE_QUEUE without frames out.
std::optional<std::string> DetachGuest(DutHost& host, const Guest& guest);

struct Rate {
  double per_second = 0;
  double seconds = 0;
  std::uint64_t count = 0;
};

// Receive-path rate of the task on a fresh adapter; the answers are checked first.
struct ReceiveMeasurement {
  std::uint32_t filters = 0;
  std::optional<std::string> error;  // setup refused, or answers differ from the model
  Rate frames;
};
ReceiveMeasurement MeasureReceive(const vmqkit_dut_ops& ops, const FilterTask& task,
                                  double min_seconds);

// SET_FILTER + CLEAR_FILTER pairs per second on one Running queue.
struct OidMeasurement {
  std::optional<std::string> error;
  Rate pairs;
};
OidMeasurement MeasureSetClearPairs(const vmqkit_dut_ops& ops, double min_seconds);

// 256 guests migrated A -> B in waves of kResidentGuests; only MigrateGuest is timed.
struct MigrationMeasurement {
  std::optional<std::string> error;
  Rate guests;  // guests migrated per second
};
inline constexpr std::uint32_t kMigratedGuests = 256;
MigrationMeasurement MeasureLiveMigration(const vmqkit_dut_ops& ops, std::uint32_t guests);

}  // namespace vmqkit::bench
