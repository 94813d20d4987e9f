#pragma once
// The RSS/VMQ processor-set rules, written once as a walk over the host's processors in
// PROCESSOR_NUMBER order. The walk is generic over an arithmetic domain so that the very code the
// model runs on integers (spec/processor_set.cpp) can also be run on Z3 terms by the proofs
// (spec/solver/tests), which check it against the independent closed-form encoding in spec/solver.
//
// A domain `A` provides types A::Int and A::Bool with the usual operators (+ < <= > >= == % && ||
// !) and A::Const(std::int64_t) -> Int, A::If(Bool, Int, Int) -> Int, A::False() -> Bool.
#include <cstdint>
#include <vector>

#include "spec/keyword_catalog.h"

namespace vmqkit::spec {

template <class Int, class Bool>
struct ProcessorSetTerms {
  // Keywords ([WDD] standardized-inf-keywords-for-rss).
  Int base_group;      // *RssBaseProcGroup
  Int base_number;     // *RssBaseProcNumber
  Bool max_given;      // *RssMaxProcGroup or *RssMaxProcNumber present (docs/errata.md E-702)
  Int max_group;       // *RssMaxProcGroup
  Int max_number;      // *RssMaxProcNumber
  Int max_processors;  // *MaxRssProcessors
  // Host topology.
  Int groups;
  Int lps_per_group;
  Int smt;
};

// One Bool per processor slot, slot = group * MAXIMUM_PROC_PER_GROUP + number, for groups
// 0..slot_groups-1: true when the processor belongs to the adapter's RSS/VMQ set.
template <class A>
std::vector<typename A::Bool> ProcessorSetSlots(
    const A& a, const ProcessorSetTerms<typename A::Int, typename A::Bool>& in,
    std::int64_t slot_groups) {
  using Int = typename A::Int;
  using Bool = typename A::Bool;
  std::vector<Bool> slots;
  slots.reserve(static_cast<std::size_t>(slot_groups * kMaximumProcPerGroup));
  Int taken = a.Const(0);   // processors already in the set
  Bool seen = a.False();    // a processor of the [base, max] range has been met
  Int thread = a.Const(0);  // the SMT thread index (number % smt) the set uses
  for (std::int64_t g = 0; g < slot_groups; ++g) {
    for (std::int64_t n = 0; n < kMaximumProcPerGroup; ++n) {
      const Int group = a.Const(g);
      const Int number = a.Const(n);
      const Bool in_host = group < in.groups && number < in.lps_per_group;
      // [WDD] standardized-inf-keywords-for-rss: base is the lowest processor RSS may use, max the
      // highest, compared group first (the 1:16 .. 3:8 example); [WDD]
      // reserving-processors-for-applications: "RSS cannot use the CPUs that are numbered below
      // the base CPU number".
      const Bool from_base =
          group > in.base_group || (group == in.base_group && number >= in.base_number);
      const Bool to_max = !in.max_given || group < in.max_group ||
                          (group == in.max_group && number <= in.max_number);
      const Bool in_range = in_host && from_base && to_max;
      // [WDD] introduction-to-receive-side-scaling "RSS doesn't use hyper-threaded processors";
      // [PERF] dVMQ with hyper-threading uses one LP per core ("cores 0, 2, 4, and 6"): the first
      // processor of the range fixes which thread of each core is used (docs/errata.md E-701).
      const Int my_thread = number % in.smt;
      thread = a.If(in_range && !seen, my_thread, thread);
      seen = seen || in_range;
      // *MaxRssProcessors caps the count; the lowest-numbered eligible processors are kept
      // (docs/errata.md E-703).
      const Bool member = in_range && my_thread == thread && taken < in.max_processors;
      taken = a.If(member, taken + 1, taken);
      slots.push_back(member);
    }
  }
  return slots;
}

}  // namespace vmqkit::spec
