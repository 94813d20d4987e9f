/*
 * Glue for Microsoft's netvmini 6.x sample (network/ndis/netvmini/6x in
 * microsoft/Windows-driver-samples) on the vmqkit NDIS host (docs/ndis-host.md, "Glue";
 * docs/real-drivers.md). Project code: it names netvmini's routines and copies none.
 *
 * netvmini is a virtual NIC: its "wire" is the set of netvmini adapters, and a frame one adapter
 * sends is handed to the others by RXQueueFrameOnAdapter (datapath.c) in a FRAME (mphal.h) from
 * GlobalData.FrameDataLookaside. A frame the suite puts on the wire reaches the adapter the same
 * way: in a FRAME holding one reference, with the 802.1Q information a sending netvmini adapter
 * would have taken from the frame's tag, queued on that one adapter, then the reference dropped.
 *
 * RXQueueFrameOnAdapter is static in datapath.c, so this unit compiles datapath.c (unmodified) and
 * reaches it from inside; datapath.c is then not listed among the sources (docs/real-drivers.md).
 * Built with netvmini's include directory and defines (NDIS630_MINIPORT or NDIS680_MINIPORT).
 */
#include "datapath.c"

#include <vmqkit_ndis.h>

void VmqkitNdisGlueReceive(NDIS_HANDLE MiniportAdapterContext, const UCHAR* Frame, ULONG Length) {
  PMP_ADAPTER Adapter = (PMP_ADAPTER)MiniportAdapterContext;
  NDIS_NET_BUFFER_LIST_8021Q_INFO Nbl1QInfo;
  PFRAME WireFrame;
  if (Length > NIC_BUFFER_SIZE) return; /* longer than the device's buffers: not received */
  WireFrame = (PFRAME)NdisAllocateFromNPagedLookasideList(&GlobalData.FrameDataLookaside);
  if (WireFrame == NULL) return;
  WireFrame->Ref = 1;
  WireFrame->ulSize = Length;
  NdisMoveMemory(WireFrame->Data, Frame, Length);
  Nbl1QInfo.Value = NULL;
  if (Length >= HW_MIN_FRAME_SIZE && IS_FRAME_8021Q(WireFrame)) {
    COPY_TAG_INFO_FROM_HEADER_TO_PACKET_INFO(Nbl1QInfo, GET_FRAME_VLAN_TAG_HEADER(WireFrame));
  }
  RXQueueFrameOnAdapter(Adapter, &Nbl1QInfo, WireFrame);
  HWFrameRelease(WireFrame);
}
