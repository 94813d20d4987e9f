#pragma once
// The RSS/VMQ processor set as Z3 bit-vector terms, written in closed form (independent of the
// processor walk in spec/processor_set_rules.h, so that the proofs compare two formulations).
//
// Processors are laid out in slots: slot = group * MAXIMUM_PROC_PER_GROUP + number; a set over
// `slot_groups` groups is a bit-vector of slot_groups * 64 bits, bit `slot` set when the processor
// belongs to the set. Scalars are 16-bit vectors (every value in range fits:
// MAXIMUM_PROC_PER_SYSTEM is 1280).
#include <z3++.h>

#include <string>

#include "spec/host_topology.h"
#include "spec/processor_set.h"

namespace vmqkit::solver {

inline constexpr unsigned kScalarBits = 16;

struct KeywordTerms {
  z3::expr base_group;      // *RssBaseProcGroup
  z3::expr base_number;     // *RssBaseProcNumber
  z3::expr max_given;       // Bool: *RssMaxProcGroup/*RssMaxProcNumber present
  z3::expr max_group;       // *RssMaxProcGroup
  z3::expr max_number;      // *RssMaxProcNumber
  z3::expr max_processors;  // *MaxRssProcessors
};

struct TopologyTerms {
  z3::expr groups;
  z3::expr lps_per_group;
  z3::expr smt;
};

z3::expr Scalar(z3::context& ctx, std::int64_t value);
KeywordTerms ConstantKeywords(z3::context& ctx, const spec::RssProcessorKeywords& keywords);
// Unconstrained keyword variables named "<prefix>.base_group" etc.
KeywordTerms KeywordVariables(z3::context& ctx, const std::string& prefix);
// Every keyword within its catalog range (spec/keyword_catalog.h).
z3::expr KeywordsInCatalogRange(const KeywordTerms& k);

TopologyTerms ConstantTopology(z3::context& ctx, const spec::HostTopology& topology);
// A topology with `groups` groups and SMT width `smt` whose group size is a variable: the proofs
// quantify over it, one (groups, smt) shape at a time.
TopologyTerms TopologyWithVariableGroupSize(z3::context& ctx, std::int64_t groups,
                                            std::int64_t smt);
// What spec::ValidateTopology accepts: 1..MAXIMUM_GROUPS groups, 1..64 LPs per group, SMT width
// 1, 2, 4 or 8 dividing the group size.
z3::expr TopologyValid(const TopologyTerms& t);

// Is processor group:number in the set? Closed form over the processor's linear position
// pos = group * LPs + number:
//   in host, pos_base <= pos <= pos_max, pos = pos_base (mod SMT), (pos - pos_base) / SMT <
//   *MaxRssProcessors
// where pos_base is the first host position at or after the base and pos_max the max's position.
z3::expr InProcessorSet(const KeywordTerms& k, const TopologyTerms& t, const z3::expr& group,
                        const z3::expr& number);

// The processor's position among the set's processors counted from the base ((pos - pos_base) /
// SMT): InProcessorSet requires it to be below *MaxRssProcessors.
z3::expr RankInProcessorSet(const KeywordTerms& k, const TopologyTerms& t, const z3::expr& group,
                            const z3::expr& number);

// The set as a bit-vector of slot_groups * 64 bits.
z3::expr ProcessorSetVector(const KeywordTerms& k, const TopologyTerms& t,
                            std::int64_t slot_groups);

// The set's cores: a bit-vector of width / smt bits, bit c set when any of slots c*smt ..
// c*smt+smt-1 is (a core never straddles a group, as 64 % smt == 0). Overlap is judged on these
// (spec::SharedCores, docs/errata.md E-711).
z3::expr CoreVector(const z3::expr& set_vector, std::int64_t smt);
// The core HostTopology::CoreOf names for bit `bit` of a CoreVector.
std::int64_t CoreOfBit(std::int64_t bit, const spec::HostTopology& topology);
// The cores of a constant core vector (a numeral), as HostTopology::CoreOf numbers them, ascending.
std::vector<std::int64_t> CoresOf(const z3::expr& core_numeral, const spec::HostTopology& topology);

// Is processor group:number on a core where the set has a processor?
z3::expr CoreInProcessorSet(const KeywordTerms& k, const TopologyTerms& t, std::int64_t smt,
                            const z3::expr& group, const z3::expr& number);

// Number of set bits, as a kScalarBits-wide term.
z3::expr PopCount(const z3::expr& bits);

// The processors of a constant set vector (a numeral), ascending.
std::vector<spec::ProcessorNumber> ProcessorsOf(const z3::expr& numeral);

}  // namespace vmqkit::solver
