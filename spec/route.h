#pragma once
// Frame routing: route(state, frame) gives the SET of outcomes the sources permit (a queue id, or
// drop) and the model's recommended one (`--strict`). Sources: [WDD] vmq-receive-filters
// (tests ANDed, filters ORed, "If there is no filter match on any of the queues, the network
// adapter assigns the packet to the default queue"), queue-states-and-operations ("A miniport
// driver can only indicate receive packets for a queue that is in the Running state"). Silent
// points: docs/errata.md E-304, E-305, E-307, E-308.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ndis/frame.h"
#include "spec/queue_states.h"
#include "spec/vmq_filter.h"

namespace vmqkit::spec {

struct RouteOutcome {
  bool drop = false;
  std::uint32_t queue_id = 0;  // when !drop; 0 is the default queue
  friend auto operator<=>(const RouteOutcome&, const RouteOutcome&) = default;
};
inline RouteOutcome QueueOutcome(std::uint32_t id) {
  return RouteOutcome{false, id};
}
inline RouteOutcome DropOutcome() {
  return RouteOutcome{true, 0};
}
std::string ToString(const RouteOutcome& outcome);  // "queue 3", "default", "drop"
// "queue 3", "queue:3", "default", "drop".
std::optional<RouteOutcome> ParseRouteOutcome(std::string_view text);

struct RouteResult {
  std::vector<RouteOutcome> permitted;         // sorted, unique, never empty
  RouteOutcome strict;                         // the recommended outcome, always in `permitted`
  std::vector<std::uint32_t> matched_filters;  // filters whose tests the frame passes
  std::string reason;                          // why this set
  std::vector<std::string> errata;             // errata entries that shaped the set
  std::optional<ndis::FrameView> frame;
};

// What routing needs to know of the adapter.
struct RouteQueue {
  QueueState state = QueueState::kUndefined;
};
struct RouteFilter {
  std::uint32_t filter_id = 0;
  std::uint32_t queue_id = 0;
  VmqFilter filter;
};
struct RouteState {
  std::map<std::uint32_t, RouteQueue> queues;  // queue 0, the default queue, is always Running
  std::vector<RouteFilter> filters;            // ascending filter id
};

RouteResult Route(const RouteState& state, ndis::ByteView frame,
                  ndis::FrameParseOptions options = {});

}  // namespace vmqkit::spec
