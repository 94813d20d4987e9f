// Properties: encode then decode is the identity for every structure, and decoding looks only at
// the bytes it is given (random bytes, random truncations, random garbage after the buffer).
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "ndis/frame.h"
#include "ndis/structures.h"

namespace vmqkit::ndis {
namespace {

std::uint32_t U32() {
  return *rc::gen::arbitrary<std::uint32_t>();
}
std::uint8_t Revision(std::uint8_t max) {
  return *rc::gen::inRange<std::uint8_t>(1, max + 1);
}

std::array<std::uint8_t, 16> Bytes16() {
  std::array<std::uint8_t, 16> out{};
  for (auto& b : out) b = *rc::gen::arbitrary<std::uint8_t>();
  return out;
}

std::u16string Name() {
  return *rc::gen::container<std::u16string>(*rc::gen::inRange<std::size_t>(0, 257),
                                             rc::gen::arbitrary<char16_t>());
}

ReceiveFilterCapabilities GenCaps() {
  ReceiveFilterCapabilities c;
  c.revision = Revision(2);
  for (auto* m :
       {&c.flags, &c.enabled_filter_types, &c.enabled_queue_types, &c.num_queues,
        &c.supported_queue_properties, &c.supported_filter_tests, &c.supported_headers,
        &c.supported_mac_header_fields, &c.max_mac_header_filters, &c.max_queue_groups,
        &c.max_queues_per_queue_group, &c.min_lookahead_split_size, &c.max_lookahead_split_size}) {
    *m = U32();
  }
  if (c.revision >= 2) {
    for (auto* m : {&c.supported_arp_header_fields, &c.supported_ipv4_header_fields,
                    &c.supported_ipv6_header_fields, &c.supported_udp_header_fields,
                    &c.max_field_tests_per_packet_coalescing_filter,
                    &c.max_packet_coalescing_filters, &c.ndis_reserved}) {
      *m = U32();
    }
  }
  return c;
}

ReceiveQueueParameters GenQueue() {
  ReceiveQueueParameters q;
  q.revision = Revision(3);
  q.flags = U32();
  q.queue_type = static_cast<ReceiveQueueType>(U32());
  q.queue_id = U32();
  q.queue_group_id = U32();
  q.processor_affinity.mask = *rc::gen::arbitrary<std::uint64_t>();
  q.processor_affinity.group = *rc::gen::arbitrary<std::uint16_t>();
  for (auto& r : q.processor_affinity.reserved) r = *rc::gen::arbitrary<std::uint16_t>();
  q.num_suggested_receive_buffers = U32();
  q.msix_table_entry = U32();
  q.lookahead_size = U32();
  q.vm_name = Name();
  q.queue_name = Name();
  if (q.revision >= 2) {
    q.port_id = U32();
    q.interrupt_coalescing_domain_id = U32();
  }
  if (q.revision >= 3) q.qos_sq_id = U32();
  return q;
}

ReceiveFilterFieldParameters GenField() {
  ReceiveFilterFieldParameters f;
  f.revision = Revision(2);
  f.flags = U32();
  f.frame_header = static_cast<FrameHeader>(U32());
  f.test = static_cast<ReceiveFilterTest>(U32());
  f.header_field = U32();
  f.field_value = Bytes16();
  f.result_value = Bytes16();
  return f;
}

ReceiveFilterParameters GenFilter() {
  ReceiveFilterParameters f;
  f.revision = Revision(2);
  f.flags = U32();
  f.filter_type = static_cast<ReceiveFilterType>(U32());
  f.queue_id = U32();
  f.filter_id = U32();
  f.requested_filter_id_bit_count = U32();
  if (f.revision >= 2) {
    f.max_coalescing_delay = U32();
    f.vport_id = U32();
  }
  const auto count = *rc::gen::inRange<std::size_t>(0, 5);
  for (std::size_t i = 0; i < count; ++i) f.fields.push_back(GenField());
  return f;
}

ReceiveQueueAllocationCompleteArray GenComplete() {
  ReceiveQueueAllocationCompleteArray a;
  a.flags = U32();
  const auto count = *rc::gen::inRange<std::size_t>(0, 6);
  for (std::size_t i = 0; i < count; ++i)
    a.elements.push_back({U32(), U32(), static_cast<NdisStatus>(U32())});
  return a;
}

ReceiveFilterInfoArray GenInfo() {
  ReceiveFilterInfoArray a;
  a.revision = Revision(2);
  a.queue_id = U32();
  if (a.revision >= 2) {
    a.flags = U32();
    a.vport_id = U32();
  }
  const auto count = *rc::gen::inRange<std::size_t>(0, 6);
  for (std::size_t i = 0; i < count; ++i) {
    a.elements.push_back({U32(), static_cast<ReceiveFilterType>(U32()), U32()});
  }
  return a;
}

template <typename T, typename Decode>
void RoundTrip(const T& value, Decode decode) {
  auto decoded = decode(Encode(value));
  RC_ASSERT(decoded.ok());
  RC_ASSERT(decoded.value() == value);
}

RC_GTEST_PROP(EncodeDecode, IdentityForEveryStructure, ()) {
  RoundTrip(GenCaps(), DecodeReceiveFilterCapabilities);
  RoundTrip(ReceiveFilterGlobalParameters{U32(), U32(), U32()},
            DecodeReceiveFilterGlobalParameters);
  RoundTrip(GenQueue(), DecodeReceiveQueueParameters);
  RoundTrip(GenField(), DecodeReceiveFilterFieldParameters);
  RoundTrip(GenFilter(), DecodeReceiveFilterParameters);
  RoundTrip(ReceiveFilterClearParameters{U32(), U32(), U32()}, DecodeReceiveFilterClearParameters);
  RoundTrip(ReceiveQueueFreeParameters{U32(), U32()}, DecodeReceiveQueueFreeParameters);
  RoundTrip(ReceiveQueueAllocationCompleteParameters{U32(), U32(), static_cast<NdisStatus>(U32())},
            DecodeReceiveQueueAllocationCompleteParameters);
  RoundTrip(GenComplete(), DecodeReceiveQueueAllocationCompleteArray);
  RoundTrip(ReceiveFilterInfo{U32(), static_cast<ReceiveFilterType>(U32()), U32()},
            DecodeReceiveFilterInfo);
  RoundTrip(GenInfo(), DecodeReceiveFilterInfoArray);
  RoundTrip(ReceiveQueueState{U32(), U32(), static_cast<QueueOperationalState>(U32())},
            DecodeReceiveQueueState);
}

// Every decoder, as a function of a byte view, summarized as ok or its failure.
std::vector<std::string> DecodeAll(ByteView bytes) {
  std::vector<std::string> out;
  auto note = [&](const auto& decoded) {
    out.push_back(decoded.ok() ? std::string("ok")
                               : ToString(decoded.error().status) + "/" +
                                     std::to_string(decoded.error().bytes_needed) + "/" +
                                     decoded.error().reason);
  };
  note(DecodeReceiveFilterCapabilities(bytes));
  note(DecodeReceiveFilterGlobalParameters(bytes));
  note(DecodeReceiveQueueParameters(bytes));
  note(DecodeReceiveFilterFieldParameters(bytes));
  note(DecodeReceiveFilterParameters(bytes));
  note(DecodeReceiveFilterClearParameters(bytes));
  note(DecodeReceiveQueueFreeParameters(bytes));
  note(DecodeReceiveQueueAllocationCompleteParameters(bytes));
  note(DecodeReceiveQueueAllocationCompleteArray(bytes));
  note(DecodeReceiveFilterInfo(bytes));
  note(DecodeReceiveFilterInfoArray(bytes));
  note(DecodeReceiveQueueState(bytes));
  auto frame = ParseFrame(bytes);
  out.push_back(std::holds_alternative<FrameView>(frame)
                    ? "frame " + std::to_string(std::get<FrameView>(frame).payload_offset)
                    : std::get<FrameRejection>(frame).reason);
  return out;
}

// Bytes that look like a header of a known structure, followed by random content, so the
// decoders get past the header check and into arrays and strings.
Bytes PlausibleBuffer() {
  const auto& layouts = StructureLayouts();
  const auto& layout = layouts[*rc::gen::inRange<std::size_t>(0, layouts.size())];
  const auto revision = Revision(layout.max_revision);
  const std::size_t size = *rc::gen::inRange<std::size_t>(0, 1200);
  Bytes bytes = *rc::gen::container<Bytes>(size, rc::gen::arbitrary<std::uint8_t>());
  if (bytes.size() >= 4 && *rc::gen::arbitrary<bool>()) {
    const std::uint16_t fixed = SizeOf(layout.structure, revision);
    bytes[0] = kObjectTypeDefault;
    bytes[1] = revision;
    bytes[2] = static_cast<std::uint8_t>(fixed);
    bytes[3] = static_cast<std::uint8_t>(fixed >> 8);
    // Small array fields, so some of them land inside the buffer.
    for (std::size_t offset : {8u, 12u, 16u, 20u, 24u, 28u}) {
      if (offset + 4 <= bytes.size() && *rc::gen::arbitrary<bool>()) {
        const auto small = *rc::gen::inRange<std::uint32_t>(0, 120);
        bytes[offset] = static_cast<std::uint8_t>(small);
        bytes[offset + 1] = bytes[offset + 2] = bytes[offset + 3] = 0;
      }
    }
  }
  return bytes;
}

// A decoder that read past the end of its view would see the garbage placed after it, and its
// answer would change with that garbage.
RC_GTEST_PROP(DecodeRandomBytes, NeverLooksOutsideTheBuffer, ()) {
  const Bytes bytes = PlausibleBuffer();
  Bytes with_zeros = bytes;
  with_zeros.resize(bytes.size() + 2048, 0x00);
  Bytes with_ones = bytes;
  with_ones.resize(bytes.size() + 2048, 0xFF);
  const auto a = DecodeAll(ByteView(with_zeros).first(bytes.size()));
  const auto b = DecodeAll(ByteView(with_ones).first(bytes.size()));
  RC_ASSERT(a == b);
}

RC_GTEST_PROP(DecodeTruncated, ShortBufferIsInvalidLengthNeedingMore, ()) {
  const Bytes full = Encode(GenFilter());
  const auto cut = *rc::gen::inRange<std::size_t>(0, full.size());
  auto decoded = DecodeReceiveFilterParameters(ByteView(full).first(cut));
  RC_ASSERT(!decoded.ok());
  RC_ASSERT(decoded.error().status == NdisStatus::kInvalidLength);
  RC_ASSERT(decoded.error().bytes_needed > cut);
  RC_ASSERT(decoded.error().bytes_needed <= full.size());
}

}  // namespace
}  // namespace vmqkit::ndis
