// The register table itself: offsets from ixgbe_type.h, no two instances on one offset, reset
// values inside the fields, every register documented.
#include <gtest/gtest.h>

#include <set>

#include "hwref/register_file.h"
#include "hwref/register_map.h"

namespace vmqkit::hwref {
namespace {

using R = RegisterId;

std::uint32_t Off(R id, std::uint32_t index, const Profile& p = k82599Profile) {
  return OffsetOf(Spec(id), index, p);
}

TEST(RegisterMap, OffsetsFollowIxgbeType82599) {
  EXPECT_EQ(Off(R::kRAL, 0), 0x05400u);
  EXPECT_EQ(Off(R::kRAH, 15), 0x05404u + 8 * 15);
  EXPECT_EQ(Off(R::kRAL, 16), 0x0A200u + 8 * 16);  // RAL(i) = 0x0A200 + 8i for i > 15
  EXPECT_EQ(Off(R::kRAH, 127), 0x0A204u + 8 * 127);
  EXPECT_EQ(Off(R::kMPSAR, 2 * 5), 0x0A600u + 8 * 5);      // MPSAR_LO(5)
  EXPECT_EQ(Off(R::kMPSAR, 2 * 5 + 1), 0x0A604u + 8 * 5);  // MPSAR_HI(5)
  EXPECT_EQ(Off(R::kVFTA, 3), 0x0A00Cu);
  EXPECT_EQ(Off(R::kVLNCTRL, 0), 0x05088u);
  EXPECT_EQ(Off(R::kVLVF, 63), 0x0F100u + 4 * 63);
  EXPECT_EQ(Off(R::kVLVFB, 2 * 7 + 1), 0x0F200u + 4 * 15);
  EXPECT_EQ(Off(R::kVMOLR, 9), 0x0F024u);
  EXPECT_EQ(Off(R::kVT_CTL, 0), 0x051B0u);
  EXPECT_EQ(Off(R::kVFRE, 1), 0x051E4u);
  EXPECT_EQ(Off(R::kMRQC, 0), 0x05818u);
  EXPECT_EQ(Off(R::kRETA, 31), 0x05C7Cu);
  EXPECT_EQ(Off(R::kRSSRK, 9), 0x05CA4u);
  EXPECT_EQ(Off(R::kPSRTYPE, 15), 0x05480u + 4 * 15);
  EXPECT_EQ(Off(R::kPSRTYPE, 16), 0x0EA00u + 4 * 16);
  EXPECT_EQ(Off(R::kRXDCTL, 0), 0x01028u);
  EXPECT_EQ(Off(R::kRXDCTL, 63), 0x01028u + 0x40 * 63);
  EXPECT_EQ(Off(R::kRXDCTL, 64), 0x0D028u);
  EXPECT_EQ(Off(R::kRDT, 127), 0x0D018u + 0x40 * 63);
  EXPECT_EQ(Off(R::kIVAR, 63), 0x00900u + 4 * 63);
  EXPECT_EQ(Off(R::kEICR, 1), 0x00A84u);
}

TEST(RegisterMap, FieldPositionsFollowIxgbeType82599) {
  EXPECT_EQ(field::kRahAv.Mask(), 0x80000000u);
  EXPECT_EQ(field::kVlnctrlVfe.Mask(), 0x40000000u);
  EXPECT_EQ(field::kVlvfViEn.Mask(), 0x80000000u);
  EXPECT_EQ(field::kVmolrAupe.Mask(), 0x01000000u);
  EXPECT_EQ(field::kVmolrRompe.Mask(), 0x02000000u);
  EXPECT_EQ(field::kVmolrRope.Mask(), 0x04000000u);
  EXPECT_EQ(field::kVmolrBam.Mask(), 0x08000000u);
  EXPECT_EQ(field::kVtctlDefPl.Mask(), 0x3Fu << 7);
  EXPECT_EQ(field::kVtctlDisDefPl.Mask(), 1u << 29);
  EXPECT_EQ(field::kVtctlReplEn.Mask(), 1u << 30);
  EXPECT_EQ(field::kRxdctlEnable.Mask(), 0x02000000u);
  EXPECT_EQ(field::kPsrtypeRqpl.Mask(), 7u << 29);
}

class RegisterMapProfiles : public ::testing::TestWithParam<Profile> {};

TEST_P(RegisterMapProfiles, NoTwoInstancesShareAnOffset) {
  EXPECT_EQ(RegisterLayout(GetParam()).overlaps(), 0u);
}

TEST_P(RegisterMapProfiles, EveryInstanceDecodesBackToItself) {
  const RegisterLayout layout(GetParam());
  for (const RegisterSpec& spec : RegisterTable()) {
    for (std::uint32_t i = 0; i < InstanceCount(spec.dim, GetParam()); ++i) {
      const auto decoded = layout.Decode(OffsetOf(spec, i, GetParam()));
      ASSERT_TRUE(decoded) << spec.name << "(" << i << ")";
      EXPECT_EQ(decoded->id, spec.id);
      EXPECT_EQ(decoded->index, i);
    }
  }
}

std::string ProfileTestName(const ::testing::TestParamInfo<Profile>& p) {
  return std::string(p.param.kind == ProfileKind::k82599 ? "P" : "") + std::string(p.param.name);
}
INSTANTIATE_TEST_SUITE_P(All, RegisterMapProfiles,
                         ::testing::Values(k82599Profile, kLargeProfile, kScaleProfile),
                         ProfileTestName);

TEST(RegisterMap, ResetValuesLieInsideTheFields) {
  for (const RegisterSpec& spec : RegisterTable()) {
    EXPECT_EQ(spec.reset & ~spec.WritableMask(), 0u) << spec.name;
  }
}

// The masks MMIO writes apply are the ones the field lists give.
TEST(RegisterMap, PrecomputedMasksAreTheFieldMasks) {
  for (const RegisterSpec& spec : RegisterTable()) {
    std::uint32_t self_clearing = 0;
    for (const FieldSpec& f : spec.fields) {
      if (f.self_clearing) self_clearing |= f.Mask();
    }
    EXPECT_EQ(WritableMaskOf(spec.id), spec.WritableMask()) << spec.name;
    EXPECT_EQ(SelfClearingMaskOf(spec.id), self_clearing) << spec.name;
  }
}

TEST(RegisterMap, EveryRegisterHasFieldsANameAndADescription) {
  std::set<std::string_view> names;
  for (const RegisterSpec& spec : RegisterTable()) {
    EXPECT_FALSE(spec.fields.empty()) << spec.name;
    EXPECT_FALSE(spec.description.empty()) << spec.name;
    EXPECT_TRUE(names.insert(spec.name).second) << "duplicate " << spec.name;
    std::uint32_t seen = 0;
    for (const FieldSpec& f : spec.fields) {
      EXPECT_GE(f.msb, f.lsb) << spec.name << "." << f.name;
      EXPECT_EQ(seen & f.Mask(), 0u) << spec.name << "." << f.name << " overlaps another field";
      seen |= f.Mask();
    }
  }
}

TEST(RegisterMap, ProfilesHaveTheDocumentedSizes) {
  EXPECT_EQ(InstanceCount(Dim::kAddressEntries, k82599Profile), 128u);
  EXPECT_EQ(InstanceCount(Dim::kVlanFilters, k82599Profile), 64u);
  EXPECT_EQ(InstanceCount(Dim::kPools, k82599Profile), 64u);
  EXPECT_EQ(InstanceCount(Dim::kQueues, k82599Profile), 128u);
  EXPECT_GE(InstanceCount(Dim::kAddressEntries, kLargeProfile), 1000u);
  EXPECT_GE(InstanceCount(Dim::kVlanFilters, kLargeProfile), 1000u);
  EXPECT_TRUE(ProfileByName("large").ok());
  // E-804: the scale profile holds the filter-path benchmark's largest N in the large windows.
  EXPECT_EQ(InstanceCount(Dim::kAddressEntries, kScaleProfile), 65536u);
  EXPECT_EQ(OffsetOf(Spec(RegisterId::kRAL), 65535, kScaleProfile),
            OffsetOf(Spec(RegisterId::kRAL), 0, kLargeProfile) + 8 * 65535);
  EXPECT_TRUE(ProfileByName("scale").ok());
  EXPECT_FALSE(ProfileByName("82598").ok());
}

}  // namespace
}  // namespace vmqkit::hwref
