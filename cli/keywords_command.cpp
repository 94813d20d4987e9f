// `vmqkit keywords [--markdown | --json]`: the keyword catalog, printed from the one table.
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "spec/keyword_docs.h"

namespace vmqkit::cli {

void RegisterKeywords(CLI::App& app, Outcome& outcome) {
  auto* cmd = app.add_subcommand("keywords", "List the standardized INF keywords vmqkit knows");
  struct Options {
    bool markdown = false;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  auto* markdown = cmd->add_flag("--markdown", options->markdown,
                                 "Print the catalog as the Markdown of docs/keywords.md");
  cmd->add_flag("--json", options->json, "Print the catalog as one JSON document")
      ->excludes(markdown);
  cmd->callback([&outcome, options] {
    if (options->markdown) {
      std::cout << spec::KeywordCatalogMarkdown();
    } else if (options->json) {
      std::cout << spec::KeywordCatalogJson().dump(2) << "\n";
    } else {
      std::cout << spec::KeywordCatalogText();
    }
    outcome.exit_code = kExitOk;
  });
}

}  // namespace vmqkit::cli
