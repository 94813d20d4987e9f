// `vmqkit advertise`: which receive interface a miniport advertises for a registry.
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/cli_parsing.h"
#include "cli/commands.h"
#include "formats/host_registry.h"
#include "spec/advertise_report.h"
#include "spec/advertise_rules.h"

namespace vmqkit::cli {
namespace {

struct AdvertiseOptions {
  std::string registry;
  std::string adapter;
  std::string ndis = "6.30";
  std::string hw;  // empty: cli::DefaultHardware(--ndis)
  std::string os;  // empty: the first Windows Server release of --ndis
  std::string link_speed = "10G";
  bool json = false;
  bool rules = false;
};

}  // namespace

void RegisterAdvertise(CLI::App& app, Outcome& outcome) {
  auto options = std::make_shared<AdvertiseOptions>();
  auto* cmd = app.add_subcommand(
      "advertise", "Decide which receive interface (RSS, VMQ, SR-IOV, none) a miniport advertises");
  CLI::Option* registry =
      cmd->add_option("--registry", options->registry,
                      "A .reg export (UTF-16LE or UTF-8) or a JSON registry ({\"*VMQ\": \"1\"}); "
                      "required unless --rules");
  cmd->add_option("--adapter", options->adapter,
                  "The adapter's 4-digit subkey, required when the file holds several");
  cmd->add_option("--ndis", options->ndis,
                  "NDIS version of the miniport (6.20, 6.30, 6.50, 6.80, ...)")
      ->capture_default_str();
  cmd->add_option("--hw", options->hw,
                  "What the hardware has: comma-separated rss,vmq,sriov,vlan (VLAN-id "
                  "filtering),split (lookahead split), or none; default rss,vmq,vlan on NDIS "
                  "6.20, rss,vmq,sriov,vlan from 6.30 (SR-IOV is NDIS 6.30+)");
  cmd->add_option("--os", options->os,
                  "Windows Server release the miniport runs on: 2008r2|2012|2012r2|2016|2019|2022; "
                  "default: the first release of --ndis (6.20 2008r2, 6.30 2012, 6.40 2012r2, "
                  "6.50-6.60 2016, 6.70-6.82 2019, later 2022)");
  cmd->add_option("--supported-speed,--link-speed", options->link_speed,
                  "The fastest speed the adapter supports (VMSMP's TenGig/BelowTenGig values key "
                  "on it): 1G, 10G, 25G, 100M or bits/s")
      ->capture_default_str();
  cmd->add_flag("--json", options->json, "Print one JSON object");
  cmd->add_flag("--rules", options->rules,
                "Print the must-read / must-not-read rules table (the Markdown of "
                "docs/advertise-rules.md; with --json, JSON)");
  cmd->callback([&outcome, options, registry] {
    if (options->rules) {
      std::cout << (options->json ? spec::AdvertiseReadRulesJson().dump(2) + "\n"
                                  : spec::AdvertiseReadRulesMarkdown());
      outcome.exit_code = kExitOk;
      return;
    }
    // Checked here, not by CLI11, so that --rules needs no registry; the same message either way.
    if (registry->count() == 0) throw CLI::RequiredError("--registry");
    Result<spec::AdvertiseInput> input =
        ParseAdvertiseInput(options->ndis, options->hw, options->link_speed, options->os);
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
    const spec::AdvertiseReport report =
        spec::MakeAdvertiseReport(options->registry, **adapter, *input, host->vmsmp_parameters);
    std::cout << (options->json ? spec::ToJson(report).dump(2) + "\n" : spec::ToText(report));
    outcome.exit_code = kExitOk;
  });
}

}  // namespace vmqkit::cli
