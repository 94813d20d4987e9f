// The vmqkit command: argument parsing and output only; logic lives in the libraries.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.h"
#include "cli/installation.h"

int main(int argc, char** argv) {
  CLI::App app{"vmqkit: executable specification and conformance suite for NDIS VMQ"};
  app.set_version_flag("--version", vmqkit::cli::VersionText(),
                       "version, git commit, DUT ABI and NDIS versions");
  app.require_subcommand(1);
  vmqkit::cli::Outcome outcome;
  vmqkit::cli::RegisterCommands(app, outcome);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return 0;
  } catch (const CLI::CallForAllHelp&) {
    std::cout << app.help("", CLI::AppFormatMode::All);
    return 0;
  } catch (const CLI::CallForVersion&) {
    std::cout << app.version() << "\n";
    return 0;
  } catch (const CLI::ParseError& e) {
    // Every usage error exits 2 (docs/cli.md), whatever CLI11's own code for it is.
    std::cerr << "vmqkit: " << e.what() << "\n";
    if (argc < 2) std::cerr << "run 'vmqkit --help' for the subcommands\n";
    return vmqkit::cli::kExitInputError;
  }
  return outcome.exit_code;
}
