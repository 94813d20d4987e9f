// TEMPORARY: today's hand-written checks, to compare their engine lines with the check files.
#include <algorithm>
#include "conformance/suites.h"
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

void SetKeyword(spec::ModelConfig& c, const std::string& name, const std::string& text) {
  auto& values = c.adapter_keywords.values;
  std::erase_if(values, [&](const spec::RegistryValue& v) { return v.name == name; });
  values.push_back(Sz(name, text));
}

Engine NewEngine(const CheckContext& ctx) {
  Engine e(ctx.factory, ctx.options);
  if (ctx.on_step) {
    ctx.on_step({{"step", "#run"}});
    e.OnStep(ctx.on_step);
  }
  return e;
}

// Configure + initialize adapter `name` with `config`.
bool Up(Engine& e, const spec::ModelConfig& config, const std::string& name = "A") {
  return e.Configure(name, config) && e.Initialize(name);
}

// One VM queue: allocate, filter, complete. Returns the queue id the model assigned.
std::uint32_t VmQueue(Engine& e, const std::string& name, const ndis::MacAddress& mac,
                      std::optional<std::uint16_t> vlan, std::uint64_t mask = 0x2) {
  const spec::VmqModel* m = e.Model(name);
  if (m == nullptr) return 0;
  const NdisVersion v = m->config().version;
  std::uint32_t id = 1;
  while (m->queues().contains(id)) ++id;
  e.Oid(name, AllocateQueueRequest(v, mask));
  e.Oid(name, SetFilterRequest(v, id, mac, vlan, !vlan));
  e.Oid(name, CompleteRequest({id}));
  return id;
}

// --- keywords / read rules / capabilities -------------------------------------------------------

CheckResult RunDecisionRows(const CheckContext& ctx) {
  // Every row of both documented decision tables, for the NDIS versions that have them.
  struct Table {
    std::span<const spec::DecisionRow> rows;
    spec::HardwareSupport support;
    std::vector<NdisVersion> versions;
  };
  const Table tables[] = {
      {spec::RssVmqTable(), {true, true, false}, {ndis::kNdis620, ndis::kNdis630, ndis::kNdis650}},
      {spec::SriovVmqRssTable(), {true, true, true}, {ndis::kNdis630, ndis::kNdis650}},
  };
  std::size_t steps = 0;
  for (const Table& table : tables) {
    for (const spec::DecisionRow& row : table.rows) {
      for (NdisVersion version : table.versions) {
        spec::ModelConfig c = VmqConfig(version);
        c.support = table.support;
        c.adapter_keywords.values.clear();
        auto cell = [&](const char* name, spec::Cell value) {
          if (value != spec::Cell::kAny) SetKeyword(c, name, value == spec::Cell::kOne ? "1" : "0");
        };
        if (table.support.sriov) cell("*SriovPreferred", row.sriov_preferred);
        cell("*RssOrVmqPreference", row.rss_or_vmq_preference);
        if (table.support.sriov) cell("*SRIOV", row.sriov);
        cell("*VMQ", row.vmq);
        cell("*RSS", row.rss);
        Engine e = NewEngine(ctx);
        Up(e, c);
        steps += e.steps();
        if (e.failed()) {
          CheckResult r = ResultOf(e);
          r.finding->message = "row " + std::string(row.id) + ", NDIS " + ndis::ToString(version) +
                               ": " + r.finding->message;
          return r;
        }
      }
    }
  }
  CheckResult r;
  r.steps = steps;
  return r;
}

CheckResult RunReservedKeywords(const CheckContext& ctx) {
  // VMQ supported and enabled: the reserved RSS keywords and the VMSMP values are present and
  // must not be read ([WDD] standardized-inf-keywords-for-vmq, "Reserved Registry Keywords").
  spec::ModelConfig c = VmqConfig();
  SetKeyword(c, "*RssMaxProcNumber", "7");
  SetKeyword(c, "*MaxRssProcessors", "4");
  SetKeyword(c, "*RssBaseProcNumber", "2");
  c.vmsmp_parameters.values.push_back(Sz("TenGigVmqEnabled", "1"));
  c.vmsmp_parameters.values.push_back(Sz("BelowTenGigVmqEnabled", "1"));
  Engine e = NewEngine(ctx);
  Up(e, c);
  return ResultOf(e);
}

CheckResult RunOutOfRangeValues(const CheckContext& ctx) {
  // NDIS does not check ranges; an out-of-range or non-numeric value takes the default
  // ([DDI] ndis/nf-ndis-ndisreadconfiguration).
  for (const char* bad : {"2", "-1", "abc", "", "0x1"}) {
    spec::ModelConfig c = VmqConfig();
    SetKeyword(c, "*VMQ", bad);
    SetKeyword(c, "*VMQVlanFiltering", bad);
    Engine e = NewEngine(ctx);
    Up(e, c);
    if (e.failed()) return ResultOf(e);
  }
  return CheckResult{};
}

CheckResult RunHardwareIndependent(const CheckContext& ctx) {
  // "The miniport driver must always report the complete RSS and VMQ hardware capabilities
  // regardless of the values of these keywords."
  std::vector<spec::ModelConfig> configs(4, VmqConfig());
  SetKeyword(configs[1], "*RssOrVmqPreference", "0");
  SetKeyword(configs[2], "*VMQ", "0");
  SetKeyword(configs[3], "*VMQVlanFiltering", "0");
  std::optional<ndis::ReceiveFilterCapabilities> first;
  std::size_t steps = 0;
  for (const auto& c : configs) {
    Engine e = NewEngine(ctx);
    Up(e, c);
    steps += e.steps();
    if (e.failed()) return ResultOf(e);
    const auto& hardware = e.Model("A")->capabilities().hardware;
    if (first && !(hardware == *first)) {
      e.Fail({"capabilities.hardware-complete",
              "[WDD] standardized-inf-keywords-for-vmq (\"must always report the complete ... "
              "hardware capabilities regardless of the values of these keywords\")",
              "the hardware capabilities change with the keywords (NumQueues " +
                  std::to_string(first->num_queues) + " -> " + std::to_string(hardware.num_queues) +
                  ", SupportedQueueProperties " +
                  std::to_string(first->supported_queue_properties) + " -> " +
                  std::to_string(hardware.supported_queue_properties) + ")"});
      return ResultOf(e);
    }
    first = hardware;
  }
  CheckResult r;
  r.steps = steps;
  return r;
}

CheckResult RunMandatoryFlags(const CheckContext& ctx) {
  for (NdisVersion v : {ndis::kNdis620, ndis::kNdis630, ndis::kNdis650, ndis::kNdis680}) {
    Engine e = NewEngine(ctx);
    Up(e, VmqConfig(v));
    if (e.failed()) return ResultOf(e);
  }
  return CheckResult{};
}

CheckResult RunNumQueuesAllocatable(const CheckContext& ctx) {
  // NumQueues counts the VM queues, not the default queue: every one of them can be allocated
  // ([DDI] ns-ntddndis-_ndis_receive_filter_capabilities: "must not include the default queue").
  Engine e = NewEngine(ctx);
  if (!Up(e, VmqConfig())) return ResultOf(e);
  const std::uint32_t n = e.Model("A")->capabilities().current.num_queues;
  for (std::uint32_t i = 0; i < n && !e.failed(); ++i) {
    e.Oid("A", AllocateQueueRequest(ndis::kNdis630, 0x1));
    e.Oid("A", SetFilterRequest(ndis::kNdis630, i + 1, GuestMac(static_cast<std::uint8_t>(i + 1)),
                                std::nullopt, true));
  }
  e.Oid("A", CompleteRequest([&] {
          std::vector<std::uint32_t> ids;
          for (std::uint32_t i = 1; i <= n; ++i) ids.push_back(i);
          return ids;
        }()));
  for (std::uint32_t i = 0; i < n && !e.failed(); ++i) {
    e.Rx("A", Frame(GuestMac(static_cast<std::uint8_t>(i + 1)), std::nullopt));
  }
  return ResultOf(e);
}

// --- queue lifecycle ----------------------------------------------------------------------------

CheckResult RunSetThenComplete(const CheckContext& ctx) {
  Engine e = NewEngine(ctx);
  if (!Up(e, VmqConfig())) return ResultOf(e);
  e.Oid("A", AllocateQueueRequest(ndis::kNdis630, 0x2));  // Allocated
  e.Oid("A", SetFilterRequest(ndis::kNdis630, 1, GuestMac(1), std::uint16_t{10}, false));  // Set
  e.Rx("A", Frame(GuestMac(1), std::uint16_t{10}));  // Set does not indicate: default queue
  e.Oid("A", CompleteRequest({1}));                  // Running
  e.Rx("A", Frame(GuestMac(1), std::uint16_t{10}));
  e.Rx("A", Frame(GuestMac(1), std::nullopt));
  return ResultOf(e);
}

CheckResult RunCompleteThenSet(const CheckContext& ctx) {
  Engine e = NewEngine(ctx);
  if (!Up(e, VmqConfig())) return ResultOf(e);
  e.Oid("A", AllocateQueueRequest(ndis::kNdis630, 0x2));
  e.Oid("A", CompleteRequest({1}));  // Paused
  e.Rx("A", Frame(GuestMac(1), std::nullopt));
  e.Oid("A", SetFilterRequest(ndis::kNdis630, 1, GuestMac(1), std::nullopt, true));  // Running
  e.Rx("A", Frame(GuestMac(1), std::nullopt));
  e.Rx("A", Frame(GuestMac(1), std::uint16_t{0}));
  return ResultOf(e);
}

CheckResult RunClearFilters(const CheckContext& ctx) {
  Engine e = NewEngine(ctx);
  if (!Up(e, VmqConfig())) return ResultOf(e);
  e.Oid("A", AllocateQueueRequest(ndis::kNdis630, 0x2));
  e.Oid("A", SetFilterRequest(ndis::kNdis630, 1, GuestMac(1), std::nullopt, true));
  e.Oid("A", SetFilterRequest(ndis::kNdis630, 1, GuestMac(2), std::nullopt, true));
  e.Oid("A", CompleteRequest({1}));
  e.Oid("A", ClearFilterRequest(1, 1));  // not the last: still Running
  e.Rx("A", Frame(GuestMac(2), std::nullopt));
  e.Rx("A", Frame(GuestMac(1), std::nullopt));
  e.Oid("A", ClearFilterRequest(1, 2));  // the last: Paused, no state indication
  e.Rx("A", Frame(GuestMac(2), std::nullopt));
  e.Oid("A", FreeQueueRequest(1));
  return ResultOf(e);
}

CheckResult RunFreeFromAllocated(const CheckContext& ctx) {
  Engine e = NewEngine(ctx);
  if (!Up(e, VmqConfig())) return ResultOf(e);
  e.Oid("A", AllocateQueueRequest(ndis::kNdis630, 0x2));
  e.Oid("A", FreeQueueRequest(1));
  e.Oid("A", AllocateQueueRequest(ndis::kNdis630, 0x4));  // the id is free again
  e.Oid("A", SetFilterRequest(ndis::kNdis630, 1, GuestMac(3), std::nullopt, true));
  e.Oid("A", CompleteRequest({1}));
  e.Rx("A", Frame(GuestMac(3), std::nullopt));
  return ResultOf(e);
}

CheckResult RunLookaheadSize(const CheckContext& ctx) {
  // From NDIS 6.30 LookaheadSize must be 0 ([DDI] ns-ntddndis-_ndis_receive_queue_parameters).
  Engine e = NewEngine(ctx);
  if (!Up(e, VmqConfig())) return ResultOf(e);
  spec::OidRequest request = AllocateQueueRequest(ndis::kNdis630, 0x2);
  auto params = ndis::DecodeReceiveQueueParameters(request.buffer);
  ndis::ReceiveQueueParameters p = *params;
  p.lookahead_size = 256;
  request.buffer = ndis::Encode(p);
  e.Oid("A", request);
  e.Oid("A", AllocateQueueRequest(ndis::kNdis630, 0x2));
  return ResultOf(e);
}

CheckResult RunFreePending(const CheckContext& ctx) {
  Engine e = NewEngine(ctx);
  if (!Up(e, VmqConfig())) return ResultOf(e);
  const std::uint32_t q = VmQueue(e, "A", GuestMac(1), std::uint16_t{20});
  e.Rx("A", Frame(GuestMac(1), std::uint16_t{20}), true);
  e.Rx("A", Frame(GuestMac(1), std::uint16_t{20}), true);
  e.Oid("A", ClearFilterRequest(q, 1));
  e.Oid("A", FreeQueueRequest(q));  // DmaStopped, PENDING
  e.Rx("A", Frame(GuestMac(1), std::uint16_t{20}));
  e.Return("A", q, 1u);  // one still outstanding: still pending
  e.Rx("A", Frame(GuestMac(1), std::uint16_t{20}));
  e.Return("A", q);  // completes
  e.Oid("A", AllocateQueueRequest(ndis::kNdis630, 0x2));
  return ResultOf(e);
}

CheckResult RunInvalidCells(const CheckContext& ctx) {
  // Blank cells of the event x state table: NDIS refuses them before the miniport; afterwards
  // the DUT must behave as if nothing happened.
  Engine e = NewEngine(ctx);
  if (!Up(e, VmqConfig())) return ResultOf(e);
  const std::uint32_t q = VmQueue(e, "A", GuestMac(1), std::nullopt);
  e.Oid("A", FreeQueueRequest(q));       // Running: invalid (filters set)
  e.Oid("A", CompleteRequest({q}));      // Running: invalid
  e.Oid("A", ClearFilterRequest(q, 7));  // unknown filter
  e.Oid("A", FreeQueueRequest(0));       // the default queue
  e.Rx("A", Frame(GuestMac(1), std::nullopt));
  e.Oid("A", ClearFilterRequest(q, 1));
  e.Oid("A", FreeQueueRequest(q));
  return ResultOf(e);
}

// --- filters ------------------------------------------------------------------------------------

CheckResult RunFilterVlanRules(const CheckContext& ctx) {
  Engine e = NewEngine(ctx);
  if (!Up(e, VmqConfig())) return ResultOf(e);
  VmQueue(e, "A", GuestMac(1), std::uint16_t{10});
  VmQueue(e, "A", GuestMac(2), std::nullopt);
  for (auto vlan : {std::optional<std::uint16_t>{}, std::optional<std::uint16_t>{0},
                    std::optional<std::uint16_t>{10}, std::optional<std::uint16_t>{11}}) {
    e.Rx("A", Frame(GuestMac(1), vlan));
    e.Rx("A", Frame(GuestMac(2), vlan));
  }
  return ResultOf(e);
}

CheckResult RunFilterValidation(const CheckContext& ctx) {
  Engine e = NewEngine(ctx);
  if (!Up(e, VmqConfig())) return ResultOf(e);
  e.Oid("A", AllocateQueueRequest(ndis::kNdis630, 0x2));
  const NdisVersion v = ndis::kNdis630;
  auto with_fields = [&](std::vector<ndis::ReceiveFilterFieldParameters> fields) {
    ndis::ReceiveFilterParameters p;
    p.queue_id = 1;
    p.fields = std::move(fields);
    spec::OidRequest r;
    r.oid = ndis::kOidReceiveFilterSetFilter;
    r.kind = ndis::RequestKind::kMethod;
    r.buffer = ndis::Encode(p);
    return r;
  };
  auto mac = ndis::MacDestinationField(GuestMac(1).bytes, false);
  auto flagged = ndis::MacDestinationField(GuestMac(1).bytes, true);
  auto vlan = ndis::VlanIdField(10);
  auto source = mac;
  source.header_field = static_cast<std::uint32_t>(ndis::MacHeaderField::kSourceAddress);
  auto not_equal = mac;
  not_equal.test = ndis::ReceiveFilterTest::kNotEqual;
  auto ipv4 = mac;
  ipv4.frame_header = ndis::FrameHeader::kIpv4;
  e.Oid("A", with_fields({flagged, vlan}));  // VLAN field and UNTAGGED_OR_ZERO: refused
  e.Oid("A", with_fields({source}));         // a field VMQ does not filter on
  e.Oid("A", with_fields({not_equal}));      // a test VMQ does not support
  e.Oid("A", with_fields({ipv4}));           // a header VMQ does not support
  e.Oid("A", with_fields({}));               // no field at all
  e.Oid("A", with_fields({mac}));            // 6.30: MAC only, any VLAN (or refused)
  e.Oid("A", SetFilterRequest(v, 1, GuestMac(2), std::uint16_t{30}, false));
  e.Oid("A", CompleteRequest({1}));
  e.Rx("A", Frame(GuestMac(2), std::uint16_t{30}));
  e.Rx("A", Frame(GuestMac(1), std::uint16_t{30}));
  return ResultOf(e);
}

CheckResult RunVlanNeedsVlanFiltering(const CheckContext& ctx) {
  spec::ModelConfig c = VmqConfig();
  SetKeyword(c, "*VMQVlanFiltering", "0");
  Engine e = NewEngine(ctx);
  if (!Up(e, c)) return ResultOf(e);
  e.Oid("A", AllocateQueueRequest(ndis::kNdis630, 0x2));
  e.Oid("A", SetFilterRequest(ndis::kNdis630, 1, GuestMac(1), std::uint16_t{10}, false));
  e.Oid("A", SetFilterRequest(ndis::kNdis630, 1, GuestMac(1), std::nullopt, true));
  e.Oid("A", CompleteRequest({1}));
  e.Rx("A", Frame(GuestMac(1), std::nullopt));
  return ResultOf(e);
}

CheckResult RunMacOnly620(const CheckContext& ctx) {
  Engine e = NewEngine(ctx);
  if (!Up(e, VmqConfig(ndis::kNdis620))) return ResultOf(e);
  e.Oid("A", AllocateQueueRequest(ndis::kNdis620, 0x2));
  e.Oid("A", SetFilterRequest(ndis::kNdis620, 1, GuestMac(1), std::nullopt, false));
  e.Oid("A", SetFilterRequest(ndis::kNdis620, 1, GuestMac(1), std::nullopt, true));
  e.Oid("A", CompleteRequest({1}));
  e.Rx("A", Frame(GuestMac(1), std::uint16_t{5}));
  e.Rx("A", Frame(GuestMac(1), std::nullopt));
  return ResultOf(e);
}

CheckResult RunMaxFilters(const CheckContext& ctx) {
  Engine e = NewEngine(ctx);
  if (!Up(e, VmqConfig())) return ResultOf(e);
  e.Oid("A", AllocateQueueRequest(ndis::kNdis630, 0x2));
  const std::uint32_t max = e.Model("A")->capabilities().current.max_mac_header_filters;
  for (std::uint32_t i = 0; i <= max && !e.failed(); ++i) {
    e.Oid("A", SetFilterRequest(ndis::kNdis630, 1, GuestMac(static_cast<std::uint8_t>(i + 1)),
                                std::nullopt, true));
  }
  e.Oid("A", CompleteRequest({1}));
  e.Rx("A", Frame(GuestMac(1), std::nullopt));
  return ResultOf(e);
}

CheckResult RunSharedEntries(const CheckContext& ctx) {
  // Two queues on one VLAN; one MAC on two VLANs on two queues; clearing one keeps the other.
  Engine e = NewEngine(ctx);
  if (!Up(e, VmqConfig())) return ResultOf(e);
  VmQueue(e, "A", GuestMac(1), std::uint16_t{10});
  VmQueue(e, "A", GuestMac(2), std::uint16_t{10});
  VmQueue(e, "A", GuestMac(1), std::uint16_t{20});
  for (std::uint8_t m : {std::uint8_t{1}, std::uint8_t{2}}) {
    for (std::uint16_t v : {std::uint16_t{10}, std::uint16_t{20}}) e.Rx("A", Frame(GuestMac(m), v));
  }
  e.Oid("A", ClearFilterRequest(2, 2));
  e.Rx("A", Frame(GuestMac(2), std::uint16_t{10}));
  e.Rx("A", Frame(GuestMac(1), std::uint16_t{10}));
  e.Oid("A", ClearFilterRequest(1, 1));
  e.Rx("A", Frame(GuestMac(1), std::uint16_t{10}));
  e.Rx("A", Frame(GuestMac(1), std::uint16_t{20}));
  return ResultOf(e);
}

// --- routing ------------------------------------------------------------------------------------

CheckResult RunTargetedFrames(const CheckContext& ctx) {
  Engine e = NewEngine(ctx);
  if (!Up(e, VmqConfig())) return ResultOf(e);
  VmQueue(e, "A", GuestMac(1), std::uint16_t{10});
  VmQueue(e, "A", GuestMac(2), std::nullopt);
  const ndis::MacAddress unknown = GuestMac(0x77);
  ndis::MacAddress broadcast;
  broadcast.bytes.fill(0xFF);
  ndis::MacAddress multicast{{0x01, 0x00, 0x5E, 0x00, 0x00, 0x01}};
  for (const auto& dst : {unknown, broadcast, multicast}) {
    e.Rx("A", Frame(dst, std::nullopt));
    e.Rx("A", Frame(dst, std::uint16_t{10}));  // the global VLAN filter must not drop it
    e.Rx("A", Frame(dst, std::uint16_t{0}));
  }
  e.Rx("A", Frame(GuestMac(1), std::uint16_t{10}, 1514));
  ndis::Bytes runt = Frame(GuestMac(1), std::uint16_t{10});
  runt.resize(40);
  e.Rx("A", runt);
  runt.resize(10);
  e.Rx("A", runt);
  ndis::FrameSpec qinq;
  qinq.destination = GuestMac(1);
  qinq.service_tag = ndis::VlanTag{ndis::kTpid8021ad, 0, false, 100};
  qinq.tag = ndis::VlanTag{ndis::kTpid8021Q, 0, false, 10};
  e.Rx("A", ndis::BuildFrame(qinq));
  return ResultOf(e);
}

// --- processor affinity -------------------------------------------------------------------------

CheckResult RunAffinitySet(const CheckContext& ctx) {
  spec::ModelConfig c = VmqConfig();
  c.processor_groups = {0x0F0, 0x3};  // the OS gives processors 0:4..0:7 and 1:0..1:1
  Engine e = NewEngine(ctx);
  if (!Up(e, c)) return ResultOf(e);
  e.Oid("A", AllocateQueueRequest(ndis::kNdis630, 0x1));      // outside the set
  e.Oid("A", AllocateQueueRequest(ndis::kNdis630, 0x0));      // empty
  e.Oid("A", AllocateQueueRequest(ndis::kNdis630, 0x1, 2));   // no group 2
  e.Oid("A", AllocateQueueRequest(ndis::kNdis630, 0x30));     // inside
  e.Oid("A", AllocateQueueRequest(ndis::kNdis630, 0x2, 1));   // inside, group 1
  e.Oid("A", QueueAffinityRequest(ndis::kNdis630, 1, 0x40));  // dynamic change inside
  e.Oid("A", QueueAffinityRequest(ndis::kNdis630, 1, 0x8));   // outside
  e.Oid("A", QueueAffinityRequest(ndis::kNdis630, 2, 0x1, 1));
  e.Oid("A", SetFilterRequest(ndis::kNdis630, 1, GuestMac(1), std::nullopt, true));
  e.Oid("A", CompleteRequest({1, 2}));
  e.Rx("A", Frame(GuestMac(1), std::nullopt));
  return ResultOf(e);
}

CheckResult RunAffinityNotAdvertised(const CheckContext& ctx) {
  // NDIS 6.20 has no dynamic affinity change: NDIS refuses the request; the DUT must not see it.
  Engine e = NewEngine(ctx);
  if (!Up(e, VmqConfig(ndis::kNdis620))) return ResultOf(e);
  e.Oid("A", AllocateQueueRequest(ndis::kNdis620, 0x1));
  e.Oid("A", QueueAffinityRequest(ndis::kNdis620, 1, 0x2));
  e.Oid("A", SetFilterRequest(ndis::kNdis620, 1, GuestMac(1), std::nullopt, true));
  e.Oid("A", CompleteRequest({1}));
  e.Rx("A", Frame(GuestMac(1), std::nullopt));
  return ResultOf(e);
}

// --- robustness ---------------------------------------------------------------------------------

// Malformed versions of a valid buffer.
std::vector<ndis::Bytes> Malformed(const ndis::Bytes& good) {
  std::vector<ndis::Bytes> out;
  for (std::size_t length : {std::size_t{0}, std::size_t{3}, std::size_t{4}, good.size() - 1}) {
    out.emplace_back(good.begin(),
                     good.begin() + static_cast<std::ptrdiff_t>(std::min(length, good.size())));
  }
  ndis::Bytes bad = good;
  bad[0] = 0x81;  // Header.Type
  out.push_back(bad);
  bad = good;
  bad[1] = 0;  // Header.Revision
  out.push_back(bad);
  bad = good;
  bad[2] = 8;  // Header.Size below the revision's size
  bad[3] = 0;
  out.push_back(bad);
  bad = good;
  bad[2] = 0xFF;  // Header.Size beyond the buffer
  bad[3] = 0xFF;
  out.push_back(bad);
  return out;
}

CheckResult RunMalformedBuffers(const CheckContext& ctx) {
  Engine e = NewEngine(ctx);
  if (!Up(e, VmqConfig())) return ResultOf(e);
  const std::uint32_t q = VmQueue(e, "A", GuestMac(1), std::uint16_t{10});
  e.Oid("A", AllocateQueueRequest(ndis::kNdis630, 0x2));  // queue 2, Allocated
  const std::vector<spec::OidRequest> good = {
      AllocateQueueRequest(ndis::kNdis630, 0x2),
      SetFilterRequest(ndis::kNdis630, q, GuestMac(5), std::nullopt, true),
      ClearFilterRequest(q, 1),
      FreeQueueRequest(2),
      CompleteRequest({2}),
      QueueAffinityRequest(ndis::kNdis630, q, 0x4),
  };
  for (const auto& request : good) {
    for (const auto& bytes : Malformed(request.buffer)) {
      spec::OidRequest bad = request;
      bad.buffer = bytes;
      e.Oid("A", bad, Delivery::kDirect);
      e.Rx("A", Frame(GuestMac(1), std::uint16_t{10}));  // nothing changed
    }
  }
  // Arrays: offsets and element counts out of range.
  spec::OidRequest filter = SetFilterRequest(ndis::kNdis630, q, GuestMac(5), std::nullopt, true);
  for (auto [offset, value] : {std::pair<std::size_t, std::uint32_t>{20, 0xFFFFFFF0u},
                               {24, 0x10000000u},
                               {28, 8u},
                               {24, 0u}}) {
    spec::OidRequest bad = filter;
    for (std::size_t i = 0; i < 4; ++i)
      bad.buffer[offset + i] = static_cast<std::uint8_t>(value >> (8 * i));
    e.Oid("A", bad, Delivery::kDirect);
  }
  spec::OidRequest complete = CompleteRequest({2});
  for (auto [offset, value] :
       {std::pair<std::size_t, std::uint32_t>{8, 0xFFFFFF00u}, {12, 0x01000000u}, {16, 4u}}) {
    spec::OidRequest bad = complete;
    for (std::size_t i = 0; i < 4; ++i)
      bad.buffer[offset + i] = static_cast<std::uint8_t>(value >> (8 * i));
    e.Oid("A", bad, Delivery::kDirect);
  }
  e.Rx("A", Frame(GuestMac(1), std::uint16_t{10}));
  e.Oid("A", CompleteRequest({2}));
  e.Rx("A", Frame(GuestMac(5), std::nullopt));
  return ResultOf(e);
}

CheckResult RunRefusedRequestsPassedDown(const CheckContext& ctx) {
  // Requests NDIS would refuse, passed down anyway: the miniport validates before use
  // (docs/dut-abi.md "Division of labour": robustness is the exception to NDIS-first).
  Engine e = NewEngine(ctx);
  if (!Up(e, VmqConfig())) return ResultOf(e);
  const std::uint32_t q = VmQueue(e, "A", GuestMac(1), std::nullopt);
  e.Oid("A", SetFilterRequest(ndis::kNdis630, 5, GuestMac(2), std::nullopt, true),
        Delivery::kDirect);
  e.Oid("A", ClearFilterRequest(q, 9), Delivery::kDirect);
  e.Oid("A", FreeQueueRequest(6), Delivery::kDirect);
  e.Oid("A", CompleteRequest({6}), Delivery::kDirect);
  e.Rx("A", Frame(GuestMac(2), std::nullopt));
  e.Rx("A", Frame(GuestMac(1), std::nullopt));
  return ResultOf(e);
}

// --- scenarios ----------------------------------------------------------------------------------

CheckResult RunLiveMigration(const CheckContext& ctx) {
  // Seed KB 2681638 / [WDD] ndis-vmq-live-migration-support: the VLAN guest's queue moves from
  // adapter A to adapter B; every frame reaches the old queue, the default queue or the new one.
  Engine e = NewEngine(ctx);
  spec::ModelConfig a = VmqConfig();
  a.processor_groups = {0xFF};
  if (!Up(e, a, "A") || !Up(e, a, "B")) return ResultOf(e);
  const ndis::MacAddress guest = GuestMac(0x4A);
  const std::uint16_t vlan = 10;
  const std::uint32_t qa = VmQueue(e, "A", guest, vlan, 0x4);
  e.Rx("A", Frame(guest, vlan), true);
  e.Rx("A", Frame(guest, std::nullopt));
  e.Rx("B", Frame(guest, vlan));
  e.Oid("A", ClearFilterRequest(qa, 1));
  e.Rx("A", Frame(guest, vlan));
  e.Oid("A", FreeQueueRequest(qa));
  e.Rx("A", Frame(guest, vlan));
  e.Return("A", qa);
  e.Oid("B", AllocateQueueRequest(ndis::kNdis630, 0x10));
  e.Rx("B", Frame(guest, vlan));
  e.Oid("B", SetFilterRequest(ndis::kNdis630, 1, guest, vlan, false));
  e.Rx("B", Frame(guest, vlan));
  e.Oid("B", CompleteRequest({1}));
  e.Rx("B", Frame(guest, vlan));
  e.Rx("B", Frame(guest, std::uint16_t{0}));
  e.Rx("A", Frame(guest, vlan));
  return ResultOf(e);
}


}  // namespace
std::vector<std::pair<std::string, CheckResult (*)(const CheckContext&)>> OldScripted() {
  return {
      {"keywords.decision-table-rows", RunDecisionRows},
      {"keywords.out-of-range-takes-default", RunOutOfRangeValues},
      {"read-rules.reserved-keywords", RunReservedKeywords},
      {"capabilities.hardware-complete", RunHardwareIndependent},
      {"capabilities.mandatory-flags", RunMandatoryFlags},
      {"capabilities.num-queues-excludes-default", RunNumQueuesAllocatable},
      {"lifecycle.set-then-complete", RunSetThenComplete},
      {"lifecycle.complete-then-set", RunCompleteThenSet},
      {"lifecycle.clear-filters", RunClearFilters},
      {"lifecycle.free-from-allocated", RunFreeFromAllocated},
      {"lifecycle.allocate-lookahead-size-6.30", RunLookaheadSize},
      {"lifecycle.free-pends-while-outstanding", RunFreePending},
      {"lifecycle.invalid-cells-change-nothing", RunInvalidCells},
      {"filter.vlan-rules", RunFilterVlanRules},
      {"filter.validation", RunFilterValidation},
      {"filter.vlan-needs-vlan-filtering", RunVlanNeedsVlanFiltering},
      {"filter.mac-only-6.20", RunMacOnly620},
      {"filter.max-filters", RunMaxFilters},
      {"filter.shared-entries", RunSharedEntries},
      {"route.targeted-frames", RunTargetedFrames},
      {"affinity.processor-set", RunAffinitySet},
      {"affinity.dynamic-change-needs-advertisement", RunAffinityNotAdvertised},
      {"robustness.malformed-buffers", RunMalformedBuffers},
      {"robustness.refused-requests-passed-down", RunRefusedRequestsPassedDown},
      {"scenarios.live-migration-vlan", RunLiveMigration},
  };
}
}  // namespace vmqkit::conformance
