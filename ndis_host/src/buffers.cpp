// NET_BUFFER_LIST / NET_BUFFER pools and accessors, MDLs and shared memory. Memory is ordinary
// process memory; a "physical" address is the virtual address (docs/ndis-host.md, "Buffers").
#include <ndis.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>

#include "ndis_host/host.h"

using vmqkit::ndis_host::Host;
using vmqkit::ndis_host::ReportFinding;

namespace {

struct NblPool {
  NET_BUFFER_LIST_POOL_PARAMETERS parameters{};
};
struct NbPool {
  NET_BUFFER_POOL_PARAMETERS parameters{};
};
// Marks a NET_BUFFER allocated together with its NET_BUFFER_LIST (NdisReserved[1] of the NBL).
const char kOwnsNetBuffer = 0;

void FillMdl(PMDL mdl, PVOID address, ULONG length) {
  *mdl = MDL{};
  const auto value = reinterpret_cast<ULONG_PTR>(address);
  mdl->MappedSystemVa = address;
  mdl->StartVa = reinterpret_cast<PVOID>(value & ~static_cast<ULONG_PTR>(PAGE_SIZE - 1));
  mdl->ByteOffset = static_cast<ULONG>(value & (PAGE_SIZE - 1));
  mdl->ByteCount = length;
  mdl->MdlFlags = MDL_MAPPED_TO_SYSTEM_VA | MDL_SOURCE_IS_NONPAGED_POOL;
}

void PlaceNetBuffer(PNET_BUFFER nb, PMDL chain, ULONG offset, SIZE_T length) {
  nb->MdlChain = chain;
  nb->DataOffset = offset;
  nb->stDataLength = length;
  // CurrentMdl is the MDL holding the first data byte.
  PMDL mdl = chain;
  ULONG left = offset;
  while (mdl != nullptr && left >= mdl->ByteCount && mdl->Next != nullptr) {
    left -= mdl->ByteCount;
    mdl = mdl->Next;
  }
  nb->CurrentMdl = mdl;
  nb->CurrentMdlOffset = left;
}

PNET_BUFFER NewNetBuffer(NDIS_HANDLE pool) {
  auto* nb = static_cast<PNET_BUFFER>(std::aligned_alloc(16, sizeof(NET_BUFFER)));
  if (nb == nullptr) return nullptr;
  std::memset(nb, 0, sizeof *nb);
  nb->NdisPoolHandle = pool;
  return nb;
}

}  // namespace

extern "C" {

NDIS_HANDLE NdisAllocateNetBufferListPool(NDIS_HANDLE NdisHandle,
                                          PNET_BUFFER_LIST_POOL_PARAMETERS Parameters) {
  (void)NdisHandle;
  auto* pool = new NblPool;
  pool->parameters = *Parameters;
  return pool;
}
void NdisFreeNetBufferListPool(NDIS_HANDLE PoolHandle) {
  delete static_cast<NblPool*>(PoolHandle);
}
NDIS_HANDLE NdisAllocateNetBufferPool(NDIS_HANDLE NdisHandle,
                                      PNET_BUFFER_POOL_PARAMETERS Parameters) {
  (void)NdisHandle;
  auto* pool = new NbPool;
  pool->parameters = *Parameters;
  return pool;
}
void NdisFreeNetBufferPool(NDIS_HANDLE PoolHandle) {
  delete static_cast<NbPool*>(PoolHandle);
}

PNET_BUFFER_LIST NdisAllocateNetBufferList(NDIS_HANDLE PoolHandle, USHORT ContextSize,
                                           USHORT ContextBackFill) {
  auto* nbl = static_cast<PNET_BUFFER_LIST>(std::aligned_alloc(16, sizeof(NET_BUFFER_LIST)));
  if (nbl == nullptr) return nullptr;
  std::memset(nbl, 0, sizeof *nbl);
  nbl->NdisPoolHandle = PoolHandle;
  const std::size_t context = std::size_t{ContextSize} + ContextBackFill;
  if (context > 0) {
    const std::size_t bytes = (sizeof(NET_BUFFER_LIST_CONTEXT) + context + 15) / 16 * 16;
    auto* c = static_cast<PNET_BUFFER_LIST_CONTEXT>(std::aligned_alloc(16, bytes));
    std::memset(c, 0, bytes);
    c->Size = static_cast<USHORT>(context);
    c->Offset = ContextBackFill;
    nbl->Context = c;
  }
  return nbl;
}

PNET_BUFFER_LIST NdisAllocateNetBufferAndNetBufferList(NDIS_HANDLE PoolHandle, USHORT ContextSize,
                                                       USHORT ContextBackFill, PMDL MdlChain,
                                                       ULONG DataOffset, SIZE_T DataLength) {
  auto* pool = static_cast<NblPool*>(PoolHandle);
  if (!pool->parameters.fAllocateNetBuffer) {
    ReportFinding("ndis.pool-without-net-buffers",
                  "NdisAllocateNetBufferAndNetBufferList from a pool whose fAllocateNetBuffer is "
                  "FALSE");
  }
  PNET_BUFFER_LIST nbl = NdisAllocateNetBufferList(PoolHandle, ContextSize, ContextBackFill);
  if (nbl == nullptr) return nullptr;
  PNET_BUFFER nb = NewNetBuffer(PoolHandle);
  PlaceNetBuffer(nb, MdlChain, DataOffset, DataLength);
  nbl->FirstNetBuffer = nb;
  nbl->NdisReserved[1] = const_cast<char*>(&kOwnsNetBuffer);
  return nbl;
}

void NdisFreeNetBufferList(PNET_BUFFER_LIST NetBufferList) {
  if (NetBufferList == nullptr) return;
  if (NetBufferList->NdisReserved[1] == &kOwnsNetBuffer) std::free(NetBufferList->FirstNetBuffer);
  std::free(NetBufferList->Context);
  std::free(NetBufferList);
}

PNET_BUFFER NdisAllocateNetBuffer(NDIS_HANDLE PoolHandle, PMDL MdlChain, ULONG DataOffset,
                                  SIZE_T DataLength) {
  PNET_BUFFER nb = NewNetBuffer(PoolHandle);
  if (nb != nullptr) PlaceNetBuffer(nb, MdlChain, DataOffset, DataLength);
  return nb;
}
void NdisFreeNetBuffer(PNET_BUFFER NetBuffer) {
  std::free(NetBuffer);
}

PVOID NdisGetDataBuffer(PNET_BUFFER NetBuffer, ULONG BytesNeeded, PVOID Storage, UINT AlignMultiple,
                        UINT AlignOffset) {
  (void)AlignOffset;
  if (NetBuffer->DataLength < BytesNeeded || NetBuffer->CurrentMdl == nullptr) return nullptr;
  const PMDL mdl = NetBuffer->CurrentMdl;
  auto* first = static_cast<PUCHAR>(mdl->MappedSystemVa) + NetBuffer->CurrentMdlOffset;
  const bool aligned =
      AlignMultiple <= 1 || reinterpret_cast<ULONG_PTR>(first) % AlignMultiple == 0;
  if (aligned && mdl->ByteCount - NetBuffer->CurrentMdlOffset >= BytesNeeded) return first;
  if (Storage == nullptr) return nullptr;
  auto* out = static_cast<PUCHAR>(Storage);
  ULONG copied = 0;
  ULONG offset = NetBuffer->CurrentMdlOffset;
  for (PMDL m = mdl; m != nullptr && copied < BytesNeeded; m = m->Next) {
    const ULONG take = std::min<ULONG>(m->ByteCount - offset, BytesNeeded - copied);
    std::memcpy(out + copied, static_cast<PUCHAR>(m->MappedSystemVa) + offset, take);
    copied += take;
    offset = 0;
  }
  return copied == BytesNeeded ? Storage : nullptr;
}

void NdisAdvanceNetBufferDataStart(PNET_BUFFER NetBuffer, ULONG DataOffsetDelta, BOOLEAN FreeMdl,
                                   void* FreeMdlHandler) {
  (void)FreeMdl;
  (void)FreeMdlHandler;
  PlaceNetBuffer(NetBuffer, NetBuffer->MdlChain, NetBuffer->DataOffset + DataOffsetDelta,
                 NetBuffer->DataLength - DataOffsetDelta);
}

PMDL NdisAllocateMdl(NDIS_HANDLE NdisHandle, PVOID VirtualAddress, UINT Length) {
  (void)NdisHandle;
  auto* mdl = new MDL;
  FillMdl(mdl, VirtualAddress, Length);
  return mdl;
}
void NdisFreeMdl(PMDL Mdl) {
  delete Mdl;
}
PMDL IoAllocateMdl(PVOID VirtualAddress, ULONG Length, BOOLEAN SecondaryBuffer, BOOLEAN ChargeQuota,
                   PIRP Irp) {
  (void)SecondaryBuffer;
  (void)ChargeQuota;
  (void)Irp;
  auto* mdl = new MDL;
  FillMdl(mdl, VirtualAddress, Length);
  return mdl;
}
void IoFreeMdl(PMDL Mdl) {
  delete Mdl;
}
void MmBuildMdlForNonPagedPool(PMDL MemoryDescriptorList) {
  MemoryDescriptorList->MdlFlags |= MDL_SOURCE_IS_NONPAGED_POOL;
}

NDIS_STATUS NdisAllocateSharedMemory(NDIS_HANDLE NdisHandle,
                                     PNDIS_SHARED_MEMORY_PARAMETERS SharedMemoryParameters,
                                     PNDIS_HANDLE pAllocationHandle) {
  (void)NdisHandle;
  PNDIS_SHARED_MEMORY_PARAMETERS p = SharedMemoryParameters;
  if (p->SGListBuffer != nullptr) {
    vmqkit::ndis_host::Unsupported("NdisAllocateSharedMemory", "a scatter-gather list buffer");
  }
  const std::size_t size = (std::size_t{p->Length} + 63) / 64 * 64;
  void* memory = std::aligned_alloc(64, size == 0 ? 64 : size);
  if (memory == nullptr) return NDIS_STATUS_RESOURCES;
  std::memset(memory, 0, size);
  p->VirtualAddress = memory;
  *pAllocationHandle = memory;
  return NDIS_STATUS_SUCCESS;
}
void NdisFreeSharedMemory(NDIS_HANDLE NdisHandle, NDIS_HANDLE AllocationHandle) {
  (void)NdisHandle;
  std::free(AllocationHandle);
}
void NdisMAllocateSharedMemory(NDIS_HANDLE MiniportAdapterHandle, ULONG Length, BOOLEAN Cached,
                               PVOID* VirtualAddress, PNDIS_PHYSICAL_ADDRESS PhysicalAddress) {
  (void)MiniportAdapterHandle;
  (void)Cached;
  const std::size_t size = (std::size_t{Length} + 63) / 64 * 64;
  void* memory = std::aligned_alloc(64, size == 0 ? 64 : size);
  if (memory != nullptr) std::memset(memory, 0, size);
  *VirtualAddress = memory;
  PhysicalAddress->QuadPart = static_cast<LONGLONG>(reinterpret_cast<ULONG_PTR>(memory));
}
void NdisMFreeSharedMemory(NDIS_HANDLE MiniportAdapterHandle, ULONG Length, BOOLEAN Cached,
                           PVOID VirtualAddress, NDIS_PHYSICAL_ADDRESS PhysicalAddress) {
  (void)MiniportAdapterHandle;
  (void)Length;
  (void)Cached;
  (void)PhysicalAddress;
  std::free(VirtualAddress);
}
ULONG NdisGetSharedDataAlignment(void) {
  return 64;
}

}  // extern "C"
