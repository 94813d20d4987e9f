#include "cli/processor_options.h"

#include <fmt/format.h>
#include <algorithm>
#include <charconv>
#include <iostream>

#include "cli/cli_parsing.h"
#include "formats/host_description.h"

namespace vmqkit::cli {
namespace {

// The host vmqkit assumes when nothing describes one (E-708): one full group, no hyper-threading.
constexpr spec::HostTopology kAssumedTopology{1, 64, 1, 1};

Result<std::pair<std::string, std::string>> SplitAssignment(const std::string& text,
                                                            const char* option) {
  const std::size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) {
    return UsageError(std::string(option) + ": \"" + text + "\" is not SUBKEY=VALUE");
  }
  return std::pair{text.substr(0, eq), text.substr(eq + 1)};
}

spec::AdapterInfo* FindInfo(spec::HostDescription& host, const std::string& subkey) {
  for (spec::AdapterInfo& info : host.adapters) {
    if (info.subkey == subkey) return &info;
  }
  return nullptr;
}

}  // namespace

void AddHostOptions(CLI::App& cmd, HostOptions& options, bool with_sizes) {
  cmd.add_option(
         "--host", options.hosts,
         "A `reg export` of the network adapter class key (.reg), a JSON registry, a JSON "
         "host description (docs/processors.md), or PowerShell output: files or a "
         "directory of Get-NetAdapter, Get-NetAdapterVmq/Rss/AdvancedProperty, Get-VMSwitch, "
         "Get-VMNetworkAdapter, "
         "Win32_Processor (docs/admin.md)")
      ->required();
  cmd.add_option("--groups", options.groups, "Processor groups of the host (overrides the file)");
  cmd.add_option("--lps", options.lps, "Logical processors per group (overrides the file)");
  cmd.add_option("--smt", options.smt,
                 "Logical processors per core: 1 (no hyper-threading), 2, 4, 8");
  cmd.add_option("--numa", options.numa, "NUMA nodes of the host");
  std::string releases;
  for (const spec::WindowsServerRow& row : spec::WindowsServerReleases())
    releases += (releases.empty() ? "" : ", ") + std::string(row.name);
  cmd.add_option("--os", options.os,
                 "The host's Windows Server release (" + releases +
                     "; overrides the file's \"windows\"): an adapter without *MaxRssProcessors "
                     "gets that release's default (Windows Server 2012 or later is assumed)");
  if (with_sizes) {
    cmd.add_option("--link-speed", options.link_speeds,
                   "SUBKEY=SPEED, e.g. 0007=10G: the KB's count for that speed (1G: 1, 10G: 3)");
    cmd.add_option("--processors", options.processors,
                   "SUBKEY=N: the processor count an adapter must get (overrides its link speed)");
  }
}

std::string HostOptions::Name() const {
  std::string out;
  for (const std::string& h : hosts) out += (out.empty() ? "" : " ") + h;
  return out;
}

Result<LoadedHost> LoadHost(const HostOptions& options) {
  LoadedHost loaded{{}, kAssumedTopology, false, std::nullopt};
  const bool admin = options.hosts.size() > 1 ||
                     std::any_of(options.hosts.begin(), options.hosts.end(),
                                 [](const std::string& h) { return formats::IsAdminHostPath(h); });
  if (admin) {
    Result<formats::AdminHost> host = formats::LoadAdminHost(options.hosts);
    if (!host) return host.error();
    loaded.description = host->description;
    loaded.admin = std::move(*host);
  } else {
    Result<spec::HostDescription> host = formats::LoadHostDescription(options.hosts.front());
    if (!host) return host.error();
    loaded.description = std::move(*host);
  }
  const bool any_flag = options.groups || options.lps || options.smt || options.numa;
  if (loaded.description.topology) {
    loaded.topology = *loaded.description.topology;
  } else if (!any_flag) {
    loaded.topology_assumed = true;
  } else {
    loaded.topology = spec::HostTopology{1, 64, 1, 1};
  }
  if (options.groups) loaded.topology.groups = *options.groups;
  if (options.lps) loaded.topology.lps_per_group = *options.lps;
  if (options.smt) loaded.topology.smt = *options.smt;
  if (options.numa) loaded.topology.numa_nodes = *options.numa;
  Result<spec::HostTopology> valid =
      spec::ValidateTopology(loaded.topology, {"command line", 0, 0});
  if (!valid) return valid.error();

  if (options.os) {
    const std::optional<spec::WindowsServer> release = spec::ParseWindowsServer(*options.os);
    if (!release)
      return UsageError("--os: \"" + *options.os + "\" is not a Windows Server release");
    loaded.description.release = *release;
  }
  for (const std::string& text : options.link_speeds) {
    Result<std::pair<std::string, std::string>> kv = SplitAssignment(text, "--link-speed");
    if (!kv) return kv.error();
    spec::AdapterInfo* info = FindInfo(loaded.description, kv->first);
    if (info == nullptr)
      return UsageError("--link-speed: no adapter \"" + kv->first + "\" in " + options.Name());
    Result<std::uint64_t> bps = ParseLinkSpeed(kv->second);
    if (!bps) return bps.error();
    info->link_speed_bps = *bps;
  }
  for (const std::string& text : options.processors) {
    Result<std::pair<std::string, std::string>> kv = SplitAssignment(text, "--processors");
    if (!kv) return kv.error();
    spec::AdapterInfo* info = FindInfo(loaded.description, kv->first);
    if (info == nullptr)
      return UsageError("--processors: no adapter \"" + kv->first + "\" in " + options.Name());
    std::int64_t n = 0;
    const auto [end, ec] =
        std::from_chars(kv->second.data(), kv->second.data() + kv->second.size(), n);
    if (ec != std::errc{} || end != kv->second.data() + kv->second.size() || n < 1 ||
        n > spec::kMaximumProcPerSystem) {
      return UsageError("--processors: \"" + kv->second + "\" is not a count 1.." +
                        std::to_string(spec::kMaximumProcPerSystem));
    }
    info->processors = n;
  }
  return loaded;
}

void NoteAssumedTopology(const LoadedHost& loaded, const HostOptions& options) {
  if (!loaded.topology_assumed) return;
  std::cerr << fmt::format(
      "vmqkit: note: {} gives no topology; assuming {} (use --groups --lps --smt)\n",
      options.Name(), spec::Describe(loaded.topology));
}

}  // namespace vmqkit::cli
