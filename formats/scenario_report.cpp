#include "formats/scenario_report.h"

#include "ndis/oids.h"

namespace vmqkit::formats {

using nlohmann::json;
using spec::RouteResult;
using spec::StepResult;

std::string OutcomeSet(const std::vector<spec::RouteOutcome>& outcomes) {
  std::string text = "{";
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    text += (i ? ", " : "") + ToString(outcomes[i]);
  }
  return text + "}";
}

std::string Transitions(const StepResult& result) {
  std::string text;
  for (const auto& t : result.transitions) {
    text += " [queue " + std::to_string(t.queue_id) + " " + std::string(ToString(t.from)) + "->" +
            std::string(ToString(t.to)) + "]";
  }
  for (const auto& indication : result.indications) {
    text += " <status " + ndis::ToString(indication.code);
    if (indication.queue_state) {
      text += " queue " + std::to_string(indication.queue_state->queue_id) + " " +
              (indication.queue_state->state == ndis::QueueOperationalState::kDmaStopped
                   ? "DmaStopped"
                   : std::to_string(static_cast<std::uint32_t>(indication.queue_state->state)));
    }
    text += ">";
  }
  for (const auto& completion : result.completions) {
    const auto* oid = ndis::FindOid(completion.oid);
    text += " <completes " + (oid ? std::string(oid->name) : std::string("?")) + " queue " +
            std::to_string(completion.queue_id) + " " + ndis::ToString(completion.status) + ">";
  }
  return text;
}

std::string RejectionText(const StepResult& result) {
  if (!result.rejected_by) return "";
  return " (" + std::string(ToString(*result.rejected_by)) + ": " + result.rule + ": " +
         result.reason + ")";
}

std::string FrameText(const RouteResult& route) {
  if (!route.frame) return "invalid frame";
  const auto& f = *route.frame;
  std::string text = "dst " + ndis::ToString(f.destination);
  if (f.service_tag) text += " s-vlan " + std::to_string(f.service_tag->vlan_id);
  if (f.tag)
    text += f.tag->vlan_id == 0 ? " priority-tagged" : " vlan " + std::to_string(f.tag->vlan_id);
  if (!f.tag && !f.service_tag) text += " untagged";
  return text;
}

json ToJson(const RouteResult& route) {
  json out;
  json permitted = json::array();
  for (const auto& o : route.permitted) permitted.push_back(ToString(o));
  out["permitted"] = permitted;
  out["strict"] = ToString(route.strict);
  out["matched_filters"] = route.matched_filters;
  out["reason"] = route.reason;
  out["errata"] = route.errata;
  if (route.frame) {
    json frame;
    frame["dst"] = ndis::ToString(route.frame->destination);
    frame["src"] = ndis::ToString(route.frame->source);
    if (route.frame->tag) frame["vlan"] = route.frame->tag->vlan_id;
    if (route.frame->service_tag) frame["s_vlan"] = route.frame->service_tag->vlan_id;
    frame["ethertype"] = route.frame->ether_type;
    frame["length"] = route.frame->length;
    out["frame"] = frame;
  }
  return out;
}

namespace {

// The model's answer to one step: status, rejection, transitions, indications, queue table, route.
void AddStepResult(const StepResult& r, json& out) {
  out["status"] = ndis::ToString(r.status);
  json permitted = json::array();
  for (auto s : r.permitted) permitted.push_back(ndis::ToString(s));
  out["permitted_status"] = permitted;
  if (r.rejected_by) {
    out["rejected_by"] = ToString(*r.rejected_by);
    out["rule"] = r.rule;
    out["source"] = r.source;
    out["reason"] = r.reason;
  }
  out["bytes_written"] = r.bytes_written;
  out["bytes_needed"] = r.bytes_needed;
  json transitions = json::array();
  for (const auto& t : r.transitions) {
    transitions.push_back({{"queue_id", t.queue_id},
                           {"from", ToString(t.from)},
                           {"to", ToString(t.to)},
                           {"event", ToString(t.event)}});
  }
  out["transitions"] = transitions;
  json indications = json::array();
  for (const auto& s : r.indications) {
    json i{{"status", ndis::ToString(s.code)}};
    if (s.queue_state) {
      i["queue_id"] = s.queue_state->queue_id;
      i["state"] = static_cast<std::uint32_t>(s.queue_state->state);
    }
    indications.push_back(i);
  }
  out["indications"] = indications;
  json queues = json::array();
  for (const auto& q : r.queues) {
    queues.push_back({{"queue_id", q.queue_id},
                      {"state", ToString(q.state)},
                      {"filters", q.filter_ids},
                      {"outstanding", q.outstanding}});
  }
  out["queues"] = queues;
  if (r.route) out["route"] = ToJson(*r.route);
}

}  // namespace

json ToJson(const StepReport& report) {
  json out;
  out["line"] = report.step.pos.line;
  out["step"] = report.step.kind;
  out["adapter"] = report.step.adapter;
  out["summary"] = report.summary;
  if (report.result) AddStepResult(*report.result, out);
  if (report.assigned_queue_id) out["assigned_queue_id"] = *report.assigned_queue_id;
  if (report.assigned_filter_id) out["assigned_filter_id"] = *report.assigned_filter_id;
  out["findings"] = report.findings;
  out["checks"] = report.notes;
  return out;
}

namespace {

std::string QueueLine(const spec::StepResult& result) {
  std::string text;
  for (const auto& queue : result.queues) {
    text += (text.empty() ? "" : ", ") + std::to_string(queue.queue_id) + ":" +
            std::string(spec::ToString(queue.state));
    if (queue.outstanding != 0) text += "(" + std::to_string(queue.outstanding) + " held)";
  }
  return text;
}

}  // namespace

std::string ToText(const ScenarioReport& report) {
  std::string out;
  for (const StepReport& step : report.steps) {
    out += "line " + std::to_string(step.step.pos.line) + ": " + step.summary + "\n";
    if (step.result && step.step.kind != "rx") {
      out += "    queues " + step.step.adapter + ": " + QueueLine(*step.result) + "\n";
    }
    for (const std::string& finding : step.findings) out += "    FINDING " + finding + "\n";
  }
  return out + std::to_string(report.steps.size()) + " steps, " +
         std::to_string(report.finding_count) + " findings\n";
}

nlohmann::json ToJson(const ScenarioReport& report) {
  nlohmann::json steps = nlohmann::json::array();
  nlohmann::json findings = nlohmann::json::array();
  for (const StepReport& step : report.steps) {
    steps.push_back(ToJson(step));
    for (const std::string& finding : step.findings) findings.push_back(finding);
  }
  return {{"file", report.file},
          {"steps", steps},
          {"findings", findings},
          {"ok", report.finding_count == 0}};
}

}  // namespace vmqkit::formats
