/*
 * Compiles netvmini's vmq.c unmodified, reconciling one declaration standard C rejects
 * (docs/real-drivers.md, "Building netvmini"): vmq.h declares
 *   VOID IndicateRxQueue(NDIS_HANDLE, NDIS_RECEIVE_QUEUE_ID, NDIS_RECEIVE_QUEUE_OPERATIONAL_STATE)
 * and vmq.c defines it with a PMP_ADAPTER first parameter (C11 6.7p4; MSVC accepts the pair, GCC
 * and clang reject it). The definition is compiled under another name, declared first with its own
 * parameter types, and IndicateRxQueue, as vmq.h declares it, forwards to it. Project code: it
 * names netvmini's routine and copies none.
 */
#include "netvmin6.h"

VOID VmqkitNetvminiIndicateRxQueue(PMP_ADAPTER Adapter, NDIS_RECEIVE_QUEUE_ID QueueId,
                                   NDIS_RECEIVE_QUEUE_OPERATIONAL_STATE State);

#define IndicateRxQueue VmqkitNetvminiIndicateRxQueue
#include "vmq.c"
#undef IndicateRxQueue

VOID IndicateRxQueue(NDIS_HANDLE AdapterHandle, NDIS_RECEIVE_QUEUE_ID QueueId,
                     NDIS_RECEIVE_QUEUE_OPERATIONAL_STATE State) {
  VmqkitNetvminiIndicateRxQueue((PMP_ADAPTER)AdapterHandle, QueueId, State);
}
