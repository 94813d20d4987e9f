// Mutants on the minimal example miniport (libmutant_<name>.so).
#include "duts/mutants/mutant_dut.h"
#include "duts/minimal/minimal_dut.h"

namespace vmqkit::mutants {

const vmqkit_dut_ops* BaseOps() {
  return examples::MinimalDutOps();
}

}  // namespace vmqkit::mutants
