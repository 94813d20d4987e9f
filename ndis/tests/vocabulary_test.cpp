// The OID and status tables, and the Ethernet/802.1Q frame view.
#include <gtest/gtest.h>

#include <set>

#include "ndis/frame.h"
#include "ndis/oids.h"
#include "ndis/status.h"

namespace vmqkit::ndis {
namespace {

TEST(StatusTable, EveryCodeRoundTripsByNameAndValue) {
  std::set<std::uint32_t> values;
  for (const auto& info : StatusTable()) {
    EXPECT_TRUE(values.insert(static_cast<std::uint32_t>(info.status)).second) << info.name;
    EXPECT_EQ(ParseStatus(info.name), info.status);
    EXPECT_EQ(ParseStatus("NDIS_STATUS_" + std::string(info.name)), info.status);
    EXPECT_EQ(ToString(info.status), info.name);
  }
  EXPECT_EQ(static_cast<std::uint32_t>(NdisStatus::kInvalidLength), 0xC0010014u);
  EXPECT_EQ(static_cast<std::uint32_t>(NdisStatus::kFileNotFound), 0xC001001Bu);
  EXPECT_EQ(ParseStatus("0xC000000D"), NdisStatus::kInvalidParameter);
  EXPECT_EQ(ToString(static_cast<NdisStatus>(0xC0010099u)), "0xC0010099");
  EXPECT_FALSE(ParseStatus("NOT_A_STATUS"));
}

TEST(OidTable, ValuesKindsAndAnswerers) {
  EXPECT_EQ(OidTable().size(), 13u);
  const OidInfo* allocate = FindOid("OID_RECEIVE_FILTER_ALLOCATE_QUEUE");
  ASSERT_NE(allocate, nullptr);
  EXPECT_EQ(allocate->value, 0x00010223u);
  EXPECT_EQ(FindRule(*allocate, RequestKind::kMethod)->answerer, Answerer::kMiniport);
  EXPECT_EQ(FindRule(*allocate, RequestKind::kSet), nullptr);
  const OidInfo* params = FindOid(0x00010226u);
  ASSERT_NE(params, nullptr);
  EXPECT_EQ(FindRule(*params, RequestKind::kMethod)->answerer, Answerer::kNdis);
  EXPECT_EQ(FindRule(*params, RequestKind::kSet)->answerer, Answerer::kMiniport);
  EXPECT_EQ(FindOid("move_filter")->since, kNdis630);
  EXPECT_EQ(FindOid("0x0001022D")->name, "CURRENT_CAPABILITIES");
  std::set<Oid> values;
  for (const auto& oid : OidTable()) EXPECT_TRUE(values.insert(oid.value).second) << oid.name;
}

const MacAddress kGuest{{0x00, 0x15, 0x5d, 0x4a, 0x00, 0x01}};

FrameView Parsed(const Bytes& bytes) {
  auto result = ParseFrame(bytes);
  EXPECT_TRUE(std::holds_alternative<FrameView>(result));
  return std::get<FrameView>(result);
}

FrameDefect Rejected(const Bytes& bytes) {
  auto result = ParseFrame(bytes);
  EXPECT_TRUE(std::holds_alternative<FrameRejection>(result));
  return std::get<FrameRejection>(result).defect;
}

TEST(Frame, EthernetIIUntagged) {
  FrameView view = Parsed(BuildFrame({kGuest, {}, {}, {}, 0x0800, 60}));
  EXPECT_EQ(view.destination, kGuest);
  EXPECT_FALSE(view.tag);
  EXPECT_EQ(view.ether_type, 0x0800);
  EXPECT_TRUE(view.UntaggedOrZero());
}

TEST(Frame, Ieee8021QTag) {
  FrameView view = Parsed(BuildFrame({kGuest, {}, {}, VlanTag{kTpid8021Q, 5, true, 10}, 0x86DD}));
  ASSERT_TRUE(view.tag);
  EXPECT_EQ(view.tag->vlan_id, 10);
  EXPECT_EQ(view.tag->priority, 5);
  EXPECT_TRUE(view.tag->drop_eligible);
  EXPECT_EQ(view.ether_type, 0x86DD);
  EXPECT_EQ(view.payload_offset, 18u);
  EXPECT_FALSE(view.UntaggedOrZero());
}

TEST(Frame, PriorityTaggedIsVlanZero) {
  FrameView view = Parsed(BuildFrame({kGuest, {}, {}, VlanTag{kTpid8021Q, 3, false, 0}}));
  EXPECT_TRUE(view.PriorityTagged());
  EXPECT_TRUE(view.UntaggedOrZero());
}

TEST(Frame, QinQServiceTagOutside) {
  FrameView view = Parsed(BuildFrame(
      {kGuest, {}, VlanTag{kTpid8021ad, 0, false, 100}, VlanTag{kTpid8021Q, 0, false, 10}}));
  ASSERT_TRUE(view.service_tag);
  EXPECT_EQ(view.service_tag->vlan_id, 100);
  ASSERT_TRUE(view.tag);
  EXPECT_EQ(view.tag->vlan_id, 10);
  EXPECT_FALSE(view.UntaggedOrZero());
  EXPECT_EQ(view.payload_offset, 22u);
}

TEST(Frame, TruncatedHeaderRejected) {
  EXPECT_EQ(Rejected(Bytes(13, 0)), FrameDefect::kTruncatedHeader);
}

TEST(Frame, TruncatedTagRejected) {
  Bytes bytes = BuildFrame({kGuest, {}, {}, VlanTag{}, 0x0800, 18});
  bytes.resize(16);
  EXPECT_EQ(Rejected(bytes), FrameDefect::kTruncatedTag);
}

TEST(Frame, RuntRejectedUnlessAllowed) {
  Bytes bytes = BuildFrame({kGuest, {}, {}, {}, 0x0800, 59});
  bytes.resize(59);
  EXPECT_EQ(Rejected(bytes), FrameDefect::kRunt);
  EXPECT_TRUE(std::holds_alternative<FrameView>(ParseFrame(bytes, {.reject_runts = false})));
}

TEST(MacAddress, ParsesTheUsualSpellings) {
  EXPECT_EQ(ParseMacAddress("00:15:5D:4A:00:01"), kGuest);
  EXPECT_EQ(ParseMacAddress("00-15-5d-4a-00-01"), kGuest);
  EXPECT_EQ(ParseMacAddress("00155d4a0001"), kGuest);
  EXPECT_FALSE(ParseMacAddress("00:15-5d:4a:00:01"));
  EXPECT_FALSE(ParseMacAddress("00:15:5d:4a:00"));
  const MacAddress broadcast{{0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF}};
  const MacAddress multicast{{0x01, 0x00, 0x5e, 0, 0, 1}};
  EXPECT_TRUE(broadcast.IsBroadcast());
  EXPECT_TRUE(multicast.IsMulticast());
  EXPECT_FALSE(kGuest.IsMulticast());
  EXPECT_EQ(ToString(kGuest), "00:15:5d:4a:00:01");
}

}  // namespace
}  // namespace vmqkit::ndis
