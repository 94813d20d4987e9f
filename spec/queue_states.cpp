#include "spec/queue_states.h"

#include "base/text.h"

namespace vmqkit::spec {
namespace {

using enum QueueState;
using S = std::optional<QueueState>;
constexpr S _ = std::nullopt;  // a blank cell

// Columns: Undefined, Allocated, Set, Running, Paused, Stop DMA, Freeing.
// Source: [WDD] queue-states-and-operations, table "Event \ State".
constexpr std::array<TransitionRow, kQueueEventCount> kTable = {{
    {QueueEvent::kAllocateQueue,
     "OID_RECEIVE_FILTER_ALLOCATE_QUEUE - method (set)",
     {kAllocated, _, _, _, _, _, _}},
    {QueueEvent::kQueueParametersQuery,
     "OID_RECEIVE_FILTER_QUEUE_PARAMETERS - method (query)",
     {_, kAllocated, kSet, kRunning, kPaused, _, _}},
    {QueueEvent::kQueueParametersSet,
     "OID_RECEIVE_FILTER_QUEUE_PARAMETERS - set request",
     {_, kAllocated, kSet, kRunning, kPaused, _, _}},
    {QueueEvent::kSetFilter,
     "OID_RECEIVE_FILTER_SET_FILTER - method (set) request",
     {_, kSet, kSet, kRunning, kRunning, _, _}},
    {QueueEvent::kClearLastFilter,
     "OID_RECEIVE_FILTER_CLEAR_FILTER - set request (last filter)",
     {_, _, kAllocated, kPaused, _, _, _}},
    {QueueEvent::kClearNotLastFilter,
     "OID_RECEIVE_FILTER_CLEAR_FILTER - set request (not last filter)",
     {_, _, kSet, kRunning, _, _, _}},
    {QueueEvent::kEnumFilters,
     "OID_RECEIVE_FILTER_ENUM_FILTERS - method (query request)",
     {_, kAllocated, kSet, kRunning, kPaused, _, _}},
    {QueueEvent::kFilterParametersQuery,
     "OID_RECEIVE_FILTER_PARAMETERS - method (query) request",
     {_, _, kSet, kRunning, _, _, _}},
    {QueueEvent::kAllocationComplete,
     "OID_RECEIVE_FILTER_QUEUE_ALLOCATION_COMPLETE - method (set) request",
     {_, kPaused, kRunning, _, _, _, _}},
    {QueueEvent::kReceivePacket, "Receive packet", {_, _, _, kRunning, _, _, _}},
    {QueueEvent::kFreeQueue,
     "OID_RECEIVE_FILTER_FREE_QUEUE set request",
     {_, kDmaStopped, _, _, kDmaStopped, _, _}},
    {QueueEvent::kDmaStoppedIndicated,
     "DMA is stopped and NDIS_STATUS_RECEIVE_QUEUE_STATE status indication was sent",
     {_, _, _, _, _, kFreeing, _}},
    {QueueEvent::kIndicationsComplete,
     "All receive indications are complete and the queue resources are freed",
     {_, _, _, _, _, _, kUndefined}},
}};

constexpr std::array<std::string_view, kQueueStateCount> kStateNames = {
    "Undefined", "Allocated", "Set", "Running", "Paused", "DmaStopped", "Freeing"};

}  // namespace

std::string_view ToString(QueueState state) {
  return kStateNames[static_cast<std::size_t>(state)];
}

std::optional<QueueState> ParseQueueState(std::string_view text) {
  for (std::size_t i = 0; i < kStateNames.size(); ++i) {
    if (EqualsIgnoreCase(kStateNames[i], text)) return static_cast<QueueState>(i);
  }
  if (EqualsIgnoreCase(text, "StopDma") || EqualsIgnoreCase(text, "Stop DMA")) {
    return kDmaStopped;
  }
  return std::nullopt;
}

std::optional<ndis::QueueOperationalState> OperationalStateOf(QueueState state) {
  switch (state) {
    case kRunning:
      return ndis::QueueOperationalState::kRunning;
    case kPaused:
      return ndis::QueueOperationalState::kPaused;
    case kDmaStopped:
      return ndis::QueueOperationalState::kDmaStopped;
    case kUndefined:
      return ndis::QueueOperationalState::kUndefined;
    default:
      return std::nullopt;
  }
}

std::string_view ToString(QueueEvent event) {
  switch (event) {
    case QueueEvent::kAllocateQueue:
      return "ALLOCATE_QUEUE";
    case QueueEvent::kQueueParametersQuery:
      return "QUEUE_PARAMETERS(query)";
    case QueueEvent::kQueueParametersSet:
      return "QUEUE_PARAMETERS(set)";
    case QueueEvent::kSetFilter:
      return "SET_FILTER";
    case QueueEvent::kClearLastFilter:
      return "CLEAR_FILTER(last)";
    case QueueEvent::kClearNotLastFilter:
      return "CLEAR_FILTER(not last)";
    case QueueEvent::kEnumFilters:
      return "ENUM_FILTERS";
    case QueueEvent::kFilterParametersQuery:
      return "PARAMETERS(query)";
    case QueueEvent::kAllocationComplete:
      return "QUEUE_ALLOCATION_COMPLETE";
    case QueueEvent::kReceivePacket:
      return "receive packet";
    case QueueEvent::kFreeQueue:
      return "FREE_QUEUE";
    case QueueEvent::kDmaStoppedIndicated:
      return "DMA stopped indicated";
    case QueueEvent::kIndicationsComplete:
      return "indications complete";
  }
  return "?";
}

std::span<const TransitionRow> QueueTransitionTable() {
  return kTable;
}

std::optional<QueueState> NextState(QueueEvent event, QueueState state) {
  return kTable[static_cast<std::size_t>(event)].next[static_cast<std::size_t>(state)];
}

}  // namespace vmqkit::spec
