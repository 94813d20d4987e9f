#include "spec/solver/advice_report.h"

#include <fmt/format.h>

#include "spec/solver/overlap_report.h"

namespace vmqkit::solver {
namespace {

bool WritesGroup(const AdviceRequest& request, const AdviceOutcome& outcome) {
  bool with_group = request.topology.groups > 1;
  if (!outcome.advice) return with_group;
  for (std::size_t i = 0; i < outcome.advice->size(); ++i) {
    with_group = with_group ||
                 (*outcome.advice)[i].keywords.base_group != request.adapters[i].current.base_group;
  }
  return with_group;
}

nlohmann::json UnsatJson(const AdviceReport& report) {
  nlohmann::json core = nlohmann::json::array();
  for (const UnmetConstraint& c : report.outcome.unsat_core) {
    core.push_back({{"id", c.id},
                    {"rule", spec::Describe(c.rule).id},
                    {"text", c.text},
                    {"source", spec::Describe(c.rule).source}});
  }
  return {{"host", report.host_file}, {"advice", nullptr}, {"unsat_core", core}};
}

}  // namespace

Result<AdviceReport> MakeAdviceReport(const std::string& host_file, spec::HostDescription host,
                                      const spec::HostTopology& topology, bool topology_assumed,
                                      bool maximize) {
  Result<AdviceRequest> request = MakeAdviceRequest(host, topology, maximize);
  if (!request) return request.error();
  AdviceOutcome outcome = Advise(*request);
  const bool with_group = WritesGroup(*request, outcome);
  return AdviceReport{host_file,           std::move(host),    topology,  topology_assumed,
                      std::move(*request), std::move(outcome), with_group};
}

std::string ToRegCommands(const AdviceReport& report) {
  std::string out;
  if (!report.outcome.advice) return out;
  for (const AdapterAdvice& a : *report.outcome.advice) {
    out += "REM " + a.why + "\n";
    for (const AdvisedValue& v : AdvisedValues(a, report.with_group)) {
      out += spec::KbRegAddCommand(a.subkey, v.name, v.value) + "\n";
    }
  }
  return out;
}

std::string ToPowerShell(const AdviceReport& report) {
  std::string out;
  if (!report.outcome.advice) return out;
  for (const AdapterAdvice& a : *report.outcome.advice) {
    const spec::AdapterInfo* info = report.host.Info(a.subkey);
    const spec::AdapterRegistry* reg = report.host.registry.FindAdapter(a.subkey);
    std::string who;
    if (info != nullptr && !info->name.empty()) {
      who = "-Name " + spec::PowerShellQuote(info->name);
    } else if (reg != nullptr && !reg->driver_desc.empty()) {
      who = "-InterfaceDescription " + spec::PowerShellQuote(reg->driver_desc);
    } else {
      out += fmt::format(
          "# {}: no adapter name or DriverDesc known; give \"name\" in a JSON host description\n",
          a.subkey);
      continue;
    }
    out += "# " + a.why + "\n";
    out += fmt::format(
        "Set-NetAdapterVmq {}{} -BaseProcessorNumber {} -MaxProcessors {}\n", who,
        report.with_group ? fmt::format(" -BaseProcessorGroup {}", a.keywords.base_group) : "",
        a.keywords.base_number, a.keywords.max_processors);
  }
  return out;
}

std::string UnsatText(const AdviceReport& report) {
  std::string out = fmt::format(
      "vmqkit: no assignment meets every rule on {}; these cannot all hold "
      "(dropping any one makes the rest solvable):\n",
      spec::Describe(report.topology));
  for (const UnmetConstraint& c : report.outcome.unsat_core) {
    out += fmt::format("  {}: {} [{}]\n", c.id, c.text, spec::Describe(c.rule).source);
  }
  return out;
}

nlohmann::json ToJson(const AdviceReport& report) {
  if (!report.outcome.advice) return UnsatJson(report);
  nlohmann::json adapters = nlohmann::json::array();
  for (std::size_t i = 0; i < report.outcome.advice->size(); ++i) {
    const AdapterAdvice& a = (*report.outcome.advice)[i];
    nlohmann::json values = nlohmann::json::object();
    for (const AdvisedValue& v : AdvisedValues(a, true)) values[std::string(v.name)] = v.value;
    adapters.push_back({{"subkey", a.subkey},
                        {"requested_processors", report.request.adapters[i].processors},
                        {"keywords", values},
                        {"processors", IndexesJson(a.set.processors, report.topology)},
                        {"why", a.why}});
  }
  return {{"host", report.host_file},
          {"topology", TopologyJson(report.topology, report.topology_assumed)},
          {"maximize", report.request.maximize},
          {"numa_rule_dropped", report.outcome.numa_rule_dropped},
          {"adapters", adapters}};
}

}  // namespace vmqkit::solver
