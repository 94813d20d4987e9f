#pragma once
// What a scenario run reports: one StepReport per step (a line for people, the model's result, the
// checks that held and those that did not) and its JSON form for `vmqkit replay --json`.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "formats/scenario.h"
#include "spec/vmq_model.h"

namespace vmqkit::formats {

struct StepReport {
  ScenarioStep step;
  std::string summary;                              // one line for humans
  std::optional<spec::StepResult> result;           // model steps
  std::optional<std::uint32_t> assigned_queue_id;   // ALLOCATE_QUEUE output
  std::optional<std::uint32_t> assigned_filter_id;  // SET_FILTER output
  std::vector<std::string> findings;                // checks that did not hold
  std::vector<std::string> notes;                   // what a check verified
};

struct ScenarioReport {
  std::string file;
  std::vector<StepReport> steps;
  std::size_t finding_count = 0;
};

// Pieces of the one-line summaries.
std::string OutcomeSet(const std::vector<spec::RouteOutcome>& outcomes);  // "{queue 1, drop}"
// " [queue 1 Allocated->Running] <status ...> <completes ...>"
std::string Transitions(const spec::StepResult& result);
std::string RejectionText(const spec::StepResult& result);  // " (ndis: rule: reason)" or ""
std::string FrameText(const spec::RouteResult& route);      // "dst 02:.. vlan 10"

nlohmann::json ToJson(const StepReport& report);
nlohmann::json ToJson(const spec::RouteResult& route);

// `vmqkit replay`'s report: the run step by step, rendered once for people (ToText) and once for
// programs (ToJson).
std::string ToText(const ScenarioReport& report);
nlohmann::json ToJson(const ScenarioReport& report);

}  // namespace vmqkit::formats
