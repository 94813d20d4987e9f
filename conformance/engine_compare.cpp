// The engine's comparisons after a step: status, status indications, completions of pended
// requests, and queue states as NDIS sees them.
#include "conformance/engine.h"

#include <algorithm>

#include "conformance/engine_text.h"
#include "spec/outcomes.h"

namespace vmqkit::conformance {

using ndis::NdisStatus;
using nlohmann::json;

bool Engine::CompareStatus(const spec::StepResult& expected, std::uint32_t actual, ndis::Oid oid,
                           const std::string& what) {
  const auto verifier = spec::VerifierCompletionStatuses(oid);
  if (!verifier.empty() && std::none_of(verifier.begin(), verifier.end(), [&](NdisStatus s) {
        return static_cast<std::uint32_t>(s) == actual;
      })) {
    std::vector<std::string> names;
    for (auto s : verifier) names.push_back(ndis::ToString(s));
    Fail({"NdisOidComplete", spec::kNdisOidCompleteSource,
          what + " completed with " + StatusName(actual) + "; it can only be completed with " +
              Join(names)});
    return false;
  }
  if (spec::Permits(expected, actual, options_.strict)) return true;
  std::string rule = expected.rule;
  std::string source = expected.source;
  if (rule.empty()) rule = what + ".status";
  if (source.empty()) source = "[WDD] oid-receive-filter-" + what;
  Fail({rule, source,
        what + " returned " + StatusName(actual) +
            "; permitted: " + spec::PermittedText(expected, options_.strict) +
            (expected.reason.empty() ? "" : " (" + expected.reason + ")")});
  return false;
}

bool Engine::CompareIndications(const spec::StepResult& expected, const spec::VmqModel& before,
                                const spec::VmqModel& after, const Observed& observed,
                                const std::string& what) {
  // The required ones (the DMA-stopped state on FREE_QUEUE), in any order among the others.
  std::vector<bool> used(observed.statuses.size(), false);
  for (const auto& e : expected.indications) {
    bool found = false;
    for (std::size_t i = 0; i < observed.statuses.size() && !found; ++i) {
      const StatusRecord& s = observed.statuses[i];
      if (used[i] || s.code != static_cast<std::uint32_t>(e.code)) continue;
      if (e.queue_state) {
        auto state = ndis::DecodeReceiveQueueState(s.buffer);
        if (!state || state->queue_id != e.queue_state->queue_id ||
            state->state != e.queue_state->state) {
          continue;
        }
      }
      used[i] = found = true;
    }
    if (!found) {
      Fail({"free.dma-stopped-indication", kFreeSource,
            what + ": no " + ndis::ToString(e.code) + " indication of DmaStopped for queue " +
                std::to_string(e.queue_state ? e.queue_state->queue_id : 0) +
                ObservedText(observed)});
      return false;
    }
  }
  // Any other one is optional: "The change to the DMA Stopped state is the only queue state
  // change indication that is required" ([WDD] ndis-status-receive-queue-state; E-323).
  for (std::size_t i = 0; i < observed.statuses.size(); ++i) {
    if (used[i]) continue;
    const StatusRecord& s = observed.statuses[i];
    if (auto problem = spec::OptionalIndicationProblem(before, after, s.code, s.buffer)) {
      Fail({"status.unexpected-indication",
            "[WDD] ndis-status-receive-queue-state; docs/errata.md E-323", what + ": " + *problem});
      return false;
    }
  }
  return true;
}

bool Engine::CompareSideEffects(Adapter& a, const spec::StepResult& expected,
                                const spec::VmqModel& before, const Observed& observed,
                                const std::string& what) {
  if (!CompareIndications(expected, before, *a.model, observed, what)) return false;
  // Completions of pended requests.
  std::vector<CompletionRecord> seen = observed.completions;
  for (const auto& completion : expected.completions) {
    auto pending = std::find_if(a.pending.begin(), a.pending.end(), [&](const Pending& p) {
      return p.oid == completion.oid && p.queue_id == completion.queue_id;
    });
    if (pending == a.pending.end()) continue;  // the DUT completed synchronously
    auto done = std::find_if(seen.begin(), seen.end(), [&](const CompletionRecord& c) {
      return c.request_id == pending->request_id;
    });
    if (!Check(done != seen.end(), "free.completes-after-returns", kFreeSource,
               what + ": FREE_QUEUE of queue " + std::to_string(completion.queue_id) +
                   " was not completed once its indications were returned")) {
      return false;
    }
    if (!Check(done->status == static_cast<std::uint32_t>(completion.status),
               "free.completes-after-returns", kFreeSource,
               what + ": FREE_QUEUE completed with " + StatusName(done->status))) {
      return false;
    }
    seen.erase(done);
    a.pending.erase(pending);
  }
  for (const auto& extra : seen) {
    auto pending = std::find_if(a.pending.begin(), a.pending.end(),
                                [&](const Pending& p) { return p.request_id == extra.request_id; });
    // Driver Verifier DoubleComplete: a request completed that is not pending (completed
    // already, or answered at once).
    if (!Check(pending != a.pending.end(), "DoubleComplete",
               "[DV] ndis-doublecomplete (DoubleComplete)",
               what + ": completion of request " + std::to_string(extra.request_id) +
                   ", which is not pending")) {
      return false;
    }
    const bool model_done =
        pending != a.pending.end() && a.model && !a.model->queues().contains(pending->queue_id);
    if (!Check(model_done, "free.pends-while-outstanding", kFreeSource,
               what + ": completion of request " + std::to_string(extra.request_id) +
                   " while the model still waits for returned indications")) {
      return false;
    }
    a.pending.erase(pending);
  }
  return true;
}

bool Engine::CompareQueues(Adapter& a) {
  for (const auto& [id, queue] : a.model->queues()) {
    const bool freeing = queue.state == spec::QueueState::kFreeing;
    // Copied: clang 14 cannot capture a structured binding in a lambda.
    const auto queue_id = id;
    const bool dut_pending = std::any_of(a.pending.begin(), a.pending.end(),
                                         [&](const Pending& p) { return p.queue_id == queue_id; });
    if (!Check(freeing == dut_pending, "free.pends-while-outstanding", kFreeSource,
               "queue " + std::to_string(id) + " is " + std::string(spec::ToString(queue.state)) +
                   " in the model, but the DUT's FREE_QUEUE is " +
                   (dut_pending ? "still pending" : "not pending"))) {
      return false;
    }
  }
  for (const Pending& p : a.pending) {
    if (!Check(a.model->queues().contains(p.queue_id), "free.completes-after-returns", kFreeSource,
               "FREE_QUEUE of queue " + std::to_string(p.queue_id) +
                   " is still pending after every indication was returned")) {
      return false;
    }
  }
  return true;
}

void Engine::ReturnUnheld(Adapter& a, const std::vector<std::uint64_t>& cookies) {
  if (cookies.empty()) return;
  a.device->Return(cookies);
  // Returns of frames that were never held complete nothing; anything observed here is judged
  // with the next step.
}

}  // namespace vmqkit::conformance
