#include "conformance/suites.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "conformance/engine_target.h"
#include "ndis/constants.h"
#include "ndis/oids.h"
#include "spec/advertise.h"

namespace vmqkit::conformance {
namespace {

using ndis::NdisVersion;

spec::RegistryValue Sz(std::string name, std::string text) {
  spec::RegistryValue v;
  v.name = std::move(name);
  v.type = spec::RegType::kSz;
  v.text = std::move(text);
  return v;
}

// The RapidCheck-generated checks (streams.cpp); each follows the scripted checks of its suite.
struct GeneratedCheck {
  std::string_view suite;
  std::string_view name;
  std::string_view source;
  CheckResult (*run)(const CheckContext& context);
};
constexpr GeneratedCheck kGenerated[] = {
    {"keywords", "keywords.random-registries",
     "[WDD] standardized-inf-keywords-for-vmq; docs/errata.md E-007, E-016", RunRandomRegistries},
    {"lifecycle", "lifecycle.random-streams",
     "[WDD] queue-states-and-operations; vmq-receive-filters", RunLifecycleStreams},
    {"routing", "route.random-frames", "[WDD] vmq-receive-filters", RunRandomRouting},
    {"scenarios", "scenarios.many-vms-churn", "[WDD] allocating-a-vm-queue; freeing-a-vm-queue",
     RunVmChurn},
};

// The check files and the table built from them; the files outlive the views into them.
struct Catalog {
  std::vector<CheckFile> files;
  std::vector<CheckInfo> checks;
};

CheckFile ParseEmbedded(const EmbeddedCheckFile& embedded) {
  auto file = ParseCheckFile(embedded.text, std::string(embedded.path));
  const bool named = file && file->header &&
                     embedded.path == "conformance/checks/" + file->header->name + ".jsonl";
  if (!named) {
    // The files are part of the build; conformance_tests loads each one, so this is a defect of
    // the tree, not of any input.
    std::fprintf(stderr, "vmqkit: %s\n",
                 file ? (std::string(embedded.path) + ": no check header naming the file").c_str()
                      : ToString(file.error()).c_str());
    std::abort();
  }
  return std::move(*file);
}

Catalog BuildCatalog() {
  Catalog catalog;
  for (const EmbeddedCheckFile& embedded : EmbeddedCheckFiles())
    catalog.files.push_back(ParseEmbedded(embedded));
  auto generated_of = [&](std::string_view suite) {
    for (const GeneratedCheck& g : kGenerated) {
      if (g.suite == suite) catalog.checks.push_back({g.suite, g.name, g.source, true, g.run});
    }
  };
  for (std::size_t i = 0; i < catalog.files.size(); ++i) {
    const CheckFile& file = catalog.files[i];
    const CheckHeader& h = *file.header;
    catalog.checks.push_back(
        {h.suite, h.name, h.source, false,
         [&file](const CheckContext& context) { return RunCheckFile(file, context); }});
    if (i + 1 == catalog.files.size() || catalog.files[i + 1].header->suite != h.suite)
      generated_of(h.suite);
  }
  return catalog;
}

}  // namespace

CheckResult RunCheckFile(const CheckFile& file, const CheckContext& context) {
  EngineTarget target(context.factory, context.options, context.on_step);
  auto outcome = RunCheckSteps(file, target);
  if (!outcome) {
    CheckResult r;
    r.verdict = Verdict::kFail;
    r.finding = Finding{"check.file", file.file, ToString(outcome.error())};
    return r;
  }
  const Engine* engine = target.engine();
  if (engine != nullptr && engine->failed()) {
    // The failing run alone is the minimal scenario, and its steps are the ones counted.
    CheckResult r = ResultOf(*engine);
    if (!outcome->run_label.empty())
      r.finding->message = outcome->run_label + ": " + r.finding->message;
    return r;
  }
  CheckResult r;
  r.steps = target.steps();
  if (outcome->skipped) {
    r.verdict = Verdict::kSkip;
    r.note = *outcome->skipped;
  }
  return r;
}

std::string_view ToString(Verdict verdict) {
  switch (verdict) {
    case Verdict::kPass:
      return "pass";
    case Verdict::kFail:
      return "fail";
    case Verdict::kSkip:
      return "skip";
  }
  return "?";
}

std::span<const CheckInfo> Checks() {
  static const Catalog catalog = BuildCatalog();
  return catalog.checks;
}

std::vector<std::string> SuiteNames() {
  std::vector<std::string> out;
  for (const auto& c : Checks()) {
    if (std::find(out.begin(), out.end(), c.suite) == out.end()) out.emplace_back(c.suite);
  }
  return out;
}

CheckResult ResultOf(const Engine& engine) {
  CheckResult r;
  r.steps = engine.steps();
  if (engine.failed()) {
    r.verdict = Verdict::kFail;
    r.finding = engine.finding();
    r.scenario = engine.scenario();
  }
  return r;
}

spec::ModelConfig VmqConfig(NdisVersion version) {
  spec::ModelConfig c;
  c.version = version;
  c.support = spec::HardwareSupport{true, true, false};
  c.adapter_keywords.values = {Sz("*RssOrVmqPreference", "1"), Sz("*VMQ", "1"),
                               Sz("*VMQVlanFiltering", "1")};
  c.processor_groups = {0xFF};
  return c;
}

spec::OidRequest AllocateQueueRequest(NdisVersion version, std::uint64_t mask, std::uint16_t group,
                                      std::uint32_t flags) {
  ndis::ReceiveQueueParameters p;
  p.revision = version >= ndis::kNdis630 ? ndis::kRevision2 : ndis::kRevision1;
  p.flags = flags;
  p.processor_affinity.mask = mask;
  p.processor_affinity.group = group;
  p.num_suggested_receive_buffers = 512;
  p.vm_name = u"vm";
  p.queue_name = u"vm rx";
  return {ndis::kOidReceiveFilterAllocateQueue, ndis::RequestKind::kMethod, ndis::Encode(p),
          std::nullopt};
}

spec::OidRequest SetFilterRequest(NdisVersion version, std::uint32_t queue_id,
                                  const ndis::MacAddress& mac, std::optional<std::uint16_t> vlan,
                                  bool untagged_or_zero) {
  ndis::ReceiveFilterParameters p;
  p.revision = version >= ndis::kNdis630 ? ndis::kRevision2 : ndis::kRevision1;
  p.queue_id = queue_id;
  p.fields.push_back(ndis::MacDestinationField(mac.bytes, untagged_or_zero));
  if (vlan) p.fields.push_back(ndis::VlanIdField(*vlan));
  return {ndis::kOidReceiveFilterSetFilter, ndis::RequestKind::kMethod, ndis::Encode(p),
          std::nullopt};
}

spec::OidRequest ClearFilterRequest(std::uint32_t queue_id, std::uint32_t filter_id) {
  return {ndis::kOidReceiveFilterClearFilter, ndis::RequestKind::kSet,
          ndis::Encode(ndis::ReceiveFilterClearParameters{0, queue_id, filter_id}), std::nullopt};
}

spec::OidRequest FreeQueueRequest(std::uint32_t queue_id) {
  return {ndis::kOidReceiveFilterFreeQueue, ndis::RequestKind::kSet,
          ndis::Encode(ndis::ReceiveQueueFreeParameters{0, queue_id}), std::nullopt};
}

spec::OidRequest CompleteRequest(const std::vector<std::uint32_t>& queue_ids) {
  ndis::ReceiveQueueAllocationCompleteArray array;
  for (std::uint32_t id : queue_ids) array.elements.push_back({0, id, ndis::NdisStatus::kSuccess});
  return {ndis::kOidReceiveFilterQueueAllocationComplete, ndis::RequestKind::kMethod,
          ndis::Encode(array), std::nullopt};
}

spec::OidRequest QueueAffinityRequest(NdisVersion version, std::uint32_t queue_id,
                                      std::uint64_t mask, std::uint16_t group) {
  ndis::ReceiveQueueParameters p;
  p.revision = version >= ndis::kNdis630 ? ndis::kRevision2 : ndis::kRevision1;
  p.flags = ndis::kQueueProcessorAffinityChanged;
  p.queue_id = queue_id;
  p.processor_affinity.mask = mask;
  p.processor_affinity.group = group;
  return {ndis::kOidReceiveFilterQueueParameters, ndis::RequestKind::kSet, ndis::Encode(p),
          std::nullopt};
}

ndis::MacAddress GuestMac(std::uint8_t n) {
  return ndis::MacAddress{{0x00, 0x15, 0x5D, 0x00, 0x00, n}};
}

ndis::Bytes Frame(const ndis::MacAddress& destination, std::optional<std::uint16_t> vlan,
                  std::size_t length) {
  ndis::FrameSpec spec;
  spec.destination = destination;
  spec.source = ndis::MacAddress{{0x00, 0x15, 0x5D, 0xFF, 0x00, 0x01}};
  if (vlan) spec.tag = ndis::VlanTag{ndis::kTpid8021Q, 0, false, *vlan};
  spec.length = length;
  return ndis::BuildFrame(spec);
}

}  // namespace vmqkit::conformance
