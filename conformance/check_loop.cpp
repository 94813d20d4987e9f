#include "conformance/check_loop.h"

#include <charconv>
#include <cstdio>

#include "ndis/structure_fields.h"
#include "spec/advertise.h"

namespace vmqkit::conformance {
namespace {

using nlohmann::json;

// The capability fields a ${current.X} or ${hardware.X} expression reads.
struct CountField {
  std::string_view name;
  std::uint32_t ndis::ReceiveFilterCapabilities::*member;
};
constexpr CountField kCountFields[] = {
    {"num_queues", &ndis::ReceiveFilterCapabilities::num_queues},
    {"max_mac_header_filters", &ndis::ReceiveFilterCapabilities::max_mac_header_filters},
    {"min_lookahead_split_size", &ndis::ReceiveFilterCapabilities::min_lookahead_split_size},
    {"max_lookahead_split_size", &ndis::ReceiveFilterCapabilities::max_lookahead_split_size},
};

// The decision tables a decision-table step reads, with the hardware each one is written for.
struct TableName {
  std::string_view name;
  std::span<const spec::DecisionRow> (*rows)();
  spec::HardwareSupport support;
};
const TableName kTables[] = {
    {"rss-vmq", spec::RssVmqTable, {true, true, false}},
    {"sriov-vmq-rss", spec::SriovVmqRssTable, {true, true, true}},
};

// What an expression can see: the repeat's index and the adapter's model.
struct Scope {
  std::optional<std::int64_t> i;
  const spec::VmqModel* model = nullptr;
  const SourcePos* pos = nullptr;
};

Error At(const Scope& scope, const std::string& message) {
  return InputError(*scope.pos, message);
}

Result<std::int64_t> Term(std::string_view text, const Scope& scope) {
  if (text == "i") {
    if (!scope.i) return At(scope, "${i} is only defined inside a repeat");
    return *scope.i;
  }
  std::int64_t number = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec == std::errc() && end == text.data() + text.size()) return number;
  for (std::string_view set : {"current.", "hardware."}) {
    if (text.rfind(set, 0) != 0) continue;
    if (scope.model == nullptr)
      return At(scope, "${" + std::string(text) + "} needs an initialized adapter");
    const auto& caps = scope.model->capabilities();
    const auto& which = set == "current." ? caps.current : caps.hardware;
    for (const CountField& f : kCountFields) {
      if (text.substr(set.size()) == f.name) return std::int64_t{which.*f.member};
    }
  }
  return At(scope,
            "\"" + std::string(text) +
                "\" is not i, a number, or current./hardware. num_queues, "
                "max_mac_header_filters, min_lookahead_split_size, max_lookahead_split_size");
}

// term, then any number of +N, -N, %N, left to right.
Result<std::int64_t> Evaluate(std::string_view expr, const Scope& scope) {
  const std::size_t op = expr.find_first_of("+-%", 1);
  auto value = Term(expr.substr(0, op), scope);
  if (!value || op == std::string_view::npos) return value;
  std::int64_t result = *value;
  std::string_view rest = expr.substr(op);
  while (!rest.empty()) {
    const char sign = rest[0];
    const std::size_t next = rest.find_first_of("+-%", 1);
    auto operand = Term(rest.substr(1, next == std::string_view::npos ? next : next - 1), scope);
    if (!operand) return operand;
    if (sign == '%' && *operand == 0) return At(scope, "${...}: % 0");
    result = sign == '+' ? result + *operand : sign == '-' ? result - *operand : result % *operand;
    rest = next == std::string_view::npos ? std::string_view() : rest.substr(next);
  }
  return result;
}

// Scenario fields read counts as unsigned JSON numbers.
json Number(std::int64_t value) {
  return value >= 0 ? json(static_cast<std::uint64_t>(value)) : json(value);
}

// One ${...}: "A..B" is the array A, A+1, ..., B; ":02x" formats as two hex digits.
Result<json> Expand(std::string_view inner, const Scope& scope) {
  if (const std::size_t dots = inner.find(".."); dots != std::string_view::npos) {
    auto from = Evaluate(inner.substr(0, dots), scope);
    if (!from) return from.error();
    auto to = Evaluate(inner.substr(dots + 2), scope);
    if (!to) return to.error();
    json out = json::array();
    for (std::int64_t v = *from; v <= *to; ++v) out.push_back(Number(v));
    return out;
  }
  const bool hex = inner.size() > 4 && inner.substr(inner.size() - 4) == ":02x";
  auto value = Evaluate(hex ? inner.substr(0, inner.size() - 4) : inner, scope);
  if (!value) return value.error();
  if (!hex) return Number(*value);
  char text[24];
  std::snprintf(text, sizeof text, "%02llx", static_cast<unsigned long long>(*value));
  return json(text);
}

// Replaces every ${...} in the strings of `value`: a string that is one expression becomes its
// number (or array), an expression inside text becomes its digits.
Result<bool> Substitute(json& value, const Scope& scope) {
  if (value.is_object() || value.is_array()) {
    for (auto& item : value) {
      auto ok = Substitute(item, scope);
      if (!ok) return ok;
    }
    return true;
  }
  if (!value.is_string()) return true;
  const std::string text = value.get<std::string>();
  std::string out;
  std::size_t at = 0;
  while (true) {
    const std::size_t open = text.find("${", at);
    if (open == std::string::npos) break;
    const std::size_t close = text.find('}', open);
    if (close == std::string::npos) return At(scope, "\"" + text + "\": ${ without }");
    auto expanded = Expand(std::string_view(text).substr(open + 2, close - open - 2), scope);
    if (!expanded) return expanded.error();
    if (open == 0 && close + 1 == text.size()) {
      value = std::move(*expanded);
      return true;
    }
    out += text.substr(at, open - at);
    out += expanded->is_string() ? expanded->get<std::string>() : expanded->dump();
    at = close + 1;
  }
  if (at != 0) value = out + text.substr(at);
  return true;
}

Result<std::uint32_t> PatchU32(const json& value, const SourcePos& pos) {
  if (value.is_number_unsigned() && value <= 0xFFFFFFFFu) return value.get<std::uint32_t>();
  if (value.is_string()) {
    const std::string text = value.get<std::string>();
    std::uint32_t number = 0;
    const bool hex = text.rfind("0x", 0) == 0;
    const char* first = text.data() + (hex ? 2 : 0);
    const auto [end, ec] = std::from_chars(first, text.data() + text.size(), number, hex ? 16 : 10);
    if (ec == std::errc() && end == text.data() + text.size()) return number;
  }
  return InputError(pos, "\"u32\" must be a number 0..4294967295 or \"0x...\"");
}

std::optional<ndis::Bytes> HexBytes(const std::string& text) {
  if (text.size() % 2 != 0) return std::nullopt;
  ndis::Bytes out;
  for (std::size_t i = 0; i < text.size(); i += 2) {
    std::uint8_t byte = 0;
    const auto [end, ec] = std::from_chars(text.data() + i, text.data() + i + 2, byte, 16);
    if (ec != std::errc() || end != text.data() + i + 2) return std::nullopt;
    out.push_back(byte);
  }
  return out;
}

// A patch's bytes: "u32" as four little-endian bytes, or "hex" as written.
Result<ndis::Bytes> PatchData(const json& patch, const SourcePos& pos) {
  if (patch.contains("u32")) {
    auto value = PatchU32(patch["u32"], pos);
    if (!value) return value.error();
    ndis::Bytes data;
    for (int shift = 0; shift < 32; shift += 8)
      data.push_back(static_cast<std::uint8_t>(*value >> shift));
    return data;
  }
  const json hex = patch.value("hex", json());
  auto parsed = hex.is_string() ? HexBytes(hex.get<std::string>()) : std::nullopt;
  if (!parsed) return InputError(pos, "\"hex\" must be a string of hex digit pairs");
  return *parsed;
}

// The member a patch names, in the structure the OID's buffer starts with: check files name
// members as ntddndis.h does and leave their offsets to ndis/'s field tables.
Result<ndis::FieldRef> PatchField(const json& patch, ndis::Oid oid, const SourcePos& pos) {
  const auto name = patch.is_object() ? patch.find("field") : patch.end();
  if (!patch.is_object() || name == patch.end() || !name->is_string())
    return InputError(pos,
                      "a patch is {\"field\": member, \"u32\": value} or {\"field\", \"hex\"}");
  const auto structure = ndis::RequestStructure(oid);
  if (!structure) return InputError(pos, "this OID's buffer has no named members to patch");
  const std::string member = name->get<std::string>();
  const auto field = ndis::FindMember(*structure, member);
  if (!field) {
    return InputError(pos, "\"" + member + "\" is not a member of " +
                               std::string(ndis::LayoutOf(*structure).name));
  }
  return *field;
}

// The request the oid step encodes, with its `patch` entries written over the members they name:
// the step then carries the bytes as "buffer", as the engine records it.
Result<formats::ScenarioStep> Patched(formats::ScenarioStep step, const spec::VmqModel& model) {
  const json& patches = step.body["patch"];
  if (!patches.is_array()) return InputError(step.pos, "\"patch\" must be an array");
  json body = step.body;
  body.erase("patch");
  auto request = formats::ParseOidRequest(body, step.pos, model);
  if (!request) return request.error();
  ndis::Bytes& bytes = request->buffer;
  for (const json& p : patches) {
    auto field = PatchField(p, request->oid, step.pos);
    if (!field) return field.error();
    auto data = PatchData(p, step.pos);
    if (!data) return data.error();
    const std::string member = p["field"].get<std::string>();
    if (data->size() != field->width) {
      return InputError(step.pos, "the patch writes " + std::to_string(data->size()) +
                                      " bytes over " + member + ", which is " +
                                      std::to_string(field->width) + " bytes wide");
    }
    if (field->offset + std::size_t{field->width} > bytes.size()) {
      return InputError(step.pos, member + " lies past the end of the " +
                                      std::to_string(bytes.size()) + "-byte buffer");
    }
    std::copy(data->begin(), data->end(), bytes.begin() + field->offset);
  }
  for (const char* key : {"params", "truncate"}) body.erase(key);
  body["kind"] = std::string(ndis::ToString(request->kind));
  body["buffer"] = ToHex(bytes);
  step.body = std::move(body);
  return step;
}

class Walker {
 public:
  Walker(const CheckFile& file, StepTarget& target) : file_(file), target_(target) {}

  Result<LoopOutcome> Run() {
    for (const formats::ScenarioStep& step : file_.steps) {
      auto more = Step(step);
      if (!more) return more.error();
      if (!*more) break;
    }
    return LoopOutcome{skipped_, label_};
  }

 private:
  Result<bool> Step(const formats::ScenarioStep& step) {
    if (step.kind == "run") {
      run_open_ = false;
      label_ = step.body.value("label", "");
      return true;
    }
    if (step.kind == "repeat") return Repeat(step);
    if (step.kind == "decision-table") return DecisionTable(step);
    if (step.kind == "compare-runs") return CompareRuns(step);
    formats::ScenarioStep plain = step;
    auto ok = Substitute(plain.body, {std::nullopt, target_.Model(step.adapter), &step.pos});
    if (!ok) return ok;
    return Plain(std::move(plain));
  }

  Result<bool> Plain(formats::ScenarioStep step) {
    if (!run_open_) {
      target_.StartRun();
      run_open_ = true;
    }
    if (step.kind == "oid" && step.body.contains("patch")) {
      const spec::VmqModel* model = target_.Model(step.adapter);
      if (model == nullptr)
        return InputError(step.pos, "adapter \"" + step.adapter + "\" is not initialized");
      auto patched = Patched(std::move(step), *model);
      if (!patched) return patched.error();
      step = std::move(*patched);
    }
    auto more = target_.Apply(step);
    if (!more || !*more) return more;
    if (step.kind == "initialize" && file_.header) {
      if (const spec::VmqModel* model = target_.Model(step.adapter)) {
        skipped_ = NotApplicable(*file_.header, step.adapter, *model);
        if (skipped_) return false;
      }
    }
    return true;
  }

  Result<bool> Repeat(const formats::ScenarioStep& step) {
    json count = step.body["count"];
    auto ok = Substitute(count, {std::nullopt, target_.Model(step.adapter), &step.pos});
    if (!ok) return ok;
    if (!count.is_number_integer() || count.get<std::int64_t>() < 0)
      return InputError(step.pos, "\"count\" must evaluate to a number 0 or above");
    const std::int64_t n = count.get<std::int64_t>();
    for (std::int64_t i = 1; i <= n; ++i) {
      for (const json& inner : step.body["steps"]) {
        formats::ScenarioStep one{step.pos, inner["step"].get<std::string>(),
                                  inner.value("adapter", "A"), inner};
        auto done = Substitute(one.body, {i, target_.Model(one.adapter), &step.pos});
        if (!done) return done;
        auto more = Plain(std::move(one));
        if (!more || !*more) return more;
      }
    }
    return true;
  }

  Result<bool> DecisionTable(const formats::ScenarioStep& step) {
    const std::string name = step.body["table"].get<std::string>();
    const auto* table = std::find_if(std::begin(kTables), std::end(kTables),
                                     [&](const TableName& t) { return t.name == name; });
    for (const spec::DecisionRow& row : table->rows()) {
      for (const json& version : step.body["ndis"]) {
        json configure = step.body;
        for (const char* key : {"table", "ndis"}) configure.erase(key);
        configure["step"] = "configure";
        configure["ndis"] = version;
        configure["support"] = {{"rss", table->support.rss},
                                {"vmq", table->support.vmq},
                                {"sriov", table->support.sriov}};
        json keywords = json::object();
        auto cell = [&](const char* keyword, spec::Cell value) {
          if (value != spec::Cell::kAny) keywords[keyword] = value == spec::Cell::kOne ? "1" : "0";
        };
        if (table->support.sriov) cell("*SriovPreferred", row.sriov_preferred);
        cell("*RssOrVmqPreference", row.rss_or_vmq_preference);
        if (table->support.sriov) cell("*SRIOV", row.sriov);
        cell("*VMQ", row.vmq);
        cell("*RSS", row.rss);
        configure["keywords"] = keywords;
        run_open_ = false;
        label_ = "row " + std::string(row.id) + ", NDIS " + version.get<std::string>();
        for (json body : {configure, json{{"step", "initialize"}}}) {
          const std::string kind = body["step"].get<std::string>();
          auto more = Plain({step.pos, kind, step.adapter, std::move(body)});
          if (!more || !*more) return more;
        }
      }
    }
    return true;
  }

  Result<bool> CompareRuns(const formats::ScenarioStep& step) {
    const spec::VmqModel* model = target_.Model(step.adapter);
    if (model == nullptr)
      return InputError(step.pos, "adapter \"" + step.adapter + "\" is not initialized");
    const ndis::ReceiveFilterCapabilities& hardware = model->capabilities().hardware;
    if (!first_hardware_) {
      first_hardware_ = hardware;
      return true;
    }
    if (hardware == *first_hardware_) return true;
    const std::string fallback = file_.header ? file_.header->source : std::string();
    target_.Fail(step, {step.body.value("rule", file_.header ? file_.header->name : "compare-runs"),
                        step.body.value("source", fallback),
                        "the hardware capabilities change with the keywords (NumQueues " +
                            std::to_string(first_hardware_->num_queues) + " -> " +
                            std::to_string(hardware.num_queues) + ", SupportedQueueProperties " +
                            std::to_string(first_hardware_->supported_queue_properties) + " -> " +
                            std::to_string(hardware.supported_queue_properties) + ")"});
    return false;
  }

  const CheckFile& file_;
  StepTarget& target_;
  bool run_open_ = false;
  std::string label_;
  std::optional<std::string> skipped_;
  std::optional<ndis::ReceiveFilterCapabilities> first_hardware_;
};

}  // namespace

Result<LoopOutcome> RunCheckSteps(const CheckFile& file, StepTarget& target) {
  return Walker(file, target).Run();
}

}  // namespace vmqkit::conformance
