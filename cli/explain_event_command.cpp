// `vmqkit explain-event FILE|-`: Event 106 (VMQ processor sets of an LBFO team) explained with the
// diagnosis rule it reports and the fix KB 2974384 gives.
#include <iostream>
#include <iterator>
#include <memory>

#include <nlohmann/json.hpp>

#include "admin/event_text.h"
#include "base/text_encoding.h"
#include "cli/cli_parsing.h"
#include "cli/commands.h"

namespace vmqkit::cli {
namespace {

struct ExplainOptions {
  std::string file;
  bool json = false;
};

void Run(const ExplainOptions& options, Outcome& outcome) {
  Result<std::string> bytes = std::string();
  if (options.file == "-") {
    bytes = std::string(std::istreambuf_iterator<char>(std::cin), {});
  } else {
    bytes = ReadFileBytes(options.file, 16u << 20);
  }
  if (!bytes) {
    outcome.exit_code = ReportError(bytes.error());
    return;
  }
  const std::string name = options.file == "-" ? "<stdin>" : options.file;
  Result<std::string> text = DecodeWindowsText(*bytes, name);
  if (!text) {
    outcome.exit_code = ReportError(text.error());
    return;
  }
  Result<std::vector<admin::ExplainedEvent>> events = admin::ExplainEvents(*text, name);
  if (!events) {
    outcome.exit_code = ReportError(events.error());
    return;
  }
  if (options.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const admin::ExplainedEvent& e : *events) {
      const admin::RuleText& rule = admin::Describe(e.reason->rule);
      out.push_back({{"line", e.where.line},
                     {"event_id", e.event_id},
                     {"team", e.team},
                     {"switch", e.switch_name},
                     {"reason", e.reason->quote},
                     {"rule", rule.id},
                     {"source", rule.source},
                     {"fix", e.reason->fix}});
    }
    std::cout << out.dump(2) << "\n";
  } else {
    std::cout << admin::ToText(*events);
  }
  outcome.exit_code = kExitFinding;
}

}  // namespace

void RegisterExplainEvent(CLI::App& app, Outcome& outcome) {
  auto options = std::make_shared<ExplainOptions>();
  auto* cmd = app.add_subcommand(
      "explain-event",
      "Explain Event 106 (VMQ processor sets of an LBFO team): the rule it reports and the fix "
      "(exit 1 when the text holds such an event, 2 when it holds none)");
  cmd->add_option("file", options->file,
                  "The event text (Event Viewer copy, Get-WinEvent), - for stdin")
      ->required();
  cmd->add_flag("--json", options->json, "Print one JSON array");
  cmd->callback([&outcome, options] { Run(*options, outcome); });
}

}  // namespace vmqkit::cli
