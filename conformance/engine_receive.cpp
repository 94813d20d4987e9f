// The engine's receive and return steps: a frame on the wire, its indication, held frames.
#include "conformance/engine.h"

#include <algorithm>

#include "conformance/coverage_model.h"
#include "conformance/engine_text.h"
#include "ndis/constants.h"
#include "ndis/frame.h"
#include "spec/outcomes.h"

namespace vmqkit::conformance {

using ndis::NdisStatus;
using nlohmann::json;

namespace {

// The frame as received, or with its 802.1Q tag stripped into the 8021Q OOB info (NDIS 6.30).
bool Intact(const ReceiveIndication& got, const ndis::Bytes& frame,
            const spec::RouteResult& route) {
  if (got.frame == frame) return true;
  if (!route.frame || !route.frame->tag || frame.size() < 16 ||
      got.vlan_id != route.frame->tag->vlan_id) {
    return false;
  }
  ndis::Bytes stripped(frame.begin(), frame.begin() + 12);
  stripped.insert(stripped.end(), frame.begin() + 16, frame.end());
  return got.frame == stripped;
}

// From NDIS 6.30 a frame a VM queue's filter passes has its 802.1Q tag removed into the NBL's
// 8021Q info: "If a VLAN tag is present in the received packet, the network adapter must remove
// it from the packet data. The miniport driver must put the VLAN tag in an
// NDIS_NET_BUFFER_LIST_8021Q_INFO" ([DDI] ns-ntddndis-_ndis_receive_filter_field_parameters, for
// MAC-only and VLAN filters). A priority tag (VID 0) on an UNTAGGED_OR_ZERO filter, the default
// queue and NDIS 6.20 may keep it (docs/errata.md E-326, E-508).
constexpr const char* kTagStripSource =
    "[DDI] ns-ntddndis-_ndis_receive_filter_field_parameters (\"the network adapter must remove it "
    "from the packet data\"); docs/errata.md E-326";

bool TagLeftIn(const ReceiveIndication& got, const ndis::Bytes& frame,
               const spec::RouteResult& route, const spec::VmqModel& model) {
  return model.config().version >= ndis::kNdis630 && got.queue_id != 0 && route.frame &&
         route.frame->tag && !route.frame->service_tag && route.frame->tag->vlan_id != 0 &&
         got.frame == frame;
}

// The rule the one indication of a routed frame breaks, if any: its queue, its bytes, its
// FilterId and its flags. `errata` is appended to routing sources.
std::optional<Finding> IndicationFinding(const ReceiveIndication& got, const ndis::Bytes& frame,
                                         const spec::RouteResult& route, const std::string& errata,
                                         bool strict, const spec::VmqModel& model) {
  const spec::RouteOutcome chosen = spec::QueueOutcome(got.queue_id);
  if (!spec::PermitsRoute(route, chosen, strict)) {
    std::vector<std::string> names;
    for (const auto& o : route.permitted) names.push_back(spec::ToString(o));
    return Finding{"route.permitted-queue", kRouteSource + errata,
                   "indicated on " + spec::ToString(chosen) + "; permitted: " + Join(names)};
  }
  if (!Intact(got, frame, route)) {
    return Finding{"indication.frame-intact", kIndicationSource,
                   "the indicated frame differs from the one received"};
  }
  if (TagLeftIn(got, frame, route, model)) {
    return Finding{"indication.tag-stripped-6.30", kTagStripSource,
                   "queue " + std::to_string(got.queue_id) +
                       " indicated the frame with its 802.1Q "
                       "tag (VLAN " +
                       std::to_string(route.frame->tag->vlan_id) + ") left in"};
  }
  if (got.filter_id != 0) {
    return Finding{"indication.filter-id-zero", kIndicationSource,
                   "FilterId " + std::to_string(got.filter_id) +
                       " in the indication; VMQ indications carry 0"};
  }
  if (got.queue_id == 0) return std::nullopt;
  const auto& queue = model.queues().at(got.queue_id);
  if ((queue.parameters.flags & ndis::kQueuePerQueueReceiveIndication) != 0 &&
      (got.flags & VMQKIT_RECEIVE_FLAG_SINGLE_QUEUE) == 0) {
    return Finding{
        "indication.single-queue-flag",
        "[DDI] NDIS_RECEIVE_QUEUE_PARAMETERS (PER_QUEUE_RECEIVE_INDICATION)",
        "queue " + std::to_string(got.queue_id) +
            " asked for per-queue indications; the call lacks NDIS_RECEIVE_FLAGS_SINGLE_QUEUE"};
  }
  return std::nullopt;
}

}  // namespace

bool Engine::Rx(const std::string& name, const ndis::Bytes& frame, bool hold) {
  if (failed()) return false;
  json line = {{"step", "rx"}, {"adapter", name}, {"hex", ToHex(frame)}};
  if (hold) line["hold"] = true;
  Adapter* a = Find(name, line);
  if (a == nullptr) return false;
  const bool ok = RxStep(*a, frame, hold);
  // A frame not held changes no state of the model (VmqModel::Receive): nothing to replay.
  if (hold) CatchUp(*a, [&](spec::VmqModel& model) { (void)model.Receive(frame, hold); });
  return ok;
}

bool Engine::RxStep(Adapter& ar, const ndis::Bytes& frame, bool hold) {
  Adapter* a = &ar;
  const spec::VmqModel& before = *a->before;
  const spec::StepResult r = a->model->Receive(frame, hold);
  if (options_.coverage != nullptr) options_.coverage->OnReceive(frame, r);
  a->device->Receive(frame);
  const Observed observed = a->device->Take();
  const spec::RouteResult& route = *r.route;
  if (options_.describe_steps) {
    std::vector<std::string> outcomes;
    for (const auto& o : route.permitted) outcomes.push_back(spec::ToString(o));
    view_ = {"permitted " + Join(outcomes) + ", recommended " + spec::ToString(route.strict),
             observed.indications.empty() ? "not indicated" : ObservedText(observed).substr(2)};
  }
  std::string errata;
  for (const auto& e : route.errata) errata += "; docs/errata.md " + e;
  const bool drop = route.permitted.size() == 1 && route.permitted.front().drop;
  std::vector<std::uint64_t> cookies;
  for (const auto& indication : observed.indications) cookies.push_back(indication.cookie);
  auto fail = [&](Finding finding) {
    finding.message += " (" + route.reason + ")";
    Fail(std::move(finding));
    ReturnUnheld(*a, cookies);
    return false;
  };
  if (drop) {
    if (!observed.indications.empty()) {
      return fail({"route.discard-malformed", "IEEE 802.3 4.2.4.2.2" + errata,
                   "a malformed frame was indicated on queue " +
                       std::to_string(observed.indications.front().queue_id)});
    }
    return CompareSideEffects(*a, r, before, observed, "receive") && CompareQueues(*a);
  }
  if (observed.indications.empty()) {
    return fail({"route.frame-delivered", kRouteSource + errata,
                 "the frame was not indicated; permitted: " + spec::ToString(route.strict)});
  }
  if (observed.indications.size() > 1) {
    return fail(
        {"route.one-indication-per-frame", kRouteSource + errata,
         "the frame was indicated " + std::to_string(observed.indications.size()) + " times"});
  }
  const ReceiveIndication& got = observed.indications.front();
  if (auto finding = IndicationFinding(got, frame, route, errata, options_.strict, *a->model))
    return fail(std::move(*finding));
  if (hold && spec::QueueOutcome(got.queue_id) == route.strict) {
    a->held[got.queue_id].push_back(got.cookie);
  } else {
    if (hold) {
      // The DUT chose another permitted queue: the model follows it without holding the frame.
      Revert(*a);
      (void)a->model->Receive(frame, false);
    }
    ReturnUnheld(*a, cookies);
  }
  return CompareSideEffects(*a, r, before, observed, "receive") && CompareQueues(*a);
}

bool Engine::Return(const std::string& name, std::uint32_t queue_id,
                    std::optional<std::uint32_t> count) {
  if (failed()) return false;
  json line = {{"step", "return"}, {"adapter", name}, {"queue_id", queue_id}};
  if (count) line["count"] = *count;
  Adapter* a = Find(name, line);
  if (a == nullptr) return false;
  const bool ok = ReturnStep(*a, queue_id, count);
  CatchUp(*a, [&](spec::VmqModel& model) { (void)model.ReturnIndications(queue_id, count); });
  return ok;
}

bool Engine::ReturnStep(Adapter& ar, std::uint32_t queue_id, std::optional<std::uint32_t> count) {
  Adapter* a = &ar;
  const spec::VmqModel& before = *a->before;
  const spec::StepResult r = a->model->ReturnIndications(queue_id, count);
  if (options_.coverage != nullptr) options_.coverage->OnReturn(r);
  std::vector<std::uint64_t>& held = a->held[queue_id];
  const std::size_t n =
      std::min<std::size_t>(held.size(), count.value_or(static_cast<std::uint32_t>(held.size())));
  std::vector<std::uint64_t> cookies(held.begin(), held.begin() + static_cast<std::ptrdiff_t>(n));
  held.erase(held.begin(), held.begin() + static_cast<std::ptrdiff_t>(n));
  a->device->Return(cookies);
  const Observed observed = a->device->Take();
  if (options_.describe_steps) {
    std::string completions;
    for (const auto& c : r.completions)
      completions += "; completes " + OidName(c.oid) + " of queue " + std::to_string(c.queue_id);
    view_ = {"returned " + std::to_string(n) + completions,
             "returned " + std::to_string(cookies.size()) + ObservedText(observed)};
  }
  return CompareSideEffects(*a, r, before, observed, "return") && CompareQueues(*a);
}

}  // namespace vmqkit::conformance
