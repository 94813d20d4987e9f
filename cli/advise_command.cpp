// `vmqkit advise`: the seed KB's fix computed: *RssBaseProcNumber / *MaxRssProcessors per adapter
// such that no two adapters overlap and the tuning rules hold (spec/processor_tuning.h).
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/cli_parsing.h"
#include "cli/commands.h"
#include "cli/processor_options.h"
#include "spec/solver/advisor.h"

namespace vmqkit::cli {
namespace {

struct AdviseOptions {
  HostOptions host;
  std::string format = "reg";
  bool maximize = false;
};

// PowerShell single-quoted string: a quote is written twice.
std::string PsQuote(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

void PrintReg(const std::vector<solver::AdapterAdvice>& advice, bool with_group) {
  // The seed KB's command, with the GUID's closing brace the KB text lacks (E-709).
  for (const solver::AdapterAdvice& a : advice) {
    for (const solver::AdvisedValue& v : solver::AdvisedValues(a, with_group)) {
      std::cout << spec::KbRegAddCommand(a.subkey, v.name, v.value) << "\n";
    }
  }
}

void PrintPowerShell(const std::vector<solver::AdapterAdvice>& advice,
                     const spec::HostDescription& host, bool with_group) {
  for (const solver::AdapterAdvice& a : advice) {
    const spec::AdapterInfo* info = host.Info(a.subkey);
    const spec::AdapterRegistry* reg = host.registry.FindAdapter(a.subkey);
    std::string who;
    if (info != nullptr && !info->name.empty()) {
      who = "-Name " + PsQuote(info->name);
    } else if (reg != nullptr && !reg->driver_desc.empty()) {
      who = "-InterfaceDescription " + PsQuote(reg->driver_desc);
    } else {
      std::cout << fmt::format(
          "# {}: no adapter name or DriverDesc known; give \"name\" in a JSON host description\n",
          a.subkey);
      continue;
    }
    std::cout << fmt::format(
        "Set-NetAdapterVmq {}{} -BaseProcessorNumber {} -MaxProcessors {}\n", who,
        with_group ? fmt::format(" -BaseProcessorGroup {}", a.keywords.base_group) : "",
        a.keywords.base_number, a.keywords.max_processors);
  }
}

nlohmann::json Indexes(const std::vector<spec::ProcessorNumber>& ps, const spec::HostTopology& t) {
  nlohmann::json out = nlohmann::json::array();
  for (const spec::ProcessorNumber& p : ps) out.push_back(t.IndexOf(p));
  return out;
}

void Run(const AdviseOptions& options, Outcome& outcome) {
  Result<LoadedHost> loaded = LoadHost(options.host);
  if (!loaded) {
    outcome.exit_code = ReportError(loaded.error());
    return;
  }
  const spec::HostDescription& host = loaded->description;
  const spec::HostTopology& t = loaded->topology;
  NoteAssumedTopology(*loaded, options.host);
  Result<solver::AdviceRequest> request = solver::MakeAdviceRequest(host, t, options.maximize);
  if (!request) {
    outcome.exit_code = ReportError(request.error());
    return;
  }
  const solver::AdviceOutcome advice = solver::Advise(*request);
  const bool json = options.format == "json";
  if (!advice.advice) {
    outcome.exit_code = kExitFinding;
    if (json) {
      nlohmann::json core = nlohmann::json::array();
      for (const solver::UnmetConstraint& c : advice.unsat_core) {
        core.push_back({{"id", c.id},
                        {"rule", spec::Describe(c.rule).id},
                        {"text", c.text},
                        {"source", spec::Describe(c.rule).source}});
      }
      std::cout << nlohmann::json{{"host", options.host.host},
                                  {"advice", nullptr},
                                  {"unsat_core", core}}
                       .dump(2)
                << "\n";
      return;
    }
    std::cerr << fmt::format(
        "vmqkit: no assignment meets every rule on {}; these cannot all hold "
        "(dropping any one makes the rest solvable):\n",
        spec::Describe(t));
    for (const solver::UnmetConstraint& c : advice.unsat_core) {
      std::cerr << fmt::format("  {}: {} [{}]\n", c.id, c.text, spec::Describe(c.rule).source);
    }
    return;
  }
  bool with_group = t.groups > 1;
  for (std::size_t i = 0; i < advice.advice->size(); ++i) {
    with_group = with_group ||
                 (*advice.advice)[i].keywords.base_group != request->adapters[i].current.base_group;
  }
  outcome.exit_code = kExitOk;
  if (options.format == "reg") {
    PrintReg(*advice.advice, with_group);
    std::cerr << "vmqkit: restart the host for the registry changes to take effect (KB 2681638)\n";
  } else if (options.format == "powershell") {
    PrintPowerShell(*advice.advice, host, with_group);
  } else {
    nlohmann::json adapters = nlohmann::json::array();
    for (std::size_t i = 0; i < advice.advice->size(); ++i) {
      const solver::AdapterAdvice& a = (*advice.advice)[i];
      nlohmann::json values = nlohmann::json::object();
      for (const solver::AdvisedValue& v : solver::AdvisedValues(a, true))
        values[std::string(v.name)] = v.value;
      adapters.push_back({{"subkey", a.subkey},
                          {"requested_processors", request->adapters[i].processors},
                          {"keywords", values},
                          {"processors", Indexes(a.set.processors, t)}});
    }
    std::cout << nlohmann::json{{"host", options.host.host},
                                {"topology",
                                 {{"groups", t.groups},
                                  {"lps_per_group", t.lps_per_group},
                                  {"smt", t.smt},
                                  {"numa_nodes", t.numa_nodes},
                                  {"assumed", loaded->topology_assumed}}},
                                {"maximize", options.maximize},
                                {"adapters", adapters}}
                     .dump(2)
              << "\n";
  }
}

std::string RulesHelp() {
  std::string text = "Rules the advice meets:";
  for (const spec::TuningRuleText& r : spec::TuningRules()) {
    text += fmt::format("\n  {}: {} [{}]", r.id, r.text, r.source);
  }
  return text;
}

}  // namespace

void RegisterAdvise(CLI::App& app, Outcome& outcome) {
  auto options = std::make_shared<AdviseOptions>();
  auto* cmd = app.add_subcommand(
      "advise", "Compute *RssBaseProcNumber / *MaxRssProcessors for every adapter without overlap");
  cmd->footer(RulesHelp());
  AddHostOptions(*cmd, options->host, true);
  cmd->add_option("--format", options->format,
                  "reg (the seed KB's reg add commands), powershell, json")
      ->check(CLI::IsMember({"reg", "powershell", "json"}))
      ->capture_default_str();
  cmd->add_flag("--maximize", options->maximize,
                "Give each adapter as many processors as the rules allow (at least its count)");
  cmd->callback([&outcome, options] { Run(*options, outcome); });
}

}  // namespace vmqkit::cli
