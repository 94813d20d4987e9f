// `vmqkit generate-docs --man FILE --bash FILE --zsh FILE` (hidden): writes the man page and the
// shell completions from the command's own option tables (cli/cli_docs.h). The build runs it; the
// installed package ships what it wrote.
#include <fstream>
#include <iostream>
#include <memory>

#include "cli/cli_docs.h"
#include "cli/commands.h"
#include "vmqkit/version.h"

namespace vmqkit::cli {
namespace {

struct GenerateDocsArgs {
  std::string man;
  std::string bash;
  std::string zsh;
};

int Run(const CLI::App& app, const GenerateDocsArgs& args) {
  const std::vector<CommandDoc> commands = DescribeCli(app);
  const std::pair<const std::string*, std::string> files[] = {
      {&args.man, args.man.empty() ? "" : ManPage(commands, kVersion)},
      {&args.bash, args.bash.empty() ? "" : BashCompletion(commands)},
      {&args.zsh, args.zsh.empty() ? "" : ZshCompletion(commands)}};
  for (const auto& [path, text] : files) {
    if (path->empty()) continue;
    std::ofstream out(*path, std::ios::binary);
    out << text;
    if (!out) {
      std::cerr << "vmqkit generate-docs: " << *path << ": cannot write\n";
      return kExitInputError;
    }
  }
  return kExitOk;
}

}  // namespace

void RegisterGenerateDocs(CLI::App& app, Outcome& outcome) {
  auto args = std::make_shared<GenerateDocsArgs>();
  CLI::App* cmd = app.add_subcommand(
      "generate-docs", "Write the man page and shell completions (used by the build)");
  cmd->group("");  // hidden: not in --help, the man page or the completions
  cmd->add_option("--man", args->man, "write the man page (roff) to FILE");
  cmd->add_option("--bash", args->bash, "write the bash completion to FILE");
  cmd->add_option("--zsh", args->zsh, "write the zsh completion to FILE");
  cmd->callback([&app, args, &outcome] { outcome.exit_code = Run(app, *args); });
}

}  // namespace vmqkit::cli
