/* The glue of swvmq (docs/ndis-host.md, "Glue"): a frame the suite puts on the wire reaches the
 * miniport through its receive-injection routine. */
#include <vmqkit_ndis.h>

#include "swvmq.h"

void VmqkitNdisGlueReceive(NDIS_HANDLE MiniportAdapterContext, const UCHAR* Frame, ULONG Length) {
  SwvmqReceiveFrame(MiniportAdapterContext, Frame, Length);
}
