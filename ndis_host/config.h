#pragma once
// NdisReadConfiguration's conversions, as NDIS documents them: a REG_DWORD value is returned as
// NdisParameterInteger whatever type was asked for; a REG_BINARY value only as NdisParameterBinary;
// a REG_SZ value is converted to an integer in
// base 10 (NdisParameterInteger) or base 16 (NdisParameterHexInteger), or returned as text
// (NdisParameterString). [DDI] ndis/nf-ndis-ndisreadconfiguration.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vmqkit::ndis_host {

enum class ParameterType : std::uint8_t { kInteger, kHexInteger, kString, kMultiString, kBinary };

struct RegistryValue {
  bool is_dword = true;
  std::uint32_t dword = 0;
  std::u16string text;              // REG_SZ
  bool is_binary = false;           // REG_BINARY (only as the driver wrote it)
  std::vector<std::uint8_t> bytes;  // REG_BINARY
};

struct Parameter {
  ParameterType type = ParameterType::kInteger;
  std::uint32_t integer = 0;
  std::u16string text;
  std::vector<std::uint8_t> bytes;
};

// The parameter NDIS returns, or nothing (NDIS_STATUS_FAILURE) when the text is not a number of
// the asked base or a REG_DWORD is asked for as a string list or binary.
std::optional<Parameter> Convert(const RegistryValue& value, ParameterType asked);

// Text to integer as RtlUnicodeStringToInteger: leading blanks, an optional sign, digits of
// `base`; stops at the first other character; nothing without a digit.
std::optional<std::uint32_t> ParseInteger(const std::u16string& text, unsigned base);

}  // namespace vmqkit::ndis_host
