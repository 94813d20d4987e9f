#pragma once
// The permitted outcomes of one step, and the one place that judges an answer against them. The
// conformance engine compares every OID status, every completion of a pended request and every
// status indication through these functions, so no exact comparison can come back one rule at a
// time (issue 19, "How"). Default mode accepts every outcome the sources permit; `strict` accepts
// the recommended one. Sources are cited at each rule; decisions are docs/errata.md E-320..E-327.
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "ndis/oids.h"
#include "ndis/status.h"
#include "spec/route.h"
#include "spec/vmq_model.h"

namespace vmqkit::spec {

// An NDIS_STATUS with the error severity ([HDR] ntstatus.h: the two top bits set).
bool IsFailureStatus(std::uint32_t status);

// The final status of a request is permitted: one of `r.permitted` or, with `r.any_failure`, any
// failure status; `strict` narrows to the model's recommended `r.status`.
bool Permits(const StepResult& r, std::uint32_t status, bool strict);
// "INVALID_PARAMETER, FAILURE or any failure status" (strict: the recommended one only).
std::string PermittedText(const StepResult& r, bool strict);

// Driver Verifier rule NdisOidComplete ([DV] ndis-ndisoidcomplete): the statuses an OID may be
// completed with, empty when the rule names none for it. FREE_QUEUE and CLEAR_FILTER "can only
// be completed with" NOT_ACCEPTED, REQUEST_ABORTED, SUCCESS or PENDING.
std::span<const ndis::NdisStatus> VerifierCompletionStatuses(ndis::Oid oid);
inline constexpr const char* kNdisOidCompleteSource = "[DV] ndis-ndisoidcomplete (NdisOidComplete)";

// What a miniport is judged by when a request NDIS would refuse reaches it anyway
// (docs/errata.md E-651): any failure status, or the decoder's exact status for a malformed
// buffer; for an OID the NdisOidComplete rule covers, only its refusal statuses (E-322).
StepResult PassedDown(StepResult r, ndis::Oid oid);

// A receive indication on `outcome` is permitted by the route (strict: the recommended queue).
bool PermitsRoute(const RouteResult& route, const RouteOutcome& outcome, bool strict);

// An NDIS_STATUS_RECEIVE_QUEUE_STATE indication the step does not require: the page makes the
// DMA-stopped one the only required one ([WDD] ndis-status-receive-queue-state), so another is
// optional and permitted when it reports the true state of an allocated VM queue (E-323).
// Returns the problem, or nothing when the indication is permitted.
std::optional<std::string> OptionalIndicationProblem(const VmqModel& before, const VmqModel& after,
                                                     std::uint32_t code,
                                                     std::span<const std::uint8_t> buffer);

}  // namespace vmqkit::spec
