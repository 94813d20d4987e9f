// The indexed routing (RouteFilters: filters looked up by their DestinationAddress test) gives
// what the plain routing gives, every filter tested in ascending filter id ([WDD]
// vmq-receive-filters: tests ANDed, filters ORed): the same permitted set, recommended outcome,
// matched filters, reason and errata, on random filter tables, queue states and frames (tagged,
// priority-tagged, untagged, 802.1ad, group addresses, runts).
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "spec/route.h"

namespace vmqkit::spec {
namespace {

// A few addresses, so that filters share them and frames hit them: two guests, broadcast, a
// multicast group, and one no filter uses.
const std::array<ndis::MacAddress, 5> kAddresses = {{
    {{0x00, 0x15, 0x5d, 0x4a, 0x00, 0x01}},
    {{0x00, 0x15, 0x5d, 0x4a, 0x00, 0x02}},
    {{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}},
    {{0x01, 0x00, 0x5e, 0x00, 0x00, 0x01}},
    {{0x00, 0x15, 0x5d, 0x4a, 0x00, 0x09}},
}};

ndis::MacAddress AnyAddress(std::size_t count) {
  return kAddresses[*rc::gen::inRange<std::size_t>(0, count)];
}

std::optional<std::uint16_t> AnyVlan() {
  const int kind = *rc::gen::inRange(0, 4);
  if (kind == 0) return std::nullopt;
  if (kind == 1) return std::uint16_t{0};
  return *rc::gen::inRange<std::uint16_t>(1, 4);
}

RouteState AnyState() {
  RouteState state;
  const int queues = *rc::gen::inRange(0, 5);
  for (int q = 1; q <= queues; ++q) {
    state.queues[static_cast<std::uint32_t>(q)] =
        RouteQueue{static_cast<QueueState>(*rc::gen::inRange<int>(0, kQueueStateCount))};
  }
  const int filters = *rc::gen::inRange(0, 12);
  std::uint32_t id = 0;
  for (int i = 0; i < filters; ++i) {
    id += *rc::gen::inRange<std::uint32_t>(1, 4);
    VmqFilter filter;
    filter.mac = AnyAddress(kAddresses.size() - 1);  // the last address is never filtered
    const int vlan = *rc::gen::inRange(0, 3);
    if (vlan == 1) filter.vlan_id = *rc::gen::inRange<std::uint16_t>(1, 4);
    filter.untagged_or_zero = vlan == 2;
    state.filters.push_back(RouteFilter{
        id, *rc::gen::inRange<std::uint32_t>(0, static_cast<std::uint32_t>(queues) + 2), filter});
  }
  return state;
}

ndis::Bytes AnyFrame() {
  ndis::FrameSpec spec;
  spec.destination = AnyAddress(kAddresses.size());
  if (const auto vlan = AnyVlan()) {
    spec.tag = ndis::VlanTag{ndis::kTpid8021Q, *rc::gen::inRange<std::uint8_t>(0, 8), false, *vlan};
  }
  if (*rc::gen::inRange(0, 6) == 0) {
    spec.service_tag = ndis::VlanTag{ndis::kTpid8021ad, 0, false, 100};
  }
  ndis::Bytes frame = ndis::BuildFrame(spec);
  if (*rc::gen::inRange(0, 10) == 0) frame.resize(*rc::gen::inRange<std::size_t>(0, frame.size()));
  return frame;
}

RC_GTEST_PROP(RouteIndex, IndexedRoutingIsPlainRouting, ()) {
  const RouteState state = AnyState();
  const RouteFilters indexed(state.filters);
  for (int k = 0; k < 8; ++k) {
    const ndis::Bytes frame = AnyFrame();
    const RouteResult plain = Route(state, frame);
    const RouteResult fast = Route(state.queues, indexed, frame);
    RC_ASSERT(fast.permitted == plain.permitted);
    RC_ASSERT(fast.strict == plain.strict);
    RC_ASSERT(fast.matched_filters == plain.matched_filters);
    RC_ASSERT(fast.reason == plain.reason);
    RC_ASSERT(fast.errata == plain.errata);
    RC_ASSERT(fast.frame.has_value() == plain.frame.has_value());
  }
}

// The index only narrows the search: a filter set on the frame's address is found whichever
// position it has, and a filter of another address never is.
TEST(RouteIndex, FindsEveryFilterOfTheAddress) {
  std::vector<RouteFilter> filters;
  for (std::uint32_t id = 1; id <= 6; ++id) {
    filters.push_back(RouteFilter{id, 1, VmqFilter{kAddresses[id % 2], std::nullopt, false}});
  }
  const RouteFilters indexed(filters);
  const auto first = indexed.WithAddress(kAddresses[0]);
  EXPECT_EQ(std::vector<std::uint32_t>(first.begin(), first.end()),
            (std::vector<std::uint32_t>{1, 3, 5}));
  EXPECT_TRUE(indexed.WithAddress(kAddresses[4]).empty());
}

}  // namespace
}  // namespace vmqkit::spec
