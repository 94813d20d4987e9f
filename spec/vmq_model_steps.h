#pragma once
// What every OID handler of VmqModel answers with: a refusal naming the rule and its source, a
// buffer NDIS cannot decode, a success, a blank cell of the queue-state table. Shared by the
// files of VmqModel (vmq_model.cpp, vmq_model_queues.cpp, vmq_model_filters.cpp) only.
#include <cstdint>
#include <string>
#include <string_view>

#include "ndis/structures.h"
#include "spec/lowest_free_id.h"
#include "spec/queue_states.h"
#include "spec/vmq_model.h"

namespace vmqkit::spec::model_steps {

inline constexpr const char* kFreePage = "[WDD] oid-receive-filter-free-queue";
inline constexpr const char* kSetFilterOidPage = "[WDD] oid-receive-filter-set-filter";
inline constexpr const char* kClearPage = "[WDD] oid-receive-filter-clear-filter";
inline constexpr const char* kCompletePage = "[WDD] oid-receive-filter-queue-allocation-complete";
inline constexpr const char* kQueueParamsPage = "[WDD] oid-receive-filter-queue-parameters";
inline constexpr const char* kStatesPage = "[WDD] queue-states-and-operations";
inline constexpr const char* kQueueParamsDdi = "[DDI] ns-ntddndis-_ndis_receive_queue_parameters";

StepResult Refused(Rejection rejection);
StepResult Refused(ndis::NdisStatus status, Side side, std::string rule, std::string source,
                   std::string reason);
// A buffer NDIS cannot read as the OID's structure: NDIS fails the request before the miniport
// sees it ([WDD] oid-receive-filter-* "Return status codes": INVALID_LENGTH with BytesNeeded).
StepResult DecodeRefused(const ndis::DecodeFailure& failure, std::string_view structure);
StepResult Succeeded();
// The table cell refuses: a blank entry is an invalid event/state combination.
StepResult BlankCell(QueueEvent event, const QueueRecord& queue);

using spec::LowestFreeId;  // spec/lowest_free_id.h

}  // namespace vmqkit::spec::model_steps
