#pragma once
// One adapter of the host: the NDIS side of one vmqkit_dut_ops adapter instance. It drives the
// miniport's handlers (MiniportInitializeEx, MiniportRestart, MiniportOidRequest,
// MiniportReturnNetBufferLists, MiniportPause, MiniportHaltEx, ...) and turns the miniport's calls
// into NDIS (attributes, indications, completions) into the suite's callbacks.
#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "vmqkit/dut.h"

struct _NDIS_OID_REQUEST;
struct _NET_BUFFER_LIST;
struct _NDIS_STATUS_INDICATION;
union _NDIS_MINIPORT_ADAPTER_ATTRIBUTES;

namespace vmqkit::ndis_host {

class Adapter {
 public:
  Adapter(const vmqkit_platform& platform, const vmqkit_host_callbacks& callbacks, void* host);
  ~Adapter();
  Adapter(const Adapter&) = delete;
  Adapter& operator=(const Adapter&) = delete;

  const vmqkit_platform& platform() const { return platform_; }
  const std::vector<std::uint64_t>& groups() const { return groups_; }
  void* miniport_context() const { return miniport_context_; }

  // The suite's side (vmqkit_dut_ops).
  std::uint32_t Initialize(std::uint8_t* hardware, std::uint32_t hardware_length,
                           std::uint32_t* hardware_written, std::uint8_t* current,
                           std::uint32_t current_length, std::uint32_t* current_written);
  std::uint32_t OidRequest(const vmqkit_oid_request& request);
  void Receive(const std::uint8_t* frame, std::uint32_t length);
  void ReturnIndications(const std::uint64_t* cookies, std::uint32_t count);
  void Halt();

  // Further NDIS entry points the host drives (host tests; not in the DUT ABI).
  std::int32_t Pause();
  std::int32_t Restart();
  void Shutdown();
  void PnPEvent(std::uint32_t event);
  void CancelOidRequest(void* request_id);
  // Sends `frames` through MiniportSendNetBufferLists (one NBL each); returns how many the
  // miniport completed through NdisMSendNetBufferListsComplete during the call.
  std::size_t Send(const std::vector<std::vector<std::uint8_t>>& frames);

  // The miniport's side (NdisXxx routines).
  std::int32_t SetAttributes(const _NDIS_MINIPORT_ADAPTER_ATTRIBUTES& attributes);
  void IndicateReceive(_NET_BUFFER_LIST* lists, std::uint32_t count, std::uint32_t flags);
  void SendComplete(_NET_BUFFER_LIST* lists);
  void IndicateStatus(const _NDIS_STATUS_INDICATION& indication);
  void OidRequestComplete(_NDIS_OID_REQUEST* request, std::int32_t status);
  void PauseComplete() { pause_pending_ = false; }
  void RestartComplete(std::int32_t status) {
    restart_pending_ = false;
    restart_status_ = status;
  }
  std::uint32_t ReadConfig(const char* keyword, std::uint32_t* value) {
    return callbacks_.read_config(host_, keyword, value);
  }
  std::size_t outstanding_receives() const { return nbl_frames_.size(); }
  // The receive filter capabilities as the miniport reported them (NdisMSetMiniportAttributes).
  const std::vector<std::uint8_t>& hardware_capabilities() const { return hardware_caps_; }
  const std::vector<std::uint8_t>& current_capabilities() const { return current_caps_; }
  // VMQKIT_HW_* as the miniport reported them (vmqkit_dut_ops.reported_hardware_features): RSS
  // from the general attributes' RecvScaleCapabilities, VMQ from the hardware receive filter
  // capabilities' NumQueues, SR-IOV from the hardware assist attributes' HardwareSriovCapabilities.
  std::uint32_t ReportedHardwareFeatures() const;
  std::size_t send_completions() const { return send_completions_; }

 private:
  struct PendingOid;
  void Drain();
  void ReturnToMiniport(const std::vector<_NET_BUFFER_LIST*>& lists);
  void ReturnAllOutstanding();

  vmqkit_platform platform_;
  std::vector<std::uint64_t> groups_;
  vmqkit_host_callbacks callbacks_;
  void* host_;
  void* miniport_context_ = nullptr;
  std::vector<std::uint8_t> hardware_caps_;
  std::vector<std::uint8_t> current_caps_;
  bool rss_reported_ = false;
  bool sriov_reported_ = false;
  bool initialized_ = false;
  bool halted_ = false;
  bool pause_pending_ = false;
  bool restart_pending_ = false;
  std::int32_t restart_status_ = 0;
  std::map<_NDIS_OID_REQUEST*, std::unique_ptr<PendingOid>> oids_;
  _NDIS_OID_REQUEST* in_call_ = nullptr;  // the request MiniportOidRequest is handling
  bool in_call_completed_ = false;
  std::int32_t in_call_status_ = 0;
  std::uint64_t next_cookie_ = 1;
  std::map<std::uint64_t, _NET_BUFFER_LIST*> cookies_;
  std::map<_NET_BUFFER_LIST*, std::uint32_t> nbl_frames_;  // frames not yet returned
  std::size_t send_completions_ = 0;
};

}  // namespace vmqkit::ndis_host
