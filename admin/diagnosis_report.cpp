#include "admin/diagnosis_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "spec/processor_tuning.h"

namespace vmqkit::admin {
namespace {

std::string_view SeverityName(Severity s) {
  return s == Severity::kProblem ? "problem" : "advice";
}

bool IsSubkey(const std::string& s) {
  return s.size() == 4 && std::all_of(s.begin(), s.end(), [](char c) {
           return std::isdigit(static_cast<unsigned char>(c)) != 0;
         });
}

const formats::PsAdapter* RecordOf(const std::optional<formats::AdminHost>& admin,
                                   const std::string& subkey) {
  if (!admin) return nullptr;
  for (const formats::PsAdapter& a : admin->adapters) {
    if (a.subkey == subkey || (a.subkey.empty() && a.name == subkey)) return &a;
  }
  return nullptr;
}

// The registry after the fix, as ApplyAdvice writes it.
spec::HostRegistry FixedRegistry(const Diagnosis& d) {
  spec::HostRegistry registry = d.fix->host.registry;
  solver::ApplyAdvice(*d.fix->outcome.advice, registry);
  return registry;
}

}  // namespace

std::vector<std::string> FixRegLines(const Diagnosis& d) {
  const std::optional<formats::AdminHost>& admin = d.admin;
  std::vector<std::string> out;
  if (!d.fix || !d.fix->outcome.advice) return out;
  for (const solver::AdapterAdvice& a : *d.fix->outcome.advice) {
    std::string subkey = a.subkey;
    if (!IsSubkey(subkey)) {
      const formats::PsAdapter* r = RecordOf(admin, a.subkey);
      out.push_back(fmt::format(
          "REM {}: replace ID with the adapter's subkey under the class key (the one whose "
          "DriverDesc is \"{}\")",
          r ? r->name : a.subkey, r ? r->interface_description : ""));
      subkey = "ID";
    }
    for (const solver::AdvisedValue& v : solver::AdvisedValues(a, d.fix->with_group)) {
      out.push_back(spec::KbRegAddCommand(subkey, v.name, v.value));
    }
  }
  return out;
}

std::vector<std::string> FixPowerShellLines(const Diagnosis& d) {
  const std::optional<formats::AdminHost>& admin = d.admin;
  std::vector<std::string> out;
  if (!d.fix || !d.fix->outcome.advice) return out;
  for (const solver::AdapterAdvice& a : *d.fix->outcome.advice) {
    const formats::PsAdapter* r = RecordOf(admin, a.subkey);
    const spec::AdapterInfo* info = d.fix->host.Info(a.subkey);
    const spec::AdapterRegistry* reg = d.fix->host.registry.FindAdapter(a.subkey);
    std::string who;
    if (info != nullptr && !info->name.empty()) {
      who = "-Name " + spec::PowerShellQuote(info->name);
    } else if (reg != nullptr && !reg->driver_desc.empty()) {
      who = "-InterfaceDescription " + spec::PowerShellQuote(reg->driver_desc);
    } else {
      out.push_back(fmt::format("# {}: no adapter name known", a.subkey));
      continue;
    }
    // An adapter only Get-NetAdapterRss lists is set with Set-NetAdapterRss; the rest with
    // Set-NetAdapterVmq (the same keywords, [PSD] Set-NetAdapterVmq / Set-NetAdapterRss).
    const bool rss = r != nullptr && !r->from_vmq;
    out.push_back(fmt::format(
        "{} {}{} -BaseProcessorNumber {} -MaxProcessors {}",
        rss ? "Set-NetAdapterRss" : "Set-NetAdapterVmq", who,
        d.fix->with_group ? fmt::format(" -BaseProcessorGroup {}", a.keywords.base_group) : "",
        a.keywords.base_number, a.keywords.max_processors));
  }
  return out;
}

nlohmann::json FixedHostJson(const Diagnosis& d) {
  if (!d.fix || !d.fix->outcome.advice) return nullptr;
  const spec::HostRegistry registry = FixedRegistry(d);
  nlohmann::json adapters = nlohmann::json::object();
  for (const spec::AdapterKeywords& k : spec::ReadAdapterKeywords(registry)) {
    nlohmann::json values = {{"*RssBaseProcGroup", k.keywords.base_group},
                             {"*RssBaseProcNumber", k.keywords.base_number},
                             {"*MaxRssProcessors", k.keywords.max_processors}};
    if (k.keywords.max) {
      values["*RssMaxProcGroup"] = k.keywords.max->group;
      values["*RssMaxProcNumber"] = k.keywords.max->number;
    }
    if (k.keywords.numa_node != 65535) values["*NumaNodeId"] = k.keywords.numa_node;
    nlohmann::json adapter = {{"registry", values}};
    const spec::AdapterInfo* info = d.fix->host.Info(k.subkey);
    if (info != nullptr && !info->name.empty()) adapter["name"] = info->name;
    adapters[k.subkey] = adapter;
  }
  nlohmann::json teams = nlohmann::json::array();
  for (const spec::Team& t : d.fix->host.teams) {
    teams.push_back({{"name", t.name}, {"mode", spec::ToString(t.mode)}, {"members", t.members}});
  }
  nlohmann::json out = {{"topology",
                         {{"groups", d.topology.groups},
                          {"lps_per_group", d.topology.lps_per_group},
                          {"smt", d.topology.smt},
                          {"numa_nodes", d.topology.numa_nodes}}},
                        {"adapters", adapters}};
  if (!teams.empty()) out["teams"] = teams;
  return out;
}

std::string ToText(const Diagnosis& d) {
  std::string out = solver::ToText(d.overlap);
  for (const Finding& f : d.findings) {
    const RuleText& r = Describe(f.rule);
    out += fmt::format("{} [{}]: {}\n    rule: {}\n    source: {}\n", SeverityName(r.severity),
                       r.id, f.detail, r.text, r.source);
  }
  if (d.ok()) {
    out += "no problems found\n";
    return out;
  }
  if (d.fix && !d.fix->outcome.advice) {
    out += solver::UnsatText(*d.fix);
    return out;
  }
  out += "fix: the KB's registry values (reg add; restart the host for them to take effect):\n";
  for (const std::string& line : FixRegLines(d)) out += "  " + line + "\n";
  out += "fix: the same with PowerShell:\n";
  for (const std::string& line : FixPowerShellLines(d)) out += "  " + line + "\n";
  out += "fix: as a host description for `vmqkit overlap --host FILE`: diagnose --write-fix FILE\n";
  return out;
}

nlohmann::json ToJson(const Diagnosis& d) {
  nlohmann::json findings = nlohmann::json::array();
  for (const Finding& f : d.findings) {
    const RuleText& r = Describe(f.rule);
    findings.push_back({{"rule", r.id},
                        {"severity", SeverityName(r.severity)},
                        {"adapters", f.adapters},
                        {"detail", f.detail},
                        {"text", r.text},
                        {"source", r.source}});
  }
  nlohmann::json out = {{"host", d.host},
                        {"ok", d.ok()},
                        {"overlap", solver::ToJson(d.overlap)},
                        {"findings", findings}};
  if (d.fix) {
    out["fix"] = {{"advice", solver::ToJson(*d.fix)},
                  {"reg", FixRegLines(d)},
                  {"powershell", FixPowerShellLines(d)},
                  {"host", FixedHostJson(d)}};
  }
  return out;
}

}  // namespace vmqkit::admin
