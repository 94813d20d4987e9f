// `vmqkit route --scenario FILE --pcap CAPTURE [--adapter A] [--strict] [--json]`: runs the
// scenario's steps to set an adapter up, then prints for every frame of a capture the outcomes the
// model permits (or, with --strict, the recommended one).
#include <pcap/pcap.h>

#include <iostream>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "formats/route_report.h"
#include "formats/scenario.h"
#include "formats/scenario_runner.h"

namespace vmqkit::cli {
namespace {

struct RouteOptions {
  std::string scenario;
  std::string pcap;
  std::string adapter = "A";
  bool strict = false;
  bool json = false;
  bool allow_runts = false;
};

struct PcapCloser {
  void operator()(pcap_t* handle) const { pcap_close(handle); }
};

void RunRoute(const RouteOptions& options, Outcome& outcome) {
  auto fail = [&](const std::string& message) {
    std::cerr << "vmqkit route: " << message << "\n";
    outcome.exit_code = kExitInputError;
  };
  auto steps = formats::LoadScenario(options.scenario);
  if (!steps) return fail(ToString(steps.error()));
  formats::ScenarioRunner runner;
  std::size_t setup_findings = 0;
  for (const auto& step : *steps) {
    auto report = runner.Apply(step);
    if (!report) return fail(ToString(report.error()));
    setup_findings += report->findings.size();
  }
  const spec::VmqModel* model = runner.Find(options.adapter);
  if (model == nullptr) {
    return fail(options.scenario + ": the scenario configures no adapter \"" + options.adapter +
                "\"");
  }
  char error[PCAP_ERRBUF_SIZE] = {};
  std::unique_ptr<pcap_t, PcapCloser> capture(pcap_open_offline(options.pcap.c_str(), error));
  if (!capture) return fail(options.pcap + ": " + error);
  if (pcap_datalink(capture.get()) != DLT_EN10MB) {
    return fail(options.pcap + ": not an Ethernet capture (link type " +
                std::to_string(pcap_datalink(capture.get())) + ")");
  }
  spec::RouteState state;
  for (const auto& [id, queue] : model->queues()) state.queues[id] = spec::RouteQueue{queue.state};
  for (const auto& [id, filter] : model->filters()) {
    state.filters.push_back(spec::RouteFilter{id, filter.queue_id, filter.filter});
  }
  formats::RouteReport report{options.scenario, options.pcap, options.adapter, setup_findings, {}};
  pcap_pkthdr* header = nullptr;
  const u_char* data = nullptr;
  int status = 0;
  while ((status = pcap_next_ex(capture.get(), &header, &data)) == 1) {
    report.frames.push_back({report.frames.size() + 1, header->caplen, header->caplen < header->len,
                             spec::Route(state, ndis::ByteView(data, header->caplen),
                                         {.reject_runts = !options.allow_runts})});
  }
  if (status == PCAP_ERROR) {
    // The frames read before the error, as vmqkit printed them while reading.
    if (!options.json) std::cout << formats::FramesText(report, options.strict);
    return fail(options.pcap + ": " + pcap_geterr(capture.get()));
  }
  std::cout << (options.json ? formats::ToJson(report).dump(2) + "\n"
                             : formats::ToText(report, options.strict));
  outcome.exit_code = setup_findings == 0 ? kExitOk : kExitFinding;
}

}  // namespace

void RegisterRoute(CLI::App& app, Outcome& outcome) {
  auto options = std::make_shared<RouteOptions>();
  CLI::App* command = app.add_subcommand(
      "route", "Print the permitted receive outcomes of every frame of a capture after a scenario");
  command->add_option("--scenario", options->scenario, "scenario setting the adapter up (.jsonl)")
      ->required();
  command->add_option("--pcap", options->pcap, "Ethernet capture (pcap or pcapng)")->required();
  command->add_option("--adapter", options->adapter, "adapter of the scenario to route on (A)");
  command->add_flag("--strict", options->strict, "print only the recommended outcome");
  command->add_flag("--allow-runts", options->allow_runts,
                    "route frames shorter than 60 bytes (captures taken before padding)");
  command->add_flag("--json", options->json, "print one JSON document");
  command->callback([options, &outcome] { RunRoute(*options, outcome); });
}

}  // namespace vmqkit::cli
