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
#include <span>
#include <string>
#include <unordered_map>
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

// Every filter's tests, one filter after the other in ascending filter id: the rule as the
// documents state it.
RouteResult Route(const RouteState& state, ndis::ByteView frame,
                  ndis::FrameParseOptions options = {});

// The same filters indexed by their DestinationAddress test. Every VMQ filter has one ([WDD]
// setting-a-vmq-filter: "a MAC address test"; VmqFilter::mac), and the tests are ANDed, so a frame
// can only match a filter whose address is its destination: routing looks up those few and runs
// the same tests (Matches) on them, in the same order, instead of testing every filter. The
// result is Route's in every field (property in spec/tests/route_index_test.cpp).
class RouteFilters {
 public:
  RouteFilters() = default;
  explicit RouteFilters(std::vector<RouteFilter> filters);  // ascending filter id
  const std::vector<RouteFilter>& all() const { return filters_; }
  // Positions in all(), ascending, of the filters whose address is `mac`.
  std::span<const std::uint32_t> WithAddress(const ndis::MacAddress& mac) const;

 private:
  static std::uint64_t Key(const ndis::MacAddress& mac);
  std::vector<RouteFilter> filters_;
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> by_address_;
};

RouteResult Route(const std::map<std::uint32_t, RouteQueue>& queues, const RouteFilters& filters,
                  ndis::ByteView frame, ndis::FrameParseOptions options = {});

}  // namespace vmqkit::spec
