#include "spec/solver/advisor.h"

#include <fmt/format.h>

#include <algorithm>

#include "spec/solver/processor_set_encoding.h"

namespace vmqkit::solver {
namespace {

struct Tracked {
  UnmetConstraint constraint;
  z3::expr literal;  // assumption literal: literal => condition
};

class Problem {
 public:
  explicit Problem(const AdviceRequest& request)
      : request_(request), host_(ConstantTopology(ctx_, request.topology)) {}

  void Build() {
    const spec::HostTopology& t = request_.topology;
    for (const AdviceAdapter& a : request_.adapters) {
      KeywordTerms k = ConstantKeywords(ctx_, a.current);
      k.base_group = ctx_.bv_const((a.subkey + ".base_group").c_str(), kScalarBits);
      k.base_number = ctx_.bv_const((a.subkey + ".base_number").c_str(), kScalarBits);
      k.max_processors = ctx_.bv_const((a.subkey + ".max_processors").c_str(), kScalarBits);
      const z3::expr set = ProcessorSetVector(k, host_, t.groups);
      terms_.push_back(k);
      sets_.push_back(set);
      const std::string& s = a.subkey;

      Track(spec::TuningRule::kBaseInHost, fmt::format("base-in-host({})", s),
            z3::ult(k.base_group, Scalar(ctx_, t.groups)) &&
                z3::ult(k.base_number, Scalar(ctx_, t.lps_per_group)));
      const z3::expr count = PopCount(set);
      if (request_.maximize) {
        Track(spec::TuningRule::kRequestedSize, fmt::format("size({})>={}", s, a.processors),
              count == k.max_processors && z3::uge(k.max_processors, Scalar(ctx_, a.processors)));
      } else {
        Track(spec::TuningRule::kRequestedSize, fmt::format("size({})={}", s, a.processors),
              count == k.max_processors && k.max_processors == Scalar(ctx_, a.processors));
      }
      Track(spec::TuningRule::kAtMost16, fmt::format("at-most-16({})", s),
            z3::ule(k.max_processors, Scalar(ctx_, spec::kMaxVmqProcessorsPerAdapter)));
      Track(spec::TuningRule::kOneLpPerCore, fmt::format("one-lp-per-core({})", s),
            z3::urem(k.base_number, Scalar(ctx_, t.smt)) == Scalar(ctx_, 0));
      // Core 0 is group 0's LPs 0..smt-1: the low smt bits of the set vector.
      Track(spec::TuningRule::kSkipCore0, fmt::format("skip-core-0({})", s),
            set.extract(static_cast<unsigned>(t.smt - 1), 0) ==
                ctx_.bv_val(0, static_cast<unsigned>(t.smt)));
      if (t.numa_nodes > 1) {
        z3::expr within = ctx_.bool_val(false);
        for (std::int64_t node = 0; node < t.numa_nodes; ++node) {
          within = within || (set & ~NodeMask(node)) == ctx_.bv_val(0, set.get_sort().bv_size());
        }
        Track(spec::TuningRule::kOneNumaNode, fmt::format("one-numa-node({})", s), within);
      }
    }
    // Disjoint means no common core (docs/errata.md E-711), so compare core vectors.
    const z3::expr zero =
        ctx_.bv_val(0, static_cast<unsigned>(t.groups * spec::kMaximumProcPerGroup / t.smt));
    std::vector<z3::expr> cores;
    for (const z3::expr& set : sets_) cores.push_back(CoreVector(set, t.smt));
    for (std::size_t i = 0; i < request_.adapters.size(); ++i) {
      for (std::size_t j = i + 1; j < request_.adapters.size(); ++j) {
        const std::string& a = request_.adapters[i].subkey;
        const std::string& b = request_.adapters[j].subkey;
        const spec::Team* team = TeamOfBoth(a, b);
        if (team != nullptr && team->mode == spec::TeamMode::kMinQueues) {
          Track(spec::TuningRule::kMinQueuesSame,
                fmt::format("min-queues-identical({}:{},{})", team->name, a, b),
                terms_[i].base_group == terms_[j].base_group &&
                    terms_[i].base_number == terms_[j].base_number &&
                    terms_[i].max_processors == terms_[j].max_processors && sets_[i] == sets_[j]);
        } else if (team != nullptr) {
          Track(spec::TuningRule::kSumOfQueuesDisjoint,
                fmt::format("sum-of-queues-disjoint({}:{},{})", team->name, a, b),
                (cores[i] & cores[j]) == zero);
        } else {
          Track(spec::TuningRule::kDisjointSets, fmt::format("disjoint({},{})", a, b),
                (cores[i] & cores[j]) == zero);
        }
      }
    }
  }

  AdviceOutcome Solve() {
    z3::solver solver(ctx_);
    for (const Tracked& t : tracked_) solver.add(z3::implies(t.literal, Condition(t)));
    AdviceOutcome outcome;
    // The one-NUMA-node rule is kept only when every adapter can have it (E-713).
    std::vector<std::size_t> active = Literals(true);
    if (solver.check(Vector(active)) != z3::sat) {
      const std::vector<std::size_t> without = Literals(false);
      if (without.size() == active.size() || solver.check(Vector(without)) != z3::sat) {
        outcome.unsat_core = MinimalCore(solver, solver.unsat_core());
        return outcome;
      }
      active = without;
      outcome.numa_rule_dropped = true;
    }
    const z3::model model = Optimize(active);
    std::vector<AdapterAdvice> advice;
    for (std::size_t i = 0; i < request_.adapters.size(); ++i) {
      AdapterAdvice a{request_.adapters[i].subkey, request_.adapters[i].current, {}, {}};
      auto value = [&](const z3::expr& e) {
        return static_cast<std::int64_t>(model.eval(e, true).get_numeral_uint64());
      };
      a.keywords.base_group = value(terms_[i].base_group);
      a.keywords.base_number = value(terms_[i].base_number);
      a.keywords.max_processors = value(terms_[i].max_processors);
      a.set = spec::ComputeProcessorSet(a.keywords, request_.topology);
      advice.push_back(std::move(a));
    }
    for (std::size_t i = 0; i < advice.size(); ++i) {
      advice[i].why = Why(advice, i, !outcome.numa_rule_dropped);
    }
    outcome.advice = std::move(advice);
    return outcome;
  }

 private:
  void Track(spec::TuningRule rule, std::string id, const z3::expr& condition) {
    const std::string text = std::string(spec::Describe(rule).text);
    tracked_.push_back({{rule, id, text}, ctx_.bool_const(("rule:" + id).c_str())});
    conditions_.push_back(condition);
  }
  z3::expr Condition(const Tracked& t) const {
    return conditions_[static_cast<std::size_t>(&t - tracked_.data())];
  }

  // Slots of the host's processors on NUMA node `node`, as a set vector.
  z3::expr NodeMask(std::int64_t node) {
    const spec::HostTopology& t = request_.topology;
    z3::expr_vector bits(ctx_);
    for (std::int64_t slot = t.groups * spec::kMaximumProcPerGroup - 1; slot >= 0; --slot) {
      const spec::ProcessorNumber p{slot / spec::kMaximumProcPerGroup,
                                    slot % spec::kMaximumProcPerGroup};
      const bool on = t.Contains(p) && t.NumaNodeOf(p) == node;
      bits.push_back(ctx_.bv_val(on ? 1 : 0, 1));
    }
    return bits.size() == 1 ? bits[0] : z3::concat(bits);
  }

  std::vector<std::size_t> Literals(bool with_numa) const {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < tracked_.size(); ++i) {
      if (with_numa || tracked_[i].constraint.rule != spec::TuningRule::kOneNumaNode) {
        out.push_back(i);
      }
    }
    return out;
  }
  z3::expr_vector Vector(const std::vector<std::size_t>& literals) {
    z3::expr_vector v(ctx_);
    for (std::size_t i : literals) v.push_back(tracked_[i].literal);
    return v;
  }

  // Deterministic and packed (issue 21): Z3's Optimize with lexicographic objectives. With
  // --maximize first the smallest count, then the total; then every adapter's base position as low
  // as it goes, in request order (the registry's); then, with --maximize, each count in order.
  z3::model Optimize(const std::vector<std::size_t>& literals) {
    z3::optimize opt(ctx_);
    for (std::size_t i : literals) opt.add(conditions_[i]);
    const z3::expr lps = Scalar(ctx_, request_.topology.lps_per_group);
    if (request_.maximize) {
      const z3::expr smallest = ctx_.bv_const("advice.smallest", kScalarBits);
      z3::expr total = Scalar(ctx_, 0);
      for (const KeywordTerms& k : terms_) {
        opt.add(z3::ule(smallest, k.max_processors));
        total = total + k.max_processors;
      }
      opt.maximize(smallest);
      opt.maximize(total);
    }
    for (const KeywordTerms& k : terms_) opt.minimize(k.base_group * lps + k.base_number);
    if (request_.maximize) {
      for (const KeywordTerms& k : terms_) opt.maximize(k.max_processors);
    }
    opt.check();
    return opt.get_model();
  }

  // Why this base: the rules that pushed it up, in words.
  std::string Why(const std::vector<AdapterAdvice>& advice, std::size_t i, bool numa) const {
    const spec::HostTopology& t = request_.topology;
    const AdapterAdvice& a = advice[i];
    std::vector<std::string> reasons;
    reasons.push_back("core 0 skipped");
    if (t.smt > 1) reasons.push_back("a core's first logical processor");
    std::vector<std::string> before;
    for (std::size_t j = 0; j < i; ++j) {
      const spec::Team* team = TeamOfBoth(a.subkey, advice[j].subkey);
      if (team != nullptr && team->mode == spec::TeamMode::kMinQueues) {
        reasons.push_back("identical to " + advice[j].subkey + " (Min-Queues team " + team->name +
                          ")");
      } else {
        before.push_back(advice[j].subkey);
      }
    }
    if (!before.empty()) {
      reasons.push_back(fmt::format("no core shared with {}", fmt::join(before, ", ")));
    }
    if (numa && t.numa_nodes > 1 && !a.set.processors.empty()) {
      reasons.push_back(fmt::format("inside NUMA node {}", t.NumaNodeOf(a.set.processors.front())));
    }
    const std::vector<std::int64_t> cores = spec::CoresOf(a.set, t);
    return fmt::format("{}: base {} is the lowest that gives {} processor{} (core{} {}) with {}",
                       a.subkey, spec::ToString(a.keywords.Base()), a.keywords.max_processors,
                       a.keywords.max_processors == 1 ? "" : "s", cores.size() == 1 ? "" : "s",
                       fmt::join(cores, ", "), fmt::join(reasons, ", "));
  }

  const spec::Team* TeamOfBoth(const std::string& a, const std::string& b) const {
    for (const spec::Team& t : request_.teams) {
      const bool has_a = std::find(t.members.begin(), t.members.end(), a) != t.members.end();
      const bool has_b = std::find(t.members.begin(), t.members.end(), b) != t.members.end();
      if (has_a && has_b) return &t;
    }
    return nullptr;
  }

  // Deletion-based minimisation: a constraint stays only if the rest is solvable without it.
  std::vector<UnmetConstraint> MinimalCore(z3::solver& solver, const z3::expr_vector& core) {
    std::vector<std::size_t> kept;
    for (unsigned i = 0; i < core.size(); ++i) {
      for (std::size_t t = 0; t < tracked_.size(); ++t) {
        if (z3::eq(tracked_[t].literal, core[i])) kept.push_back(t);
      }
    }
    for (std::size_t i = 0; i < kept.size();) {
      z3::expr_vector trial(ctx_);
      for (std::size_t j = 0; j < kept.size(); ++j) {
        if (j != i) trial.push_back(tracked_[kept[j]].literal);
      }
      if (solver.check(trial) == z3::unsat) {
        kept.erase(kept.begin() + static_cast<std::ptrdiff_t>(i));
      } else {
        ++i;
      }
    }
    std::vector<UnmetConstraint> out;
    for (std::size_t t : kept) out.push_back(tracked_[t].constraint);
    return out;
  }

  z3::context ctx_;
  const AdviceRequest& request_;
  TopologyTerms host_;
  std::vector<KeywordTerms> terms_;
  std::vector<z3::expr> sets_;
  std::vector<Tracked> tracked_;
  std::vector<z3::expr> conditions_;
};

}  // namespace

AdviceOutcome Advise(const AdviceRequest& request) {
  Problem problem(request);
  problem.Build();
  return problem.Solve();
}

Result<AdviceRequest> MakeAdviceRequest(const spec::HostDescription& host,
                                        const spec::HostTopology& topology, bool maximize) {
  AdviceRequest request{topology, {}, host.teams, maximize};
  for (const spec::AdapterKeywords& k : spec::ReadAdapterKeywords(host)) {
    const spec::AdapterInfo* info = host.Info(k.subkey);
    const spec::AdapterInfo fallback{k.subkey, "", {}, {}, {}};
    Result<spec::SizeChoice> size = spec::ChooseProcessorCount(info ? *info : fallback, k);
    if (!size) return size.error();
    request.adapters.push_back({k.subkey, k.keywords, size->processors});
  }
  return request;
}

std::vector<AdvisedValue> AdvisedValues(const AdapterAdvice& advice, bool with_group) {
  std::vector<AdvisedValue> out;
  if (with_group) out.push_back({"*RssBaseProcGroup", advice.keywords.base_group});
  out.push_back({"*MaxRssProcessors", advice.keywords.max_processors});
  out.push_back({"*RssBaseProcNumber", advice.keywords.base_number});
  return out;
}

void ApplyAdvice(const std::vector<AdapterAdvice>& advice, spec::HostRegistry& registry) {
  for (const AdapterAdvice& a : advice) {
    for (spec::AdapterRegistry& adapter : registry.adapters) {
      if (adapter.subkey != a.subkey) continue;
      for (const AdvisedValue& v : AdvisedValues(a, true)) {
        spec::RegistryValue value;
        value.name = std::string(v.name);
        value.type = spec::RegType::kDword;
        value.number = static_cast<std::uint64_t>(v.value);
        // reg add replaces the value; drop every spelling the reader would also accept (not
        // the name without '*', another value: docs/errata.md E-002).
        std::erase_if(adapter.key.values, [&](const spec::RegistryValue& old) {
          const auto found = spec::LookupSpelling(old.name);
          return found && found->spec->name == v.name &&
                 found->match != spec::SpellingMatch::kMissingStar;
        });
        adapter.key.values.push_back(std::move(value));
      }
    }
  }
}

}  // namespace vmqkit::solver
