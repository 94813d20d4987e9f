// Mutants on the reference miniport (libmutant_reference_<name>.so): the suite must catch each bug
// on a realistic driver too, not only on the minimal example.
#include "duts/mutants/mutant_dut.h"
#include "reference/dut_ops.h"

namespace vmqkit::duts::mutants {

const vmqkit_dut_ops* BaseOps() {
  return &reference::DutOps();
}

}  // namespace vmqkit::duts::mutants
