/* swvmq's receive-injection routine: the software device's "wire" (named by swvmq_glue.c). */
#ifndef SWVMQ_H_
#define SWVMQ_H_
#include <ndis.h>
void SwvmqReceiveFrame(NDIS_HANDLE MiniportAdapterContext, const UCHAR* Frame, ULONG Length);
#endif
