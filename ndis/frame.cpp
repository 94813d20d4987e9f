#include "ndis/frame.h"

#include <algorithm>
#include <cstdio>

#include "base/text.h"

namespace vmqkit::ndis {
namespace {

VlanTag ReadTag(const WireReader& in, std::size_t offset) {
  // TPID and TCI are big-endian on the wire.
  const auto tpid = static_cast<std::uint16_t>((in.U8(offset) << 8) | in.U8(offset + 1));
  const auto tci = static_cast<std::uint16_t>((in.U8(offset + 2) << 8) | in.U8(offset + 3));
  return VlanTag{tpid, static_cast<std::uint8_t>(tci >> 13), (tci & 0x1000) != 0,
                 static_cast<std::uint16_t>(tci & 0x0FFF)};
}

std::uint16_t ReadBigEndian16(const WireReader& in, std::size_t offset) {
  return static_cast<std::uint16_t>((in.U8(offset) << 8) | in.U8(offset + 1));
}

void WriteTag(Bytes& out, const VlanTag& tag) {
  const auto tci = static_cast<std::uint16_t>(
      (tag.priority & 0x7) << 13 | (tag.drop_eligible ? 0x1000 : 0) | (tag.vlan_id & 0x0FFF));
  out.push_back(static_cast<std::uint8_t>(tag.tpid >> 8));
  out.push_back(static_cast<std::uint8_t>(tag.tpid));
  out.push_back(static_cast<std::uint8_t>(tci >> 8));
  out.push_back(static_cast<std::uint8_t>(tci));
}

}  // namespace

bool MacAddress::IsBroadcast() const {
  return std::all_of(bytes.begin(), bytes.end(), [](std::uint8_t b) { return b == 0xFF; });
}

std::string ToString(const MacAddress& mac) {
  char text[18];
  std::snprintf(text, sizeof text, "%02x:%02x:%02x:%02x:%02x:%02x", mac.bytes[0], mac.bytes[1],
                mac.bytes[2], mac.bytes[3], mac.bytes[4], mac.bytes[5]);
  return text;
}

std::optional<MacAddress> ParseMacAddress(std::string_view text) {
  MacAddress mac;
  std::size_t pos = 0;
  const bool separated = text.size() == 17;
  if (!separated && text.size() != 12) return std::nullopt;
  for (std::size_t i = 0; i < 6; ++i) {
    if (separated && i > 0) {
      if (text[pos] != ':' && text[pos] != '-') return std::nullopt;
      if (text[pos] != text[2]) return std::nullopt;  // one separator style throughout
      ++pos;
    }
    const int high = HexDigitValue(text[pos]);
    const int low = HexDigitValue(text[pos + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    mac.bytes[i] = static_cast<std::uint8_t>(high * 16 + low);
    pos += 2;
  }
  return mac;
}

std::string_view ToString(FrameDefect defect) {
  switch (defect) {
    case FrameDefect::kTruncatedHeader:
      return "truncated-header";
    case FrameDefect::kTruncatedTag:
      return "truncated-tag";
    case FrameDefect::kRunt:
      return "runt";
  }
  return "?";
}

std::variant<FrameView, FrameRejection> ParseFrame(ByteView bytes, FrameParseOptions options) {
  if (bytes.size() < kEthernetHeaderSize) {
    return FrameRejection{
        FrameDefect::kTruncatedHeader,
        "frame has " + std::to_string(bytes.size()) + " bytes, an Ethernet header needs 14"};
  }
  WireReader in(bytes);
  FrameView view;
  view.length = bytes.size();
  std::copy_n(bytes.begin(), 6, view.destination.bytes.begin());
  std::copy_n(bytes.begin() + 6, 6, view.source.bytes.begin());
  std::size_t offset = 12;
  auto need = [&](std::size_t end, const char* what) -> std::optional<FrameRejection> {
    if (bytes.size() >= end) return std::nullopt;
    return FrameRejection{FrameDefect::kTruncatedTag,
                          std::string(what) + " needs " + std::to_string(end) +
                              " bytes, the frame has " + std::to_string(bytes.size())};
  };
  if (ReadBigEndian16(in, offset) == kTpid8021ad) {
    if (auto bad = need(offset + kVlanTagSize + 2, "802.1ad service tag")) return *bad;
    view.service_tag = ReadTag(in, offset);
    offset += kVlanTagSize;
  }
  if (ReadBigEndian16(in, offset) == kTpid8021Q) {
    if (auto bad = need(offset + kVlanTagSize + 2, "802.1Q tag")) return *bad;
    view.tag = ReadTag(in, offset);
    offset += kVlanTagSize;
  }
  view.ether_type = ReadBigEndian16(in, offset);
  view.payload_offset = offset + 2;
  if (options.reject_runts && bytes.size() < kMinimumFrameSize) {
    return FrameRejection{FrameDefect::kRunt, "frame has " + std::to_string(bytes.size()) +
                                                  " bytes, fewer than the 60-byte minimum"};
  }
  return view;
}

Bytes BuildFrame(const FrameSpec& spec) {
  Bytes out(spec.destination.bytes.begin(), spec.destination.bytes.end());
  out.insert(out.end(), spec.source.bytes.begin(), spec.source.bytes.end());
  if (spec.service_tag) WriteTag(out, *spec.service_tag);
  if (spec.tag) WriteTag(out, *spec.tag);
  out.push_back(static_cast<std::uint8_t>(spec.ether_type >> 8));
  out.push_back(static_cast<std::uint8_t>(spec.ether_type));
  if (out.size() < spec.length) out.resize(spec.length, 0);
  return out;
}

}  // namespace vmqkit::ndis
