#include "spec/solver/overlap.h"

#include <algorithm>

#include "spec/solver/processor_set_encoding.h"

namespace vmqkit::solver {
namespace {

bool SameMinQueuesTeam(const std::vector<spec::Team>& teams, const std::string& a,
                       const std::string& b) {
  return std::any_of(teams.begin(), teams.end(), [&](const spec::Team& t) {
    return t.mode == spec::TeamMode::kMinQueues &&
           std::find(t.members.begin(), t.members.end(), a) != t.members.end() &&
           std::find(t.members.begin(), t.members.end(), b) != t.members.end();
  });
}

std::string MinQueuesTeamOf(const std::vector<spec::Team>& teams, const std::string& a) {
  for (const spec::Team& t : teams) {
    if (t.mode == spec::TeamMode::kMinQueues &&
        std::find(t.members.begin(), t.members.end(), a) != t.members.end()) {
      return t.name;
    }
  }
  return "";
}

// A processor satisfying `condition(group, number)`, found by the solver.
spec::ProcessorNumber Witness(z3::context& ctx, const z3::expr& condition, const z3::expr& group,
                              const z3::expr& number) {
  z3::solver solver(ctx);
  solver.add(condition);
  if (solver.check() != z3::sat) return {-1, -1};
  const z3::model model = solver.get_model();
  return {static_cast<std::int64_t>(model.eval(group, true).get_numeral_uint64()),
          static_cast<std::int64_t>(model.eval(number, true).get_numeral_uint64())};
}

}  // namespace

OverlapReport CheckOverlap(const std::vector<AdapterSetInput>& adapters,
                           const spec::HostTopology& topology,
                           const std::vector<spec::Team>& teams) {
  z3::context ctx;
  const TopologyTerms host = ConstantTopology(ctx, topology);
  std::vector<KeywordTerms> keywords;
  std::vector<z3::expr> vectors;
  OverlapReport report;
  for (const AdapterSetInput& a : adapters) {
    keywords.push_back(ConstantKeywords(ctx, a.keywords));
    // Constant keywords make the encoding a constant: simplify() evaluates it to a numeral.
    vectors.push_back(ProcessorSetVector(keywords.back(), host, topology.groups).simplify());
    spec::ProcessorSet set;
    set.processors = ProcessorsOf(vectors.back());
    report.sets.push_back(std::move(set));
  }
  const z3::expr group = ctx.bv_const("witness.group", kScalarBits);
  const z3::expr number = ctx.bv_const("witness.number", kScalarBits);
  const auto slots = static_cast<unsigned>(topology.groups * spec::kMaximumProcPerGroup);
  const z3::expr zero = ctx.bv_val(0, slots);
  const z3::expr core_zero = ctx.bv_val(0, slots / static_cast<unsigned>(topology.smt));
  for (std::size_t i = 0; i < adapters.size(); ++i) {
    for (std::size_t j = i + 1; j < adapters.size(); ++j) {
      const std::string& a = adapters[i].subkey;
      const std::string& b = adapters[j].subkey;
      if (SameMinQueuesTeam(teams, a, b)) {
        const z3::expr differ = (vectors[i] ^ vectors[j]).simplify();
        if (z3::eq(differ, zero)) continue;
        const z3::expr in_a = InProcessorSet(keywords[i], host, group, number);
        const z3::expr in_b = InProcessorSet(keywords[j], host, group, number);
        report.team_mismatches.push_back({MinQueuesTeamOf(teams, a), a, b, ProcessorsOf(differ),
                                          Witness(ctx, in_a != in_b, group, number)});
        continue;
      }
      const z3::expr shared_cores =
          (CoreVector(vectors[i], topology.smt) & CoreVector(vectors[j], topology.smt)).simplify();
      if (z3::eq(shared_cores, core_zero)) continue;
      Overlap overlap{a, b, {}, {}, CoresOf(shared_cores, topology)};
      overlap.processors =
          spec::ProcessorsOnCores(report.sets[i], report.sets[j], overlap.cores, topology);
      overlap.witness =
          Witness(ctx,
                  InProcessorSet(keywords[i], host, group, number) &&
                      CoreInProcessorSet(keywords[j], host, topology.smt, group, number),
                  group, number);
      report.overlaps.push_back(std::move(overlap));
    }
  }
  return report;
}

}  // namespace vmqkit::solver
