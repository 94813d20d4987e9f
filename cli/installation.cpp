#include "cli/installation.h"

#include <filesystem>

#include "ndis/known_versions.h"
#include "vmqkit/dut.h"
#include "vmqkit/git_commit.h"
#include "vmqkit/install_dirs.h"
#include "vmqkit/version.h"

namespace vmqkit::cli {

std::string VersionText() {
  std::string versions;
  for (const ndis::NdisVersion v : ndis::kKnownNdisVersions) {
    versions += (versions.empty() ? "" : " ") + ndis::ToString(v);
  }
  return std::string("vmqkit ") + kVersion + "\ncommit: " + kGitCommit + "\nDUT ABI: v" +
         std::to_string(VMQKIT_DUT_ABI_VERSION) + " (vmqkit/dut.h)\nNDIS versions: " + versions;
}

std::vector<std::string> PluginDirs() {
  std::error_code error;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) return {};
  const std::filesystem::path bin = exe.parent_path();
  return {(bin / kInstalledPluginDirFromBin).lexically_normal().string(),
          (bin / kBuildPluginDirFromBin).lexically_normal().string()};
}

Result<std::unique_ptr<conformance::LoadedDut>> LoadDutArg(const std::string& arg) {
  return conformance::FindDutPlugin(arg, PluginDirs()).and_then([](const std::string& path) {
    return conformance::LoadDut(path);
  });
}

}  // namespace vmqkit::cli
