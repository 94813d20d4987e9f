// `vmqkit advertise`: which receive interface a miniport advertises for a registry.
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/cli_parsing.h"
#include "cli/commands.h"
#include "formats/host_registry.h"
#include "spec/advertise.h"

namespace vmqkit::cli {
namespace {

struct AdvertiseOptions {
  std::string registry;
  std::string adapter;
  std::string ndis = "6.30";
  std::string hw = "rss,vmq,sriov";
  std::string link_speed = "10G";
  bool json = false;
};

std::string_view OriginText(spec::ValueOrigin origin) {
  switch (origin) {
    case spec::ValueOrigin::kRegistry: return "registry";
    case spec::ValueOrigin::kDefault: return "default";
    case spec::ValueOrigin::kIgnored: return "invalid value ignored, default";
  }
  return "?";
}

nlohmann::json ToJson(const spec::AdvertiseDecision& d, const spec::AdapterRegistry& adapter,
                      const spec::AdvertiseInput& input) {
  nlohmann::json permitted = nlohmann::json::array();
  for (spec::ReceiveInterface i : d.permitted) permitted.push_back(spec::ToString(i));
  nlohmann::json readings = nlohmann::json::array();
  for (const spec::KeywordReading& r : d.readings) {
    readings.push_back(
        {{"keyword", r.spec->name}, {"value", r.value}, {"origin", OriginText(r.origin)}});
  }
  nlohmann::json diagnostics = nlohmann::json::array();
  for (const spec::Diagnostic& x : d.diagnostics) {
    diagnostics.push_back({{"keyword", x.keyword},
                           {"message", x.message},
                           {"severity", spec::ToString(x.severity)},
                           {"where", ToString(x.pos)}});
  }
  return {{"adapter", {{"subkey", adapter.subkey}, {"driver_desc", adapter.driver_desc}}},
          {"input",
           {{"ndis", ndis::ToString(input.ndis)},
            {"link_speed_bps", input.link_speed_bps},
            {"hardware",
             {{"rss", input.hardware.rss}, {"vmq", input.hardware.vmq}, {"sriov", input.hardware.sriov}}}}},
          {"preference", spec::ToString(d.preference)},
          {"interface", spec::ToString(d.interface)},
          {"permitted_interfaces", permitted},
          {"row", d.row},
          {"documented_row", d.documented_row},
          {"must_read", d.must_read},
          {"must_not_read", d.must_not_read},
          {"readings", readings},
          {"vmq_vlan_filtering", d.vmq_vlan_filtering},
          {"vmq_lookahead_split", d.vmq_lookahead_split},
          {"vswitch_uses_vmq", d.vswitch_uses_vmq},
          {"diagnostics", diagnostics}};
}

std::string Joined(const std::vector<std::string>& names) {
  return names.empty() ? "(none)" : fmt::format("{}", fmt::join(names, " "));
}

void PrintText(const spec::AdvertiseDecision& d, const spec::AdapterRegistry& adapter,
               const spec::AdvertiseInput& input, const std::string& file) {
  std::cout << fmt::format("adapter {}{} in {}\n", adapter.subkey.empty() ? "(unnamed)" : adapter.subkey,
                           adapter.driver_desc.empty() ? "" : " (" + adapter.driver_desc + ")", file);
  std::cout << fmt::format("input: hardware {}, NDIS {}, link {}\n", FormatHardware(input.hardware),
                           ndis::ToString(input.ndis), FormatLinkSpeed(input.link_speed_bps));
  std::cout << fmt::format("preference: {}\n", spec::ToString(d.preference));
  std::cout << fmt::format("advertised interface: {}  (row {}{})\n", spec::ToString(d.interface),
                           d.row, d.documented_row ? "" : ", an errata decision");
  if (d.permitted.size() > 1) {
    std::vector<std::string> names;
    for (spec::ReceiveInterface i : d.permitted) names.emplace_back(spec::ToString(i));
    std::cout << fmt::format("permitted by the sources: {}\n", Joined(names));
  }
  for (const spec::KeywordReading& r : d.readings) {
    std::cout << fmt::format("  {:<22} = {:<6} ({})\n", r.spec->name, r.value, OriginText(r.origin));
  }
  std::cout << fmt::format("must read:     {}\n", Joined(d.must_read));
  std::cout << fmt::format("must not read: {}\n", Joined(d.must_not_read));
  if (spec::UsesVmq(d.interface)) {
    std::cout << fmt::format("current VMQ settings: VLAN filtering {}, lookahead split {}\n",
                             d.vmq_vlan_filtering ? "on" : "off", d.vmq_lookahead_split ? "on" : "off");
  }
  std::cout << fmt::format("Hyper-V switch uses VMQ: {}\n", d.vswitch_uses_vmq ? "yes" : "no");
  for (const spec::Diagnostic& x : d.diagnostics) {
    const std::string where = ToString(x.pos);
    std::cout << fmt::format("{}{}: [{}] {}\n", where.empty() ? "" : where + ": ",
                             spec::ToString(x.severity), x.keyword, x.message);
  }
}

}  // namespace

void RegisterAdvertise(CLI::App& app, Outcome& outcome) {
  auto options = std::make_shared<AdvertiseOptions>();
  auto* cmd = app.add_subcommand(
      "advertise", "Decide which receive interface (RSS, VMQ, SR-IOV, none) a miniport advertises");
  cmd->add_option("--registry", options->registry,
                  "A .reg export (UTF-16LE or UTF-8) or a JSON registry ({\"*VMQ\": \"1\"})")
      ->required();
  cmd->add_option("--adapter", options->adapter,
                  "The adapter's 4-digit subkey, required when the file holds several");
  cmd->add_option("--ndis", options->ndis, "NDIS version of the miniport (6.20, 6.30, 6.50, 6.80, ...)")
      ->capture_default_str();
  cmd->add_option("--hw", options->hw,
                  "What the hardware supports: comma-separated rss,vmq,sriov, or none")
      ->capture_default_str();
  cmd->add_option("--link-speed", options->link_speed, "Link speed: 1G, 10G, 25G, 100M or bits/s")
      ->capture_default_str();
  cmd->add_flag("--json", options->json, "Print one JSON object");
  cmd->callback([&outcome, options] {
    Result<spec::AdvertiseInput> input = ParseAdvertiseInput(options->ndis, options->hw, options->link_speed);
    if (!input) {
      outcome.exit_code = ReportError(input.error());
      return;
    }
    Result<spec::HostRegistry> host = formats::LoadHostRegistry(options->registry);
    if (!host) {
      outcome.exit_code = ReportError(host.error());
      return;
    }
    Result<const spec::AdapterRegistry*> adapter = SelectAdapter(*host, options->adapter);
    if (!adapter) {
      outcome.exit_code = ReportError(adapter.error());
      return;
    }
    const spec::AdvertiseDecision decision =
        spec::DecideAdvertisement(*input, (*adapter)->key, host->vmsmp_parameters);
    if (options->json) {
      std::cout << ToJson(decision, **adapter, *input).dump(2) << "\n";
    } else {
      PrintText(decision, **adapter, *input, options->registry);
    }
    outcome.exit_code = kExitOk;
  });
}

}  // namespace vmqkit::cli
