#include "hwref/frame.h"

#include <algorithm>

namespace vmqkit::hwref {
namespace {

constexpr std::uint16_t kEtherTypeIpv4 = 0x0800;
constexpr std::uint16_t kEtherTypeIpv6 = 0x86DD;
constexpr std::uint8_t kProtoTcp = 6;
constexpr std::uint8_t kProtoUdp = 17;

std::uint16_t Be16(Frame f, std::size_t at) {
  return static_cast<std::uint16_t>((f[at] << 8) | f[at + 1]);
}

void Append(RssInput& in, Frame f, std::size_t at, std::size_t n) {
  std::copy_n(f.begin() + static_cast<std::ptrdiff_t>(at), n,
              in.bytes.begin() + static_cast<std::ptrdiff_t>(in.length));
  in.length += static_cast<std::uint32_t>(n);
}

}  // namespace

std::optional<L2Header> ParseL2(Frame frame, std::uint16_t vlan_ethertype) {
  if (frame.size() < 14) return std::nullopt;
  L2Header h;
  for (int i = 5; i >= 0; --i) {
    h.destination = (h.destination << 8) | frame[static_cast<std::size_t>(i)];
  }
  h.ethertype = Be16(frame, 12);
  h.l3_offset = 14;
  if (h.ethertype == vlan_ethertype) {
    if (frame.size() < 18) return std::nullopt;
    h.tagged = true;
    h.tci = Be16(frame, 14);
    h.vid = static_cast<std::uint16_t>(h.tci & 0x0FFF);
    h.ethertype = Be16(frame, 16);
    h.l3_offset = 18;
  }
  return h;
}

RssInput SelectRssInput(Frame frame, const L2Header& l2, const RssFields& fields) {
  RssInput in;
  const std::size_t l3 = l2.l3_offset;
  if (l2.ethertype == kEtherTypeIpv4) {
    if (frame.size() < l3 + 20 || (frame[l3] >> 4) != 4) return in;
    const std::size_t ihl = std::size_t{frame[l3] & 0x0Fu} * 4;
    if (ihl < 20 || frame.size() < l3 + ihl) return in;
    const bool fragment = (Be16(frame, l3 + 6) & 0x3FFF) != 0;  // MF or a fragment offset
    const std::uint8_t proto = frame[l3 + 9];
    const std::size_t l4 = l3 + ihl;
    const bool ports = !fragment && frame.size() >= l4 + 4;
    if (ports && proto == kProtoTcp && fields.tcp_ipv4) {
      in.type = RssType::kTcpIpv4;
    } else if (ports && proto == kProtoUdp && fields.udp_ipv4) {
      in.type = RssType::kUdpIpv4;
    } else if (fields.ipv4) {
      in.type = RssType::kIpv4;
    } else {
      return in;
    }
    Append(in, frame, l3 + 12, 8);
    if (in.type != RssType::kIpv4) Append(in, frame, l4, 4);
    return in;
  }
  if (l2.ethertype == kEtherTypeIpv6) {
    if (frame.size() < l3 + 40 || (frame[l3] >> 4) != 6) return in;
    const std::uint8_t next = frame[l3 + 6];
    const std::size_t l4 = l3 + 40;
    const bool ports = frame.size() >= l4 + 4;
    if (ports && next == kProtoTcp && fields.tcp_ipv6) {
      in.type = RssType::kTcpIpv6;
    } else if (ports && next == kProtoUdp && fields.udp_ipv6) {
      in.type = RssType::kUdpIpv6;
    } else if (fields.ipv6) {
      in.type = RssType::kIpv6;
    } else {
      return in;
    }
    Append(in, frame, l3 + 8, 32);
    if (in.type != RssType::kIpv6) Append(in, frame, l4, 4);
    return in;
  }
  return in;
}

std::uint32_t ToeplitzHash(std::span<const std::uint8_t> key, std::span<const std::uint8_t> input) {
  // The 32-bit window starts at key bit 0 and slides one bit per input bit.
  std::uint32_t result = 0;
  for (std::size_t bit = 0; bit < input.size() * 8; ++bit) {
    if ((input[bit / 8] >> (7 - bit % 8)) & 1) {
      std::uint32_t window = 0;
      for (std::size_t k = 0; k < 32; ++k) {
        const std::size_t kb = bit + k;
        const std::uint32_t key_bit =
            kb / 8 < key.size() ? static_cast<std::uint32_t>((key[kb / 8] >> (7 - kb % 8)) & 1) : 0;
        window = (window << 1) | key_bit;
      }
      result ^= window;
    }
  }
  return result;
}

}  // namespace vmqkit::hwref
