#pragma once
// Why the receive pipeline dropped a frame. Every drop is counted in RXDRC(reason); the ones the
// 82599 also counts (RUC, ROC) are counted there too.
#include <array>
#include <cstdint>
#include <string_view>

namespace vmqkit::hwref {

enum class DropReason : std::uint8_t {
  kReceiveDisabled,  // RXCTRL.RXEN is clear
  kUndersize,        // shorter than 64 bytes with FCS (RUC)
  kOversize,         // longer than MAXFRS.MFS (+4 when tagged) (ROC)
  kVlanFilter,       // VLNCTRL.VFE set, tagged, VFTA bit of the VID clear
  kMacFilter,        // non-VMDq mode: no address, hash, broadcast or promiscuous match
  kNoPool,           // VMDq mode: no pool after the MAC and VLAN stages and no default pool
  kPoolDisabled,     // VMDq mode: every selected pool is off in VFRE
  kQueueDisabled,    // the selected queue's RXDCTL.ENABLE is clear
  kNoDescriptor,     // the ring is empty (RDH == RDT) or not set up
  kBufferTooSmall,   // the frame does not fit in SRRCTL.BSIZEPACKET (one buffer per frame, E-408)
  kDmaError,         // the descriptor or buffer lies outside host memory
};
inline constexpr std::uint32_t kDropReasonCount = 11;

struct DropReasonSpec {
  DropReason reason;
  std::string_view name;
  std::string_view description;
};

inline constexpr std::array<DropReasonSpec, kDropReasonCount> kDropReasons{{
    {DropReason::kReceiveDisabled, "receive-disabled", "RXCTRL.RXEN is clear"},
    {DropReason::kUndersize, "undersize", "shorter than 64 bytes with FCS (also RUC)"},
    {DropReason::kOversize, "oversize", "longer than MAXFRS.MFS, +4 if tagged (also ROC)"},
    {DropReason::kVlanFilter, "vlan-filter", "VLNCTRL.VFE set and the VID's VFTA bit clear"},
    {DropReason::kMacFilter, "mac-filter",
     "non-VMDq mode: no RAR, MTA, broadcast or promiscuous match"},
    {DropReason::kNoPool, "no-pool",
     "VMDq mode: no pool left after the MAC and VLAN stages, no default pool"},
    {DropReason::kPoolDisabled, "pool-disabled", "VMDq mode: every selected pool is off in VFRE"},
    {DropReason::kQueueDisabled, "queue-disabled", "the queue's RXDCTL.ENABLE is clear"},
    {DropReason::kNoDescriptor, "no-descriptor",
     "the ring has no free descriptor (RDH == RDT) or RDLEN is 0"},
    {DropReason::kBufferTooSmall, "buffer-too-small",
     "the frame is larger than SRRCTL.BSIZEPACKET"},
    {DropReason::kDmaError, "dma-error", "descriptor or buffer address outside host memory"},
}};

constexpr std::uint32_t Index(DropReason reason) {
  return static_cast<std::uint32_t>(reason);
}
constexpr std::string_view ToString(DropReason reason) {
  return kDropReasons[Index(reason)].name;
}

}  // namespace vmqkit::hwref
