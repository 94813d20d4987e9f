// libvmqkit_reference_dut.so: the one exported symbol of a DUT plug-in. A vendor's plug-in has
// the same shape: check the host's ABI version, return a static table.
#include "reference/dut_ops.h"
#include "vmqkit/dut.h"

extern "C" VMQKIT_DUT_EXPORT const vmqkit_dut_ops* vmqkit_dut_entry(uint32_t host_abi_version) {
  if (host_abi_version != VMQKIT_DUT_ABI_VERSION) return nullptr;
  return &vmqkit::reference::DutOps();
}
