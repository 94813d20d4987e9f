/*
 * The vmqkit NDIS host's own interface for a driver and its glue (docs/ndis-host.md, "Glue").
 *
 * A miniport for real hardware learns what its device can do from the device; the host's device
 * is simulated from the suite's platform description (vmqkit_platform.hardware_features), and
 * VmqkitNdisHardwareFeatures reads it, as a driver reads its device's capability registers. A
 * driver written for the host may call it; a vendor driver never does.
 *
 * The receive side. A frame the suite puts on the wire must reach the miniport as its hardware
 * would deliver it. A miniport with no registers (a virtual miniport such as netvmini) has its own
 * receive-injection routine; a small per-driver glue file, linked with the driver, defines
 * VmqkitNdisGlueReceive and calls that routine. The host calls it from inside the suite's
 * `receive` call, at DISPATCH_LEVEL, and drains the scheduler afterwards. Without a glue file the
 * first frame is a `dut.unsupported-call` finding naming VmqkitNdisGlueReceive.
 *
 * Optional glue hooks (weak: a glue file defines the ones it needs):
 * - VmqkitNdisGlueReceive: deliver one frame (the bytes are valid during the call only).
 */
#ifndef VMQKIT_NDIS_HOST_VMQKIT_NDIS_H_
#define VMQKIT_NDIS_HOST_VMQKIT_NDIS_H_

#include "ndis.h"

#ifdef __cplusplus
extern "C" {
#endif

/* VMQKIT_HW_* bits of the simulated device (abi/include/vmqkit/dut.h). */
#define VMQKIT_NDIS_HW_RSS 0x1u
#define VMQKIT_NDIS_HW_VMQ 0x2u
#define VMQKIT_NDIS_HW_SRIOV 0x4u
ULONG VmqkitNdisHardwareFeatures(NDIS_HANDLE MiniportAdapterHandle);

/* Defined by the driver's glue file (see above). */
void VmqkitNdisGlueReceive(NDIS_HANDLE MiniportAdapterContext, const UCHAR* Frame, ULONG Length)
    __attribute__((weak));

#ifdef __cplusplus
}
#endif

#endif /* VMQKIT_NDIS_HOST_VMQKIT_NDIS_H_ */
