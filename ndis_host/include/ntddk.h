/* ntddk.h of the vmqkit NDIS host: the kernel declarations are all in wdm.h (docs/ndis-host.md). */
#ifndef VMQKIT_NDIS_HOST_NTDDK_H_
#define VMQKIT_NDIS_HOST_NTDDK_H_
#include "wdm.h"
#endif
