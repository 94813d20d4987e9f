#pragma once
// A mutant DUT plug-in (mutants.txt): the mutation this plug-in was built with.
#include <string_view>

#include "conformance/include/vmqkit/dut.h"

namespace vmqkit::mutants {

std::string_view MutationName();

}  // namespace vmqkit::mutants
