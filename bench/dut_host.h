#pragma once
// A lean host for timing a DUT through the C ABI (abi/host/dut_adapter.h): it plays NDIS
// (assigns queue and filter ids, encodes OID buffers with abi/host/filter_requests.h), records
// indications as (queue id, cookie) without copying frames, and returns them in batches. The
// conformance suite keeps full logs; here the callbacks must cost as little as a real NDIS would.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "abi/host/dut_adapter.h"
#include "ndis/status.h"
#include "ndis/wire.h"
#include "vmqkit/dut.h"

namespace vmqkit::bench {

struct DutHostOptions {
  std::uint8_t ndis_minor = 30;
  std::uint32_t features = VMQKIT_HW_VMQ | VMQKIT_HW_RSS;
  std::uint64_t processors = 0xFF;
  std::uint32_t instance = 0;
};

class DutHost {
 public:
  DutHost(const vmqkit_dut_ops& ops, const DutHostOptions& options);
  DutHost(const DutHost&) = delete;
  DutHost& operator=(const DutHost&) = delete;

  bool created() const { return adapter_.created(); }
  ndis::NdisStatus Initialize();

  ndis::NdisStatus Allocate(std::uint32_t queue_id, std::uint64_t affinity_mask = 0x1);
  ndis::NdisStatus Complete(std::span<const std::uint32_t> queue_ids);
  // vlan 0: MAC with UNTAGGED_OR_ZERO; otherwise MAC + VLAN id. `mac` packed, byte 0 in bits 7:0.
  ndis::NdisStatus SetFilter(std::uint32_t queue_id, std::uint32_t filter_id, std::uint64_t mac,
                             std::uint16_t vlan);
  ndis::NdisStatus ClearFilter(std::uint32_t queue_id, std::uint32_t filter_id);
  // FREE_QUEUE; PENDING when frames are out (complete_oid follows once they are returned).
  ndis::NdisStatus Free(std::uint32_t queue_id, std::uint64_t request_id);

  // A frame on the wire; its indications are appended to queues() / cookies().
  void Receive(std::span<const std::uint8_t> frame) { adapter_.Receive(frame); }
  // Frames on the wire in order: one receive_batch call when the DUT offers it (else one receive
  // call per frame); their indications are appended as Receive's are.
  void ReceiveBatch(std::span<const vmqkit_frame> frames) { adapter_.ReceiveBatch(frames); }
  bool batched() const { return adapter_.batched(); }
  std::span<const std::uint32_t> indicated_queues() const { return {queues_.data(), count_}; }
  // Returns every indication recorded so far and forgets them.
  void ReturnAll();
  // Returns the recorded indications of one queue (MiniportReturnNetBufferLists for its frames).
  void ReturnQueue(std::uint32_t queue_id);
  void Forget() { count_ = 0; }

  std::uint32_t dma_stopped_statuses() const { return dma_stopped_; }
  std::uint32_t completions() const { return completions_; }
  std::uint32_t last_completion_status() const { return last_completion_status_; }
  std::uint32_t config_reads() const { return config_reads_; }

  // An OID buffer sent as is, for pre-encoded requests in timed loops.
  ndis::NdisStatus Request(std::uint32_t oid, std::uint32_t type, ndis::Bytes& buffer,
                           std::uint64_t request_id = 0);

  // The NDIS services (abi::NdisHost), called by the DUT.
  std::uint32_t ReadConfig(const char* keyword, std::uint32_t* value);
  void IndicateReceive(std::span<const vmqkit_receive_indication> frames, std::uint32_t flags);
  void IndicateStatus(std::uint32_t status, std::span<const std::uint8_t> buffer);
  void CompleteOid(std::uint64_t request_id, std::uint32_t status, std::uint32_t written,
                   std::uint32_t needed);

 private:
  // The indications recorded, [0, count_) of each; grown, never shrunk or zero-filled per frame.
  std::vector<std::uint32_t> queues_;
  std::vector<std::uint64_t> cookies_;
  std::size_t count_ = 0;
  std::uint32_t dma_stopped_ = 0;
  std::uint32_t completions_ = 0;
  std::uint32_t last_completion_status_ = 0;
  std::uint32_t config_reads_ = 0;
  ndis::Bytes scratch_;
  // Last: it halts the DUT while the records above still exist.
  abi::DutAdapter adapter_;
};

// The standard keywords a VMQ adapter is benchmarked with: VMQ chosen over RSS, VMQ and VLAN
// filtering on. Everything else is absent (the driver's documented defaults).
std::span<const std::pair<std::string_view, std::uint32_t>> BenchKeywords();

}  // namespace vmqkit::bench
