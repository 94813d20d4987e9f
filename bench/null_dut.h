#pragma once
// The null DUT: a plug-in that does nothing but what the harness needs. It accepts every OID,
// and indicates every frame it receives on the default queue at once (receive_batch: one
// indication call for the whole batch). Timed through the same host as a real DUT, it is the
// cost of the DUT path itself (ABI calls, indications, returns), which `vmqkit bench` and
// vmq_bench subtract from a driver's time to report the driver's own cost (docs/benchmarks.md).
#include "vmqkit/dut.h"

namespace vmqkit::bench {

// batched: the table offers receive_batch; otherwise the host calls receive once per frame.
const vmqkit_dut_ops& NullDutOps(bool batched);

}  // namespace vmqkit::bench
