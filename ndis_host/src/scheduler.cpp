#include "ndis_host/scheduler.h"

namespace vmqkit::ndis_host {

void Scheduler::Schedule(Key key, std::int64_t due, std::function<void()> run) {
  Cancel(key);
  const Order order{due, next_++};
  queue_.emplace(order, Event{key, std::move(run)});
  by_key_[key] = order;
}

bool Scheduler::Cancel(Key key) {
  const auto it = by_key_.find(key);
  if (it == by_key_.end()) return false;
  queue_.erase(it->second);
  by_key_.erase(it);
  return true;
}

std::size_t Scheduler::RunUntil(std::int64_t until) {
  std::size_t ran = 0;
  ++depth_;
  while (!queue_.empty() && ran < kDrainLimit) {
    auto first = queue_.begin();
    if (first->first.first > until) break;
    if (first->first.first > now_) now_ = first->first.first;
    Event event = std::move(first->second);
    by_key_.erase(event.key);
    queue_.erase(first);
    event.run();  // may schedule or cancel events, including its own key again
    ++ran;
  }
  --depth_;
  return ran;
}

std::size_t Scheduler::Drain() {
  const std::int64_t until = now_ + kDrainHorizon;
  const std::size_t ran = RunUntil(until);
  if (ran < kDrainLimit && now_ < until) now_ = until;
  return ran;
}

}  // namespace vmqkit::ndis_host
