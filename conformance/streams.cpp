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

ndis::MacAddress PoolMac(int n) {
  if (n == 0) {
    ndis::MacAddress broadcast;
    broadcast.bytes.fill(0xFF);
    return broadcast;
  }
  if (n == 5) return ndis::MacAddress{{0x01, 0x00, 0x5E, 0x00, 0x00, 0x07}};
  return GuestMac(static_cast<std::uint8_t>(n));
}

std::optional<std::uint16_t> PoolVlan(int n) {
  switch (n) {
    case 0:
      return std::nullopt;
    case 1:
      return std::uint16_t{0};
    case 2:
      return std::uint16_t{10};
    default:
      return std::uint16_t{20};
  }
}

bool HasQueue(const Model& m, std::uint32_t id) {
  return m.queues().contains(id);
}

struct AllocateCmd : Cmd {
  std::uint64_t mask = *rc::gen::element<std::uint64_t>(0x1, 0x2, 0x80, 0x100, 0x0);
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
  std::uint32_t queue = *rc::gen::inRange<std::uint32_t>(0, 8);
  int mac = *rc::gen::inRange(1, 5);
  int vlan = *rc::gen::inRange(0, 4);
  bool flag = *rc::gen::arbitrary<bool>();
  void checkPreconditions(const Model& m) const override { RC_PRE(HasQueue(m, queue)); }
  spec::OidRequest Request(const Model& m) const {
    const auto v = vlan >= 2 ? PoolVlan(vlan) : std::nullopt;
    return SetFilterRequest(m.config().version, queue, PoolMac(mac), v, !v && (flag || vlan == 1));
  }
  void apply(Model& m) const override { (void)m.Request(Request(m)); }
  void run(const Model& m, Engine& e) const override {
    RC_ASSERT(e.Oid("A", Request(m)) && e.Probe("A"));
  }
  void show(std::ostream& os) const override { os << "SET_FILTER queue " << queue; }
};

struct ClearFilterCmd : Cmd {
  std::uint32_t filter = *rc::gen::inRange<std::uint32_t>(1, 17);
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
  std::uint32_t queue = *rc::gen::inRange<std::uint32_t>(1, 8);
  void checkPreconditions(const Model& m) const override { RC_PRE(HasQueue(m, queue)); }
  void apply(Model& m) const override { (void)m.Request(CompleteRequest({queue})); }
  void run(const Model&, Engine& e) const override {
    RC_ASSERT(e.Oid("A", CompleteRequest({queue})) && e.Probe("A"));
  }
  void show(std::ostream& os) const override { os << "QUEUE_ALLOCATION_COMPLETE " << queue; }
};

struct FreeCmd : Cmd {
  std::uint32_t queue = *rc::gen::inRange<std::uint32_t>(1, 8);
  void checkPreconditions(const Model& m) const override { RC_PRE(HasQueue(m, queue)); }
  void apply(Model& m) const override { (void)m.Request(FreeQueueRequest(queue)); }
  void run(const Model&, Engine& e) const override {
    RC_ASSERT(e.Oid("A", FreeQueueRequest(queue)) && e.Probe("A"));
  }
  void show(std::ostream& os) const override { os << "FREE_QUEUE " << queue; }
};

struct AffinityCmd : Cmd {
  std::uint32_t queue = *rc::gen::inRange<std::uint32_t>(1, 8);
  std::uint64_t mask = *rc::gen::element<std::uint64_t>(0x4, 0x8, 0x200, 0x0);
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

struct RxCmd : Cmd {
  int mac = *rc::gen::inRange(0, 7);
  int vlan = *rc::gen::inRange(0, 4);
  bool hold = *rc::gen::arbitrary<bool>();
  ndis::Bytes Bytes() const { return Frame(PoolMac(mac), PoolVlan(vlan)); }
  void apply(Model& m) const override { (void)m.Receive(Bytes(), hold); }
  void run(const Model&, Engine& e) const override { RC_ASSERT(e.Rx("A", Bytes(), hold)); }
  void show(std::ostream& os) const override { os << "rx mac " << mac << " vlan " << vlan; }
};

struct ReturnCmd : Cmd {
  std::uint32_t queue = *rc::gen::inRange<std::uint32_t>(0, 8);
  bool all = *rc::gen::arbitrary<bool>();
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
    const int variant = *rc::gen::inRange(0, 3);
    if (!e.Configure("A", StreamConfig(variant)) || !e.Initialize("A")) return;
    const Model initial = *e.Model("A");
    const auto commands = *rc::state::gen::commands(
        initial,
        rc::state::gen::execOneOfWithArgs<AllocateCmd, AllocateCmd, SetFilterCmd, SetFilterCmd,
                                          ClearFilterCmd, CompleteCmd, CompleteCmd, FreeCmd,
                                          AffinityCmd, RxCmd, RxCmd, RxCmd, ReturnCmd>());
    rc::state::runAll(commands, initial, e);
  });
}

CheckResult RunRandomRegistries(const CheckContext& ctx) {
  return RunProperty(ctx, ctx.steps / 10, 30, [](Engine& e) {
    spec::ModelConfig c;
    c.version = *rc::gen::element(ndis::kNdis620, ndis::kNdis630, ndis::kNdis650);
    c.support = spec::HardwareSupport{*rc::gen::arbitrary<bool>(), *rc::gen::arbitrary<bool>(),
                                      c.version >= ndis::kNdis630 && *rc::gen::arbitrary<bool>()};
    for (const char* name :
         {"*SriovPreferred", "*RssOrVmqPreference", "*SRIOV", "*VMQ", "*RSS", "*VMQVlanFiltering",
          "*VMQLookaheadSplit", "*RssMaxProcNumber", "*MaxRssProcessors"}) {
      const int choice = *rc::gen::inRange(0, 9);
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
    const int queues = *rc::gen::inRange(1, 5);
    for (int q = 1; q <= queues; ++q) {
      e.Oid("A", AllocateQueueRequest(ndis::kNdis630, 0x1));
      const int filters = *rc::gen::inRange(1, 3);
      for (int f = 0; f < filters; ++f) {
        const auto vlan = PoolVlan(*rc::gen::inRange(0, 4));
        e.Oid("A", SetFilterRequest(ndis::kNdis630, static_cast<std::uint32_t>(q),
                                    PoolMac(*rc::gen::inRange(1, 6)),
                                    vlan == std::uint16_t{0} ? std::nullopt : vlan,
                                    !vlan || vlan == std::uint16_t{0}));
      }
      if (*rc::gen::arbitrary<bool>()) e.Oid("A", CompleteRequest({static_cast<std::uint32_t>(q)}));
    }
    const auto frames = *rc::gen::container<std::vector<std::pair<int, int>>>(
        rc::gen::pair(rc::gen::inRange(0, 7), rc::gen::inRange(0, 4)));
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
    const auto ops = *rc::gen::container<std::vector<std::pair<int, int>>>(
        rc::gen::pair(rc::gen::inRange(1, 9), rc::gen::inRange(0, 4)));
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
