#pragma once
// Options shared by `vmqkit overlap` and `vmqkit advise`: the host file and the topology flags.
#include <CLI/CLI.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "spec/host_description.h"

namespace vmqkit::cli {

struct HostOptions {
  std::string host;
  std::optional<std::int64_t> groups;
  std::optional<std::int64_t> lps;
  std::optional<std::int64_t> smt;
  std::optional<std::int64_t> numa;
  std::vector<std::string> link_speeds;  // SUBKEY=10G
  std::vector<std::string> processors;   // SUBKEY=N
};

void AddHostOptions(CLI::App& cmd, HostOptions& options, bool with_sizes);

struct LoadedHost {
  spec::HostDescription description;
  spec::HostTopology topology;
  bool topology_assumed = false;  // neither the file nor the flags gave one (E-708)
};

// Reads the host file, applies the flags over its topology and adapter information.
Result<LoadedHost> LoadHost(const HostOptions& options);
// Tells on stderr that the topology was assumed (E-708), when it was.
void NoteAssumedTopology(const LoadedHost& loaded, const HostOptions& options);

}  // namespace vmqkit::cli
