#pragma once
// Parsing and reporting shared by the subcommands: option values, adapter selection, errors.
#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"
#include "spec/advertise.h"
#include "spec/registry.h"

namespace vmqkit::cli {

// Prints "vmqkit: file:line:col: message" on stderr; returns the exit code for it (2).
int ReportError(const Error& error);

// "10G", "1G", "100M", "25g", "2.5G" or plain bits per second.
Result<std::uint64_t> ParseLinkSpeed(std::string_view text);

// "rss,vmq,sriov,vlan,split" (any order, any subset: what the hardware has) or "none".
Result<spec::HardwareSupport> ParseHardware(std::string_view text);
// What `--hw` means when it is not given: RSS, VMQ with VLAN-id filtering, and SR-IOV from NDIS
// 6.30 (the SR-IOV interface is an NDIS 6.30 one).
std::string DefaultHardware(ndis::NdisVersion version);

// `hw` and `os` empty: their defaults for the version (DefaultHardware,
// spec::DefaultWindowsServer).
Result<spec::AdvertiseInput> ParseAdvertiseInput(std::string_view ndis, std::string_view hw,
                                                 std::string_view supported_speed,
                                                 std::string_view os = {});

// The adapter named by `subkey`, or the only one; several without a choice is a usage error that
// lists them.
Result<const spec::AdapterRegistry*> SelectAdapter(const spec::HostRegistry& host,
                                                   const std::string& subkey);

}  // namespace vmqkit::cli
