// TEMPORARY: the table-driven codec writes the bytes the hand-written one wrote and decodes every
// buffer to the same answer. Deleted with legacy_structures.cpp once it has passed.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "ndis/structures.h"

namespace vmqkit::ndis {
namespace legacy {
Bytes Encode(const ReceiveFilterCapabilities& value);
Bytes Encode(const ReceiveFilterGlobalParameters& value);
Bytes Encode(const ReceiveQueueParameters& value);
Bytes Encode(const ReceiveFilterFieldParameters& value);
Bytes Encode(const ReceiveFilterParameters& value);
Bytes Encode(const ReceiveFilterClearParameters& value);
Bytes Encode(const ReceiveQueueFreeParameters& value);
Bytes Encode(const ReceiveQueueAllocationCompleteParameters& value);
Bytes Encode(const ReceiveQueueAllocationCompleteArray& value);
Bytes Encode(const ReceiveFilterInfo& value);
Bytes Encode(const ReceiveFilterInfoArray& value);
Bytes Encode(const ReceiveQueueState& value);
Decoded<ReceiveFilterCapabilities> DecodeReceiveFilterCapabilities(ByteView bytes);
Decoded<ReceiveFilterGlobalParameters> DecodeReceiveFilterGlobalParameters(ByteView bytes);
Decoded<ReceiveQueueParameters> DecodeReceiveQueueParameters(ByteView bytes);
Decoded<ReceiveFilterFieldParameters> DecodeReceiveFilterFieldParameters(ByteView bytes);
Decoded<ReceiveFilterParameters> DecodeReceiveFilterParameters(ByteView bytes);
Decoded<ReceiveFilterClearParameters> DecodeReceiveFilterClearParameters(ByteView bytes);
Decoded<ReceiveQueueFreeParameters> DecodeReceiveQueueFreeParameters(ByteView bytes);
Decoded<ReceiveQueueAllocationCompleteParameters> DecodeReceiveQueueAllocationCompleteParameters(
    ByteView bytes);
Decoded<ReceiveQueueAllocationCompleteArray> DecodeReceiveQueueAllocationCompleteArray(
    ByteView bytes);
Decoded<ReceiveFilterInfo> DecodeReceiveFilterInfo(ByteView bytes);
Decoded<ReceiveFilterInfoArray> DecodeReceiveFilterInfoArray(ByteView bytes);
Decoded<ReceiveQueueState> DecodeReceiveQueueState(ByteView bytes);
}  // namespace legacy

namespace {

std::uint32_t U32() {
  return *rc::gen::arbitrary<std::uint32_t>();
}
std::uint8_t Rev(std::uint8_t max) {
  return *rc::gen::inRange<std::uint8_t>(1, max + 1);
}
std::u16string Text() {
  return *rc::gen::container<std::u16string>(*rc::gen::inRange<std::size_t>(0, 300),
                                             rc::gen::arbitrary<char16_t>());
}

ReceiveFilterFieldParameters Field() {
  ReceiveFilterFieldParameters f;
  f.revision = Rev(4);
  f.flags = U32();
  f.frame_header = static_cast<FrameHeader>(U32());
  f.test = static_cast<ReceiveFilterTest>(U32());
  f.header_field = U32();
  for (auto& b : f.field_value) b = *rc::gen::arbitrary<std::uint8_t>();
  for (auto& b : f.result_value) b = *rc::gen::arbitrary<std::uint8_t>();
  return f;
}

template <typename T>
void Same(const T& value) {
  RC_ASSERT(Encode(value) == legacy::Encode(value));
}

// Every member set whatever the revision, so a member written past its revision would show.
RC_GTEST_PROP(TableCodec, EncodesTheBytesTheHandWrittenCodecWrote, ()) {
  ReceiveFilterCapabilities caps;
  caps.revision = Rev(3);
  for (auto* m : {&caps.flags, &caps.enabled_filter_types, &caps.num_queues,
                  &caps.max_lookahead_split_size, &caps.supported_arp_header_fields,
                  &caps.ndis_reserved, &caps.max_packet_coalescing_filters})
    *m = U32();
  Same(caps);
  Same(ReceiveFilterGlobalParameters{U32(), U32(), U32()});
  ReceiveQueueParameters q;
  q.revision = Rev(4);
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
  q.vm_name = Text();
  q.queue_name = Text();
  q.port_id = U32();
  q.interrupt_coalescing_domain_id = U32();
  q.qos_sq_id = U32();
  Same(q);
  Same(Field());
  ReceiveFilterParameters p;
  p.revision = Rev(3);
  p.flags = U32();
  p.filter_type = static_cast<ReceiveFilterType>(U32());
  p.queue_id = U32();
  p.filter_id = U32();
  p.requested_filter_id_bit_count = U32();
  p.max_coalescing_delay = U32();
  p.vport_id = U32();
  for (std::size_t i = *rc::gen::inRange<std::size_t>(0, 4); i > 0; --i) p.fields.push_back(Field());
  Same(p);
  Same(ReceiveFilterClearParameters{U32(), U32(), U32()});
  Same(ReceiveQueueFreeParameters{U32(), U32()});
  Same(ReceiveQueueAllocationCompleteParameters{U32(), U32(), static_cast<NdisStatus>(U32())});
  ReceiveQueueAllocationCompleteArray complete;
  complete.flags = U32();
  for (std::size_t i = *rc::gen::inRange<std::size_t>(0, 4); i > 0; --i)
    complete.elements.push_back({U32(), U32(), static_cast<NdisStatus>(U32())});
  Same(complete);
  Same(ReceiveFilterInfo{U32(), static_cast<ReceiveFilterType>(U32()), U32()});
  ReceiveFilterInfoArray info;
  info.revision = Rev(3);
  info.queue_id = U32();
  info.flags = U32();
  info.vport_id = U32();
  for (std::size_t i = *rc::gen::inRange<std::size_t>(0, 4); i > 0; --i)
    info.elements.push_back({U32(), static_cast<ReceiveFilterType>(U32()), U32()});
  Same(info);
  Same(ReceiveQueueState{U32(), U32(), static_cast<QueueOperationalState>(U32())});
}

template <typename A, typename B>
void SameAnswer(const A& a, const B& b) {
  RC_ASSERT(a.ok() == b.ok());
  if (a.ok()) {
    RC_ASSERT(a.value() == b.value());
  } else {
    RC_ASSERT(a.error() == b.error());
  }
}

// Bytes with a header of a random structure and small array members, as in the decoder
// properties, so both decoders get past the header into strings and arrays.
RC_GTEST_PROP(TableCodec, DecodesEveryBufferToTheSameAnswer, ()) {
  const auto& layouts = StructureLayouts();
  const auto& layout = layouts[*rc::gen::inRange<std::size_t>(0, layouts.size())];
  const std::size_t size = *rc::gen::inRange<std::size_t>(0, 1200);
  Bytes bytes = *rc::gen::container<Bytes>(size, rc::gen::arbitrary<std::uint8_t>());
  if (bytes.size() >= 4 && *rc::gen::arbitrary<bool>()) {
    const auto revision = *rc::gen::inRange<std::uint8_t>(1, layout.max_revision + 2);
    const std::uint16_t fixed = SizeOf(layout.structure, revision);
    bytes[0] = kObjectTypeDefault;
    bytes[1] = revision;
    bytes[2] = static_cast<std::uint8_t>(fixed);
    bytes[3] = static_cast<std::uint8_t>(fixed >> 8);
    for (std::size_t offset : {8u, 12u, 16u, 20u, 24u, 28u, 52u, 568u}) {
      if (offset + 4 <= bytes.size() && *rc::gen::arbitrary<bool>()) {
        const auto small = *rc::gen::inRange<std::uint32_t>(0, 120);
        bytes[offset] = static_cast<std::uint8_t>(small);
        bytes[offset + 1] = bytes[offset + 2] = bytes[offset + 3] = 0;
      }
    }
  }
  SameAnswer(DecodeReceiveFilterCapabilities(bytes), legacy::DecodeReceiveFilterCapabilities(bytes));
  SameAnswer(DecodeReceiveFilterGlobalParameters(bytes),
             legacy::DecodeReceiveFilterGlobalParameters(bytes));
  SameAnswer(DecodeReceiveQueueParameters(bytes), legacy::DecodeReceiveQueueParameters(bytes));
  SameAnswer(DecodeReceiveFilterFieldParameters(bytes),
             legacy::DecodeReceiveFilterFieldParameters(bytes));
  SameAnswer(DecodeReceiveFilterParameters(bytes), legacy::DecodeReceiveFilterParameters(bytes));
  SameAnswer(DecodeReceiveFilterClearParameters(bytes),
             legacy::DecodeReceiveFilterClearParameters(bytes));
  SameAnswer(DecodeReceiveQueueFreeParameters(bytes),
             legacy::DecodeReceiveQueueFreeParameters(bytes));
  SameAnswer(DecodeReceiveQueueAllocationCompleteParameters(bytes),
             legacy::DecodeReceiveQueueAllocationCompleteParameters(bytes));
  SameAnswer(DecodeReceiveQueueAllocationCompleteArray(bytes),
             legacy::DecodeReceiveQueueAllocationCompleteArray(bytes));
  SameAnswer(DecodeReceiveFilterInfo(bytes), legacy::DecodeReceiveFilterInfo(bytes));
  SameAnswer(DecodeReceiveFilterInfoArray(bytes), legacy::DecodeReceiveFilterInfoArray(bytes));
  SameAnswer(DecodeReceiveQueueState(bytes), legacy::DecodeReceiveQueueState(bytes));
}

}  // namespace
}  // namespace vmqkit::ndis
