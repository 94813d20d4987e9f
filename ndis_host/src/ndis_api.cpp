// NdisXxx routines of the driver model: registration, attributes, indications and completions
// (docs/ndis-host.md, "Driver model").
#include <cstring>
#include <string>
#include <vector>

#include <ndis.h>
#include <vmqkit_ndis.h>

#include "ndis_host/adapter.h"
#include "ndis_host/host.h"

using vmqkit::ndis_host::Adapter;
using vmqkit::ndis_host::Host;
using vmqkit::ndis_host::ReportFinding;

namespace {

Adapter& AdapterFor(NDIS_HANDLE handle, const char* routine) {
  Adapter* adapter = Host::Get().AdapterOf(handle);
  if (adapter == nullptr) {
    ReportFinding("ndis.bad-handle", std::string(routine) + " with no adapter");
  }
  return *adapter;
}

}  // namespace

extern "C" {

NDIS_STATUS NdisMRegisterMiniportDriver(
    PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath, NDIS_HANDLE MiniportDriverContext,
    PNDIS_MINIPORT_DRIVER_CHARACTERISTICS MiniportDriverCharacteristics,
    PNDIS_HANDLE NdisMiniportDriverHandle) {
  (void)DriverObject;
  (void)RegistryPath;
  const NDIS_MINIPORT_DRIVER_CHARACTERISTICS& c = *MiniportDriverCharacteristics;
  if (c.Header.Type != NDIS_OBJECT_TYPE_MINIPORT_DRIVER_CHARACTERISTICS ||
      c.Header.Size < NDIS_SIZEOF_MINIPORT_DRIVER_CHARACTERISTICS_REVISION_1) {
    return NDIS_STATUS_BAD_CHARACTERISTICS;
  }
  if (c.MajorNdisVersion != 6) return NDIS_STATUS_BAD_VERSION;
  Host::Get().Register(c, MiniportDriverContext);
  *NdisMiniportDriverHandle = &Host::Get();
  if (c.SetOptionsHandler != nullptr) {
    const NDIS_STATUS status = c.SetOptionsHandler(&Host::Get(), MiniportDriverContext);
    if (status != NDIS_STATUS_SUCCESS) return status;
  }
  return NDIS_STATUS_SUCCESS;
}

void NdisMDeregisterMiniportDriver(NDIS_HANDLE NdisMiniportDriverHandle) {
  (void)NdisMiniportDriverHandle;
}

NDIS_STATUS NdisSetOptionalHandlers(NDIS_HANDLE NdisHandle, PNDIS_OBJECT_HEADER OptionalHandlers) {
  (void)NdisHandle;
  vmqkit::ndis_host::Unsupported(
      "NdisSetOptionalHandlers",
      "optional handlers of object type " + std::to_string(OptionalHandlers->Type));
}

NDIS_STATUS NdisMSetMiniportAttributes(NDIS_HANDLE NdisMiniportHandle,
                                       PNDIS_MINIPORT_ADAPTER_ATTRIBUTES MiniportAttributes) {
  return AdapterFor(NdisMiniportHandle, "NdisMSetMiniportAttributes")
      .SetAttributes(*MiniportAttributes);
}

void NdisMIndicateReceiveNetBufferLists(NDIS_HANDLE MiniportAdapterHandle,
                                        PNET_BUFFER_LIST NetBufferLists,
                                        NDIS_PORT_NUMBER PortNumber, ULONG NumberOfNetBufferLists,
                                        ULONG ReceiveFlags) {
  (void)PortNumber;
  AdapterFor(MiniportAdapterHandle, "NdisMIndicateReceiveNetBufferLists")
      .IndicateReceive(NetBufferLists, NumberOfNetBufferLists, ReceiveFlags);
}

void NdisMSendNetBufferListsComplete(NDIS_HANDLE MiniportAdapterHandle,
                                     PNET_BUFFER_LIST NetBufferLists, ULONG SendCompleteFlags) {
  (void)SendCompleteFlags;
  AdapterFor(MiniportAdapterHandle, "NdisMSendNetBufferListsComplete").SendComplete(NetBufferLists);
}

void NdisMIndicateStatusEx(NDIS_HANDLE MiniportAdapterHandle,
                           PNDIS_STATUS_INDICATION StatusIndication) {
  AdapterFor(MiniportAdapterHandle, "NdisMIndicateStatusEx").IndicateStatus(*StatusIndication);
}

void NdisMOidRequestComplete(NDIS_HANDLE MiniportAdapterHandle, PNDIS_OID_REQUEST OidRequest,
                             NDIS_STATUS Status) {
  AdapterFor(MiniportAdapterHandle, "NdisMOidRequestComplete")
      .OidRequestComplete(OidRequest, Status);
}

void NdisMPauseComplete(NDIS_HANDLE MiniportAdapterHandle) {
  AdapterFor(MiniportAdapterHandle, "NdisMPauseComplete").PauseComplete();
}

void NdisMRestartComplete(NDIS_HANDLE MiniportAdapterHandle, NDIS_STATUS Status) {
  AdapterFor(MiniportAdapterHandle, "NdisMRestartComplete").RestartComplete(Status);
}

void NdisMResetComplete(NDIS_HANDLE MiniportAdapterHandle, NDIS_STATUS Status,
                        BOOLEAN AddressingReset) {
  (void)MiniportAdapterHandle;
  (void)Status;
  (void)AddressingReset;
}

void NdisMGetDeviceProperty(NDIS_HANDLE MiniportAdapterHandle, PDEVICE_OBJECT* PhysicalDeviceObject,
                            PDEVICE_OBJECT* FunctionalDeviceObject,
                            PDEVICE_OBJECT* NextDeviceObject, PVOID AllocatedResources,
                            PVOID AllocatedResourcesTranslated) {
  // A miniport on this host has no device objects and no hardware resources.
  (void)MiniportAdapterHandle;
  (void)AllocatedResources;
  (void)AllocatedResourcesTranslated;
  if (PhysicalDeviceObject != nullptr) *PhysicalDeviceObject = nullptr;
  if (FunctionalDeviceObject != nullptr) *FunctionalDeviceObject = nullptr;
  if (NextDeviceObject != nullptr) *NextDeviceObject = nullptr;
}

UINT NdisGetVersion(void) {
  Adapter* adapter = Host::Get().AdapterOf(nullptr);
  if (adapter == nullptr) return 0x00060000u | Host::Get().ndis_minor();
  return (UINT{adapter->platform().ndis_major} << 16) | adapter->platform().ndis_minor;
}

ULONG VmqkitNdisHardwareFeatures(NDIS_HANDLE MiniportAdapterHandle) {
  return AdapterFor(MiniportAdapterHandle, "VmqkitNdisHardwareFeatures")
      .platform()
      .hardware_features;
}

NDIS_STATUS NdisGetRssProcessorInformation(NDIS_HANDLE NdisHandle,
                                           PNDIS_RSS_PROCESSOR_INFO RssProcessorInfo,
                                           PSIZE_T Size) {
  const auto& groups = AdapterFor(NdisHandle, "NdisGetRssProcessorInformation").groups();
  std::vector<PROCESSOR_NUMBER> processors;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    for (unsigned n = 0; n < 64; ++n) {
      if ((groups[g] >> n) & 1u) {
        processors.push_back(PROCESSOR_NUMBER{static_cast<USHORT>(g), static_cast<UCHAR>(n), 0});
      }
    }
  }
  const SIZE_T needed =
      sizeof(NDIS_RSS_PROCESSOR_INFO) + processors.size() * sizeof(NDIS_RSS_PROCESSOR);
  if (*Size < needed || RssProcessorInfo == nullptr) {
    *Size = needed;
    return NDIS_STATUS_BUFFER_TOO_SHORT;
  }
  *Size = needed;
  std::memset(RssProcessorInfo, 0, needed);
  const bool v630 = Host::Get().ndis_minor() >= 30;
  RssProcessorInfo->Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
  RssProcessorInfo->Header.Revision =
      v630 ? NDIS_RSS_PROCESSOR_INFO_REVISION_2 : NDIS_RSS_PROCESSOR_INFO_REVISION_1;
  RssProcessorInfo->Header.Size = static_cast<USHORT>(
      v630 ? NDIS_SIZEOF_RSS_PROCESSOR_INFO_REVISION_2 : NDIS_SIZEOF_RSS_PROCESSOR_INFO_REVISION_1);
  if (!processors.empty()) {
    RssProcessorInfo->RssBaseProcessor = processors.front();
    RssProcessorInfo->RssMaxProcessor = processors.back();
  }
  RssProcessorInfo->MaxNumRssProcessors = static_cast<ULONG>(processors.size());
  RssProcessorInfo->RssProcessorArrayOffset = sizeof(NDIS_RSS_PROCESSOR_INFO);
  RssProcessorInfo->RssProcessorCount = static_cast<ULONG>(processors.size());
  RssProcessorInfo->RssProcessorEntrySize = sizeof(NDIS_RSS_PROCESSOR);
  auto* entries = reinterpret_cast<NDIS_RSS_PROCESSOR*>(reinterpret_cast<PUCHAR>(RssProcessorInfo) +
                                                        sizeof(NDIS_RSS_PROCESSOR_INFO));
  for (std::size_t i = 0; i < processors.size(); ++i) {
    entries[i].ProcNum = processors[i];
    entries[i].PreferenceIndex = static_cast<USHORT>(i);
  }
  return NDIS_STATUS_SUCCESS;
}

}  // extern "C"
