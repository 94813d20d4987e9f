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

// Frames per receive_batch call in the timed loops: a receive burst the size a driver cleans at
// once (vmq_bench's kBatch).
inline constexpr std::size_t kReceiveBatch = 256;
// The task's frames as the ABI passes them to receive_batch (built once; a batch is a subspan).
std::vector<vmqkit_frame> WireFrames(const FilterTask& task);
// The batch entry point checked against the model: every frame alone through ReceiveBatch (its
// queue must be the model's), then every kReceiveBatch frames at once (the frames indicated on
// each queue must be as many as the model sends there). The first difference, described.
std::optional<std::string> CheckBatches(DutHost& host, const FilterTask& task,
                                        std::span<const vmqkit_frame> frames);
// One pass over the frames in batches of kReceiveBatch, the indications returned after each.
void ReceivePass(DutHost& host, std::span<const vmqkit_frame> frames);

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

// A figure measured in several rounds: the median round and the lowest and highest.
struct Spread {
  double median = 0;
  double low = 0;
  double high = 0;
};
Spread SpreadOf(std::vector<double> values);  // all zero when empty
inline constexpr int kRounds = 5;

// Receive-path rate of the task on a fresh adapter; the answers are checked first. The time is
// taken in kRounds rounds, each timing the DUT and then the null DUT (bench/null_dut.h, batched
// when the DUT is) on the same frames through the same host for min_seconds / kRounds each: the
// null DUT's time is the DUT path's own (ABI calls, indications, returns), and the difference per
// round is the driver's own cost.
struct ReceiveMeasurement {
  std::uint32_t filters = 0;
  std::optional<std::string> error;  // setup refused, or answers differ from the model
  bool batched = false;              // the DUT offers receive_batch
  Rate frames;                       // the DUT over every round
  Spread ns_per_frame;               // the DUT, per round
  Spread harness_ns_per_frame;       // the null DUT, per round
  Spread own_ns_per_frame;           // the difference, per round
};
ReceiveMeasurement MeasureReceive(const vmqkit_dut_ops& ops, const FilterTask& task,
                                  double min_seconds);

// The DUT path alone: the null DUT on the task's frames, through receive_batch and through one
// receive call per frame, kRounds rounds of min_seconds / kRounds each.
struct HarnessMeasurement {
  Spread batched_ns_per_frame;
  Spread per_frame_ns_per_frame;
};
HarnessMeasurement MeasureHarness(const FilterTask& task, double min_seconds);

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
