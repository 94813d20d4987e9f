// The field tables: every row lies inside the structure of the revision that introduced it, rows
// never overlap, and the in-place accessors edit exactly the member they name.
#include <gtest/gtest.h>

#include "ndis/structure_fields.h"

namespace vmqkit::ndis {
namespace {

template <typename T, std::size_t N>
void ExpectWellFormed(Structure structure, const std::array<Field<T>, N>& fields) {
  SCOPED_TRACE(std::string(LayoutOf(structure).name));
  std::size_t end = kObjectHeaderSize;
  for (const Field<T>& field : fields) {
    SCOPED_TRACE(std::string(field.name));
    EXPECT_GE(field.offset, end) << "overlaps or precedes the row before it";
    EXPECT_EQ(field.offset % std::min<std::size_t>(field.width, 8) == 0 ||
                  field.kind == FieldKind::kBytes || field.kind == FieldKind::kCountedString,
              true)
        << "misaligned for x64";
    EXPECT_LE(field.offset + field.width, SizeOf(structure, field.since_revision));
    EXPECT_LE(field.since_revision, LayoutOf(structure).max_revision);
    end = field.offset + field.width;
  }
}

TEST(FieldTables, RowsAreInsideTheirRevisionAndDoNotOverlap) {
  ExpectWellFormed(Structure::kReceiveFilterCapabilities, kReceiveFilterCapabilitiesFields);
  ExpectWellFormed(Structure::kReceiveFilterGlobalParameters, kReceiveFilterGlobalParametersFields);
  ExpectWellFormed(Structure::kReceiveQueueParameters, kReceiveQueueParametersFields);
  ExpectWellFormed(Structure::kReceiveFilterFieldParameters, kReceiveFilterFieldParametersFields);
  ExpectWellFormed(Structure::kReceiveFilterParameters, kReceiveFilterParametersFields);
  ExpectWellFormed(Structure::kReceiveFilterClearParameters, kReceiveFilterClearParametersFields);
  ExpectWellFormed(Structure::kReceiveQueueFreeParameters, kReceiveQueueFreeParametersFields);
  ExpectWellFormed(Structure::kReceiveQueueAllocationCompleteParameters,
                   kReceiveQueueAllocationCompleteParametersFields);
  ExpectWellFormed(Structure::kReceiveQueueAllocationCompleteArray,
                   kReceiveQueueAllocationCompleteArrayFields);
  ExpectWellFormed(Structure::kReceiveFilterInfo, kReceiveFilterInfoFields);
  ExpectWellFormed(Structure::kReceiveFilterInfoArray, kReceiveFilterInfoArrayFields);
  ExpectWellFormed(Structure::kReceiveQueueState, kReceiveQueueStateFields);
}

TEST(FieldOf, NamesTheNtddndisMembers) {
  constexpr FieldRef queue_id = FieldOf(Structure::kReceiveQueueParameters, "QueueId");
  EXPECT_EQ(queue_id.offset, 12);
  EXPECT_EQ(queue_id.width, 4);
  EXPECT_EQ(FieldOf(Structure::kReceiveFilterParameters, "FilterId").offset, 16);
  EXPECT_EQ(FieldOf(Structure::kReceiveQueueParameters, "MSIXTableEntry").offset, 44);
  EXPECT_EQ(FieldOf(Structure::kReceiveQueueParameters, "ProcessorAffinity.Mask").width, 8);
}

TEST(FindMember, NamesMembersAtRunTimeIncludingTheHeader) {
  const std::string member = "FieldParametersArrayOffset";  // not a constant expression
  const auto offset = FindMember(Structure::kReceiveFilterParameters, member);
  ASSERT_TRUE(offset);
  EXPECT_EQ(offset->offset, 20);
  EXPECT_EQ(offset->width, 4);
  const auto size = FindMember(Structure::kReceiveQueueFreeParameters, std::string("Header.Size"));
  ASSERT_TRUE(size);
  EXPECT_EQ(size->offset, 2);
  EXPECT_EQ(size->width, 2);
  EXPECT_EQ(FindMember(Structure::kReceiveQueueState, "Header.Type")->width, 1);
  EXPECT_EQ(FindMember(Structure::kReceiveQueueAllocationCompleteArray, "ElementSize")->offset, 16);
  EXPECT_FALSE(FindMember(Structure::kReceiveQueueFreeParameters, "FilterId"));
  EXPECT_FALSE(FindMember(Structure::kReceiveQueueParameters, "queueid"));
}

TEST(FindMember, HeaderRowsReadWhatTheHeaderDecoderReads) {
  Bytes bytes = Encode(ObjectHeader{0x80, 2, 0x1234});
  EXPECT_EQ(GetField(bytes, FieldOf(Structure::kReceiveQueueState, "Header.Type")), 0x80u);
  EXPECT_EQ(GetField(bytes, FieldOf(Structure::kReceiveQueueState, "Header.Revision")), 2u);
  EXPECT_EQ(GetField(bytes, FieldOf(Structure::kReceiveQueueState, "Header.Size")), 0x1234u);
}

TEST(RequestStructure, IsTheStructureTheCallerFills) {
  EXPECT_EQ(RequestStructure(kOidReceiveFilterAllocateQueue), Structure::kReceiveQueueParameters);
  EXPECT_EQ(RequestStructure(kOidReceiveFilterSetFilter), Structure::kReceiveFilterParameters);
  EXPECT_EQ(RequestStructure(kOidReceiveFilterQueueAllocationComplete),
            Structure::kReceiveQueueAllocationCompleteArray);
  EXPECT_FALSE(RequestStructure(kOidReceiveFilterEnumQueues));
}

TEST(PutField, WritesTheMemberTheDecoderReads) {
  ReceiveQueueParameters params;
  params.queue_id = 3;
  Bytes bytes = Encode(params);
  PutField(bytes, FieldOf(Structure::kReceiveQueueParameters, "QueueId"), 0x01020304);
  PutField(bytes, FieldOf(Structure::kReceiveQueueParameters, "MSIXTableEntry"), 9);
  auto decoded = DecodeReceiveQueueParameters(bytes);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->queue_id, 0x01020304u);
  EXPECT_EQ(decoded->msix_table_entry, 9u);
  EXPECT_EQ(GetField(bytes, FieldOf(Structure::kReceiveQueueParameters, "QueueId")), 0x01020304u);
}

TEST(PutField, OutsideTheBufferWritesAndReadsNothing) {
  Bytes bytes(14, 0xAA);
  PutField(bytes, FieldOf(Structure::kReceiveQueueParameters, "QueueId"), 0);
  EXPECT_EQ(bytes, Bytes(14, 0xAA));
  EXPECT_EQ(GetField(bytes, FieldOf(Structure::kReceiveQueueParameters, "QueueId")), 0u);
}

TEST(ArrayElement, FindsEachElementOfAnArrayStructure) {
  ReceiveQueueAllocationCompleteArray array;
  array.elements = {{0, 5, NdisStatus::kPending}, {0, 6, NdisStatus::kPending}};
  Bytes bytes = Encode(array);
  constexpr auto kStatus =
      FieldOf(Structure::kReceiveQueueAllocationCompleteParameters, "CompletionStatus");
  for (std::size_t i = 0; i < 2; ++i) {
    PutField(ArrayElement(bytes, Structure::kReceiveQueueAllocationCompleteArray, i), kStatus,
             static_cast<std::uint32_t>(NdisStatus::kSuccess));
  }
  EXPECT_TRUE(ArrayElement(bytes, Structure::kReceiveQueueAllocationCompleteArray, 2).empty());
  auto decoded = DecodeReceiveQueueAllocationCompleteArray(bytes);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->elements[0].completion_status, NdisStatus::kSuccess);
  EXPECT_EQ(decoded->elements[1].completion_status, NdisStatus::kSuccess);
  EXPECT_EQ(decoded->elements[1].queue_id, 6u);
}

}  // namespace
}  // namespace vmqkit::ndis
