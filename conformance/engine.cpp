// The engine: adapters, the scenario it records, configure and initialize.
#include "conformance/engine.h"

#include <algorithm>

#include "base/text.h"
#include "conformance/coverage_model.h"
#include "conformance/engine_text.h"
#include "ndis/constants.h"
#include "spec/capabilities.h"

namespace vmqkit::conformance {

nlohmann::json FindingJson(const Finding& finding, std::size_t line) {
  return {{"line", line},
          {"rule", finding.rule},
          {"source", finding.source},
          {"message", finding.message}};
}

using ndis::NdisStatus;
using nlohmann::json;

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
             "hardware capabilities: " + (hardware ? std::string() : hardware.error().reason)) ||
      !Check(current.ok(), "capabilities.structure",
             "[HDR] ntddndis.h NDIS_RECEIVE_FILTER_CAPABILITIES",
             "current capabilities: " + (current ? std::string() : current.error().reason))) {
    return false;
  }
  // The hardware the DUT describes is the hardware the model reasons about; what the keywords do
  // to it, and what the rules demand of it, are then the model's.
  a.config.hardware = HardwareFrom(*hardware);
  AdoptReportedSupport(out.reported_hardware_features, a.config.support, lines_[a.configure_line]);
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
  if (options_.coverage != nullptr) options_.coverage->OnInitialize(name, *a.model);
  const spec::AdvertiseDecision& d = a.model->decision();

  // The capabilities first: a DUT inside the permitted sets may enable another permitted interface
  // than the recommended one, and the read rules that depend on what ended up enabled follow it
  // (E-011, E-020); the decision then holds the DUT's interface.
  const bool capabilities = CompareCapabilities(a, r, *hardware, *current);
  a.before = *a.model;
  a.reverted = false;
  return CompareReads(d, observed) && capabilities;
}

// Keywords read at initialize: every one the decision row demands, none it forbids.
bool Engine::CompareReads(const spec::AdvertiseDecision& d, const Observed& observed) {
  std::vector<std::string> read;
  for (const ConfigRead& entry : observed.reads) read.push_back(ToLower(entry.keyword));
  auto was_read = [&](const std::string& keyword) {
    return std::find(read.begin(), read.end(), ToLower(keyword)) != read.end();
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
  return true;
}

}  // namespace vmqkit::conformance
