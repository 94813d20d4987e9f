// Mutants on the minimal example miniport (libmutant_<name>.so).
#include "duts/minimal/minimal_dut.h"
#include "duts/mutants/mutant_dut.h"

namespace vmqkit::duts::mutants {

const vmqkit_dut_ops* BaseOps() {
  return duts::MinimalDutOps();
}

}  // namespace vmqkit::duts::mutants
