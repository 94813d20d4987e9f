/*
 * The miniport driver model (part of ndis.h; vmqkit NDIS host, clean-room): the MiniportXxx
 * handler types, NDIS_MINIPORT_DRIVER_CHARACTERISTICS, adapter attributes, OID requests, status
 * indications, configuration, memory, locks, timers, work items and processors, with the NdisXxx
 * routines the host implements (ndis_host/src).
 */
#ifndef VMQKIT_NDIS_HOST_MINIPORT_H_
#define VMQKIT_NDIS_HOST_MINIPORT_H_

/* ---- OID requests ---- */
typedef enum _NDIS_REQUEST_TYPE {
  NdisRequestQueryInformation,
  NdisRequestSetInformation,
  NdisRequestQueryStatistics,
  NdisRequestOpen,
  NdisRequestClose,
  NdisRequestSend,
  NdisRequestTransferData,
  NdisRequestReset,
  NdisRequestGeneric1,
  NdisRequestGeneric2,
  NdisRequestGeneric3,
  NdisRequestGeneric4,
  NdisRequestMethod,
} NDIS_REQUEST_TYPE, *PNDIS_REQUEST_TYPE;

#define NDIS_OID_REQUEST_REVISION_1 1
#define NDIS_OID_REQUEST_REVISION_2 2
#define NDIS_OID_REQUEST_FLAGS_VPORT_ID_VALID 0x0001
typedef struct _NDIS_OID_REQUEST {
  NDIS_OBJECT_HEADER Header;
  NDIS_REQUEST_TYPE RequestType;
  NDIS_PORT_NUMBER PortNumber;
  UINT Timeout;
  PVOID RequestId;
  NDIS_HANDLE RequestHandle;
  union _REQUEST_DATA {
    struct _QUERY {
      NDIS_OID Oid;
      PVOID InformationBuffer;
      UINT InformationBufferLength;
      UINT BytesWritten;
      UINT BytesNeeded;
    } QUERY_INFORMATION;
    struct _SET {
      NDIS_OID Oid;
      PVOID InformationBuffer;
      UINT InformationBufferLength;
      UINT BytesRead;
      UINT BytesNeeded;
    } SET_INFORMATION;
    struct _METHOD {
      NDIS_OID Oid;
      PVOID InformationBuffer;
      ULONG InputBufferLength;
      ULONG OutputBufferLength;
      ULONG MethodId;
      UINT BytesWritten;
      UINT BytesRead;
      UINT BytesNeeded;
    } METHOD_INFORMATION;
  } DATA;
  UCHAR NdisReserved[16 * sizeof(PVOID)];
  UCHAR MiniportReserved[2 * sizeof(PVOID)];
  UCHAR SourceReserved[2 * sizeof(PVOID)];
  UCHAR SupportedRevision;
  UCHAR Reserved1;
  USHORT Reserved2;
  /* revision 2 (NDIS 6.50) */
  NDIS_NIC_SWITCH_ID SwitchId;
  NDIS_NIC_SWITCH_VPORT_ID VPortId;
  ULONG Flags;
} NDIS_OID_REQUEST, *PNDIS_OID_REQUEST;
#define NDIS_SIZEOF_OID_REQUEST_REVISION_1 RTL_SIZEOF_THROUGH_FIELD(NDIS_OID_REQUEST, Reserved2)
#define NDIS_SIZEOF_OID_REQUEST_REVISION_2 RTL_SIZEOF_THROUGH_FIELD(NDIS_OID_REQUEST, Flags)

/* ---- Status indications ---- */
#define NDIS_STATUS_INDICATION_REVISION_1 1
typedef struct _NDIS_STATUS_INDICATION {
  NDIS_OBJECT_HEADER Header;
  NDIS_HANDLE SourceHandle;
  NDIS_PORT_NUMBER PortNumber;
  NDIS_STATUS StatusCode;
  ULONG Flags;
  NDIS_HANDLE DestinationHandle;
  PVOID RequestId;
  PVOID StatusBuffer;
  ULONG StatusBufferSize;
  GUID Guid;
  PVOID NdisReserved[4];
} NDIS_STATUS_INDICATION, *PNDIS_STATUS_INDICATION;
#define NDIS_SIZEOF_STATUS_INDICATION_REVISION_1 \
  RTL_SIZEOF_THROUGH_FIELD(NDIS_STATUS_INDICATION, NdisReserved)

typedef struct _NDIS_LINK_STATE {
  NDIS_OBJECT_HEADER Header;
  NDIS_MEDIA_CONNECT_STATE MediaConnectState;
  NDIS_MEDIA_DUPLEX_STATE MediaDuplexState;
  ULONG64 XmitLinkSpeed;
  ULONG64 RcvLinkSpeed;
  NDIS_SUPPORTED_PAUSE_FUNCTIONS PauseFunctions;
  ULONG AutoNegotiationFlags;
} NDIS_LINK_STATE, *PNDIS_LINK_STATE;
#define NDIS_LINK_STATE_REVISION_1 1
#define NDIS_SIZEOF_LINK_STATE_REVISION_1 RTL_SIZEOF_THROUGH_FIELD(NDIS_LINK_STATE, AutoNegotiationFlags)

/* ---- Miniport handlers ---- */
typedef struct _NDIS_MINIPORT_INIT_PARAMETERS NDIS_MINIPORT_INIT_PARAMETERS,
    *PNDIS_MINIPORT_INIT_PARAMETERS;
typedef struct _NDIS_MINIPORT_PAUSE_PARAMETERS {
  NDIS_OBJECT_HEADER Header;
  ULONG Flags;
  ULONG PauseReason;
} NDIS_MINIPORT_PAUSE_PARAMETERS, *PNDIS_MINIPORT_PAUSE_PARAMETERS;
typedef struct _NDIS_MINIPORT_RESTART_PARAMETERS {
  NDIS_OBJECT_HEADER Header;
  PVOID FilterModuleNameList;
  PVOID RestartAttributes;
  NET_IFINDEX BoundIfIndex;
  NET_LUID BoundIfNetluid;
  ULONG Flags;
} NDIS_MINIPORT_RESTART_PARAMETERS, *PNDIS_MINIPORT_RESTART_PARAMETERS;
#define NDIS_PAUSE_NDIS_INTERNAL 0x00000001
#define NDIS_PAUSE_LOW_POWER 0x00000002
#define NDIS_PAUSE_BIND_PROTOCOL 0x00000004
#define NDIS_PAUSE_UNBIND_PROTOCOL 0x00000008
#define NDIS_PAUSE_ATTACH_FILTER 0x00000010
#define NDIS_PAUSE_DETACH_FILTER 0x00000020
#define NDIS_PAUSE_FILTER_RESTART_STACK 0x00000040
#define NDIS_PAUSE_MINIPORT_DEVICE_REMOVE 0x00000080

typedef enum _NDIS_HALT_ACTION {
  NdisHaltDeviceDisabled,
  NdisHaltDeviceInstanceDeInstalled,
  NdisHaltDevicePoweredDown,
  NdisHaltDeviceSurpriseRemoved,
  NdisHaltDeviceFailed,
  NdisHaltDeviceInitializationFailed,
  NdisHaltDeviceStopped
} NDIS_HALT_ACTION, *PNDIS_HALT_ACTION;
typedef enum _NDIS_SHUTDOWN_ACTION {
  NdisShutdownPowerOff,
  NdisShutdownBugCheck
} NDIS_SHUTDOWN_ACTION, *PNDIS_SHUTDOWN_ACTION;
typedef enum _NDIS_DEVICE_PNP_EVENT {
  NdisDevicePnPEventQueryRemoved,
  NdisDevicePnPEventRemoved,
  NdisDevicePnPEventSurpriseRemoved,
  NdisDevicePnPEventQueryStopped,
  NdisDevicePnPEventStopped,
  NdisDevicePnPEventPowerProfileChanged,
  NdisDevicePnPEventFilterListChanged,
  NdisDevicePnPEventMaximum
} NDIS_DEVICE_PNP_EVENT, *PNDIS_DEVICE_PNP_EVENT;
#define NdisPowerProfileBattery 0
#define NdisPowerProfileAcOnLine 1
typedef struct _NET_DEVICE_PNP_EVENT {
  NDIS_OBJECT_HEADER Header;
  NDIS_PORT_NUMBER PortNumber;
  NDIS_DEVICE_PNP_EVENT DevicePnPEvent;
  PVOID InformationBuffer;
  ULONG InformationBufferLength;
  UCHAR NdisReserved[2 * sizeof(PVOID)];
} NET_DEVICE_PNP_EVENT, *PNET_DEVICE_PNP_EVENT;

typedef NDIS_STATUS(MINIPORT_SET_OPTIONS)(NDIS_HANDLE NdisDriverHandle, NDIS_HANDLE DriverContext);
typedef MINIPORT_SET_OPTIONS SET_OPTIONS;
typedef MINIPORT_SET_OPTIONS(*SET_OPTIONS_HANDLER);
typedef MINIPORT_SET_OPTIONS(*MINIPORT_SET_OPTIONS_HANDLER);
typedef NDIS_STATUS(MINIPORT_INITIALIZE)(NDIS_HANDLE NdisMiniportHandle,
                                         NDIS_HANDLE MiniportDriverContext,
                                         PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters);
typedef MINIPORT_INITIALIZE(*MINIPORT_INITIALIZE_HANDLER);
typedef void(MINIPORT_HALT)(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction);
typedef MINIPORT_HALT(*MINIPORT_HALT_HANDLER);
typedef void(MINIPORT_UNLOAD)(PDRIVER_OBJECT DriverObject);
typedef MINIPORT_UNLOAD(*MINIPORT_DRIVER_UNLOAD);
typedef NDIS_STATUS(MINIPORT_PAUSE)(NDIS_HANDLE MiniportAdapterContext,
                                    PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters);
typedef MINIPORT_PAUSE(*MINIPORT_PAUSE_HANDLER);
typedef NDIS_STATUS(MINIPORT_RESTART)(NDIS_HANDLE MiniportAdapterContext,
                                      PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters);
typedef MINIPORT_RESTART(*MINIPORT_RESTART_HANDLER);
typedef NDIS_STATUS(MINIPORT_OID_REQUEST)(NDIS_HANDLE MiniportAdapterContext,
                                          PNDIS_OID_REQUEST OidRequest);
typedef MINIPORT_OID_REQUEST(*MINIPORT_OID_REQUEST_HANDLER);
typedef void(MINIPORT_SEND_NET_BUFFER_LISTS)(NDIS_HANDLE MiniportAdapterContext,
                                             PNET_BUFFER_LIST NetBufferList,
                                             NDIS_PORT_NUMBER PortNumber, ULONG SendFlags);
typedef MINIPORT_SEND_NET_BUFFER_LISTS(*MINIPORT_SEND_NET_BUFFER_LISTS_HANDLER);
typedef void(MINIPORT_RETURN_NET_BUFFER_LISTS)(NDIS_HANDLE MiniportAdapterContext,
                                               PNET_BUFFER_LIST NetBufferLists, ULONG ReturnFlags);
typedef MINIPORT_RETURN_NET_BUFFER_LISTS(*MINIPORT_RETURN_NET_BUFFER_LISTS_HANDLER);
typedef void(MINIPORT_CANCEL_SEND)(NDIS_HANDLE MiniportAdapterContext, PVOID CancelId);
typedef MINIPORT_CANCEL_SEND(*MINIPORT_CANCEL_SEND_HANDLER);
typedef BOOLEAN(MINIPORT_CHECK_FOR_HANG)(NDIS_HANDLE MiniportAdapterContext);
typedef MINIPORT_CHECK_FOR_HANG(*MINIPORT_CHECK_FOR_HANG_HANDLER);
typedef NDIS_STATUS(MINIPORT_RESET)(NDIS_HANDLE MiniportAdapterContext, PBOOLEAN AddressingReset);
typedef MINIPORT_RESET(*MINIPORT_RESET_HANDLER);
typedef void(MINIPORT_DEVICE_PNP_EVENT_NOTIFY)(NDIS_HANDLE MiniportAdapterContext,
                                               PNET_DEVICE_PNP_EVENT NetDevicePnPEvent);
typedef MINIPORT_DEVICE_PNP_EVENT_NOTIFY(*MINIPORT_DEVICE_PNP_EVENT_NOTIFY_HANDLER);
typedef void(MINIPORT_SHUTDOWN)(NDIS_HANDLE MiniportAdapterContext,
                                NDIS_SHUTDOWN_ACTION ShutdownAction);
typedef MINIPORT_SHUTDOWN(*MINIPORT_SHUTDOWN_HANDLER);
typedef void(MINIPORT_CANCEL_OID_REQUEST)(NDIS_HANDLE MiniportAdapterContext, PVOID RequestId);
typedef MINIPORT_CANCEL_OID_REQUEST(*MINIPORT_CANCEL_OID_REQUEST_HANDLER);
typedef NDIS_STATUS(MINIPORT_DIRECT_OID_REQUEST)(NDIS_HANDLE MiniportAdapterContext,
                                                 PNDIS_OID_REQUEST OidRequest);
typedef MINIPORT_DIRECT_OID_REQUEST(*MINIPORT_DIRECT_OID_REQUEST_HANDLER);
typedef void(MINIPORT_CANCEL_DIRECT_OID_REQUEST)(NDIS_HANDLE MiniportAdapterContext,
                                                 PVOID RequestId);
typedef MINIPORT_CANCEL_DIRECT_OID_REQUEST(*MINIPORT_CANCEL_DIRECT_OID_REQUEST_HANDLER);
typedef NDIS_STATUS(MINIPORT_SYNCHRONOUS_OID_REQUEST)(NDIS_HANDLE MiniportAdapterContext,
                                                      PNDIS_OID_REQUEST OidRequest);
typedef MINIPORT_SYNCHRONOUS_OID_REQUEST(*MINIPORT_SYNCHRONOUS_OID_REQUEST_HANDLER);

#define NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1 1
#define NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2 2
#define NDIS_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_3 3
#define NDIS_WDM_DRIVER 0x00000001
#define NDIS_INTERMEDIATE_DRIVER 0x00000002
typedef struct _NDIS_MINIPORT_DRIVER_CHARACTERISTICS {
  NDIS_OBJECT_HEADER Header;
  UCHAR MajorNdisVersion;
  UCHAR MinorNdisVersion;
  UCHAR MajorDriverVersion;
  UCHAR MinorDriverVersion;
  ULONG Flags;
  SET_OPTIONS_HANDLER SetOptionsHandler;
  MINIPORT_INITIALIZE_HANDLER InitializeHandlerEx;
  MINIPORT_HALT_HANDLER HaltHandlerEx;
  MINIPORT_DRIVER_UNLOAD UnloadHandler;
  MINIPORT_PAUSE_HANDLER PauseHandler;
  MINIPORT_RESTART_HANDLER RestartHandler;
  MINIPORT_OID_REQUEST_HANDLER OidRequestHandler;
  MINIPORT_SEND_NET_BUFFER_LISTS_HANDLER SendNetBufferListsHandler;
  MINIPORT_RETURN_NET_BUFFER_LISTS_HANDLER ReturnNetBufferListsHandler;
  MINIPORT_CANCEL_SEND_HANDLER CancelSendHandler;
  MINIPORT_CHECK_FOR_HANG_HANDLER CheckForHangHandlerEx;
  MINIPORT_RESET_HANDLER ResetHandlerEx;
  MINIPORT_DEVICE_PNP_EVENT_NOTIFY_HANDLER DevicePnPEventNotifyHandler;
  MINIPORT_SHUTDOWN_HANDLER ShutdownHandlerEx;
  MINIPORT_CANCEL_OID_REQUEST_HANDLER CancelOidRequestHandler;
  /* revision 2 (NDIS 6.20) */
  MINIPORT_DIRECT_OID_REQUEST_HANDLER DirectOidRequestHandler;
  MINIPORT_CANCEL_DIRECT_OID_REQUEST_HANDLER CancelDirectOidRequestHandler;
  /* revision 3 (NDIS 6.80) */
  MINIPORT_SYNCHRONOUS_OID_REQUEST_HANDLER SynchronousOidRequestHandler;
} NDIS_MINIPORT_DRIVER_CHARACTERISTICS, *PNDIS_MINIPORT_DRIVER_CHARACTERISTICS;
#define NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1 \
  RTL_SIZEOF_THROUGH_FIELD(NDIS_MINIPORT_DRIVER_CHARACTERISTICS, CancelOidRequestHandler)
#define NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_2 \
  RTL_SIZEOF_THROUGH_FIELD(NDIS_MINIPORT_DRIVER_CHARACTERISTICS, CancelDirectOidRequestHandler)
#define NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_3 \
  RTL_SIZEOF_THROUGH_FIELD(NDIS_MINIPORT_DRIVER_CHARACTERISTICS, SynchronousOidRequestHandler)

NDIS_STATUS NdisMRegisterMiniportDriver(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath,
                                        NDIS_HANDLE MiniportDriverContext,
                                        PNDIS_MINIPORT_DRIVER_CHARACTERISTICS MiniportDriverCharacteristics,
                                        PNDIS_HANDLE NdisMiniportDriverHandle);
void NdisMDeregisterMiniportDriver(NDIS_HANDLE NdisMiniportDriverHandle);
NDIS_STATUS NdisSetOptionalHandlers(NDIS_HANDLE NdisHandle, PNDIS_OBJECT_HEADER OptionalHandlers);

/* ---- Initialization parameters and adapter attributes ---- */
typedef struct _CM_PARTIAL_RESOURCE_LIST NDIS_RESOURCE_LIST, *PNDIS_RESOURCE_LIST;
#define NDIS_MINIPORT_INIT_PARAMETERS_REVISION_1 1
struct _NDIS_MINIPORT_INIT_PARAMETERS {
  NDIS_OBJECT_HEADER Header;
  ULONG Flags;
  PNDIS_RESOURCE_LIST AllocatedResources;
  NDIS_HANDLE IMDeviceInstanceContext;
  NDIS_HANDLE MiniportAddDeviceContext;
  NET_IFINDEX IfIndex;
  NET_LUID NetLuid;
  PVOID DefaultPortAuthStates;
  PVOID PciDeviceCustomProperties;
};

#define NDIS_MINIPORT_ATTRIBUTES_HARDWARE_DEVICE 0x00000001
#define NDIS_MINIPORT_ATTRIBUTES_NDIS_WDM 0x00000002
#define NDIS_MINIPORT_ATTRIBUTES_SURPRISE_REMOVE_OK 0x00000004
#define NDIS_MINIPORT_ATTRIBUTES_NOT_CO_NDIS 0x00000008
#define NDIS_MINIPORT_ATTRIBUTES_DO_NOT_BIND_TO_ALL_CO 0x00000010
#define NDIS_MINIPORT_ATTRIBUTES_NO_HALT_ON_SUSPEND 0x00000020
#define NDIS_MINIPORT_ATTRIBUTES_BUS_MASTER 0x00000040
#define NDIS_MINIPORT_ATTRIBUTES_CONTROLS_DEFAULT_PORT 0x00000080
#define NDIS_MINIPORT_ATTRIBUTES_NO_PAUSE_ON_SUSPEND 0x00000100
#define NDIS_MINIPORT_ATTRIBUTES_NO_OID_INTERCEPT_ON_NONDEFAULT_PORTS 0x00000200
#define NDIS_MINIPORT_ATTRIBUTES_REGISTER_BUGCHECK_CALLBACK 0x00000400

#define NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1 1
#define NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_2 2
typedef struct _NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES {
  NDIS_OBJECT_HEADER Header;
  NDIS_HANDLE MiniportAdapterContext;
  ULONG AttributeFlags;
  UINT CheckForHangTimeInSeconds;
  NDIS_INTERFACE_TYPE InterfaceType;
} NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES, *PNDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
#define NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1 \
  RTL_SIZEOF_THROUGH_FIELD(NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES, InterfaceType)
#define NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_2 \
  RTL_SIZEOF_THROUGH_FIELD(NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES, InterfaceType)

typedef struct _NDIS_PNP_CAPABILITIES NDIS_PNP_CAPABILITIES, *PNDIS_PNP_CAPABILITIES;
typedef struct _NDIS_PM_CAPABILITIES NDIS_PM_CAPABILITIES, *PNDIS_PM_CAPABILITIES;
/* [DDI] ntddndis/ns-ntddndis-_ndis_receive_scale_capabilities: "the receive side scaling (RSS)
 * capabilities of a miniport adapter"; Header.Type NDIS_OBJECT_TYPE_RSS_CAPABILITIES. A miniport
 * reports it through NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES.RecvScaleCapabilities. */
typedef ULONG NDIS_RSS_CAPS_FLAGS;
typedef struct _NDIS_RECEIVE_SCALE_CAPABILITIES {
  NDIS_OBJECT_HEADER Header;
  NDIS_RSS_CAPS_FLAGS CapabilitiesFlags;
  ULONG NumberOfInterruptMessages;
  ULONG NumberOfReceiveQueues;
  USHORT NumberOfIndirectionTableEntries;
} NDIS_RECEIVE_SCALE_CAPABILITIES, *PNDIS_RECEIVE_SCALE_CAPABILITIES;
#define NDIS_RECEIVE_SCALE_CAPABILITIES_REVISION_1 1
#define NDIS_RECEIVE_SCALE_CAPABILITIES_REVISION_2 2
#define NDIS_RECEIVE_SCALE_CAPABILITIES_REVISION_3 3
#define NDIS_SIZEOF_RECEIVE_SCALE_CAPABILITIES_REVISION_1 \
  RTL_SIZEOF_THROUGH_FIELD(NDIS_RECEIVE_SCALE_CAPABILITIES, NumberOfReceiveQueues)
#define NDIS_SIZEOF_RECEIVE_SCALE_CAPABILITIES_REVISION_2 \
  RTL_SIZEOF_THROUGH_FIELD(NDIS_RECEIVE_SCALE_CAPABILITIES, NumberOfIndirectionTableEntries)
#define NDIS_SIZEOF_RECEIVE_SCALE_CAPABILITIES_REVISION_3 \
  RTL_SIZEOF_THROUGH_FIELD(NDIS_RECEIVE_SCALE_CAPABILITIES, NumberOfIndirectionTableEntries)
#define NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_1 1
#define NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2 2
typedef struct _NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES {
  NDIS_OBJECT_HEADER Header;
  ULONG Flags;
  NDIS_MEDIUM MediaType;
  NDIS_PHYSICAL_MEDIUM PhysicalMediumType;
  ULONG MtuSize;
  ULONG64 MaxXmitLinkSpeed;
  ULONG64 XmitLinkSpeed;
  ULONG64 MaxRcvLinkSpeed;
  ULONG64 RcvLinkSpeed;
  NDIS_MEDIA_CONNECT_STATE MediaConnectState;
  NDIS_MEDIA_DUPLEX_STATE MediaDuplexState;
  ULONG LookaheadSize;
  PNDIS_PNP_CAPABILITIES PowerManagementCapabilities;
  ULONG MacOptions;
  ULONG SupportedPacketFilters;
  ULONG MaxMulticastListSize;
  USHORT MacAddressLength;
  UCHAR PermanentMacAddress[NDIS_MAX_PHYS_ADDRESS_LENGTH];
  UCHAR CurrentMacAddress[NDIS_MAX_PHYS_ADDRESS_LENGTH];
  PNDIS_RECEIVE_SCALE_CAPABILITIES RecvScaleCapabilities;
  NET_IF_ACCESS_TYPE AccessType;
  NET_IF_DIRECTION_TYPE DirectionType;
  NET_IF_CONNECTION_TYPE ConnectionType;
  NET_IFTYPE IfType;
  BOOLEAN IfConnectorPresent;
  ULONG SupportedStatistics;
  ULONG SupportedPauseFunctions;
  ULONG DataBackFillSize;
  ULONG ContextBackFillSize;
  PNDIS_OID SupportedOidList;
  ULONG SupportedOidListLength;
  ULONG AutoNegotiationFlags;
  /* revision 2 (NDIS 6.20) */
  PNDIS_PM_CAPABILITIES PowerManagementCapabilitiesEx;
} NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, *PNDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;
#define NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_1 \
  RTL_SIZEOF_THROUGH_FIELD(NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, AutoNegotiationFlags)
#define NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2 \
  RTL_SIZEOF_THROUGH_FIELD(NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES, PowerManagementCapabilitiesEx)

typedef struct _NDIS_HD_SPLIT_CAPABILITIES NDIS_HD_SPLIT_CAPABILITIES, *PNDIS_HD_SPLIT_CAPABILITIES;
typedef struct _NDIS_NIC_SWITCH_CAPABILITIES NDIS_NIC_SWITCH_CAPABILITIES,
    *PNDIS_NIC_SWITCH_CAPABILITIES;
/* [DDI] ntddndis/ns-ntddndis-_ndis_sriov_capabilities: "the single root I/O virtualization
 * (SR-IOV) capabilities of the network adapter" (NDIS 6.30), reported through the hardware assist
 * attributes' HardwareSriovCapabilities / CurrentSriovCapabilities. */
typedef struct _NDIS_SRIOV_CAPABILITIES {
  NDIS_OBJECT_HEADER Header;
  ULONG Flags; /* reserved for NDIS */
  ULONG SriovCapabilities;
} NDIS_SRIOV_CAPABILITIES, *PNDIS_SRIOV_CAPABILITIES;
#define NDIS_SRIOV_CAPABILITIES_REVISION_1 1
#define NDIS_SIZEOF_SRIOV_CAPABILITIES_REVISION_1 \
  RTL_SIZEOF_THROUGH_FIELD(NDIS_SRIOV_CAPABILITIES, SriovCapabilities)
typedef struct _NDIS_QOS_CAPABILITIES NDIS_QOS_CAPABILITIES, *PNDIS_QOS_CAPABILITIES;
#define NDIS_MINIPORT_ADAPTER_HARDWARE_ASSIST_ATTRIBUTES_REVISION_1 1
#define NDIS_MINIPORT_ADAPTER_HARDWARE_ASSIST_ATTRIBUTES_REVISION_2 2
#define NDIS_MINIPORT_ADAPTER_HARDWARE_ASSIST_ATTRIBUTES_REVISION_3 3
#define NDIS_MINIPORT_ADAPTER_HARDWARE_ASSIST_ATTRIBUTES_REVISION_4 4
typedef struct _NDIS_MINIPORT_ADAPTER_HARDWARE_ASSIST_ATTRIBUTES {
  NDIS_OBJECT_HEADER Header;
  ULONG Flags;
  PNDIS_HD_SPLIT_CAPABILITIES HDSplitCapabilities;
  PNDIS_RECEIVE_FILTER_CAPABILITIES HardwareReceiveFilterCapabilities;
  PNDIS_RECEIVE_FILTER_CAPABILITIES CurrentReceiveFilterCapabilities;
  PNDIS_NIC_SWITCH_CAPABILITIES HardwareNicSwitchCapabilities;
  PNDIS_NIC_SWITCH_CAPABILITIES CurrentNicSwitchCapabilities;
  /* revision 2 (NDIS 6.30) */
  PNDIS_SRIOV_CAPABILITIES HardwareSriovCapabilities;
  PNDIS_SRIOV_CAPABILITIES CurrentSriovCapabilities;
  /* revision 3 (NDIS 6.30) */
  PNDIS_QOS_CAPABILITIES HardwareQosCapabilities;
  PNDIS_QOS_CAPABILITIES CurrentQosCapabilities;
  /* revision 4 (NDIS 6.80) */
  PVOID HardwareGftOffloadCapabilities;
  PVOID CurrentGftOffloadCapabilities;
} NDIS_MINIPORT_ADAPTER_HARDWARE_ASSIST_ATTRIBUTES,
    *PNDIS_MINIPORT_ADAPTER_HARDWARE_ASSIST_ATTRIBUTES;
#define NDIS_SIZEOF_MINIPORT_ADAPTER_HARDWARE_ASSIST_ATTRIBUTES_REVISION_1 \
  RTL_SIZEOF_THROUGH_FIELD(NDIS_MINIPORT_ADAPTER_HARDWARE_ASSIST_ATTRIBUTES, CurrentNicSwitchCapabilities)
#define NDIS_SIZEOF_MINIPORT_ADAPTER_HARDWARE_ASSIST_ATTRIBUTES_REVISION_2 \
  RTL_SIZEOF_THROUGH_FIELD(NDIS_MINIPORT_ADAPTER_HARDWARE_ASSIST_ATTRIBUTES, CurrentSriovCapabilities)
#define NDIS_SIZEOF_MINIPORT_ADAPTER_HARDWARE_ASSIST_ATTRIBUTES_REVISION_3 \
  RTL_SIZEOF_THROUGH_FIELD(NDIS_MINIPORT_ADAPTER_HARDWARE_ASSIST_ATTRIBUTES, CurrentQosCapabilities)
#define NDIS_SIZEOF_MINIPORT_ADAPTER_HARDWARE_ASSIST_ATTRIBUTES_REVISION_4 \
  RTL_SIZEOF_THROUGH_FIELD(NDIS_MINIPORT_ADAPTER_HARDWARE_ASSIST_ATTRIBUTES, CurrentGftOffloadCapabilities)

typedef union _NDIS_MINIPORT_ADAPTER_ATTRIBUTES {
  NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES RegistrationAttributes;
  NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES GeneralAttributes;
  NDIS_MINIPORT_ADAPTER_HARDWARE_ASSIST_ATTRIBUTES HardwareAssistAttributes;
} NDIS_MINIPORT_ADAPTER_ATTRIBUTES, *PNDIS_MINIPORT_ADAPTER_ATTRIBUTES;
NDIS_STATUS NdisMSetMiniportAttributes(NDIS_HANDLE NdisMiniportHandle,
                                       PNDIS_MINIPORT_ADAPTER_ATTRIBUTES MiniportAttributes);

/* ---- Indications and completions ---- */
void NdisMIndicateReceiveNetBufferLists(NDIS_HANDLE MiniportAdapterHandle,
                                        PNET_BUFFER_LIST NetBufferLists,
                                        NDIS_PORT_NUMBER PortNumber, ULONG NumberOfNetBufferLists,
                                        ULONG ReceiveFlags);
void NdisMSendNetBufferListsComplete(NDIS_HANDLE MiniportAdapterHandle,
                                     PNET_BUFFER_LIST NetBufferLists, ULONG SendCompleteFlags);
void NdisMIndicateStatusEx(NDIS_HANDLE MiniportAdapterHandle,
                           PNDIS_STATUS_INDICATION StatusIndication);
void NdisMOidRequestComplete(NDIS_HANDLE MiniportAdapterHandle, PNDIS_OID_REQUEST OidRequest,
                             NDIS_STATUS Status);
void NdisMPauseComplete(NDIS_HANDLE MiniportAdapterHandle);
void NdisMRestartComplete(NDIS_HANDLE MiniportAdapterHandle, NDIS_STATUS Status);
void NdisMResetComplete(NDIS_HANDLE MiniportAdapterHandle, NDIS_STATUS Status,
                        BOOLEAN AddressingReset);

/* ---- Configuration ---- */
#define NDIS_CONFIGURATION_OBJECT_REVISION_1 1
#define NDIS_CONFIG_FLAG_FILTER_INSTANCE_CONFIGURATION 0x00000001
typedef struct _NDIS_CONFIGURATION_OBJECT {
  NDIS_OBJECT_HEADER Header;
  NDIS_HANDLE NdisHandle;
  ULONG Flags;
} NDIS_CONFIGURATION_OBJECT, *PNDIS_CONFIGURATION_OBJECT;
#define NDIS_SIZEOF_CONFIGURATION_OBJECT_REVISION_1 \
  RTL_SIZEOF_THROUGH_FIELD(NDIS_CONFIGURATION_OBJECT, Flags)
typedef enum _NDIS_PARAMETER_TYPE {
  NdisParameterInteger,
  NdisParameterHexInteger,
  NdisParameterString,
  NdisParameterMultiString,
  NdisParameterBinary
} NDIS_PARAMETER_TYPE, *PNDIS_PARAMETER_TYPE;
typedef struct {
  USHORT Length;
  PVOID Buffer;
} BINARY_DATA;
typedef struct _NDIS_CONFIGURATION_PARAMETER {
  NDIS_PARAMETER_TYPE ParameterType;
  union {
    ULONG IntegerData;
    NDIS_STRING StringData;
    BINARY_DATA BinaryData;
  } ParameterData;
} NDIS_CONFIGURATION_PARAMETER, *PNDIS_CONFIGURATION_PARAMETER;
NDIS_STATUS NdisOpenConfigurationEx(PNDIS_CONFIGURATION_OBJECT ConfigObject,
                                    PNDIS_HANDLE ConfigurationHandle);
void NdisReadConfiguration(PNDIS_STATUS Status, PNDIS_CONFIGURATION_PARAMETER* ParameterValue,
                           NDIS_HANDLE ConfigurationHandle, PNDIS_STRING Keyword,
                           NDIS_PARAMETER_TYPE ParameterType);
void NdisWriteConfiguration(PNDIS_STATUS Status, NDIS_HANDLE ConfigurationHandle,
                            PNDIS_STRING Keyword, PNDIS_CONFIGURATION_PARAMETER ParameterValue);
void NdisReadNetworkAddress(PNDIS_STATUS Status, PVOID* NetworkAddress,
                            PUINT NetworkAddressLength, NDIS_HANDLE ConfigurationHandle);
void NdisCloseConfiguration(NDIS_HANDLE ConfigurationHandle);

/* ---- Memory ---- */
#define NDIS_MEMORY_CONTIGUOUS 0x00000001
#define NDIS_MEMORY_NONCACHED 0x00000002
PVOID NdisAllocateMemoryWithTagPriority(NDIS_HANDLE NdisHandle, UINT Length, ULONG Tag,
                                        EX_POOL_PRIORITY Priority);
NDIS_STATUS NdisAllocateMemoryWithTag(PVOID* VirtualAddress, UINT Length, ULONG Tag);
void NdisFreeMemory(PVOID VirtualAddress, UINT Length, UINT MemoryFlags);
void NdisFreeMemoryWithTagPriority(NDIS_HANDLE NdisHandle, PVOID VirtualAddress, ULONG Tag);
#define NdisZeroMemory(Destination, Length) memset((Destination), 0, (Length))
#define NdisFillMemory(Destination, Length, Fill) memset((Destination), (Fill), (Length))
#define NdisMoveMemory(Destination, Source, Length) memmove((Destination), (Source), (Length))
#define NdisEqualMemory(Source1, Source2, Length) (!memcmp((Source1), (Source2), (Length)))
#define NdisRetrieveUlong(Destination, Source) memcpy((Destination), (Source), sizeof(ULONG))
#define NdisStoreUlong(Destination, Value) \
  do {                                     \
    ULONG vmqkit_value_ = (Value);         \
    memcpy((Destination), &vmqkit_value_, sizeof(ULONG)); \
  } while (0)

typedef struct _NPAGED_LOOKASIDE_LIST {
  SIZE_T Size;
  ULONG Tag;
  ULONG Flags;
  PALLOCATE_FUNCTION Allocate; /* NULL: the host's pool */
  PFREE_FUNCTION Free;
  ULONG Allocated;
  ULONG Reserved[3];
} NPAGED_LOOKASIDE_LIST, *PNPAGED_LOOKASIDE_LIST;
void NdisInitializeNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside,
                                       PALLOCATE_FUNCTION Allocate, PFREE_FUNCTION Free,
                                       ULONG Flags, SIZE_T Size, ULONG Tag, USHORT Depth);
void NdisDeleteNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside);
PVOID NdisAllocateFromNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside);
void NdisFreeToNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside, PVOID Entry);

/* ---- Locks ---- */
typedef struct _NDIS_SPIN_LOCK {
  KSPIN_LOCK SpinLock;
  KIRQL OldIrql;
} NDIS_SPIN_LOCK, *PNDIS_SPIN_LOCK;
void NdisAllocateSpinLock(PNDIS_SPIN_LOCK SpinLock);
void NdisFreeSpinLock(PNDIS_SPIN_LOCK SpinLock);
void NdisAcquireSpinLock(PNDIS_SPIN_LOCK SpinLock);
void NdisReleaseSpinLock(PNDIS_SPIN_LOCK SpinLock);
void NdisDprAcquireSpinLock(PNDIS_SPIN_LOCK SpinLock);
void NdisDprReleaseSpinLock(PNDIS_SPIN_LOCK SpinLock);
#define NDIS_CURRENT_IRQL() KeGetCurrentIrql()
#define NDIS_RAISE_IRQL_TO_DISPATCH(_pIrql) KeRaiseIrql(DISPATCH_LEVEL, (_pIrql))
#define NDIS_LOWER_IRQL(_OldIrql, _CurIrql) KeLowerIrql(_OldIrql)
#define NdisInitializeListHead(_ListHead) InitializeListHead(_ListHead)
PLIST_ENTRY NdisInterlockedInsertHeadList(PLIST_ENTRY ListHead, PLIST_ENTRY ListEntry,
                                          PNDIS_SPIN_LOCK SpinLock);
PLIST_ENTRY NdisInterlockedInsertTailList(PLIST_ENTRY ListHead, PLIST_ENTRY ListEntry,
                                          PNDIS_SPIN_LOCK SpinLock);
PLIST_ENTRY NdisInterlockedRemoveHeadList(PLIST_ENTRY ListHead, PNDIS_SPIN_LOCK SpinLock);
#define NdisInterlockedIncrement(Addend) InterlockedIncrement(Addend)
#define NdisInterlockedDecrement(Addend) InterlockedDecrement(Addend)
#define NdisInterlockedAddUlong(Addend, Increment, SpinLock) \
  ((void)(SpinLock), (void)InterlockedExchangeAdd((LONG volatile*)(Addend), (LONG)(Increment)))

typedef struct _NDIS_RW_LOCK_EX NDIS_RW_LOCK_EX, *PNDIS_RW_LOCK_EX;
typedef struct _LOCK_STATE_EX {
  KIRQL OldIrql;
  UCHAR LockState;
  UCHAR Flags;
} LOCK_STATE_EX, *PLOCK_STATE_EX;
#define NDIS_RWL_AT_DISPATCH_LEVEL 0x00000001
PNDIS_RW_LOCK_EX NdisAllocateRWLock(NDIS_HANDLE NdisHandle);
void NdisFreeRWLock(PNDIS_RW_LOCK_EX Lock);
void NdisAcquireRWLockRead(PNDIS_RW_LOCK_EX Lock, PLOCK_STATE_EX LockState, UCHAR Flags);
void NdisAcquireRWLockWrite(PNDIS_RW_LOCK_EX Lock, PLOCK_STATE_EX LockState, UCHAR Flags);
void NdisReleaseRWLock(PNDIS_RW_LOCK_EX Lock, PLOCK_STATE_EX LockState);

/* ---- Timers, work items, sleeping ---- */
typedef void(NDIS_TIMER_FUNCTION)(PVOID SystemSpecific1, PVOID FunctionContext,
                                  PVOID SystemSpecific2, PVOID SystemSpecific3);
typedef NDIS_TIMER_FUNCTION(*PNDIS_TIMER_FUNCTION);
#define NDIS_TIMER_CHARACTERISTICS_REVISION_1 1
typedef struct _NDIS_TIMER_CHARACTERISTICS {
  NDIS_OBJECT_HEADER Header;
  ULONG AllocationTag;
  PNDIS_TIMER_FUNCTION TimerFunction;
  PVOID FunctionContext;
} NDIS_TIMER_CHARACTERISTICS, *PNDIS_TIMER_CHARACTERISTICS;
#define NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1 \
  RTL_SIZEOF_THROUGH_FIELD(NDIS_TIMER_CHARACTERISTICS, FunctionContext)
NDIS_STATUS NdisAllocateTimerObject(NDIS_HANDLE NdisHandle,
                                    PNDIS_TIMER_CHARACTERISTICS TimerCharacteristics,
                                    PNDIS_HANDLE pTimerObject);
BOOLEAN NdisSetTimerObject(NDIS_HANDLE TimerObject, LARGE_INTEGER DueTime, LONG MillisecondsPeriod,
                           PVOID FunctionContext);
BOOLEAN NdisCancelTimerObject(NDIS_HANDLE TimerObject);
void NdisFreeTimerObject(NDIS_HANDLE TimerObject);

typedef void(NDIS_IO_WORKITEM_FUNCTION)(PVOID WorkItemContext, NDIS_HANDLE NdisIoWorkItemHandle);
typedef NDIS_IO_WORKITEM_FUNCTION(*NDIS_IO_WORKITEM_ROUTINE);
NDIS_HANDLE NdisAllocateIoWorkItem(NDIS_HANDLE NdisObjectHandle);
void NdisQueueIoWorkItem(NDIS_HANDLE NdisIoWorkItemHandle, NDIS_IO_WORKITEM_ROUTINE Routine,
                         PVOID WorkItemContext);
void NdisFreeIoWorkItem(NDIS_HANDLE NdisIoWorkItemHandle);
void NdisMSleep(ULONG MicrosecondsToSleep);
void NdisStallExecution(ULONG MicrosecondsToStall);
void NdisGetCurrentSystemTime(PLARGE_INTEGER pSystemTime);

/* ---- Processors and RSS ---- */
#define NDIS_RSS_PROCESSOR_INFO_REVISION_1 1
#define NDIS_RSS_PROCESSOR_INFO_REVISION_2 2
typedef struct _NDIS_RSS_PROCESSOR {
  PROCESSOR_NUMBER ProcNum;
  USHORT PreferenceIndex;
  USHORT Reserved;
} NDIS_RSS_PROCESSOR, *PNDIS_RSS_PROCESSOR;
typedef struct _NDIS_RSS_PROCESSOR_INFO {
  NDIS_OBJECT_HEADER Header;
  ULONG Flags;
  PROCESSOR_NUMBER RssBaseProcessor;
  ULONG MaxNumRssProcessors;
  USHORT PreferredNumaNode;
  ULONG RssProcessorArrayOffset;
  ULONG RssProcessorCount;
  ULONG RssProcessorEntrySize;
  /* revision 2 (NDIS 6.30) */
  PROCESSOR_NUMBER RssMaxProcessor;
  ULONG RssProfile;
} NDIS_RSS_PROCESSOR_INFO, *PNDIS_RSS_PROCESSOR_INFO;
#define NDIS_SIZEOF_RSS_PROCESSOR_INFO_REVISION_1 \
  RTL_SIZEOF_THROUGH_FIELD(NDIS_RSS_PROCESSOR_INFO, RssProcessorEntrySize)
#define NDIS_SIZEOF_RSS_PROCESSOR_INFO_REVISION_2 \
  RTL_SIZEOF_THROUGH_FIELD(NDIS_RSS_PROCESSOR_INFO, RssProfile)
NDIS_STATUS NdisGetRssProcessorInformation(NDIS_HANDLE NdisHandle,
                                           PNDIS_RSS_PROCESSOR_INFO RssProcessorInfo,
                                           PSIZE_T Size);
ULONG NdisGroupMaxProcessorCount(USHORT Group);
ULONG NdisGroupActiveProcessorCount(USHORT Group);
USHORT NdisActiveGroupCount(void);
ULONG NdisSystemProcessorCount(void);
ULONG NdisCurrentGroupAndProcessor(void);

/* The NDIS version of the running system: major << 16 | minor (the platform's, on this host). */
UINT NdisGetVersion(void);

/* ---- Debug ---- */
#define NdisWriteErrorLogEntry(...) ((void)0)
#define NDIS_ERROR_CODE_ADAPTER_NOT_FOUND 0xC0001385
#define NDIS_ERROR_CODE_HARDWARE_FAILURE 0xC000138A
#define NDIS_ERROR_CODE_OUT_OF_RESOURCES 0xC0001389

#endif /* VMQKIT_NDIS_HOST_MINIPORT_H_ */
