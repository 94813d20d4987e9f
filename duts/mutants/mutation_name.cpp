// The one line that differs between mutant plug-ins: compiled once per mutants.txt line with
// VMQKIT_MUTATION set, so the wrapper itself (mutant_dut.cpp) is compiled once.
#include "duts/mutants/mutant_dut.h"

namespace vmqkit::duts::mutants {

std::string_view MutationName() {
  return VMQKIT_MUTATION;
}

}  // namespace vmqkit::duts::mutants
