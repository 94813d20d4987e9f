#include "admin/event_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

#include "base/text.h"

namespace vmqkit::admin {
namespace {

constexpr std::string_view kKb2974384 =
    "KB 2974384 \"Event ID 106 when a Hyper-V virtual switch is bound to an LBFO team\"";

// The reasons as KB 2974384 (en-us) quotes them; matched without regard to case.
const std::vector<EventReason>& Reasons() {
  static const std::vector<EventReason> reasons{
      {"The processor sets overlap when LBFO is configured with sum-queue mode",
       Rule::kSumOfQueuesDisjoint,
       "give each team member different processors with Set-NetAdapterVmq (Sum-of-Queues: "
       "non-overlapping sets)"},
      {"The processor sets are not identical when LBFO is configured with min-queue mode",
       Rule::kMinQueuesIdentical,
       "give each team member the same processors with Set-NetAdapterVmq (Min-Queues: identical "
       "sets)"},
  };
  return reasons;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '.')) {
    s.remove_suffix(1);
  }
  return s;
}

// The text after the last `label` up to the next ')', ',' or " are" (e.g. "Friendly Name: Team1)").
std::string After(std::string_view line, std::string_view label) {
  const std::string lower = ToLower(line);
  const std::size_t at = lower.rfind(ToLower(label));
  if (at == std::string::npos) return "";
  std::string_view rest = line.substr(at + label.size());
  const std::size_t end = std::min(rest.find_first_of("),"), rest.find(" are "));
  return std::string(Trim(rest.substr(0, end)));
}

}  // namespace

std::vector<EventReason> EventReasons() {
  return Reasons();
}

Result<std::vector<ExplainedEvent>> ExplainEvents(std::string_view text, const std::string& file) {
  if (text.find('\0') != std::string_view::npos) {
    return InputError({file, 1, 1}, "a NUL character: UTF-16 text without its byte order mark?");
  }
  // Event viewers and Format-List wrap the message: match on the text with every run of white
  // space made one space, remembering the line each character came from.
  std::string flat;
  std::vector<std::uint32_t> line_of;
  std::uint32_t line = 1;
  for (char c : text) {
    const bool space = c == ' ' || c == '\t' || c == '\r' || c == '\n';
    if (space) {
      if (!flat.empty() && flat.back() != ' ') {
        flat += ' ';
        line_of.push_back(line);
      }
    } else {
      flat += c;
      line_of.push_back(line);
    }
    if (c == '\n') ++line;
  }
  const std::string lower = ToLower(flat);
  std::vector<ExplainedEvent> events;
  std::size_t from = 0;
  while (true) {
    std::size_t best = std::string::npos;
    const EventReason* reason = nullptr;
    for (const EventReason& r : Reasons()) {
      const std::size_t at = lower.find(ToLower(r.quote), from);
      if (at < best) {
        best = at;
        reason = &r;
      }
    }
    if (reason == nullptr) break;
    // What the text says before the reason, since the previous one.
    const std::string_view before = std::string_view(flat).substr(from, best - from);
    ExplainedEvent e;
    e.where = {file, line_of[best], 1};
    e.reason = reason;
    e.team = After(before, "Friendly Name:");
    e.switch_name = After(before, "on switch ");
    const std::string before_lower = ToLower(before);
    for (std::string_view label : {"event id", "id :"}) {
      const std::size_t at = before_lower.rfind(label);
      if (at == std::string::npos) continue;
      std::string_view rest = before.substr(at + label.size());
      while (!rest.empty() && (rest.front() == ':' || rest.front() == ' ')) rest.remove_prefix(1);
      std::string id;
      while (!rest.empty() && rest.front() >= '0' && rest.front() <= '9') {
        id += rest.front();
        rest.remove_prefix(1);
      }
      if (!id.empty()) e.event_id = id;
      break;
    }
    events.push_back(std::move(e));
    from = best + reason->quote.size();
  }
  if (events.empty()) {
    return InputError({file, 1, 1},
                      "no VMQ processor-set reason found: expected Event 106's \"Reason: The "
                      "processor sets overlap when LBFO is configured with sum-queue mode\" or "
                      "\"... are not identical when LBFO is configured with min-queue mode\"");
  }
  return events;
}

std::string ToText(const std::vector<ExplainedEvent>& events) {
  std::string out;
  for (const ExplainedEvent& e : events) {
    const RuleText& rule = Describe(e.reason->rule);
    out += fmt::format("{}: event {}{}{}: \"{}\"\n", ToString(e.where),
                       e.event_id.empty() ? "106 (assumed)" : e.event_id,
                       e.team.empty() ? "" : ", team " + e.team,
                       e.switch_name.empty() ? "" : ", switch " + e.switch_name, e.reason->quote);
    out += fmt::format("  problem [{}]: {}\n    source: {}; {}\n", rule.id, rule.text, kKb2974384,
                       rule.source);
    out += fmt::format(
        "  fix: {}; `vmqkit diagnose --host DIR` with the team's "
        "Get-NetAdapterVmq output and a host description naming the team prints "
        "the commands\n",
        e.reason->fix);
  }
  return out;
}

}  // namespace vmqkit::admin
