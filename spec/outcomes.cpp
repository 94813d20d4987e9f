#include "spec/outcomes.h"

#include <algorithm>
#include <array>

#include "ndis/constants.h"

namespace vmqkit::spec {
namespace {

using ndis::NdisStatus;

// [DV] ndis-ndisoidcomplete: "OID_RECEIVE_FILTER_CLEAR_FILTER ... OID_RECEIVE_FILTER_FREE_QUEUE
// ... Can only be completed with the following NTSTATUS values: NDIS_STATUS_NOT_ACCEPTED
// NDIS_STATUS_REQUEST_ABORTED NDIS_STATUS_SUCCESS NDIS_STATUS_PENDING".
constexpr std::array kFreeOrClearStatuses = {NdisStatus::kNotAccepted, NdisStatus::kRequestAborted,
                                             NdisStatus::kSuccess, NdisStatus::kPending};

bool StateMatches(const VmqModel& model, std::uint32_t queue_id,
                  ndis::QueueOperationalState state) {
  auto it = model.queues().find(queue_id);
  if (it == model.queues().end() || queue_id == ndis::kDefaultReceiveQueueId) return false;
  // [DDI] NDIS_RECEIVE_QUEUE_OPERATIONAL_STATE: Paused = allocated with no filters set; Running =
  // at least one filter set and ALLOCATION_COMPLETE "has completed, or will complete".
  switch (it->second.state) {
    case QueueState::kAllocated:
    case QueueState::kPaused:
      return state == ndis::QueueOperationalState::kPaused;
    case QueueState::kSet:
    case QueueState::kRunning:
      return state == ndis::QueueOperationalState::kRunning;
    default:
      return false;
  }
}

}  // namespace

bool IsFailureStatus(std::uint32_t status) {
  return (status & 0xC0000000u) == 0xC0000000u;
}

bool Permits(const StepResult& r, std::uint32_t status, bool strict) {
  if (strict && !r.no_recommendation) return status == static_cast<std::uint32_t>(r.status);
  const bool listed = std::any_of(r.permitted.begin(), r.permitted.end(), [&](NdisStatus s) {
    return static_cast<std::uint32_t>(s) == status;
  });
  return listed || (r.any_failure && IsFailureStatus(status));
}

std::string PermittedText(const StepResult& r, bool strict) {
  if (strict && !r.no_recommendation)
    return ndis::ToString(r.status) + " (--strict: the recommended status)";
  std::string out;
  for (auto s : r.permitted) out += (out.empty() ? "" : ", ") + ndis::ToString(s);
  if (r.any_failure) out += std::string(out.empty() ? "" : " or ") + "any failure status";
  return out;
}

std::span<const NdisStatus> VerifierCompletionStatuses(ndis::Oid oid) {
  if (oid == ndis::kOidReceiveFilterFreeQueue || oid == ndis::kOidReceiveFilterClearFilter) {
    return kFreeOrClearStatuses;
  }
  return {};
}

StepResult PassedDown(StepResult r, ndis::Oid oid) {
  if (!VerifierCompletionStatuses(oid).empty()) {
    // The miniport's refusals of FREE_QUEUE / CLEAR_FILTER are NOT_ACCEPTED ("the miniport driver
    // is resetting" / "surprise removed") or REQUEST_ABORTED; INVALID_PARAMETER, FILE_NOT_FOUND
    // and INVALID_LENGTH are NDIS's answers, never the miniport's (E-322).
    r.status = NdisStatus::kNotAccepted;
    r.permitted = {NdisStatus::kNotAccepted, NdisStatus::kRequestAborted};
    r.any_failure = false;
    r.bytes_needed = 0;
    r.rule = "NdisOidComplete";
    r.source = kNdisOidCompleteSource;
    return r;
  }
  // A malformed buffer keeps the decoder's exact status ([HDR] ntddndis.h fixes how a structure
  // is read); any other request NDIS would refuse may fail with any failure status (E-651).
  if (r.rule.rfind("buffer.", 0) != 0) r.any_failure = true;
  return r;
}

bool PermitsRoute(const RouteResult& route, const RouteOutcome& outcome, bool strict) {
  if (strict) return outcome == route.strict;
  return std::find(route.permitted.begin(), route.permitted.end(), outcome) !=
         route.permitted.end();
}

std::optional<std::string> OptionalIndicationProblem(const VmqModel& before, const VmqModel& after,
                                                     std::uint32_t code,
                                                     std::span<const std::uint8_t> buffer) {
  if (code != static_cast<std::uint32_t>(NdisStatus::kReceiveQueueState)) {
    return "unexpected status indication " + ndis::ToString(static_cast<NdisStatus>(code));
  }
  auto state = ndis::DecodeReceiveQueueState(ndis::ByteView(buffer.data(), buffer.size()));
  if (!state) {
    return "the NDIS_RECEIVE_QUEUE_STATE buffer does not decode: " + state.error().reason;
  }
  if (state->state == ndis::QueueOperationalState::kDmaStopped) {
    // "If the miniport driver stopped the DMA for some other reason (for example, it freed the
    // last filter on a queue), the queue should not enter the DMA Stopped state."
    return "DmaStopped indicated for queue " + std::to_string(state->queue_id) +
           " outside OID_RECEIVE_FILTER_FREE_QUEUE";
  }
  if (!StateMatches(before, state->queue_id, state->state) &&
      !StateMatches(after, state->queue_id, state->state)) {
    return "queue state " + std::to_string(static_cast<int>(state->state)) + " for queue " +
           std::to_string(state->queue_id) + " is not the state of an allocated VM queue";
  }
  return std::nullopt;
}

}  // namespace vmqkit::spec
