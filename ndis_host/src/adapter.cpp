// The adapter: the suite's calls become the miniport's handlers, the miniport's NDIS calls become
// the suite's callbacks (docs/ndis-host.md, "Driver model").
#include "ndis_host/adapter.h"

#include <ndis.h>
#include <vmqkit_ndis.h>

#include <algorithm>
#include <cstddef>
#include <cstring>

#include "ndis_host/host.h"

namespace vmqkit::ndis_host {

struct Adapter::PendingOid {
  NDIS_OID_REQUEST request{};
  std::vector<std::uint8_t> buffer;
  std::uint64_t request_id = 0;
};

namespace {

const NDIS_MINIPORT_DRIVER_CHARACTERISTICS& Handlers() {
  return Host::Get().characteristics();
}

std::vector<std::uint8_t> CopyCapabilities(const NDIS_RECEIVE_FILTER_CAPABILITIES* caps) {
  if (caps == nullptr) return {};
  // Byte for byte as the miniport filled them: Header.Size bytes, bounded by the structure.
  const std::size_t size = std::min<std::size_t>(caps->Header.Size, sizeof *caps);
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(caps);
  return {bytes, bytes + size};
}

std::uint32_t WriteCapabilities(const std::vector<std::uint8_t>& caps, std::uint8_t* out,
                                std::uint32_t length, std::uint32_t* written) {
  *written = 0;
  if (caps.size() > length) return static_cast<std::uint32_t>(NDIS_STATUS_BUFFER_TOO_SHORT);
  if (!caps.empty()) std::memcpy(out, caps.data(), caps.size());
  *written = static_cast<std::uint32_t>(caps.size());
  return 0;
}

// Copies the data of one NET_BUFFER (DataLength bytes from CurrentMdl + CurrentMdlOffset).
std::vector<std::uint8_t> FrameOf(const NET_BUFFER& nb) {
  std::vector<std::uint8_t> out;
  out.reserve(nb.DataLength);
  std::size_t offset = nb.CurrentMdlOffset;
  for (const MDL* mdl = nb.CurrentMdl; mdl != nullptr && out.size() < nb.DataLength;
       mdl = mdl->Next) {
    const auto* base = static_cast<const std::uint8_t*>(mdl->MappedSystemVa);
    if (offset >= mdl->ByteCount) {
      offset -= mdl->ByteCount;
      continue;
    }
    const std::size_t take =
        std::min<std::size_t>(mdl->ByteCount - offset, nb.DataLength - out.size());
    out.insert(out.end(), base + offset, base + offset + take);
    offset = 0;
  }
  if (out.size() < nb.DataLength) {
    ReportFinding("ndis.net-buffer-mdl-chain", "a NET_BUFFER's DataLength (" +
                                                   std::to_string(nb.DataLength) +
                                                   ") runs past the end of its MDL chain");
  }
  return out;
}

}  // namespace

Adapter::Adapter(const vmqkit_platform& platform, const vmqkit_host_callbacks& callbacks,
                 void* host)
    : platform_(platform),
      groups_(platform.processor_group_masks,
              platform.processor_group_masks + platform.processor_group_count),
      callbacks_(callbacks),
      host_(host) {
  platform_.processor_group_masks = nullptr;
}

Adapter::~Adapter() = default;

void Adapter::Drain() {
  if (Host::Get().scheduler().Drain() >= Scheduler::kDrainLimit) {
    ReportFinding("dut.hang",
                  "the driver's DPCs, timers and work items kept rescheduling each other (" +
                      std::to_string(Scheduler::kDrainLimit) +
                      " events within one call's drain horizon)");
  }
}

std::uint32_t Adapter::Initialize(std::uint8_t* hardware, std::uint32_t hardware_length,
                                  std::uint32_t* hardware_written, std::uint8_t* current,
                                  std::uint32_t current_length, std::uint32_t* current_written) {
  *hardware_written = 0;
  *current_written = 0;
  const auto& handlers = Handlers();
  NDIS_MINIPORT_INIT_PARAMETERS init{};
  init.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_INIT_PARAMETERS;
  init.Header.Revision = NDIS_MINIPORT_INIT_PARAMETERS_REVISION_1;
  init.Header.Size = sizeof init;
  init.IfIndex = platform_.instance + 1;
  init.NetLuid.Value =
      (ULONG64{IF_TYPE_ETHERNET_CSMACD} << 48) | (ULONG64{platform_.instance + 1} << 24);
  NDIS_STATUS status;
  {
    AtIrql passive(PASSIVE_LEVEL);
    status = handlers.InitializeHandlerEx(this, Host::Get().driver_context(), &init);
  }
  Drain();
  if (status != NDIS_STATUS_SUCCESS) return static_cast<std::uint32_t>(status);
  initialized_ = true;
  // NDIS restarts the adapter after a successful initialization (it starts Paused).
  if (handlers.RestartHandler != nullptr) {
    const NDIS_STATUS restarted = Restart();
    if (restarted != NDIS_STATUS_SUCCESS) return static_cast<std::uint32_t>(restarted);
  }
  if (const std::uint32_t s =
          WriteCapabilities(hardware_caps_, hardware, hardware_length, hardware_written)) {
    return s;
  }
  return WriteCapabilities(current_caps_, current, current_length, current_written);
}

std::int32_t Adapter::Restart() {
  NDIS_MINIPORT_RESTART_PARAMETERS parameters{};
  parameters.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
  parameters.Header.Revision = 1;
  parameters.Header.Size = sizeof parameters;
  restart_pending_ = true;
  restart_status_ = NDIS_STATUS_SUCCESS;
  NDIS_STATUS status;
  {
    AtIrql passive(PASSIVE_LEVEL);
    status = Handlers().RestartHandler(miniport_context_, &parameters);
  }
  Drain();
  if (status == NDIS_STATUS_PENDING) {
    if (restart_pending_) {
      ReportFinding("dut.hang",
                    "MiniportRestart returned NDIS_STATUS_PENDING and never called "
                    "NdisMRestartComplete");
    }
    status = restart_status_;
  }
  restart_pending_ = false;
  return status;
}

std::int32_t Adapter::Pause() {
  if (Handlers().PauseHandler == nullptr) return NDIS_STATUS_SUCCESS;
  NDIS_MINIPORT_PAUSE_PARAMETERS parameters{};
  parameters.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
  parameters.Header.Revision = 1;
  parameters.Header.Size = sizeof parameters;
  parameters.PauseReason = NDIS_PAUSE_NDIS_INTERNAL;
  pause_pending_ = true;
  NDIS_STATUS status;
  {
    AtIrql passive(PASSIVE_LEVEL);
    status = Handlers().PauseHandler(miniport_context_, &parameters);
  }
  Drain();
  if (status == NDIS_STATUS_PENDING && pause_pending_) {
    ReportFinding("dut.hang",
                  "MiniportPause returned NDIS_STATUS_PENDING and never called NdisMPauseComplete");
  }
  pause_pending_ = false;
  return status == NDIS_STATUS_PENDING ? NDIS_STATUS_SUCCESS : status;
}

std::uint32_t Adapter::OidRequest(const vmqkit_oid_request& r) {
  *r.bytes_written = 0;
  *r.bytes_needed = 0;
  auto pending = std::make_unique<PendingOid>();
  pending->request_id = r.request_id;
  const std::uint32_t size = std::max(r.input_length, r.output_length);
  pending->buffer.assign(size, 0);
  if (r.buffer != nullptr && r.input_length > 0) {
    std::memcpy(pending->buffer.data(), r.buffer, r.input_length);
  }
  NDIS_OID_REQUEST& request = pending->request;
  request.Header.Type = NDIS_OBJECT_TYPE_OID_REQUEST;
  const bool v650 = platform_.ndis_major > 6 || platform_.ndis_minor >= 50;
  request.Header.Revision = v650 ? NDIS_OID_REQUEST_REVISION_2 : NDIS_OID_REQUEST_REVISION_1;
  request.Header.Size =
      v650 ? NDIS_SIZEOF_OID_REQUEST_REVISION_2 : NDIS_SIZEOF_OID_REQUEST_REVISION_1;
  request.RequestType = static_cast<NDIS_REQUEST_TYPE>(r.request_type);
  request.PortNumber = NDIS_DEFAULT_PORT_NUMBER;
  request.RequestId = reinterpret_cast<PVOID>(static_cast<std::uintptr_t>(r.request_id));
  request.RequestHandle = this;
  PVOID buffer = size == 0 ? nullptr : pending->buffer.data();
  switch (r.request_type) {
    case VMQKIT_REQUEST_QUERY:
      request.DATA.QUERY_INFORMATION.Oid = r.oid;
      request.DATA.QUERY_INFORMATION.InformationBuffer = buffer;
      request.DATA.QUERY_INFORMATION.InformationBufferLength = r.output_length;
      break;
    case VMQKIT_REQUEST_SET:
      request.DATA.SET_INFORMATION.Oid = r.oid;
      request.DATA.SET_INFORMATION.InformationBuffer = buffer;
      request.DATA.SET_INFORMATION.InformationBufferLength = r.input_length;
      break;
    default:
      request.DATA.METHOD_INFORMATION.Oid = r.oid;
      request.DATA.METHOD_INFORMATION.InformationBuffer = buffer;
      request.DATA.METHOD_INFORMATION.InputBufferLength = r.input_length;
      request.DATA.METHOD_INFORMATION.OutputBufferLength = r.output_length;
      break;
  }
  NDIS_OID_REQUEST* key = &request;
  oids_[key] = std::move(pending);
  in_call_ = key;
  in_call_completed_ = false;
  NDIS_STATUS status;
  {
    AtIrql passive(PASSIVE_LEVEL);
    status = Handlers().OidRequestHandler(miniport_context_, key);
  }
  in_call_ = nullptr;
  auto it = oids_.find(key);
  PendingOid& done = *it->second;
  if (status != NDIS_STATUS_PENDING || in_call_completed_) {
    // Completed in the call: hand back the buffer and the counts.
    const NDIS_STATUS final_status = status == NDIS_STATUS_PENDING ? in_call_status_ : status;
    std::uint32_t written = 0;
    std::uint32_t needed = 0;
    switch (r.request_type) {
      case VMQKIT_REQUEST_QUERY:
        written = done.request.DATA.QUERY_INFORMATION.BytesWritten;
        needed = done.request.DATA.QUERY_INFORMATION.BytesNeeded;
        break;
      case VMQKIT_REQUEST_SET:
        written = done.request.DATA.SET_INFORMATION.BytesRead;
        needed = done.request.DATA.SET_INFORMATION.BytesNeeded;
        break;
      default:
        written = done.request.DATA.METHOD_INFORMATION.BytesWritten;
        needed = done.request.DATA.METHOD_INFORMATION.BytesNeeded;
        break;
    }
    if (r.buffer != nullptr && r.request_type != VMQKIT_REQUEST_SET && r.output_length > 0) {
      std::memcpy(r.buffer, done.buffer.data(), r.output_length);
    }
    *r.bytes_written = written;
    *r.bytes_needed = needed;
    oids_.erase(it);
    Drain();
    return static_cast<std::uint32_t>(
        status == NDIS_STATUS_PENDING && in_call_completed_ ? NDIS_STATUS_PENDING : final_status);
  }
  Drain();
  return static_cast<std::uint32_t>(NDIS_STATUS_PENDING);
}

void Adapter::OidRequestComplete(NDIS_OID_REQUEST* request, std::int32_t status) {
  auto it = oids_.find(request);
  if (it == oids_.end()) {
    ReportFinding("ndis.oid-complete-unknown",
                  "NdisMOidRequestComplete for a request that is not pending at this miniport");
  }
  const NDIS_OID_REQUEST& r = it->second->request;
  std::uint32_t written = 0;
  std::uint32_t needed = 0;
  if (r.RequestType == NdisRequestSetInformation) {
    written = r.DATA.SET_INFORMATION.BytesRead;
    needed = r.DATA.SET_INFORMATION.BytesNeeded;
  } else if (r.RequestType == NdisRequestMethod) {
    written = r.DATA.METHOD_INFORMATION.BytesWritten;
    needed = r.DATA.METHOD_INFORMATION.BytesNeeded;
  } else {
    written = r.DATA.QUERY_INFORMATION.BytesWritten;
    needed = r.DATA.QUERY_INFORMATION.BytesNeeded;
  }
  callbacks_.complete_oid(host_, it->second->request_id, static_cast<std::uint32_t>(status),
                          written, needed);
  if (request == in_call_) {
    // Completed from inside MiniportOidRequest: the request stays until the call returns.
    in_call_completed_ = true;
    in_call_status_ = status;
    return;
  }
  oids_.erase(it);
}

void Adapter::CancelOidRequest(void* request_id) {
  if (Handlers().CancelOidRequestHandler == nullptr) return;
  {
    AtIrql passive(PASSIVE_LEVEL);
    Handlers().CancelOidRequestHandler(miniport_context_, request_id);
  }
  Drain();
}

void Adapter::Receive(const std::uint8_t* frame, std::uint32_t length) {
  if (VmqkitNdisGlueReceive == nullptr) {
    Unsupported("VmqkitNdisGlueReceive",
                "no glue file names the driver's receive routine, so the suite's frames cannot "
                "reach it (docs/ndis-host.md, Glue)");
  }
  {
    AtIrql dispatch(DISPATCH_LEVEL);
    VmqkitNdisGlueReceive(miniport_context_, frame, length);
  }
  Drain();
}

void Adapter::IndicateReceive(NET_BUFFER_LIST* lists, std::uint32_t count, std::uint32_t flags) {
  if (halted_) return;
  std::vector<std::vector<std::uint8_t>> frames;
  std::vector<vmqkit_receive_indication> indications;
  std::vector<NET_BUFFER_LIST*> chain;
  std::uint32_t walked = 0;
  for (NET_BUFFER_LIST* nbl = lists; nbl != nullptr; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
    ++walked;
    chain.push_back(nbl);
    const std::uint64_t cookie = next_cookie_++;
    std::uint32_t nbs = 0;
    for (NET_BUFFER* nb = NET_BUFFER_LIST_FIRST_NB(nbl); nb != nullptr;
         nb = NET_BUFFER_NEXT_NB(nb)) {
      frames.push_back(FrameOf(*nb));
      vmqkit_receive_indication indication{};
      indication.queue_id = NET_BUFFER_LIST_RECEIVE_QUEUE_ID(nbl);
      indication.filter_id = NET_BUFFER_LIST_RECEIVE_FILTER_ID(nbl);
      NDIS_NET_BUFFER_LIST_8021Q_INFO tag;
      tag.Value = NET_BUFFER_LIST_INFO(nbl, Ieee8021QNetBufferListInfo);
      indication.vlan_id = tag.TagHeader.VlanId;
      indication.cookie = cookie;
      indications.push_back(indication);
      ++nbs;
    }
    cookies_[cookie] = nbl;
    nbl_frames_[nbl] = nbs;
  }
  if (walked != count) {
    ReportFinding("ndis.indicate-count",
                  "NdisMIndicateReceiveNetBufferLists: NumberOfNetBufferLists is " +
                      std::to_string(count) + " but the chain holds " + std::to_string(walked));
  }
  for (std::size_t i = 0; i < indications.size(); ++i) {
    indications[i].frame = frames[i].data();
    indications[i].length = static_cast<std::uint32_t>(frames[i].size());
  }
  const std::uint32_t abi_flags = (flags & NDIS_RECEIVE_FLAGS_SINGLE_QUEUE) != 0
                                      ? static_cast<std::uint32_t>(VMQKIT_RECEIVE_FLAG_SINGLE_QUEUE)
                                      : 0u;
  if (!indications.empty()) {
    callbacks_.indicate_receive(host_, indications.data(),
                                static_cast<std::uint32_t>(indications.size()), abi_flags);
  }
  if ((flags & NDIS_RECEIVE_FLAGS_RESOURCES) != 0) {
    // The miniport takes the lists back when the call returns; later returns are NDIS's own.
    for (NET_BUFFER_LIST* nbl : chain) nbl_frames_.erase(nbl);
  }
}

void Adapter::ReturnIndications(const std::uint64_t* cookies, std::uint32_t count) {
  std::vector<NET_BUFFER_LIST*> done;
  for (std::uint32_t i = 0; i < count; ++i) {
    const auto it = cookies_.find(cookies[i]);
    if (it == cookies_.end()) continue;
    NET_BUFFER_LIST* nbl = it->second;
    auto frames = nbl_frames_.find(nbl);
    if (frames != nbl_frames_.end() && --frames->second == 0) {
      nbl_frames_.erase(frames);
      cookies_.erase(it);
      done.push_back(nbl);
    } else if (frames == nbl_frames_.end()) {
      cookies_.erase(it);  // indicated with NDIS_RECEIVE_FLAGS_RESOURCES
    }
  }
  ReturnToMiniport(done);
  Drain();
}

void Adapter::ReturnToMiniport(const std::vector<NET_BUFFER_LIST*>& lists) {
  if (lists.empty()) return;
  for (std::size_t i = 0; i < lists.size(); ++i) {
    NET_BUFFER_LIST_NEXT_NBL(lists[i]) = i + 1 < lists.size() ? lists[i + 1] : nullptr;
  }
  AtIrql passive(PASSIVE_LEVEL);
  Handlers().ReturnNetBufferListsHandler(miniport_context_, lists.front(), 0);
}

void Adapter::ReturnAllOutstanding() {
  std::vector<NET_BUFFER_LIST*> all;
  for (const auto& [nbl, frames] : nbl_frames_) all.push_back(nbl);
  std::sort(all.begin(), all.end(), [this](NET_BUFFER_LIST* a, NET_BUFFER_LIST* b) {
    std::uint64_t ca = 0, cb = 0;
    for (const auto& [cookie, nbl] : cookies_) {
      if (nbl == a) ca = cookie;
      if (nbl == b) cb = cookie;
    }
    return ca < cb;  // in indication order, not by address: the same run every time
  });
  nbl_frames_.clear();
  cookies_.clear();
  ReturnToMiniport(all);
  Drain();
}

std::size_t Adapter::Send(const std::vector<std::vector<std::uint8_t>>& frames) {
  const std::size_t before = send_completions_;
  if (frames.empty() || Handlers().SendNetBufferListsHandler == nullptr) return 0;
  NET_BUFFER_LIST_POOL_PARAMETERS pool_parameters{};
  pool_parameters.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
  pool_parameters.Header.Revision = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
  pool_parameters.Header.Size = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
  pool_parameters.fAllocateNetBuffer = TRUE;
  NDIS_HANDLE pool = NdisAllocateNetBufferListPool(this, &pool_parameters);
  std::vector<std::vector<std::uint8_t>> copies = frames;
  std::vector<PMDL> mdls;
  NET_BUFFER_LIST* head = nullptr;
  NET_BUFFER_LIST** tail = &head;
  for (auto& copy : copies) {
    PMDL mdl = NdisAllocateMdl(this, copy.data(), static_cast<UINT>(copy.size()));
    mdls.push_back(mdl);
    NET_BUFFER_LIST* nbl = NdisAllocateNetBufferAndNetBufferList(pool, 0, 0, mdl, 0, copy.size());
    *tail = nbl;
    tail = &NET_BUFFER_LIST_NEXT_NBL(nbl);
  }
  {
    AtIrql passive(PASSIVE_LEVEL);
    Handlers().SendNetBufferListsHandler(miniport_context_, head, NDIS_DEFAULT_PORT_NUMBER, 0);
  }
  Drain();
  const std::size_t completed = send_completions_ - before;
  // Lists the miniport still holds are its own until it completes them; the pool stays.
  if (completed == frames.size()) {
    for (PMDL mdl : mdls) NdisFreeMdl(mdl);
    NdisFreeNetBufferListPool(pool);
  }
  return completed;
}

void Adapter::SendComplete(NET_BUFFER_LIST* lists) {
  std::vector<NET_BUFFER_LIST*> chain;
  for (NET_BUFFER_LIST* nbl = lists; nbl != nullptr; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
    chain.push_back(nbl);
  }
  for (NET_BUFFER_LIST* nbl : chain) {
    ++send_completions_;
    NdisFreeNetBufferList(nbl);
  }
}

void Adapter::IndicateStatus(const NDIS_STATUS_INDICATION& indication) {
  if (halted_) return;
  callbacks_.indicate_status(host_, static_cast<std::uint32_t>(indication.StatusCode),
                             static_cast<const std::uint8_t*>(indication.StatusBuffer),
                             indication.StatusBufferSize);
}

std::int32_t Adapter::SetAttributes(const NDIS_MINIPORT_ADAPTER_ATTRIBUTES& attributes) {
  switch (attributes.RegistrationAttributes.Header.Type) {
    case NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES:
      miniport_context_ = attributes.RegistrationAttributes.MiniportAdapterContext;
      return NDIS_STATUS_SUCCESS;
    case NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES:
      // [DDI] NDIS_RECEIVE_SCALE_CAPABILITIES: "the receive side scaling (RSS) capabilities of a
      // miniport adapter", reported here; NULL reports none (docs/errata.md E-023).
      rss_reported_ = attributes.GeneralAttributes.RecvScaleCapabilities != nullptr;
      return NDIS_STATUS_SUCCESS;
    case NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_HARDWARE_ASSIST_ATTRIBUTES: {
      // A driver may set hardware assist attributes more than once (receive filters in one call,
      // QoS in another): a NULL member reports nothing and keeps what an earlier call reported.
      const auto& assist = attributes.HardwareAssistAttributes;
      if (assist.HardwareReceiveFilterCapabilities != nullptr) {
        hardware_caps_ = CopyCapabilities(assist.HardwareReceiveFilterCapabilities);
      }
      if (assist.CurrentReceiveFilterCapabilities != nullptr) {
        current_caps_ = CopyCapabilities(assist.CurrentReceiveFilterCapabilities);
      }
      if (assist.Header.Size >=
              RTL_SIZEOF_THROUGH_FIELD(NDIS_MINIPORT_ADAPTER_HARDWARE_ASSIST_ATTRIBUTES,
                                       HardwareSriovCapabilities) &&
          assist.HardwareSriovCapabilities != nullptr) {
        sriov_reported_ = true;
      }
      return NDIS_STATUS_SUCCESS;
    }
    case NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_OFFLOAD_ATTRIBUTES:
      return NDIS_STATUS_SUCCESS;  // offloads are outside the suite
    default:
      Unsupported("NdisMSetMiniportAttributes",
                  "attributes of object type " +
                      std::to_string(attributes.RegistrationAttributes.Header.Type));
  }
}

std::uint32_t Adapter::ReportedHardwareFeatures() const {
  constexpr auto kRss = static_cast<std::uint32_t>(VMQKIT_HW_RSS);
  constexpr auto kVmq = static_cast<std::uint32_t>(VMQKIT_HW_VMQ);
  constexpr auto kSriov = static_cast<std::uint32_t>(VMQKIT_HW_SRIOV);
  std::uint32_t features = rss_reported_ ? kRss : 0u;
  if (sriov_reported_) features |= kSriov;
  // NumQueues: "the number of queues that the network adapter supports" (VM queues, without the
  // default queue); a header-only structure reports none.
  constexpr std::size_t kNumQueuesOffset = offsetof(NDIS_RECEIVE_FILTER_CAPABILITIES, NumQueues);
  if (hardware_caps_.size() >= kNumQueuesOffset + sizeof(ULONG)) {
    ULONG queues = 0;
    std::memcpy(&queues, hardware_caps_.data() + kNumQueuesOffset, sizeof queues);
    if (queues != 0) features |= kVmq;
  }
  return features;
}

void Adapter::Halt() {
  if (!initialized_ || halted_) return;
  ReturnAllOutstanding();  // NDIS pauses only after every indicated list came back
  Pause();
  {
    AtIrql passive(PASSIVE_LEVEL);
    Handlers().HaltHandlerEx(miniport_context_, NdisHaltDeviceDisabled);
  }
  Drain();
  halted_ = true;
}

void Adapter::Shutdown() {
  if (Handlers().ShutdownHandlerEx == nullptr) return;
  {
    AtIrql passive(PASSIVE_LEVEL);
    Handlers().ShutdownHandlerEx(miniport_context_, NdisShutdownPowerOff);
  }
  Drain();
}

void Adapter::PnPEvent(std::uint32_t event) {
  if (Handlers().DevicePnPEventNotifyHandler == nullptr) return;
  NET_DEVICE_PNP_EVENT pnp{};
  pnp.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
  pnp.Header.Revision = 1;
  pnp.Header.Size = sizeof pnp;
  pnp.DevicePnPEvent = static_cast<NDIS_DEVICE_PNP_EVENT>(event);
  {
    AtIrql passive(PASSIVE_LEVEL);
    Handlers().DevicePnPEventNotifyHandler(miniport_context_, &pnp);
  }
  Drain();
}

}  // namespace vmqkit::ndis_host
