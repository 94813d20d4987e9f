#include "hwref/register_map.h"

#include <array>
#include <cassert>

namespace vmqkit::hwref {
namespace {

using namespace field;  // NOLINT: the table reads like the datasheet

constexpr Placement At(std::uint32_t base, std::uint32_t stride = 4) {
  return Placement{{Segment{0, base, stride}, Segment{}}, 1};
}
// 82599 arrays whose upper instances live in a second block (RAL/RAH, PSRTYPE, queue registers).
constexpr Placement Split(std::uint32_t base, std::uint32_t stride, std::uint32_t split_index,
                          std::uint32_t second_base) {
  return Placement{{Segment{0, base, stride}, Segment{split_index, second_base, stride}}, 2};
}
constexpr Placement kSame{};

// Windows of the large and scale profiles: each scaled array gets its own block above the
// 82599's BAR, sized for the scale profile (65536 address entries: 512 KiB of RAL/RAH and of
// MPSAR; 4096 VLAN filters; 1024 queues); the large profile uses the start of each.
constexpr std::uint32_t kLargeRar = 0x100000;
constexpr std::uint32_t kLargeMpsar = 0x180000;
constexpr std::uint32_t kLargeVlvf = 0x200000;
constexpr std::uint32_t kLargeVlvfb = 0x204000;
constexpr std::uint32_t kLargeQueue = 0x210000;
constexpr std::uint32_t kLargeIvar = 0x220000;
constexpr std::uint32_t kLargeQprc = 0x221000;
constexpr std::uint32_t kLargeQprdc = 0x222000;

// Per-queue registers of the 82599: queue q < 64 at 0x01000 + 0x40q, q >= 64 at 0x0D000.
constexpr Placement Queue82599(std::uint32_t rel) {
  return Split(0x01000 + rel, 0x40, 64, 0x0D000 + rel);
}
constexpr Placement QueueLarge(std::uint32_t rel) {
  return At(kLargeQueue + rel, 0x40);
}

constexpr FieldSpec kCtrlFields[] = {kCtrlMasterDisable, kCtrlRst};
constexpr FieldSpec kStatusFields[] = {kStatusLanId, kStatusLinkUp, kStatusMasterEnable};
constexpr FieldSpec kVectorFields[] = {kVectorBits};
constexpr FieldSpec kIvarFields[] = {kIvarRx0, kIvarRx0Valid, kIvarTx0, kIvarTx0Valid,
                                     kIvarRx1, kIvarRx1Valid, kIvarTx1, kIvarTx1Valid};
constexpr FieldSpec kRxctrlFields[] = {kRxctrlRxen};
constexpr FieldSpec kRdbalFields[] = {kRdbalBase};
constexpr FieldSpec kRdbahFields[] = {kRdbahBase};
constexpr FieldSpec kRdlenFields[] = {kRdlenLen};
constexpr FieldSpec kSrrctlFields[] = {kSrrctlBsize};
constexpr FieldSpec kRdhFields[] = {kRdhHead};
constexpr FieldSpec kRdtFields[] = {kRdtTail};
constexpr FieldSpec kRxdctlFields[] = {kRxdctlEnable, kRxdctlVme};
constexpr FieldSpec kCounterFields[] = {kCounter};
constexpr FieldSpec kMaxfrsFields[] = {kMaxfrsMfs};
constexpr FieldSpec kFctrlFields[] = {kFctrlMpe, kFctrlUpe, kFctrlBam};
constexpr FieldSpec kVlnctrlFields[] = {kVlnctrlVet, kVlnctrlVfe};
constexpr FieldSpec kMcstctrlFields[] = {kMcstctrlMo, kMcstctrlMfe};
constexpr FieldSpec kHashFields[] = {kHashBits};
constexpr FieldSpec kRalFields[] = {kRalAddr};
constexpr FieldSpec kRahFields[] = {kRahAddr, kRahAv};
constexpr FieldSpec kPoolFields[] = {kPoolBits};
constexpr FieldSpec kPsrtypeFields[] = {kPsrtypeRqpl};
constexpr FieldSpec kVtctlFields[] = {kVtctlVtEna, kVtctlDefPl, kVtctlDisDefPl, kVtctlReplEn};
constexpr FieldSpec kMrqcFields[] = {kMrqcMrqe,    kMrqcTcpIpv4, kMrqcIpv4,   kMrqcIpv6,
                                     kMrqcTcpIpv6, kMrqcUdpIpv4, kMrqcUdpIpv6};
constexpr FieldSpec kRetaFields[] = {kReta0, kReta1, kReta2, kReta3};
constexpr FieldSpec kRssKeyFields[] = {kRssKey};
constexpr FieldSpec kVftaFields[] = {kVftaBits};
constexpr FieldSpec kVmolrFields[] = {kVmolrAupe, kVmolrRompe, kVmolrRope, kVmolrBam, kVmolrMpe};
constexpr FieldSpec kVlvfFields[] = {kVlvfVlanId, kVlvfViEn};
constexpr FieldSpec kMsixAddrLoFields[] = {kMsixAddrLo};
constexpr FieldSpec kMsixAddrHiFields[] = {kMsixAddrHi};
constexpr FieldSpec kMsixDataFields[] = {kMsixData};
constexpr FieldSpec kMsixVctrlFields[] = {kMsixMask};

using R = RegisterId;
using A = Access;

// clang-format off
constexpr RegisterSpec kTable[] = {
  {R::kCTRL, "CTRL", Dim::kOne, At(0x00000), kSame, 0, A::kRW, kCtrlFields, false,
   "Device control; writing RST resets the device"},
  {R::kSTATUS, "STATUS", Dim::kOne, At(0x00008), kSame, 0x00080080, A::kRO, kStatusFields, false,
   "Device status"},
  {R::kEICR, "EICR_EX", Dim::kVectorWords, At(0x00A80), kSame, 0, A::kW1C, kVectorFields, false,
   "Extended interrupt cause, one bit per MSI-X vector; set when a queue mapped to the vector gets a descriptor"},
  {R::kEIMS, "EIMS_EX", Dim::kVectorWords, At(0x00AA0), kSame, 0, A::kW1S, kVectorFields, false,
   "Extended interrupt mask set: a 1 enables the vector; reads return the mask"},
  {R::kEIMC, "EIMC_EX", Dim::kVectorWords, At(0x00AB0), kSame, 0, A::kWO, kVectorFields, false,
   "Extended interrupt mask clear: a 1 disables the vector"},
  {R::kIVAR, "IVAR", Dim::kQueuePairs, At(0x00900), At(kLargeIvar), 0, A::kRW, kIvarFields, false,
   "Interrupt vector allocation: the MSI-X vector of Rx queues 2n and 2n+1"},
  {R::kRXCTRL, "RXCTRL", Dim::kOne, At(0x03000), kSame, 0, A::kRW, kRxctrlFields, true,
   "Receive control"},
  {R::kRDBAL, "RDBAL", Dim::kQueues, Queue82599(0x00), QueueLarge(0x00), 0, A::kRW, kRdbalFields, false,
   "Receive descriptor ring base address, low"},
  {R::kRDBAH, "RDBAH", Dim::kQueues, Queue82599(0x04), QueueLarge(0x04), 0, A::kRW, kRdbahFields, false,
   "Receive descriptor ring base address, high"},
  {R::kRDLEN, "RDLEN", Dim::kQueues, Queue82599(0x08), QueueLarge(0x08), 0, A::kRW, kRdlenFields, false,
   "Receive descriptor ring length in bytes"},
  {R::kSRRCTL, "SRRCTL", Dim::kQueues, Queue82599(0x14), QueueLarge(0x14), 0x00000002, A::kRW, kSrrctlFields, false,
   "Split and replication receive control: packet buffer size"},
  {R::kRDH, "RDH", Dim::kQueues, Queue82599(0x10), QueueLarge(0x10), 0, A::kRW, kRdhFields, false,
   "Receive descriptor head"},
  {R::kRDT, "RDT", Dim::kQueues, Queue82599(0x18), QueueLarge(0x18), 0, A::kRW, kRdtFields, false,
   "Receive descriptor tail"},
  {R::kRXDCTL, "RXDCTL", Dim::kQueues, Queue82599(0x28), QueueLarge(0x28), 0, A::kRW, kRxdctlFields, false,
   "Receive descriptor control: queue enable"},
  {R::kGPRC, "GPRC", Dim::kOne, At(0x04074), kSame, 0, A::kRC, kCounterFields, false,
   "Good packets received: frames delivered to at least one queue"},
  {R::kRUC, "RUC", Dim::kOne, At(0x040A4), kSame, 0, A::kRC, kCounterFields, false,
   "Receive undersize count: frames shorter than 64 bytes with FCS"},
  {R::kROC, "ROC", Dim::kOne, At(0x040AC), kSame, 0, A::kRC, kCounterFields, false,
   "Receive oversize count: frames longer than MAXFRS.MFS"},
  {R::kMAXFRS, "MAXFRS", Dim::kOne, At(0x04268), kSame, 0x05EE0000, A::kRW, kMaxfrsFields, true,
   "Maximum frame size"},
  {R::kFCTRL, "FCTRL", Dim::kOne, At(0x05080), kSame, 0, A::kRW, kFctrlFields, true,
   "Filter control (non-VMDq receive filtering)"},
  {R::kVLNCTRL, "VLNCTRL", Dim::kOne, At(0x05088), kSame, 0x00008100, A::kRW, kVlnctrlFields, true,
   "VLAN control: EtherType and the global VLAN filter enable"},
  {R::kMCSTCTRL, "MCSTCTRL", Dim::kOne, At(0x05090), kSame, 0, A::kRW, kMcstctrlFields, true,
   "Multicast control: hash offset and MTA enable"},
  {R::kMTA, "MTA", Dim::kHashWords, At(0x05200), kSame, 0, A::kRW, kHashFields, true,
   "Multicast table array: 4096-bit hash of multicast destination addresses"},
  {R::kRAL, "RAL", Dim::kAddressEntries, Split(0x05400, 8, 16, 0x0A280), At(kLargeRar, 8), 0, A::kRW, kRalFields, true,
   "Receive address low"},
  {R::kRAH, "RAH", Dim::kAddressEntries, Split(0x05404, 8, 16, 0x0A284), At(kLargeRar + 4, 8), 0, A::kRW, kRahFields, true,
   "Receive address high and Address Valid"},
  {R::kMPSAR, "MPSAR", Dim::kAddressPoolWords, At(0x0A600), At(kLargeMpsar), 0, A::kRW, kPoolFields, true,
   "MAC pool select: MPSAR(2i) pools 0-31 and MPSAR(2i+1) pools 32-63 of address entry i"},
  {R::kPSRTYPE, "PSRTYPE", Dim::kPools, Split(0x05480, 4, 16, 0x0EA40), kSame, 0, A::kRW, kPsrtypeFields, true,
   "Per-pool packet split type; RQPL sets the RSS queues of the pool"},
  {R::kVT_CTL, "VT_CTL", Dim::kOne, At(0x051B0), kSame, 0, A::kRW, kVtctlFields, true,
   "Virtualization control (PFVTCTL)"},
  {R::kVFRE, "VFRE", Dim::kPoolWords, At(0x051E0), kSame, 0, A::kRW, kPoolFields, true,
   "Pool receive enable (PFVFRE): VFRE(0) pools 0-31, VFRE(1) pools 32-63"},
  {R::kMRQC, "MRQC", Dim::kOne, At(0x05818), kSame, 0, A::kRW, kMrqcFields, true,
   "Multiple receive queues command"},
  {R::kRETA, "RETA", Dim::kRetaWords, At(0x05C00), kSame, 0, A::kRW, kRetaFields, true,
   "RSS redirection table: 128 one-byte entries"},
  {R::kRSSRK, "RSSRK", Dim::kRssKeyWords, At(0x05C80), kSame, 0, A::kRW, kRssKeyFields, true,
   "RSS random key: 40 bytes"},
  {R::kVFTA, "VFTA", Dim::kVlanWords, At(0x0A000), kSame, 0, A::kRW, kVftaFields, true,
   "VLAN filter table array: the global VLAN filter"},
  {R::kVMOLR, "VMOLR", Dim::kPools, At(0x0F000), kSame, 0, A::kRW, kVmolrFields, true,
   "Per-pool offload and receive options"},
  {R::kVLVF, "VLVF", Dim::kVlanFilters, At(0x0F100), At(kLargeVlvf), 0, A::kRW, kVlvfFields, true,
   "VLAN pool filter (PFVLVF)"},
  {R::kVLVFB, "VLVFB", Dim::kVlanPoolWords, At(0x0F200), At(kLargeVlvfb), 0, A::kRW, kPoolFields, true,
   "VLAN pool filter bitmap (PFVLVFB): VLVFB(2i) pools 0-31 and VLVFB(2i+1) pools 32-63 of VLVF(i)"},
  {R::kUTA, "UTA", Dim::kHashWords, At(0x0F400), kSame, 0, A::kRW, kHashFields, true,
   "Unicast table array: 4096-bit hash of unicast destination addresses"},
  {R::kMSIXTADD, "MSIXTADD", Dim::kVectors, At(0x30000, 16), kSame, 0, A::kRW, kMsixAddrLoFields, false,
   "MSI-X table: message address low (flat MMIO window, E-410)"},
  {R::kMSIXTUADD, "MSIXTUADD", Dim::kVectors, At(0x30004, 16), kSame, 0, A::kRW, kMsixAddrHiFields, false,
   "MSI-X table: message address high"},
  {R::kMSIXTMSG, "MSIXTMSG", Dim::kVectors, At(0x30008, 16), kSame, 0, A::kRW, kMsixDataFields, false,
   "MSI-X table: message data"},
  {R::kMSIXTVCTRL, "MSIXTVCTRL", Dim::kVectors, At(0x3000C, 16), kSame, 0x00000001, A::kRW, kMsixVctrlFields, false,
   "MSI-X table: vector control"},
  {R::kQPRC, "QPRC", Dim::kQueues, At(0x20000), At(kLargeQprc), 0, A::kRC, kCounterFields, false,
   "Queue packets received, one per queue (vmqkit extension, E-409)"},
  {R::kQPRDC, "QPRDC", Dim::kQueues, At(0x20400), At(kLargeQprdc), 0, A::kRC, kCounterFields, false,
   "Queue packets dropped (queue disabled, no descriptor, buffer, DMA), one per queue (vmqkit extension, E-409)"},
  {R::kRXDRC, "RXDRC", Dim::kDropReasonCounters, At(0x20800), kSame, 0, A::kRC, kCounterFields, false,
   "Receive drops by reason, indexed by DropReason (vmqkit extension, E-409)"},
};
// clang-format on

constexpr bool TableIsInIdOrder() {
  for (std::size_t i = 0; i < std::size(kTable); ++i) {
    if (static_cast<std::size_t>(kTable[i].id) != i) return false;
  }
  return std::size(kTable) == static_cast<std::size_t>(RegisterId::kCount);
}
static_assert(TableIsInIdOrder(), "kTable rows must follow RegisterId order");

// Per register, the union of the masks of its fields that `take` selects.
template <typename Take>
constexpr std::array<std::uint32_t, std::size(kTable)> FieldMasks(Take take) {
  std::array<std::uint32_t, std::size(kTable)> masks{};
  for (std::size_t i = 0; i < std::size(kTable); ++i) {
    for (const FieldSpec& f : kTable[i].fields) {
      if (take(f)) masks[i] |= f.Mask();
    }
  }
  return masks;
}
constexpr auto kWritableMasks = FieldMasks([](const FieldSpec&) { return true; });
constexpr auto kSelfClearingMasks = FieldMasks([](const FieldSpec& f) { return f.self_clearing; });

}  // namespace

std::string_view ToString(Access access) {
  switch (access) {
    case Access::kRW:
      return "RW";
    case Access::kRO:
      return "RO";
    case Access::kW1C:
      return "W1C";
    case Access::kW1S:
      return "W1S";
    case Access::kWO:
      return "WO";
    case Access::kRC:
      return "RC";
  }
  return "?";
}

std::string_view ToString(Dim dim) {
  switch (dim) {
    case Dim::kOne:
      return "1";
    case Dim::kAddressEntries:
      return "address entries";
    case Dim::kAddressPoolWords:
      return "2 x address entries";
    case Dim::kVlanFilters:
      return "VLAN pool filters";
    case Dim::kVlanPoolWords:
      return "2 x VLAN pool filters";
    case Dim::kPools:
      return "pools";
    case Dim::kPoolWords:
      return "pools / 32";
    case Dim::kQueues:
      return "queues";
    case Dim::kQueuePairs:
      return "queues / 2";
    case Dim::kVectors:
      return "MSI-X vectors";
    case Dim::kVectorWords:
      return "MSI-X vectors / 32";
    case Dim::kVlanWords:
      return "128";
    case Dim::kHashWords:
      return "128";
    case Dim::kRetaWords:
      return "32";
    case Dim::kRssKeyWords:
      return "10";
    case Dim::kDropReasonCounters:
      return "drop reasons";
  }
  return "?";
}

std::uint32_t InstanceCount(Dim dim, const Profile& profile) {
  switch (dim) {
    case Dim::kOne:
      return 1;
    case Dim::kAddressEntries:
      return profile.address_entries;
    case Dim::kAddressPoolWords:
      return profile.address_entries * 2;
    case Dim::kVlanFilters:
      return profile.vlan_filters;
    case Dim::kVlanPoolWords:
      return profile.vlan_filters * 2;
    case Dim::kPools:
      return profile.pools;
    case Dim::kPoolWords:
      return (profile.pools + 31) / 32;
    case Dim::kQueues:
      return profile.queues;
    case Dim::kQueuePairs:
      return (profile.queues + 1) / 2;
    case Dim::kVectors:
      return profile.msix_vectors;
    case Dim::kVectorWords:
      return (profile.msix_vectors + 31) / 32;
    case Dim::kVlanWords:
      return 128;
    case Dim::kHashWords:
      return 128;
    case Dim::kRetaWords:
      return 32;
    case Dim::kRssKeyWords:
      return 10;
    case Dim::kDropReasonCounters:
      return kDropReasonCount;
  }
  return 0;
}

std::uint32_t RegisterSpec::WritableMask() const {
  std::uint32_t mask = 0;
  for (const FieldSpec& f : fields) mask |= f.Mask();
  return mask;
}

std::span<const RegisterSpec> RegisterTable() {
  return kTable;
}

const RegisterSpec& Spec(RegisterId id) {
  return kTable[static_cast<std::size_t>(id)];
}

std::uint32_t WritableMaskOf(RegisterId id) {
  return kWritableMasks[static_cast<std::size_t>(id)];
}

std::uint32_t SelfClearingMaskOf(RegisterId id) {
  return kSelfClearingMasks[static_cast<std::size_t>(id)];
}

std::uint32_t OffsetOf(const RegisterSpec& spec, std::uint32_t index, const Profile& profile) {
  const Placement& placement = (profile.kind != ProfileKind::k82599 && spec.layout_large.count != 0)
                                   ? spec.layout_large
                                   : spec.layout_82599;
  const Segment* segment = &placement.segments[0];
  if (placement.count == 2 && index >= placement.segments[1].first_index) {
    segment = &placement.segments[1];
  }
  return segment->base + segment->stride * (index - segment->first_index);
}

}  // namespace vmqkit::hwref
