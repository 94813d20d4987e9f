#pragma once
// Options shared by `vmqkit overlap`, `advise` and `diagnose`: the host file and the topology
// flags.
#include <CLI/CLI.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "formats/admin_host.h"
#include "spec/host_description.h"

namespace vmqkit::cli {

struct HostOptions {
  std::vector<std::string> hosts;  // --host PATH...: files or directories of one host
  std::optional<std::int64_t> groups;
  std::optional<std::int64_t> lps;
  std::optional<std::int64_t> smt;
  std::optional<std::int64_t> numa;
  std::vector<std::string> link_speeds;  // SUBKEY=10G
  std::vector<std::string> processors;   // SUBKEY=N
  std::optional<std::string> os;         // --os RELEASE: the host's Windows Server release

  std::string Name() const;  // the paths as the user gave them, for reports
};

void AddHostOptions(CLI::App& cmd, HostOptions& options, bool with_sizes);

struct LoadedHost {
  spec::HostDescription description;
  spec::HostTopology topology;
  bool topology_assumed = false;  // neither the file nor the flags gave one (E-708)
  // What PowerShell output said (VMQ state, queues, vNICs), when the host came from it.
  std::optional<formats::AdminHost> admin;
};

// Reads the host file, applies the flags over its topology and adapter information.
Result<LoadedHost> LoadHost(const HostOptions& options);
// Tells on stderr that the topology was assumed (E-708), when it was.
void NoteAssumedTopology(const LoadedHost& loaded, const HostOptions& options);

}  // namespace vmqkit::cli
