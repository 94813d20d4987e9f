#pragma once
// The documented states of a VM queue and the event x state table of [WDD]
// queue-states-and-operations ("The blank entries represent invalid event/state combinations"),
// as data. [WDD] ndis-virtual-machine-queue-states describes the same machine in prose.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "ndis/constants.h"

namespace vmqkit::spec {

enum class QueueState : std::uint8_t {
  kUndefined,
  kAllocated,
  kSet,
  kRunning,
  kPaused,
  kDmaStopped,  // "Stop DMA" in the table
  kFreeing,
};
inline constexpr std::size_t kQueueStateCount = 7;
std::string_view ToString(QueueState state);  // "Undefined", "Allocated", ..., "DmaStopped"
std::optional<QueueState> ParseQueueState(std::string_view text);
// The NDIS_RECEIVE_QUEUE_OPERATIONAL_STATE that reports it (Allocated/Set/Freeing have none).
std::optional<ndis::QueueOperationalState> OperationalStateOf(QueueState state);

enum class QueueEvent : std::uint8_t {
  kAllocateQueue,
  kQueueParametersQuery,
  kQueueParametersSet,
  kSetFilter,
  kClearLastFilter,
  kClearNotLastFilter,
  kEnumFilters,
  kFilterParametersQuery,
  kAllocationComplete,
  kReceivePacket,
  kFreeQueue,
  kDmaStoppedIndicated,
  kIndicationsComplete,
};
inline constexpr std::size_t kQueueEventCount = 13;
std::string_view ToString(QueueEvent event);

struct TransitionRow {
  QueueEvent event;
  std::string_view row;                                          // the table's first column
  std::array<std::optional<QueueState>, kQueueStateCount> next;  // indexed by QueueState
};

// The table, one row per event, in the document's order.
std::span<const TransitionRow> QueueTransitionTable();
// The cell: the next state, or nullopt for a blank (invalid) cell.
std::optional<QueueState> NextState(QueueEvent event, QueueState state);

}  // namespace vmqkit::spec
