#include "bench/model_oracle.h"

namespace vmqkit::bench {

spec::RouteState RouteStateOf(const FilterTask& task) {
  spec::RouteState state;
  for (std::uint32_t q = 1; q <= task.queues(); ++q) {
    state.queues[q] = spec::RouteQueue{spec::QueueState::kRunning};
  }
  state.filters.reserve(task.filters().size());
  for (const TaskFilter& f : task.filters()) {
    spec::VmqFilter filter;
    for (std::size_t b = 0; b < 6; ++b) {
      filter.mac.bytes[b] = static_cast<std::uint8_t>(f.mac >> (8 * b));
    }
    if (f.vlan != 0) {
      filter.vlan_id = f.vlan;
    } else {
      filter.untagged_or_zero = true;
    }
    state.filters.push_back(spec::RouteFilter{f.filter_id, f.queue, filter});
  }
  return state;
}

std::uint32_t ModelQueue(const spec::RouteState& state, std::span<const std::uint8_t> frame) {
  const spec::RouteResult result = spec::Route(state, frame);
  return result.strict.drop ? kDroppedQueue : result.strict.queue_id;
}

}  // namespace vmqkit::bench
