// Generated command streams: RapidCheck state machines (rc::state) whose commands carry their
// preconditions on the model, so every shrink stays a valid NDIS-side sequence. RapidCheck keeps
// the last failing case while it shrinks, so the last failing run is the minimal one; its
// scenario is what the runner writes.
#include <rapidcheck.h>
#include <rapidcheck/state.h>

#include <algorithm>
#include <string>
#include <unordered_map>

#include "conformance/suites.h"
#include "ndis/constants.h"

namespace vmqkit::conformance {
namespace {

using Model = spec::VmqModel;
using Cmd = rc::state::Command<Model, Engine>;

class NullListener final : public rc::detail::TestListener {
 public:
  void onTestCaseFinished(const rc::detail::CaseDescription&) override {}
  void onShrinkTried(const rc::detail::CaseDescription&, bool) override {}
  void onTestFinished(const rc::detail::TestMetadata&, const rc::detail::TestResult&) override {}
};

// Runs `body(engine)` as a RapidCheck property until `budget` steps ran or it fails; a failure
// comes back as the minimal (last failing) run.
template <typename Body>
CheckResult RunProperty(const CheckContext& ctx, std::size_t budget, int max_size, Body body) {
  std::size_t steps = 0;
  std::optional<CheckResult> last_failure;
  auto property = [&] {
    Engine e(ctx.factory, ctx.options);
    if (ctx.on_step) {
      ctx.on_step({{"step", "#run"}});
      e.OnStep(ctx.on_step);
    }
    try {
      body(e);
    } catch (...) {
      steps += e.steps();
      if (e.failed()) last_failure = ResultOf(e);
      throw;
    }
    steps += e.steps();
    if (e.failed()) {
      last_failure = ResultOf(e);
      RC_FAIL(e.finding()->rule + ": " + e.finding()->message);
    }
  };
  NullListener listener;
  for (std::uint64_t round = 0; steps < budget; ++round) {
    rc::detail::TestParams params;
    params.seed = ctx.seed * 1'000'003ULL + round;
    params.maxSize = max_size;
    params.maxSuccess = 25;
    params.maxDiscardRatio = 50;
    rc::detail::TestMetadata metadata{"vmqkit", "vmqkit conform"};
    // An explicit (empty) reproduce map keeps RapidCheck from loading its global configuration:
    // that reads RC_PARAMS, prints "Using configuration: seed=<random>" from every check process
    // and calls exit(1) on a malformed RC_PARAMS. conform's streams depend on --seed alone.
    const std::unordered_map<std::string, rc::detail::Reproduce> no_reproduce;
    const auto result =
        rc::detail::checkTestable(property, metadata, params, listener, no_reproduce);
    if (result.template is<rc::detail::FailureResult>() || last_failure) {
      CheckResult r = last_failure ? *last_failure : CheckResult{};
      if (!last_failure) {
        r.verdict = Verdict::kFail;
        std::string why = "RapidCheck reported a failure without a finding";
        if (result.template is<rc::detail::FailureResult>()) {
          why += ": " + result.template get<rc::detail::FailureResult>().description;
        }
        r.finding = Finding{"suite.generator", "conformance/streams.cpp", why};
      }
      r.steps = steps;
      r.note = "RapidCheck seed " + std::to_string(params.seed);
      return r;
    }
    if (!result.template is<rc::detail::SuccessResult>()) break;  // gave up: too many discards
  }
  CheckResult r;
  r.steps = steps;
  r.note = std::to_string(steps) + " generated steps";
  return r;
}

// RapidCheck's gen::inRange narrows its range with the size parameter (a size-10 case draws
// from the bottom tenth), so with the streams' sizes the top of a value space is rarely or never
// drawn. Value spaces are drawn at the nominal size, whatever the case's size; the size still
// sets how many commands a case has. Shrinking still goes towards `min`.
template <typename T>
T Uniform(T min, T max_exclusive) {
  return *rc::gen::resize(rc::kNominalSize, rc::gen::inRange<T>(min, max_exclusive));
}

bool Coin() {
  return *rc::gen::resize(rc::kNominalSize, rc::gen::arbitrary<bool>());
}

// The MAC pool: 0 broadcast, 5 and 11 IPv4 multicast, 12 IPv6 multicast, the rest guest unicast
// addresses; kPoolMacs addresses in all.
constexpr int kPoolMacs = 16;
ndis::MacAddress PoolMac(int n) {
  if (n == 0) {
    ndis::MacAddress broadcast;
    broadcast.bytes.fill(0xFF);
    return broadcast;
  }
  if (n == 5) return ndis::MacAddress{{0x01, 0x00, 0x5E, 0x00, 0x00, 0x07}};
  if (n == 11) return ndis::MacAddress{{0x01, 0x00, 0x5E, 0x7F, 0xFF, 0xFA}};
  if (n == 12) return ndis::MacAddress{{0x33, 0x33, 0x00, 0x00, 0x00, 0x01}};
  return GuestMac(static_cast<std::uint8_t>(n));
}

// A VLAN form: 0 untagged, 1 priority-tagged (VID 0), 2 and 3 the ids 10 and 20 that filters and
// frames share, 4 and 5 the edges 1 and 4094, 6 any id in 1..4094 (IEEE 802.1Q: 0 and 4095 are
// reserved).
constexpr int kVlanForms = 7;
std::optional<std::uint16_t> PoolVlan(int n) {
  switch (n) {
    case 0:
      return std::nullopt;
    case 1:
      return std::uint16_t{0};
    case 2:
      return std::uint16_t{10};
    case 3:
      return std::uint16_t{20};
    case 4:
      return std::uint16_t{1};
    case 5:
      return std::uint16_t{4094};
    default:
      return Uniform<std::uint16_t>(1, 4095);
  }
}

// Frames also carry the reserved VID 4095 (IEEE 802.1Q table 9-2), which no filter may name.
constexpr int kFrameVlanForms = kVlanForms + 1;
std::optional<std::uint16_t> FrameVlan(int n) {
  return n == kVlanForms ? std::optional<std::uint16_t>(4095) : PoolVlan(n);
}

// A frame with 802.1Q priority (PCP) and DEI bits in its tag.
ndis::Bytes TaggedFrame(const ndis::MacAddress& dst, std::optional<std::uint16_t> vlan,
                        std::uint8_t pcp, bool dei) {
  ndis::FrameSpec spec;
  spec.destination = dst;
  spec.source = ndis::MacAddress{{0x00, 0x15, 0x5D, 0xFF, 0x00, 0x01}};
  if (vlan) spec.tag = ndis::VlanTag{ndis::kTpid8021Q, pcp, dei, *vlan};
  return ndis::BuildFrame(spec);
}

bool HasQueue(const Model& m, std::uint32_t id) {
  return m.queues().contains(id);
}

struct AllocateCmd : Cmd {
  std::uint64_t mask = *rc::gen::resize(
      rc::kNominalSize, rc::gen::element<std::uint64_t>(0x1, 0x2, 0x80, 0x100, 0x0));
  std::uint32_t flags = *rc::gen::element<std::uint32_t>(0, ndis::kQueuePerQueueReceiveIndication);
  spec::OidRequest Request(const Model& m) const {
    return AllocateQueueRequest(m.config().version, mask, 0, flags);
  }
  void apply(Model& m) const override { (void)m.Request(Request(m)); }
  void run(const Model& m, Engine& e) const override {
    RC_ASSERT(e.Oid("A", Request(m)) && e.Probe("A"));
  }
  void show(std::ostream& os) const override { os << "ALLOCATE_QUEUE mask " << mask; }
};

struct SetFilterCmd : Cmd {
  std::uint32_t queue = Uniform<std::uint32_t>(0, 8);
  int mac = Uniform(0, kPoolMacs);
  int vlan = Uniform(0, kVlanForms);
  std::optional<std::uint16_t> vid = vlan >= 2 ? PoolVlan(vlan) : std::nullopt;
  bool flag = Coin();
  void checkPreconditions(const Model& m) const override { RC_PRE(HasQueue(m, queue)); }
  spec::OidRequest Request(const Model& m) const {
    return SetFilterRequest(m.config().version, queue, PoolMac(mac), vid,
                            !vid && (flag || vlan == 1));
  }
  void apply(Model& m) const override { (void)m.Request(Request(m)); }
  void run(const Model& m, Engine& e) const override {
    RC_ASSERT(e.Oid("A", Request(m)) && e.Probe("A"));
  }
  void show(std::ostream& os) const override { os << "SET_FILTER queue " << queue; }
};

struct ClearFilterCmd : Cmd {
  std::uint32_t filter = Uniform<std::uint32_t>(1, 17);
  void checkPreconditions(const Model& m) const override { RC_PRE(m.filters().contains(filter)); }
  spec::OidRequest Request(const Model& m) const {
    return ClearFilterRequest(m.filters().at(filter).queue_id, filter);
  }
  void apply(Model& m) const override { (void)m.Request(Request(m)); }
  void run(const Model& m, Engine& e) const override {
    RC_ASSERT(e.Oid("A", Request(m)) && e.Probe("A"));
  }
  void show(std::ostream& os) const override { os << "CLEAR_FILTER " << filter; }
};

struct CompleteCmd : Cmd {
  std::uint32_t queue = Uniform<std::uint32_t>(1, 8);
  void checkPreconditions(const Model& m) const override { RC_PRE(HasQueue(m, queue)); }
  void apply(Model& m) const override { (void)m.Request(CompleteRequest({queue})); }
  void run(const Model&, Engine& e) const override {
    RC_ASSERT(e.Oid("A", CompleteRequest({queue})) && e.Probe("A"));
  }
  void show(std::ostream& os) const override { os << "QUEUE_ALLOCATION_COMPLETE " << queue; }
};

struct FreeCmd : Cmd {
  std::uint32_t queue = Uniform<std::uint32_t>(1, 8);
  void checkPreconditions(const Model& m) const override { RC_PRE(HasQueue(m, queue)); }
  void apply(Model& m) const override { (void)m.Request(FreeQueueRequest(queue)); }
  void run(const Model&, Engine& e) const override {
    RC_ASSERT(e.Oid("A", FreeQueueRequest(queue)) && e.Probe("A"));
  }
  void show(std::ostream& os) const override { os << "FREE_QUEUE " << queue; }
};

struct AffinityCmd : Cmd {
  std::uint32_t queue = Uniform<std::uint32_t>(1, 8);
  std::uint64_t mask =
      *rc::gen::resize(rc::kNominalSize, rc::gen::element<std::uint64_t>(0x4, 0x8, 0x200, 0x0));
  void checkPreconditions(const Model& m) const override { RC_PRE(HasQueue(m, queue)); }
  spec::OidRequest Request(const Model& m) const {
    return QueueAffinityRequest(m.config().version, queue, mask);
  }
  void apply(Model& m) const override { (void)m.Request(Request(m)); }
  void run(const Model& m, Engine& e) const override {
    RC_ASSERT(e.Oid("A", Request(m)) && e.Probe("A"));
  }
  void show(std::ostream& os) const override {
    os << "QUEUE_PARAMETERS " << queue << " mask " << mask;
  }
};

// The queries NDIS answers from its records (QUEUE_PARAMETERS, ENUM_FILTERS, PARAMETERS): they
// take the queue table's cells that leave a state as it is.
struct QueryCmd : Cmd {
  int which = Uniform(0, 3);
  std::uint32_t queue = Uniform<std::uint32_t>(0, 8);
  std::uint32_t filter = Uniform<std::uint32_t>(1, 17);
  spec::OidRequest Request() const {
    switch (which) {
      case 0: {
        ndis::ReceiveQueueParameters q;
        q.queue_id = queue;
        return {ndis::kOidReceiveFilterQueueParameters,
                ndis::RequestKind::kMethod,
                ndis::Encode(q),
                {}};
      }
      case 1: {
        ndis::ReceiveFilterInfoArray array;
        array.queue_id = queue;
        return {ndis::kOidReceiveFilterEnumFilters,
                ndis::RequestKind::kMethod,
                ndis::Encode(array),
                {}};
      }
      default: {
        ndis::ReceiveFilterParameters f;
        f.queue_id = queue;
        f.filter_id = filter;
        return {ndis::kOidReceiveFilterParameters, ndis::RequestKind::kMethod, ndis::Encode(f), {}};
      }
    }
  }
  void apply(Model& m) const override { (void)m.Request(Request()); }
  void run(const Model&, Engine& e) const override { RC_ASSERT(e.Oid("A", Request())); }
  void show(std::ostream& os) const override { os << "query " << which << " queue " << queue; }
};

// A frame from the pools, or (half the time, when filters exist) one aimed at a filter set on
// the adapter: its MAC and VLAN id, so random VLAN ids and group addresses meet their filters.
struct RxCmd : Cmd {
  ndis::MacAddress dst;
  std::optional<std::uint16_t> vid;
  std::uint8_t pcp = Uniform<std::uint8_t>(0, 8);
  bool dei = Coin();
  bool hold = Coin();
  explicit RxCmd(const Model& m) {
    if (!m.filters().empty() && Coin()) {
      auto it = m.filters().begin();
      std::advance(it, Uniform<std::size_t>(0, m.filters().size()));
      const spec::VmqFilter& f = it->second.filter;
      dst = f.mac;
      vid = f.vlan_id ? f.vlan_id : PoolVlan(Uniform(0, 2));
    } else {
      dst = PoolMac(Uniform(0, kPoolMacs));
      vid = FrameVlan(Uniform(0, kFrameVlanForms));
    }
  }
  ndis::Bytes Bytes() const { return TaggedFrame(dst, vid, pcp, dei); }
  void apply(Model& m) const override { (void)m.Receive(Bytes(), hold); }
  void run(const Model&, Engine& e) const override { RC_ASSERT(e.Rx("A", Bytes(), hold)); }
  void show(std::ostream& os) const override {
    os << "rx " << ndis::ToString(dst) << " vlan " << (vid ? std::to_string(*vid) : "-");
  }
};

struct ReturnCmd : Cmd {
  std::uint32_t queue = Uniform<std::uint32_t>(0, 8);
  bool all = Coin();
  void checkPreconditions(const Model& m) const override {
    // Computed first: RC_PRE decomposes its expression and would evaluate both operands.
    const bool held = HasQueue(m, queue) && m.queues().at(queue).outstanding > 0;
    RC_PRE(held);
  }
  std::optional<std::uint32_t> Count() const {
    return all ? std::nullopt : std::optional<std::uint32_t>(1);
  }
  void apply(Model& m) const override { (void)m.ReturnIndications(queue, Count()); }
  void run(const Model&, Engine& e) const override { RC_ASSERT(e.Return("A", queue, Count())); }
  void show(std::ostream& os) const override { os << "return queue " << queue; }
};

spec::ModelConfig StreamConfig(int variant) {
  switch (variant) {
    case 1:
      return VmqConfig(ndis::kNdis620);
    case 2: {
      spec::ModelConfig c = VmqConfig();
      for (auto& v : c.adapter_keywords.values) {
        if (v.name == "*VMQVlanFiltering") v.text = "0";
      }
      return c;
    }
    default:
      return VmqConfig();
  }
}

}  // namespace

CheckResult RunLifecycleStreams(const CheckContext& ctx) {
  return RunProperty(ctx, ctx.steps / 2, 60, [](Engine& e) {
    const int variant = Uniform(0, 3);
    if (!e.Configure("A", StreamConfig(variant)) || !e.Initialize("A")) return;
    const Model initial = *e.Model("A");
    const auto commands = *rc::state::gen::commands(
        initial,
        rc::state::gen::execOneOfWithArgs<AllocateCmd, AllocateCmd, SetFilterCmd, SetFilterCmd,
                                          ClearFilterCmd, CompleteCmd, CompleteCmd, FreeCmd,
                                          AffinityCmd, QueryCmd, RxCmd, RxCmd, RxCmd, ReturnCmd>());
    rc::state::runAll(commands, initial, e);
  });
}

CheckResult RunRandomRegistries(const CheckContext& ctx) {
  return RunProperty(ctx, ctx.steps / 10, 30, [](Engine& e) {
    spec::ModelConfig c;
    c.version = *rc::gen::resize(rc::kNominalSize,
                                 rc::gen::element(ndis::kNdis620, ndis::kNdis630, ndis::kNdis650));
    c.support = spec::HardwareSupport{Coin(), Coin(), c.version >= ndis::kNdis630 && Coin()};
    for (const char* name :
         {"*SriovPreferred", "*RssOrVmqPreference", "*SRIOV", "*VMQ", "*RSS", "*VMQVlanFiltering",
          "*VMQLookaheadSplit", "*RssMaxProcNumber", "*MaxRssProcessors"}) {
      const int choice = Uniform(0, 9);
      spec::RegistryValue v;
      v.name = name;
      static constexpr const char* kTexts[] = {"0", "1", "2", "-1", "abc", " 1", ""};
      if (choice == 0) continue;  // absent
      if (choice <= 7) {
        v.type = spec::RegType::kSz;
        v.text = kTexts[choice - 1];
      } else {
        v.type = spec::RegType::kDword;
        v.number = choice == 8 ? 1 : 7;
      }
      c.adapter_keywords.values.push_back(v);
    }
    c.processor_groups = {0xFF};
    e.Configure("A", c) && e.Initialize("A");
  });
}

CheckResult RunRandomRouting(const CheckContext& ctx) {
  return RunProperty(ctx, ctx.steps / 5, 40, [](Engine& e) {
    if (!e.Configure("A", VmqConfig()) || !e.Initialize("A")) return;
    const int queues = Uniform(1, 5);
    for (int q = 1; q <= queues; ++q) {
      e.Oid("A", AllocateQueueRequest(ndis::kNdis630, 0x1));
      const int filters = Uniform(1, 3);
      for (int f = 0; f < filters; ++f) {
        const auto vlan = PoolVlan(Uniform(0, kVlanForms));
        e.Oid("A", SetFilterRequest(ndis::kNdis630, static_cast<std::uint32_t>(q),
                                    PoolMac(Uniform(0, kPoolMacs)),
                                    vlan == std::uint16_t{0} ? std::nullopt : vlan,
                                    !vlan || vlan == std::uint16_t{0}));
      }
      if (Coin()) e.Oid("A", CompleteRequest({static_cast<std::uint32_t>(q)}));
    }
    const auto frames = *rc::gen::container<std::vector<std::pair<int, int>>>(rc::gen::resize(
        rc::kNominalSize,
        rc::gen::pair(rc::gen::inRange(0, kPoolMacs), rc::gen::inRange(0, kVlanForms))));
    for (const auto& [mac, vlan] : frames) {
      if (!e.Rx("A", Frame(PoolMac(mac), PoolVlan(vlan)))) return;
    }
  });
}

CheckResult RunVmChurn(const CheckContext& ctx) {
  // Many VMs come and go: each op picks a VM slot; an absent VM is created (allocate, filter,
  // complete), a present one receives, holds, or leaves (clear, free, return its frames).
  return RunProperty(ctx, ctx.steps / 5, 80, [](Engine& e) {
    if (!e.Configure("A", VmqConfig()) || !e.Initialize("A")) return;
    const auto ops = *rc::gen::container<std::vector<std::pair<int, int>>>(rc::gen::resize(
        rc::kNominalSize, rc::gen::pair(rc::gen::inRange(1, 9), rc::gen::inRange(0, 4))));
    std::map<int, std::pair<std::uint32_t, std::uint32_t>> vms;  // slot -> queue, filter
    for (const auto& [slot, op] : ops) {
      const spec::VmqModel& m = *e.Model("A");
      const auto mac = GuestMac(static_cast<std::uint8_t>(slot));
      const std::uint16_t vlan = static_cast<std::uint16_t>(100 + slot % 3);
      auto vm = vms.find(slot);
      if (vm == vms.end()) {
        std::uint32_t q = 1;
        while (m.queues().contains(q)) ++q;
        if (q > m.capabilities().current.num_queues) continue;
        std::uint32_t f = 1;
        while (m.filters().contains(f)) ++f;
        e.Oid("A", AllocateQueueRequest(ndis::kNdis630, 1ULL << (slot % 8)));
        e.Oid("A", SetFilterRequest(ndis::kNdis630, q, mac, vlan, false));
        e.Oid("A", CompleteRequest({q}));
        vms[slot] = {q, f};
      } else if (op == 3) {
        const auto [q, f] = vm->second;
        e.Oid("A", ClearFilterRequest(q, f));
        e.Oid("A", FreeQueueRequest(q));
        e.Return("A", q);
        vms.erase(vm);
      } else {
        e.Rx("A", Frame(mac, vlan), op == 1);
      }
      if (e.failed()) return;
    }
  });
}

}  // namespace vmqkit::conformance
