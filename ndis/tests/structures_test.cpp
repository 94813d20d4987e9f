// Layouts, byte offsets and every decode error of the receive-filter structures ([HDR] ntddndis.h).
#include <gtest/gtest.h>

#include "ndis/structures.h"

namespace vmqkit::ndis {
namespace {

TEST(StructureLayout, SizesMatchTheHeaderRevisions) {
  EXPECT_EQ(SizeOf(Structure::kReceiveFilterCapabilities, 1), 56);
  EXPECT_EQ(SizeOf(Structure::kReceiveFilterCapabilities, 2), 84);
  EXPECT_EQ(SizeOf(Structure::kReceiveFilterGlobalParameters, 1), 16);
  EXPECT_EQ(SizeOf(Structure::kReceiveQueueParameters, 1), 1084);
  EXPECT_EQ(SizeOf(Structure::kReceiveQueueParameters, 2), 1092);
  EXPECT_EQ(SizeOf(Structure::kReceiveQueueParameters, 3), 1096);
  EXPECT_EQ(SizeOf(Structure::kReceiveFilterParameters, 1), 36);
  EXPECT_EQ(SizeOf(Structure::kReceiveFilterParameters, 2), 44);
  EXPECT_EQ(SizeOf(Structure::kReceiveFilterFieldParameters, 1), 56);
  EXPECT_EQ(SizeOf(Structure::kReceiveFilterFieldParameters, 2), 56);
  EXPECT_EQ(SizeOf(Structure::kReceiveFilterClearParameters, 1), 16);
  EXPECT_EQ(SizeOf(Structure::kReceiveQueueFreeParameters, 1), 12);
  EXPECT_EQ(SizeOf(Structure::kReceiveQueueAllocationCompleteArray, 1), 20);
  EXPECT_EQ(SizeOf(Structure::kReceiveQueueAllocationCompleteParameters, 1), 16);
  EXPECT_EQ(SizeOf(Structure::kReceiveFilterInfoArray, 1), 20);
  EXPECT_EQ(SizeOf(Structure::kReceiveFilterInfoArray, 2), 28);
  EXPECT_EQ(SizeOf(Structure::kReceiveFilterInfo, 1), 16);
  EXPECT_EQ(SizeOf(Structure::kReceiveQueueState, 1), 16);
  for (const auto& layout : StructureLayouts()) {
    EXPECT_EQ(&LayoutOf(layout.structure), &layout) << layout.name;  // table order = enum order
  }
}

TEST(ObjectHeader, EncodesTypeRevisionSizeLittleEndian) {
  EXPECT_EQ(Encode(ObjectHeader{0x80, 2, 0x0444}), (Bytes{0x80, 0x02, 0x44, 0x04}));
  auto decoded = DecodeObjectHeader(Bytes{0x80, 0x01, 0x38, 0x00});
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->size, 56);
}

TEST(ReceiveQueueParameters, X64OffsetsOfAffinityNamesAndRevisionFields) {
  ReceiveQueueParameters q;
  q.revision = 3;
  q.queue_id = 0x11223344;
  q.processor_affinity.mask = 0x0102030405060708ULL;
  q.processor_affinity.group = 0x0A0B;
  q.vm_name = u"VM";
  q.queue_name = u"Q";
  q.port_id = 0xAABBCCDD;
  q.qos_sq_id = 7;
  const Bytes bytes = Encode(q);
  ASSERT_EQ(bytes.size(), 1096u);
  EXPECT_EQ(bytes[12], 0x44);  // QueueId
  EXPECT_EQ(bytes[24], 0x08);  // GROUP_AFFINITY.Mask is 8-aligned: 4 bytes of padding at 20
  EXPECT_EQ(bytes[31], 0x01);
  EXPECT_EQ(bytes[32], 0x0B);  // Group
  EXPECT_EQ(bytes[52], 4);     // VmName.Length in bytes
  EXPECT_EQ(bytes[54], 'V');
  EXPECT_EQ(bytes[568], 2);  // QueueName.Length, 516 bytes after VmName
  EXPECT_EQ(bytes[570], 'Q');
  EXPECT_EQ(bytes[1084], 0xDD);  // PortId (revision 2)
  EXPECT_EQ(bytes[1092], 7);     // QosSqId (revision 3)
}

TEST(ReceiveFilterFieldParameters, FieldValueUnionIsEightAligned) {
  const Bytes bytes = Encode(VlanIdField(10));
  ASSERT_EQ(bytes.size(), 56u);
  EXPECT_EQ(bytes[16], 4);  // NdisMacHeaderFieldVlanId
  EXPECT_EQ(bytes[24], 0);  // network byte order
  EXPECT_EQ(bytes[25], 10);
}

TEST(DecodeErrors, ShortBufferGivesInvalidLengthWithBytesNeeded) {
  auto empty = DecodeReceiveQueueParameters(Bytes{});
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().status, NdisStatus::kInvalidLength);
  EXPECT_EQ(empty.error().bytes_needed, 1084u);
  Bytes rev2 = Encode(ReceiveQueueParameters{});
  rev2.resize(1000);
  auto shortened = DecodeReceiveQueueParameters(rev2);
  ASSERT_FALSE(shortened);
  EXPECT_EQ(shortened.error().status, NdisStatus::kInvalidLength);
  EXPECT_EQ(shortened.error().bytes_needed, 1092u);
}

TEST(DecodeErrors, WrongObjectTypeIsInvalidParameter) {
  Bytes bytes = Encode(ReceiveQueueState{});
  bytes[0] = 0x81;
  auto decoded = DecodeReceiveQueueState(bytes);
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().status, NdisStatus::kInvalidParameter);
}

TEST(DecodeErrors, RevisionZeroIsInvalidParameter) {
  Bytes bytes = Encode(ReceiveFilterClearParameters{});
  bytes[1] = 0;
  EXPECT_EQ(DecodeReceiveFilterClearParameters(bytes).error().status,
            NdisStatus::kInvalidParameter);
}

TEST(DecodeErrors, SizeSmallerThanRevisionIsInvalidParameter) {
  Bytes bytes = Encode(ReceiveQueueFreeParameters{});
  bytes[2] = 11;
  EXPECT_EQ(DecodeReceiveQueueFreeParameters(bytes).error().status, NdisStatus::kInvalidParameter);
}

TEST(DecodeErrors, SizeLargerThanBufferIsInvalidLength) {
  Bytes bytes = Encode(ReceiveFilterGlobalParameters{});
  bytes[2] = 32;
  auto decoded = DecodeReceiveFilterGlobalParameters(bytes);
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().status, NdisStatus::kInvalidLength);
  EXPECT_EQ(decoded.error().bytes_needed, 32u);
}

// E-301: a revision newer than the highest known one is read as the highest known one.
TEST(DecodeErrors, NewerRevisionReadAsHighestKnown) {
  ReceiveFilterCapabilities caps;
  caps.num_queues = 7;
  Bytes bytes = Encode(caps);
  bytes[1] = 9;
  auto decoded = DecodeReceiveFilterCapabilities(bytes);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->revision, 2);
  EXPECT_EQ(decoded->num_queues, 7u);
}

ReceiveFilterParameters OneFieldFilter() {
  ReceiveFilterParameters f;
  f.queue_id = 1;
  f.fields.push_back(MacDestinationField({0, 0x15, 0x5d, 0, 0, 1}, true));
  return f;
}

TEST(DecodeErrors, ArrayOffsetInsideFixedPartIsInvalidParameter) {
  Bytes bytes = Encode(OneFieldFilter());
  PutU32(bytes, 20, 8);
  EXPECT_EQ(DecodeReceiveFilterParameters(bytes).error().status, NdisStatus::kInvalidParameter);
}

TEST(DecodeErrors, ArrayElementSizeBelowStructureIsInvalidParameter) {
  Bytes bytes = Encode(OneFieldFilter());
  PutU32(bytes, 28, 55);
  EXPECT_EQ(DecodeReceiveFilterParameters(bytes).error().status, NdisStatus::kInvalidParameter);
}

TEST(DecodeErrors, ArrayPastBufferIsInvalidLengthWithEnd) {
  Bytes bytes = Encode(OneFieldFilter());
  PutU32(bytes, 24, 3);  // three elements announced, one present
  auto decoded = DecodeReceiveFilterParameters(bytes);
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().status, NdisStatus::kInvalidLength);
  EXPECT_EQ(decoded.error().bytes_needed, 48u + 3u * 56u);
}

TEST(DecodeErrors, ArrayExtentOverflowIsInvalidParameter) {
  Bytes bytes = Encode(OneFieldFilter());
  PutU32(bytes, 24, 0xFFFFFFFF);
  PutU32(bytes, 28, 0xFFFFFFFF);
  EXPECT_EQ(DecodeReceiveFilterParameters(bytes).error().status, NdisStatus::kInvalidParameter);
}

TEST(DecodeErrors, ZeroElementsIgnoresTheOffset) {
  Bytes bytes = Encode(ReceiveQueueAllocationCompleteArray{});
  PutU32(bytes, 8, 0xFFFFFFFF);
  EXPECT_TRUE(DecodeReceiveQueueAllocationCompleteArray(bytes));
}

TEST(DecodeErrors, BadElementHeaderIsInvalidParameter) {
  ReceiveQueueAllocationCompleteArray array;
  array.elements.push_back({0, 1, NdisStatus::kSuccess});
  Bytes bytes = Encode(array);
  bytes[24] = 0x42;  // the element's Header.Type
  auto decoded = DecodeReceiveQueueAllocationCompleteArray(bytes);
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().status, NdisStatus::kInvalidParameter);
  bytes[24] = 0x80;
  bytes[26] = 40;  // element Header.Size larger than ElementSize
  EXPECT_EQ(DecodeReceiveQueueAllocationCompleteArray(bytes).error().status,
            NdisStatus::kInvalidParameter);
}

TEST(DecodeErrors, CountedStringLengthOddOrTooLongIsInvalidParameter) {
  Bytes bytes = Encode(ReceiveQueueParameters{});
  bytes[52] = 3;
  EXPECT_EQ(DecodeReceiveQueueParameters(bytes).error().status, NdisStatus::kInvalidParameter);
  bytes[52] = 0x02;
  bytes[53] = 0x02;  // 514 bytes > 256 WCHARs
  EXPECT_EQ(DecodeReceiveQueueParameters(bytes).error().status, NdisStatus::kInvalidParameter);
}

TEST(FilterInfoArray, RevisionTwoCarriesFlagsAndVPortId) {
  ReceiveFilterInfoArray array;
  array.queue_id = 3;
  array.flags = kFilterInfoArrayVPortIdSpecified;
  array.vport_id = 9;
  array.elements = {{0, ReceiveFilterType::kVmQueue, 1}, {0, ReceiveFilterType::kVmQueue, 4}};
  const Bytes bytes = Encode(array);
  EXPECT_EQ(bytes[20], 1);
  EXPECT_EQ(bytes[24], 9);
  EXPECT_EQ(bytes[8], 32);  // FirstElementOffset: 28 rounded up to 8
  auto decoded = DecodeReceiveFilterInfoArray(bytes);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(*decoded, array);
}

}  // namespace
}  // namespace vmqkit::ndis
