// The engine's comparisons after a step: status, status indications, completions of pended
// requests, and queue states as NDIS sees them.
#include "conformance/engine.h"

#include <algorithm>

#include "conformance/engine_text.h"

namespace vmqkit::conformance {
namespace {

// An NDIS_STATUS with the error severity ([HDR] ntstatus.h: the two top bits set).
bool IsFailureStatus(std::uint32_t status) {
  return (status & 0xC0000000u) == 0xC0000000u;
}

}  // namespace

using ndis::NdisStatus;
using nlohmann::json;

bool Engine::CompareStatus(const spec::StepResult& expected, std::uint32_t actual,
                           const std::string& what, bool any_failure) {
  const auto status = static_cast<NdisStatus>(actual);
  bool ok = std::find(expected.permitted.begin(), expected.permitted.end(), status) !=
            expected.permitted.end();
  if (any_failure) ok = ok || IsFailureStatus(actual);
  if (options_.strict) ok = status == expected.status;
  if (ok) return true;
  std::vector<std::string> names;
  for (auto s : expected.permitted) names.push_back(ndis::ToString(s));
  if (any_failure && !options_.strict) names.push_back("any failure status (E-651)");
  std::string rule = expected.rule;
  std::string source = expected.source;
  if (rule.empty()) rule = what + ".status";
  if (source.empty()) source = "[WDD] oid-receive-filter-" + what;
  Fail({rule, source,
        what + " returned " + StatusName(actual) + "; permitted: " + Join(names) +
            (expected.reason.empty() ? "" : " (" + expected.reason + ")")});
  return false;
}

bool Engine::CompareSideEffects(Adapter& a, const spec::StepResult& expected,
                                const Observed& observed, const std::string& what) {
  // Status indications: the DMA-stopped state on FREE_QUEUE, nothing else.
  for (std::size_t i = 0; i < std::max(expected.indications.size(), observed.statuses.size());
       ++i) {
    if (i >= observed.statuses.size()) {
      const auto& e = expected.indications[i];
      Fail({"free.dma-stopped-indication", kFreeSource,
            what + ": no " + ndis::ToString(e.code) + " indication for queue " +
                std::to_string(e.queue_state ? e.queue_state->queue_id : 0)});
      return false;
    }
    const StatusRecord& s = observed.statuses[i];
    if (i >= expected.indications.size()) {
      Fail({"status.unexpected-indication", "[WDD] ndis-virtual-machine-queue-states",
            what + ": unexpected status indication " + StatusName(s.code)});
      return false;
    }
    const auto& e = expected.indications[i];
    if (!Check(
            s.code == static_cast<std::uint32_t>(e.code), "free.dma-stopped-indication",
            kFreeSource,
            what + ": indicated " + StatusName(s.code) + ", expected " + ndis::ToString(e.code))) {
      return false;
    }
    if (e.queue_state) {
      auto state = ndis::DecodeReceiveQueueState(s.buffer);
      if (!Check(state.ok(), "free.dma-stopped-indication", kFreeSource,
                 what + ": the NDIS_RECEIVE_QUEUE_STATE buffer does not decode: " +
                     (state ? std::string() : state.error().reason)) ||
          !Check(state->queue_id == e.queue_state->queue_id && state->state == e.queue_state->state,
                 "free.dma-stopped-state", kFreeSource,
                 what + ": RECEIVE_QUEUE_STATE for queue " + std::to_string(state->queue_id) +
                     " state " + std::to_string(static_cast<int>(state->state)) +
                     ", expected queue " + std::to_string(e.queue_state->queue_id) +
                     " DmaStopped")) {
        return false;
      }
    }
  }
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
