/*
 * Compiles netvmini's mphal.c unmodified, reconciling one declaration standard C rejects
 * (docs/real-drivers.md, "Building netvmini"): mphal.h declares
 *   NDIS_STATUS HWInitialize(PMP_ADAPTER, NDIS_HANDLE)
 * and mphal.c defines it with a PNDIS_MINIPORT_INIT_PARAMETERS second parameter. NDIS_HANDLE is
 * PVOID, so the two types are not compatible (C11 6.7p4, 6.7.6.3p15); MSVC accepts the pair, GCC
 * and clang reject it. The definition is compiled under another name and HWInitialize, as mphal.h
 * declares it, forwards to it. Project code: it names netvmini's routine and copies none.
 */
#include "netvmin6.h"

NDIS_STATUS VmqkitNetvminiHWInitialize(PMP_ADAPTER Adapter, PNDIS_MINIPORT_INIT_PARAMETERS Init);

#define HWInitialize VmqkitNetvminiHWInitialize
#include "mphal.c"
#undef HWInitialize

NDIS_STATUS HWInitialize(PMP_ADAPTER Adapter, NDIS_HANDLE WrapperConfigurationContext) {
  return VmqkitNetvminiHWInitialize(Adapter,
                                    (PNDIS_MINIPORT_INIT_PARAMETERS)WrapperConfigurationContext);
}
