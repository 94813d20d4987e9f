/*
 * NET_BUFFER_LIST, NET_BUFFER, their pools and accessors, MDL helpers and shared memory (part of
 * ndis.h; vmqkit NDIS host, clean-room). Members keep their documented names so the documented
 * accessor macros work; the NDIS-private members exist with their documented sizes.
 */
#ifndef VMQKIT_NDIS_HOST_BUFFERS_H_
#define VMQKIT_NDIS_HOST_BUFFERS_H_

typedef MDL NDIS_MDL, *PNDIS_MDL;
typedef struct _NET_BUFFER NET_BUFFER, *PNET_BUFFER;
typedef struct _NET_BUFFER_LIST NET_BUFFER_LIST, *PNET_BUFFER_LIST;
typedef struct _NET_BUFFER_LIST_CONTEXT NET_BUFFER_LIST_CONTEXT, *PNET_BUFFER_LIST_CONTEXT;

typedef struct _NET_BUFFER_SHARED_MEMORY {
  struct _NET_BUFFER_SHARED_MEMORY* NextSharedMemorySegment;
  ULONG SharedMemoryFlags;
  NDIS_HANDLE SharedMemoryHandle;
  ULONG SharedMemoryOffset;
  ULONG SharedMemoryLength;
} NET_BUFFER_SHARED_MEMORY, *PNET_BUFFER_SHARED_MEMORY;

struct _NET_BUFFER {
  union {
    struct {
      PNET_BUFFER Next;
      PMDL CurrentMdl;
      ULONG CurrentMdlOffset;
      union {
        ULONG DataLength;
        SIZE_T stDataLength;
      };
      PMDL MdlChain;
      ULONG DataOffset;
    };
    SLIST_HEADER Link;
  };
  USHORT ChecksumBias;
  USHORT Reserved;
  NDIS_HANDLE NdisPoolHandle;
  DECLSPEC_ALIGN(16) PVOID NdisReserved[2];
  DECLSPEC_ALIGN(16) PVOID ProtocolReserved[6];
  DECLSPEC_ALIGN(16) PVOID MiniportReserved[4];
  NDIS_PHYSICAL_ADDRESS DataPhysicalAddress;
  union {
    PNET_BUFFER_SHARED_MEMORY SharedMemoryInfo;
    PSCATTER_GATHER_LIST ScatterGatherList;
  };
};

struct _NET_BUFFER_LIST_CONTEXT {
  PNET_BUFFER_LIST_CONTEXT Next;
  USHORT Size;
  USHORT Offset;
  DECLSPEC_ALIGN(16) UCHAR ContextData[];
};

typedef enum _NDIS_NET_BUFFER_LIST_INFO {
  TcpIpChecksumNetBufferListInfo,
  TcpOffloadBytesTransferred = TcpIpChecksumNetBufferListInfo,
  IPsecOffloadV1NetBufferListInfo,
  TcpLargeSendNetBufferListInfo,
  TcpReceiveNoPush = TcpLargeSendNetBufferListInfo,
  ClassificationHandleNetBufferListInfo,
  Ieee8021QNetBufferListInfo,
  NetBufferListCancelId,
  MediaSpecificInformation,
  NetBufferListFrameType,
  NetBufferListProtocolId = NetBufferListFrameType,
  NetBufferListHashValue,
  NetBufferListHashInfo,
  WfpNetBufferListInfo,
  IPsecOffloadV2NetBufferListInfo,
  IPsecOffloadV2TunnelNetBufferListInfo,
  IPsecOffloadV2HeaderNetBufferListInfo,
  NetBufferListCorrelationId,
  NetBufferListFilteringInfo,
  MediaSpecificInformationEx,
  NblOriginalInterfaceIfIndex,
  NblReAuthWfpFlowContext = NblOriginalInterfaceIfIndex,
  TcpReceiveBytesTransferred,
  SwitchForwardingReserved,
  SwitchForwardingDetail,
  VirtualSubnetInfo,
  IMReserved,
  TcpRecvSegCoalesceInfo,
  UdpSegmentationOffloadInfo,
  UdpRecvSegCoalesceInfo,
  MaxNetBufferListInfo
} NDIS_NET_BUFFER_LIST_INFO, *PNDIS_NET_BUFFER_LIST_INFO;

struct _NET_BUFFER_LIST {
  union {
    struct {
      PNET_BUFFER_LIST Next;
      PNET_BUFFER FirstNetBuffer;
    };
    SLIST_HEADER Link;
  };
  PNET_BUFFER_LIST_CONTEXT Context;
  PNET_BUFFER_LIST ParentNetBufferList;
  NDIS_HANDLE NdisPoolHandle;
  DECLSPEC_ALIGN(16) PVOID NdisReserved[2];
  DECLSPEC_ALIGN(16) PVOID ProtocolReserved[4];
  DECLSPEC_ALIGN(16) PVOID MiniportReserved[2];
  PVOID Scratch;
  NDIS_HANDLE SourceHandle;
  ULONG NblFlags;
  LONG ChildRefCount;
  ULONG Flags;
  union {
    NDIS_STATUS Status;
    ULONG NdisReserved2;
  };
  PVOID NetBufferListInfo[MaxNetBufferListInfo];
};

/* 802.1Q out-of-band information (Ieee8021QNetBufferListInfo). */
typedef struct _NDIS_NET_BUFFER_LIST_8021Q_INFO {
  union {
    struct {
      UINT32 UserPriority : 3;
      UINT32 CanonicalFormatId : 1;
      UINT32 VlanId : 12;
      UINT32 Reserved : 16;
    } TagHeader;
    struct {
      UINT32 UserPriority : 3;
      UINT32 CanonicalFormatId : 1;
      UINT32 VlanId : 12;
      UINT32 WMMInfo : 4;
      UINT32 Reserved : 12;
    } WLanTagHeader;
    PVOID Value;
  };
} NDIS_NET_BUFFER_LIST_8021Q_INFO, *PNDIS_NET_BUFFER_LIST_8021Q_INFO;

/* Receive filtering information (NetBufferListFilteringInfo). */
typedef struct _NDIS_NET_BUFFER_LIST_FILTERING_INFO {
  union {
    struct {
      USHORT FilterId;
      union {
        USHORT QueueId;
        USHORT VPortId;
      } QueueVPortInfo;
    } FilteringInfo;
    PVOID Value;
  };
} NDIS_NET_BUFFER_LIST_FILTERING_INFO, *PNDIS_NET_BUFFER_LIST_FILTERING_INFO;

#define NET_BUFFER_NEXT_NB(_NB) ((_NB)->Next)
#define NET_BUFFER_FIRST_MDL(_NB) ((_NB)->MdlChain)
#define NET_BUFFER_DATA_LENGTH(_NB) ((_NB)->DataLength)
#define NET_BUFFER_DATA_OFFSET(_NB) ((_NB)->DataOffset)
#define NET_BUFFER_CURRENT_MDL(_NB) ((_NB)->CurrentMdl)
#define NET_BUFFER_CURRENT_MDL_OFFSET(_NB) ((_NB)->CurrentMdlOffset)
#define NET_BUFFER_PROTOCOL_RESERVED(_NB) ((_NB)->ProtocolReserved)
#define NET_BUFFER_MINIPORT_RESERVED(_NB) ((_NB)->MiniportReserved)
#define NET_BUFFER_CHECKSUM_BIAS(_NB) ((_NB)->ChecksumBias)
#define NET_BUFFER_FIRST_SHARED_MEM_INFO(_NB) ((_NB)->SharedMemoryInfo)
#define NET_BUFFER_SHARED_MEM_NEXT_SEGMENT(_SHI) ((_SHI)->NextSharedMemorySegment)
#define NET_BUFFER_SHARED_MEM_FLAGS(_SHI) ((_SHI)->SharedMemoryFlags)
#define NET_BUFFER_SHARED_MEM_HANDLE(_SHI) ((_SHI)->SharedMemoryHandle)
#define NET_BUFFER_SHARED_MEM_OFFSET(_SHI) ((_SHI)->SharedMemoryOffset)
#define NET_BUFFER_SHARED_MEM_LENGTH(_SHI) ((_SHI)->SharedMemoryLength)
#define NET_BUFFER_LIST_NEXT_NBL(_NBL) ((_NBL)->Next)
#define NET_BUFFER_LIST_FIRST_NB(_NBL) ((_NBL)->FirstNetBuffer)
#define NET_BUFFER_LIST_FLAGS(_NBL) ((_NBL)->Flags)
#define NET_BUFFER_LIST_NBL_FLAGS(_NBL) ((_NBL)->NblFlags)
#define NET_BUFFER_LIST_PROTOCOL_RESERVED(_NBL) ((_NBL)->ProtocolReserved)
#define NET_BUFFER_LIST_MINIPORT_RESERVED(_NBL) ((_NBL)->MiniportReserved)
#define NET_BUFFER_LIST_CONTEXT_DATA_START(_NBL) \
  ((PVOID)(((_NBL)->Context)->ContextData + ((_NBL)->Context)->Offset))
#define NET_BUFFER_LIST_CONTEXT_DATA_SIZE(_NBL) (((_NBL)->Context)->Size)
#define NET_BUFFER_LIST_INFO(_NBL, _Id) ((_NBL)->NetBufferListInfo[(_Id)])
#define NET_BUFFER_LIST_STATUS(_NBL) ((_NBL)->Status)
#define NDIS_GET_NET_BUFFER_LIST_CANCEL_ID(_NBL) (NET_BUFFER_LIST_INFO(_NBL, NetBufferListCancelId))
#define NDIS_SET_NET_BUFFER_LIST_CANCEL_ID(_NBL, _CancelId) \
  (NET_BUFFER_LIST_INFO(_NBL, NetBufferListCancelId) = (_CancelId))
#define NET_BUFFER_LIST_RECEIVE_FILTER_ID(_NBL)                                          \
  (((PNDIS_NET_BUFFER_LIST_FILTERING_INFO)&NET_BUFFER_LIST_INFO(_NBL, NetBufferListFilteringInfo)) \
       ->FilteringInfo.FilterId)
#define NET_BUFFER_LIST_RECEIVE_QUEUE_ID(_NBL)                                           \
  (((PNDIS_NET_BUFFER_LIST_FILTERING_INFO)&NET_BUFFER_LIST_INFO(_NBL, NetBufferListFilteringInfo)) \
       ->FilteringInfo.QueueVPortInfo.QueueId)
#define NET_BUFFER_LIST_RECEIVE_FILTER_VPORT_ID(_NBL)                                    \
  (((PNDIS_NET_BUFFER_LIST_FILTERING_INFO)&NET_BUFFER_LIST_INFO(_NBL, NetBufferListFilteringInfo)) \
       ->FilteringInfo.QueueVPortInfo.VPortId)
#define NDIS_MDL_LINKAGE(_Mdl) ((_Mdl)->Next)
#define NDIS_MDL_TO_PHYSICAL_ADDRESS_LINKAGE(_Mdl) ((_Mdl)->Next)
#define NDIS_STATUS_TO_NTSTATUS(x) ((NTSTATUS)(x))

/* Receive, send and return flags */
#define NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL 0x00000001
#define NDIS_RECEIVE_FLAGS_RESOURCES 0x00000002
#define NDIS_RECEIVE_FLAGS_SINGLE_ETHER_TYPE 0x00000100
#define NDIS_RECEIVE_FLAGS_SINGLE_VLAN 0x00000200
#define NDIS_RECEIVE_FLAGS_PERFECT_FILTERED 0x00000400
#define NDIS_RECEIVE_FLAGS_SINGLE_QUEUE 0x00000800
#define NDIS_RECEIVE_FLAGS_SHARED_MEMORY_INFO_VALID 0x00001000
#define NDIS_RECEIVE_FLAGS_MORE_NBLS 0x00002000
#define NDIS_RECEIVE_FLAGS_SWITCH_SINGLE_SOURCE 0x00004000
#define NDIS_RECEIVE_FLAGS_SWITCH_DESTINATION_GROUP 0x00008000
#define NDIS_RETURN_FLAGS_DISPATCH_LEVEL 0x00000001
#define NDIS_RETURN_FLAGS_SINGLE_QUEUE 0x00000002
#define NDIS_SEND_FLAGS_DISPATCH_LEVEL 0x00000001
#define NDIS_SEND_FLAGS_CHECK_FOR_LOOPBACK 0x00000002
#define NDIS_SEND_FLAGS_SINGLE_QUEUE 0x00000004
#define NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL 0x00000001
#define NDIS_SEND_COMPLETE_FLAGS_SINGLE_QUEUE 0x00000004

/* Pools */
#define NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1 1
#define NET_BUFFER_POOL_PARAMETERS_REVISION_1 1
typedef struct _NET_BUFFER_LIST_POOL_PARAMETERS {
  NDIS_OBJECT_HEADER Header;
  UCHAR ProtocolId;
  BOOLEAN fAllocateNetBuffer;
  USHORT ContextSize;
  ULONG PoolTag;
  ULONG DataSize;
  ULONG Flags;
} NET_BUFFER_LIST_POOL_PARAMETERS, *PNET_BUFFER_LIST_POOL_PARAMETERS;
#define NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1 \
  RTL_SIZEOF_THROUGH_FIELD(NET_BUFFER_LIST_POOL_PARAMETERS, DataSize)
#define NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_2 \
  RTL_SIZEOF_THROUGH_FIELD(NET_BUFFER_LIST_POOL_PARAMETERS, Flags)
typedef struct _NET_BUFFER_POOL_PARAMETERS {
  NDIS_OBJECT_HEADER Header;
  ULONG PoolTag;
  ULONG DataSize;
} NET_BUFFER_POOL_PARAMETERS, *PNET_BUFFER_POOL_PARAMETERS;
#define NDIS_SIZEOF_NET_BUFFER_POOL_PARAMETERS_REVISION_1 \
  RTL_SIZEOF_THROUGH_FIELD(NET_BUFFER_POOL_PARAMETERS, DataSize)
#define NDIS_PROTOCOL_ID_DEFAULT 0x00
#define NDIS_PROTOCOL_ID_TCP_IP 0x02
#define NDIS_PROTOCOL_ID_IP6 0x03
#define NDIS_PROTOCOL_ID_IPX 0x06
#define NDIS_PROTOCOL_ID_NBF 0x07
#define NDIS_PROTOCOL_ID_MAX 0x0F
#define NDIS_PROTOCOL_ID_MASK 0x0F

NDIS_HANDLE NdisAllocateNetBufferListPool(NDIS_HANDLE NdisHandle,
                                          PNET_BUFFER_LIST_POOL_PARAMETERS Parameters);
void NdisFreeNetBufferListPool(NDIS_HANDLE PoolHandle);
NDIS_HANDLE NdisAllocateNetBufferPool(NDIS_HANDLE NdisHandle, PNET_BUFFER_POOL_PARAMETERS Parameters);
void NdisFreeNetBufferPool(NDIS_HANDLE PoolHandle);
PNET_BUFFER_LIST NdisAllocateNetBufferList(NDIS_HANDLE PoolHandle, USHORT ContextSize,
                                           USHORT ContextBackFill);
PNET_BUFFER_LIST NdisAllocateNetBufferAndNetBufferList(NDIS_HANDLE PoolHandle, USHORT ContextSize,
                                                       USHORT ContextBackFill, PMDL MdlChain,
                                                       ULONG DataOffset, SIZE_T DataLength);
void NdisFreeNetBufferList(PNET_BUFFER_LIST NetBufferList);
PNET_BUFFER NdisAllocateNetBuffer(NDIS_HANDLE PoolHandle, PMDL MdlChain, ULONG DataOffset,
                                  SIZE_T DataLength);
void NdisFreeNetBuffer(PNET_BUFFER NetBuffer);
PVOID NdisGetDataBuffer(PNET_BUFFER NetBuffer, ULONG BytesNeeded, PVOID Storage,
                        UINT AlignMultiple, UINT AlignOffset);
void NdisAdvanceNetBufferDataStart(PNET_BUFFER NetBuffer, ULONG DataOffsetDelta, BOOLEAN FreeMdl,
                                   void* FreeMdlHandler);
PMDL NdisAllocateMdl(NDIS_HANDLE NdisHandle, PVOID VirtualAddress, UINT Length);
void NdisFreeMdl(PMDL Mdl);
#define NdisAdjustMdlLength(_Mdl, _Length) ((_Mdl)->ByteCount = (_Length))
#define NdisQueryMdl(_Mdl, _VirtualAddress, _Length, _Priority)                       \
  do {                                                                                \
    if (ARGUMENT_PRESENT(_VirtualAddress)) {                                          \
      *(PVOID*)(_VirtualAddress) = MmGetSystemAddressForMdlSafe(_Mdl, _Priority);     \
    }                                                                                 \
    *(_Length) = MmGetMdlByteCount(_Mdl);                                             \
  } while (0)
#define NdisQueryMdlOffset(_Mdl, _Offset, _Length) \
  do {                                             \
    *(_Offset) = MmGetMdlByteOffset(_Mdl);         \
    *(_Length) = MmGetMdlByteCount(_Mdl);          \
  } while (0)
#define NdisGetNextMdl(_CurrentMdl, _NextMdl) (*(_NextMdl) = (_CurrentMdl)->Next)
#define ARGUMENT_PRESENT(p) ((p) != NULL)

/* Shared memory (NDIS 6.20): "physical" addresses are virtual addresses on this host. */
typedef enum _NDIS_SHARED_MEMORY_USAGE {
  NdisSharedMemoryUsageUndefined,
  NdisSharedMemoryUsageXmit,
  NdisSharedMemoryUsageXmitHeader,
  NdisSharedMemoryUsageXmitData,
  NdisSharedMemoryUsageReceive,
  NdisSharedMemoryUsageReceiveLookahead,
  NdisSharedMemoryUsageReceivePostLookahead,
  NdisSharedMemoryUsageReceiveHeader,
  NdisSharedMemoryUsageReceiveData,
  NdisSharedMemoryUsageOther,
  NdisSharedMemoryUsageMax
} NDIS_SHARED_MEMORY_USAGE, *PNDIS_SHARED_MEMORY_USAGE;
#define NDIS_SHARED_MEMORY_PARAMETERS_REVISION_1 1
#define NDIS_SHARED_MEM_PARAMETERS_CONTIGOUS 0x00000001
#define NDIS_SHARED_MEM_PARAMETERS_CONTIGUOUS 0x00000001
typedef struct _NDIS_SHARED_MEMORY_PARAMETERS {
  NDIS_OBJECT_HEADER Header;
  ULONG Flags;
  NDIS_RECEIVE_QUEUE_ID QueueId;
  NDIS_HANDLE SharedMemoryHandle;
  NODE_REQUIREMENT PreferredNode;
  NDIS_SHARED_MEMORY_USAGE Usage;
  ULONG Length;
  PVOID VirtualAddress;
  ULONG SGListBufferLength;
  PSCATTER_GATHER_LIST SGListBuffer;
} NDIS_SHARED_MEMORY_PARAMETERS, *PNDIS_SHARED_MEMORY_PARAMETERS;
#define NDIS_SIZEOF_SHARED_MEMORY_PARAMETERS_REVISION_1 \
  RTL_SIZEOF_THROUGH_FIELD(NDIS_SHARED_MEMORY_PARAMETERS, SGListBuffer)
NDIS_STATUS NdisAllocateSharedMemory(NDIS_HANDLE NdisHandle,
                                     PNDIS_SHARED_MEMORY_PARAMETERS SharedMemoryParameters,
                                     PNDIS_HANDLE pAllocationHandle);
void NdisFreeSharedMemory(NDIS_HANDLE NdisHandle, NDIS_HANDLE AllocationHandle);
void NdisMAllocateSharedMemory(NDIS_HANDLE MiniportAdapterHandle, ULONG Length, BOOLEAN Cached,
                               PVOID* VirtualAddress, PNDIS_PHYSICAL_ADDRESS PhysicalAddress);
void NdisMFreeSharedMemory(NDIS_HANDLE MiniportAdapterHandle, ULONG Length, BOOLEAN Cached,
                           PVOID VirtualAddress, NDIS_PHYSICAL_ADDRESS PhysicalAddress);
#define NdisGetPhysicalAddressHigh(_PhysicalAddress) ((_PhysicalAddress).HighPart)
#define NdisGetPhysicalAddressLow(_PhysicalAddress) ((_PhysicalAddress).LowPart)
#define NdisSetPhysicalAddressHigh(_PhysicalAddress, _Value) ((_PhysicalAddress).HighPart) = (_Value)
#define NdisSetPhysicalAddressLow(_PhysicalAddress, _Value) ((_PhysicalAddress).LowPart) = (_Value)
ULONG NdisGetSharedDataAlignment(void);

#endif /* VMQKIT_NDIS_HOST_BUFFERS_H_ */
