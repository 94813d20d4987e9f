// `vmqkit hw registers [--markdown] [--profile 82599|large|scale]`: the hardware reference's
// register map, printed from the one table in hwref/register_map.cpp (docs/registers.md is its
// Markdown).
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "hwref/profile.h"
#include "hwref/register_docs.h"

namespace vmqkit::cli {

void RegisterHw(CLI::App& app, Outcome& outcome) {
  auto* hw = app.add_subcommand("hw", "The register-level hardware reference (an 82599-like NIC)");
  hw->require_subcommand(1);
  auto* registers = hw->add_subcommand("registers", "Print the register map");
  struct Options {
    bool markdown = false;
    std::string profile;
  };
  auto options = std::make_shared<Options>();
  std::vector<std::string> names;
  for (const hwref::Profile& p : hwref::kAllProfiles) names.emplace_back(p.name);
  registers->add_flag("--markdown", options->markdown,
                      "Print the Markdown of docs/registers.md (every profile unless --profile)");
  registers->add_option("--profile", options->profile, "Device profile (default 82599)")
      ->check(CLI::IsMember(names));
  registers->callback([&outcome, options] {
    const auto profile =
        hwref::ProfileByName(options->profile.empty() ? "82599" : options->profile);
    if (!profile) {  // unreachable after the IsMember check; kept so a bad name never crashes
      std::cerr << "vmqkit: " << ToString(profile.error()) << "\n";
      outcome.exit_code = kExitInputError;
      return;
    }
    if (options->markdown) {
      std::cout << (options->profile.empty() ? hwref::RegisterMapMarkdown()
                                             : hwref::RegisterMapMarkdown(std::span(&*profile, 1)));
    } else {
      std::cout << hwref::RegisterMapText(*profile);
    }
    outcome.exit_code = kExitOk;
  });
}

}  // namespace vmqkit::cli
