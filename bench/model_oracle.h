#pragma once
// The spec model as the oracle of the filter-path task: the task's filters as the model's routing
// state (every queue Running), and the model's recommended queue for a frame.
#include <cstdint>
#include <span>

#include "bench/filter_task.h"
#include "spec/route.h"

namespace vmqkit::bench {

spec::RouteState RouteStateOf(const FilterTask& task);
// spec::Route's strict outcome as a queue id; a dropped frame (none in the task) is kDroppedQueue.
std::uint32_t ModelQueue(const spec::RouteState& state, std::span<const std::uint8_t> frame);
inline constexpr std::uint32_t kDroppedQueue = 0xFFFF'FFFFu;

}  // namespace vmqkit::bench
