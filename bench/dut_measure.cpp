#include "bench/dut_measure.h"

#include <algorithm>
#include <chrono>
#include <map>

#include "bench/model_oracle.h"
#include "bench/null_dut.h"

namespace vmqkit::bench {
namespace {

using ndis::NdisStatus;
using Clock = std::chrono::steady_clock;

std::optional<std::string> Expect(NdisStatus got, const std::string& step) {
  if (got == NdisStatus::kSuccess) return std::nullopt;
  return step + " returned " + ndis::ToString(got);
}

double Seconds(Clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

Rate RateOf(std::uint64_t count, double seconds) {
  return Rate{seconds > 0 ? static_cast<double>(count) / seconds : 0, seconds, count};
}

}  // namespace

std::optional<std::string> InstallTask(DutHost& host, const FilterTask& task) {
  if (auto e = Expect(host.Initialize(), "MiniportInitializeEx")) return e;
  std::vector<std::uint32_t> ids;
  for (std::uint32_t q = 1; q <= task.queues(); ++q) {
    if (auto e = Expect(host.Allocate(q), "ALLOCATE_QUEUE " + std::to_string(q))) return e;
    ids.push_back(q);
  }
  for (const TaskFilter& f : task.filters()) {
    if (auto e = Expect(
            host.SetFilter(f.queue, f.filter_id, f.mac, f.vlan),
            "SET_FILTER " + std::to_string(f.filter_id) + " on queue " + std::to_string(f.queue))) {
      return e;
    }
  }
  return Expect(host.Complete(ids), "QUEUE_ALLOCATION_COMPLETE");
}

std::vector<std::uint32_t> ReceiveTask(DutHost& host, const FilterTask& task) {
  std::vector<std::uint32_t> got;
  got.reserve(task.frame_count());
  for (std::size_t i = 0; i < task.frame_count(); ++i) {
    host.Receive(task.frame(i));
    const auto queues = host.indicated_queues();
    got.push_back(queues.empty() ? kDroppedQueue : queues.front());
    host.ReturnAll();
  }
  return got;
}

std::vector<vmqkit_frame> WireFrames(const FilterTask& task) {
  std::vector<vmqkit_frame> frames(task.frame_count());
  for (std::size_t i = 0; i < frames.size(); ++i) {
    frames[i].data = task.frame(i).data();
    frames[i].length = static_cast<std::uint32_t>(task.frame(i).size());
  }
  return frames;
}

std::optional<std::string> CheckBatches(DutHost& host, const FilterTask& task,
                                        std::span<const vmqkit_frame> frames) {
  std::vector<std::uint32_t> got;
  got.reserve(frames.size());
  for (std::size_t i = 0; i < frames.size(); ++i) {
    host.ReceiveBatch(frames.subspan(i, 1));
    const auto queues = host.indicated_queues();
    got.push_back(queues.empty() ? kDroppedQueue : queues.front());
    host.ReturnAll();
  }
  if (auto mismatch = FirstMismatch(task, got)) return "receive_batch, one frame: " + *mismatch;
  for (std::size_t first = 0; first < frames.size(); first += kReceiveBatch) {
    const std::size_t count = std::min(kReceiveBatch, frames.size() - first);
    std::map<std::uint32_t, std::size_t> expected, indicated;
    for (std::size_t i = first; i < first + count; ++i) {
      if (task.expected()[i] != kDroppedQueue) ++expected[task.expected()[i]];
    }
    host.ReceiveBatch(frames.subspan(first, count));
    for (std::uint32_t queue : host.indicated_queues()) ++indicated[queue];
    host.ReturnAll();
    if (indicated != expected) {
      return "receive_batch of frames " + std::to_string(first) + ".." +
             std::to_string(first + count - 1) +
             ": the frames indicated per queue differ from the model's";
    }
  }
  return std::nullopt;
}

void ReceivePass(DutHost& host, std::span<const vmqkit_frame> frames) {
  for (std::size_t first = 0; first < frames.size(); first += kReceiveBatch) {
    host.ReceiveBatch(frames.subspan(first, std::min(kReceiveBatch, frames.size() - first)));
    host.ReturnAll();
  }
}

Spread SpreadOf(std::vector<double> values) {
  if (values.empty()) return {};
  std::sort(values.begin(), values.end());
  return Spread{values[values.size() / 2], values.front(), values.back()};
}

Guest GuestOf(std::uint32_t index) {
  Guest g;
  g.queue_id = 1 + index % kResidentGuests;
  g.filter_id = 1 + index;
  // 00:15:5D:77:hi:lo, a VLAN per guest slot (every fourth guest untagged).
  g.mac = 0x775D1500ull | (std::uint64_t{(index >> 8) & 0xFF} << 32) |
          (std::uint64_t{index & 0xFF} << 40);
  g.vlan = g.queue_id % 4 == 2 ? 0 : static_cast<std::uint16_t>(200 + g.queue_id);
  return g;
}

std::optional<std::string> AttachGuest(DutHost& host, const Guest& g) {
  if (auto e = Expect(host.Allocate(g.queue_id), "ALLOCATE_QUEUE")) return e;
  if (auto e = Expect(host.SetFilter(g.queue_id, g.filter_id, g.mac, g.vlan), "SET_FILTER")) {
    return e;
  }
  const std::uint32_t ids[] = {g.queue_id};
  if (auto e = Expect(host.Complete(ids), "QUEUE_ALLOCATION_COMPLETE")) return e;
  std::vector<std::uint8_t> frame(kFrameBytes, 0);
  for (int b = 0; b < 6; ++b)
    frame[static_cast<std::size_t>(b)] = static_cast<std::uint8_t>(g.mac >> (8 * b));
  frame[6] = 0x02;
  std::size_t at = 12;
  if (g.vlan != 0) {
    frame[at++] = 0x81;
    frame[at++] = 0x00;
    frame[at++] = static_cast<std::uint8_t>(g.vlan >> 8);
    frame[at++] = static_cast<std::uint8_t>(g.vlan);
  }
  frame[at] = 0x08;
  const std::size_t before = host.indicated_queues().size();
  host.Receive(frame);
  if (host.indicated_queues().size() != before + 1 ||
      host.indicated_queues().back() != g.queue_id) {
    return "the guest's frame was not indicated on queue " + std::to_string(g.queue_id);
  }
  return std::nullopt;
}

std::optional<std::string> MigrateGuest(DutHost& from, DutHost& to, const Guest& g) {
  if (auto e = Expect(from.ClearFilter(g.queue_id, g.filter_id), "source CLEAR_FILTER")) return e;
  const std::uint32_t stopped = from.dma_stopped_statuses();
  const std::uint32_t completed = from.completions();
  const NdisStatus free = from.Free(g.queue_id, g.filter_id);
  if (free != NdisStatus::kPending && free != NdisStatus::kSuccess) {
    return "source FREE_QUEUE returned " + ndis::ToString(free);
  }
  if (from.dma_stopped_statuses() != stopped + 1) {
    return "source FREE_QUEUE: no RECEIVE_QUEUE_STATE DmaStopped indication";
  }
  from.ReturnQueue(g.queue_id);
  if (free == NdisStatus::kPending &&
      (from.completions() != completed + 1 || from.last_completion_status() != 0)) {
    return "source FREE_QUEUE did not complete after its frames came back";
  }
  if (auto e = Expect(to.Allocate(g.queue_id, 0x10), "destination ALLOCATE_QUEUE")) return e;
  if (auto e =
          Expect(to.SetFilter(g.queue_id, g.filter_id, g.mac, g.vlan), "destination SET_FILTER")) {
    return e;
  }
  const std::uint32_t ids[] = {g.queue_id};
  return Expect(to.Complete(ids), "destination QUEUE_ALLOCATION_COMPLETE");
}

std::optional<std::string> DetachGuest(DutHost& host, const Guest& g) {
  if (auto e = Expect(host.ClearFilter(g.queue_id, g.filter_id), "CLEAR_FILTER")) return e;
  const NdisStatus free = host.Free(g.queue_id, g.filter_id);
  if (free != NdisStatus::kSuccess && free != NdisStatus::kPending) {
    return "FREE_QUEUE returned " + ndis::ToString(free);
  }
  host.ReturnQueue(g.queue_id);
  return std::nullopt;
}

namespace {

// Passes over the frames for at least `seconds`; the nanoseconds per frame.
double TimedPasses(DutHost& host, std::span<const vmqkit_frame> frames, double seconds,
                   std::uint64_t& count) {
  std::uint64_t done = 0;
  const auto start = Clock::now();
  double elapsed = 0;
  while (elapsed < seconds) {
    ReceivePass(host, frames);
    done += frames.size();
    elapsed = Seconds(Clock::now() - start);
  }
  count += done;
  return done == 0 ? 0 : elapsed * 1e9 / static_cast<double>(done);
}

}  // namespace

ReceiveMeasurement MeasureReceive(const vmqkit_dut_ops& ops, const FilterTask& task,
                                  double min_seconds) {
  ReceiveMeasurement m;
  m.filters = static_cast<std::uint32_t>(task.filters().size());
  DutHost host(ops, DutHostOptions{});
  if (!host.created()) {
    m.error = "create returned NULL";
    return m;
  }
  m.batched = host.batched();
  if (auto e = InstallTask(host, task)) {
    m.error = e;
    return m;
  }
  if (auto mismatch = FirstMismatch(task, ReceiveTask(host, task))) {
    m.error = *mismatch;
    return m;
  }
  const std::vector<vmqkit_frame> frames = WireFrames(task);
  if (auto mismatch = CheckBatches(host, task, frames)) {
    m.error = *mismatch;
    return m;
  }
  DutHost null_host(NullDutOps(m.batched), DutHostOptions{});
  std::vector<double> dut, harness, own;
  std::uint64_t count = 0, null_count = 0;
  double seconds = 0;
  for (int round = 0; round < kRounds; ++round) {
    const auto start = Clock::now();
    dut.push_back(TimedPasses(host, frames, min_seconds / kRounds, count));
    seconds += Seconds(Clock::now() - start);
    harness.push_back(TimedPasses(null_host, frames, min_seconds / kRounds, null_count));
    own.push_back(dut.back() - harness.back());
  }
  m.frames = RateOf(count, seconds);
  m.ns_per_frame = SpreadOf(dut);
  m.harness_ns_per_frame = SpreadOf(harness);
  m.own_ns_per_frame = SpreadOf(own);
  return m;
}

HarnessMeasurement MeasureHarness(const FilterTask& task, double min_seconds) {
  HarnessMeasurement m;
  const std::vector<vmqkit_frame> frames = WireFrames(task);
  DutHost batched(NullDutOps(true), DutHostOptions{});
  DutHost per_frame(NullDutOps(false), DutHostOptions{});
  std::vector<double> batched_ns, per_frame_ns;
  std::uint64_t count = 0;
  for (int round = 0; round < kRounds; ++round) {
    batched_ns.push_back(TimedPasses(batched, frames, min_seconds / kRounds, count));
    per_frame_ns.push_back(TimedPasses(per_frame, frames, min_seconds / kRounds, count));
  }
  m.batched_ns_per_frame = SpreadOf(batched_ns);
  m.per_frame_ns_per_frame = SpreadOf(per_frame_ns);
  return m;
}

OidMeasurement MeasureSetClearPairs(const vmqkit_dut_ops& ops, double min_seconds) {
  OidMeasurement m;
  DutHost host(ops, DutHostOptions{});
  const Guest g = GuestOf(0);
  if (!host.created()) {
    m.error = "create returned NULL";
    return m;
  }
  if (auto e = Expect(host.Initialize(), "MiniportInitializeEx")) {
    m.error = e;
    return m;
  }
  if (auto e = AttachGuest(host, g)) {
    m.error = e;
    return m;
  }
  host.ReturnAll();
  std::uint64_t pairs = 0;
  const auto start = Clock::now();
  double elapsed = 0;
  std::uint32_t filter_id = 1000;
  while (elapsed < min_seconds) {
    for (int k = 0; k < 256; ++k, ++filter_id) {
      const std::uint64_t mac = 0x885D1500ull | (std::uint64_t{filter_id & 0xFFFF} << 32);
      if (auto e = Expect(host.SetFilter(g.queue_id, filter_id, mac, g.vlan), "SET_FILTER")) {
        m.error = e;
        return m;
      }
      if (auto e = Expect(host.ClearFilter(g.queue_id, filter_id), "CLEAR_FILTER")) {
        m.error = e;
        return m;
      }
    }
    pairs += 256;
    elapsed = Seconds(Clock::now() - start);
  }
  m.pairs = RateOf(pairs, elapsed);
  return m;
}

MigrationMeasurement MeasureLiveMigration(const vmqkit_dut_ops& ops, std::uint32_t guests) {
  MigrationMeasurement m;
  DutHostOptions a_options, b_options;
  a_options.processors = 0x0F;
  b_options.instance = 1;
  b_options.processors = 0xF0;
  DutHost a(ops, a_options), b(ops, b_options);
  if (!a.created() || !b.created()) {
    m.error = "create returned NULL";
    return m;
  }
  if (auto e = Expect(a.Initialize(), "A MiniportInitializeEx")) {
    m.error = e;
    return m;
  }
  if (auto e = Expect(b.Initialize(), "B MiniportInitializeEx")) {
    m.error = e;
    return m;
  }
  Clock::duration timed{};
  for (std::uint32_t wave = 0; wave * kResidentGuests < guests; ++wave) {
    const std::uint32_t first = wave * kResidentGuests;
    const std::uint32_t end = std::min(guests, first + kResidentGuests);
    for (std::uint32_t i = first; i < end; ++i) {
      if (auto e = AttachGuest(a, GuestOf(i))) {
        m.error = "guest " + std::to_string(i) + " on A: " + *e;
        return m;
      }
    }
    const auto start = Clock::now();
    for (std::uint32_t i = first; i < end; ++i) {
      if (auto e = MigrateGuest(a, b, GuestOf(i))) {
        m.error = "guest " + std::to_string(i) + " A -> B: " + *e;
        return m;
      }
    }
    timed += Clock::now() - start;
    for (std::uint32_t i = first; i < end; ++i) {
      if (auto e = DetachGuest(b, GuestOf(i))) {
        m.error = "guest " + std::to_string(i) + " off B: " + *e;
        return m;
      }
    }
  }
  m.guests = RateOf(guests, Seconds(timed));
  return m;
}

}  // namespace vmqkit::bench
