#include "conformance/trace_device.h"

#include "base/text.h"
#include "ndis/oids.h"
#include "ndis/status.h"
#include "ndis/structures.h"

namespace vmqkit::conformance {
namespace {

using nlohmann::json;

Error At(const SourcePos& pos, const std::string& message) {
  return InputError(pos, message);
}

Result<ndis::Bytes> HexField(const json& value, const SourcePos& pos, const std::string& name) {
  if (!value.is_string()) return At(pos, "\"" + name + "\" must be a string of hex digits");
  const std::string text = value.get<std::string>();
  if (text.size() % 2 != 0) return At(pos, "\"" + name + "\" has an odd number of hex digits");
  ndis::Bytes out;
  out.reserve(text.size() / 2);
  for (std::size_t i = 0; i < text.size(); i += 2) {
    const int hi = HexDigitValue(text[i]);
    const int lo = HexDigitValue(text[i + 1]);
    if (hi < 0 || lo < 0) return At(pos, "\"" + name + "\" has a character that is not hex");
    out.push_back(static_cast<std::uint8_t>(hi * 16 + lo));
  }
  return out;
}

Result<std::uint32_t> U32Field(const json& body, const SourcePos& pos, const std::string& name,
                               std::uint32_t fallback) {
  auto it = body.find(name);
  if (it == body.end()) return fallback;
  if (!it->is_number_unsigned() || *it > 0xFFFFFFFFu)
    return At(pos, "\"" + name + "\" must be a number 0..4294967295");
  return it->get<std::uint32_t>();
}

Result<std::uint32_t> StatusField(const json& body, const SourcePos& pos, const std::string& name) {
  auto it = body.find(name);
  if (it == body.end() || !it->is_string())
    return At(pos, "\"" + name + "\" must name an NDIS_STATUS (\"SUCCESS\", \"0xC0000001\")");
  auto status = ndis::ParseStatus(it->get<std::string>());
  if (!status) return At(pos, "\"" + name + "\": unknown NDIS_STATUS " + it->dump());
  return static_cast<std::uint32_t>(*status);
}

// The recorded answer of an initialize line: both capability buffers and the status.
Result<InitializeOutput> InitializeAnswer(const json& b, const SourcePos& pos) {
  InitializeOutput out;
  for (const char* name : {"hardware", "current"}) {
    auto it = b.find(name);
    if (it == b.end()) return At(pos, std::string("initialize needs \"") + name + "\" (hex)");
    auto bytes = HexField(*it, pos, name);
    if (!bytes) return bytes.error();
    (std::string(name) == "hardware" ? out.hardware : out.current) = *bytes;
  }
  auto status = b.contains("result") ? StatusField(b, pos, "result") : Result<std::uint32_t>(0u);
  if (!status) return status.error();
  out.status = *status;
  return out;
}

// The recorded answer of an oid line: status, BytesWritten, BytesNeeded and the output bytes.
Result<OidOutput> OidAnswer(const json& b, const SourcePos& pos) {
  OidOutput out;
  auto status = StatusField(b, pos, "result");
  if (!status) return status.error();
  out.status = *status;
  auto written = U32Field(b, pos, "bytes_written", 0);
  if (!written) return written.error();
  auto needed = U32Field(b, pos, "bytes_needed", 0);
  if (!needed) return needed.error();
  out.bytes_written = *written;
  out.bytes_needed = *needed;
  if (auto output = b.find("output"); output != b.end()) {
    auto bytes = HexField(*output, pos, "output");
    if (!bytes) return bytes.error();
    out.buffer = *bytes;
  }
  return out;
}

Result<ReceiveIndication> Indication(const json& i, const SourcePos& pos) {
  if (!i.is_object()) return At(pos, "an indication must be an object");
  auto frame = HexField(i.value("hex", json()), pos, "indications[].hex");
  if (!frame) return frame.error();
  auto queue = U32Field(i, pos, "queue_id", 0);
  if (!queue) return queue.error();
  auto vlan = U32Field(i, pos, "vlan_id", 0);
  if (!vlan) return vlan.error();
  auto flags = U32Field(i, pos, "flags", 0);
  if (!flags) return flags.error();
  ReceiveIndication r;
  r.queue_id = *queue;
  r.vlan_id = *vlan;
  r.frame = *frame;
  r.flags = *flags;
  return r;
}

}  // namespace

Result<TraceAnswer> ParseTraceAnswer(const formats::ScenarioStep& step) {
  TraceAnswer a;
  const json& b = step.body;
  const SourcePos& pos = step.pos;
  if (auto reads = b.find("reads"); reads != b.end()) {
    if (!reads->is_array()) return At(pos, "\"reads\" must be an array of keyword names");
    for (const auto& r : *reads) {
      if (!r.is_string()) return At(pos, "\"reads\" must be an array of keyword names");
      a.observed.reads.push_back({r.get<std::string>(), true});
    }
  }
  if (step.kind == "initialize") {
    auto initialize = InitializeAnswer(b, pos);
    if (!initialize) return initialize.error();
    a.initialize = std::move(*initialize);
  }
  if (step.kind == "oid") {
    auto oid = OidAnswer(b, pos);
    if (!oid) return oid.error();
    a.oid = std::move(*oid);
  }
  if (auto list = b.find("indications"); list != b.end()) {
    if (!list->is_array()) return At(pos, "\"indications\" must be an array");
    for (const auto& i : *list) {
      auto indication = Indication(i, pos);
      if (!indication) return indication.error();
      a.observed.indications.push_back(std::move(*indication));
    }
  }
  if (auto list = b.find("statuses"); list != b.end()) {
    if (!list->is_array()) return At(pos, "\"statuses\" must be an array");
    for (const auto& s : *list) {
      if (!s.is_object()) return At(pos, "a status indication must be an object");
      auto code = StatusField(s, pos, "code");
      if (!code) return code.error();
      auto buffer = HexField(s.value("hex", json("")), pos, "statuses[].hex");
      if (!buffer) return buffer.error();
      a.observed.statuses.push_back({*code, *buffer});
    }
  }
  if (auto list = b.find("completions"); list != b.end()) {
    if (!list->is_array()) return At(pos, "\"completions\" must be an array");
    for (const auto& c : *list) {
      if (!c.is_object()) return At(pos, "a completion must be an object");
      auto queue = U32Field(c, pos, "queue_id", 0);
      if (!queue) return queue.error();
      auto status = StatusField(c, pos, "result");
      if (!status) return status.error();
      a.free_completions.emplace_back(*queue, *status);
    }
  }
  return a;
}

OidOutput TraceDevice::Request(const OidCall& call) {
  if (call.oid == ndis::kOidReceiveFilterFreeQueue &&
      answer_.oid.status == static_cast<std::uint32_t>(ndis::NdisStatus::kPending)) {
    if (auto free = ndis::DecodeReceiveQueueFreeParameters(call.buffer))
      pending_free_[free->queue_id] = call.request_id;
  }
  OidOutput out = answer_.oid;
  if (out.buffer.empty()) out.buffer = call.buffer;
  return out;
}

Observed TraceDevice::Take() {
  Observed out = std::move(answer_.observed);
  for (auto& i : out.indications) {
    i.cookie = next_cookie_++;
    i.call = 0;
    i.call_size = static_cast<std::uint32_t>(out.indications.size());
  }
  for (const auto& [queue, status] : answer_.free_completions) {
    auto it = pending_free_.find(queue);
    // A completion of nothing pending is reported with an id no request has, so the engine
    // reports it as unexpected.
    const std::uint64_t id = it != pending_free_.end() ? it->second : ~std::uint64_t{0};
    if (it != pending_free_.end()) pending_free_.erase(it);
    out.completions.push_back({id, status, 0, 0});
  }
  answer_ = {};
  return out;
}

Result<TraceReport> CheckTrace(const std::vector<formats::ScenarioStep>& steps,
                               const std::string& file) {
  std::map<std::string, TraceDevice*> devices;  // owned by the engine
  std::string configuring;
  Engine engine(
      [&](const PlatformSpec&) -> std::unique_ptr<Device> {
        auto device = std::make_unique<TraceDevice>();
        devices[configuring] = device.get();
        return device;
      },
      {});
  TraceReport report;
  report.file = file;
  for (const auto& step : steps) {
    if (step.kind == "expect" || step.kind == "status") continue;
    ++report.steps;
    if (step.kind == "configure") {
      auto config = formats::ParseModelConfig(step.body, step.pos);
      if (!config) return config.error();
      configuring = step.adapter;
      engine.Configure(step.adapter, *config);
    } else {
      auto device = devices.find(step.adapter);
      if (device == devices.end())
        return At(step.pos, "adapter \"" + step.adapter + "\" is not configured");
      auto answer = ParseTraceAnswer(step);
      if (!answer) return answer.error();
      device->second->Expect(std::move(*answer));
      if (step.kind == "initialize") {
        engine.Initialize(step.adapter);
      } else {
        const spec::VmqModel* model = engine.Model(step.adapter);
        if (model == nullptr)
          return At(step.pos, "adapter \"" + step.adapter + "\" is not initialized");
        if (step.kind == "oid") {
          auto request = formats::ParseOidRequest(step.body, step.pos, *model);
          if (!request) return request.error();
          engine.Oid(step.adapter, *request);
        } else if (step.kind == "rx") {
          auto frame = formats::ParseFrameSpec(step.body, step.pos);
          if (!frame) return frame.error();
          engine.Rx(step.adapter, *frame, step.body.value("hold", false));
        } else if (step.kind == "return") {
          auto queue = U32Field(step.body, step.pos, "queue_id", 0);
          if (!queue) return queue.error();
          std::optional<std::uint32_t> count;
          if (step.body.contains("count")) {
            auto c = U32Field(step.body, step.pos, "count", 0);
            if (!c) return c.error();
            count = *c;
          }
          engine.Return(step.adapter, *queue, count);
        } else {
          return At(step.pos, "step \"" + step.kind + "\" is not a trace step");
        }
      }
    }
    if (engine.failed()) {
      report.finding = engine.finding();
      report.finding_line = step.pos.line;
      break;
    }
  }
  return report;
}

std::string ToText(const TraceReport& report) {
  if (!report.finding) {
    return report.file + ": " + std::to_string(report.steps) +
           " steps, no divergence from the model\n";
  }
  return report.file + ":" + std::to_string(report.finding_line) + ": first divergence: rule " +
         report.finding->rule + " (" + report.finding->source + ")\n    " +
         report.finding->message + "\n";
}

nlohmann::json ToJson(const TraceReport& report) {
  nlohmann::json doc = {{"file", report.file}, {"steps", report.steps}, {"ok", !report.finding}};
  if (report.finding) doc["finding"] = FindingJson(*report.finding, report.finding_line);
  return doc;
}

}  // namespace vmqkit::conformance
