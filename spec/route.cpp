#include "spec/route.h"

#include <algorithm>
#include <charconv>
#include <set>
#include <variant>

namespace vmqkit::spec {
namespace {

struct ViewOutcomes {
  std::set<RouteOutcome> permitted;
  RouteOutcome strict;
  std::vector<std::uint32_t> matched;
  std::string reason;
  std::vector<std::string> errata;
};

using Queues = std::map<std::uint32_t, RouteQueue>;

bool IsRunning(const Queues& queues, std::uint32_t queue_id) {
  if (queue_id == 0) return true;  // the default queue always exists ([WDD] vmq-receive-filters)
  auto it = queues.find(queue_id);
  return it != queues.end() && it->second.state == QueueState::kRunning;
}

// The filters a frame is tested against, in ascending filter id: every one, or those an index
// found for the frame's destination (the others fail its DestinationAddress test).
class Candidates {
 public:
  explicit Candidates(const std::vector<RouteFilter>& all) : all_(all), every_(true) {}
  Candidates(const std::vector<RouteFilter>& all, std::span<const std::uint32_t> positions)
      : all_(all), positions_(positions), every_(false) {}
  std::size_t size() const { return every_ ? all_.size() : positions_.size(); }
  const RouteFilter& operator[](std::size_t i) const {
    return every_ ? all_[i] : all_[positions_[i]];
  }

 private:
  const std::vector<RouteFilter>& all_;
  std::span<const std::uint32_t> positions_;
  bool every_;
};

ViewOutcomes RouteView(const Queues& queues, const Candidates& filters,
                       const ndis::FrameView& frame) {
  ViewOutcomes out;
  std::optional<RouteFilter> first_running;  // lowest filter id among running matches
  std::set<std::uint32_t> running_queues;
  bool skipped_not_running = false;
  for (std::size_t i = 0; i < filters.size(); ++i) {
    const RouteFilter& filter = filters[i];
    if (!Matches(filter.filter, frame)) continue;
    out.matched.push_back(filter.filter_id);
    if (!IsRunning(queues, filter.queue_id)) {
      // Only a Running queue indicates ([WDD] queue-states-and-operations); the frame is then
      // handled as if that filter did not match (E-304).
      skipped_not_running = true;
      continue;
    }
    running_queues.insert(filter.queue_id);
    if (!first_running) first_running = filter;
  }
  if (skipped_not_running) out.errata.push_back("E-304");
  if (!running_queues.empty()) {
    for (std::uint32_t id : running_queues) out.permitted.insert(QueueOutcome(id));
    out.strict = QueueOutcome(first_running->queue_id);
    out.reason = "filter " + std::to_string(first_running->filter_id) + " matches";
    if (running_queues.size() > 1) {
      // Overlapping filters on two queues: the sources give no order (E-307).
      out.errata.push_back("E-307");
      out.reason += "; filters on " + std::to_string(running_queues.size()) +
                    " queues match, any of them is permitted";
    }
    return out;
  }
  out.permitted.insert(QueueOutcome(0));
  out.strict = QueueOutcome(0);
  out.reason = skipped_not_running ? "the matching filter's queue is not Running: default queue"
                                   : "no filter matches: default queue";
  // A group (broadcast or multicast) destination passes only a DestinationAddress test of that
  // same address: "A network adapter indicates a received packet on a queue only if it passes all
  // the filter field tests for a filter that is set on that queue" ([WDD] vmq-receive-path). So
  // it is never indicated on a VM queue through another address's filter (E-308).
  return out;
}

}  // namespace

std::string ToString(const RouteOutcome& outcome) {
  if (outcome.drop) return "drop";
  if (outcome.queue_id == 0) return "default";
  return "queue " + std::to_string(outcome.queue_id);
}

std::optional<RouteOutcome> ParseRouteOutcome(std::string_view text) {
  if (text == "drop") return DropOutcome();
  if (text == "default") return QueueOutcome(0);
  for (std::string_view prefix : {"queue ", "queue:"}) {
    if (text.substr(0, prefix.size()) == prefix) {
      std::string_view digits = text.substr(prefix.size());
      std::uint32_t id = 0;
      auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
      if (error == std::errc{} && end == digits.data() + digits.size() && !digits.empty()) {
        return QueueOutcome(id);
      }
    }
  }
  return std::nullopt;
}

namespace {

// Route with the filters a destination can match given by `candidates(destination)`.
template <typename CandidatesOf>
RouteResult RouteWith(const Queues& queues, CandidatesOf&& candidates, ndis::ByteView bytes,
                      ndis::FrameParseOptions options) {
  RouteResult result;
  auto parsed = ndis::ParseFrame(bytes, options);
  if (const auto* rejection = std::get_if<ndis::FrameRejection>(&parsed)) {
    // A runt or truncated frame is discarded by the MAC before any filter (IEEE 802.3 4.2.4.2.2).
    result.permitted = {DropOutcome()};
    result.strict = DropOutcome();
    result.reason = std::string(ndis::ToString(rejection->defect)) + ": " + rejection->reason;
    return result;
  }
  const ndis::FrameView& frame = std::get<ndis::FrameView>(parsed);
  result.frame = frame;
  ViewOutcomes outcomes;
  if (frame.service_tag) {
    // 802.1ad frames are outside the VMQ documents (E-305): an adapter unaware of 802.1ad sees an
    // untagged frame of EtherType 0x88A8; the recommended outcome is the default queue.
    ndis::FrameView unaware = frame;
    unaware.service_tag.reset();
    unaware.tag.reset();
    unaware.ether_type = ndis::kTpid8021ad;
    outcomes = RouteView(queues, candidates(unaware.destination), unaware);
    outcomes.permitted.insert(QueueOutcome(0));
    outcomes.strict = QueueOutcome(0);
    outcomes.errata.push_back("E-305");
    outcomes.reason = "802.1ad service tag: default queue, or routed as an untagged frame (E-305)";
  } else {
    outcomes = RouteView(queues, candidates(frame.destination), frame);
  }
  result.permitted.assign(outcomes.permitted.begin(), outcomes.permitted.end());
  result.strict = outcomes.strict;
  result.matched_filters = std::move(outcomes.matched);
  result.reason = std::move(outcomes.reason);
  result.errata = std::move(outcomes.errata);
  return result;
}

}  // namespace

RouteResult Route(const RouteState& state, ndis::ByteView bytes, ndis::FrameParseOptions options) {
  return RouteWith(
      state.queues, [&](const ndis::MacAddress&) { return Candidates(state.filters); }, bytes,
      options);
}

RouteFilters::RouteFilters(std::vector<RouteFilter> filters) : filters_(std::move(filters)) {
  for (std::size_t i = 0; i < filters_.size(); ++i) {
    by_address_[Key(filters_[i].filter.mac)].push_back(static_cast<std::uint32_t>(i));
  }
}

std::uint64_t RouteFilters::Key(const ndis::MacAddress& mac) {
  std::uint64_t key = 0;
  for (std::uint8_t byte : mac.bytes) key = (key << 8) | byte;
  return key;
}

std::span<const std::uint32_t> RouteFilters::WithAddress(const ndis::MacAddress& mac) const {
  auto it = by_address_.find(Key(mac));
  if (it == by_address_.end()) return {};
  return it->second;
}

RouteResult Route(const Queues& queues, const RouteFilters& filters, ndis::ByteView bytes,
                  ndis::FrameParseOptions options) {
  return RouteWith(
      queues,
      [&](const ndis::MacAddress& destination) {
        return Candidates(filters.all(), filters.WithAddress(destination));
      },
      bytes, options);
}

}  // namespace vmqkit::spec
