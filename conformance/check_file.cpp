#include "conformance/check_file.h"

#include <algorithm>
#include <array>

#include "base/text_encoding.h"
#include "conformance/engine.h"
#include "spec/advertise.h"

namespace vmqkit::conformance {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 5> kCheckSteps = {"check", "run", "repeat", "decision-table",
                                                         "compare-runs"};
constexpr std::array<std::string_view, 5> kRepeatable = {"oid", "rx", "return", "expect", "status"};
constexpr std::array<std::string_view, 7> kHeaderFields = {"step",   "name",   "suite", "rule",
                                                           "source", "onlyif", "skipif"};

// The capabilities a condition can name, as the model reads them from capabilities.
struct CapabilityName {
  std::string_view name;
  bool spec::VmqHardware::*member;
};
constexpr CapabilityName kCapabilities[] = {
    {"vlan_id_filtering", &spec::VmqHardware::vlan_id_filtering},
    {"lookahead_split", &spec::VmqHardware::lookahead_split},
    {"dynamic_affinity", &spec::VmqHardware::dynamic_affinity},
    {"interrupt_coalescing", &spec::VmqHardware::interrupt_coalescing},
    {"msi_x", &spec::VmqHardware::msi_x},
};

template <std::size_t N>
bool Contains(const std::array<std::string_view, N>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

Result<std::string> Text(const json& body, const SourcePos& pos, const char* key) {
  const auto it = body.find(key);
  if (it == body.end() || !it->is_string() || it->get<std::string>().empty())
    return InputError(pos, std::string("the check header needs \"") + key + "\": \"...\"");
  return it->get<std::string>();
}

Result<Condition> ParseCondition(const json& value, const SourcePos& pos) {
  if (!value.is_string()) return InputError(pos, "a condition must be a string");
  Condition c;
  c.text = value.get<std::string>();
  for (auto [prefix, kind] : {std::pair{"ndis>=", Condition::Kind::kNdisAtLeast},
                              std::pair{"ndis<", Condition::Kind::kNdisBelow}}) {
    const std::string_view p = prefix;
    if (c.text.rfind(p, 0) != 0) continue;
    auto version = ndis::ParseNdisVersion(c.text.substr(p.size()));
    if (!version) return InputError(pos, "condition \"" + c.text + "\": not an NDIS version");
    c.kind = kind;
    c.version = *version;
    return c;
  }
  const bool known = std::any_of(std::begin(kCapabilities), std::end(kCapabilities),
                                 [&](const CapabilityName& n) { return n.name == c.text; });
  if (!known) {
    return InputError(pos, "condition \"" + c.text +
                               "\": use ndis>=V, ndis<V, vlan_id_filtering, lookahead_split, "
                               "dynamic_affinity, interrupt_coalescing or msi_x");
  }
  c.capability = c.text;
  return c;
}

Result<std::vector<Condition>> Conditions(const json& body, const SourcePos& pos, const char* key) {
  std::vector<Condition> out;
  const auto it = body.find(key);
  if (it == body.end()) return out;
  if (!it->is_array()) return InputError(pos, std::string("\"") + key + "\" must be an array");
  for (const auto& value : *it) {
    auto c = ParseCondition(value, pos);
    if (!c) return c.error();
    out.push_back(std::move(*c));
  }
  return out;
}

Result<CheckHeader> ParseHeader(const json& body, const SourcePos& pos) {
  for (const auto& item : body.items()) {
    if (!Contains(kHeaderFields, item.key()))
      return InputError(pos, "the check header has no field \"" + item.key() + "\"");
  }
  CheckHeader h;
  h.pos = pos;
  for (auto [key, out] : {std::pair{"name", &h.name}, std::pair{"suite", &h.suite},
                          std::pair{"rule", &h.rule}, std::pair{"source", &h.source}}) {
    auto text = Text(body, pos, key);
    if (!text) return text.error();
    *out = std::move(*text);
  }
  auto onlyif = Conditions(body, pos, "onlyif");
  if (!onlyif) return onlyif.error();
  auto skipif = Conditions(body, pos, "skipif");
  if (!skipif) return skipif.error();
  h.onlyif = std::move(*onlyif);
  h.skipif = std::move(*skipif);
  return h;
}

// The check-file steps are checked when the file loads, so a mistake names its line before
// anything runs.
Result<bool> CheckStepFields(const formats::ScenarioStep& step) {
  const json& b = step.body;
  if (step.kind == "run") {
    if (b.contains("label") && !b["label"].is_string())
      return InputError(step.pos, "\"label\" must be a string");
  } else if (step.kind == "repeat") {
    const auto count = b.find("count");
    if (count == b.end() || !(count->is_number_unsigned() || count->is_string()))
      return InputError(step.pos, "a repeat needs \"count\": a number or \"${expression}\"");
    const auto steps = b.find("steps");
    if (steps == b.end() || !steps->is_array() || steps->empty())
      return InputError(step.pos, "a repeat needs \"steps\": [{...}, ...]");
    for (const auto& inner : *steps) {
      if (!inner.is_object() || !inner.contains("step") || !inner["step"].is_string() ||
          !Contains(kRepeatable, inner["step"].get<std::string>()))
        return InputError(step.pos, "a repeated step must be an oid, rx, return, expect or status");
    }
  } else if (step.kind == "decision-table") {
    const std::string table = b.value("table", "");
    if (table != "rss-vmq" && table != "sriov-vmq-rss")
      return InputError(step.pos, "\"table\" must be \"rss-vmq\" or \"sriov-vmq-rss\"");
    const auto versions = b.find("ndis");
    if (versions == b.end() || !versions->is_array() || versions->empty())
      return InputError(step.pos, "a decision-table step needs \"ndis\": [\"6.30\", ...]");
    for (const auto& v : *versions) {
      if (!v.is_string() || !ndis::ParseNdisVersion(v.get<std::string>()))
        return InputError(step.pos, "\"ndis\": " + v.dump() + " is not an NDIS version");
    }
  } else if (step.kind == "compare-runs") {
    if (b.value("capabilities", "") != "hardware")
      return InputError(step.pos, "compare-runs compares \"capabilities\": \"hardware\"");
  } else if (step.kind == "check") {
    return InputError(step.pos, "the check header must be the first step of the file");
  }
  return true;
}

}  // namespace

bool IsCheckStep(std::string_view kind) {
  return Contains(kCheckSteps, kind);
}

Result<CheckFile> ParseCheckFile(std::string_view text, const std::string& file) {
  // The check-file steps are taken out (blank lines keep the numbering) and the rest is read as
  // a scenario, so both kinds of line keep their file:line:column.
  std::string scenario(text);
  std::vector<formats::ScenarioStep> own;
  std::size_t start = 0;
  for (std::uint32_t line = 1; start <= scenario.size(); ++line) {
    std::size_t end = scenario.find('\n', start);
    if (end == std::string::npos) end = scenario.size();
    const std::string_view content = std::string_view(scenario).substr(start, end - start);
    const std::size_t first = content.find_first_not_of(" \t");
    json body = json::parse(content, nullptr, false);
    if (first != std::string_view::npos && body.is_object() && body.contains("step") &&
        body["step"].is_string() && IsCheckStep(body["step"].get<std::string>())) {
      const std::string kind = body["step"].get<std::string>();
      const std::string adapter = body.value("adapter", "A");
      own.push_back(
          {{file, line, static_cast<std::uint32_t>(first + 1)}, kind, adapter, std::move(body)});
      std::fill(scenario.begin() + static_cast<std::ptrdiff_t>(start),
                scenario.begin() + static_cast<std::ptrdiff_t>(end), ' ');
    }
    start = end + 1;
  }
  auto steps = formats::ParseScenario(scenario, file);
  if (!steps) return steps.error();
  CheckFile out;
  out.file = file;
  out.steps = std::move(*steps);
  const std::uint32_t first_scenario_line = out.steps.empty() ? ~0u : out.steps.front().pos.line;
  for (auto& step : own) {
    if (step.kind == "check" && &step == &own.front() && step.pos.line < first_scenario_line) {
      auto header = ParseHeader(step.body, step.pos);
      if (!header) return header.error();
      out.header = std::move(*header);
      continue;
    }
    auto ok = CheckStepFields(step);
    if (!ok) return ok.error();
    out.steps.push_back(std::move(step));
  }
  std::stable_sort(out.steps.begin(), out.steps.end(),
                   [](const formats::ScenarioStep& a, const formats::ScenarioStep& b) {
                     return a.pos.line < b.pos.line;
                   });
  return out;
}

Result<CheckFile> LoadCheckFile(const std::string& path) {
  auto bytes = ReadFileBytes(path, 64u << 20);
  if (!bytes) return bytes.error();
  return ParseCheckFile(*bytes, path);
}

std::optional<std::string> NotApplicable(const CheckHeader& header, const std::string& adapter,
                                         const spec::VmqModel& model) {
  const ndis::NdisVersion version = model.config().version;
  const spec::VmqHardware advertised = HardwareFrom(model.capabilities().current);
  auto holds = [&](const Condition& c) {
    switch (c.kind) {
      case Condition::Kind::kNdisAtLeast:
        return version >= c.version;
      case Condition::Kind::kNdisBelow:
        return version < c.version;
      case Condition::Kind::kCapability:
        break;
    }
    const auto* entry =
        std::find_if(std::begin(kCapabilities), std::end(kCapabilities),
                     [&](const CapabilityName& n) { return n.name == c.capability; });
    return entry != std::end(kCapabilities) && advertised.*entry->member;
  };
  for (const Condition& c : header.onlyif) {
    if (!holds(c)) return "onlyif " + c.text + " does not hold for adapter " + adapter;
  }
  for (const Condition& c : header.skipif) {
    if (holds(c)) return "skipif " + c.text + " holds for adapter " + adapter;
  }
  return std::nullopt;
}

}  // namespace vmqkit::conformance
