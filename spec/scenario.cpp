#include "spec/scenario.h"

#include <algorithm>
#include <charconv>
#include <set>

#include "base/text_encoding.h"
#include "ndis/constants.h"
#include "ndis/frame.h"

namespace vmqkit::spec {
namespace {

using ndis::NdisStatus;
using nlohmann::json;

Error At(const SourcePos& pos, const std::string& message) {
  return InputError(pos, message);
}

// A number, or a string holding a decimal or 0x-hex number.
Result<std::uint64_t> Unsigned(const json& value, const SourcePos& pos, std::string_view key,
                               std::uint64_t max) {
  std::uint64_t number = 0;
  if (value.is_number_unsigned()) {
    number = value.get<std::uint64_t>();
  } else if (value.is_string()) {
    std::string text = value.get<std::string>();
    std::string_view digits = text;
    int base = 10;
    if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) {
      digits.remove_prefix(2);
      base = 16;
    }
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), number, base);
    if (digits.empty() || error != std::errc{} || end != digits.data() + digits.size()) {
      return At(pos, "\"" + std::string(key) + "\": \"" + text + "\" is not a number");
    }
  } else {
    return At(pos, "\"" + std::string(key) + "\" must be a non-negative number");
  }
  if (number > max) {
    return At(pos, "\"" + std::string(key) + "\" is larger than " + std::to_string(max));
  }
  return number;
}

template <typename T>
Result<T> Get(const json& body, const SourcePos& pos, std::string_view key, T fallback) {
  const auto it = body.find(std::string(key));
  if (it == body.end()) return fallback;
  auto number = Unsigned(*it, pos, key, std::numeric_limits<T>::max());
  if (!number) return number.error();
  return static_cast<T>(*number);
}

Result<bool> GetBool(const json& body, const SourcePos& pos, std::string_view key, bool fallback) {
  const auto it = body.find(std::string(key));
  if (it == body.end()) return fallback;
  if (!it->is_boolean()) return At(pos, "\"" + std::string(key) + "\" must be true or false");
  return it->get<bool>();
}

Result<std::string> GetString(const json& body, const SourcePos& pos, std::string_view key,
                              std::string fallback) {
  const auto it = body.find(std::string(key));
  if (it == body.end()) return fallback;
  if (!it->is_string()) return At(pos, "\"" + std::string(key) + "\" must be a string");
  return it->get<std::string>();
}

Result<ndis::Bytes> Hex(const std::string& text, const SourcePos& pos, std::string_view key) {
  ndis::Bytes bytes;
  std::string digits;
  for (char c : text) {
    if (c == ' ' || c == ':' || c == '-' || c == '\n') continue;
    digits.push_back(c);
  }
  if (digits.size() % 2 != 0)
    return At(pos, "\"" + std::string(key) + "\": odd number of hex digits");
  for (std::size_t i = 0; i < digits.size(); i += 2) {
    std::uint8_t byte = 0;
    auto [end, error] = std::from_chars(digits.data() + i, digits.data() + i + 2, byte, 16);
    if (error != std::errc{} || end != digits.data() + i + 2) {
      return At(pos, "\"" + std::string(key) + "\": \"" + digits.substr(i, 2) + "\" is not hex");
    }
    bytes.push_back(byte);
  }
  return bytes;
}

std::u16string Utf16(const std::string& utf8) {
  const std::string bytes = Utf8ToUtf16Le(utf8);
  std::u16string out;
  for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) {
    out.push_back(static_cast<char16_t>(static_cast<std::uint8_t>(bytes[i]) |
                                        (static_cast<std::uint8_t>(bytes[i + 1]) << 8)));
  }
  return out;
}

Result<ndis::MacAddress> Mac(const json& body, const SourcePos& pos, std::string_view key) {
  auto text = GetString(body, pos, key, "");
  if (!text) return text.error();
  auto mac = ndis::ParseMacAddress(*text);
  if (!mac) return At(pos, "\"" + std::string(key) + "\": \"" + *text + "\" is not a MAC address");
  return *mac;
}

Result<RegistryKey> Keywords(const json& body, const SourcePos& pos, std::string_view key) {
  RegistryKey out;
  out.path = std::string(key == "vmsmp" ? kVmsmpParametersKey : kNetClassKey);
  out.pos = pos;
  const auto it = body.find(std::string(key));
  if (it == body.end()) return out;
  if (!it->is_object()) return At(pos, "\"" + std::string(key) + "\" must be an object");
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
      return At(pos, "keyword \"" + name + "\" must be a string (REG_SZ) or a number (REG_DWORD)");
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
    if (!it->is_object()) return At(pos, "\"affinity\" must be an object {group, mask}");
    auto group = Get<std::uint16_t>(*it, pos, "group", 0);
    auto mask = Get<std::uint64_t>(*it, pos, "mask", 1);
    if (!group) return group.error();
    if (!mask) return mask.error();
    q.processor_affinity.group = *group;
    q.processor_affinity.mask = *mask;
  }
  if (auto it = p.find("changed"); it != p.end()) {
    if (!it->is_array()) return At(pos, "\"changed\" must be an array of change-flag names");
    for (const auto& name : *it) {
      const auto* flag =
          std::find_if(std::begin(kChangeFlags), std::end(kChangeFlags), [&](const ChangeFlag& f) {
            return name.is_string() && name.get<std::string>() == f.name;
          });
      if (flag == std::end(kChangeFlags)) {
        return At(pos, "\"changed\": unknown change flag " + name.dump() +
                           " (FLAGS, PROCESSOR_AFFINITY, SUGGESTED_RECV_BUFFER_NUMBERS, NAME, "
                           "INTERRUPT_COALESCING_DOMAIN_ID, QOS_SQ_ID)");
      }
      q.flags |= flag->bit;
    }
  }
  return q;
}

Result<ndis::ReceiveFilterFieldParameters> FieldParams(const json& f, const SourcePos& pos) {
  if (!f.is_object()) return At(pos, "a filter field must be an object");
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
  if (value->size() > 16) return At(pos, "\"value_hex\" holds more than 16 bytes");
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
    if (!it->is_array()) return At(pos, "\"fields\" must be an array");
    for (const auto& f : *it) {
      auto field = FieldParams(f, pos);
      if (!field) return field.error();
      params.fields.push_back(*field);
    }
  }
  return params;
}

StepReport ReportFor(const ScenarioStep& step) {
  StepReport report;
  report.step = step;
  return report;
}

std::string OutcomeSet(const std::vector<RouteOutcome>& outcomes) {
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
        return At(pos, std::string("not valid JSON: ") + e.what());
      } catch (const json::exception& e) {
        // A number too large for a double throws out_of_range, not parse_error (found by
        // fuzz/scenario_fuzz).
        return At(pos, std::string("not valid JSON: ") + e.what());
      }
      return At(pos, "not valid JSON");
    }
    if (!body.is_object()) return At(pos, "a step must be a JSON object");
    auto kind = GetString(body, pos, "step", "");
    if (!kind) return kind.error();
    static const std::set<std::string> kKinds = {"configure", "initialize", "oid",   "rx",
                                                 "return",    "expect",     "status"};
    if (!kKinds.contains(*kind)) {
      return At(pos,
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

Result<ModelConfig> ParseModelConfig(const json& body, const SourcePos& pos) {
  ModelConfig config;
  auto version_text = GetString(body, pos, "ndis", "6.30");
  if (!version_text) return version_text.error();
  auto version = ndis::ParseNdisVersion(*version_text);
  if (!version || *version < ndis::kNdis620) {
    return At(pos, "\"ndis\": \"" + *version_text + "\" is not an NDIS version from 6.20 on");
  }
  config.version = *version;
  if (auto it = body.find("support"); it != body.end()) {
    auto rss = GetBool(*it, pos, "rss", true);
    auto vmq = GetBool(*it, pos, "vmq", true);
    auto sriov = GetBool(*it, pos, "sriov", false);
    for (const auto* r : {&rss, &vmq, &sriov}) {
      if (!*r) return r->error();
    }
    config.support = HardwareSupport{*rss, *vmq, *sriov};
  } else {
    config.support = HardwareSupport{true, true, false};
  }
  if (auto it = body.find("hardware"); it != body.end()) {
    const json& h = *it;
    auto queues = Get<std::uint32_t>(h, pos, "num_queues", config.hardware.num_queues);
    auto filters = Get<std::uint32_t>(h, pos, "max_mac_header_filters",
                                      config.hardware.max_mac_header_filters);
    auto vlan = GetBool(h, pos, "vlan_id_filtering", config.hardware.vlan_id_filtering);
    auto split = GetBool(h, pos, "lookahead_split", config.hardware.lookahead_split);
    auto dynamic = GetBool(h, pos, "dynamic_affinity", config.hardware.dynamic_affinity);
    auto coalescing = GetBool(h, pos, "interrupt_coalescing", config.hardware.interrupt_coalescing);
    auto msix = GetBool(h, pos, "msi_x", config.hardware.msi_x);
    if (!queues) return queues.error();
    if (!filters) return filters.error();
    for (const auto* r : {&vlan, &split, &dynamic, &coalescing, &msix}) {
      if (!*r) return r->error();
    }
    config.hardware.num_queues = *queues;
    config.hardware.max_mac_header_filters = *filters;
    config.hardware.vlan_id_filtering = *vlan;
    config.hardware.lookahead_split = *split;
    config.hardware.dynamic_affinity = *dynamic;
    config.hardware.interrupt_coalescing = *coalescing;
    config.hardware.msi_x = *msix;
  }
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
    if (!it->is_array() || it->empty()) {
      return At(pos,
                "\"processors\" must be a non-empty array, one entry per group (a count or "
                "a \"0x...\" mask)");
    }
    config.processor_groups.clear();
    for (const auto& group : *it) {
      if (group.is_string()) {
        auto mask = Unsigned(group, pos, "processors", ~std::uint64_t{0});
        if (!mask) return mask.error();
        config.processor_groups.push_back(*mask);
      } else {
        auto count = Unsigned(group, pos, "processors", 64);
        if (!count) return count.error();
        config.processor_groups.push_back(*count == 64 ? ~std::uint64_t{0}
                                                       : (std::uint64_t{1} << *count) - 1);
      }
    }
  }
  return config;
}

Result<ndis::Bytes> ParseFrameSpec(const json& body, const SourcePos& pos) {
  if (auto it = body.find("hex"); it != body.end()) {
    if (!it->is_string()) return At(pos, "\"hex\" must be a string of hex digits");
    return Hex(it->get<std::string>(), pos, "hex");
  }
  const auto it = body.find("frame");
  if (it == body.end() || !it->is_object()) {
    return At(pos, "an rx step needs \"frame\": {dst, src, vlan, ...} or \"hex\"");
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
  if (*length > 65535) return At(pos, "\"length\" is larger than 65535");
  if (f.contains("vlan")) {
    auto vlan = Get<std::uint16_t>(f, pos, "vlan", 0);
    if (!vlan) return vlan.error();
    if (*vlan > 0x0FFF) return At(pos, "\"vlan\" is larger than 4095");
    spec.tag =
        ndis::VlanTag{ndis::kTpid8021Q, static_cast<std::uint8_t>(*priority & 7), false, *vlan};
  }
  if (f.contains("s_vlan")) {
    auto vlan = Get<std::uint16_t>(f, pos, "s_vlan", 0);
    if (!vlan) return vlan.error();
    if (*vlan > 0x0FFF) return At(pos, "\"s_vlan\" is larger than 4095");
    spec.service_tag = ndis::VlanTag{ndis::kTpid8021ad, 0, false, *vlan};
  }
  spec.ether_type = *ether_type;
  spec.length = *length;
  ndis::Bytes frame = ndis::BuildFrame(spec);
  frame.resize(*length);  // a length below the header size builds a truncated frame on purpose
  return frame;
}

Result<OidRequest> ParseOidRequest(const json& body, const SourcePos& pos, const VmqModel& model) {
  auto name = GetString(body, pos, "oid", "");
  if (!name) return name.error();
  const ndis::OidInfo* oid = ndis::FindOid(*name);
  if (oid == nullptr) return At(pos, "\"oid\": \"" + *name + "\" is not a receive-filter OID");
  OidRequest request;
  request.oid = oid->value;
  request.kind = oid->rules[0].kind;
  if (auto kind = body.find("kind"); kind != body.end()) {
    auto parsed =
        kind->is_string() ? ndis::ParseRequestKind(kind->get<std::string>()) : std::nullopt;
    if (!parsed) return At(pos, "\"kind\" must be \"query\", \"set\" or \"method\"");
    request.kind = *parsed;
  }
  if (auto it = body.find("output_length"); it != body.end()) {
    auto length = Unsigned(*it, pos, "output_length", 0xFFFFFFFFu);
    if (!length) return length.error();
    request.output_length = static_cast<std::uint32_t>(*length);
  }
  const json params = body.value("params", json::object());
  if (!params.is_object()) return At(pos, "\"params\" must be an object");
  if (auto it = body.find("buffer"); it != body.end()) {
    if (!it->is_string()) return At(pos, "\"buffer\" must be a string of hex digits");
    auto bytes = Hex(it->get<std::string>(), pos, "buffer");
    if (!bytes) return bytes.error();
    request.buffer = *bytes;
  } else {
    switch (oid->value) {
      case ndis::kOidReceiveFilterAllocateQueue:
      case ndis::kOidReceiveFilterQueueParameters: {
        auto q = QueueParams(params, pos, model);
        if (!q) return q.error();
        request.buffer = ndis::Encode(*q);
        break;
      }
      case ndis::kOidReceiveFilterSetFilter:
      case ndis::kOidReceiveFilterParameters: {
        auto f = FilterParams(params, pos, model);
        if (!f) return f.error();
        request.buffer = ndis::Encode(*f);
        break;
      }
      case ndis::kOidReceiveFilterClearFilter: {
        auto queue = Get<std::uint32_t>(params, pos, "queue_id", 0);
        auto filter = Get<std::uint32_t>(params, pos, "filter_id", 0);
        if (!queue) return queue.error();
        if (!filter) return filter.error();
        request.buffer = ndis::Encode(ndis::ReceiveFilterClearParameters{0, *queue, *filter});
        break;
      }
      case ndis::kOidReceiveFilterFreeQueue: {
        auto queue = Get<std::uint32_t>(params, pos, "queue_id", 0);
        if (!queue) return queue.error();
        request.buffer = ndis::Encode(ndis::ReceiveQueueFreeParameters{0, *queue});
        break;
      }
      case ndis::kOidReceiveFilterQueueAllocationComplete: {
        ndis::ReceiveQueueAllocationCompleteArray array;
        const json ids = params.value("queue_ids", json::array());
        if (!ids.is_array()) return At(pos, "\"queue_ids\" must be an array");
        for (const auto& id : ids) {
          auto queue = Unsigned(id, pos, "queue_ids", 0xFFFFFFFFu);
          if (!queue) return queue.error();
          array.elements.push_back({0, static_cast<std::uint32_t>(*queue), NdisStatus::kSuccess});
        }
        request.buffer = ndis::Encode(array);
        break;
      }
      case ndis::kOidReceiveFilterEnumFilters: {
        ndis::ReceiveFilterInfoArray array;
        auto queue = Get<std::uint32_t>(params, pos, "queue_id", 0);
        auto revision = Get<std::uint8_t>(params, pos, "revision", DefaultRevision(model, 2, 2));
        if (!queue) return queue.error();
        if (!revision) return revision.error();
        array.queue_id = *queue;
        array.revision = *revision;
        request.buffer = ndis::Encode(array);
        break;
      }
      default:
        break;  // queries without input
    }
  }
  if (auto it = body.find("truncate"); it != body.end()) {
    auto length = Unsigned(*it, pos, "truncate", 0xFFFFFFFFu);
    if (!length) return length.error();
    if (*length < request.buffer.size()) request.buffer.resize(*length);
  }
  return request;
}

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
    return At(step.pos,
              "adapter \"" + step.adapter + "\" is not configured (add a configure step)");
  }
  VmqModel& model = it->second;
  Result<StepReport> report = ReportFor(step);
  if (step.kind == "initialize") {
    StepReport r = ReportFor(step);
    r.result = model.Initialize();
    const auto& caps = model.capabilities();
    r.summary =
        "initialize " + step.adapter + " -> " + ndis::ToString(r.result->status) + ": interface " +
        std::string(ToString(model.decision().interface)) + " (row " + model.decision().row +
        "), NumQueues " + std::to_string(caps.current.num_queues) + ", VLAN filtering " +
        ((caps.current.supported_mac_header_fields & ndis::kMacHeaderVlanIdSupported) ? "on"
                                                                                      : "off");
    report = std::move(r);
  } else if (step.kind == "oid") {
    if (!model.initialized())
      return At(step.pos, "adapter \"" + step.adapter + "\" is not initialized");
    report = Oid(step, model);
  } else if (step.kind == "rx") {
    report = Rx(step, model);
  } else {  // return
    auto queue = Get<std::uint32_t>(step.body, step.pos, "queue_id", 0);
    if (!queue) return queue.error();
    std::optional<std::uint32_t> count;
    if (step.body.contains("count")) {
      auto c = Get<std::uint32_t>(step.body, step.pos, "count", 0);
      if (!c) return c.error();
      count = *c;
    }
    StepReport r = ReportFor(step);
    r.result = model.ReturnIndications(*queue, count);
    r.summary = "return " + step.adapter + " queue " + std::to_string(*queue) + ": " +
                r.result->reason + Transitions(*r.result);
    report = std::move(r);
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
    return At(step.pos, "adapter \"" + step.adapter + "\" is already initialized");
  }
  adapters_.insert_or_assign(step.adapter, VmqModel(*config));
  StepReport report = ReportFor(step);
  report.summary = "configure " + step.adapter + ": NDIS " + ndis::ToString(config->version) +
                   ", " + std::to_string(config->hardware.num_queues) + " VM queues";
  return report;
}

Result<StepReport> ScenarioRunner::Oid(const ScenarioStep& step, VmqModel& model) {
  auto request = ParseOidRequest(step.body, step.pos, model);
  if (!request) return request.error();
  StepReport report = ReportFor(step);
  report.result = model.Request(*request);
  const StepResult& result = *report.result;
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

Result<StepReport> ScenarioRunner::Expect(const ScenarioStep& step) {
  StepReport report = ReportFor(step);
  if (!last_) return At(step.pos, "an expect step needs a step before it");
  const StepReport& last = *last_;
  const json& b = step.body;
  auto fail = [&](const std::string& what) {
    report.findings.push_back(ToString(step.pos) + ": " + what);
  };
  auto ok = [&](const std::string& what) { report.notes.push_back(what); };
  if (auto it = b.find("status"); it != b.end()) {
    auto status = it->is_string() ? ndis::ParseStatus(it->get<std::string>()) : std::nullopt;
    if (!status) return At(step.pos, "\"status\" must be an NDIS_STATUS name");
    if (!last.result) return At(step.pos, "\"status\" needs an oid step before it");
    if (last.result->status != *status) {
      fail("status is " + ndis::ToString(last.result->status) + ", expected " +
           ndis::ToString(*status));
    } else {
      ok("status " + ndis::ToString(*status));
    }
  }
  if (auto it = b.find("rejected_by"); it != b.end()) {
    const std::string side = it->is_string() ? it->get<std::string>() : "";
    if (side != "ndis" && side != "miniport") {
      return At(step.pos, "\"rejected_by\" must be \"ndis\" or \"miniport\"");
    }
    if (!last.result || !last.result->rejected_by || ToString(*last.result->rejected_by) != side) {
      fail("expected a rejection by " + side);
    } else {
      ok("rejected by " + side);
    }
  }
  if (b.contains("bytes_needed")) {
    auto needed = Get<std::uint32_t>(b, step.pos, "bytes_needed", 0);
    if (!needed) return needed.error();
    if (!last.result || last.result->bytes_needed != *needed) {
      fail("bytes_needed is " + std::to_string(last.result ? last.result->bytes_needed : 0) +
           ", expected " + std::to_string(*needed));
    } else {
      ok("bytes_needed " + std::to_string(*needed));
    }
  }
  for (const char* key : {"queue_id", "filter_id"}) {
    if (!b.contains(key)) continue;
    auto expected = Get<std::uint32_t>(b, step.pos, key, 0);
    if (!expected) return expected.error();
    const auto& actual =
        std::string(key) == "queue_id" ? last.assigned_queue_id : last.assigned_filter_id;
    if (actual != *expected) {
      fail(std::string("assigned ") + key + " is " + (actual ? std::to_string(*actual) : "none") +
           ", expected " + std::to_string(*expected));
    } else {
      ok(std::string("assigned ") + key + " " + std::to_string(*expected));
    }
  }
  if (auto it = b.find("queues"); it != b.end()) {
    if (!it->is_object()) return At(step.pos, "\"queues\" must map queue ids to states");
    const VmqModel* model = Find(step.adapter);
    if (model == nullptr) return At(step.pos, "adapter \"" + step.adapter + "\" is not configured");
    for (const auto& [id_text, state_json] : it->items()) {
      auto id = Unsigned(json(id_text), step.pos, "queues", 0xFFFFFFFFu);
      if (!id) return id.error();
      auto state =
          state_json.is_string() ? ParseQueueState(state_json.get<std::string>()) : std::nullopt;
      if (!state) return At(step.pos, "\"queues\": " + state_json.dump() + " is not a queue state");
      auto queue = model->queues().find(static_cast<std::uint32_t>(*id));
      const QueueState actual =
          queue == model->queues().end() ? QueueState::kUndefined : queue->second.state;
      const std::string which = step.adapter + " queue " + id_text;
      if (actual != *state) {
        fail(which + " is " + std::string(ToString(actual)) + ", expected " +
             std::string(ToString(*state)));
      } else {
        ok(which + " " + std::string(ToString(actual)));
      }
    }
  }
  const RouteResult* route = last.result && last.result->route ? &*last.result->route : nullptr;
  if (auto it = b.find("outcomes"); it != b.end()) {
    if (!route) return At(step.pos, "\"outcomes\" needs an rx step before it");
    if (!it->is_array()) return At(step.pos, "\"outcomes\" must be an array");
    std::vector<RouteOutcome> expected;
    for (const auto& text : *it) {
      auto outcome = text.is_string() ? ParseRouteOutcome(text.get<std::string>()) : std::nullopt;
      if (!outcome) return At(step.pos, "\"outcomes\": " + text.dump() + " is not an outcome");
      expected.push_back(*outcome);
    }
    std::sort(expected.begin(), expected.end());
    expected.erase(std::unique(expected.begin(), expected.end()), expected.end());
    if (expected != route->permitted) {
      fail("permitted outcomes are " + OutcomeSet(route->permitted) + ", expected " +
           OutcomeSet(expected));
    } else {
      ok("outcomes " + OutcomeSet(expected));
    }
  }
  if (auto it = b.find("strict"); it != b.end()) {
    if (!route) return At(step.pos, "\"strict\" needs an rx step before it");
    auto outcome = it->is_string() ? ParseRouteOutcome(it->get<std::string>()) : std::nullopt;
    if (!outcome) return At(step.pos, "\"strict\" is not an outcome");
    if (route->strict != *outcome) {
      fail("strict outcome is " + ToString(route->strict) + ", expected " + ToString(*outcome));
    } else {
      ok("strict " + ToString(*outcome));
    }
  }
  if (auto it = b.find("delivered"); it != b.end() && it->is_boolean() && it->get<bool>()) {
    if (!route) return At(step.pos, "\"delivered\" needs an rx step before it");
    const bool may_drop = std::any_of(route->permitted.begin(), route->permitted.end(),
                                      [](const RouteOutcome& o) { return o.drop; });
    if (may_drop) {
      fail("the frame may be dropped: permitted " + OutcomeSet(route->permitted));
    } else {
      ok("delivered (never dropped)");
    }
  }
  if (auto it = b.find("completed"); it != b.end()) {
    auto name = it->is_string() ? it->get<std::string>() : "";
    const ndis::OidInfo* oid = ndis::FindOid(name);
    if (oid == nullptr) return At(step.pos, "\"completed\" must name an OID");
    const bool done =
        last.result && std::any_of(last.result->completions.begin(), last.result->completions.end(),
                                   [&](const OidCompletion& c) { return c.oid == oid->value; });
    if (!done) {
      fail("no pending " + std::string(oid->name) + " completed in the previous step");
    } else {
      ok(std::string(oid->name) + " completed");
    }
  }
  report.summary = report.findings.empty()
                       ? "expect: ok (" + std::to_string(report.notes.size()) + " checks)"
                       : "expect: FAILED";
  return report;
}

Result<StepReport> ScenarioRunner::Status(const ScenarioStep& step) {
  StepReport report = ReportFor(step);
  if (!last_ || !last_->result) return At(step.pos, "a status step needs a model step before it");
  auto name = GetString(step.body, step.pos, "indication", "RECEIVE_QUEUE_STATE");
  if (!name) return name.error();
  auto code = ndis::ParseStatus(*name);
  if (!code) return At(step.pos, "\"indication\": \"" + *name + "\" is not an NDIS_STATUS name");
  auto queue = Get<std::uint32_t>(step.body, step.pos, "queue_id", 0);
  if (!queue) return queue.error();
  auto state_name = GetString(step.body, step.pos, "state", "DmaStopped");
  if (!state_name) return state_name.error();
  auto state = ParseQueueState(*state_name);
  std::optional<ndis::QueueOperationalState> operational =
      state ? OperationalStateOf(*state) : std::nullopt;
  if (!operational) {
    return At(step.pos, "\"state\": \"" + *state_name +
                            "\" is not an operational state (Running, Paused, DmaStopped)");
  }
  const bool found = std::any_of(last_->result->indications.begin(),
                                 last_->result->indications.end(), [&](const StatusIndication& s) {
                                   return s.code == *code &&
                                          (*code != NdisStatus::kReceiveQueueState ||
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

json ToJson(const StepReport& report) {
  json out;
  out["line"] = report.step.pos.line;
  out["step"] = report.step.kind;
  out["adapter"] = report.step.adapter;
  out["summary"] = report.summary;
  if (report.result) {
    const StepResult& r = *report.result;
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
  if (report.assigned_queue_id) out["assigned_queue_id"] = *report.assigned_queue_id;
  if (report.assigned_filter_id) out["assigned_filter_id"] = *report.assigned_filter_id;
  out["findings"] = report.findings;
  out["checks"] = report.notes;
  return out;
}

}  // namespace vmqkit::spec
