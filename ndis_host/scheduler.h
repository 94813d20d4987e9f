#pragma once
// The host's deterministic scheduler: DPCs, timers and work items are events on one queue ordered
// by (due time on the virtual clock, insertion number). Nothing runs concurrently and nothing
// depends on the wall clock, so the same calls give the same run. The host drains the queue after
// every call it makes into the driver: every event due within `kDrainHorizon` of virtual time runs,
// then the clock stands at the end of the horizon (docs/ndis-host.md, "Scheduler").
#include <cstdint>
#include <functional>
#include <map>
#include <utility>

namespace vmqkit::ndis_host {

class Scheduler {
 public:
  // 100 ns units, as KeQueryInterruptTime and NdisSetTimerObject count.
  static constexpr std::int64_t kTicksPerMillisecond = 10'000;
  static constexpr std::int64_t kDrainHorizon = 10 * kTicksPerMillisecond;
  // Events one drain may run before the driver is judged to keep itself busy forever (dut.hang).
  static constexpr std::size_t kDrainLimit = 200'000;

  using Key = const void*;  // the KDPC, timer object or work item an event belongs to

  std::int64_t now() const { return now_; }
  void Advance(std::int64_t ticks) { now_ += ticks; }

  // Queues `run` under `key` at `due` (absolute virtual time). A key has at most one event.
  void Schedule(Key key, std::int64_t due, std::function<void()> run);
  // Removes the event of `key`; whether there was one.
  bool Cancel(Key key);
  bool Pending(Key key) const { return by_key_.contains(key); }
  std::size_t size() const { return queue_.size(); }

  // Runs every event due at or before `until`, in order, the clock following each one. Returns the
  // number run; stops (returning kDrainLimit) when the limit is reached.
  std::size_t RunUntil(std::int64_t until);
  // RunUntil(now + kDrainHorizon), then the clock stands at that time.
  std::size_t Drain();

 private:
  using Order = std::pair<std::int64_t, std::uint64_t>;  // due, insertion number
  struct Event {
    Key key;
    std::function<void()> run;
  };
  std::int64_t now_ = 0;
  std::uint64_t next_ = 0;
  std::map<Order, Event> queue_;
  std::map<Key, Order> by_key_;
  int depth_ = 0;
};

}  // namespace vmqkit::ndis_host
