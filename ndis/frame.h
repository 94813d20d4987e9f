#pragma once
// A read-only view of an Ethernet frame as a VMQ filter sees it: destination and source MAC,
// zero or one IEEE 802.1Q tag (TPID 0x8100; VID 0 = priority tagged), an IEEE 802.1ad service tag
// (TPID 0x88A8) in front of it, and the EtherType. Frames are given without the FCS. A frame that
// is too short is rejected with the reason; nothing past the end of the bytes is read.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "ndis/wire.h"

namespace vmqkit::ndis {

struct MacAddress {
  std::array<std::uint8_t, 6> bytes{};

  bool IsBroadcast() const;
  bool IsMulticast() const { return (bytes[0] & 0x01) != 0; }  // group bit; includes broadcast
  friend auto operator<=>(const MacAddress&, const MacAddress&) = default;
};
std::string ToString(const MacAddress& mac);  // "00:15:5d:01:02:03"
// "00:15:5D:01:02:03", "00-15-5d-01-02-03" or "00155d010203".
std::optional<MacAddress> ParseMacAddress(std::string_view text);

inline constexpr std::uint16_t kTpid8021Q = 0x8100;
inline constexpr std::uint16_t kTpid8021ad = 0x88A8;
inline constexpr std::size_t kEthernetHeaderSize = 14;
inline constexpr std::size_t kVlanTagSize = 4;
// 64-byte minimum frame minus the 4-byte FCS: shorter frames are runts (IEEE 802.3 clause 4.2.4).
inline constexpr std::size_t kMinimumFrameSize = 60;

struct VlanTag {
  std::uint16_t tpid = kTpid8021Q;
  std::uint8_t priority = 0;   // PCP, 3 bits
  bool drop_eligible = false;  // DEI
  std::uint16_t vlan_id = 0;   // 12 bits
  friend bool operator==(const VlanTag&, const VlanTag&) = default;
};

struct FrameView {
  MacAddress destination;
  MacAddress source;
  std::optional<VlanTag> service_tag;  // 802.1ad S-tag (0x88A8), outermost
  std::optional<VlanTag> tag;          // 802.1Q C-tag (0x8100)
  std::uint16_t ether_type = 0;        // after the tags; < 0x0600 is an 802.3 length field
  std::size_t payload_offset = 0;
  std::size_t length = 0;

  bool PriorityTagged() const { return tag && tag->vlan_id == 0; }
  bool UntaggedOrZero() const { return !service_tag && (!tag || tag->vlan_id == 0); }
};

enum class FrameDefect : std::uint8_t {
  kTruncatedHeader,  // fewer than 14 bytes
  kTruncatedTag,     // a TPID announces a tag whose bytes (or the EtherType after it) are missing
  kRunt,             // a whole header, but shorter than the 60-byte minimum
};
std::string_view ToString(FrameDefect defect);

struct FrameRejection {
  FrameDefect defect;
  std::string reason;
};

struct FrameParseOptions {
  // Captures taken at a host often hold frames before padding; the check can be switched off.
  bool reject_runts = true;
};

std::variant<FrameView, FrameRejection> ParseFrame(ByteView bytes, FrameParseOptions options = {});

// Builds a frame for tests and scenarios: header, optional tags, EtherType, zero padding to the
// minimum size (or to `length` when larger).
struct FrameSpec {
  MacAddress destination;
  MacAddress source;
  std::optional<VlanTag> service_tag;
  std::optional<VlanTag> tag;
  std::uint16_t ether_type = 0x0800;
  std::size_t length = kMinimumFrameSize;
};
Bytes BuildFrame(const FrameSpec& spec);

}  // namespace vmqkit::ndis
