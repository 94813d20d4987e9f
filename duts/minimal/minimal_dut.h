#pragma once
// The minimal example miniport's function table (see minimal_dut.cpp). Linked in, it is the
// conformance suite's own correct DUT; built with minimal_dut_entry.cpp it is a loadable plug-in.
#include "vmqkit/dut.h"

namespace vmqkit::duts {

const vmqkit_dut_ops* MinimalDutOps();

}  // namespace vmqkit::duts
