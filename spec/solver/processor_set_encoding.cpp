#include "spec/solver/processor_set_encoding.h"

#include "spec/keyword_catalog.h"

namespace vmqkit::solver {
namespace {

z3::expr Min(const z3::expr& a, const z3::expr& b) {
  return z3::ite(z3::ult(a, b), a, b);
}

}  // namespace

z3::expr Scalar(z3::context& ctx, std::int64_t value) {
  return ctx.bv_val(static_cast<std::uint64_t>(value), kScalarBits);
}

KeywordTerms ConstantKeywords(z3::context& ctx, const spec::RssProcessorKeywords& k) {
  const spec::ProcessorNumber max = k.max.value_or(spec::ProcessorNumber{0, 0});
  return {Scalar(ctx, k.base_group), Scalar(ctx, k.base_number), ctx.bool_val(k.max.has_value()),
          Scalar(ctx, max.group),    Scalar(ctx, max.number),    Scalar(ctx, k.max_processors)};
}

KeywordTerms KeywordVariables(z3::context& ctx, const std::string& prefix) {
  auto var = [&](const char* name) {
    return ctx.bv_const((prefix + "." + name).c_str(), kScalarBits);
  };
  return {var("base_group"), var("base_number"), ctx.bool_const((prefix + ".max_given").c_str()),
          var("max_group"),  var("max_number"),  var("max_processors")};
}

z3::expr KeywordsInCatalogRange(const KeywordTerms& k) {
  z3::context& ctx = k.base_group.ctx();
  auto in_range = [&](const z3::expr& term, std::string_view name) {
    const spec::KeywordSpec* spec = spec::FindKeyword(name);
    return z3::uge(term, Scalar(ctx, spec->min)) && z3::ule(term, Scalar(ctx, spec->max));
  };
  return in_range(k.base_group, "*RssBaseProcGroup") &&
         in_range(k.base_number, "*RssBaseProcNumber") &&
         in_range(k.max_group, "*RssMaxProcGroup") && in_range(k.max_number, "*RssMaxProcNumber") &&
         in_range(k.max_processors, "*MaxRssProcessors");
}

TopologyTerms ConstantTopology(z3::context& ctx, const spec::HostTopology& t) {
  return {Scalar(ctx, t.groups), Scalar(ctx, t.lps_per_group), Scalar(ctx, t.smt)};
}

TopologyTerms TopologyWithVariableGroupSize(z3::context& ctx, std::int64_t groups,
                                            std::int64_t smt) {
  return {Scalar(ctx, groups), ctx.bv_const("topology.lps_per_group", kScalarBits),
          Scalar(ctx, smt)};
}

z3::expr TopologyValid(const TopologyTerms& t) {
  z3::context& ctx = t.groups.ctx();
  const z3::expr smt_width = t.smt == Scalar(ctx, 1) || t.smt == Scalar(ctx, 2) ||
                             t.smt == Scalar(ctx, 4) || t.smt == Scalar(ctx, spec::kMaxSmtWidth);
  return z3::uge(t.groups, Scalar(ctx, 1)) &&
         z3::ule(t.groups, Scalar(ctx, spec::kMaximumGroups)) &&
         z3::uge(t.lps_per_group, Scalar(ctx, 1)) &&
         z3::ule(t.lps_per_group, Scalar(ctx, spec::kMaximumProcPerGroup)) && smt_width &&
         z3::urem(t.lps_per_group, t.smt) == Scalar(ctx, 0);
}

namespace {

z3::expr PositionOfBase(const KeywordTerms& k, const TopologyTerms& t) {
  // A base number past the group's last LP starts the set at the next group (E-700).
  return k.base_group * t.lps_per_group + Min(k.base_number, t.lps_per_group);
}

}  // namespace

z3::expr RankInProcessorSet(const KeywordTerms& k, const TopologyTerms& t, const z3::expr& group,
                            const z3::expr& number) {
  return z3::udiv(group * t.lps_per_group + number - PositionOfBase(k, t), t.smt);
}

z3::expr InProcessorSet(const KeywordTerms& k, const TopologyTerms& t, const z3::expr& group,
                        const z3::expr& number) {
  z3::context& ctx = group.ctx();
  const z3::expr in_host = z3::ult(group, t.groups) && z3::ult(number, t.lps_per_group);
  const z3::expr pos = group * t.lps_per_group + number;
  const z3::expr pos_base = PositionOfBase(k, t);
  const z3::expr pos_max =
      k.max_group * t.lps_per_group + Min(k.max_number, t.lps_per_group - Scalar(ctx, 1));
  const z3::expr offset = pos - pos_base;
  return in_host && z3::uge(pos, pos_base) && (!k.max_given || z3::ule(pos, pos_max)) &&
         z3::urem(offset, t.smt) == Scalar(ctx, 0) &&
         z3::ult(z3::udiv(offset, t.smt), k.max_processors);
}

z3::expr ProcessorSetVector(const KeywordTerms& k, const TopologyTerms& t,
                            std::int64_t slot_groups) {
  z3::context& ctx = k.base_group.ctx();
  z3::expr_vector bits(ctx);
  // concat puts its first argument in the high bits: push the highest slot first.
  for (std::int64_t slot = slot_groups * spec::kMaximumProcPerGroup - 1; slot >= 0; --slot) {
    const z3::expr member = InProcessorSet(k, t, Scalar(ctx, slot / spec::kMaximumProcPerGroup),
                                           Scalar(ctx, slot % spec::kMaximumProcPerGroup));
    bits.push_back(z3::ite(member, ctx.bv_val(1, 1), ctx.bv_val(0, 1)));
  }
  return bits.size() == 1 ? bits[0] : z3::concat(bits);
}

z3::expr CoreVector(const z3::expr& set_vector, std::int64_t smt) {
  if (smt == 1) return set_vector;
  z3::context& ctx = set_vector.ctx();
  const auto width = static_cast<std::int64_t>(set_vector.get_sort().bv_size());
  z3::expr_vector bits(ctx);
  // concat puts its first argument in the high bits: push the highest core first.
  for (std::int64_t core = width / smt - 1; core >= 0; --core) {
    const auto low = static_cast<unsigned>(core * smt);
    const auto high = static_cast<unsigned>(core * smt + smt - 1);
    bits.push_back(z3::ite(set_vector.extract(high, low) == ctx.bv_val(0, high - low + 1),
                           ctx.bv_val(0, 1), ctx.bv_val(1, 1)));
  }
  return bits.size() == 1 ? bits[0] : z3::concat(bits);
}

std::int64_t CoreOfBit(std::int64_t bit, const spec::HostTopology& topology) {
  const std::int64_t slot = bit * topology.smt;
  return topology.CoreOf({slot / spec::kMaximumProcPerGroup, slot % spec::kMaximumProcPerGroup});
}

std::vector<std::int64_t> CoresOf(const z3::expr& core_numeral,
                                  const spec::HostTopology& topology) {
  std::string binary;  // most significant bit first
  std::vector<std::int64_t> out;
  if (!core_numeral.as_binary(binary)) return out;
  const std::int64_t width = static_cast<std::int64_t>(binary.size());
  for (std::int64_t i = width - 1; i >= 0; --i) {
    if (binary[static_cast<std::size_t>(i)] == '1')
      out.push_back(CoreOfBit(width - 1 - i, topology));
  }
  return out;
}

z3::expr CoreInProcessorSet(const KeywordTerms& k, const TopologyTerms& t, std::int64_t smt,
                            const z3::expr& group, const z3::expr& number) {
  z3::context& ctx = group.ctx();
  const z3::expr core_start = number - z3::urem(number, Scalar(ctx, smt));
  z3::expr any = ctx.bool_val(false);
  for (std::int64_t thread = 0; thread < smt; ++thread) {
    any = any || InProcessorSet(k, t, group, core_start + Scalar(ctx, thread));
  }
  return any;
}

z3::expr PopCount(const z3::expr& bits) {
  // A balanced tree of bit-vector additions (z3::sum is integer-only in Z3 4.8).
  std::vector<z3::expr> terms;
  for (unsigned i = 0; i < bits.get_sort().bv_size(); ++i) {
    terms.push_back(z3::zext(bits.extract(i, i), kScalarBits - 1));
  }
  while (terms.size() > 1) {
    std::vector<z3::expr> next;
    for (std::size_t i = 0; i + 1 < terms.size(); i += 2) next.push_back(terms[i] + terms[i + 1]);
    if (terms.size() % 2 == 1) next.push_back(terms.back());
    terms = std::move(next);
  }
  return terms.front();
}

std::vector<spec::ProcessorNumber> ProcessorsOf(const z3::expr& numeral) {
  std::string binary;  // most significant bit first
  std::vector<spec::ProcessorNumber> out;
  if (!numeral.as_binary(binary)) return out;
  const std::int64_t width = static_cast<std::int64_t>(binary.size());
  for (std::int64_t i = width - 1; i >= 0; --i) {
    if (binary[static_cast<std::size_t>(i)] != '1') continue;
    const std::int64_t slot = width - 1 - i;
    out.push_back({slot / spec::kMaximumProcPerGroup, slot % spec::kMaximumProcPerGroup});
  }
  return out;
}

}  // namespace vmqkit::solver
