#include "ndis/status.h"

#include <array>
#include <charconv>
#include <cstdio>
#include <string>

#include "base/text.h"

namespace vmqkit::ndis {
namespace {

constexpr std::array kStatuses = {
    StatusInfo{NdisStatus::kSuccess, "SUCCESS", false},
    StatusInfo{NdisStatus::kPending, "PENDING", false},
    StatusInfo{NdisStatus::kNotAccepted, "NOT_ACCEPTED", false},
    StatusInfo{NdisStatus::kFailure, "FAILURE", false},
    StatusInfo{NdisStatus::kInvalidParameter, "INVALID_PARAMETER", false},
    StatusInfo{NdisStatus::kResources, "RESOURCES", false},
    StatusInfo{NdisStatus::kNotSupported, "NOT_SUPPORTED", false},
    StatusInfo{NdisStatus::kRequestAborted, "REQUEST_ABORTED", false},
    StatusInfo{NdisStatus::kInvalidLength, "INVALID_LENGTH", false},
    StatusInfo{NdisStatus::kBufferTooShort, "BUFFER_TOO_SHORT", false},
    StatusInfo{NdisStatus::kFileNotFound, "FILE_NOT_FOUND", false},
    StatusInfo{NdisStatus::kReceiveQueueState, "RECEIVE_QUEUE_STATE", true},
    StatusInfo{NdisStatus::kReceiveFilterCurrentCapabilities, "RECEIVE_FILTER_CURRENT_CAPABILITIES",
               true},
    StatusInfo{NdisStatus::kReceiveFilterHardwareCapabilities,
               "RECEIVE_FILTER_HARDWARE_CAPABILITIES", true},
    StatusInfo{NdisStatus::kReceiveFilterQueueParameters, "RECEIVE_FILTER_QUEUE_PARAMETERS", true},
};

}  // namespace

std::span<const StatusInfo> StatusTable() {
  return kStatuses;
}

std::string ToString(NdisStatus status) {
  for (const auto& info : kStatuses) {
    if (info.status == status) return std::string(info.name);
  }
  char text[16];
  std::snprintf(text, sizeof text, "0x%08X", static_cast<unsigned>(status));
  return text;
}

std::optional<NdisStatus> ParseStatus(std::string_view text) {
  if (auto value = ParseHexU32(text)) return static_cast<NdisStatus>(*value);
  std::string_view name = StripPrefixIgnoreCase(text, "NDIS_STATUS_");
  for (const auto& info : kStatuses) {
    if (EqualsIgnoreCase(info.name, name)) return info.status;
  }
  return std::nullopt;
}

}  // namespace vmqkit::ndis
