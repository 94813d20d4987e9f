// A host read from what its administrator has (formats/admin_host.h): the seed KB host directory
// of examples/admin, joins by InterfaceDescription == DriverDesc, topology from Win32_Processor.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "formats/admin_host.h"
#include "vmqkit/test_paths.h"

namespace vmqkit::formats {
namespace {

const std::string kDir = std::string(test::kSourceDir) + "/examples/admin/seed-kb-host";

TEST(AdminHost, SeedKbHostDirectoryJoinsCmdletsAndRegExport) {
  const Result<AdminHost> host = LoadAdminHost({kDir});
  ASSERT_TRUE(host.ok()) << ToString(host.error());
  EXPECT_TRUE(host->from_powershell);
  ASSERT_EQ(host->description.adapters.size(), 3u);
  EXPECT_EQ(host->description.adapters[1].subkey, "0007");
  EXPECT_EQ(host->description.adapters[1].name, "VM Switch 1");
  EXPECT_EQ(host->adapters[1].max_processors, 3);
  EXPECT_TRUE(host->adapters[1].enabled);
  EXPECT_EQ(host->adapters[1].queues, 63);
  // Win32_Processor: 2 sockets x 16 cores x 32 LPs -> one group of 64, SMT 2, 2 NUMA nodes (E-712).
  ASSERT_TRUE(host->description.topology.has_value());
  EXPECT_EQ(*host->description.topology, (spec::HostTopology{1, 64, 2, 2}));
  ASSERT_EQ(host->vnics.size(), 4u);
  EXPECT_EQ(host->vnics[1].vm_name, "APP01");
  EXPECT_EQ(host->vnics[1].vmq_weight, 0);
  EXPECT_EQ(host->vnics[1].vlan_id, 20);
  EXPECT_FALSE(host->vnics[0].vlan_id.has_value());  // untagged
  // The advanced properties are the registry: *VMQVlanFiltering of VM Switch 2 is 0.
  const spec::AdapterRegistry* second = host->description.registry.FindAdapter("0010");
  ASSERT_NE(second, nullptr);
  bool found = false;
  for (const spec::RegistryValue& v : second->key.values) {
    if (v.name == "*VMQVlanFiltering") found = v.text == "0";
  }
  EXPECT_TRUE(found);
}

TEST(AdminHost, WithoutARegExportAdaptersAreKeyedByName) {
  const Result<AdminHost> host = LoadAdminHost({kDir + "/Get-NetAdapterVmq.txt"});
  ASSERT_TRUE(host.ok()) << ToString(host.error());
  ASSERT_EQ(host->description.adapters.size(), 3u);
  EXPECT_EQ(host->description.adapters[0].subkey, "Management");
  EXPECT_EQ(host->adapters[0].subkey, "Management");  // the findings name adapters by it
  EXPECT_FALSE(host->description.topology.has_value());
}

TEST(AdminHost, IsAdminHostPathTellsPowerShellFromRegistryFiles) {
  EXPECT_TRUE(IsAdminHostPath(kDir));
  EXPECT_TRUE(IsAdminHostPath(kDir + "/Get-VMNetworkAdapter.json"));
  EXPECT_FALSE(IsAdminHostPath(kDir + "/class-key.reg"));
  EXPECT_FALSE(
      IsAdminHostPath(std::string(test::kSourceDir) + "/examples/hosts/seed-kb-host.json"));
}

// A directory holding the seed KB host's Get-NetAdapterVmq output and `netadapter`, as
// Get-NetAdapter.txt.
std::filesystem::path HostWithNetAdapter(const std::string& name, const std::string& netadapter) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::filesystem::copy_file(kDir + "/Get-NetAdapterVmq.txt", dir / "Get-NetAdapterVmq.txt");
  std::ofstream(dir / "Get-NetAdapter.txt") << netadapter;
  return dir;
}

// E-714: the default table view of Get-NetAdapter (right-aligned LinkSpeed), with an adapter VMQ
// does not list (ignored) and a disconnected one ("0 bps": speed unknown).
TEST(AdminHost, E714_GetNetAdapterTableGivesTheLinkSpeedOfTheVmqAdapters) {
  const std::filesystem::path dir =
      HostWithNetAdapter("vmqkit-admin-netadapter-table",
                         "Name                      InterfaceDescription                    "
                         "ifIndex Status       MacAddress            LinkSpeed\n"
                         "----                      --------------------                    "
                         "------- ------       ----------            ---------\n"
                         "Management                Intel(R) 82576 Gigabit Dual Port Ne...       "
                         "12 Up           00-15-5D-01-02-03        1 Gbps\n"
                         "VM Switch 1               Intel(R) Ethernet 10G 2P X520 Adapter        "
                         "14 Up           00-1B-21-01-02-03       10 Gbps\n"
                         "VM Switch 2               Intel(R) Ethernet 10G 2P X520 Adap...#2      "
                         "15 Disconnected 00-1B-21-01-02-04         0 bps\n"
                         "Wi-Fi                     Intel(R) Wi-Fi 6 AX201 160MHz                "
                         "20 Up           A0-B1-C2-D3-E4-F5    866.7 Mbps\n");
  const Result<AdminHost> host = LoadAdminHost({dir.string()});
  ASSERT_TRUE(host.ok()) << ToString(host.error());
  ASSERT_EQ(host->description.adapters.size(), 3u);
  EXPECT_EQ(host->description.adapters[0].link_speed_bps, std::uint64_t{1'000'000'000});
  EXPECT_EQ(host->description.adapters[1].link_speed_bps, std::uint64_t{10'000'000'000});
  EXPECT_FALSE(host->description.adapters[2].link_speed_bps.has_value());
  std::filesystem::remove_all(dir);
}

// E-714: `Format-List *` carries properties no page lists; ReceiveLinkSpeed (bits per second) is
// read before LinkSpeed's text.
TEST(AdminHost, E714_GetNetAdapterFullListIsReadWhateverElseItHolds) {
  const std::filesystem::path dir =
      HostWithNetAdapter("vmqkit-admin-netadapter-list",
                         "Name                       : VM Switch 1\n"
                         "InterfaceDescription       : Intel(R) Ethernet 10G 2P X520 Adapter\n"
                         "DriverVersionString        : 4.1.77.0\n"
                         "NdisPhysicalMedium         : 14\n"
                         "LinkSpeed                  : 25 Gbps\n"
                         "ReceiveLinkSpeed           : 25000000000\n"
                         "AdditionalAvailability     : \n");
  const Result<AdminHost> host = LoadAdminHost({dir.string()});
  ASSERT_TRUE(host.ok()) << ToString(host.error());
  EXPECT_EQ(host->description.adapters[1].link_speed_bps, std::uint64_t{25'000'000'000});
  EXPECT_FALSE(host->description.adapters[0].link_speed_bps.has_value());
  std::filesystem::remove_all(dir);
}

TEST(AdminHostHostile, E714_BadLinkSpeedNamesItsLine) {
  const std::filesystem::path dir = HostWithNetAdapter(
      "vmqkit-admin-netadapter-bad", "Name      : VM Switch 1\nStatus    : Up\nLinkSpeed : fast\n");
  const Result<AdminHost> host = LoadAdminHost({dir.string()});
  ASSERT_FALSE(host.ok());
  EXPECT_EQ(host.error().where.file, (dir / "Get-NetAdapter.txt").string());
  EXPECT_EQ(host.error().where.line, 3u);
  EXPECT_NE(host.error().message.find("is not a link speed"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(AdminHostHostile, E714_AnAdapterListedTwiceByGetNetAdapterIsAnInputError) {
  const std::filesystem::path dir =
      HostWithNetAdapter("vmqkit-admin-netadapter-twice",
                         "Name      : VM Switch 1\nLinkSpeed : 10 Gbps\n\n"
                         "Name      : VM Switch 1\nLinkSpeed : 1 Gbps\n");
  const Result<AdminHost> host = LoadAdminHost({dir.string()});
  ASSERT_FALSE(host.ok());
  EXPECT_EQ(host.error().where.line, 4u);
  EXPECT_NE(host.error().message.find("listed twice by Get-NetAdapter"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(AdminHostHostile, BadValueInADirectoryNamesFileAndLine) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / "vmqkit-admin-host-hostile";
  std::filesystem::create_directories(dir);
  {
    std::ofstream out(dir / "vmq.txt");
    out << "Name                  : A\nNumberOfReceiveQueues : 8\nBaseProcessorNumber   : 300\n"
           "NumMacAddressesPerPort : 9\n";
  }
  const Result<AdminHost> host = LoadAdminHost({dir.string()});
  ASSERT_FALSE(host.ok());
  EXPECT_EQ(host.error().where.file, (dir / "vmq.txt").string());
  EXPECT_EQ(host.error().where.line, 3u);
  EXPECT_NE(host.error().message.find("BaseProcessorNumber"), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace vmqkit::formats
