#include "conformance/coverage_model.h"

#include <algorithm>
#include <array>
#include <variant>

#include "ndis/frame.h"
#include "ndis/oids.h"

namespace vmqkit::conformance {
namespace {

using ndis::NdisStatus;
using spec::QueueEvent;
using spec::QueueState;

// ---- The declared model --------------------------------------------------------------------

constexpr std::string_view kUndeclared = "(undeclared)";

constexpr std::array<std::string_view, 3> kVersionBins = {"6.20", "6.30", "6.40 or later"};
constexpr std::array<std::string_view, 4> kInterfaceBins = {"NONE", "RSS", "VMQ", "SR-IOV"};
// The keywords that choose the interface and shape VMQ ([WDD] standardized INF keywords for
// VMQ / RSS / SR-IOV), each absent, 0, 1, or present but unusable (the default applies).
constexpr std::array<std::string_view, 4> kKeywords = {"*VMQ", "*VMQVlanFiltering",
                                                       "*RssOrVmqPreference", "*SriovPreferred"};
constexpr std::array<std::string_view, 16> kKeywordBins = {"*VMQ absent",
                                                           "*VMQ 0",
                                                           "*VMQ 1",
                                                           "*VMQ unusable",
                                                           "*VMQVlanFiltering absent",
                                                           "*VMQVlanFiltering 0",
                                                           "*VMQVlanFiltering 1",
                                                           "*VMQVlanFiltering unusable",
                                                           "*RssOrVmqPreference absent",
                                                           "*RssOrVmqPreference 0",
                                                           "*RssOrVmqPreference 1",
                                                           "*RssOrVmqPreference unusable",
                                                           "*SriovPreferred absent",
                                                           "*SriovPreferred 0",
                                                           "*SriovPreferred 1",
                                                           "*SriovPreferred unusable"};
constexpr std::array<std::string_view, 16> kOidBins = {"ALLOCATE_QUEUE succeeds",
                                                       "ALLOCATE_QUEUE refused",
                                                       "SET_FILTER succeeds",
                                                       "SET_FILTER refused",
                                                       "CLEAR_FILTER succeeds",
                                                       "CLEAR_FILTER refused",
                                                       "FREE_QUEUE succeeds",
                                                       "FREE_QUEUE pends",
                                                       "FREE_QUEUE refused",
                                                       "QUEUE_ALLOCATION_COMPLETE succeeds",
                                                       "QUEUE_ALLOCATION_COMPLETE refused",
                                                       "QUEUE_PARAMETERS set succeeds",
                                                       "QUEUE_PARAMETERS set refused",
                                                       "QUEUE_PARAMETERS query",
                                                       "ENUM_FILTERS",
                                                       "PARAMETERS query"};
// The 30 filled cells of [WDD] queue-states-and-operations, as "event: from -> to".
constexpr std::array<std::string_view, 30> kCellBins = {
    "ALLOCATE_QUEUE: Undefined -> Allocated",
    "QUEUE_PARAMETERS(query): Allocated",
    "QUEUE_PARAMETERS(query): Set",
    "QUEUE_PARAMETERS(query): Running",
    "QUEUE_PARAMETERS(query): Paused",
    "QUEUE_PARAMETERS(set): Allocated",
    "QUEUE_PARAMETERS(set): Set",
    "QUEUE_PARAMETERS(set): Running",
    "QUEUE_PARAMETERS(set): Paused",
    "SET_FILTER: Allocated -> Set",
    "SET_FILTER: Set -> Set",
    "SET_FILTER: Running -> Running",
    "SET_FILTER: Paused -> Running",
    "CLEAR_FILTER(last): Set -> Allocated",
    "CLEAR_FILTER(last): Running -> Paused",
    "CLEAR_FILTER(not last): Set -> Set",
    "CLEAR_FILTER(not last): Running -> Running",
    "ENUM_FILTERS: Allocated",
    "ENUM_FILTERS: Set",
    "ENUM_FILTERS: Running",
    "ENUM_FILTERS: Paused",
    "PARAMETERS(query): Set",
    "PARAMETERS(query): Running",
    "QUEUE_ALLOCATION_COMPLETE: Allocated -> Paused",
    "QUEUE_ALLOCATION_COMPLETE: Set -> Running",
    "receive packet: Running",
    "FREE_QUEUE: Allocated -> DmaStopped",
    "FREE_QUEUE: Paused -> DmaStopped",
    "DMA stopped indicated: DmaStopped -> Freeing",
    "indications complete: Freeing -> Undefined"};
// Blank cells refused, per OID (a queue in a state the table leaves blank for that event). The
// filter OIDs have no reachable blank cell: a filter exists only on a Set or Running queue.
constexpr std::array<std::string_view, 5> kBlankBins = {
    "QUEUE_ALLOCATION_COMPLETE", "FREE_QUEUE", "SET_FILTER", "QUEUE_PARAMETERS", "ENUM_FILTERS"};
constexpr std::array<std::string_view, 5> kFilterKindBins = {
    "unicast, VLAN id", "unicast, untagged or priority", "unicast, any VLAN (MAC only)",
    "multicast", "broadcast"};
constexpr std::array<std::string_view, 3> kFilterVlanBins = {"1", "2..4093", "4094"};
// Frame kind x VLAN form of every frame put on the wire.
constexpr std::array<std::string_view, 11> kFrameBins = {
    "unicast, untagged",   "unicast, priority-tagged",   "unicast, VLAN-tagged",
    "multicast, untagged", "multicast, priority-tagged", "multicast, VLAN-tagged",
    "broadcast, untagged", "broadcast, priority-tagged", "broadcast, VLAN-tagged",
    "802.1ad service tag", "runt or truncated"};
constexpr std::array<std::string_view, 5> kFrameVlanBins = {"0", "1", "2..4093", "4094", "4095"};
constexpr std::array<std::string_view, 4> kTagBitBins = {"PCP 0", "PCP 1..7", "DEI 0", "DEI 1"};
constexpr std::array<std::string_view, 6> kRouteBins = {
    "default queue: no filter matches", "VM queue: unicast filter",
    "VM queue: group-address filter",   "default queue: the matching queue is not Running",
    "several queues permitted",         "drop"};
constexpr std::array<std::string_view, 5> kLifecycleBins = {
    "ALLOCATE_QUEUE with all NumQueues allocated", "more allocations than NumQueues on one adapter",
    "queue id reused after FREE_QUEUE", "SET_FILTER with the filter table full",
    "FREE_QUEUE completed by returned indications"};

constexpr std::array<CoverageGroup, 13> kModel = {{
    {"ndis-version", "each initialize: the adapter's NDIS version", kVersionBins},
    {"interface", "each initialize: the interface the model enables", kInterfaceBins},
    {"keywords", "each initialize: the keyword values the decision read", kKeywordBins},
    {"oid", "each OID request: its outcome in the model", kOidBins},
    {"queue-table", "each documented queue-table cell the model takes", kCellBins},
    {"blank-cell", "each OID refused because its queue-table cell is blank", kBlankBins},
    {"filter-kind", "each filter set: its kind", kFilterKindBins},
    {"filter-vlan-id", "each filter set with a VLAN id: the id's range", kFilterVlanBins},
    {"frame", "each frame on the wire: destination kind x VLAN form", kFrameBins},
    {"frame-vlan-id", "each 802.1Q-tagged frame: its VLAN id", kFrameVlanBins},
    {"tag-bits", "each 802.1Q-tagged frame: its priority (PCP) and DEI bits", kTagBitBins},
    {"route", "each frame: the outcomes the model permits", kRouteBins},
    {"lifecycle", "each OID request: queue and filter table exhaustion and reuse", kLifecycleBins},
}};

// Where each group's bins start in the flat table of counts (Coverage::Hit(std::size_t)).
constexpr std::array<std::size_t, kModel.size() + 1> kFirstBin = [] {
  std::array<std::size_t, kModel.size() + 1> first{};
  for (std::size_t g = 0; g < kModel.size(); ++g) first[g + 1] = first[g] + kModel[g].bins.size();
  return first;
}();
constexpr std::size_t kBinCount = kFirstBin.back();

std::optional<std::size_t> FindGroup(std::string_view name) {
  for (std::size_t g = 0; g < kModel.size(); ++g) {
    if (kModel[g].name == name) return g;
  }
  return std::nullopt;
}

// The index of a bin named at run time, when the model declares it.
std::optional<std::size_t> FindBin(std::string_view group, std::string_view bin) {
  const auto g = FindGroup(group);
  if (!g) return std::nullopt;
  const auto bins = kModel[*g].bins;
  const auto it = std::find(bins.begin(), bins.end(), bin);
  if (it == bins.end()) return std::nullopt;
  return kFirstBin[*g] + static_cast<std::size_t>(it - bins.begin());
}

// The index of a declared bin, resolved when the program is compiled: a name the model does not
// declare does not compile.
consteval std::size_t Bin(std::string_view group, std::string_view bin) {
  for (std::size_t g = 0; g < kModel.size(); ++g) {
    if (kModel[g].name != group) continue;
    for (std::size_t b = 0; b < kModel[g].bins.size(); ++b) {
      if (kModel[g].bins[b] == bin) return kFirstBin[g] + b;
    }
  }
  throw "coverage bin not declared";
}

// kFrameBins is destination kind (unicast, multicast, broadcast) x VLAN form (untagged,
// priority-tagged, VLAN-tagged), row by row: OnReceive indexes it so.
static_assert(kFrameBins[0] == "unicast, untagged" &&
              kFrameBins[4] == "multicast, priority-tagged" &&
              kFrameBins[8] == "broadcast, VLAN-tagged");

// ---- Sampling helpers -----------------------------------------------------------------------

std::string_view VersionBin(ndis::NdisVersion v) {
  if (v < ndis::kNdis630) return kVersionBins[0];
  if (v < ndis::kNdis640) return kVersionBins[1];
  return kVersionBins[2];
}

std::string_view VlanRangeBin(std::uint16_t vid) {
  if (vid == 1) return "1";
  if (vid == 4094) return "4094";
  return "2..4093";
}

std::string_view OidName(ndis::Oid oid) {
  switch (oid) {
    case ndis::kOidReceiveFilterAllocateQueue:
      return "ALLOCATE_QUEUE";
    case ndis::kOidReceiveFilterSetFilter:
      return "SET_FILTER";
    case ndis::kOidReceiveFilterClearFilter:
      return "CLEAR_FILTER";
    case ndis::kOidReceiveFilterFreeQueue:
      return "FREE_QUEUE";
    case ndis::kOidReceiveFilterQueueAllocationComplete:
      return "QUEUE_ALLOCATION_COMPLETE";
    case ndis::kOidReceiveFilterQueueParameters:
      return "QUEUE_PARAMETERS";
    case ndis::kOidReceiveFilterEnumFilters:
      return "ENUM_FILTERS";
    case ndis::kOidReceiveFilterParameters:
      return "PARAMETERS";
    default:
      return "";
  }
}

// A cell bin: "event: state" for the events that leave the state as it is (the table lists them
// "to specify the states where these events are valid"), else "event: from -> to".
std::string CellBin(QueueEvent event, QueueState from, QueueState to) {
  const std::string name =
      std::string(spec::ToString(event)) + ": " + std::string(spec::ToString(from));
  switch (event) {
    case QueueEvent::kQueueParametersQuery:
    case QueueEvent::kQueueParametersSet:
    case QueueEvent::kEnumFilters:
    case QueueEvent::kFilterParametersQuery:
    case QueueEvent::kReceivePacket:
      return name;
    default:
      return name + " -> " + std::string(spec::ToString(to));
  }
}

// The queue a successful OID request acted on, and the table's event for it, when the request
// may leave the queue's state unchanged (the model records only changes as transitions).
std::optional<std::pair<std::uint32_t, QueueEvent>> SameStateEvent(
    const spec::VmqModel& before, const spec::OidRequest& request) {
  switch (request.oid) {
    case ndis::kOidReceiveFilterSetFilter:
      if (auto f = ndis::DecodeReceiveFilterParameters(request.buffer)) {
        return std::pair{f->queue_id, QueueEvent::kSetFilter};
      }
      break;
    case ndis::kOidReceiveFilterClearFilter:
      if (auto c = ndis::DecodeReceiveFilterClearParameters(request.buffer)) {
        const auto q = before.queues().find(c->queue_id);
        const bool last = q != before.queues().end() && q->second.filter_ids.size() == 1;
        return std::pair{c->queue_id,
                         last ? QueueEvent::kClearLastFilter : QueueEvent::kClearNotLastFilter};
      }
      break;
    case ndis::kOidReceiveFilterQueueParameters:
      if (auto q = ndis::DecodeReceiveQueueParameters(request.buffer)) {
        return std::pair{q->queue_id, request.kind == ndis::RequestKind::kSet
                                          ? QueueEvent::kQueueParametersSet
                                          : QueueEvent::kQueueParametersQuery};
      }
      break;
    case ndis::kOidReceiveFilterEnumFilters:
      if (auto a = ndis::DecodeReceiveFilterInfoArray(request.buffer)) {
        return std::pair{a->queue_id, QueueEvent::kEnumFilters};
      }
      break;
    case ndis::kOidReceiveFilterParameters:
      if (auto f = ndis::DecodeReceiveFilterParameters(request.buffer)) {
        if (auto it = before.filters().find(f->filter_id); it != before.filters().end()) {
          return std::pair{it->second.queue_id, QueueEvent::kFilterParametersQuery};
        }
      }
      break;
    default:
      break;
  }
  return std::nullopt;
}

std::string Padded(std::string text, std::size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

std::string Fraction(std::size_t closed, std::size_t total) {
  return std::to_string(closed) + "/" + std::to_string(total);
}

bool IsSuccess(NdisStatus s) {
  return s == NdisStatus::kSuccess || s == NdisStatus::kPending;
}

}  // namespace

std::span<const CoverageGroup> CoverageModel() {
  return kModel;
}

Coverage::Coverage() : counts_(kBinCount, 0) {}

void Coverage::Hit(std::string_view group, std::string_view bin) {
  if (const auto index = FindBin(group, bin)) {
    Hit(*index);
  } else {
    undeclared_[std::string(group)] += 1;
  }
}

std::uint64_t Coverage::Count(std::string_view group, std::string_view bin) const {
  if (bin == kUndeclared) {
    const auto it = undeclared_.find(group);
    return it == undeclared_.end() ? 0 : it->second;
  }
  const auto index = FindBin(group, bin);
  return index ? counts_[*index] : 0;
}

bool Coverage::empty() const {
  return undeclared_.empty() &&
         std::all_of(counts_.begin(), counts_.end(), [](std::uint64_t n) { return n == 0; });
}

void Coverage::Merge(const Coverage& other) {
  for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
  for (const auto& [group, count] : other.undeclared_) undeclared_[group] += count;
}

std::vector<std::string> Coverage::OpenBins() const {
  std::vector<std::string> open;
  for (std::size_t g = 0; g < kModel.size(); ++g) {
    for (std::size_t b = 0; b < kModel[g].bins.size(); ++b) {
      if (counts_[kFirstBin[g] + b] == 0) {
        open.push_back(std::string(kModel[g].name) + ": " + std::string(kModel[g].bins[b]));
      }
    }
  }
  return open;
}

std::size_t Coverage::DeclaredBinCount() const {
  return kBinCount;
}

std::size_t Coverage::ClosedBinCount() const {
  return static_cast<std::size_t>(
      std::count_if(counts_.begin(), counts_.end(), [](std::uint64_t n) { return n != 0; }));
}

nlohmann::json Coverage::ToJson() const {
  nlohmann::json groups = nlohmann::json::object();
  for (const CoverageGroup& g : kModel) {
    nlohmann::json bins = nlohmann::json::object();
    for (std::string_view bin : g.bins) bins[std::string(bin)] = Count(g.name, bin);
    if (const std::uint64_t stray = Count(g.name, kUndeclared); stray != 0) {
      bins[std::string(kUndeclared)] = stray;
    }
    groups[std::string(g.name)] = std::move(bins);
  }
  return {{"closed", ClosedBinCount()},
          {"total", DeclaredBinCount()},
          {"open", OpenBins()},
          {"groups", std::move(groups)}};
}

Coverage Coverage::FromJson(const nlohmann::json& json) {
  Coverage c;
  if (!json.is_object() || !json.contains("groups") || !json["groups"].is_object()) return c;
  for (const auto& [group, bins] : json["groups"].items()) {
    if (!bins.is_object()) continue;
    for (const auto& [bin, count] : bins.items()) {
      if (!count.is_number_unsigned() || count.get<std::uint64_t>() == 0) continue;
      const auto index = bin == kUndeclared ? std::nullopt : FindBin(group, bin);
      if (index) {
        c.counts_[*index] += count.get<std::uint64_t>();
      } else {
        c.undeclared_[group] += count.get<std::uint64_t>();
      }
    }
  }
  return c;
}

std::string Coverage::Table() const {
  std::string out = Padded("coverage group", 17) + Padded("closed", 9) + "open bins\n";
  for (const CoverageGroup& g : kModel) {
    std::size_t closed = 0;
    std::vector<std::string_view> open;
    for (std::string_view bin : g.bins) {
      if (Count(g.name, bin) > 0) {
        ++closed;
      } else {
        open.push_back(bin);
      }
    }
    std::string open_text = open.empty() ? "-" : "";
    for (std::size_t i = 0; i < open.size(); ++i) {
      open_text += (i > 0 ? "; " : "") + std::string(open[i]);
    }
    if (Count(g.name, kUndeclared) > 0) open_text += " [undeclared bins hit]";
    out += Padded(std::string(g.name), 17) + Padded(Fraction(closed, g.bins.size()), 9) +
           open_text + "\n";
  }
  out += Padded("total", 17) + Fraction(ClosedBinCount(), DeclaredBinCount()) + "\n";
  return out;
}

// ---- Sampling -------------------------------------------------------------------------------

void Coverage::OnInitialize(const std::string& adapter, const spec::VmqModel& model) {
  lives_[adapter] = Life{};
  Hit("ndis-version", VersionBin(model.config().version));
  const spec::AdvertiseDecision& d = model.decision();
  switch (d.interface) {
    case spec::ReceiveInterface::kNone:
      Hit(Bin("interface", "NONE"));
      break;
    case spec::ReceiveInterface::kRss:
      Hit(Bin("interface", "RSS"));
      break;
    case spec::ReceiveInterface::kVmq:
      Hit(Bin("interface", "VMQ"));
      break;
    case spec::ReceiveInterface::kSriov:
    case spec::ReceiveInterface::kSriovVmq:
      Hit(Bin("interface", "SR-IOV"));
      break;
  }
  for (const spec::KeywordReading& r : d.readings) {
    if (r.spec == nullptr) continue;
    const std::string_view name = r.spec->name;
    if (std::find(kKeywords.begin(), kKeywords.end(), name) == kKeywords.end()) continue;
    std::string_view what = "unusable";
    if (r.origin == spec::ValueOrigin::kDefault) {
      what = "absent";
    } else if (r.origin == spec::ValueOrigin::kRegistry && (r.value == 0 || r.value == 1)) {
      what = r.value == 0 ? "0" : "1";
    } else if (r.origin == spec::ValueOrigin::kRegistry) {
      continue;  // another valid value: not a bin of its own
    }
    Hit("keywords", std::string(name) + " " + std::string(what));
  }
}

void Coverage::OnOid(const std::string& adapter, const spec::VmqModel& before,
                     const spec::OidRequest& request, const spec::StepResult& result,
                     const spec::VmqModel& after) {
  const std::string_view oid = OidName(request.oid);
  const bool ok = IsSuccess(result.status);
  const std::string verb = ok ? " succeeds" : " refused";
  if (request.oid == ndis::kOidReceiveFilterFreeQueue && result.status == NdisStatus::kPending) {
    Hit(Bin("oid", "FREE_QUEUE pends"));
  } else if (request.oid == ndis::kOidReceiveFilterQueueParameters) {
    if (request.kind == ndis::RequestKind::kSet) {
      Hit(ok ? Bin("oid", "QUEUE_PARAMETERS set succeeds")
             : Bin("oid", "QUEUE_PARAMETERS set refused"));
    } else if (ok) {
      Hit(Bin("oid", "QUEUE_PARAMETERS query"));
    }
  } else if (request.oid == ndis::kOidReceiveFilterEnumFilters ||
             request.oid == ndis::kOidReceiveFilterParameters) {
    if (ok) {
      Hit(request.oid == ndis::kOidReceiveFilterParameters ? Bin("oid", "PARAMETERS query")
                                                           : Bin("oid", "ENUM_FILTERS"));
    }
  } else if (!oid.empty()) {
    Hit("oid", std::string(oid) + verb);
  }
  for (const spec::QueueTransition& t : result.transitions) {
    Hit("queue-table", CellBin(t.event, t.from, t.to));
  }
  if (ok) {
    if (const auto same = SameStateEvent(before, request)) {
      const auto queue = same->first;  // not a structured binding: clang 14 cannot capture one
      const auto event = same->second;
      const auto it = before.queues().find(queue);
      const bool changed = std::any_of(result.transitions.begin(), result.transitions.end(),
                                       [&](const auto& t) { return t.queue_id == queue; });
      if (it != before.queues().end() && queue != ndis::kDefaultReceiveQueueId && !changed) {
        Hit("queue-table", CellBin(event, it->second.state, it->second.state));
      }
    }
  }
  if (!ok && result.rule.rfind("table.", 0) == 0) {
    // A blank cell (spec/vmq_model.cpp BlankCell names its rule "table.<event>.<state>").
    Hit("blank-cell", oid);
  }

  Life& life = lives_[adapter];
  const std::uint32_t num_queues = before.capabilities().current.num_queues;
  if (request.oid == ndis::kOidReceiveFilterAllocateQueue) {
    std::size_t live = 0;
    for (const auto& [id, q] : before.queues()) live += id != ndis::kDefaultReceiveQueueId ? 1 : 0;
    if (live >= num_queues && num_queues > 0) Hit(Bin("lifecycle", kLifecycleBins[0]));
    if (result.status == NdisStatus::kSuccess) {
      ++life.allocations;
      if (life.allocations > num_queues && num_queues > 0) Hit(Bin("lifecycle", kLifecycleBins[1]));
      for (const auto& [id, q] : after.queues()) {
        if (before.queues().contains(id)) continue;
        if (life.ids_seen[id]) Hit(Bin("lifecycle", kLifecycleBins[2]));
        life.ids_seen[id] = true;
      }
    }
  }
  if (request.oid == ndis::kOidReceiveFilterSetFilter) {
    if (!ok && result.rule == "set-filter.max-filters") Hit(Bin("lifecycle", kLifecycleBins[3]));
    if (result.status == NdisStatus::kSuccess) {
      for (const std::uint32_t id : result.filters_set) {
        const spec::VmqFilter& filter = after.filters().at(id).filter;
        if (filter.mac.IsBroadcast()) {
          Hit(Bin("filter-kind", "broadcast"));
        } else if (filter.mac.IsMulticast()) {
          Hit(Bin("filter-kind", "multicast"));
        } else if (filter.vlan_id) {
          Hit(Bin("filter-kind", "unicast, VLAN id"));
        } else if (filter.untagged_or_zero) {
          Hit(Bin("filter-kind", "unicast, untagged or priority"));
        } else {
          Hit(Bin("filter-kind", "unicast, any VLAN (MAC only)"));
        }
        if (filter.vlan_id) Hit("filter-vlan-id", VlanRangeBin(*filter.vlan_id));
      }
    }
  }
}

void Coverage::OnReturn(const spec::StepResult& result) {
  for (const spec::QueueTransition& t : result.transitions) {
    Hit("queue-table", CellBin(t.event, t.from, t.to));
    if (t.to == QueueState::kUndefined) Hit(Bin("lifecycle", kLifecycleBins[4]));
  }
}

void Coverage::OnReceive(ndis::ByteView frame, const spec::StepResult& result) {
  const auto parsed = ndis::ParseFrame(frame);
  if (std::holds_alternative<ndis::FrameRejection>(parsed)) {
    Hit(Bin("frame", "runt or truncated"));
  } else {
    const ndis::FrameView& view = std::get<ndis::FrameView>(parsed);
    if (view.service_tag) {
      Hit(Bin("frame", "802.1ad service tag"));
    } else {
      const std::size_t kind = view.destination.IsBroadcast()   ? 2
                               : view.destination.IsMulticast() ? 1
                                                                : 0;
      const std::size_t form = !view.tag ? 0 : view.PriorityTagged() ? 1 : 2;
      Hit(Bin("frame", kFrameBins[0]) + kind * 3 + form);
    }
    if (view.tag) {
      const std::uint16_t vid = view.tag->vlan_id;
      Hit("frame-vlan-id", vid == 0 ? "0" : vid == 4095 ? "4095" : VlanRangeBin(vid));
      Hit(view.tag->priority == 0 ? Bin("tag-bits", "PCP 0") : Bin("tag-bits", "PCP 1..7"));
      Hit(view.tag->drop_eligible ? Bin("tag-bits", "DEI 1") : Bin("tag-bits", "DEI 0"));
    }
  }
  if (!result.route) return;
  const spec::RouteResult& route = *result.route;
  const auto has = [&](std::string_view erratum) {
    return std::find(route.errata.begin(), route.errata.end(), erratum) != route.errata.end();
  };
  if (route.strict.drop) {
    Hit(Bin("route", "drop"));
  } else if (route.strict.queue_id != ndis::kDefaultReceiveQueueId) {
    const bool group = route.frame && route.frame->destination.IsMulticast();
    Hit(group ? Bin("route", "VM queue: group-address filter")
              : Bin("route", "VM queue: unicast filter"));
    Hit(Bin("queue-table", "receive packet: Running"));  // only a Running queue indicates
  } else if (has("E-304")) {
    Hit(Bin("route", "default queue: the matching queue is not Running"));
  } else {
    Hit(Bin("route", "default queue: no filter matches"));
  }
  if (route.permitted.size() > 1) Hit(Bin("route", "several queues permitted"));
}

}  // namespace vmqkit::conformance
