#pragma once
// What the device's parser sees in a frame on the wire: Ethernet II, one 802.1Q tag (the
// EtherType comes from VLNCTRL.VET), and for RSS the IPv4/IPv6 addresses and TCP/UDP ports.
// Frames carry no FCS; sizes "with FCS" add 4.
#include <array>
#include <cstdint>
#include <optional>
#include <span>

namespace vmqkit::hwref {

using Frame = std::span<const std::uint8_t>;

inline constexpr std::uint32_t kFcsBytes = 4;
inline constexpr std::uint32_t kMinFrameWithFcs = 64;
inline constexpr std::uint32_t kVlanTagBytes = 4;
inline constexpr std::uint64_t kBroadcastMac = 0xFFFF'FFFF'FFFFull;

// A MAC address packed the way RAL/RAH hold it: byte 0 (first on the wire) in bits 7:0.
constexpr std::uint64_t PackMac(const std::array<std::uint8_t, 6>& mac) {
  std::uint64_t v = 0;
  for (int i = 5; i >= 0; --i) v = (v << 8) | mac[static_cast<std::size_t>(i)];
  return v;
}
constexpr bool IsMulticastMac(std::uint64_t mac) {
  return (mac & 1) != 0;
}  // I/G bit of byte 0

struct L2Header {
  std::uint64_t destination = 0;
  bool tagged = false;          // carries a tag with EtherType VET
  std::uint16_t tci = 0;        // the whole tag control information
  std::uint16_t vid = 0;        // tci & 0xFFF
  std::uint16_t ethertype = 0;  // after the tag, if any
  std::uint32_t l3_offset = 0;
};

// nullopt when the frame is shorter than its own L2 header.
std::optional<L2Header> ParseL2(Frame frame, std::uint16_t vlan_ethertype);

// RSS hash types as the 82599 write-back descriptor reports them.
enum class RssType : std::uint8_t {
  kNone = 0,
  kTcpIpv4 = 1,
  kIpv4 = 2,
  kTcpIpv6 = 3,
  kIpv6 = 5,
  kUdpIpv4 = 7,
  kUdpIpv6 = 8,
};

// Which hash inputs MRQC enables.
struct RssFields {
  bool ipv4 = false, tcp_ipv4 = false, udp_ipv4 = false;
  bool ipv6 = false, tcp_ipv6 = false, udp_ipv6 = false;
};

// The bytes Toeplitz hashes (source address, destination address, then ports), in wire order.
struct RssInput {
  RssType type = RssType::kNone;
  std::array<std::uint8_t, 36> bytes{};
  std::uint32_t length = 0;
};

// Picks the most specific enabled hash type for the frame; kNone when nothing applies (not IP,
// truncated, or the type is disabled). IPv4 fragments hash on addresses only.
RssInput SelectRssInput(Frame frame, const L2Header& l2, const RssFields& fields);

// Toeplitz hash of `input` with a 40-byte key, bit by bit as the Microsoft RSS spec defines it.
std::uint32_t ToeplitzHash(std::span<const std::uint8_t> key, std::span<const std::uint8_t> input);

}  // namespace vmqkit::hwref

namespace vmqkit::hwref {

// The 12-bit MTA/UTA index of an address for MCSTCTRL.MO (ixgbe_mta_vector): taken from bytes 4
// and 5, shifted right by 4, 3, 2 or 0 bits.
constexpr std::uint32_t HashTableIndex(std::uint64_t mac, std::uint32_t mo) {
  constexpr std::uint32_t kShift[4] = {4, 3, 2, 0};
  const auto bytes45 = static_cast<std::uint32_t>((mac >> 32) & 0xFFFF);
  return (bytes45 >> kShift[mo & 3]) & 0xFFF;
}

}  // namespace vmqkit::hwref
