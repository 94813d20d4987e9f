#include "cli/cli_parsing.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <iostream>

#include "cli/commands.h"

namespace vmqkit::cli {

int ReportError(const Error& error) {
  std::cerr << "vmqkit: " << ToString(error) << "\n";
  return kExitInputError;
}

Result<std::uint64_t> ParseLinkSpeed(std::string_view text) {
  std::string_view number = text;
  double scale = 1.0;
  if (!number.empty()) {
    switch (std::toupper(static_cast<unsigned char>(number.back()))) {
      case 'K':
        scale = 1e3;
        break;
      case 'M':
        scale = 1e6;
        break;
      case 'G':
        scale = 1e9;
        break;
      case 'T':
        scale = 1e12;
        break;
      default:
        break;
    }
    if (scale != 1.0) number.remove_suffix(1);
  }
  double value = 0;
  const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (number.empty() || ec != std::errc{} || end != number.data() + number.size() || value <= 0 ||
      !std::isfinite(value) || value * scale > 1e15) {
    return UsageError("--link-speed: \"" + std::string(text) +
                      "\" is not a speed (examples: 1G, 10G, 100M, 25000000000)");
  }
  return static_cast<std::uint64_t>(std::llround(value * scale));
}

Result<spec::HardwareSupport> ParseHardware(std::string_view text) {
  spec::HardwareSupport hw{false, false, false, false, false};
  if (text == "none") return hw;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = text.find(',', start);
    const std::string_view item =
        text.substr(start, comma == text.npos ? text.npos : comma - start);
    if (item == "rss") {
      hw.rss = true;
    } else if (item == "vmq") {
      hw.vmq = true;
    } else if (item == "sriov") {
      hw.sriov = true;
    } else if (item == "vlan") {
      hw.vlan_id_filtering = true;
    } else if (item == "split") {
      hw.lookahead_split = true;
    } else {
      return UsageError("--hw: unknown feature \"" + std::string(item) +
                        "\" (use a comma-separated subset of rss,vmq,sriov,vlan,split, or none)");
    }
    if (comma == text.npos) break;
    start = comma + 1;
  }
  return hw;
}

std::string FormatHardware(const spec::HardwareSupport& hw) {
  return spec::ToString(hw);
}

std::string DefaultHardware(ndis::NdisVersion version) {
  return version >= ndis::kNdis630 ? "rss,vmq,sriov,vlan" : "rss,vmq,vlan";
}

Result<spec::AdvertiseInput> ParseAdvertiseInput(std::string_view ndis, std::string_view hw,
                                                 std::string_view supported_speed,
                                                 std::string_view os) {
  spec::AdvertiseInput input;
  const auto version = ndis::ParseNdisVersion(ndis);
  if (!version || *version < ndis::kNdis620) {
    return UsageError("--ndis: \"" + std::string(ndis) +
                      "\" is not an NDIS version with VMQ (6.20 or later, written like 6.30)");
  }
  input.ndis = *version;
  Result<spec::HardwareSupport> hardware =
      ParseHardware(hw.empty() ? std::string_view(DefaultHardware(*version)) : hw);
  if (!hardware) return hardware.error();
  input.hardware = *hardware;
  Result<std::uint64_t> speed = ParseLinkSpeed(supported_speed);
  if (!speed) return speed.error();
  input.supported_speed_bps = *speed;
  if (!os.empty()) {
    std::string names;
    for (const spec::WindowsServerRow& row : spec::WindowsServerReleases()) {
      names += (names.empty() ? "" : "|") + std::string(row.name);
    }
    const std::optional<spec::WindowsServer> release = spec::ParseWindowsServer(os);
    if (!release) {
      return UsageError("--os: \"" + std::string(os) + "\" is not a Windows Server release (" +
                        names + ")");
    }
    // [WDD] overview-of-ndis-versions: a release supports the NDIS versions up to its own.
    if (!spec::Runs(*version, *release)) {
      return UsageError("--os: an NDIS " + ndis::ToString(*version) +
                        " miniport does not run on Windows Server " + std::string(os) + " (NDIS " +
                        ndis::ToString(spec::NdisOf(*release)) + ")");
    }
    input.os = release;
  }
  return input;
}

Result<const spec::AdapterRegistry*> SelectAdapter(const spec::HostRegistry& host,
                                                   const std::string& subkey) {
  // The first adapters are listed; a file with a million of them must not print a million lines.
  constexpr std::size_t kListed = 20;
  auto listing = [&] {
    std::string out;
    for (std::size_t i = 0; i < host.adapters.size() && i < kListed; ++i) {
      const spec::AdapterRegistry& a = host.adapters[i];
      out += "\n  " + a.subkey + (a.driver_desc.empty() ? "" : "  " + a.driver_desc);
    }
    if (host.adapters.size() > kListed) {
      out += "\n  ... and " + std::to_string(host.adapters.size() - kListed) + " more";
    }
    return out;
  };
  if (!subkey.empty()) {
    if (const spec::AdapterRegistry* a = host.FindAdapter(subkey)) return a;
    return InputError({host.origin, 0, 0},
                      "no adapter with subkey \"" + subkey + "\"; the file holds:" + listing());
  }
  if (host.adapters.size() == 1) return &host.adapters.front();
  return InputError({host.origin, 0, 0}, "holds " + std::to_string(host.adapters.size()) +
                                             " adapters; choose one with --adapter:" + listing());
}

}  // namespace vmqkit::cli
