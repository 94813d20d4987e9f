#pragma once
// The register map: one table of every register the model implements. MMIO decode, the fast
// path's rebuild trigger, `vmqkit hw registers`, docs/registers.md and the tests all read it.
// Offsets and bit positions follow ixgbe_type.h (82599) unless the row says "vmqkit extension".
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "hwref/drop_reason.h"
#include "hwref/profile.h"

namespace vmqkit::hwref {

// How software may access a register (docs/registers.md explains each class).
enum class Access : std::uint8_t {
  kRW,   // read/write
  kRO,   // read only; writes are ignored
  kW1C,  // read; writing 1 clears the bit
  kW1S,  // read; writing 1 sets the bit (EIMS)
  kWO,   // write only; reads return 0
  kRC,   // read clears the register (statistics counters)
};
std::string_view ToString(Access access);

// A named bit range [msb:lsb] of a register. Bits outside every field are reserved: they read 0
// and writes to them are dropped.
struct FieldSpec {
  std::string_view name;
  std::uint8_t msb = 0;
  std::uint8_t lsb = 0;
  std::string_view description;
  bool self_clearing = false;  // the device acts on a 1 and clears the bit (CTRL.RST)

  constexpr std::uint32_t Mask() const {
    const std::uint32_t width = static_cast<std::uint32_t>(msb - lsb + 1);
    return (width >= 32 ? 0xFFFFFFFFu : ((1u << width) - 1u)) << lsb;
  }
  constexpr std::uint32_t Get(std::uint32_t value) const { return (value & Mask()) >> lsb; }
  constexpr std::uint32_t Put(std::uint32_t value, std::uint32_t field_value) const {
    return (value & ~Mask()) | ((field_value << lsb) & Mask());
  }
};

// How many instances a register has; profile-dependent dimensions scale with the profile.
enum class Dim : std::uint8_t {
  kOne,
  kAddressEntries,      // RAL, RAH
  kAddressPoolWords,    // MPSAR: two 32-bit pool words per address entry
  kVlanFilters,         // VLVF
  kVlanPoolWords,       // VLVFB: two pool words per VLVF entry
  kPools,               // VMOLR, PSRTYPE
  kPoolWords,           // VFRE
  kQueues,              // per-queue registers and counters
  kQueuePairs,          // IVAR: one register holds the entries of two queues
  kVectors,             // MSI-X table
  kVectorWords,         // EICR/EIMS/EIMC: one bit per vector
  kVlanWords,           // VFTA: 4096 bits
  kHashWords,           // MTA, UTA: 4096-bit hash tables
  kRetaWords,           // RETA: 128 one-byte entries
  kRssKeyWords,         // RSSRK: 40-byte key
  kDropReasonCounters,  // RXDRC: one counter per drop reason
};
std::string_view ToString(Dim dim);
std::uint32_t InstanceCount(Dim dim, const Profile& profile);

// Instances [first_index, next segment's first_index) live at base + stride * (i - first_index).
struct Segment {
  std::uint32_t first_index = 0;
  std::uint32_t base = 0;
  std::uint32_t stride = 0;
};
struct Placement {
  std::array<Segment, 2> segments{};
  std::uint8_t count = 0;  // 0: same placement as the 82599 layout
};

enum class RegisterId : std::uint16_t {
  kCTRL,
  kSTATUS,
  kEICR,
  kEIMS,
  kEIMC,
  kIVAR,
  kRXCTRL,
  kRDBAL,
  kRDBAH,
  kRDLEN,
  kSRRCTL,
  kRDH,
  kRDT,
  kRXDCTL,
  kGPRC,
  kRUC,
  kROC,
  kMAXFRS,
  kFCTRL,
  kVLNCTRL,
  kMCSTCTRL,
  kMTA,
  kRAL,
  kRAH,
  kMPSAR,
  kPSRTYPE,
  kVT_CTL,
  kVFRE,
  kMRQC,
  kRETA,
  kRSSRK,
  kVFTA,
  kVMOLR,
  kVLVF,
  kVLVFB,
  kUTA,
  kMSIXTADD,
  kMSIXTUADD,
  kMSIXTMSG,
  kMSIXTVCTRL,
  kQPRC,
  kQPRDC,
  kRXDRC,
  kCount
};  // clang-format keeps the enum compact; the table below is the reference

struct RegisterSpec {
  RegisterId id;
  std::string_view name;
  Dim dim;
  Placement layout_82599;
  Placement layout_large;
  std::uint32_t reset;
  Access access;
  std::span<const FieldSpec> fields;
  bool filter;  // decoded into the fast path's lookup structures: a write makes them stale
  std::string_view description;

  std::uint32_t WritableMask() const;  // union of the field masks; the rest is reserved
};

std::span<const RegisterSpec> RegisterTable();
const RegisterSpec& Spec(RegisterId id);
// Spec(id).WritableMask() and the union of its self-clearing fields' masks, computed once from
// the table at compile time: what every MMIO write applies.
std::uint32_t WritableMaskOf(RegisterId id);
std::uint32_t SelfClearingMaskOf(RegisterId id);
// Byte offset of instance `index` in `profile`'s layout (index < InstanceCount).
std::uint32_t OffsetOf(const RegisterSpec& spec, std::uint32_t index, const Profile& profile);

// Fields the pipeline reads. Positions from ixgbe_type.h unless marked otherwise.
namespace field {
inline constexpr FieldSpec kCtrlMasterDisable{"GIO_MASTER_DISABLE", 2, 2,
                                              "Stop issuing new DMA master requests"};
inline constexpr FieldSpec kCtrlRst{
    "RST", 26, 26, "Device reset: every register returns to its reset value; self-clearing", true};
inline constexpr FieldSpec kStatusLanId{"LAN_ID", 3, 2, "Port number of this function"};
inline constexpr FieldSpec kStatusLinkUp{"LINK_UP", 7, 7,
                                         "Link is up (the model's wire is always up)"};
inline constexpr FieldSpec kStatusMasterEnable{"GIO_MASTER_ENABLE", 19, 19,
                                               "DMA master requests are enabled"};
inline constexpr FieldSpec kVectorBits{"VECTOR_BITS", 31, 0, "Bit i stands for MSI-X vector 32n+i"};
inline constexpr FieldSpec kIvarRx0{"RX0_VECTOR", 6, 0, "MSI-X vector of Rx queue 2n"};
inline constexpr FieldSpec kIvarRx0Valid{"RX0_VALID", 7, 7, "RX0_VECTOR is valid"};
inline constexpr FieldSpec kIvarTx0{"TX0_VECTOR", 14, 8,
                                    "MSI-X vector of Tx queue 2n (no Tx model)"};
inline constexpr FieldSpec kIvarTx0Valid{"TX0_VALID", 15, 15, "TX0_VECTOR is valid"};
inline constexpr FieldSpec kIvarRx1{"RX1_VECTOR", 22, 16, "MSI-X vector of Rx queue 2n+1"};
inline constexpr FieldSpec kIvarRx1Valid{"RX1_VALID", 23, 23, "RX1_VECTOR is valid"};
inline constexpr FieldSpec kIvarTx1{"TX1_VECTOR", 30, 24,
                                    "MSI-X vector of Tx queue 2n+1 (no Tx model)"};
inline constexpr FieldSpec kIvarTx1Valid{"TX1_VALID", 31, 31, "TX1_VECTOR is valid"};
inline constexpr FieldSpec kRxctrlRxen{"RXEN", 0, 0, "Global receive enable"};
inline constexpr FieldSpec kRdbalBase{"RDBAL", 31, 7,
                                      "Ring base address bits 31:7 (128-byte aligned)"};
inline constexpr FieldSpec kRdbahBase{"RDBAH", 31, 0, "Ring base address bits 63:32"};
inline constexpr FieldSpec kRdlenLen{"LEN", 19, 7,
                                     "Ring length in bytes (multiple of 128; 16-byte descriptors)"};
inline constexpr FieldSpec kSrrctlBsize{"BSIZEPACKET", 4, 0, "Receive buffer size in KiB"};
inline constexpr FieldSpec kRdhHead{"RDH", 15, 0, "Head: next descriptor the device writes"};
inline constexpr FieldSpec kRdtTail{"RDT", 15, 0,
                                    "Tail: descriptors before it belong to the device"};
inline constexpr FieldSpec kRxdctlEnable{"ENABLE", 25, 25, "Queue enable"};
inline constexpr FieldSpec kRxdctlVme{"VME", 30, 30, "Strip the 802.1Q tag into the descriptor"};
inline constexpr FieldSpec kCounter{"COUNT", 31, 0, "Event count (wraps)"};
inline constexpr FieldSpec kMaxfrsMfs{"MFS", 31, 16,
                                      "Maximum frame size in bytes, FCS included, untagged"};
inline constexpr FieldSpec kFctrlMpe{"MPE", 8, 8, "Multicast promiscuous (non-VMDq mode)"};
inline constexpr FieldSpec kFctrlUpe{"UPE", 9, 9, "Unicast promiscuous (non-VMDq mode)"};
inline constexpr FieldSpec kFctrlBam{"BAM", 10, 10, "Accept broadcast (non-VMDq mode)"};
inline constexpr FieldSpec kVlnctrlVet{"VET", 15, 0, "VLAN EtherType"};
inline constexpr FieldSpec kVlnctrlVfe{"VFE", 30, 30,
                                       "Global VLAN filter enable: VFTA check and VLAN pool stage"};
inline constexpr FieldSpec kMcstctrlMo{"MO", 1, 0,
                                       "Which 12 destination-address bits index MTA/UTA"};
inline constexpr FieldSpec kMcstctrlMfe{"MFE", 2, 2, "Multicast table (MTA) filter enable"};
inline constexpr FieldSpec kHashBits{"BITS", 31, 0, "Bit i stands for hash value 32n+i"};
inline constexpr FieldSpec kRalAddr{"RAL", 31, 0, "Address bytes 0-3 (byte 0 in bits 7:0)"};
inline constexpr FieldSpec kRahAddr{"RAH", 15, 0, "Address bytes 4-5 (byte 4 in bits 7:0)"};
inline constexpr FieldSpec kRahAv{"AV", 31, 31, "Address Valid"};
inline constexpr FieldSpec kPoolBits{"POOLS", 31, 0, "Bit i stands for pool 32*(n%2)+i"};
inline constexpr FieldSpec kPsrtypeRqpl{"RQPL", 31, 29, "RSS queues per pool: 2^RQPL"};
inline constexpr FieldSpec kVtctlVtEna{"VT_ENA", 0, 0,
                                       "Virtualization (VMDq pool selection) enable"};
inline constexpr FieldSpec kVtctlDefPl{"DEF_PL", 12, 7,
                                       "Default pool for unicast frames with no pool"};
inline constexpr FieldSpec kVtctlDisDefPl{"DIS_DEFPL", 29, 29,
                                          "Disable the default pool: such frames are dropped"};
inline constexpr FieldSpec kVtctlReplEn{"REPLEN", 30, 30,
                                        "Replicate frames matching several pools to all of them"};
inline constexpr FieldSpec kMrqcMrqe{
    "MRQE", 3, 0,
    "Multiple receive queues: 0 none, 1 RSS, 8 VMDq, 0xA VMDq 32 pools+RSS, 0xB VMDq 64 pools+RSS"};
inline constexpr FieldSpec kMrqcTcpIpv4{"TCPIPV4", 16, 16,
                                        "RSS hash on IPv4 addresses and TCP ports"};
inline constexpr FieldSpec kMrqcIpv4{"IPV4", 17, 17, "RSS hash on IPv4 addresses"};
inline constexpr FieldSpec kMrqcIpv6{"IPV6", 20, 20, "RSS hash on IPv6 addresses"};
inline constexpr FieldSpec kMrqcTcpIpv6{"TCPIPV6", 21, 21,
                                        "RSS hash on IPv6 addresses and TCP ports"};
inline constexpr FieldSpec kMrqcUdpIpv4{"UDPIPV4", 22, 22,
                                        "RSS hash on IPv4 addresses and UDP ports"};
inline constexpr FieldSpec kMrqcUdpIpv6{"UDPIPV6", 23, 23,
                                        "RSS hash on IPv6 addresses and UDP ports"};
inline constexpr FieldSpec kReta0{"ENTRY0", 7, 0, "RETA entry 4n"};
inline constexpr FieldSpec kReta1{"ENTRY1", 15, 8, "RETA entry 4n+1"};
inline constexpr FieldSpec kReta2{"ENTRY2", 23, 16, "RETA entry 4n+2"};
inline constexpr FieldSpec kReta3{"ENTRY3", 31, 24, "RETA entry 4n+3"};
inline constexpr FieldSpec kRssKey{"K", 31, 0, "Key bytes 4n..4n+3 (byte 4n in bits 7:0)"};
inline constexpr FieldSpec kVftaBits{"VLAN_BITS", 31, 0, "Bit i accepts VLAN id 32n+i"};
inline constexpr FieldSpec kVmolrAupe{"AUPE", 24, 24, "Accept untagged frames into this pool"};
inline constexpr FieldSpec kVmolrRompe{"ROMPE", 25, 25, "Accept multicast frames that hit the MTA"};
inline constexpr FieldSpec kVmolrRope{"ROPE", 26, 26, "Accept unicast frames that hit the UTA"};
inline constexpr FieldSpec kVmolrBam{"BAM", 27, 27, "Accept broadcast frames"};
inline constexpr FieldSpec kVmolrMpe{"MPE", 28, 28, "Multicast promiscuous for this pool"};
inline constexpr FieldSpec kVlvfVlanId{"VLAN_ID", 11, 0, "VLAN id this entry matches"};
inline constexpr FieldSpec kVlvfViEn{"VI_EN", 31, 31, "Entry enable"};
inline constexpr FieldSpec kMsixAddrLo{
    "MSG_ADDR", 31, 2, "Message address bits 31:2; x86: 0xFEE, destination id in bits 19:12"};
inline constexpr FieldSpec kMsixAddrHi{"MSG_UADDR", 31, 0, "Message address bits 63:32"};
inline constexpr FieldSpec kMsixData{"MSG_DATA", 31, 0, "Message data"};
inline constexpr FieldSpec kMsixMask{"MASK", 0, 0, "Vector masked (set at reset)"};
}  // namespace field

}  // namespace vmqkit::hwref
