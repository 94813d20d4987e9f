// The reserved-keyword and preference read rules, observed through the host's read_config log.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>

#include "reference/configuration.h"
#include "test_host.h"

namespace vmqkit::reference::test {
namespace {

bool Read(const HostLog& log, std::string_view keyword) {
  return std::find(log.reads.begin(), log.reads.end(), keyword) != log.reads.end();
}

const std::vector<std::string> kRssKeywords = {"*RSS",
                                               "*RSSProfile",
                                               "*RssBaseProcGroup",
                                               "*RssBaseProcNumber",
                                               "*MaxRssProcessors",
                                               "*RssMaxProcNumber",
                                               "*NumRSSQueues",
                                               "*RssMaxProcGroup",
                                               "*NumaNodeId"};
const std::vector<std::string> kVmqKeywords = {"*VMQ", "*VMQVlanFiltering", "*VMQLookaheadSplit"};

TEST(ReadRules, ReservedKeywords_NeverReadByTheVmqDriver) {
  Dut dut;  // VMQ preference, everything else default
  ASSERT_EQ(dut.Initialize(), NdisStatus::kSuccess);
  ASSERT_TRUE(dut.miniport().configuration().VmqEnabled());
  for (std::string_view reserved : kReservedKeywords)
    EXPECT_FALSE(Read(dut.log, reserved)) << reserved;
  EXPECT_TRUE(Read(dut.log, "*VMQ"));
  EXPECT_TRUE(Read(dut.log, "*VMQVlanFiltering"));
}

TEST(ReadRules, VmqPreference_ReadsNoRssOrSriovKeyword) {
  DutOptions options;
  options.features = VMQKIT_HW_VMQ | VMQKIT_HW_RSS | VMQKIT_HW_SRIOV;
  Dut dut(options);
  ASSERT_EQ(dut.Initialize(), NdisStatus::kSuccess);
  for (const auto& k : kRssKeywords) EXPECT_FALSE(Read(dut.log, k)) << k;
  EXPECT_FALSE(Read(dut.log, "*SRIOV"));
  EXPECT_EQ(dut.log.reads.front(), "*SriovPreferred");
}

TEST(ReadRules, RssPreference_ReadsNoVmqKeyword) {
  DutOptions options;
  options.registry = {};  // *RssOrVmqPreference absent = RSS preference
  Dut dut(options);
  ASSERT_EQ(dut.Initialize(), NdisStatus::kSuccess);
  for (const auto& k : kVmqKeywords) EXPECT_FALSE(Read(dut.log, k)) << k;
  EXPECT_TRUE(Read(dut.log, "*RSS"));
  EXPECT_FALSE(dut.miniport().configuration().VmqEnabled());
}

TEST(ReadRules, SriovPreference_ReadsVlanFilteringButNoRss) {
  DutOptions options;
  options.features = VMQKIT_HW_VMQ | VMQKIT_HW_RSS | VMQKIT_HW_SRIOV;
  options.registry = {{"*SriovPreferred", 1}};
  Dut dut(options);
  ASSERT_EQ(dut.Initialize(), NdisStatus::kSuccess);
  EXPECT_TRUE(Read(dut.log, "*SRIOV"));
  EXPECT_TRUE(Read(dut.log, "*VMQVlanFiltering"));
  for (const auto& k : kRssKeywords) EXPECT_FALSE(Read(dut.log, k)) << k;
  EXPECT_EQ(dut.miniport().configuration().enabled, EnabledInterface::kSriovAndVmq);
  // E-510: with SR-IOV and VMQ both on, VPorts replace VM queues: NumQueues 0 in current caps.
  auto current = ndis::DecodeReceiveFilterCapabilities(dut.current_caps);
  ASSERT_TRUE(current.ok());
  EXPECT_EQ(current->num_queues, 0u);
  EXPECT_EQ(dut.Allocate(1).status, NdisStatus::kResources);
}

// [WDD] handling-sr-iov--vmq--and-rss-standardized-inf-keywords: under SR-IOV preference the driver
// "must read the VMQ *VMQVlanFiltering standardized keyword", whatever *VMQ says.
TEST(ReadRules, SriovPreference_ReadsVlanFilteringEvenWithVmqOff) {
  for (const std::uint32_t features :
       {std::uint32_t{VMQKIT_HW_VMQ | VMQKIT_HW_RSS | VMQKIT_HW_SRIOV},
        std::uint32_t{VMQKIT_HW_RSS | VMQKIT_HW_SRIOV}}) {
    DutOptions options;
    options.features = features;
    options.registry = {{"*SriovPreferred", 1}, {"*VMQ", 0}};
    Dut dut(options);
    ASSERT_EQ(dut.Initialize(), NdisStatus::kSuccess);
    EXPECT_TRUE(Read(dut.log, "*VMQVlanFiltering")) << features;
    for (const auto& k : kRssKeywords) EXPECT_FALSE(Read(dut.log, k)) << k;
    EXPECT_EQ(dut.miniport().configuration().enabled, EnabledInterface::kSriov);
  }
}

TEST(ReadRules, LookaheadSplit_ReadOnNdis620Only) {
  DutOptions options;
  options.ndis_minor = 20;
  Dut old_ndis(options);
  ASSERT_EQ(old_ndis.Initialize(), NdisStatus::kSuccess);
  EXPECT_TRUE(Read(old_ndis.log, "*VMQLookaheadSplit"));
  Dut new_ndis;
  ASSERT_EQ(new_ndis.Initialize(), NdisStatus::kSuccess);
  EXPECT_FALSE(Read(new_ndis.log, "*VMQLookaheadSplit"));
}

TEST(ReadRules, OutOfRangeVmqValue_UsesTheDefaultEnabled) {
  DutOptions options;
  options.registry = {{"*RssOrVmqPreference", 1}, {"*VMQ", 7}};
  Dut dut(options);
  ASSERT_EQ(dut.Initialize(), NdisStatus::kSuccess);
  EXPECT_TRUE(dut.miniport().configuration().VmqEnabled());
}

// Whatever the registry holds, on any hardware and NDIS version: no reserved keyword is read,
// VMQ preference reads no RSS keyword, RSS preference reads no VMQ keyword.
RC_GTEST_PROP(ReadRules, AnyRegistry_NeverReadsForbiddenKeywords, ()) {
  const auto features = *rc::gen::inRange<std::uint32_t>(0, 8);
  const auto minor = *rc::gen::element<std::uint8_t>(20, 30, 40, 50, 80);
  std::vector<std::string> names = {
      "*SriovPreferred", "*RssOrVmqPreference", "*SRIOV", "*VMQ", "*RSS", "*VMQVlanFiltering"};
  DutOptions options;
  options.features = features;
  options.ndis_minor = minor;
  options.registry.clear();
  for (const auto& name : names) {
    if (*rc::gen::arbitrary<bool>())
      options.registry[name] = *rc::gen::inRange<std::uint32_t>(0, 3);
  }
  Dut dut(options);
  RC_ASSERT(dut.Initialize() == NdisStatus::kSuccess);
  for (std::string_view reserved : kReservedKeywords) RC_ASSERT(!Read(dut.log, reserved));
  const bool rss_read = std::any_of(kRssKeywords.begin(), kRssKeywords.end(),
                                    [&](const std::string& k) { return Read(dut.log, k); });
  const bool vmq_read = std::any_of(kVmqKeywords.begin(), kVmqKeywords.end(),
                                    [&](const std::string& k) { return Read(dut.log, k); });
  RC_ASSERT(!(rss_read && vmq_read));
  if (dut.miniport().configuration().VmqEnabled()) RC_ASSERT(Read(dut.log, "*VMQVlanFiltering"));
}

}  // namespace
}  // namespace vmqkit::reference::test
