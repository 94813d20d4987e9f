// The engine's OID step: NDIS's checks and answers, the request as the DUT sees it, its answer.
#include "conformance/engine.h"

#include <algorithm>

#include "conformance/coverage_model.h"
#include "conformance/engine_text.h"
#include "conformance/suites.h"
#include "ndis/constants.h"
#include "ndis/structure_fields.h"
#include "spec/lowest_free_id.h"
#include "spec/outcomes.h"

namespace vmqkit::conformance {
namespace {

using ndis::NdisStatus;
using nlohmann::json;

using spec::LowestFreeId;

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
  const bool ok = OidStep(*a, name, request, delivery);
  CatchUp(*a, [&](spec::VmqModel& model) { (void)model.Request(request); });
  return ok;
}

bool Engine::OidStep(Adapter& ar, const std::string& name, const spec::OidRequest& request,
                     Delivery delivery) {
  Adapter* a = &ar;
  const std::uint32_t next_queue =
      LowestFreeId(a->model->queues(), 1,
                   std::max<std::uint32_t>(1, a->model->capabilities().current.num_queues));
  const std::uint32_t next_filter = LowestFreeId(a->model->filters(), 1, 0xFFFFFFFFu);
  const spec::VmqModel& before = *a->before;
  spec::StepResult r = a->model->Request(request);
  a->cleared.clear();
  for (const std::uint32_t id : r.filters_cleared) {
    a->cleared.push_back(before.filters().at(id).filter.mac);
  }
  if (options_.coverage != nullptr) options_.coverage->OnOid(name, before, request, r, *a->model);
  if (options_.describe_steps) view_ = {PermittedText(r), "not passed down (NDIS answers)"};
  if (delivery == Delivery::kAsNdis &&
      (r.rejected_by == spec::Side::kNdis || AnsweredByNdis(request))) {
    // NDIS refuses it, or answers it from its own records: the miniport never sees it
    // (docs/dut-abi.md "Division of labour"; docs/errata.md E-650).
    return true;
  }
  if (delivery == Delivery::kDirect && r.rejected_by == spec::Side::kNdis) {
    // A request NDIS would refuse, passed down anyway: what the miniport may answer (E-651, and
    // NdisOidComplete for FREE_QUEUE / CLEAR_FILTER, E-322). It must change nothing.
    r = spec::PassedDown(std::move(r), request.oid);
    if (options_.describe_steps) view_.model = spec::PermittedText(r, options_.strict);
  }

  const OidCall call = DutCall(request, next_request_++, next_queue, next_filter);
  OidOutput out = a->device->Request(call);
  Observed observed = a->device->Take();
  const std::string what = OidSlug(request.oid);
  if (!CheckOidBuffer(call, out, what)) return false;
  if (options_.describe_steps) {
    view_.dut = StatusName(out.status) + ", BytesWritten " + std::to_string(out.bytes_written) +
                ", BytesNeeded " + std::to_string(out.bytes_needed) + ObservedText(observed);
  }
  if (out.status == static_cast<std::uint32_t>(NdisStatus::kPending) &&
      r.status != NdisStatus::kPending && !TakeCompletion(call, out, observed, what)) {
    return false;
  }
  if (!CompareStatus(r, out.status, request.oid, what)) return false;
  const auto status = static_cast<NdisStatus>(out.status);
  if (status != r.status && status != NdisStatus::kPending) {
    // The DUT took another permitted branch (a refusal the sources allow): the model follows it.
    Revert(*a);
    return CompareSideEffects(*a, spec::StepResult{}, before, observed, what) && CompareQueues(*a);
  }
  if (!CheckOidAnswer(call, r, out, what)) return false;
  const spec::StepResult expected =
      status == NdisStatus::kPending ? Pend(*a, request, r, call.request_id) : r;
  return CompareSideEffects(*a, expected, before, observed, what) && CompareQueues(*a);
}

bool Engine::Probe(const std::string& name) {
  if (failed()) return false;
  auto it = adapters_.find(name);
  if (it == adapters_.end() || !it->second.model) return true;
  std::vector<ndis::MacAddress> macs = it->second.cleared;
  std::vector<std::optional<std::uint16_t>> vlans = {std::nullopt, 0, 4094};
  for (const auto& [id, filter] : it->second.model->filters()) {
    macs.push_back(filter.filter.mac);
    if (filter.filter.vlan_id) vlans.push_back(filter.filter.vlan_id);
  }
  std::sort(macs.begin(), macs.end(),
            [](const auto& x, const auto& y) { return x.bytes < y.bytes; });
  macs.erase(std::unique(macs.begin(), macs.end()), macs.end());
  std::sort(vlans.begin(), vlans.end());
  vlans.erase(std::unique(vlans.begin(), vlans.end()), vlans.end());
  ndis::MacAddress broadcast;
  broadcast.bytes.fill(0xFF);
  bool ok = Rx(name, Frame(broadcast, std::nullopt));
  for (const auto& mac : macs) {
    for (const auto& vlan : vlans) ok = ok && Rx(name, Frame(mac, vlan));
  }
  return ok;
}

bool Engine::TakeCompletion(const OidCall& call, OidOutput& out, Observed& observed,
                            const std::string& what) {
  // MiniportOidRequest may return NDIS_STATUS_PENDING and complete with NdisMOidRequestComplete;
  // the completion's status and the information buffer are the answer. The buffer is the
  // caller's only during the call (docs/dut-abi.md), so the completion comes before it returns.
  auto done =
      std::find_if(observed.completions.begin(), observed.completions.end(),
                   [&](const CompletionRecord& c) { return c.request_id == call.request_id; });
  if (!Check(done != observed.completions.end(), "oid.pended-request-completes",
             "[DDI] nf-ndis-ndismoidrequestcomplete; docs/errata.md E-324",
             what + " returned NDIS_STATUS_PENDING and was not completed before the call "
                    "returned")) {
    return false;
  }
  out.status = done->status;
  out.bytes_written = done->bytes_written;
  out.bytes_needed = done->bytes_needed;
  observed.completions.erase(done);
  const bool again =
      std::any_of(observed.completions.begin(), observed.completions.end(),
                  [&](const CompletionRecord& c) { return c.request_id == call.request_id; });
  // "A miniport driver must not call the NdisMOidRequestComplete function with the final status
  // of the request operation as NDIS_STATUS_PENDING" ([DV] ndis-ndisoidcomplete).
  return Check(!again, "DoubleComplete", "[DV] ndis-doublecomplete (DoubleComplete)",
               what + ": request " + std::to_string(call.request_id) + " completed twice") &&
         Check(out.status != static_cast<std::uint32_t>(NdisStatus::kPending), "NdisOidComplete",
               spec::kNdisOidCompleteSource,
               what + ": NdisMOidRequestComplete called with NDIS_STATUS_PENDING") &&
         CheckOidBuffer(call, out, what);
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

bool Engine::CheckOidAnswer(const OidCall& call, const spec::StepResult& r, const OidOutput& out,
                            const std::string& what) {
  const auto status = static_cast<NdisStatus>(out.status);
  if (status == NdisStatus::kInvalidLength &&
      !Check(out.bytes_needed == r.bytes_needed, "buffer.bytes-needed",
             "[WDD] oid-receive-filter-* (INVALID_LENGTH sets BytesNeeded)",
             what + ": BytesNeeded " + std::to_string(out.bytes_needed) + ", expected " +
                 std::to_string(r.bytes_needed))) {
    return false;
  }
  if (status != NdisStatus::kSuccess || call.oid != ndis::kOidReceiveFilterAllocateQueue)
    return true;
  return CheckAllocateOutput(call, out, what);
}

bool Engine::CheckAllocateOutput(const OidCall& call, const OidOutput& out,
                                 const std::string& what) {
  // "After a successful return ... the InformationBuffer ... contains ... an
  // NDIS_RECEIVE_QUEUE_PARAMETERS structure that has a new queue identifier" ([WDD]
  // oid-receive-filter-allocate-queue): every member the caller set comes back as it went in,
  // QueueId as NDIS assigned it; the miniport fills MSIXTableEntry (docs/errata.md E-327).
  constexpr const char* kSource =
      "[WDD] oid-receive-filter-allocate-queue (the information buffer contains the updated "
      "NDIS_RECEIVE_QUEUE_PARAMETERS); docs/errata.md E-327";
  auto sent = ndis::DecodeReceiveQueueParameters(call.buffer);
  auto answer = ndis::DecodeReceiveQueueParameters(
      ndis::ByteView(out.buffer)
          .first(std::min<std::size_t>(out.bytes_written, out.buffer.size())));
  if (!Check(answer.ok(), "allocate.output", kSource,
             what + ": the returned NDIS_RECEIVE_QUEUE_PARAMETERS do not decode: " +
                 (answer ? std::string() : answer.error().reason)) ||
      !sent) {
    return !failed();
  }
  ndis::ReceiveQueueParameters expected = *sent;
  expected.msix_table_entry = answer->msix_table_entry;
  return Check(*answer == expected, "allocate.output", kSource,
               what +
                   ": the returned NDIS_RECEIVE_QUEUE_PARAMETERS differ from the request "
                   "(QueueId " +
                   std::to_string(answer->queue_id) + ", expected " +
                   std::to_string(sent->queue_id) + "): " + QueueParametersDiff(*sent, *answer));
}

spec::StepResult Engine::Pend(Adapter& a, const spec::OidRequest& request,
                              const spec::StepResult& r, std::uint64_t request_id) {
  std::uint32_t queue_id = 0;
  if (auto free = ndis::DecodeReceiveQueueFreeParameters(request.buffer)) queue_id = free->queue_id;
  a.pending.push_back({request_id, request.oid, queue_id});
  return r;
}

}  // namespace vmqkit::conformance
