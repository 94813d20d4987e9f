// Properties of the model under random OID sequences: it never reaches an undocumented state,
// live ids stay unique, the default queue is never freed, every frame gets at least one permitted
// outcome and the recommended outcome is one of them.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

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

// One random command, as a driver or NDIS would send it (including invalid ones).
void RandomStep(VmqModel& model) {
  switch (*rc::gen::inRange(0, 10)) {
    case 0:
      (void)model.Request(Allocate(*rc::gen::element<std::uint64_t>(0x1u, 0x6u, 0x0u, 0x100u)));
      break;
    case 1: {
      auto f = MacVlanFilter(SmallQueue(), kMacs[*rc::gen::inRange<std::size_t>(0, 2)], SomeVlan());
      if (*rc::gen::arbitrary<bool>()) f.fields[0].flags = 0;
      (void)model.Request(SetFilter(f));
      break;
    }
    case 2:
      (void)model.Request(Clear(SmallQueue(), *rc::gen::inRange<std::uint32_t>(0, 8)));
      break;
    case 3:
      (void)model.Request(Free(SmallQueue()));
      break;
    case 4:
      (void)model.Request(Complete(SmallQueue()));
      break;
    case 5: {
      ndis::ReceiveQueueParameters q;
      q.queue_id = SmallQueue();
      q.flags = *rc::gen::element<std::uint32_t>(
          std::uint32_t{ndis::kQueueProcessorAffinityChanged},
          std::uint32_t{ndis::kQueueNameChanged}, std::uint32_t{0x40000000});
      q.processor_affinity.mask = *rc::gen::element<std::uint64_t>(0x0u, 0x2u, 0x200u);
      (void)model.Request({ndis::kOidReceiveFilterQueueParameters,
                           *rc::gen::element(ndis::RequestKind::kSet, ndis::RequestKind::kMethod),
                           ndis::Encode(q),
                           {}});
      break;
    }
    case 6:
    case 7:
      (void)model.Receive(Frame(kMacs[*rc::gen::inRange<std::size_t>(0, 3)], SomeVlan()),
                          *rc::gen::arbitrary<bool>());
      break;
    case 8:
      (void)model.ReturnIndications(SmallQueue(), std::nullopt);
      break;
    default: {
      // A random buffer for a random OID of the table.
      const auto& table = ndis::OidTable();
      const auto& oid = table[*rc::gen::inRange<std::size_t>(0, table.size())];
      auto bytes = *rc::gen::container<ndis::Bytes>(*rc::gen::inRange<std::size_t>(0, 64),
                                                    rc::gen::arbitrary<std::uint8_t>());
      (void)model.Request({oid.value, oid.rules[0].kind, bytes, {}});
      break;
    }
  }
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

RC_GTEST_PROP(ModelProperties, EveryFrameHasAPermittedOutcomeContainingStrict, ()) {
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
  RC_ASSERT(std::find(r.route->permitted.begin(), r.route->permitted.end(), r.route->strict) !=
            r.route->permitted.end());
  for (const auto& o : r.route->permitted) {
    RC_ASSERT(o.drop || model.queues().contains(o.queue_id));
  }
}

RC_GTEST_PROP(ModelProperties, StatusIsAlwaysAmongPermitted, ()) {
  VmqModel model = Initialized();
  const auto steps = *rc::gen::inRange(1, 40);
  for (int i = 0; i < steps; ++i) {
    RandomStep(model);
  }
  const StepResult r = model.Request(Allocate());
  RC_ASSERT(std::find(r.permitted.begin(), r.permitted.end(), r.status) != r.permitted.end());
  RC_ASSERT(r.status == ndis::NdisStatus::kSuccess || r.rejected_by.has_value());
}

}  // namespace
}  // namespace vmqkit::spec
