// Malformed OID buffers: the documented status, nothing changed, no crash. And the plug-in form
// loads and serves the same table.
#include <dlfcn.h>
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "hwref/register_map.h"
#include "test_host.h"

namespace vmqkit::reference::test {
namespace {

using R = hwref::RegisterId;

// Registers a request could change: filters, pools, rings, interrupt routing.
std::vector<std::uint32_t> Snapshot(Dut& dut) {
  std::vector<std::uint32_t> regs;
  for (R id : {R::kRAL, R::kRAH, R::kMPSAR, R::kVMOLR, R::kVFRE, R::kRXDCTL, R::kIVAR}) {
    const auto count = hwref::InstanceCount(hwref::Spec(id).dim, dut.miniport().nic().profile());
    for (std::uint32_t i = 0; i < count; ++i) regs.push_back(dut.Reg(id, i));
  }
  return regs;
}

void Prepare(Dut& dut) {
  ASSERT_EQ(dut.Initialize(), NdisStatus::kSuccess);
  ASSERT_EQ(dut.Allocate(1).status, NdisStatus::kSuccess);
  ASSERT_EQ(dut.SetFilter(1, 10, Mac(1), 5).status, NdisStatus::kSuccess);
  ASSERT_EQ(dut.Complete({1}).status, NdisStatus::kSuccess);
}

TEST(Robustness, TruncatedSetFilter_InvalidLengthWithBytesNeeded) {
  DutOptions options;
  options.profile = hwref::ProfileKind::k82599;
  Dut dut(options);
  Prepare(dut);
  ndis::ReceiveFilterParameters p;
  p.queue_id = 1;
  p.filter_id = 11;
  p.fields.push_back(ndis::MacDestinationField(MacBytes(Mac(2)), true));
  auto bytes = ndis::Encode(p);
  const auto full = static_cast<std::uint32_t>(bytes.size());
  bytes.resize(full - 8);
  const auto before = Snapshot(dut);
  const auto r = dut.Request(ndis::kOidReceiveFilterSetFilter, VMQKIT_REQUEST_METHOD, bytes);
  EXPECT_EQ(r.status, NdisStatus::kInvalidLength);
  EXPECT_EQ(r.needed, full);
  EXPECT_EQ(Snapshot(dut), before);
}

// CLEAR_FILTER and FREE_QUEUE complete only with NOT_ACCEPTED, REQUEST_ABORTED, SUCCESS or
// PENDING (Driver Verifier NdisOidComplete, E-322): a malformed or unknown one is NOT_ACCEPTED.
TEST(Robustness, WrongHeaderTypeOfClearFilter_NotAccepted) {
  Dut dut;
  Prepare(dut);
  auto bytes = ndis::Encode(ndis::ReceiveFilterClearParameters{0, 1, 10});
  bytes[0] = 0x81;
  EXPECT_EQ(dut.Request(ndis::kOidReceiveFilterClearFilter, VMQKIT_REQUEST_SET, bytes).status,
            NdisStatus::kNotAccepted);
  EXPECT_EQ(dut.ClearFilter(1, 10).status, NdisStatus::kSuccess);  // still there
}

TEST(Robustness, ClearUnknownFilterOrWrongQueue_NotAccepted) {
  Dut dut;
  Prepare(dut);
  EXPECT_EQ(dut.ClearFilter(1, 99).status, NdisStatus::kNotAccepted);
  EXPECT_EQ(dut.ClearFilter(2, 10).status, NdisStatus::kNotAccepted);
}

// IEEE 802.1Q reserves VID 0xFFF; VID 0 is the UNTAGGED_OR_ZERO flag's (E-309).
TEST(Robustness, VlanFilterOutsideOneTo4094_InvalidParameter) {
  Dut dut;
  Prepare(dut);
  EXPECT_EQ(dut.SetFilter(1, 11, Mac(2), 4095).status, NdisStatus::kInvalidParameter);
  EXPECT_EQ(dut.SetFilter(1, 11, Mac(2), 4094).status, NdisStatus::kSuccess);
}

TEST(Robustness, FilterOnUnallocatedQueueOrDuplicateId_InvalidParameter) {
  Dut dut;
  Prepare(dut);
  EXPECT_EQ(dut.SetFilter(7, 11, Mac(2)).status, NdisStatus::kInvalidParameter);
  EXPECT_EQ(dut.SetFilter(1, 10, Mac(2)).status, NdisStatus::kInvalidParameter);
  EXPECT_EQ(dut.SetFilter(1, 0, Mac(2)).status, NdisStatus::kInvalidParameter);
}

TEST(Robustness, AllocateDuplicateOrDefaultQueueIdOrZeroAffinity_InvalidParameter) {
  Dut dut;
  Prepare(dut);
  EXPECT_EQ(dut.Allocate(1).status, NdisStatus::kInvalidParameter);
  EXPECT_EQ(dut.Allocate(0).status, NdisStatus::kInvalidParameter);
  EXPECT_EQ(dut.Allocate(2, 0).status, NdisStatus::kInvalidParameter);
  EXPECT_EQ(dut.Allocate(2, 0x1, 3).status, NdisStatus::kInvalidParameter);  // no group 3
}

TEST(Robustness, UnknownOidOrWrongRequestKind_NotSupported) {
  Dut dut;
  Prepare(dut);
  EXPECT_EQ(dut.Request(0x00010999, VMQKIT_REQUEST_SET, ndis::Bytes(16)).status,
            NdisStatus::kNotSupported);
  EXPECT_EQ(dut.Request(ndis::kOidReceiveFilterFreeQueue, VMQKIT_REQUEST_METHOD,
                        ndis::Encode(ndis::ReceiveQueueFreeParameters{0, 1}))
                .status,
            NdisStatus::kNotAccepted);  // NdisOidComplete (E-322)
}

// Any bytes, any OID, any kind, any lengths: a status comes back; a failed request changes no
// register; the adapter keeps routing afterwards.
RC_GTEST_PROP(Robustness, RandomBuffers_NeverCrash_FailuresChangeNothing, ()) {
  Dut dut;
  dut.Initialize();
  dut.Allocate(1);
  dut.SetFilter(1, 10, Mac(1), 5);
  dut.Complete({1});
  const auto oid = *rc::gen::elementOf(std::vector<ndis::Oid>{
      ndis::kOidReceiveFilterAllocateQueue, ndis::kOidReceiveFilterFreeQueue,
      ndis::kOidReceiveFilterSetFilter, ndis::kOidReceiveFilterClearFilter,
      ndis::kOidReceiveFilterQueueParameters, ndis::kOidReceiveFilterQueueAllocationComplete,
      ndis::kOidReceiveFilterEnumFilters, ndis::kOidReceiveFilterHardwareCapabilities,
      ndis::kOidReceiveFilterCurrentCapabilities, ndis::kOidReceiveFilterGlobalParameters});
  const auto kind = *rc::gen::elementOf(
      std::vector<std::uint32_t>{VMQKIT_REQUEST_QUERY, VMQKIT_REQUEST_SET, VMQKIT_REQUEST_METHOD});
  auto bytes = *rc::gen::container<std::vector<std::uint8_t>>(
      *rc::gen::inRange<std::size_t>(0, 1200), rc::gen::arbitrary<std::uint8_t>());
  // Mostly well-headed buffers, so the checks behind the header are reached too.
  if (bytes.size() >= 4 && *rc::gen::arbitrary<bool>()) {
    bytes[0] = 0x80;
    bytes[1] = *rc::gen::inRange<std::uint8_t>(1, 4);
    bytes[2] = static_cast<std::uint8_t>(bytes.size());
    bytes[3] = static_cast<std::uint8_t>(bytes.size() >> 8);
  }
  const auto output =
      *rc::gen::inRange<std::uint32_t>(0, static_cast<std::uint32_t>(bytes.size()) + 1);
  const auto before = Snapshot(dut);
  const auto r = dut.Request(oid, kind, bytes, 1, output);
  if (r.status != NdisStatus::kSuccess && r.status != NdisStatus::kPending) {
    RC_ASSERT(Snapshot(dut) == before);
  }
  RC_ASSERT(r.written <= std::max<std::uint32_t>(output, static_cast<std::uint32_t>(bytes.size())));
  dut.Send(Frame(Mac(9)));
  RC_ASSERT(!dut.log.indications.empty());
}

TEST(Plugin, LoadsAndServesTheReferenceTable) {
  void* handle = dlopen(VMQKIT_REFERENCE_PLUGIN_PATH, RTLD_NOW | RTLD_LOCAL);
  ASSERT_NE(handle, nullptr) << dlerror();
  auto entry = reinterpret_cast<vmqkit_dut_entry_fn>(dlsym(handle, "vmqkit_dut_entry"));
  ASSERT_NE(entry, nullptr);
  EXPECT_EQ(entry(VMQKIT_DUT_ABI_VERSION + 1), nullptr);
  const vmqkit_dut_ops* ops = entry(VMQKIT_DUT_ABI_VERSION);
  ASSERT_NE(ops, nullptr);
  EXPECT_EQ(ops->struct_size, sizeof(vmqkit_dut_ops));
  HostLog log;
  log.registry = {{"*RssOrVmqPreference", 1}};
  const vmqkit_host_callbacks callbacks = abi::CallbacksOf<HostLog>();
  const std::uint64_t groups[] = {0x3};
  vmqkit_platform platform{};
  platform.abi_version = VMQKIT_DUT_ABI_VERSION;
  platform.ndis_major = 6;
  platform.ndis_minor = 30;
  platform.hardware_features = VMQKIT_HW_VMQ;
  platform.processor_group_count = 1;
  platform.processor_group_masks = groups;
  void* adapter = ops->create(&platform, &callbacks, &log);
  ASSERT_NE(adapter, nullptr);
  std::uint8_t hw[84];
  std::uint8_t cur[84];
  std::uint32_t hw_written = 0;
  std::uint32_t cur_written = 0;
  EXPECT_EQ(ops->initialize(adapter, hw, 84, &hw_written, cur, 84, &cur_written), 0u);
  EXPECT_EQ(hw_written, 84u);
  // Garbage through every entry point.
  EXPECT_NE(ops->oid_request(adapter, nullptr), 0u);
  ops->receive(adapter, nullptr, 100);
  ops->return_indications(adapter, nullptr, 5);
  const auto frame = Frame(Mac(1));
  ops->receive(adapter, frame.data(), static_cast<std::uint32_t>(frame.size()));
  EXPECT_EQ(log.indications.size(), 1u);
  ops->halt(adapter);
  ops->destroy(adapter);
  vmqkit_platform bad = platform;
  bad.processor_group_masks = nullptr;
  EXPECT_EQ(ops->create(&bad, &callbacks, &log), nullptr);
  dlclose(handle);
}

}  // namespace
}  // namespace vmqkit::reference::test

namespace vmqkit::reference::test {
namespace {

TEST(MethodBuffers, E506_OutputShorterThanInput_InvalidLengthAndNothingAllocated) {
  Dut dut;
  ASSERT_EQ(dut.Initialize(), NdisStatus::kSuccess);
  ndis::ReceiveQueueParameters p;
  p.queue_id = 1;
  p.processor_affinity.mask = 1;
  const auto bytes = ndis::Encode(p);
  const auto r = dut.Request(ndis::kOidReceiveFilterAllocateQueue, VMQKIT_REQUEST_METHOD, bytes, 0,
                             static_cast<std::uint32_t>(bytes.size() - 1));
  EXPECT_EQ(r.status, NdisStatus::kInvalidLength);
  EXPECT_EQ(r.needed, bytes.size());
  EXPECT_EQ(dut.miniport().FindQueue(1), nullptr);
  const auto ok = dut.Allocate(1);
  EXPECT_EQ(ok.status, NdisStatus::kSuccess);
  EXPECT_EQ(ok.written, ok.buffer.size());
}

TEST(Affinity, E511_ProcessorsOutsideThePlatformSetAreIgnored_NoneInsideIsRefused) {
  Dut dut;  // platform: processors 0..7 of group 0
  ASSERT_EQ(dut.Initialize(), NdisStatus::kSuccess);
  ASSERT_EQ(dut.Allocate(1, 0x300 | 0x20).status, NdisStatus::kSuccess);  // 5, 8, 9
  EXPECT_EQ(dut.miniport().FindQueue(1)->processor, 5u);
  EXPECT_EQ(dut.Allocate(2, 0x300).status, NdisStatus::kInvalidParameter);
}

}  // namespace
}  // namespace vmqkit::reference::test
