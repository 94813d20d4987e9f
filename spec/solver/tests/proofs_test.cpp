// Proofs of the processor-set rules: for every keyword value in its catalog range and every host
// topology up to the bound below, Z3 finds no counterexample (unsat) to each claim.
#include <gtest/gtest.h>
#include <z3++.h>

#include <array>
#include <utility>
#include <vector>

#include "spec/processor_set_rules.h"
#include "spec/solver/processor_set_encoding.h"

namespace vmqkit::solver {
namespace {

// The bound: hosts of 1..2 groups of any size 1..64, every SMT width (1, 2, 4, 8). Larger bounds
// hold too but cost minutes; the keyword ranges are never narrowed.
constexpr std::int64_t kBoundGroups = 2;
constexpr std::array<std::int64_t, 4> kSmtWidths{1, 2, 4, 8};
constexpr std::int64_t kWalkProofMaxLps = 8;

std::vector<std::pair<std::int64_t, std::int64_t>> Shapes() {
  std::vector<std::pair<std::int64_t, std::int64_t>> out;
  for (std::int64_t groups = 1; groups <= kBoundGroups; ++groups) {
    for (std::int64_t smt : kSmtWidths) out.emplace_back(groups, smt);
  }
  return out;
}

// The rules of spec/processor_set_rules.h run on Z3 terms: this is the model's own code path.
struct Z3Domain {
  z3::context* ctx;
  using Int = z3::expr;
  using Bool = z3::expr;
  Int Const(std::int64_t v) const { return Scalar(*ctx, v); }
  static Int If(const Bool& c, const Int& t, const Int& e) { return z3::ite(c, t, e); }
  Bool False() const { return ctx->bool_val(false); }
};

struct Fixture {
  Fixture(std::int64_t groups_, std::int64_t smt)
      : groups(groups_), t(TopologyWithVariableGroupSize(ctx, groups_, smt)) {}
  z3::context ctx;
  std::int64_t groups;
  KeywordTerms k = KeywordVariables(ctx, "k");
  TopologyTerms t;
  z3::expr group = ctx.bv_const("p.group", kScalarBits);
  z3::expr number = ctx.bv_const("p.number", kScalarBits);

  z3::check_result CounterexampleFor(const z3::expr& negated_claim) {
    z3::solver solver(ctx);
    solver.add(KeywordsInCatalogRange(k));
    solver.add(TopologyValid(t));
    solver.add(negated_claim);
    return solver.check();
  }
  z3::expr Member() { return InProcessorSet(k, t, group, number); }
  // Is group:number at or after the base in PROCESSOR_NUMBER order?
  z3::expr FromBase(const z3::expr& g, const z3::expr& n) {
    return z3::ugt(g, k.base_group) || (g == k.base_group && z3::uge(n, k.base_number));
  }
};

TEST(ProcessorSetProof, SetLiesWithinTheHost) {
  for (const auto& [groups, smt] : Shapes()) {
    SCOPED_TRACE(::testing::Message() << groups << " groups, SMT " << smt);
    Fixture f(groups, smt);
    const z3::expr in_host = z3::ult(f.group, f.t.groups) && z3::ult(f.number, f.t.lps_per_group);
    EXPECT_EQ(f.CounterexampleFor(f.Member() && !in_host), z3::unsat);
  }
}

TEST(ProcessorSetProof, NeverBelowTheBaseProcessor) {
  for (const auto& [groups, smt] : Shapes()) {
    SCOPED_TRACE(::testing::Message() << groups << " groups, SMT " << smt);
    Fixture f(groups, smt);
    EXPECT_EQ(f.CounterexampleFor(f.Member() && !f.FromBase(f.group, f.number)), z3::unsat);
  }
}

TEST(ProcessorSetProof, NeverAboveTheMaxProcessor) {
  for (const auto& [groups, smt] : Shapes()) {
    SCOPED_TRACE(::testing::Message() << groups << " groups, SMT " << smt);
    Fixture f(groups, smt);
    const z3::expr to_max = z3::ult(f.group, f.k.max_group) ||
                            (f.group == f.k.max_group && z3::ule(f.number, f.k.max_number));
    EXPECT_EQ(f.CounterexampleFor(f.Member() && f.k.max_given && !to_max), z3::unsat);
  }
}

// Counting is hard for SAT solvers, so the bound is proved by an injection: every member has a
// rank below *MaxRssProcessors and no two members share a rank, hence at most *MaxRssProcessors
// members. (A direct popcount claim is checked on concrete inputs by OverlapEncoding properties.)
TEST(ProcessorSetProof, NeverLargerThanMaxRssProcessors) {
  for (const auto& [groups, smt] : Shapes()) {
    SCOPED_TRACE(::testing::Message() << groups << " groups, SMT " << smt);
    Fixture f(groups, smt);
    const z3::expr g2 = f.ctx.bv_const("q.group", kScalarBits);
    const z3::expr n2 = f.ctx.bv_const("q.number", kScalarBits);
    const z3::expr rank = RankInProcessorSet(f.k, f.t, f.group, f.number);
    EXPECT_EQ(f.CounterexampleFor(f.Member() && z3::uge(rank, f.k.max_processors)), z3::unsat);
    EXPECT_EQ(f.CounterexampleFor(f.Member() && InProcessorSet(f.k, f.t, g2, n2) &&
                                  (f.group != g2 || f.number != n2) &&
                                  rank == RankInProcessorSet(f.k, f.t, g2, n2)),
              z3::unsat);
  }
}

TEST(ProcessorSetProof, OneLogicalProcessorPerCore) {
  for (const auto& [groups, smt] : Shapes()) {
    SCOPED_TRACE(::testing::Message() << groups << " groups, SMT " << smt);
    Fixture f(groups, smt);
    const z3::expr other = f.ctx.bv_const("q.number", kScalarBits);
    const z3::expr same_core = z3::udiv(f.number, f.t.smt) == z3::udiv(other, f.t.smt);
    EXPECT_EQ(f.CounterexampleFor(f.Member() && InProcessorSet(f.k, f.t, f.group, other) &&
                                  other != f.number && same_core),
              z3::unsat);
  }
}

// E-704: empty only when no host processor lies between base and max. Shown without counting:
// whenever some host processor p is in [base, max], the first host processor at or after the base
// (the base itself, or the next group's first when the base number is past the group) is a member.
TEST(ProcessorSetProof, EmptyOnlyWhenNoHostProcessorBetweenBaseAndMax) {
  for (const auto& [groups, smt] : Shapes()) {
    SCOPED_TRACE(::testing::Message() << groups << " groups, SMT " << smt);
    Fixture f(groups, smt);
    const z3::expr p_in_range = z3::ult(f.group, f.t.groups) &&
                                z3::ult(f.number, f.t.lps_per_group) &&
                                f.FromBase(f.group, f.number) &&
                                (!f.k.max_given || z3::ult(f.group, f.k.max_group) ||
                                 (f.group == f.k.max_group && z3::ule(f.number, f.k.max_number)));
    const z3::expr past_group = z3::uge(f.k.base_number, f.t.lps_per_group);
    const z3::expr first_group = z3::ite(past_group, f.k.base_group + 1, f.k.base_group);
    const z3::expr first_number = z3::ite(past_group, Scalar(f.ctx, 0), f.k.base_number);
    EXPECT_EQ(
        f.CounterexampleFor(p_in_range && !InProcessorSet(f.k, f.t, first_group, first_number)),
        z3::unsat);
  }
}

// The model's processor walk (spec/processor_set_rules.h, run on Z3 terms) and the closed-form
// encoding agree on every slot for every keyword input: the solver finds no input where they
// differ. The walk counts processors one by one, which SAT solvers find hard against the closed
// form's division, so this proof takes each topology of a smaller bound concretely: 1..2 groups,
// each SMT width, every group size up to kWalkProofMaxLps. Larger hosts are compared on random
// inputs by OverlapEncoding.SetsAndOverlapsEqualTheModel.
TEST(ProcessorSetProof, ModelWalkEqualsClosedFormEncoding) {
  for (std::int64_t groups = 1; groups <= kBoundGroups; ++groups) {
    for (std::int64_t smt : kSmtWidths) {
      for (std::int64_t lps = smt; lps <= kWalkProofMaxLps; lps += smt) {
        SCOPED_TRACE(::testing::Message() << groups << " x " << lps << " LPs, SMT " << smt);
        z3::context ctx;
        const KeywordTerms k = KeywordVariables(ctx, "k");
        const TopologyTerms t = ConstantTopology(ctx, spec::HostTopology{groups, lps, smt, 1});
        const spec::ProcessorSetTerms<z3::expr, z3::expr> terms{
            k.base_group,     k.base_number, k.max_given,     k.max_group, k.max_number,
            k.max_processors, t.groups,      t.lps_per_group, t.smt};
        const std::vector<z3::expr> walk = spec::ProcessorSetSlots(Z3Domain{&ctx}, terms, groups);
        z3::expr_vector bits(ctx);
        for (auto it = walk.rbegin(); it != walk.rend(); ++it) {
          bits.push_back(z3::ite(*it, ctx.bv_val(1, 1), ctx.bv_val(0, 1)));
        }
        z3::solver solver(ctx);
        solver.add(KeywordsInCatalogRange(k));
        solver.add(z3::concat(bits) != ProcessorSetVector(k, t, groups));
        EXPECT_EQ(solver.check(), z3::unsat);
      }
    }
  }
}

// The proofs bite: a false claim has a counterexample.
TEST(ProcessorSetProof, FalseClaimHasACounterexample) {
  Fixture f(2, 2);
  // "The base processor is never in the set" is false.
  EXPECT_EQ(f.CounterexampleFor(InProcessorSet(f.k, f.t, f.k.base_group, f.k.base_number)),
            z3::sat);
  // "No set has more than one processor" is false.
  const z3::expr other = f.ctx.bv_const("q.number", kScalarBits);
  EXPECT_EQ(f.CounterexampleFor(f.Member() && InProcessorSet(f.k, f.t, f.group, other) &&
                                other != f.number),
            z3::sat);
}

}  // namespace
}  // namespace vmqkit::solver
