#pragma once
// A mutant DUT plug-in (mutants.txt): the mutation this plug-in was built with.
#include <string_view>

#include "vmqkit/dut.h"

namespace vmqkit::duts::mutants {

std::string_view MutationName();
// The correct DUT the wrapper sits on (mutant_base_minimal.cpp or mutant_base_reference.cpp).
const vmqkit_dut_ops* BaseOps();

}  // namespace vmqkit::duts::mutants
