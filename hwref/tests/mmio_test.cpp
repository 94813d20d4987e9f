// MMIO semantics for every access class, reserved bits, bus errors, reset and the trace.
#include <gtest/gtest.h>

#include "hwref/register_file.h"

namespace vmqkit::hwref {
namespace {

using R = RegisterId;

std::uint32_t Off(R id, std::uint32_t index = 0) {
  return OffsetOf(Spec(id), index, k82599Profile);
}

TEST(Mmio, ResetValuesAreReadAfterConstruction) {
  RegisterFile r(k82599Profile);
  for (const RegisterSpec& spec : RegisterTable()) {
    if (spec.access == Access::kWO) continue;  // reads of WO registers return 0, see below
    EXPECT_EQ(r.Read32(OffsetOf(spec, 0, k82599Profile)), spec.reset) << spec.name;
  }
  EXPECT_EQ(r.Read(R::kVLNCTRL), 0x8100u);     // VET = 802.1Q, VFE clear
  EXPECT_EQ(r.Read(R::kMAXFRS), 1518u << 16);  // MFS = 1518
  EXPECT_EQ(r.Read(R::kMSIXTVCTRL, 63), 1u);   // vectors start masked
  EXPECT_EQ(r.bus_error_count(), 0u);
}

TEST(Mmio, ReadWriteRegisterKeepsTheWrittenFields) {
  RegisterFile r(k82599Profile);
  r.Write32(Off(R::kRAL, 3), 0x12345678);
  EXPECT_EQ(r.Read32(Off(R::kRAL, 3)), 0x12345678u);
  r.Write32(Off(R::kMPSAR, 201), 0xA5A5A5A5);
  EXPECT_EQ(r.Read32(Off(R::kMPSAR, 201)), 0xA5A5A5A5u);
}

TEST(Mmio, ReservedBitsReadAsZero) {
  RegisterFile r(k82599Profile);
  r.Write32(Off(R::kRAH, 0), 0xFFFFFFFF);  // [30:16] reserved
  EXPECT_EQ(r.Read32(Off(R::kRAH, 0)), 0x8000FFFFu);
  r.Write32(Off(R::kRDBAL, 5), 0xFFFFFFFF);  // [6:0] reserved: ring base is 128-byte aligned
  EXPECT_EQ(r.Read32(Off(R::kRDBAL, 5)), 0xFFFFFF80u);
  r.Write32(Off(R::kVLVF, 1), 0xFFFFFFFF);  // VLAN_ID [11:0], VI_EN [31]
  EXPECT_EQ(r.Read32(Off(R::kVLVF, 1)), 0x80000FFFu);
}

TEST(Mmio, ReadOnlyRegisterIgnoresWrites) {
  RegisterFile r(k82599Profile);
  r.Write32(Off(R::kSTATUS), 0);
  EXPECT_EQ(r.Read32(Off(R::kSTATUS)), Spec(R::kSTATUS).reset);
  EXPECT_EQ(r.bus_error_count(), 0u);
}

TEST(Mmio, WriteOneToClearClearsOnlyTheOnes) {
  RegisterFile r(k82599Profile);
  r.Set(R::kEICR, 0, 0b1011);
  r.Write32(Off(R::kEICR, 0), 0b0010);
  EXPECT_EQ(r.Read32(Off(R::kEICR, 0)), 0b1001u);
  r.Write32(Off(R::kEICR, 0), 0);
  EXPECT_EQ(r.Read32(Off(R::kEICR, 0)), 0b1001u);
}

TEST(Mmio, WriteOneToSetAndWriteOnlyClearDriveTheMask) {
  RegisterFile r(k82599Profile);
  r.Write32(Off(R::kEIMS, 1), 0b0110);
  r.Write32(Off(R::kEIMS, 1), 0b0001);
  EXPECT_EQ(r.Read32(Off(R::kEIMS, 1)), 0b0111u);
  r.Write32(Off(R::kEIMC, 1), 0b0100);
  EXPECT_EQ(r.Read32(Off(R::kEIMS, 1)), 0b0011u);
  EXPECT_EQ(r.Read32(Off(R::kEIMC, 1)), 0u);  // write-only reads as 0
}

TEST(Mmio, ReadToClearCounterReturnsThenClears) {
  RegisterFile r(k82599Profile);
  r.Increment(R::kGPRC);
  r.Increment(R::kGPRC);
  EXPECT_EQ(r.Read32(Off(R::kGPRC)), 2u);
  EXPECT_EQ(r.Read32(Off(R::kGPRC)), 0u);
  r.Increment(R::kQPRC, 77);
  r.Write32(Off(R::kQPRC, 77), 0);  // writes to counters are ignored
  EXPECT_EQ(r.Read32(Off(R::kQPRC, 77)), 1u);
}

TEST(Mmio, UnknownOffsetIsABusError) {
  RegisterFile r(k82599Profile);
  EXPECT_EQ(r.Read32(0x00004), kBusErrorReadValue);
  r.Write32(0x1FFFC, 1);
  ASSERT_EQ(r.bus_errors().size(), 2u);
  EXPECT_EQ(r.bus_errors()[0].kind, BusErrorKind::kUnknownOffset);
  EXPECT_EQ(r.bus_errors()[1].direction, Direction::kWrite);
  EXPECT_EQ(r.Read32(0xFFFFFFFC), kBusErrorReadValue);  // far beyond the map: no UB
}

TEST(Mmio, MisalignedAccessIsABusError) {
  RegisterFile r(k82599Profile);
  r.Write32(Off(R::kRAL, 0) + 2, 0xFFFFFFFF);
  EXPECT_EQ(r.Read32(Off(R::kRAL, 0)), 0u);
  ASSERT_EQ(r.bus_errors().size(), 1u);
  EXPECT_EQ(r.bus_errors()[0].kind, BusErrorKind::kMisaligned);
}

TEST(Mmio, WrongWidthAccessIsABusError) {
  RegisterFile r(k82599Profile);
  r.MmioWrite(Off(R::kRAL, 0), 2, 0xFFFF);
  r.MmioWrite(Off(R::kRAL, 0), 8, 0xFFFF);
  EXPECT_EQ(r.MmioRead(Off(R::kRAL, 0), 1), 0xFFu);
  EXPECT_EQ(r.Read32(Off(R::kRAL, 0)), 0u);
  ASSERT_EQ(r.bus_errors().size(), 3u);
  for (const BusError& e : r.bus_errors()) EXPECT_EQ(e.kind, BusErrorKind::kWrongWidth);
}

TEST(Mmio, LargeProfileRelocatesScaledArrays) {
  RegisterFile r(kLargeProfile);
  r.Write(R::kRAL, 4000, 0xCAFE);
  EXPECT_EQ(r.Read32(0x100000 + 8 * 4000), 0xCAFEu);
  EXPECT_EQ(r.Read32(0x05400), kBusErrorReadValue);  // the 82599's RAL block is not decoded
  EXPECT_EQ(r.bus_error_count(), 1u);
}

TEST(Mmio, DeviceResetRestoresResetValues) {
  RegisterFile r(k82599Profile);
  r.Write(R::kVLNCTRL, 0, 0x40000800);
  r.Write(R::kRAH, 7, 0x8000ABCD);
  r.Write(R::kMSIXTVCTRL, 2, 0);
  const std::uint64_t generation = r.filter_generation();
  r.Write(R::kCTRL, 0, field::kCtrlRst.Mask());
  EXPECT_EQ(r.Read(R::kVLNCTRL), 0x8100u);
  EXPECT_EQ(r.Read(R::kRAH, 7), 0u);
  EXPECT_EQ(r.Read(R::kMSIXTVCTRL, 2), 1u);
  EXPECT_EQ(r.Read(R::kCTRL), 0u);  // RST self-clears
  EXPECT_GT(r.filter_generation(), generation);
}

TEST(Mmio, TraceRecordsOffsetValueAndDirection) {
  RegisterFile r(k82599Profile);
  r.Write(R::kRAL, 0, 1);  // before the trace is on: not recorded
  r.EnableTrace(true);
  r.Write(R::kRAL, 0, 5);
  r.Increment(R::kGPRC);
  (void)r.Read(R::kGPRC);
  (void)r.Read32(0x2);
  const std::vector<TraceEntry> expected = {
      {Off(R::kRAL, 0), 5, Direction::kWrite, false},
      {Off(R::kGPRC), 1, Direction::kRead, false},
      {0x2, kBusErrorReadValue, Direction::kRead, true},
  };
  EXPECT_EQ(r.trace(), expected);
}

TEST(Mmio, FilterWritesBumpTheGenerationOtherWritesDoNot) {
  RegisterFile r(k82599Profile);
  std::uint64_t g = r.filter_generation();
  r.Write(R::kRDT, 0, 3);
  EXPECT_EQ(r.filter_generation(), g);
  r.Write(R::kVLVFB, 0, 1);
  EXPECT_GT(r.filter_generation(), g);
}

TEST(Mmio, BusErrorLogIsBoundedButCountKeepsCounting) {
  RegisterFile r(k82599Profile);
  for (std::size_t i = 0; i < kBusErrorLogLimit + 10; ++i) r.Write32(0x3, 0);
  EXPECT_EQ(r.bus_errors().size(), kBusErrorLogLimit);
  EXPECT_EQ(r.bus_error_count(), kBusErrorLogLimit + 10);
}

}  // namespace
}  // namespace vmqkit::hwref
