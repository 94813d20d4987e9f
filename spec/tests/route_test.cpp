// Routing rules of [WDD] vmq-receive-filters / setting-a-vmq-filter, and the errata decisions
// E-304, E-305, E-307, E-308.
#include <gtest/gtest.h>

#include "spec/route.h"
#include "spec/tests/model_support.h"

namespace vmqkit::spec {
namespace {

using namespace test;  // NOLINT

RouteState OneQueue(QueueState state, VmqFilter filter) {
  RouteState s;
  s.queues[1] = RouteQueue{state};
  s.filters.push_back({1, 1, filter});
  return s;
}

std::vector<RouteOutcome> Permitted(const RouteState& s, const ndis::Bytes& frame) {
  return Route(s, frame).permitted;
}

const VmqFilter kVlan10{kGuestMac, 10, false};
const VmqFilter kUntagged{kGuestMac, std::nullopt, true};
const VmqFilter kAnyVlan{kGuestMac, std::nullopt, false};

TEST(Route, MacAndVlanMatchGoesToRunningQueue) {
  EXPECT_EQ(Permitted(OneQueue(QueueState::kRunning, kVlan10), Frame(kGuestMac, 10)),
            (std::vector{QueueOutcome(1)}));
}

TEST(Route, NoMatchGoesToDefaultQueue) {
  auto s = OneQueue(QueueState::kRunning, kVlan10);
  EXPECT_EQ(Permitted(s, Frame(kOtherMac, 10)), (std::vector{QueueOutcome(0)}));
  EXPECT_EQ(Permitted(s, Frame(kGuestMac, 11)), (std::vector{QueueOutcome(0)}));
  EXPECT_EQ(Permitted(s, Frame(kGuestMac, std::nullopt)), (std::vector{QueueOutcome(0)}));
}

TEST(Route, UntaggedOrZeroMatchesUntaggedAndPriorityTaggedOnly) {
  auto s = OneQueue(QueueState::kRunning, kUntagged);
  EXPECT_EQ(Permitted(s, Frame(kGuestMac, std::nullopt)), (std::vector{QueueOutcome(1)}));
  EXPECT_EQ(Permitted(s, Frame(kGuestMac, 0)), (std::vector{QueueOutcome(1)}));
  EXPECT_EQ(Permitted(s, Frame(kGuestMac, 5)), (std::vector{QueueOutcome(0)}));
}

TEST(Route, MacOnlyFilterMatchesAnyVlan) {
  auto s = OneQueue(QueueState::kRunning, kAnyVlan);
  EXPECT_EQ(Permitted(s, Frame(kGuestMac, 7)), (std::vector{QueueOutcome(1)}));
  EXPECT_EQ(Permitted(s, Frame(kGuestMac, std::nullopt)), (std::vector{QueueOutcome(1)}));
}

// E-304: only a Running queue indicates; a match on a Set queue goes to the default queue.
TEST(Route, MatchOnQueueNotRunningGoesToDefault) {
  const RouteResult r = Route(OneQueue(QueueState::kSet, kVlan10), Frame(kGuestMac, 10));
  EXPECT_EQ(r.permitted, (std::vector{QueueOutcome(0)}));
  EXPECT_EQ(r.errata, (std::vector<std::string>{"E-304"}));
}

// E-307: overlapping filters on two queues permit both; strict takes the lowest filter id.
TEST(Route, OverlappingFiltersPermitEveryMatchingQueue) {
  RouteState s;
  s.queues[1] = RouteQueue{QueueState::kRunning};
  s.queues[2] = RouteQueue{QueueState::kRunning};
  s.filters = {{3, 2, kVlan10}, {5, 1, kAnyVlan}};
  const RouteResult r = Route(s, Frame(kGuestMac, 10));
  EXPECT_EQ(r.permitted, (std::vector{QueueOutcome(1), QueueOutcome(2)}));
  EXPECT_EQ(r.strict, QueueOutcome(2));
  EXPECT_EQ(r.errata, (std::vector<std::string>{"E-307"}));
}

// E-308: a group destination passes no other address's DestinationAddress test ([WDD]
// vmq-receive-path: indicated on a queue "only if it passes all the filter field tests for a
// filter that is set on that queue"): a broadcast goes to the default queue even where a queue's
// VLAN matches, and to a VM queue only through a filter of that very group address.
TEST(Route, E308_GroupDestinationOnlyThroughItsOwnAddressFilter) {
  RouteState s = OneQueue(QueueState::kRunning, kVlan10);
  const ndis::MacAddress broadcast{{0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF}};
  const RouteResult r = Route(s, Frame(broadcast, 10));
  EXPECT_EQ(r.permitted, (std::vector{QueueOutcome(0)}));
  EXPECT_EQ(r.strict, QueueOutcome(0));
  const ndis::MacAddress multicast{{0x01, 0x00, 0x5E, 0x00, 0x00, 0x01}};
  EXPECT_EQ(Permitted(s, Frame(multicast, 10)), (std::vector{QueueOutcome(0)}));
  VmqFilter group = kVlan10;
  group.mac = multicast;
  s.filters.push_back({2, 1, group});
  EXPECT_EQ(Permitted(s, Frame(multicast, 10)), (std::vector{QueueOutcome(1)}));
}

// E-305: an 802.1ad frame goes to the default queue, or where an adapter blind to 802.1ad sends
// an untagged frame.
TEST(Route, QinQDefaultOrAsUntagged) {
  ndis::FrameSpec spec;
  spec.destination = kGuestMac;
  spec.service_tag = ndis::VlanTag{ndis::kTpid8021ad, 0, false, 100};
  spec.tag = ndis::VlanTag{ndis::kTpid8021Q, 0, false, 10};
  const auto frame = ndis::BuildFrame(spec);
  EXPECT_EQ(Permitted(OneQueue(QueueState::kRunning, kUntagged), frame),
            (std::vector{QueueOutcome(0), QueueOutcome(1)}));
  EXPECT_EQ(Permitted(OneQueue(QueueState::kRunning, kVlan10), frame),
            (std::vector{QueueOutcome(0)}));
  EXPECT_EQ(Route(OneQueue(QueueState::kRunning, kUntagged), frame).strict, QueueOutcome(0));
}

TEST(Route, RuntAndTruncatedFramesAreDropped) {
  auto frame = Frame(kGuestMac, 10);
  frame.resize(40);
  const RouteResult r = Route(OneQueue(QueueState::kRunning, kVlan10), frame);
  EXPECT_EQ(r.permitted, (std::vector{DropOutcome()}));
  EXPECT_NE(r.reason.find("runt"), std::string::npos);
  EXPECT_EQ(Permitted(RouteState{}, ndis::Bytes(10, 0)), (std::vector{DropOutcome()}));
}

TEST(RouteOutcome, ParsesItsOwnSpelling) {
  for (const auto& o : {QueueOutcome(0), QueueOutcome(7), DropOutcome()}) {
    EXPECT_EQ(ParseRouteOutcome(ToString(o)), o);
  }
  EXPECT_EQ(ParseRouteOutcome("queue:3"), QueueOutcome(3));
  EXPECT_FALSE(ParseRouteOutcome("queue x"));
}

}  // namespace
}  // namespace vmqkit::spec
