#pragma once
// NDIS_STATUS codes that the receive-filter OIDs and status indications use. Values: [HDR] ndis.h
// (the NDIS_STATUS_* aliases of ntstatus.h STATUS_* values), collected in
// shared/research/ndis-vmq-facts.md section 4.1.
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace vmqkit::ndis {

enum class NdisStatus : std::uint32_t {
  kSuccess = 0x00000000,
  kPending = 0x00000103,
  kNotAccepted = 0x00010003,
  kFailure = 0xC0000001,
  kInvalidParameter = 0xC000000D,
  kResources = 0xC000009A,
  kNotSupported = 0xC00000BB,
  kRequestAborted = 0xC001000C,
  kInvalidLength = 0xC0010014,
  kBufferTooShort = 0xC0010016,
  kFileNotFound = 0xC001001B,
  // Status indications (NDIS_STATUS_INDICATION.StatusCode), not request results.
  kReceiveQueueState = 0x4002000D,
  kReceiveFilterCurrentCapabilities = 0x40020010,
  kReceiveFilterHardwareCapabilities = 0x40020020,
  kReceiveFilterQueueParameters = 0x40020030,
};

struct StatusInfo {
  NdisStatus status;
  std::string_view name;  // without the NDIS_STATUS_ prefix, e.g. "INVALID_LENGTH"
  bool indication;        // a status indication code rather than a request result
};

// The one table of status codes; ToString, ParseStatus, docs and tests read it.
std::span<const StatusInfo> StatusTable();

// "INVALID_LENGTH" for a known code, "0xC0010099" otherwise.
std::string ToString(NdisStatus status);
// Accepts "INVALID_LENGTH", "NDIS_STATUS_INVALID_LENGTH" (any case) or a hex value "0xC0010014".
std::optional<NdisStatus> ParseStatus(std::string_view text);

}  // namespace vmqkit::ndis
