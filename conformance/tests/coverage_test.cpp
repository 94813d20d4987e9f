// The functional coverage model (conformance/coverage_model.h): the declaration is sound, each
// sampling hook counts the bins its step reaches and no other, counts merge and survive the JSON
// the check processes send, and an engine run counts through EngineOptions::coverage.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "conformance/coverage_model.h"
#include "conformance/engine.h"
#include "conformance/suites.h"
#include "reference/dut_ops.h"

namespace vmqkit::conformance {
namespace {

TEST(CoverageModel, GroupsAndBinsAreUniqueAndNonEmpty) {
  std::set<std::string_view> groups;
  std::size_t bins = 0;
  for (const CoverageGroup& g : CoverageModel()) {
    EXPECT_TRUE(groups.insert(g.name).second) << g.name;
    EXPECT_FALSE(g.bins.empty()) << g.name;
    EXPECT_FALSE(g.samples.empty()) << g.name;
    std::set<std::string_view> names(g.bins.begin(), g.bins.end());
    EXPECT_EQ(names.size(), g.bins.size()) << g.name;
    bins += g.bins.size();
  }
  EXPECT_EQ(Coverage().DeclaredBinCount(), bins);
  EXPECT_EQ(Coverage().OpenBins().size(), bins);
  EXPECT_EQ(Coverage().ClosedBinCount(), 0u);
}

TEST(CoverageModel, AnUndeclaredBinClosesNothingAndShows) {
  Coverage c;
  c.Hit("frame", "no such bin");
  c.Hit("no such group", "x");
  EXPECT_EQ(c.ClosedBinCount(), 0u);
  EXPECT_EQ(c.Count("frame", "no such bin"), 0u);
  EXPECT_EQ(c.Count("frame", "(undeclared)"), 1u);
  EXPECT_NE(c.Table().find("[undeclared bins hit]"), std::string::npos);
}

TEST(CoverageModel, MergeAddsAndJsonRoundTrips) {
  Coverage a;
  a.Hit("frame", "unicast, untagged");
  a.Hit("tag-bits", "DEI 1");
  Coverage b;
  b.Hit("frame", "unicast, untagged");
  b.Hit("route", "drop");
  a.Merge(b);
  EXPECT_EQ(a.Count("frame", "unicast, untagged"), 2u);
  EXPECT_EQ(a.ClosedBinCount(), 3u);
  const Coverage back = Coverage::FromJson(a.ToJson());
  EXPECT_EQ(back.Count("frame", "unicast, untagged"), 2u);
  EXPECT_EQ(back.Count("tag-bits", "DEI 1"), 1u);
  EXPECT_EQ(back.Count("route", "drop"), 1u);
  EXPECT_EQ(back.ClosedBinCount(), 3u);
  EXPECT_EQ(a.ToJson()["open"].size(), a.DeclaredBinCount() - 3);
}

TEST(CoverageModel, TableNamesOpenBinsPerGroup) {
  Coverage c;
  for (std::string_view bin : {"PCP 0", "PCP 1..7", "DEI 0"}) c.Hit("tag-bits", bin);
  const std::string table = c.Table();
  EXPECT_NE(table.find("tag-bits         3/4      DEI 1\n"), std::string::npos) << table;
}

// The hooks on a model driven step by step: each step counts its bins.
TEST(CoverageSampling, EachStepCountsTheBinsItReaches) {
  spec::VmqModel model(VmqConfig());
  (void)model.Initialize();
  Coverage c;
  c.OnInitialize("A", model);
  EXPECT_EQ(c.Count("ndis-version", "6.30"), 1u);
  EXPECT_EQ(c.Count("interface", "VMQ"), 1u);
  EXPECT_EQ(c.Count("keywords", "*VMQ 1"), 1u);
  EXPECT_EQ(c.Count("keywords", "*VMQ absent"), 0u);

  auto oid = [&](const spec::OidRequest& request) {
    const spec::VmqModel before = model;
    const spec::StepResult r = model.Request(request);
    c.OnOid("A", before, request, r, model);
    return r;
  };
  oid(AllocateQueueRequest(ndis::kNdis630, 0x1));
  EXPECT_EQ(c.Count("oid", "ALLOCATE_QUEUE succeeds"), 1u);
  EXPECT_EQ(c.Count("queue-table", "ALLOCATE_QUEUE: Undefined -> Allocated"), 1u);
  oid(SetFilterRequest(ndis::kNdis630, 1, GuestMac(1), 4094, false));
  EXPECT_EQ(c.Count("filter-kind", "unicast, VLAN id"), 1u);
  EXPECT_EQ(c.Count("filter-vlan-id", "4094"), 1u);
  EXPECT_EQ(c.Count("queue-table", "SET_FILTER: Allocated -> Set"), 1u);
  oid(SetFilterRequest(ndis::kNdis630, 1, GuestMac(2), 1, false));
  EXPECT_EQ(c.Count("queue-table", "SET_FILTER: Set -> Set"), 1u);
  EXPECT_EQ(c.Count("filter-vlan-id", "1"), 1u);
  // A blank cell: FREE_QUEUE of a queue in Set.
  oid(FreeQueueRequest(1));
  EXPECT_EQ(c.Count("blank-cell", "FREE_QUEUE"), 1u);
  EXPECT_EQ(c.Count("oid", "FREE_QUEUE refused"), 1u);

  // A tagged frame for the Set (not yet Running) queue: E-304, default queue.
  ndis::FrameSpec spec;
  spec.destination = GuestMac(1);
  spec.tag = ndis::VlanTag{ndis::kTpid8021Q, 5, true, 4094};
  const ndis::Bytes frame = ndis::BuildFrame(spec);
  c.OnReceive(frame, model.Receive(frame));
  EXPECT_EQ(c.Count("frame", "unicast, VLAN-tagged"), 1u);
  EXPECT_EQ(c.Count("frame-vlan-id", "4094"), 1u);
  EXPECT_EQ(c.Count("tag-bits", "PCP 1..7"), 1u);
  EXPECT_EQ(c.Count("tag-bits", "DEI 1"), 1u);
  EXPECT_EQ(c.Count("tag-bits", "PCP 0"), 0u);
  EXPECT_EQ(c.Count("route", "default queue: the matching queue is not Running"), 1u);

  oid(CompleteRequest({1}));
  EXPECT_EQ(c.Count("queue-table", "QUEUE_ALLOCATION_COMPLETE: Set -> Running"), 1u);
  c.OnReceive(frame, model.Receive(frame));
  EXPECT_EQ(c.Count("route", "VM queue: unicast filter"), 1u);
  EXPECT_EQ(c.Count("queue-table", "receive packet: Running"), 1u);
  // A runt is dropped.
  const ndis::Bytes runt(20, 0);
  c.OnReceive(runt, model.Receive(runt));
  EXPECT_EQ(c.Count("frame", "runt or truncated"), 1u);
  EXPECT_EQ(c.Count("route", "drop"), 1u);
}

// NumQueues allocations, one refused, a free and a reallocation: the lifecycle bins.
TEST(CoverageSampling, QueueTableExhaustionAndReuse) {
  spec::VmqModel model(VmqConfig());
  (void)model.Initialize();
  Coverage c;
  c.OnInitialize("A", model);
  auto oid = [&](const spec::OidRequest& request) {
    const spec::VmqModel before = model;
    const spec::StepResult r = model.Request(request);
    c.OnOid("A", before, request, r, model);
  };
  const std::uint32_t n = model.capabilities().current.num_queues;
  ASSERT_GT(n, 0u);
  for (std::uint32_t i = 0; i < n; ++i) oid(AllocateQueueRequest(ndis::kNdis630, 0x1));
  EXPECT_EQ(c.Count("lifecycle", "ALLOCATE_QUEUE with all NumQueues allocated"), 0u);
  oid(AllocateQueueRequest(ndis::kNdis630, 0x1));
  EXPECT_EQ(c.Count("lifecycle", "ALLOCATE_QUEUE with all NumQueues allocated"), 1u);
  EXPECT_EQ(c.Count("oid", "ALLOCATE_QUEUE refused"), 1u);
  EXPECT_EQ(c.Count("lifecycle", "more allocations than NumQueues on one adapter"), 0u);
  oid(FreeQueueRequest(1));
  EXPECT_EQ(c.Count("queue-table", "FREE_QUEUE: Allocated -> DmaStopped"), 1u);
  EXPECT_EQ(c.Count("queue-table", "indications complete: Freeing -> Undefined"), 1u);
  oid(AllocateQueueRequest(ndis::kNdis630, 0x1));
  EXPECT_EQ(c.Count("lifecycle", "queue id reused after FREE_QUEUE"), 1u);
  EXPECT_EQ(c.Count("lifecycle", "more allocations than NumQueues on one adapter"), 1u);
  // A new adapter life starts the count again.
  c.OnInitialize("A", model);
  oid(FreeQueueRequest(2));
  oid(AllocateQueueRequest(ndis::kNdis630, 0x1));
  EXPECT_EQ(c.Count("lifecycle", "queue id reused after FREE_QUEUE"), 1u);
}

// Through the engine: EngineOptions::coverage counts the steps an engine runs on a DUT.
TEST(CoverageSampling, EngineCountsThroughItsOptions) {
  Coverage c;
  EngineOptions options;
  options.coverage = &c;
  Engine e(
      [](const PlatformSpec& platform) {
        return PluginDevice::Create(&reference::DutOps(), platform);
      },
      options);
  ASSERT_TRUE(e.Configure("A", VmqConfig()));
  ASSERT_TRUE(e.Initialize("A"));
  ASSERT_TRUE(e.Oid("A", AllocateQueueRequest(ndis::kNdis630, 0x1)));
  ASSERT_TRUE(e.Oid("A", SetFilterRequest(ndis::kNdis630, 1, GuestMac(1), 10, false)));
  ASSERT_TRUE(e.Oid("A", CompleteRequest({1})));
  ASSERT_TRUE(e.Rx("A", Frame(GuestMac(1), 10), /*hold=*/true));
  ASSERT_TRUE(e.Oid("A", ClearFilterRequest(1, 1)));
  ASSERT_TRUE(e.Oid("A", FreeQueueRequest(1)));
  EXPECT_EQ(c.Count("oid", "FREE_QUEUE pends"), 1u);
  ASSERT_TRUE(e.Return("A", 1));
  EXPECT_EQ(c.Count("lifecycle", "FREE_QUEUE completed by returned indications"), 1u);
  EXPECT_EQ(c.Count("queue-table", "CLEAR_FILTER(last): Running -> Paused"), 1u);
  EXPECT_EQ(c.Count("queue-table", "FREE_QUEUE: Paused -> DmaStopped"), 1u);
  EXPECT_EQ(c.Count("route", "VM queue: unicast filter"), 1u);
  EXPECT_EQ(c.Count("ndis-version", "6.30"), 1u);
}

}  // namespace
}  // namespace vmqkit::conformance
