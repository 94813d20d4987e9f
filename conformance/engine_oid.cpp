// The engine's OID step: NDIS's checks and answers, the request as the DUT sees it, its answer.
#include "conformance/engine.h"

#include <algorithm>

#include "conformance/engine_text.h"
#include "ndis/constants.h"
#include "ndis/structure_fields.h"

namespace vmqkit::conformance {
namespace {

using ndis::NdisStatus;
using nlohmann::json;

std::uint32_t LowestFree(const auto& map, std::uint32_t first, std::uint32_t last) {
  for (std::uint32_t id = first; id <= last && id != 0; ++id) {
    if (!map.contains(id)) return id;
  }
  return 0;
}

// The information buffer could not be read as the OID's structure ([HDR] ntddndis.h checks): the
// model's decoder names these rules "buffer.*".
bool IsBufferRefusal(const spec::StepResult& r) {
  return r.rule.rfind("buffer.", 0) == 0;
}

// OIDs (and request kinds) NDIS completes from its own state ([WDD] oid-receive-filter-*: "NDIS
// handles this OID"), read from the OID table.
bool AnsweredByNdis(const spec::OidRequest& request) {
  const ndis::OidInfo* info = ndis::FindOid(request.oid);
  if (info == nullptr) return false;
  const ndis::OidRequestRule* rule = ndis::FindRule(*info, request.kind);
  return rule != nullptr && rule->answerer == ndis::Answerer::kNdis;
}

// The scenario line the step records.
json OidLine(const std::string& name, const spec::OidRequest& request, Delivery delivery) {
  json line = {{"step", "oid"},
               {"adapter", name},
               {"oid", OidName(request.oid)},
               {"kind", std::string(ndis::ToString(request.kind))},
               {"buffer", ToHex(request.buffer)}};
  if (request.output_length) line["output_length"] = *request.output_length;
  if (delivery == Delivery::kDirect) line["deliver"] = "direct";
  return line;
}

// The request as the miniport receives it: NDIS writes the ids it assigns into the buffer
// ([WDD] allocating-a-vm-queue, setting-a-vmq-filter).
OidCall DutCall(const spec::OidRequest& request, std::uint64_t request_id, std::uint32_t next_queue,
                std::uint32_t next_filter) {
  OidCall call;
  call.request_id = request_id;
  call.oid = request.oid;
  call.request_type = static_cast<std::uint32_t>(request.kind);
  call.buffer = request.buffer;
  if (request.oid == ndis::kOidReceiveFilterAllocateQueue) {
    ndis::PutField(call.buffer, ndis::FieldOf(ndis::Structure::kReceiveQueueParameters, "QueueId"),
                   next_queue);
  }
  if (request.oid == ndis::kOidReceiveFilterSetFilter) {
    ndis::PutField(call.buffer,
                   ndis::FieldOf(ndis::Structure::kReceiveFilterParameters, "FilterId"),
                   next_filter);
  }
  call.output_length =
      request.kind == ndis::RequestKind::kSet
          ? 0
          : request.output_length.value_or(static_cast<std::uint32_t>(call.buffer.size()));
  return call;
}

}  // namespace

bool Engine::Oid(const std::string& name, const spec::OidRequest& request, Delivery delivery) {
  if (failed()) return false;
  Adapter* a = Find(name, OidLine(name, request, delivery));
  if (a == nullptr) return false;
  const std::uint32_t next_queue =
      LowestFree(a->model->queues(), 1,
                 std::max<std::uint32_t>(1, a->model->capabilities().current.num_queues));
  const std::uint32_t next_filter = LowestFree(a->model->filters(), 1, 0xFFFFFFFFu);
  const spec::VmqModel before = *a->model;
  const spec::StepResult r = a->model->Request(request);
  bool any_failure = false;
  if (options_.describe_steps) view_ = {PermittedText(r), "not passed down (NDIS answers)"};
  if (delivery == Delivery::kAsNdis &&
      (r.rejected_by == spec::Side::kNdis || AnsweredByNdis(request))) {
    // NDIS refuses it, or answers it from its own records: the miniport never sees it
    // (docs/dut-abi.md "Division of labour"; docs/errata.md E-650).
    return true;
  }
  if (delivery == Delivery::kDirect && r.rejected_by == spec::Side::kNdis && !IsBufferRefusal(r)) {
    // A request NDIS would refuse for what it means, not for how it is encoded: no page says which
    // status a miniport gives it, so any failure status is conformant, and it must change nothing
    // (docs/errata.md E-651). Malformed buffers keep the decoder's exact status.
    any_failure = true;
    if (options_.describe_steps) view_.model += " or any failure status (E-651)";
  }

  const OidCall call = DutCall(request, next_request_++, next_queue, next_filter);
  const OidOutput out = a->device->Request(call);
  const Observed observed = a->device->Take();
  const std::string what = OidSlug(request.oid);
  if (!CheckOidBuffer(call, out, what)) return false;
  if (options_.describe_steps) {
    view_.dut = StatusName(out.status) + ", BytesWritten " + std::to_string(out.bytes_written) +
                ", BytesNeeded " + std::to_string(out.bytes_needed) + ObservedText(observed);
  }
  if (!CompareStatus(r, out.status, what, any_failure)) return false;
  const auto status = static_cast<NdisStatus>(out.status);
  if (status != r.status && status != NdisStatus::kPending) {
    // The DUT took another permitted branch (a refusal the sources allow): the model follows it.
    *a->model = before;
    return CompareSideEffects(*a, spec::StepResult{}, observed, what) && CompareQueues(*a);
  }
  if (!CheckOidAnswer(request, r, out, next_queue, what)) return false;
  const spec::StepResult expected =
      status == NdisStatus::kPending ? Pend(*a, request, r, call.request_id) : r;
  return CompareSideEffects(*a, expected, observed, what) && CompareQueues(*a);
}

bool Engine::CheckOidBuffer(const OidCall& call, const OidOutput& out, const std::string& what) {
  // BytesWritten counts bytes written into InformationBuffer: never more than it holds, and
  // nothing past its end (docs/errata.md E-950).
  const std::size_t capacity = std::max<std::size_t>(call.buffer.size(), call.output_length);
  return Check(!out.wrote_past_buffer, "buffer.write-past-end",
               "[DDI] ns-oidrequest-ndis_oid_request (InformationBufferLength)",
               what + ": the DUT wrote past the end of the " + std::to_string(capacity) +
                   "-byte information buffer") &&
         Check(out.bytes_written <= capacity, "buffer.bytes-written-within-buffer",
               "[DDI] ns-oidrequest-ndis_oid_request (BytesWritten)",
               what + ": BytesWritten " + std::to_string(out.bytes_written) +
                   " but the information buffer holds " + std::to_string(capacity) + " bytes");
}

bool Engine::CheckOidAnswer(const spec::OidRequest& request, const spec::StepResult& r,
                            const OidOutput& out, std::uint32_t next_queue,
                            const std::string& what) {
  const auto status = static_cast<NdisStatus>(out.status);
  if (status == NdisStatus::kInvalidLength &&
      !Check(out.bytes_needed == r.bytes_needed, "buffer.bytes-needed",
             "[WDD] oid-receive-filter-* (INVALID_LENGTH sets BytesNeeded)",
             what + ": BytesNeeded " + std::to_string(out.bytes_needed) + ", expected " +
                 std::to_string(r.bytes_needed))) {
    return false;
  }
  if (status != NdisStatus::kSuccess || request.oid != ndis::kOidReceiveFilterAllocateQueue)
    return true;
  auto answer = ndis::DecodeReceiveQueueParameters(
      ndis::ByteView(out.buffer)
          .first(std::min<std::size_t>(out.bytes_written, out.buffer.size())));
  return Check(answer.ok() && answer->queue_id == next_queue, "allocate.output",
               "[WDD] oid-receive-filter-allocate-queue (method: the miniport returns the "
               "parameters with MSIXTableEntry)",
               what + ": the returned NDIS_RECEIVE_QUEUE_PARAMETERS " +
                   (answer ? "carry QueueId " + std::to_string(answer->queue_id)
                           : "do not decode: " + answer.error().reason));
}

spec::StepResult Engine::Pend(Adapter& a, const spec::OidRequest& request,
                              const spec::StepResult& r, std::uint64_t request_id) {
  std::uint32_t queue_id = 0;
  if (auto free = ndis::DecodeReceiveQueueFreeParameters(request.buffer)) queue_id = free->queue_id;
  a.pending.push_back({request_id, request.oid, queue_id});
  spec::StepResult expected = r;
  if (r.status == NdisStatus::kSuccess && request.oid == ndis::kOidReceiveFilterFreeQueue) {
    // The model completed synchronously; a pended free must complete within this step.
    expected.completions.push_back({request.oid, queue_id, NdisStatus::kSuccess});
  }
  return expected;
}

}  // namespace vmqkit::conformance
