// `vmqkit keywords [--markdown | --json]`: the keyword catalog, printed from the one table.
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "spec/keyword_catalog.h"
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
  cmd->add_flag("--json", options->json, "Print the catalog as one JSON document")->excludes(markdown);
  cmd->callback([&outcome, options] {
    if (options->markdown) {
      std::cout << spec::KeywordCatalogMarkdown();
    } else if (options->json) {
      std::cout << spec::KeywordCatalogJson().dump(2) << "\n";
    } else {
      for (const spec::KeywordSpec& k : spec::KeywordCatalog()) {
        std::cout << fmt::format("{:<24} {:<7} {:<5} default {:<6} NDIS {}+{}{}{}\n", k.name,
                                 spec::ToString(k.family), spec::ToString(k.type), k.default_value,
                                 ndis::ToString(k.since), k.hidden ? "  hidden" : "",
                                 k.reserved ? "  reserved" : "",
                                 k.obsolete_from ? "  obsolete from " + ndis::ToString(*k.obsolete_from)
                                                 : std::string());
      }
    }
    outcome.exit_code = kExitOk;
  });
}

}  // namespace vmqkit::cli
