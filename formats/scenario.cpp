#include "formats/scenario.h"

#include <algorithm>
#include <set>

#include "base/text_encoding.h"
#include "formats/json_fields.h"
#include "ndis/constants.h"
#include "ndis/frame.h"

namespace vmqkit::formats {
namespace {

using ndis::NdisStatus;
using nlohmann::json;
using spec::ModelConfig;
using spec::OidRequest;
using spec::RegistryKey;
using spec::RegistryValue;
using spec::RegType;
using spec::VmqModel;

std::u16string Utf16(const std::string& utf8) {
  const std::string bytes = Utf8ToUtf16Le(utf8);
  std::u16string out;
  for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) {
    out.push_back(static_cast<char16_t>(static_cast<std::uint8_t>(bytes[i]) |
                                        (static_cast<std::uint8_t>(bytes[i + 1]) << 8)));
  }
  return out;
}

Result<RegistryKey> Keywords(const json& body, const SourcePos& pos, std::string_view key) {
  RegistryKey out;
  out.path = std::string(key == "vmsmp" ? spec::kVmsmpParametersKey : spec::kNetClassKey);
  out.pos = pos;
  const auto it = body.find(std::string(key));
  if (it == body.end()) return out;
  if (!it->is_object()) return InputError(pos, "\"" + std::string(key) + "\" must be an object");
  for (const auto& [name, value] : it->items()) {
    RegistryValue reg;
    reg.name = name;
    reg.pos = pos;
    if (value.is_string()) {
      reg.type = RegType::kSz;
      reg.text = value.get<std::string>();
    } else if (value.is_number_unsigned()) {
      reg.type = RegType::kDword;
      reg.number = value.get<std::uint64_t>();
    } else {
      return InputError(
          pos, "keyword \"" + name + "\" must be a string (REG_SZ) or a number (REG_DWORD)");
    }
    out.values.push_back(std::move(reg));
  }
  return out;
}

struct ChangeFlag {
  const char* name;
  std::uint32_t bit;
};
constexpr ChangeFlag kChangeFlags[] = {
    {"FLAGS", ndis::kQueueFlagsChanged},
    {"PROCESSOR_AFFINITY", ndis::kQueueProcessorAffinityChanged},
    {"SUGGESTED_RECV_BUFFER_NUMBERS", ndis::kQueueSuggestedRecvBufferNumbersChanged},
    {"NAME", ndis::kQueueNameChanged},
    {"INTERRUPT_COALESCING_DOMAIN_ID", ndis::kQueueInterruptCoalescingDomainIdChanged},
    {"QOS_SQ_ID", ndis::kQueueQosSqIdChanged},
};

std::uint8_t DefaultRevision(const VmqModel& model, std::uint8_t for_630, std::uint8_t for_650) {
  const auto version = model.config().version;
  if (version >= ndis::kNdis650) return for_650;
  return version >= ndis::kNdis630 ? for_630 : ndis::kRevision1;
}

Result<ndis::ReceiveQueueParameters> QueueParams(const json& p, const SourcePos& pos,
                                                 const VmqModel& model) {
  ndis::ReceiveQueueParameters q;
  auto revision = Get<std::uint8_t>(p, pos, "revision", DefaultRevision(model, 2, 3));
  auto flags = Get<std::uint32_t>(p, pos, "flags", 0);
  auto type = Get<std::uint32_t>(p, pos, "queue_type", 1);
  auto queue_id = Get<std::uint32_t>(p, pos, "queue_id", 0);
  auto buffers = Get<std::uint32_t>(p, pos, "num_suggested_receive_buffers", 512);
  auto lookahead = Get<std::uint32_t>(p, pos, "lookahead_size", 0);
  auto port = Get<std::uint32_t>(p, pos, "port_id", 0);
  auto icd = Get<std::uint32_t>(p, pos, "interrupt_coalescing_domain_id", 0);
  auto qos = Get<std::uint32_t>(p, pos, "qos_sq_id", 0);
  auto vm_name = GetString(p, pos, "vm_name", "");
  auto queue_name = GetString(p, pos, "queue_name", "");
  for (const auto* r : {&flags, &type, &queue_id, &buffers, &lookahead, &port, &icd, &qos}) {
    if (!*r) return r->error();
  }
  if (!revision) return revision.error();
  if (!vm_name) return vm_name.error();
  if (!queue_name) return queue_name.error();
  q.revision = *revision;
  q.flags = *flags;
  q.queue_type = static_cast<ndis::ReceiveQueueType>(*type);
  q.queue_id = *queue_id;
  q.num_suggested_receive_buffers = *buffers;
  q.lookahead_size = *lookahead;
  q.port_id = *port;
  q.interrupt_coalescing_domain_id = *icd;
  q.qos_sq_id = *qos;
  q.vm_name = Utf16(*vm_name);
  q.queue_name = Utf16(*queue_name);
  q.processor_affinity.mask = 0x1;
  if (auto it = p.find("affinity"); it != p.end()) {
    if (!it->is_object()) return InputError(pos, "\"affinity\" must be an object {group, mask}");
    auto group = Get<std::uint16_t>(*it, pos, "group", 0);
    auto mask = Get<std::uint64_t>(*it, pos, "mask", 1);
    if (!group) return group.error();
    if (!mask) return mask.error();
    q.processor_affinity.group = *group;
    q.processor_affinity.mask = *mask;
  }
  if (auto it = p.find("changed"); it != p.end()) {
    if (!it->is_array())
      return InputError(pos, "\"changed\" must be an array of change-flag names");
    for (const auto& name : *it) {
      const auto* flag =
          std::find_if(std::begin(kChangeFlags), std::end(kChangeFlags), [&](const ChangeFlag& f) {
            return name.is_string() && name.get<std::string>() == f.name;
          });
      if (flag == std::end(kChangeFlags)) {
        return InputError(pos,
                          "\"changed\": unknown change flag " + name.dump() +
                              " (FLAGS, PROCESSOR_AFFINITY, SUGGESTED_RECV_BUFFER_NUMBERS, NAME, "
                              "INTERRUPT_COALESCING_DOMAIN_ID, QOS_SQ_ID)");
      }
      q.flags |= flag->bit;
    }
  }
  return q;
}

Result<ndis::ReceiveFilterFieldParameters> FieldParams(const json& f, const SourcePos& pos) {
  if (!f.is_object()) return InputError(pos, "a filter field must be an object");
  if (f.contains("mac")) {
    auto mac = Mac(f, pos, "mac");
    auto untagged = GetBool(f, pos, "untagged_or_zero", false);
    if (!mac) return mac.error();
    if (!untagged) return untagged.error();
    return ndis::MacDestinationField(mac->bytes, *untagged);
  }
  if (f.contains("vlan")) {
    auto vlan = Get<std::uint16_t>(f, pos, "vlan", 0);
    if (!vlan) return vlan.error();
    auto field = ndis::VlanIdField(*vlan);
    auto flags = Get<std::uint32_t>(f, pos, "flags", 0);
    if (!flags) return flags.error();
    field.flags = *flags;
    return field;
  }
  ndis::ReceiveFilterFieldParameters field;
  auto frame_header = Get<std::uint32_t>(f, pos, "frame_header", 1);
  auto test = Get<std::uint32_t>(f, pos, "test", 1);
  auto header_field = Get<std::uint32_t>(f, pos, "header_field", 0);
  auto flags = Get<std::uint32_t>(f, pos, "flags", 0);
  auto value_hex = GetString(f, pos, "value_hex", "");
  for (const auto* r : {&frame_header, &test, &header_field, &flags}) {
    if (!*r) return r->error();
  }
  if (!value_hex) return value_hex.error();
  auto value = Hex(*value_hex, pos, "value_hex");
  if (!value) return value.error();
  if (value->size() > 16) return InputError(pos, "\"value_hex\" holds more than 16 bytes");
  field.frame_header = static_cast<ndis::FrameHeader>(*frame_header);
  field.test = static_cast<ndis::ReceiveFilterTest>(*test);
  field.header_field = *header_field;
  field.flags = *flags;
  std::copy(value->begin(), value->end(), field.field_value.begin());
  return field;
}

Result<ndis::ReceiveFilterParameters> FilterParams(const json& p, const SourcePos& pos,
                                                   const VmqModel& model) {
  ndis::ReceiveFilterParameters params;
  auto revision = Get<std::uint8_t>(p, pos, "revision", DefaultRevision(model, 2, 2));
  auto flags = Get<std::uint32_t>(p, pos, "flags", 0);
  auto type = Get<std::uint32_t>(p, pos, "filter_type", 1);
  auto queue_id = Get<std::uint32_t>(p, pos, "queue_id", 0);
  auto filter_id = Get<std::uint32_t>(p, pos, "filter_id", 0);
  auto bits = Get<std::uint32_t>(p, pos, "requested_filter_id_bit_count", 0);
  if (!revision) return revision.error();
  for (const auto* r : {&flags, &type, &queue_id, &filter_id, &bits}) {
    if (!*r) return r->error();
  }
  params.revision = *revision;
  params.flags = *flags;
  params.filter_type = static_cast<ndis::ReceiveFilterType>(*type);
  params.queue_id = *queue_id;
  params.filter_id = *filter_id;
  params.requested_filter_id_bit_count = *bits;
  if (auto it = p.find("fields"); it != p.end()) {
    if (!it->is_array()) return InputError(pos, "\"fields\" must be an array");
    for (const auto& f : *it) {
      auto field = FieldParams(f, pos);
      if (!field) return field.error();
      params.fields.push_back(*field);
    }
  }
  return params;
}

}  // namespace

Result<std::vector<ScenarioStep>> ParseScenario(std::string_view text, const std::string& file) {
  std::vector<ScenarioStep> steps;
  std::uint32_t line_number = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    ++line_number;
    start = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::size_t first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos || line[first] == '#' || line.substr(first, 2) == "//") {
      if (end == text.size()) break;
      continue;
    }
    SourcePos pos{file, line_number, static_cast<std::uint32_t>(first + 1)};
    json body = json::parse(line, nullptr, false);
    if (body.is_discarded()) {
      // Re-parse to learn the byte where it failed, for the column.
      try {
        const json unused = json::parse(line);
        (void)unused;
      } catch (const json::parse_error& e) {
        pos.column = static_cast<std::uint32_t>(e.byte);
        return InputError(pos, std::string("not valid JSON: ") + e.what());
      } catch (const json::exception& e) {
        // A number too large for a double throws out_of_range, not parse_error (found by
        // fuzz/scenario_fuzz).
        return InputError(pos, std::string("not valid JSON: ") + e.what());
      }
      return InputError(pos, "not valid JSON");
    }
    if (!body.is_object()) return InputError(pos, "a step must be a JSON object");
    auto kind = GetString(body, pos, "step", "");
    if (!kind) return kind.error();
    static const std::set<std::string> kKinds = {"configure", "initialize", "oid",   "rx",
                                                 "return",    "expect",     "status"};
    if (!kKinds.contains(*kind)) {
      return InputError(pos,
                        "\"step\" must be one of configure, initialize, oid, rx, return, expect, "
                        "status; found \"" +
                            *kind + "\"");
    }
    auto adapter = GetString(body, pos, "adapter", "A");
    if (!adapter) return adapter.error();
    steps.push_back({pos, *kind, *adapter, std::move(body)});
    if (end == text.size()) break;
  }
  return steps;
}

Result<std::vector<ScenarioStep>> LoadScenario(const std::string& path) {
  auto bytes = ReadFileBytes(path, 64u << 20);
  if (!bytes) return bytes.error();
  return ParseScenario(*bytes, path);
}

namespace {

Result<spec::HardwareSupport> Support(const json& body, const SourcePos& pos) {
  const auto it = body.find("support");
  if (it == body.end()) return spec::HardwareSupport{true, true, false};
  auto rss = GetBool(*it, pos, "rss", true);
  auto vmq = GetBool(*it, pos, "vmq", true);
  auto sriov = GetBool(*it, pos, "sriov", false);
  for (const auto* r : {&rss, &vmq, &sriov}) {
    if (!*r) return r->error();
  }
  return spec::HardwareSupport{*rss, *vmq, *sriov};
}

// "hardware": {...}; absent members keep the values of `hardware`.
Result<spec::VmqHardware> Hardware(const json& body, const SourcePos& pos,
                                   spec::VmqHardware hardware) {
  const auto it = body.find("hardware");
  if (it == body.end()) return hardware;
  const json& h = *it;
  auto queues = Get<std::uint32_t>(h, pos, "num_queues", hardware.num_queues);
  auto filters =
      Get<std::uint32_t>(h, pos, "max_mac_header_filters", hardware.max_mac_header_filters);
  auto vlan = GetBool(h, pos, "vlan_id_filtering", hardware.vlan_id_filtering);
  auto split = GetBool(h, pos, "lookahead_split", hardware.lookahead_split);
  auto dynamic = GetBool(h, pos, "dynamic_affinity", hardware.dynamic_affinity);
  auto coalescing = GetBool(h, pos, "interrupt_coalescing", hardware.interrupt_coalescing);
  auto msix = GetBool(h, pos, "msi_x", hardware.msi_x);
  if (!queues) return queues.error();
  if (!filters) return filters.error();
  for (const auto* r : {&vlan, &split, &dynamic, &coalescing, &msix}) {
    if (!*r) return r->error();
  }
  hardware.num_queues = *queues;
  hardware.max_mac_header_filters = *filters;
  hardware.vlan_id_filtering = *vlan;
  hardware.lookahead_split = *split;
  hardware.dynamic_affinity = *dynamic;
  hardware.interrupt_coalescing = *coalescing;
  hardware.msi_x = *msix;
  return hardware;
}

// "processors": one entry per group, a processor count or a "0x..." affinity mask.
Result<std::vector<std::uint64_t>> ProcessorGroups(const json& groups, const SourcePos& pos) {
  if (!groups.is_array() || groups.empty()) {
    return InputError(pos,
                      "\"processors\" must be a non-empty array, one entry per group (a count or "
                      "a \"0x...\" mask)");
  }
  std::vector<std::uint64_t> masks;
  for (const auto& group : groups) {
    if (group.is_string()) {
      auto mask = Unsigned(group, pos, "processors", ~std::uint64_t{0});
      if (!mask) return mask.error();
      masks.push_back(*mask);
    } else {
      auto count = Unsigned(group, pos, "processors", 64);
      if (!count) return count.error();
      masks.push_back(*count == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << *count) - 1);
    }
  }
  return masks;
}

}  // namespace

Result<ModelConfig> ParseModelConfig(const json& body, const SourcePos& pos) {
  ModelConfig config;
  auto version_text = GetString(body, pos, "ndis", "6.30");
  if (!version_text) return version_text.error();
  auto version = ndis::ParseNdisVersion(*version_text);
  if (!version || *version < ndis::kNdis620) {
    return InputError(pos,
                      "\"ndis\": \"" + *version_text + "\" is not an NDIS version from 6.20 on");
  }
  config.version = *version;
  auto support = Support(body, pos);
  if (!support) return support.error();
  config.support = *support;
  auto hardware = Hardware(body, pos, config.hardware);
  if (!hardware) return hardware.error();
  config.hardware = *hardware;
  auto link = Get<std::uint64_t>(body, pos, "link_speed", config.link_speed_bps);
  if (!link) return link.error();
  config.link_speed_bps = *link;
  auto keywords = Keywords(body, pos, "keywords");
  auto vmsmp = Keywords(body, pos, "vmsmp");
  if (!keywords) return keywords.error();
  if (!vmsmp) return vmsmp.error();
  config.adapter_keywords = *keywords;
  config.vmsmp_parameters = *vmsmp;
  if (auto it = body.find("processors"); it != body.end()) {
    auto groups = ProcessorGroups(*it, pos);
    if (!groups) return groups.error();
    config.processor_groups = *groups;
  }
  return config;
}

Result<ndis::Bytes> ParseFrameSpec(const json& body, const SourcePos& pos) {
  if (auto it = body.find("hex"); it != body.end()) {
    if (!it->is_string()) return InputError(pos, "\"hex\" must be a string of hex digits");
    return Hex(it->get<std::string>(), pos, "hex");
  }
  const auto it = body.find("frame");
  if (it == body.end() || !it->is_object()) {
    return InputError(pos, "an rx step needs \"frame\": {dst, src, vlan, ...} or \"hex\"");
  }
  const json& f = *it;
  ndis::FrameSpec spec;
  auto dst = Mac(f, pos, "dst");
  if (!dst) return dst.error();
  spec.destination = *dst;
  spec.source = ndis::MacAddress{{0x02, 0x00, 0x00, 0x00, 0x00, 0xFE}};
  if (f.contains("src")) {
    auto src = Mac(f, pos, "src");
    if (!src) return src.error();
    spec.source = *src;
  }
  auto priority = Get<std::uint8_t>(f, pos, "priority", 0);
  auto ether_type = Get<std::uint16_t>(f, pos, "ethertype", 0x0800);
  auto length = Get<std::uint32_t>(f, pos, "length", ndis::kMinimumFrameSize);
  if (!priority) return priority.error();
  if (!ether_type) return ether_type.error();
  if (!length) return length.error();
  if (*length > 65535) return InputError(pos, "\"length\" is larger than 65535");
  if (f.contains("vlan")) {
    auto vlan = Get<std::uint16_t>(f, pos, "vlan", 0);
    if (!vlan) return vlan.error();
    if (*vlan > 0x0FFF) return InputError(pos, "\"vlan\" is larger than 4095");
    spec.tag =
        ndis::VlanTag{ndis::kTpid8021Q, static_cast<std::uint8_t>(*priority & 7), false, *vlan};
  }
  if (f.contains("s_vlan")) {
    auto vlan = Get<std::uint16_t>(f, pos, "s_vlan", 0);
    if (!vlan) return vlan.error();
    if (*vlan > 0x0FFF) return InputError(pos, "\"s_vlan\" is larger than 4095");
    spec.service_tag = ndis::VlanTag{ndis::kTpid8021ad, 0, false, *vlan};
  }
  spec.ether_type = *ether_type;
  spec.length = *length;
  ndis::Bytes frame = ndis::BuildFrame(spec);
  frame.resize(*length);  // a length below the header size builds a truncated frame on purpose
  return frame;
}

namespace {

// The OID's input buffer from "params"; header revisions default to what the adapter's NDIS
// version expects.
Result<ndis::Bytes> EncodeParams(std::uint32_t oid, const json& params, const SourcePos& pos,
                                 const VmqModel& model) {
  switch (oid) {
    case ndis::kOidReceiveFilterAllocateQueue:
    case ndis::kOidReceiveFilterQueueParameters: {
      auto q = QueueParams(params, pos, model);
      if (!q) return q.error();
      return ndis::Encode(*q);
    }
    case ndis::kOidReceiveFilterSetFilter:
    case ndis::kOidReceiveFilterParameters: {
      auto f = FilterParams(params, pos, model);
      if (!f) return f.error();
      return ndis::Encode(*f);
    }
    case ndis::kOidReceiveFilterClearFilter: {
      auto queue = Get<std::uint32_t>(params, pos, "queue_id", 0);
      auto filter = Get<std::uint32_t>(params, pos, "filter_id", 0);
      if (!queue) return queue.error();
      if (!filter) return filter.error();
      return ndis::Encode(ndis::ReceiveFilterClearParameters{0, *queue, *filter});
    }
    case ndis::kOidReceiveFilterFreeQueue: {
      auto queue = Get<std::uint32_t>(params, pos, "queue_id", 0);
      if (!queue) return queue.error();
      return ndis::Encode(ndis::ReceiveQueueFreeParameters{0, *queue});
    }
    case ndis::kOidReceiveFilterQueueAllocationComplete: {
      ndis::ReceiveQueueAllocationCompleteArray array;
      const json ids = params.value("queue_ids", json::array());
      if (!ids.is_array()) return InputError(pos, "\"queue_ids\" must be an array");
      for (const auto& id : ids) {
        auto queue = Unsigned(id, pos, "queue_ids", 0xFFFFFFFFu);
        if (!queue) return queue.error();
        array.elements.push_back({0, static_cast<std::uint32_t>(*queue), NdisStatus::kSuccess});
      }
      return ndis::Encode(array);
    }
    case ndis::kOidReceiveFilterEnumFilters: {
      ndis::ReceiveFilterInfoArray array;
      auto queue = Get<std::uint32_t>(params, pos, "queue_id", 0);
      auto revision = Get<std::uint8_t>(params, pos, "revision", DefaultRevision(model, 2, 2));
      if (!queue) return queue.error();
      if (!revision) return revision.error();
      array.queue_id = *queue;
      array.revision = *revision;
      return ndis::Encode(array);
    }
    default:
      return ndis::Bytes{};  // queries without input
  }
}

}  // namespace

Result<OidRequest> ParseOidRequest(const json& body, const SourcePos& pos, const VmqModel& model) {
  auto name = GetString(body, pos, "oid", "");
  if (!name) return name.error();
  const ndis::OidInfo* oid = ndis::FindOid(*name);
  if (oid == nullptr)
    return InputError(pos, "\"oid\": \"" + *name + "\" is not a receive-filter OID");
  OidRequest request;
  request.oid = oid->value;
  request.kind = oid->rules[0].kind;
  if (auto kind = body.find("kind"); kind != body.end()) {
    auto parsed =
        kind->is_string() ? ndis::ParseRequestKind(kind->get<std::string>()) : std::nullopt;
    if (!parsed) return InputError(pos, "\"kind\" must be \"query\", \"set\" or \"method\"");
    request.kind = *parsed;
  }
  if (auto it = body.find("output_length"); it != body.end()) {
    auto length = Unsigned(*it, pos, "output_length", 0xFFFFFFFFu);
    if (!length) return length.error();
    request.output_length = static_cast<std::uint32_t>(*length);
  }
  const json params = body.value("params", json::object());
  if (!params.is_object()) return InputError(pos, "\"params\" must be an object");
  if (auto it = body.find("buffer"); it != body.end()) {
    if (!it->is_string()) return InputError(pos, "\"buffer\" must be a string of hex digits");
    auto bytes = Hex(it->get<std::string>(), pos, "buffer");
    if (!bytes) return bytes.error();
    request.buffer = *bytes;
  } else {
    auto buffer = EncodeParams(oid->value, params, pos, model);
    if (!buffer) return buffer.error();
    request.buffer = std::move(*buffer);
  }
  if (auto it = body.find("truncate"); it != body.end()) {
    auto length = Unsigned(*it, pos, "truncate", 0xFFFFFFFFu);
    if (!length) return length.error();
    if (*length < request.buffer.size()) request.buffer.resize(*length);
  }
  return request;
}

}  // namespace vmqkit::formats
