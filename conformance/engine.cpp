#include "conformance/engine.h"

#include <algorithm>
#include <cctype>

#include "ndis/constants.h"
#include "ndis/frame.h"
#include "ndis/oids.h"
#include "spec/capabilities.h"

namespace vmqkit::conformance {

nlohmann::json FindingJson(const Finding& finding, std::size_t line) {
  return {{"line", line},
          {"rule", finding.rule},
          {"source", finding.source},
          {"message", finding.message}};
}
namespace {

using ndis::NdisStatus;
using nlohmann::json;

constexpr const char* kReadRulesSource =
    "[WDD] standardized-inf-keywords-for-vmq, handling-sr-iov--vmq--and-rss-standardized-inf-"
    "keywords; docs/errata.md E-016";
constexpr const char* kHardwareCapsSource =
    "[WDD] standardized-inf-keywords-for-vmq (\"must always report the complete ... hardware "
    "capabilities\"); [WDD] oid-receive-filter-hardware-capabilities";
constexpr const char* kCurrentCapsSource =
    "[WDD] standardized-inf-keywords-for-vmq (current capabilities follow the keywords); [DDI] "
    "ns-ntddndis-_ndis_receive_filter_capabilities";
constexpr const char* kFreeSource = "[WDD] freeing-a-vm-queue; [WDD] queue-states-and-operations";
constexpr const char* kRouteSource = "[WDD] vmq-receive-filters; [WDD] queue-states-and-operations";
constexpr const char* kIndicationSource =
    "[WDD] vmq-receive-path; [DDI] NET_BUFFER_LIST filtering info";

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string StatusName(std::uint32_t status) {
  return ndis::ToString(static_cast<NdisStatus>(status));
}

std::string OidName(ndis::Oid oid) {
  const ndis::OidInfo* info = ndis::FindOid(oid);
  return info != nullptr ? std::string(info->name) : std::to_string(oid);
}

std::string OidSlug(ndis::Oid oid) {
  std::string name = Lower(OidName(oid));
  std::replace(name.begin(), name.end(), '_', '-');
  return name;
}

void PutU32(ndis::Bytes& bytes, std::size_t offset, std::uint32_t value) {
  if (bytes.size() < offset + 4) return;
  for (std::size_t i = 0; i < 4; ++i)
    bytes[offset + i] = static_cast<std::uint8_t>(value >> (8 * i));
}

std::uint32_t LowestFree(const auto& map, std::uint32_t first, std::uint32_t last) {
  for (std::uint32_t id = first; id <= last && id != 0; ++id) {
    if (!map.contains(id)) return id;
  }
  return 0;
}

// Field-by-field difference of two capability structures, for a readable finding.
std::string CapsDiff(const ndis::ReceiveFilterCapabilities& expected,
                     const ndis::ReceiveFilterCapabilities& actual) {
  struct Field {
    const char* name;
    std::uint32_t ndis::ReceiveFilterCapabilities::*member;
  };
  static constexpr Field kFields[] = {
      {"Flags", &ndis::ReceiveFilterCapabilities::flags},
      {"EnabledFilterTypes", &ndis::ReceiveFilterCapabilities::enabled_filter_types},
      {"EnabledQueueTypes", &ndis::ReceiveFilterCapabilities::enabled_queue_types},
      {"NumQueues", &ndis::ReceiveFilterCapabilities::num_queues},
      {"SupportedQueueProperties", &ndis::ReceiveFilterCapabilities::supported_queue_properties},
      {"SupportedFilterTests", &ndis::ReceiveFilterCapabilities::supported_filter_tests},
      {"SupportedHeaders", &ndis::ReceiveFilterCapabilities::supported_headers},
      {"SupportedMacHeaderFields", &ndis::ReceiveFilterCapabilities::supported_mac_header_fields},
      {"MaxMacHeaderFilters", &ndis::ReceiveFilterCapabilities::max_mac_header_filters},
      {"MinLookaheadSplitSize", &ndis::ReceiveFilterCapabilities::min_lookahead_split_size},
      {"MaxLookaheadSplitSize", &ndis::ReceiveFilterCapabilities::max_lookahead_split_size},
  };
  std::string out;
  if (expected.revision != actual.revision) {
    out += "Header.Revision " + std::to_string(actual.revision) + " (expected " +
           std::to_string(expected.revision) + ") ";
  }
  for (const Field& f : kFields) {
    if (expected.*f.member != actual.*f.member) {
      out += std::string(f.name) + " " + std::to_string(actual.*f.member) + " (expected " +
             std::to_string(expected.*f.member) + ") ";
    }
  }
  return out.empty() ? "the encodings differ" : out;
}

// The information buffer could not be read as the OID's structure ([HDR] ntddndis.h checks): the
// model's decoder names these rules "buffer.*".
bool IsBufferRefusal(const spec::StepResult& r) {
  return r.rule.rfind("buffer.", 0) == 0;
}

// OIDs (and request kinds) NDIS completes from its own state ([WDD] oid-receive-filter-*: "NDIS
// handles this OID"), read from the OID table.
bool AnsweredByNdis(const spec::OidRequest& request) {
  const ndis::OidInfo* info = ndis::FindOid(request.oid);
  if (info == nullptr) return false;
  const ndis::OidRequestRule* rule = ndis::FindRule(*info, request.kind);
  return rule != nullptr && rule->answerer == ndis::Answerer::kNdis;
}

// An NDIS_STATUS with the error severity ([HDR] ntstatus.h: the two top bits set).
bool IsFailureStatus(std::uint32_t status) {
  return (status & 0xC0000000u) == 0xC0000000u;
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

std::string PermittedText(const spec::StepResult& r) {
  std::vector<std::string> names;
  for (auto s : r.permitted) names.push_back(ndis::ToString(s));
  return ndis::ToString(r.status) + " (permitted: " + Join(names) + ")";
}

std::string ObservedText(const Observed& observed) {
  std::string out;
  for (const auto& i : observed.indications)
    out += "; indicated on queue " + std::to_string(i.queue_id);
  for (const auto& s : observed.statuses) out += "; status " + StatusName(s.code);
  for (const auto& c : observed.completions)
    out += "; completed request " + std::to_string(c.request_id) + " " + StatusName(c.status);
  return out;
}

}  // namespace

std::string ToHex(ndis::ByteView bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (std::uint8_t b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0xF]);
  }
  return out;
}

spec::VmqHardware HardwareFrom(const ndis::ReceiveFilterCapabilities& caps) {
  spec::VmqHardware hw;
  hw.num_queues = caps.num_queues;
  hw.max_mac_header_filters = caps.max_mac_header_filters;
  hw.vlan_id_filtering = (caps.supported_mac_header_fields & ndis::kMacHeaderVlanIdSupported) != 0;
  hw.lookahead_split = (caps.supported_queue_properties & ndis::kLookaheadSplitSupported) != 0;
  hw.min_lookahead_split_size = caps.min_lookahead_split_size;
  hw.max_lookahead_split_size = caps.max_lookahead_split_size;
  hw.dynamic_affinity =
      (caps.supported_queue_properties & ndis::kDynamicProcessorAffinityChangeSupported) != 0;
  hw.interrupt_coalescing =
      (caps.supported_queue_properties & ndis::kInterruptVectorCoalescingSupported) != 0;
  hw.msi_x = (caps.supported_queue_properties & ndis::kMsiXSupported) != 0;
  return hw;
}

json ConfigureLine(const std::string& adapter, const spec::ModelConfig& c) {
  json line = {{"step", "configure"}, {"adapter", adapter}, {"ndis", ndis::ToString(c.version)}};
  line["support"] = {{"rss", c.support.rss}, {"vmq", c.support.vmq}, {"sriov", c.support.sriov}};
  line["link_speed"] = c.link_speed_bps;
  auto keys = [](const spec::RegistryKey& key) {
    json out = json::object();
    for (const auto& v : key.values) {
      if (v.type == spec::RegType::kDword) {
        out[v.name] = v.number;
      } else {
        out[v.name] = v.text;
      }
    }
    return out;
  };
  line["keywords"] = keys(c.adapter_keywords);
  if (!c.vmsmp_parameters.values.empty()) line["vmsmp"] = keys(c.vmsmp_parameters);
  json groups = json::array();
  for (std::uint64_t mask : c.processor_groups) {
    char text[24];
    std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(mask));
    groups.push_back(text);
  }
  line["processors"] = groups;
  return line;
}

Engine::Engine(DeviceFactory factory, EngineOptions options)
    : factory_(std::move(factory)), options_(options) {}

const spec::VmqModel* Engine::Model(const std::string& adapter) const {
  auto it = adapters_.find(adapter);
  if (it == adapters_.end() || !it->second.model) return nullptr;
  return &*it->second.model;
}

void Engine::Record(const json& line) {
  lines_.push_back(line);
  ++steps_;
  if (on_step_) on_step_(line);
}

void Engine::Fail(Finding finding) {
  if (!finding_) finding_ = std::move(finding);
}

bool Engine::Check(bool ok, const std::string& rule, const std::string& source,
                   const std::string& message) {
  if (!ok) Fail({rule, source, message});
  return ok;
}

Engine::Adapter* Engine::Find(const std::string& adapter, const json& line) {
  Record(line);
  auto it = adapters_.find(adapter);
  if (it == adapters_.end() || !it->second.model) {
    Fail({"suite.adapter-initialized", "docs/dut-abi.md",
          "adapter " + adapter + " is not configured and initialized"});
    return nullptr;
  }
  return &it->second;
}

bool Engine::Configure(const std::string& adapter, const spec::ModelConfig& config) {
  if (failed()) return false;
  Record(ConfigureLine(adapter, config));
  Adapter a;
  a.config = config;
  a.configure_line = lines_.size() - 1;
  a.instance = static_cast<std::uint32_t>(adapters_.size());
  a.device = factory_(PlatformSpec{config, a.instance});
  if (!Check(a.device != nullptr, "dut.create", "docs/dut-abi.md (create)",
             "the DUT's create returned NULL")) {
    return false;
  }
  adapters_.insert_or_assign(adapter, std::move(a));
  return true;
}

bool Engine::Initialize(const std::string& name) {
  if (failed()) return false;
  Record({{"step", "initialize"}, {"adapter", name}});
  auto it = adapters_.find(name);
  if (it == adapters_.end()) {
    Fail({"suite.adapter-configured", "docs/dut-abi.md", "adapter " + name + " is not configured"});
    return false;
  }
  Adapter& a = it->second;
  const InitializeOutput out = a.device->Initialize();
  const Observed observed = a.device->Take();
  if (options_.describe_steps) {
    view_ = {"", StatusName(out.status) + ", " + std::to_string(observed.reads.size()) +
                     " keywords read"};
  }
  if (!Check(out.status == 0, "initialize.status", "[DDI] MiniportInitializeEx",
             "initialize returned " + StatusName(out.status))) {
    return false;
  }
  auto hardware = ndis::DecodeReceiveFilterCapabilities(out.hardware);
  auto current = ndis::DecodeReceiveFilterCapabilities(out.current);
  if (!Check(hardware.ok(), "capabilities.structure",
             "[HDR] ntddndis.h NDIS_RECEIVE_FILTER_CAPABILITIES",
             "hardware capabilities: " + (hardware ? std::string() : hardware.failure().reason)) ||
      !Check(current.ok(), "capabilities.structure",
             "[HDR] ntddndis.h NDIS_RECEIVE_FILTER_CAPABILITIES",
             "current capabilities: " + (current ? std::string() : current.failure().reason))) {
    return false;
  }
  // The hardware the DUT describes is the hardware the model reasons about; what the keywords do
  // to it, and what the rules demand of it, are then the model's.
  a.config.hardware = HardwareFrom(*hardware);
  lines_[a.configure_line]["hardware"] = {
      {"num_queues", a.config.hardware.num_queues},
      {"max_mac_header_filters", a.config.hardware.max_mac_header_filters},
      {"vlan_id_filtering", a.config.hardware.vlan_id_filtering},
      {"lookahead_split", a.config.hardware.lookahead_split},
      {"dynamic_affinity", a.config.hardware.dynamic_affinity},
      {"interrupt_coalescing", a.config.hardware.interrupt_coalescing},
      {"msi_x", a.config.hardware.msi_x}};
  a.model.emplace(a.config);
  const spec::StepResult r = a.model->Initialize();
  const spec::AdvertiseDecision& d = a.model->decision();

  std::vector<std::string> read;
  for (const ConfigRead& entry : observed.reads) read.push_back(Lower(entry.keyword));
  auto was_read = [&](const std::string& keyword) {
    return std::find(read.begin(), read.end(), Lower(keyword)) != read.end();
  };
  for (const std::string& keyword : d.must_read) {
    if (!Check(was_read(keyword), "read-rules.must-read", kReadRulesSource,
               "the driver did not read " + keyword + " (decision row " + d.row + ", preference " +
                   std::string(spec::ToString(d.preference)) + ")")) {
      return false;
    }
  }
  for (const std::string& keyword : d.must_not_read) {
    if (!Check(!was_read(keyword), "read-rules.must-not-read", kReadRulesSource,
               "the driver read " + keyword + ", which it must not read here (decision row " +
                   d.row + ", interface " + std::string(spec::ToString(d.interface)) + ")")) {
      return false;
    }
  }
  spec::CapabilityCheckInput check;
  check.version = a.config.version;
  check.hardware = *hardware;
  check.current = *current;
  check.vmq_hardware = a.config.support.vmq;  // E-655
  for (const auto& violation : spec::CheckCapabilities(check)) {
    Fail({"capabilities." + violation.rule, violation.source, violation.message});
    return false;
  }
  const auto& caps = a.model->capabilities();
  if (!Check(*hardware == caps.hardware, "capabilities.hardware-complete", kHardwareCapsSource,
             "hardware capabilities: " + CapsDiff(caps.hardware, *hardware))) {
    return false;
  }
  // The interface the DUT enabled must be one the sources permit for these keywords.
  const bool dut_vmq = (current->enabled_queue_types & ndis::kVmQueuesEnabled) != 0;
  bool permitted_vmq = false;
  bool permitted_none = false;
  for (auto iface : d.permitted) {
    (spec::UsesVmq(iface) ? permitted_vmq : permitted_none) = true;
  }
  if (dut_vmq != spec::UsesVmq(d.interface) && (dut_vmq ? permitted_vmq : permitted_none) &&
      !options_.strict) {
    Fail({"capabilities.current-follows-keywords", kCurrentCapsSource,
          "the DUT chose another permitted interface; rerun with a configuration the model pins "
          "(row " +
              d.row + ")"});
    return false;
  }
  if (!Check(*current == caps.current, "capabilities.current-follows-keywords", kCurrentCapsSource,
             "current capabilities (row " + d.row + ", interface " +
                 std::string(spec::ToString(d.interface)) +
                 "): " + CapsDiff(caps.current, *current))) {
    return false;
  }
  if (options_.describe_steps) {
    view_.model = ndis::ToString(r.status) + ": interface " +
                  std::string(spec::ToString(d.interface)) + " (row " + d.row + "), NumQueues " +
                  std::to_string(caps.current.num_queues);
  }
  return true;
}

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
                     (state ? std::string() : state.failure().reason)) ||
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

bool Engine::Oid(const std::string& name, const spec::OidRequest& request, Delivery delivery) {
  if (failed()) return false;
  json line = {{"step", "oid"},
               {"adapter", name},
               {"oid", OidName(request.oid)},
               {"kind", std::string(ndis::ToString(request.kind))},
               {"buffer", ToHex(request.buffer)}};
  if (request.output_length) line["output_length"] = *request.output_length;
  if (delivery == Delivery::kDirect) line["deliver"] = "direct";
  Adapter* a = Find(name, line);
  if (a == nullptr) return false;
  // The ids NDIS would assign to this request ([WDD] allocating-a-vm-queue, setting-a-vmq-filter).
  const std::uint32_t next_queue =
      LowestFree(a->model->queues(), 1,
                 std::max<std::uint32_t>(1, a->model->capabilities().current.num_queues));
  const std::uint32_t next_filter = LowestFree(a->model->filters(), 1, 0xFFFFFFFFu);
  const spec::VmqModel before = *a->model;
  const spec::StepResult r = a->model->Request(request);
  bool any_failure = false;
  if (options_.describe_steps) view_ = {PermittedText(r), "not passed down (NDIS answers)"};
  if (delivery == Delivery::kAsNdis &&
      (r.rejected_by == spec::Side::kNdis || AnsweredByNdis(request))) {
    // NDIS refuses it, or answers it from its own records: the miniport never sees it
    // (docs/dut-abi.md "Division of labour"; docs/errata.md E-650).
    return true;
  }
  if (delivery == Delivery::kDirect && r.rejected_by == spec::Side::kNdis && !IsBufferRefusal(r)) {
    // A request NDIS would refuse for what it means, not for how it is encoded: no page says which
    // status a miniport gives it, so any failure status is conformant, and it must change nothing
    // (docs/errata.md E-651). Malformed buffers keep the decoder's exact status.
    any_failure = true;
    if (options_.describe_steps) view_.model += " or any failure status (E-651)";
  }

  OidCall call;
  call.request_id = next_request_++;
  call.oid = request.oid;
  call.request_type = static_cast<std::uint32_t>(request.kind);
  call.buffer = request.buffer;
  if (request.oid == ndis::kOidReceiveFilterAllocateQueue) PutU32(call.buffer, 12, next_queue);
  if (request.oid == ndis::kOidReceiveFilterSetFilter) PutU32(call.buffer, 16, next_filter);
  call.output_length =
      request.kind == ndis::RequestKind::kSet
          ? 0
          : request.output_length.value_or(static_cast<std::uint32_t>(call.buffer.size()));
  const OidOutput out = a->device->Request(call);
  const Observed observed = a->device->Take();
  const std::string what = OidSlug(request.oid);
  // BytesWritten counts bytes written into InformationBuffer: never more than it holds, and
  // nothing past its end (docs/errata.md E-950).
  const std::size_t capacity = std::max<std::size_t>(call.buffer.size(), call.output_length);
  if (!Check(!out.wrote_past_buffer, "buffer.write-past-end",
             "[DDI] ns-oidrequest-ndis_oid_request (InformationBufferLength)",
             what + ": the DUT wrote past the end of the " + std::to_string(capacity) +
                 "-byte information buffer") ||
      !Check(out.bytes_written <= capacity, "buffer.bytes-written-within-buffer",
             "[DDI] ns-oidrequest-ndis_oid_request (BytesWritten)",
             what + ": BytesWritten " + std::to_string(out.bytes_written) +
                 " but the information buffer holds " + std::to_string(capacity) + " bytes")) {
    return false;
  }
  if (options_.describe_steps) {
    view_.dut = StatusName(out.status) + ", BytesWritten " + std::to_string(out.bytes_written) +
                ", BytesNeeded " + std::to_string(out.bytes_needed) + ObservedText(observed);
  }
  if (!CompareStatus(r, out.status, what, any_failure)) return false;
  const auto status = static_cast<NdisStatus>(out.status);
  if (status != r.status && status != NdisStatus::kPending) {
    // The DUT took another permitted branch (a refusal the sources allow): the model follows it.
    *a->model = before;
    return CompareSideEffects(*a, spec::StepResult{}, observed, what) && CompareQueues(*a);
  }
  if (status == NdisStatus::kInvalidLength &&
      !Check(out.bytes_needed == r.bytes_needed, "buffer.bytes-needed",
             "[WDD] oid-receive-filter-* (INVALID_LENGTH sets BytesNeeded)",
             what + ": BytesNeeded " + std::to_string(out.bytes_needed) + ", expected " +
                 std::to_string(r.bytes_needed))) {
    return false;
  }
  if (status == NdisStatus::kSuccess && request.oid == ndis::kOidReceiveFilterAllocateQueue) {
    auto answer = ndis::DecodeReceiveQueueParameters(
        ndis::ByteView(out.buffer)
            .first(std::min<std::size_t>(out.bytes_written, out.buffer.size())));
    if (!Check(answer.ok() && answer->queue_id == next_queue, "allocate.output",
               "[WDD] oid-receive-filter-allocate-queue (method: the miniport returns the "
               "parameters with MSIXTableEntry)",
               what + ": the returned NDIS_RECEIVE_QUEUE_PARAMETERS " +
                   (answer ? "carry QueueId " + std::to_string(answer->queue_id)
                           : "do not decode: " + answer.failure().reason))) {
      return false;
    }
  }
  if (status == NdisStatus::kPending) {
    std::uint32_t queue_id = 0;
    if (auto free = ndis::DecodeReceiveQueueFreeParameters(request.buffer))
      queue_id = free->queue_id;
    a->pending.push_back({call.request_id, request.oid, queue_id});
    if (r.status == NdisStatus::kSuccess && request.oid == ndis::kOidReceiveFilterFreeQueue) {
      // The model completed synchronously; a pended free must complete within this step.
      spec::StepResult expected = r;
      expected.completions.push_back({request.oid, queue_id, NdisStatus::kSuccess});
      return CompareSideEffects(*a, expected, observed, what) && CompareQueues(*a);
    }
  }
  return CompareSideEffects(*a, r, observed, what) && CompareQueues(*a);
}

bool Engine::Rx(const std::string& name, const ndis::Bytes& frame, bool hold) {
  if (failed()) return false;
  json line = {{"step", "rx"}, {"adapter", name}, {"hex", ToHex(frame)}};
  if (hold) line["hold"] = true;
  Adapter* a = Find(name, line);
  if (a == nullptr) return false;
  const spec::VmqModel before = *a->model;
  const spec::StepResult r = a->model->Receive(frame, hold);
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
  auto fail = [&](const std::string& rule, const std::string& source, const std::string& message) {
    Fail({rule, source, message + " (" + route.reason + ")"});
    ReturnUnheld(*a, cookies);
    return false;
  };
  if (drop) {
    if (!observed.indications.empty()) {
      return fail("route.discard-malformed", "IEEE 802.3 4.2.4.2.2" + errata,
                  "a malformed frame was indicated on queue " +
                      std::to_string(observed.indications.front().queue_id));
    }
    return CompareSideEffects(*a, r, observed, "receive") && CompareQueues(*a);
  }
  if (observed.indications.empty()) {
    return fail("route.frame-delivered", kRouteSource + errata,
                "the frame was not indicated; permitted: " + spec::ToString(route.strict));
  }
  if (observed.indications.size() > 1) {
    return fail(
        "route.one-indication-per-frame", kRouteSource + errata,
        "the frame was indicated " + std::to_string(observed.indications.size()) + " times");
  }
  const ReceiveIndication& got = observed.indications.front();
  const spec::RouteOutcome chosen = spec::QueueOutcome(got.queue_id);
  bool permitted =
      std::find(route.permitted.begin(), route.permitted.end(), chosen) != route.permitted.end();
  if (options_.strict) permitted = chosen == route.strict;
  if (!permitted) {
    std::vector<std::string> names;
    for (const auto& o : route.permitted) names.push_back(spec::ToString(o));
    return fail("route.permitted-queue", kRouteSource + errata,
                "indicated on " + spec::ToString(chosen) + "; permitted: " + Join(names));
  }
  // The frame as received, or with its 802.1Q tag stripped into the 8021Q OOB info (NDIS 6.30).
  bool intact = got.frame == frame;
  if (!intact && route.frame && route.frame->tag && frame.size() >= 16 &&
      got.vlan_id == route.frame->tag->vlan_id) {
    ndis::Bytes stripped(frame.begin(), frame.begin() + 12);
    stripped.insert(stripped.end(), frame.begin() + 16, frame.end());
    intact = got.frame == stripped;
  }
  if (!intact)
    return fail("indication.frame-intact", kIndicationSource,
                "the indicated frame differs from the one received");
  if (got.filter_id != 0) {
    return fail("indication.filter-id-zero", kIndicationSource,
                "FilterId " + std::to_string(got.filter_id) +
                    " in the indication; VMQ indications carry 0");
  }
  if (got.queue_id != 0) {
    const auto& queue = a->model->queues().at(got.queue_id);
    if ((queue.parameters.flags & ndis::kQueuePerQueueReceiveIndication) != 0 &&
        (got.flags & VMQKIT_RECEIVE_FLAG_SINGLE_QUEUE) == 0) {
      return fail(
          "indication.single-queue-flag",
          "[DDI] NDIS_RECEIVE_QUEUE_PARAMETERS (PER_QUEUE_RECEIVE_INDICATION)",
          "queue " + std::to_string(got.queue_id) +
              " asked for per-queue indications; the call lacks NDIS_RECEIVE_FLAGS_SINGLE_QUEUE");
    }
  }
  if (hold && chosen == route.strict) {
    a->held[got.queue_id].push_back(got.cookie);
  } else {
    if (hold) {
      // The DUT chose another permitted queue: the model follows it without holding the frame.
      *a->model = before;
      (void)a->model->Receive(frame, false);
    }
    ReturnUnheld(*a, cookies);
  }
  return CompareSideEffects(*a, r, observed, "receive") && CompareQueues(*a);
}

bool Engine::Return(const std::string& name, std::uint32_t queue_id,
                    std::optional<std::uint32_t> count) {
  if (failed()) return false;
  json line = {{"step", "return"}, {"adapter", name}, {"queue_id", queue_id}};
  if (count) line["count"] = *count;
  Adapter* a = Find(name, line);
  if (a == nullptr) return false;
  const spec::StepResult r = a->model->ReturnIndications(queue_id, count);
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
  return CompareSideEffects(*a, r, observed, "return") && CompareQueues(*a);
}

}  // namespace vmqkit::conformance
