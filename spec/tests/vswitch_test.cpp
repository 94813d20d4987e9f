// The Hyper-V switch's use of VMQ from TenGigVmqEnabled / BelowTenGigVmqEnabled and link speed
// ([WDD] standardized-inf-keywords-for-vmq Reserved Registry Keywords; KB 2681638; [PERF]).
#include <gtest/gtest.h>

#include "spec/advertise.h"
#include "spec/tests/registry_builder.h"

namespace vmqkit::spec {
namespace {

using test::Key;

constexpr std::uint64_t k1G = 1'000'000'000ULL;
constexpr std::uint64_t k10G = 10'000'000'000ULL;

bool SwitchUsesVmq(std::uint64_t speed, ndis::NdisVersion version, const RegistryKey& vmsmp,
                   const RegistryKey& adapter = Key({{"*RssOrVmqPreference", "1"}})) {
  return DecideAdvertisement({{true, true, false}, version, speed}, adapter, vmsmp).vswitch_uses_vmq;
}

TEST(VswitchVmq, TenGig_SystemDefault_EnabledFromNdis630) {
  EXPECT_TRUE(SwitchUsesVmq(k10G, ndis::kNdis630, Key({})));
  EXPECT_TRUE(SwitchUsesVmq(k10G, ndis::kNdis630, Key({{"TenGigVmqEnabled", std::uint32_t{0}}})));
}

TEST(VswitchVmq, TenGig_SystemDefault_DisabledOnWindowsServer2008R2) {
  EXPECT_FALSE(SwitchUsesVmq(k10G, ndis::kNdis620, Key({})));
}

TEST(VswitchVmq, TenGig_Enabled1_EnabledEvenOnNdis620) {
  EXPECT_TRUE(SwitchUsesVmq(k10G, ndis::kNdis620, Key({{"TenGigVmqEnabled", std::uint32_t{1}}})));
}

TEST(VswitchVmq, TenGig_ExplicitlyDisabled2) {
  EXPECT_FALSE(SwitchUsesVmq(k10G, ndis::kNdis630, Key({{"TenGigVmqEnabled", std::uint32_t{2}}})));
}

TEST(VswitchVmq, BelowTenGig_SystemDefault_Disabled) {
  EXPECT_FALSE(SwitchUsesVmq(k1G, ndis::kNdis630, Key({})));
  EXPECT_FALSE(SwitchUsesVmq(k1G, ndis::kNdis630, Key({{"TenGigVmqEnabled", std::uint32_t{1}}})));
}

TEST(VswitchVmq, BelowTenGig_Enabled1) {
  EXPECT_TRUE(SwitchUsesVmq(k1G, ndis::kNdis630, Key({{"BelowTenGigVmqEnabled", std::uint32_t{1}}})));
}

TEST(VswitchVmq, InvalidValue_IsSystemDefault) {
  EXPECT_FALSE(SwitchUsesVmq(k1G, ndis::kNdis630, Key({{"BelowTenGigVmqEnabled", std::uint32_t{7}}})));
  EXPECT_TRUE(SwitchUsesVmq(k10G, ndis::kNdis630, Key({{"TenGigVmqEnabled", "yes"}})));
}

TEST(VswitchVmq, NeverWhenMiniportDoesNotAdvertiseVmq) {
  EXPECT_FALSE(SwitchUsesVmq(k10G, ndis::kNdis630, Key({{"TenGigVmqEnabled", std::uint32_t{1}}}),
                             Key({})));  // RSS preference
}

TEST(VswitchVmq, E003_StarSpellingAcceptedWithNote) {
  const auto d = DecideAdvertisement({{true, true, false}, ndis::kNdis630, k1G},
                                     Key({{"*RssOrVmqPreference", "1"}}),
                                     Key({{"*BelowTenGigVmqEnabled", std::uint32_t{1}}}));
  EXPECT_TRUE(d.vswitch_uses_vmq);
  ASSERT_FALSE(d.diagnostics.empty());
  EXPECT_EQ(d.diagnostics.front().keyword, "BelowTenGigVmqEnabled");
}

}  // namespace
}  // namespace vmqkit::spec
