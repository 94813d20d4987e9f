#pragma once
// The man page and the bash/zsh completion of `vmqkit`, rendered from the CLI's own option tables
// (the CLI11 app every subcommand registers into), so help, man page and completion cannot drift.
// `vmqkit generate-docs` (hidden) writes them at build time.
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace vmqkit::cli {

struct OptionDoc {
  std::vector<std::string> names;  // "-h", "--help"; a positional's name ("files")
  std::string value;               // "TEXT", "UINT"...; empty for a flag
  std::string description;
  bool positional = false;
};

struct CommandDoc {
  std::string name;  // "vmqkit" for the command itself, else the subcommand's name
  std::string description;
  std::string footer;
  std::vector<OptionDoc> options;
};

// The command itself first, then every visible subcommand in registration order. Hidden
// subcommands and options (empty group) are left out.
std::vector<CommandDoc> DescribeCli(const CLI::App& app);

std::string ManPage(const std::vector<CommandDoc>& commands, const std::string& version);
std::string BashCompletion(const std::vector<CommandDoc>& commands);
std::string ZshCompletion(const std::vector<CommandDoc>& commands);

}  // namespace vmqkit::cli
