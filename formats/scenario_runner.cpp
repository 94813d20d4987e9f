#include "formats/scenario_runner.h"

#include <algorithm>

#include "formats/json_fields.h"
#include "ndis/constants.h"

namespace vmqkit::formats {
namespace {

using ndis::NdisStatus;
using nlohmann::json;
using spec::QueueState;
using spec::RouteOutcome;
using spec::RouteResult;
using spec::VmqModel;

StepReport ReportFor(const ScenarioStep& step) {
  StepReport report;
  report.step = step;
  return report;
}

// The checks of one `expect` step against the step before it, in the order the fields are
// documented. A check that holds is a note, one that does not a finding; a malformed field is an
// input error.
class ExpectChecks {
 public:
  ExpectChecks(const ScenarioStep& step, const StepReport& last, const VmqModel* model,
               StepReport& report)
      : step_(step), body_(step.body), last_(last), model_(model), report_(report) {
    route_ = last.result && last.result->route ? &*last.result->route : nullptr;
  }

  Result<void> Status();
  Result<void> RejectedBy();
  Result<void> BytesNeeded();
  Result<void> AssignedIds();
  Result<void> Queues();
  Result<void> Outcomes();
  Result<void> Strict();
  Result<void> Delivered();
  Result<void> Completed();

 private:
  void Fail(const std::string& what) {
    report_.findings.push_back(ToString(step_.pos) + ": " + what);
  }
  void Ok(const std::string& what) { report_.notes.push_back(what); }
  Error Bad(const std::string& message) const { return InputError(step_.pos, message); }

  const ScenarioStep& step_;
  const json& body_;
  const StepReport& last_;
  const VmqModel* model_;
  const RouteResult* route_;
  StepReport& report_;
};

Result<void> ExpectChecks::Status() {
  const auto it = body_.find("status");
  if (it == body_.end()) return {};
  auto status = it->is_string() ? ndis::ParseStatus(it->get<std::string>()) : std::nullopt;
  if (!status) return Bad("\"status\" must be an NDIS_STATUS name");
  if (!last_.result) return Bad("\"status\" needs an oid step before it");
  if (last_.result->status != *status) {
    Fail("status is " + ndis::ToString(last_.result->status) + ", expected " +
         ndis::ToString(*status));
  } else {
    Ok("status " + ndis::ToString(*status));
  }
  return {};
}

Result<void> ExpectChecks::RejectedBy() {
  const auto it = body_.find("rejected_by");
  if (it == body_.end()) return {};
  const std::string side = it->is_string() ? it->get<std::string>() : "";
  if (side != "ndis" && side != "miniport") {
    return Bad("\"rejected_by\" must be \"ndis\" or \"miniport\"");
  }
  if (!last_.result || !last_.result->rejected_by || ToString(*last_.result->rejected_by) != side) {
    Fail("expected a rejection by " + side);
  } else {
    Ok("rejected by " + side);
  }
  return {};
}

Result<void> ExpectChecks::BytesNeeded() {
  if (!body_.contains("bytes_needed")) return {};
  auto needed = Get<std::uint32_t>(body_, step_.pos, "bytes_needed", 0);
  if (!needed) return needed.error();
  if (!last_.result || last_.result->bytes_needed != *needed) {
    Fail("bytes_needed is " + std::to_string(last_.result ? last_.result->bytes_needed : 0) +
         ", expected " + std::to_string(*needed));
  } else {
    Ok("bytes_needed " + std::to_string(*needed));
  }
  return {};
}

Result<void> ExpectChecks::AssignedIds() {
  for (const char* key : {"queue_id", "filter_id"}) {
    if (!body_.contains(key)) continue;
    auto expected = Get<std::uint32_t>(body_, step_.pos, key, 0);
    if (!expected) return expected.error();
    const auto& actual =
        std::string(key) == "queue_id" ? last_.assigned_queue_id : last_.assigned_filter_id;
    if (actual != *expected) {
      Fail(std::string("assigned ") + key + " is " + (actual ? std::to_string(*actual) : "none") +
           ", expected " + std::to_string(*expected));
    } else {
      Ok(std::string("assigned ") + key + " " + std::to_string(*expected));
    }
  }
  return {};
}

Result<void> ExpectChecks::Queues() {
  const auto it = body_.find("queues");
  if (it == body_.end()) return {};
  if (!it->is_object()) return Bad("\"queues\" must map queue ids to states");
  if (model_ == nullptr) return Bad("adapter \"" + step_.adapter + "\" is not configured");
  for (const auto& [id_text, state_json] : it->items()) {
    auto id = Unsigned(json(id_text), step_.pos, "queues", 0xFFFFFFFFu);
    if (!id) return id.error();
    auto state = state_json.is_string() ? spec::ParseQueueState(state_json.get<std::string>())
                                        : std::nullopt;
    if (!state) return Bad("\"queues\": " + state_json.dump() + " is not a queue state");
    auto queue = model_->queues().find(static_cast<std::uint32_t>(*id));
    const QueueState actual =
        queue == model_->queues().end() ? QueueState::kUndefined : queue->second.state;
    const std::string which = step_.adapter + " queue " + id_text;
    if (actual != *state) {
      Fail(which + " is " + std::string(ToString(actual)) + ", expected " +
           std::string(ToString(*state)));
    } else {
      Ok(which + " " + std::string(ToString(actual)));
    }
  }
  return {};
}

Result<void> ExpectChecks::Outcomes() {
  const auto it = body_.find("outcomes");
  if (it == body_.end()) return {};
  if (!route_) return Bad("\"outcomes\" needs an rx step before it");
  if (!it->is_array()) return Bad("\"outcomes\" must be an array");
  std::vector<RouteOutcome> expected;
  for (const auto& text : *it) {
    auto outcome =
        text.is_string() ? spec::ParseRouteOutcome(text.get<std::string>()) : std::nullopt;
    if (!outcome) return Bad("\"outcomes\": " + text.dump() + " is not an outcome");
    expected.push_back(*outcome);
  }
  std::sort(expected.begin(), expected.end());
  expected.erase(std::unique(expected.begin(), expected.end()), expected.end());
  if (expected != route_->permitted) {
    Fail("permitted outcomes are " + OutcomeSet(route_->permitted) + ", expected " +
         OutcomeSet(expected));
  } else {
    Ok("outcomes " + OutcomeSet(expected));
  }
  return {};
}

Result<void> ExpectChecks::Strict() {
  const auto it = body_.find("strict");
  if (it == body_.end()) return {};
  if (!route_) return Bad("\"strict\" needs an rx step before it");
  auto outcome = it->is_string() ? spec::ParseRouteOutcome(it->get<std::string>()) : std::nullopt;
  if (!outcome) return Bad("\"strict\" is not an outcome");
  if (route_->strict != *outcome) {
    Fail("strict outcome is " + ToString(route_->strict) + ", expected " + ToString(*outcome));
  } else {
    Ok("strict " + ToString(*outcome));
  }
  return {};
}

Result<void> ExpectChecks::Delivered() {
  const auto it = body_.find("delivered");
  if (it == body_.end() || !it->is_boolean() || !it->get<bool>()) return {};
  if (!route_) return Bad("\"delivered\" needs an rx step before it");
  const bool may_drop = std::any_of(route_->permitted.begin(), route_->permitted.end(),
                                    [](const RouteOutcome& o) { return o.drop; });
  if (may_drop) {
    Fail("the frame may be dropped: permitted " + OutcomeSet(route_->permitted));
  } else {
    Ok("delivered (never dropped)");
  }
  return {};
}

Result<void> ExpectChecks::Completed() {
  const auto it = body_.find("completed");
  if (it == body_.end()) return {};
  auto name = it->is_string() ? it->get<std::string>() : "";
  const ndis::OidInfo* oid = ndis::FindOid(name);
  if (oid == nullptr) return Bad("\"completed\" must name an OID");
  const bool done = last_.result &&
                    std::any_of(last_.result->completions.begin(), last_.result->completions.end(),
                                [&](const spec::OidCompletion& c) { return c.oid == oid->value; });
  if (!done) {
    Fail("no pending " + std::string(oid->name) + " completed in the previous step");
  } else {
    Ok(std::string(oid->name) + " completed");
  }
  return {};
}

}  // namespace

const VmqModel* ScenarioRunner::Find(const std::string& adapter) const {
  auto it = adapters_.find(adapter);
  return it == adapters_.end() ? nullptr : &it->second;
}

Result<StepReport> ScenarioRunner::Apply(const ScenarioStep& step) {
  if (step.kind == "configure") return Configure(step);
  if (step.kind == "expect") return Expect(step);
  if (step.kind == "status") return Status(step);
  auto it = adapters_.find(step.adapter);
  if (it == adapters_.end()) {
    return InputError(step.pos,
                      "adapter \"" + step.adapter + "\" is not configured (add a configure step)");
  }
  VmqModel& model = it->second;
  Result<StepReport> report = ReportFor(step);
  if (step.kind == "initialize") {
    report = Initialize(step, model);
  } else if (step.kind == "oid") {
    if (!model.initialized()) {
      return InputError(step.pos, "adapter \"" + step.adapter + "\" is not initialized");
    }
    report = Oid(step, model);
  } else if (step.kind == "rx") {
    report = Rx(step, model);
  } else {
    report = Return(step, model);
  }
  if (!report) return report;
  for (const auto& problem : model.CheckInvariants()) {
    report->findings.push_back("model invariant: " + problem);
  }
  last_ = *report;
  return report;
}

Result<StepReport> ScenarioRunner::Configure(const ScenarioStep& step) {
  auto config = ParseModelConfig(step.body, step.pos);
  if (!config) return config.error();
  if (auto it = adapters_.find(step.adapter); it != adapters_.end() && it->second.initialized()) {
    return InputError(step.pos, "adapter \"" + step.adapter + "\" is already initialized");
  }
  adapters_.insert_or_assign(step.adapter, VmqModel(*config));
  StepReport report = ReportFor(step);
  report.summary = "configure " + step.adapter + ": NDIS " + ndis::ToString(config->version) +
                   ", " + std::to_string(config->hardware.num_queues) + " VM queues";
  return report;
}

StepReport ScenarioRunner::Initialize(const ScenarioStep& step, VmqModel& model) {
  StepReport report = ReportFor(step);
  report.result = model.Initialize();
  const auto& caps = model.capabilities();
  report.summary =
      "initialize " + step.adapter + " -> " + ndis::ToString(report.result->status) +
      ": interface " + std::string(ToString(model.decision().interface)) + " (row " +
      model.decision().row + "), NumQueues " + std::to_string(caps.current.num_queues) +
      ", VLAN filtering " +
      ((caps.current.supported_mac_header_fields & ndis::kMacHeaderVlanIdSupported) ? "on" : "off");
  return report;
}

Result<StepReport> ScenarioRunner::Oid(const ScenarioStep& step, VmqModel& model) {
  auto request = ParseOidRequest(step.body, step.pos, model);
  if (!request) return request.error();
  StepReport report = ReportFor(step);
  report.result = model.Request(*request);
  const spec::StepResult& result = *report.result;
  const ndis::OidInfo* oid = ndis::FindOid(request->oid);
  std::string detail;
  if (result.status == NdisStatus::kSuccess && !result.output.empty()) {
    if (request->oid == ndis::kOidReceiveFilterAllocateQueue) {
      if (auto q = ndis::DecodeReceiveQueueParameters(result.output)) {
        report.assigned_queue_id = q->queue_id;
        detail = " queue_id=" + std::to_string(q->queue_id);
      }
    } else if (request->oid == ndis::kOidReceiveFilterSetFilter) {
      if (auto f = ndis::DecodeReceiveFilterParameters(result.output)) {
        report.assigned_filter_id = f->filter_id;
        detail = " filter_id=" + std::to_string(f->filter_id);
      }
    }
  }
  if (result.bytes_needed != 0) detail += " bytes_needed=" + std::to_string(result.bytes_needed);
  report.summary = "oid " + step.adapter + " " + std::string(oid->name) + " " +
                   std::string(ndis::ToString(request->kind)) + " -> " +
                   ndis::ToString(result.status) + detail + RejectionText(result) +
                   Transitions(result);
  return report;
}

Result<StepReport> ScenarioRunner::Rx(const ScenarioStep& step, VmqModel& model) {
  auto frame = ParseFrameSpec(step.body, step.pos);
  if (!frame) return frame.error();
  auto hold = GetBool(step.body, step.pos, "hold", false);
  if (!hold) return hold.error();
  StepReport report = ReportFor(step);
  report.result = model.Receive(*frame, *hold);
  const RouteResult& route = *report.result->route;
  const std::string label = step.body.value("label", "");
  report.summary = "rx " + step.adapter + " " + (label.empty() ? "" : "\"" + label + "\" ") +
                   FrameText(route) + " -> permitted " + OutcomeSet(route.permitted) + ", strict " +
                   ToString(route.strict) + (*hold ? " (held)" : "") + ": " + route.reason;
  return report;
}

Result<StepReport> ScenarioRunner::Return(const ScenarioStep& step, VmqModel& model) {
  auto queue = Get<std::uint32_t>(step.body, step.pos, "queue_id", 0);
  if (!queue) return queue.error();
  std::optional<std::uint32_t> count;
  if (step.body.contains("count")) {
    auto c = Get<std::uint32_t>(step.body, step.pos, "count", 0);
    if (!c) return c.error();
    count = *c;
  }
  StepReport report = ReportFor(step);
  report.result = model.ReturnIndications(*queue, count);
  report.summary = "return " + step.adapter + " queue " + std::to_string(*queue) + ": " +
                   report.result->reason + Transitions(*report.result);
  return report;
}

Result<StepReport> ScenarioRunner::Expect(const ScenarioStep& step) {
  StepReport report = ReportFor(step);
  if (!last_) return InputError(step.pos, "an expect step needs a step before it");
  ExpectChecks checks(step, *last_, Find(step.adapter), report);
  for (auto check : {&ExpectChecks::Status, &ExpectChecks::RejectedBy, &ExpectChecks::BytesNeeded,
                     &ExpectChecks::AssignedIds, &ExpectChecks::Queues, &ExpectChecks::Outcomes,
                     &ExpectChecks::Strict, &ExpectChecks::Delivered, &ExpectChecks::Completed}) {
    if (Result<void> done = (checks.*check)(); !done) return done.error();
  }
  report.summary = report.findings.empty()
                       ? "expect: ok (" + std::to_string(report.notes.size()) + " checks)"
                       : "expect: FAILED";
  return report;
}

Result<StepReport> ScenarioRunner::Status(const ScenarioStep& step) {
  StepReport report = ReportFor(step);
  if (!last_ || !last_->result) {
    return InputError(step.pos, "a status step needs a model step before it");
  }
  auto name = GetString(step.body, step.pos, "indication", "RECEIVE_QUEUE_STATE");
  if (!name) return name.error();
  auto code = ndis::ParseStatus(*name);
  if (!code) {
    return InputError(step.pos, "\"indication\": \"" + *name + "\" is not an NDIS_STATUS name");
  }
  auto queue = Get<std::uint32_t>(step.body, step.pos, "queue_id", 0);
  if (!queue) return queue.error();
  auto state_name = GetString(step.body, step.pos, "state", "DmaStopped");
  if (!state_name) return state_name.error();
  auto state = spec::ParseQueueState(*state_name);
  std::optional<ndis::QueueOperationalState> operational =
      state ? spec::OperationalStateOf(*state) : std::nullopt;
  if (!operational) {
    return InputError(step.pos, "\"state\": \"" + *state_name +
                                    "\" is not an operational state (Running, Paused, DmaStopped)");
  }
  const auto& indications = last_->result->indications;
  const bool found =
      std::any_of(indications.begin(), indications.end(), [&](const spec::StatusIndication& s) {
        return s.code == *code && (*code != NdisStatus::kReceiveQueueState ||
                                   (s.queue_state && s.queue_state->queue_id == *queue &&
                                    s.queue_state->state == *operational));
      });
  const std::string what =
      ndis::ToString(*code) + " queue " + std::to_string(*queue) + " " + *state_name;
  if (found) {
    report.notes.push_back(what);
    report.summary = "status: " + what + " indicated";
  } else {
    report.findings.push_back(ToString(step.pos) + ": the previous step did not indicate " + what);
    report.summary = "status: FAILED";
  }
  return report;
}

Result<ScenarioReport> RunScenario(const std::vector<ScenarioStep>& steps,
                                   const std::string& file) {
  ScenarioRunner runner;
  ScenarioReport report;
  report.file = file;
  for (const auto& step : steps) {
    auto result = runner.Apply(step);
    if (!result) return result.error();
    report.finding_count += result->findings.size();
    report.steps.push_back(std::move(result).value());
  }
  return report;
}

}  // namespace vmqkit::formats
