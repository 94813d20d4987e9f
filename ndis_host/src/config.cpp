// Configuration: NdisOpenConfigurationEx / NdisReadConfiguration / NdisReadNetworkAddress /
// NdisCloseConfiguration. Every read goes through the suite's read_config (the read rules are
// judged on the real driver). The DUT ABI reports a value as a 32-bit integer, so the host presents
// it to the driver as the REG_DWORD NDIS would have read (docs/ndis-host.md, "Configuration").
#include "ndis_host/config.h"

#include <ndis.h>

#include <deque>
#include <map>
#include <string>
#include <utility>

#include "ndis_host/adapter.h"
#include "ndis_host/host.h"

namespace vmqkit::ndis_host {

std::optional<std::uint32_t> ParseInteger(const std::u16string& text, unsigned base) {
  std::size_t i = 0;
  while (i < text.size() && (text[i] == u' ' || text[i] == u'\t')) ++i;
  bool negative = false;
  if (i < text.size() && (text[i] == u'+' || text[i] == u'-')) negative = text[i++] == u'-';
  std::uint32_t value = 0;
  bool any = false;
  for (; i < text.size(); ++i) {
    const char16_t c = text[i];
    unsigned digit = 0;
    if (c >= u'0' && c <= u'9') {
      digit = static_cast<unsigned>(c - u'0');
    } else if (c >= u'a' && c <= u'f') {
      digit = static_cast<unsigned>(c - u'a') + 10;
    } else if (c >= u'A' && c <= u'F') {
      digit = static_cast<unsigned>(c - u'A') + 10;
    } else {
      break;
    }
    if (digit >= base) break;
    value = value * base + digit;
    any = true;
  }
  if (!any) return std::nullopt;
  return negative ? static_cast<std::uint32_t>(0u - value) : value;
}

std::optional<Parameter> Convert(const RegistryValue& value, ParameterType asked) {
  if (value.is_binary) {
    if (asked != ParameterType::kBinary) return std::nullopt;
    return Parameter{ParameterType::kBinary, 0, {}, value.bytes};
  }
  if (value.is_dword) {
    if (asked == ParameterType::kMultiString || asked == ParameterType::kBinary) {
      return std::nullopt;
    }
    return Parameter{ParameterType::kInteger, value.dword, {}, {}};
  }
  switch (asked) {
    case ParameterType::kInteger:
    case ParameterType::kHexInteger: {
      const auto parsed = ParseInteger(value.text, asked == ParameterType::kInteger ? 10 : 16);
      if (!parsed) return std::nullopt;
      return Parameter{asked, *parsed, {}, {}};
    }
    case ParameterType::kString:
      return Parameter{ParameterType::kString, 0, value.text, {}};
    default:
      return std::nullopt;
  }
}

namespace {

// Values the driver wrote (NdisWriteConfiguration), by adapter and keyword: the registry keeps
// them, so a later read of the keyword returns them.
std::map<std::pair<const Adapter*, std::string>, RegistryValue>& Written() {
  static std::map<std::pair<const Adapter*, std::string>, RegistryValue> written;
  return written;
}

struct Configuration {
  Adapter* adapter = nullptr;
  // Parameters stay valid until NdisCloseConfiguration.
  std::deque<NDIS_CONFIGURATION_PARAMETER> parameters;
  std::deque<std::u16string> texts;
  std::deque<std::vector<std::uint8_t>> blobs;
};

std::string Ascii(const NDIS_STRING* keyword) {
  std::string out;
  if (keyword == nullptr || keyword->Buffer == nullptr) return out;
  for (USHORT i = 0; i < keyword->Length / 2; ++i) {
    const auto c = static_cast<char16_t>(keyword->Buffer[i]);
    out += c < 0x80 ? static_cast<char>(c) : '?';
  }
  return out;
}

}  // namespace

}  // namespace vmqkit::ndis_host

using vmqkit::ndis_host::Host;

extern "C" {

NDIS_STATUS NdisOpenConfigurationEx(PNDIS_CONFIGURATION_OBJECT ConfigObject,
                                    PNDIS_HANDLE ConfigurationHandle) {
  auto* config = new vmqkit::ndis_host::Configuration;
  config->adapter =
      Host::Get().AdapterOf(ConfigObject != nullptr ? ConfigObject->NdisHandle : nullptr);
  *ConfigurationHandle = config;
  return NDIS_STATUS_SUCCESS;
}

void NdisReadConfiguration(PNDIS_STATUS Status, PNDIS_CONFIGURATION_PARAMETER* ParameterValue,
                           NDIS_HANDLE ConfigurationHandle, PNDIS_STRING Keyword,
                           NDIS_PARAMETER_TYPE ParameterType) {
  using namespace vmqkit::ndis_host;
  auto* config = static_cast<Configuration*>(ConfigurationHandle);
  *Status = NDIS_STATUS_FAILURE;
  *ParameterValue = nullptr;
  if (config == nullptr || config->adapter == nullptr) return;
  const std::string keyword = Ascii(Keyword);
  std::uint32_t value = 0;
  // Every read is the suite's to judge, even of a value the driver wrote itself.
  const bool found = config->adapter->ReadConfig(keyword.c_str(), &value) == 0;
  RegistryValue raw;
  raw.dword = value;
  const auto written = Written().find({config->adapter, keyword});
  if (written != Written().end()) {
    raw = written->second;
  } else if (!found) {
    return;
  }
  const auto converted = Convert(raw, static_cast<vmqkit::ndis_host::ParameterType>(ParameterType));
  if (!converted) return;
  NDIS_CONFIGURATION_PARAMETER& p = config->parameters.emplace_back();
  p = NDIS_CONFIGURATION_PARAMETER{};
  p.ParameterType = static_cast<NDIS_PARAMETER_TYPE>(converted->type);
  if (converted->type == vmqkit::ndis_host::ParameterType::kString) {
    std::u16string& text = config->texts.emplace_back(converted->text);
    p.ParameterData.StringData.Buffer = reinterpret_cast<PWCH>(text.data());
    p.ParameterData.StringData.Length = static_cast<USHORT>(text.size() * 2);
    p.ParameterData.StringData.MaximumLength = static_cast<USHORT>(text.size() * 2);
  } else if (converted->type == vmqkit::ndis_host::ParameterType::kBinary) {
    std::vector<std::uint8_t>& blob = config->blobs.emplace_back(converted->bytes);
    p.ParameterData.BinaryData.Buffer = blob.data();
    p.ParameterData.BinaryData.Length = static_cast<USHORT>(blob.size());
  } else {
    p.ParameterData.IntegerData = converted->integer;
  }
  *ParameterValue = &p;
  *Status = NDIS_STATUS_SUCCESS;
}

void NdisWriteConfiguration(PNDIS_STATUS Status, NDIS_HANDLE ConfigurationHandle,
                            PNDIS_STRING Keyword, PNDIS_CONFIGURATION_PARAMETER ParameterValue) {
  using namespace vmqkit::ndis_host;
  auto* config = static_cast<Configuration*>(ConfigurationHandle);
  *Status = NDIS_STATUS_FAILURE;
  if (config == nullptr || config->adapter == nullptr || ParameterValue == nullptr) return;
  RegistryValue value;
  switch (ParameterValue->ParameterType) {
    case NdisParameterInteger:
    case NdisParameterHexInteger:
      value.dword = ParameterValue->ParameterData.IntegerData;
      break;
    case NdisParameterString: {
      const NDIS_STRING& text = ParameterValue->ParameterData.StringData;
      value.is_dword = false;
      for (USHORT i = 0; i < text.Length / 2; ++i) {
        value.text.push_back(static_cast<char16_t>(text.Buffer[i]));
      }
      break;
    }
    case NdisParameterBinary: {
      const auto* data =
          static_cast<const std::uint8_t*>(ParameterValue->ParameterData.BinaryData.Buffer);
      value.is_dword = false;
      value.is_binary = true;
      value.bytes.assign(data, data + ParameterValue->ParameterData.BinaryData.Length);
      break;
    }
    default:
      Unsupported("NdisWriteConfiguration", "a multi-string parameter");
  }
  Written()[{config->adapter, Ascii(Keyword)}] = value;
  *Status = NDIS_STATUS_SUCCESS;
}

void NdisReadNetworkAddress(PNDIS_STATUS Status, PVOID* NetworkAddress, PUINT NetworkAddressLength,
                            NDIS_HANDLE ConfigurationHandle) {
  // The read is recorded like any other; the DUT ABI carries no MAC address value, so the host
  // answers as NDIS does when the keyword is absent.
  auto* config = static_cast<vmqkit::ndis_host::Configuration*>(ConfigurationHandle);
  std::uint32_t ignored = 0;
  if (config != nullptr && config->adapter != nullptr) {
    config->adapter->ReadConfig("NetworkAddress", &ignored);
  }
  *NetworkAddress = nullptr;
  *NetworkAddressLength = 0;
  *Status = NDIS_STATUS_FAILURE;
}

void NdisCloseConfiguration(NDIS_HANDLE ConfigurationHandle) {
  delete static_cast<vmqkit::ndis_host::Configuration*>(ConfigurationHandle);
}

}  // extern "C"
