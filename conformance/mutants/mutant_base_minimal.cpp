// Mutants on the minimal example miniport (libmutant_<name>.so).
#include "conformance/mutants/mutant_dut.h"
#include "examples/minimal-dut/minimal_dut.h"

namespace vmqkit::mutants {

const vmqkit_dut_ops* BaseOps() {
  return examples::MinimalDutOps();
}

}  // namespace vmqkit::mutants
