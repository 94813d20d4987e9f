// RSS hash: the verification vectors of Microsoft's RSS documentation ("Verifying the RSS Hash
// Calculation"), on the readable Toeplitz and on the device's fast table-driven one.
#include <gtest/gtest.h>

#include "hwref/nic.h"
#include "hwref/readable_path.h"
#include "hwref/tests/test_support.h"

namespace vmqkit::hwref {
namespace {

constexpr std::uint8_t kKey[40] = {0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2, 0x41, 0x67,
                                   0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0, 0xd0, 0xca, 0x2b, 0xcb,
                                   0xae, 0x7b, 0x30, 0xb4, 0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30,
                                   0xf2, 0x0c, 0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa};

TEST(Toeplitz, MicrosoftVerificationVectorIpv4) {
  // 66.9.149.187:2794 -> 161.142.100.80:1766
  const std::uint8_t ip[] = {66, 9, 149, 187, 161, 142, 100, 80};
  EXPECT_EQ(ToeplitzHash(kKey, ip), 0x323e8fc2u);
  const std::uint8_t tcp[] = {66, 9, 149, 187, 161, 142, 100, 80, 0x0a, 0xea, 0x06, 0xe6};
  EXPECT_EQ(ToeplitzHash(kKey, tcp), 0x51ccc178u);
}

TEST(Toeplitz, DeviceHashesWithRssrkOnBothPaths) {
  Nic nic(k82599Profile, HostMemory(0, 0));
  RegisterFile& r = nic.registers();
  r.Write(RegisterId::kRXCTRL, 0, 1);
  r.Write(RegisterId::kFCTRL, 0, field::kFctrlUpe.Mask());
  r.Write(RegisterId::kMRQC, 0, 0x1 | field::kMrqcTcpIpv4.Mask() | field::kMrqcIpv4.Mask());
  for (std::uint32_t n = 0; n < 10; ++n) {
    r.Write(RegisterId::kRSSRK, n,
            kKey[4 * n] | (kKey[4 * n + 1] << 8) | (kKey[4 * n + 2] << 16) |
                (static_cast<std::uint32_t>(kKey[4 * n + 3]) << 24));
  }
  const auto tcp = test::Ipv4Frame(test::Mac(2, 0, 0, 0, 0, 1), std::nullopt, {66, 9, 149, 187},
                                   {161, 142, 100, 80}, 6, 2794, 1766);
  for (RxPath path : {RxPath::kReadable, RxPath::kFast}) {
    const Decision d = nic.Decide(tcp, path);
    EXPECT_EQ(d.rss_hash, 0x51ccc178u);
    EXPECT_EQ(d.rss_type, RssType::kTcpIpv4);
  }
  auto udp = test::Ipv4Frame(test::Mac(2, 0, 0, 0, 0, 1), std::nullopt, {66, 9, 149, 187},
                             {161, 142, 100, 80}, 17, 2794, 1766);
  // UDPIPV4 is off: the frame falls back to the address-only hash.
  EXPECT_EQ(nic.Decide(udp, RxPath::kFast).rss_hash, 0x323e8fc2u);
  EXPECT_EQ(nic.Decide(udp, RxPath::kFast).rss_type, RssType::kIpv4);
}

}  // namespace
}  // namespace vmqkit::hwref
