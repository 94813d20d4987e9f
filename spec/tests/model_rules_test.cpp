// The model's NDIS-side and miniport-side checks, one test per rule and status code.
#include <gtest/gtest.h>

#include "spec/tests/model_support.h"

namespace vmqkit::spec {
namespace {

using namespace test;  // NOLINT
using ndis::NdisStatus;

VmqModel RunningQueue() {
  VmqModel model = Initialized();
  (void)model.Request(Allocate());
  (void)model.Request(SetFilter(1));
  (void)model.Request(Complete(1));
  return model;
}

TEST(Initialize, VmqPreferenceEnablesVmqCapabilities) {
  VmqModel model(VmqConfig());
  const StepResult r = model.Initialize();
  EXPECT_EQ(r.status, NdisStatus::kSuccess);
  EXPECT_EQ(r.bytes_written, 84u + 84u);  // hardware then current, revision 2
  EXPECT_EQ(model.capabilities().current.enabled_queue_types, ndis::kVmQueuesEnabled);
}

TEST(AllocateQueue, NdisAssignsLowestFreeIdAndMiniportReturnsMsix) {
  VmqModel model = Initialized();
  const StepResult r = model.Request(Allocate());
  ASSERT_EQ(r.status, NdisStatus::kSuccess);
  auto out = ndis::DecodeReceiveQueueParameters(r.output);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->queue_id, 1u);
  EXPECT_EQ(model.Request(Allocate()).status, NdisStatus::kSuccess);
  EXPECT_EQ(model.queues().at(2).state, QueueState::kAllocated);
}

TEST(AllocateQueue, ExhaustedNumQueuesFailsOnNdisSide) {
  VmqModel model = Initialized();
  for (std::uint32_t i = 0; i < model.capabilities().current.num_queues; ++i) {
    ASSERT_EQ(model.Request(Allocate()).status, NdisStatus::kSuccess);
  }
  const StepResult r = model.Request(Allocate());
  EXPECT_EQ(r.status, NdisStatus::kFailure);
  EXPECT_EQ(r.rejected_by, Side::kNdis);
}

TEST(AllocateQueue, EmptyAffinityMaskIsInvalidParameter) {
  VmqModel model = Initialized();
  const StepResult r = model.Request(Allocate(0));
  EXPECT_EQ(r.status, NdisStatus::kInvalidParameter);
  EXPECT_EQ(r.rule, "affinity.not-empty");
}

// E-312: no processor of the adapter's set is a refusal; a mask partly outside it may be
// accepted (E-511, the processors inside are used) or refused.
TEST(AllocateQueue, E312_AffinityOutsideProcessorSetIsInvalidParameter_PartlyOutsideEither) {
  VmqModel model = Initialized();  // processors 0..7 of group 0
  EXPECT_EQ(model.Request(Allocate(0x100)).rule, "affinity.processor-set");
  const StepResult partly = model.Request(Allocate(0x101));
  EXPECT_EQ(partly.status, NdisStatus::kSuccess);
  EXPECT_EQ(partly.permitted,
            (std::vector<NdisStatus>{NdisStatus::kSuccess, NdisStatus::kInvalidParameter}));
  EXPECT_EQ(model.Request(Allocate(0x3)).permitted,
            (std::vector<NdisStatus>{NdisStatus::kSuccess}));
}

TEST(AllocateQueue, LookaheadSizeMustBeZeroFrom630) {
  VmqModel model = Initialized();
  ndis::ReceiveQueueParameters q;
  q.processor_affinity.mask = 1;
  q.lookahead_size = 128;
  const StepResult r = model.Request(
      {ndis::kOidReceiveFilterAllocateQueue, ndis::RequestKind::kMethod, ndis::Encode(q), {}});
  EXPECT_EQ(r.rule, "allocate.lookahead-size-6.30");
}

TEST(AllocateQueue, ShortBufferIsInvalidLengthWithBytesNeeded) {
  VmqModel model = Initialized();
  OidRequest request = Allocate();
  request.buffer.resize(100);
  const StepResult r = model.Request(request);
  EXPECT_EQ(r.status, NdisStatus::kInvalidLength);
  EXPECT_EQ(r.bytes_needed, 1092u);
  EXPECT_EQ(r.rejected_by, Side::kNdis);
}

TEST(AllocateQueue, WrongRequestKindIsNotSupported) {
  VmqModel model = Initialized();
  OidRequest request = Allocate();
  request.kind = ndis::RequestKind::kSet;
  EXPECT_EQ(model.Request(request).status, NdisStatus::kNotSupported);
}

TEST(AllocateQueue, VmqNotEnabledIsNotSupported) {
  ModelConfig config = VmqConfig();
  config.adapter_keywords.values = {Sz("*RssOrVmqPreference", "0")};  // RSS preference
  VmqModel model = Initialized(config);
  EXPECT_EQ(model.Request(Allocate()).status, NdisStatus::kNotSupported);
}

TEST(SetFilter, FilterIdsAreUniqueAcrossQueues) {
  VmqModel model = Initialized();
  (void)model.Request(Allocate());
  (void)model.Request(Allocate());
  auto id = [&](const StepResult& r) {
    return ndis::DecodeReceiveFilterParameters(r.output)->filter_id;
  };
  EXPECT_EQ(id(model.Request(SetFilter(1))), 1u);
  EXPECT_EQ(id(model.Request(SetFilter(2, kOtherMac))), 2u);
  EXPECT_EQ(id(model.Request(SetFilter(0, kOtherMac, 30))), 3u);  // the default queue takes filters
}

TEST(SetFilter, UnallocatedQueueIsInvalidParameterFromNdis) {
  VmqModel model = Initialized();
  const StepResult r = model.Request(SetFilter(4));
  EXPECT_EQ(r.status, NdisStatus::kInvalidParameter);
  EXPECT_EQ(r.rejected_by, Side::kNdis);
}

TEST(SetFilter, VlanFilterRefusedWhenVlanFilteringDisabled) {
  VmqModel model = Initialized(VmqConfig(ndis::kNdis630, /*vlan_filtering=*/false));
  (void)model.Request(Allocate());
  const StepResult r = model.Request(SetFilter(1));
  EXPECT_EQ(r.rule, "filter.vlan-needs-vlan-filtering");
  EXPECT_EQ(r.rejected_by, Side::kMiniport);
  EXPECT_EQ(model.Request(SetFilter(1, kGuestMac, std::nullopt)).status, NdisStatus::kSuccess);
}

TEST(SetFilter, VlanTestAndUntaggedFlagTogetherRefused) {
  VmqModel model = Initialized();
  (void)model.Request(Allocate());
  auto f = MacVlanFilter(1, kGuestMac, 10);
  f.fields[0].flags = ndis::kFieldMacHeaderVlanUntaggedOrZero;
  EXPECT_EQ(model.Request(SetFilter(f)).rule, "filter.vlan-xor-untagged-flag");
}

TEST(SetFilter, MacOnlyWithoutFlagRefusedOn620) {
  VmqModel model = Initialized(VmqConfig(ndis::kNdis620));
  (void)model.Request(Allocate());
  auto f = MacVlanFilter(1, kGuestMac, std::nullopt);
  f.fields[0].flags = 0;
  EXPECT_EQ(model.Request(SetFilter(f)).rule, "filter.mac-only-needs-flag-6.20");
}

// E-321: 6.30 "must do either one of the following": accept, or "return a failed status" (any).
TEST(SetFilter, MacOnlyWithoutFlagAcceptedOn630WithAnyFailurePermitted) {
  VmqModel model = Initialized();
  (void)model.Request(Allocate());
  auto f = MacVlanFilter(1, kGuestMac, std::nullopt);
  f.fields[0].flags = 0;
  const StepResult r = model.Request(SetFilter(f));
  EXPECT_EQ(r.status, NdisStatus::kSuccess);
  EXPECT_EQ(r.permitted, (std::vector<NdisStatus>{NdisStatus::kSuccess}));
  EXPECT_TRUE(r.any_failure);
}

TEST(SetFilter, NonMacHeaderNonEqualAndOtherFieldsRefused) {
  VmqModel model = Initialized();
  (void)model.Request(Allocate());
  auto f = MacVlanFilter(1, kGuestMac, 10);
  f.fields[1].frame_header = ndis::FrameHeader::kIpv4;
  EXPECT_EQ(model.Request(SetFilter(f)).rule, "filter.mac-header-only");
  f = MacVlanFilter(1, kGuestMac, 10);
  f.fields[1].test = ndis::ReceiveFilterTest::kMaskEqual;
  EXPECT_EQ(model.Request(SetFilter(f)).rule, "filter.equal-test-only");
  f = MacVlanFilter(1, kGuestMac, 10);
  f.fields[1].header_field = static_cast<std::uint32_t>(ndis::MacHeaderField::kSourceAddress);
  EXPECT_EQ(model.Request(SetFilter(f)).rule, "filter.dest-addr-or-vlan-only");
  f = MacVlanFilter(1, kGuestMac, 10);
  f.filter_type = ndis::ReceiveFilterType::kPacketCoalescing;
  EXPECT_EQ(model.Request(SetFilter(f)).rule, "filter.type-vmqueue");
}

// E-306: exactly one destination MAC test.
TEST(SetFilter, VlanOnlyFilterRefused) {
  VmqModel model = Initialized();
  (void)model.Request(Allocate());
  ndis::ReceiveFilterParameters f;
  f.queue_id = 1;
  f.fields.push_back(ndis::VlanIdField(10));
  EXPECT_EQ(model.Request(SetFilter(f)).rule, "filter.one-mac-at-most-one-vlan");
}

// E-309: VLAN ids 0 and 4095 are not VLAN filters.
TEST(SetFilter, VlanIdOutsideOneTo4094Refused) {
  VmqModel model = Initialized();
  (void)model.Request(Allocate());
  EXPECT_EQ(model.Request(SetFilter(1, kGuestMac, 0)).rule, "filter.vlan-id-range");
  EXPECT_EQ(model.Request(SetFilter(1, kGuestMac, 4095)).rule, "filter.vlan-id-range");
  EXPECT_EQ(model.Request(SetFilter(1, kGuestMac, 4094)).status, NdisStatus::kSuccess);
}

TEST(SetFilter, RequestedFilterIdBitCountMustBeZero) {
  VmqModel model = Initialized();
  (void)model.Request(Allocate());
  auto f = MacVlanFilter(1, kGuestMac, 10);
  f.requested_filter_id_bit_count = 4;
  EXPECT_EQ(model.Request(SetFilter(f)).rule, "set-filter.id-bit-count");
}

TEST(SetFilter, MaxMacHeaderFiltersIsEnforced) {
  ModelConfig config = VmqConfig();
  config.hardware.max_mac_header_filters = 7;
  VmqModel model = Initialized(config);
  (void)model.Request(Allocate());
  for (std::uint16_t vlan = 1; vlan <= 7; ++vlan) {
    ASSERT_EQ(model.Request(SetFilter(1, kGuestMac, vlan)).status, NdisStatus::kSuccess);
  }
  const StepResult full = model.Request(SetFilter(1, kGuestMac, 8));
  EXPECT_EQ(full.rule, "set-filter.max-filters");
  // E-320: the documented refusal of an exhausted table, RESOURCES, is permitted too.
  EXPECT_EQ(full.status, NdisStatus::kInvalidParameter);
  EXPECT_EQ(full.permitted,
            (std::vector<NdisStatus>{NdisStatus::kInvalidParameter, NdisStatus::kResources,
                                     NdisStatus::kFailure}));
}

// E-320: capabilities count queues and filters, not filters per queue: a queue's first filter
// must be taken, a further one may get RESOURCES.
TEST(SetFilter, E320_FurtherFilterOfAQueueMayGetResources) {
  VmqModel model = Initialized();
  (void)model.Request(Allocate());
  const StepResult first = model.Request(SetFilter(1, kGuestMac, 1));
  EXPECT_EQ(first.permitted, (std::vector<NdisStatus>{NdisStatus::kSuccess}));
  const StepResult second = model.Request(SetFilter(1, kGuestMac, 2));
  EXPECT_EQ(second.status, NdisStatus::kSuccess);
  EXPECT_EQ(second.permitted,
            (std::vector<NdisStatus>{NdisStatus::kSuccess, NdisStatus::kResources}));
}

TEST(ClearFilter, UnknownFilterIsFileNotFound) {
  VmqModel model = RunningQueue();
  const StepResult r = model.Request(Clear(1, 9));
  EXPECT_EQ(r.status, NdisStatus::kFileNotFound);
  EXPECT_EQ(r.rejected_by, Side::kNdis);
}

// E-314: the QueueId must be the filter's queue.
TEST(ClearFilter, QueueMismatchIsInvalidParameter) {
  VmqModel model = RunningQueue();
  EXPECT_EQ(model.Request(Clear(0, 1)).rule, "clear-filter.queue-matches");
}

TEST(ClearFilter, LastFilterGivesNoStatusIndication) {
  VmqModel model = RunningQueue();
  const StepResult r = model.Request(Clear(1, 1));
  EXPECT_EQ(r.status, NdisStatus::kSuccess);
  EXPECT_TRUE(r.indications.empty());
  EXPECT_EQ(model.queues().at(1).state, QueueState::kPaused);
}

TEST(FreeQueue, DefaultQueueCannotBeFreed) {
  VmqModel model = Initialized();
  const StepResult r = model.Request(Free(0));
  EXPECT_EQ(r.status, NdisStatus::kInvalidParameter);
  EXPECT_EQ(r.rule, "free.default-queue");
  EXPECT_TRUE(model.queues().contains(0));
}

TEST(FreeQueue, UnknownQueueIsInvalidParameter) {
  VmqModel model = Initialized();
  EXPECT_EQ(model.Request(Free(3)).rule, "free.queue-exists");
}

// E-315: NDIS refuses to free a queue that still has filters.
TEST(FreeQueue, WithFiltersSetIsRefusedByNdis) {
  VmqModel model = RunningQueue();
  const StepResult r = model.Request(Free(1));
  EXPECT_EQ(r.status, NdisStatus::kInvalidParameter);
  EXPECT_EQ(r.rejected_by, Side::kNdis);
  EXPECT_EQ(model.queues().at(1).state, QueueState::kRunning);
}

TEST(FreeQueue, StopsDmaIndicatesAndCompletesWhenNothingOutstanding) {
  VmqModel model = RunningQueue();
  (void)model.Request(Clear(1, 1));
  const StepResult r = model.Request(Free(1));
  EXPECT_EQ(r.status, NdisStatus::kSuccess);
  ASSERT_EQ(r.indications.size(), 1u);
  EXPECT_EQ(r.indications[0].code, NdisStatus::kReceiveQueueState);
  auto decoded = ndis::DecodeReceiveQueueState(r.indications[0].buffer);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->state, ndis::QueueOperationalState::kDmaStopped);
  EXPECT_FALSE(model.queues().contains(1));
  EXPECT_EQ(model.Request(Allocate()).status, NdisStatus::kSuccess);  // the id is reusable
}

TEST(FreeQueue, PendsUntilOutstandingIndicationsAreReturned) {
  VmqModel model = RunningQueue();
  (void)model.Receive(Frame(kGuestMac), true);
  (void)model.Receive(Frame(kGuestMac), true);
  (void)model.Request(Clear(1, 1));
  EXPECT_EQ(model.Request(Free(1)).status, NdisStatus::kPending);
  EXPECT_EQ(model.queues().at(1).state, QueueState::kFreeing);
  EXPECT_TRUE(model.ReturnIndications(1, 1).completions.empty());
  const StepResult done = model.ReturnIndications(1, std::nullopt);
  ASSERT_EQ(done.completions.size(), 1u);
  EXPECT_EQ(done.completions[0].oid, ndis::kOidReceiveFilterFreeQueue);
  EXPECT_FALSE(model.queues().contains(1));
}

// E-316: one bad element refuses the whole request and changes nothing.
TEST(AllocationComplete, BadElementRefusesAllAndReportsPerElementStatus) {
  VmqModel model = Initialized();
  (void)model.Request(Allocate());
  ndis::ReceiveQueueAllocationCompleteArray array;
  array.elements = {{0, 1, NdisStatus::kSuccess}, {0, 5, NdisStatus::kSuccess}};
  const StepResult r = model.Request({ndis::kOidReceiveFilterQueueAllocationComplete,
                                      ndis::RequestKind::kMethod,
                                      ndis::Encode(array),
                                      {}});
  EXPECT_EQ(r.status, NdisStatus::kInvalidParameter);
  auto out = ndis::DecodeReceiveQueueAllocationCompleteArray(r.output);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->elements[0].completion_status, NdisStatus::kSuccess);
  EXPECT_EQ(out->elements[1].completion_status, NdisStatus::kInvalidParameter);
  EXPECT_EQ(model.queues().at(1).state, QueueState::kAllocated);
}

TEST(QueueParameters, AffinityChangeNeedsDynamicAffinityCapability) {
  VmqModel model = Initialized(VmqConfig(ndis::kNdis620));  // no dynamic affinity before 6.30
  (void)model.Request(Allocate());
  ndis::ReceiveQueueParameters q;
  q.revision = 1;
  q.queue_id = 1;
  q.flags = ndis::kQueueProcessorAffinityChanged;
  q.processor_affinity.mask = 0x2;
  const StepResult r = model.Request(
      {ndis::kOidReceiveFilterQueueParameters, ndis::RequestKind::kSet, ndis::Encode(q), {}});
  EXPECT_EQ(r.rule, "queue-parameters.affinity-needs-dynamic-change");
  EXPECT_EQ(r.rejected_by, Side::kNdis);
}

TEST(QueueParameters, OnlyFlaggedFieldsChangeAndEmptyMaskRefused) {
  VmqModel model = Initialized();
  (void)model.Request(Allocate(0x1));
  ndis::ReceiveQueueParameters q;
  q.queue_id = 1;
  q.processor_affinity.mask = 0x4;  // no PROCESSOR_AFFINITY_CHANGED: ignored
  q.num_suggested_receive_buffers = 99;
  q.flags = ndis::kQueueSuggestedRecvBufferNumbersChanged;
  OidRequest set{
      ndis::kOidReceiveFilterQueueParameters, ndis::RequestKind::kSet, ndis::Encode(q), {}};
  EXPECT_EQ(model.Request(set).status, NdisStatus::kSuccess);
  EXPECT_EQ(model.queues().at(1).parameters.processor_affinity.mask, 0x1u);
  EXPECT_EQ(model.queues().at(1).parameters.num_suggested_receive_buffers, 99u);
  q.flags = ndis::kQueueProcessorAffinityChanged;
  q.processor_affinity.mask = 0;
  EXPECT_EQ(model
                .Request({ndis::kOidReceiveFilterQueueParameters,
                          ndis::RequestKind::kSet,
                          ndis::Encode(q),
                          {}})
                .rule,
            "affinity.not-empty");
  q.flags = 0x40000000;
  EXPECT_EQ(model
                .Request({ndis::kOidReceiveFilterQueueParameters,
                          ndis::RequestKind::kSet,
                          ndis::Encode(q),
                          {}})
                .rule,
            "queue-parameters.change-flags");
}

TEST(Queries, CapabilitiesShortOutputBufferIsInvalidLength) {
  VmqModel model = Initialized();
  const StepResult r = model.Request(
      {ndis::kOidReceiveFilterCurrentCapabilities, ndis::RequestKind::kQuery, {}, 20});
  EXPECT_EQ(r.status, NdisStatus::kInvalidLength);
  EXPECT_EQ(r.bytes_needed, 84u);
}

TEST(Queries, EnumFiltersListsTheQueuesFilters) {
  VmqModel model = RunningQueue();
  (void)model.Request(SetFilter(1, kGuestMac, 11));
  ndis::ReceiveFilterInfoArray in;
  in.queue_id = 1;
  const StepResult r = model.Request(
      {ndis::kOidReceiveFilterEnumFilters, ndis::RequestKind::kMethod, ndis::Encode(in), {}});
  auto out = ndis::DecodeReceiveFilterInfoArray(r.output);
  ASSERT_TRUE(out);
  ASSERT_EQ(out->elements.size(), 2u);
  EXPECT_EQ(out->elements[1].filter_id, 2u);
}

TEST(Queries, FilterParametersOfUnknownFilterIsInvalidParameter) {
  VmqModel model = RunningQueue();
  ndis::ReceiveFilterParameters f;
  f.filter_id = 0;
  EXPECT_EQ(
      model
          .Request(
              {ndis::kOidReceiveFilterParameters, ndis::RequestKind::kMethod, ndis::Encode(f), {}})
          .status,
      NdisStatus::kInvalidParameter);
}

TEST(MoveFilter, NotSupportedWithoutNicSwitch) {
  VmqModel model = RunningQueue();
  EXPECT_EQ(
      model.Request({ndis::kOidReceiveFilterMoveFilter, ndis::RequestKind::kSet, {}, {}}).status,
      NdisStatus::kNotSupported);
}

}  // namespace
}  // namespace vmqkit::spec
