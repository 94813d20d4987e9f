// Properties of the model under random OID sequences: it never reaches an undocumented state,
// live ids stay unique, the default queue is never freed; unicast frames are routed by the
// documented filter rule and ALLOCATE_QUEUE succeeds exactly below NumQueues, both stated here
// independently of the model's code.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <functional>
#include <set>

#include "spec/tests/model_support.h"

namespace vmqkit::spec {
namespace {

using namespace test;  // NOLINT

const std::array<ndis::MacAddress, 3> kMacs = {
    kGuestMac, kOtherMac, ndis::MacAddress{{0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF}}};

std::uint32_t SmallQueue() {
  return *rc::gen::inRange<std::uint32_t>(0, 9);
}
std::optional<std::uint16_t> SomeVlan() {
  return *rc::gen::element<std::optional<std::uint16_t>>(std::nullopt, std::uint16_t{0},
                                                         std::uint16_t{10}, std::uint16_t{11});
}

// One random command, as a driver or NDIS would send it (including invalid ones), drawn first
// and then applied to whichever model is given, so the same step can run twice.
std::function<StepResult(VmqModel&)> Requesting(OidRequest request) {
  return [request = std::move(request)](VmqModel& model) { return model.Request(request); };
}

std::function<StepResult(VmqModel&)> RandomCommand() {
  switch (*rc::gen::inRange(0, 10)) {
    case 0:
      return Requesting(Allocate(*rc::gen::element<std::uint64_t>(0x1u, 0x6u, 0x0u, 0x100u)));
    case 1: {
      auto f = MacVlanFilter(SmallQueue(), kMacs[*rc::gen::inRange<std::size_t>(0, 2)], SomeVlan());
      if (*rc::gen::arbitrary<bool>()) f.fields[0].flags = 0;
      return Requesting(SetFilter(f));
    }
    case 2:
      return Requesting(Clear(SmallQueue(), *rc::gen::inRange<std::uint32_t>(0, 8)));
    case 3:
      return Requesting(Free(SmallQueue()));
    case 4:
      return Requesting(Complete(SmallQueue()));
    case 5: {
      ndis::ReceiveQueueParameters q;
      q.queue_id = SmallQueue();
      q.flags = *rc::gen::element<std::uint32_t>(
          std::uint32_t{ndis::kQueueProcessorAffinityChanged},
          std::uint32_t{ndis::kQueueNameChanged}, std::uint32_t{0x40000000});
      q.processor_affinity.mask = *rc::gen::element<std::uint64_t>(0x0u, 0x2u, 0x200u);
      return Requesting({ndis::kOidReceiveFilterQueueParameters,
                         *rc::gen::element(ndis::RequestKind::kSet, ndis::RequestKind::kMethod),
                         ndis::Encode(q),
                         {}});
    }
    case 6:
    case 7: {
      const ndis::Bytes frame = Frame(kMacs[*rc::gen::inRange<std::size_t>(0, 3)], SomeVlan());
      const bool hold = *rc::gen::arbitrary<bool>();
      return [frame, hold](VmqModel& model) { return model.Receive(frame, hold); };
    }
    case 8: {
      const std::uint32_t queue = SmallQueue();
      return [queue](VmqModel& model) { return model.ReturnIndications(queue, std::nullopt); };
    }
    default: {
      // A random buffer for a random OID of the table.
      const auto& table = ndis::OidTable();
      const auto& oid = table[*rc::gen::inRange<std::size_t>(0, table.size())];
      auto bytes = *rc::gen::container<ndis::Bytes>(*rc::gen::inRange<std::size_t>(0, 64),
                                                    rc::gen::arbitrary<std::uint8_t>());
      return Requesting({oid.value, oid.rules[0].kind, bytes, {}});
    }
  }
}

void RandomStep(VmqModel& model) {
  (void)RandomCommand()(model);
}

RC_GTEST_PROP(ModelProperties, RandomSequencesStayInDocumentedStates, ()) {
  VmqModel model = Initialized();
  const auto steps = *rc::gen::inRange(1, 60);
  for (int i = 0; i < steps; ++i) {
    RandomStep(model);
    const auto problems = model.CheckInvariants();
    RC_ASSERT(problems.empty());
    // The default queue exists and is Running after every step.
    RC_ASSERT(model.queues().contains(0));
    RC_ASSERT(model.queues().at(0).state == QueueState::kRunning);
    // Queue and filter ids are unique: every filter id appears on exactly one queue.
    std::set<std::uint32_t> seen;
    for (const auto& [id, queue] : model.queues()) {
      RC_ASSERT(id <= model.capabilities().current.num_queues);
      for (auto f : queue.filter_ids) RC_ASSERT(seen.insert(f).second);
    }
    RC_ASSERT(seen.size() == model.filters().size());
  }
}

// The documented receive rule, stated here from the filters' OID parameters as set (not from the
// model's decoded filters or spec/route.cpp): "The network adapter tests ... all of the filter
// field tests" of a filter and "If there is no filter match on any of the queues, the network
// adapter assigns the packet to the default queue" ([WDD] vmq-receive-filters); "A miniport driver
// can only indicate receive packets for a queue that is in the Running state" ([WDD]
// queue-states-and-operations), so a match on a queue that is not Running counts as no match
// (E-304). For a unicast frame the permitted set is exactly the Running queues with a passing
// filter, or the default queue when there is none; the recommended outcome is one of them.
bool PassesFieldTests(const ndis::ReceiveFilterParameters& filter, const ndis::MacAddress& dst,
                      std::optional<std::uint16_t> vid) {
  for (const ndis::ReceiveFilterFieldParameters& field : filter.fields) {
    if (field.frame_header != ndis::FrameHeader::kMac ||
        field.test != ndis::ReceiveFilterTest::kEqual) {
      return false;  // RandomStep sets no other test
    }
    switch (field.mac_field()) {
      case ndis::MacHeaderField::kDestinationAddress:
        if (field.FieldMacAddress() != dst.bytes) return false;
        // NDIS_RECEIVE_FILTER_FIELD_MAC_HEADER_VLAN_UNTAGGED_OR_ZERO ([DDI]
        // ns-ntddndis-_ndis_receive_filter_field_parameters).
        if ((field.flags & ndis::kFieldMacHeaderVlanUntaggedOrZero) != 0 && vid.value_or(0) != 0) {
          return false;
        }
        break;
      case ndis::MacHeaderField::kVlanId:
        // The VLAN value compared in the encoding the request used (ndis::VlanIdField), so the
        // byte order of FieldShortValue (E-309) is not this property's question.
        if (!vid || field.field_value != ndis::VlanIdField(*vid).field_value) return false;
        break;
      default:
        return false;
    }
  }
  return !filter.fields.empty();
}

RC_GTEST_PROP(ModelProperties, UnicastFramesGoWhereTheDocumentedFilterRuleSends, ()) {
  VmqModel model = Initialized();
  const auto steps = *rc::gen::inRange(0, 30);
  for (int i = 0; i < steps; ++i) RandomStep(model);
  const ndis::MacAddress dst = kMacs[*rc::gen::inRange<std::size_t>(0, 2)];
  const std::optional<std::uint16_t> vid = SomeVlan();
  const StepResult r = model.Receive(Frame(dst, vid));
  RC_ASSERT(r.route.has_value());
  std::set<RouteOutcome> expected;
  for (const auto& [id, filter] : model.filters()) {
    const auto queue = model.queues().find(filter.queue_id);
    RC_ASSERT(queue != model.queues().end());
    if (queue->second.state == QueueState::kRunning &&
        PassesFieldTests(filter.parameters, dst, vid)) {
      expected.insert(QueueOutcome(filter.queue_id));
    }
  }
  if (expected.empty()) expected.insert(QueueOutcome(0));
  const std::set<RouteOutcome> permitted(r.route->permitted.begin(), r.route->permitted.end());
  RC_ASSERT(permitted == expected);
  RC_ASSERT(expected.contains(r.route->strict));
}

// Any bytes at all get a verdict: at least one outcome, and only queues that exist.
RC_GTEST_PROP(ModelProperties, EveryFrameHasAnOutcomeOnAnExistingQueue, ()) {
  VmqModel model = Initialized();
  const auto steps = *rc::gen::inRange(0, 30);
  for (int i = 0; i < steps; ++i) RandomStep(model);
  auto bytes = *rc::gen::container<ndis::Bytes>(*rc::gen::inRange<std::size_t>(0, 80),
                                                rc::gen::arbitrary<std::uint8_t>());
  if (*rc::gen::arbitrary<bool>() && bytes.size() >= 6) {
    std::copy(kGuestMac.bytes.begin(), kGuestMac.bytes.end(), bytes.begin());
  }
  const StepResult r = model.Receive(bytes);
  RC_ASSERT(r.route.has_value());
  RC_ASSERT(!r.route->permitted.empty());
  for (const auto& o : r.route->permitted) {
    RC_ASSERT(o.drop || model.queues().contains(o.queue_id));
  }
}

// ALLOCATE_QUEUE against NumQueues, stated from the capabilities and the queue map: NumQueues is
// "the number of queues that the network adapter supports" ([DDI]
// ns-ntddndis-_ndis_receive_filter_capabilities) besides the default queue, so with NumQueues VM
// queues live no allocation may succeed, and with fewer a well-formed request (processor 0, in
// the adapter's set) may. A success yields one new queue, Allocated, with an id no live queue has,
// in 1..NumQueues, echoed in the output's QueueId.
RC_GTEST_PROP(ModelProperties, AllocationSucceedsExactlyBelowNumQueues, ()) {
  VmqModel model = Initialized();
  const auto steps = *rc::gen::inRange(1, 40);
  for (int i = 0; i < steps; ++i) RandomStep(model);
  const auto before = model.queues();
  const std::uint32_t num_queues = model.capabilities().current.num_queues;
  const std::size_t live = before.size() - (before.contains(0) ? 1 : 0);
  const StepResult r = model.Request(Allocate());
  const bool success_permitted = std::find(r.permitted.begin(), r.permitted.end(),
                                           ndis::NdisStatus::kSuccess) != r.permitted.end();
  RC_ASSERT(success_permitted == (live < num_queues));
  if (r.status != ndis::NdisStatus::kSuccess) {
    RC_ASSERT(model.queues().size() == before.size());
    return;
  }
  RC_ASSERT(model.queues().size() == before.size() + 1);
  const auto decoded = ndis::DecodeReceiveQueueParameters(r.output);
  RC_ASSERT(decoded.ok());
  const std::uint32_t id = decoded->queue_id;
  RC_ASSERT(id >= 1 && id <= num_queues);
  RC_ASSERT(!before.contains(id));
  RC_ASSERT(model.queues().at(id).state == QueueState::kAllocated);
}

// What the conformance engine relies on to keep the model before a step without copying it
// (conformance/engine.h Adapter::before): the same step on a copy of the model leaves the copy in
// the same state, and StepResult::filters_set / filters_cleared are exactly the filters the step
// added and removed.
bool SameState(const VmqModel& a, const VmqModel& b) {
  if (a.Snapshot() != b.Snapshot() || a.filters().size() != b.filters().size()) return false;
  for (const auto& [id, queue] : a.queues()) {
    const QueueRecord& other = b.queues().at(id);
    if (!(queue.parameters == other.parameters) || queue.free_pending != other.free_pending) {
      return false;
    }
  }
  return std::equal(a.filters().begin(), a.filters().end(), b.filters().begin(),
                    [](const auto& x, const auto& y) {
                      return x.first == y.first && x.second.queue_id == y.second.queue_id &&
                             x.second.parameters == y.second.parameters;
                    });
}

RC_GTEST_PROP(ModelProperties, AStepReplayedOnACopyLeavesTheSameStateAndNamesItsFilterChanges, ()) {
  VmqModel model = Initialized();
  VmqModel before = model;
  const auto steps = *rc::gen::inRange(1, 60);
  for (int i = 0; i < steps; ++i) {
    const auto command = RandomCommand();
    const StepResult r = command(model);
    std::vector<std::uint32_t> set, cleared;
    for (const auto& [id, f] : model.filters()) {
      if (!before.filters().contains(id)) set.push_back(id);
    }
    for (const auto& [id, f] : before.filters()) {
      if (!model.filters().contains(id)) cleared.push_back(id);
    }
    RC_ASSERT(r.filters_set == set);
    RC_ASSERT(r.filters_cleared == cleared);
    (void)command(before);
    RC_ASSERT(SameState(model, before));
  }
}

}  // namespace
}  // namespace vmqkit::spec
