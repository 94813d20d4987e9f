#include "spec/registry.h"

#include <algorithm>
#include <unordered_map>

#include "base/text.h"

namespace vmqkit::spec {
namespace {

// Class GUID of network adapters (devguid.h GUID_DEVCLASS_NET).
constexpr std::string_view kNetClassGuid = "{4D36E972-E325-11CE-BFC1-08002BE10318}";

}  // namespace

std::string ToString(RegType type) {
  switch (type) {
    case RegType::kNone:
      return "REG_NONE";
    case RegType::kSz:
      return "REG_SZ";
    case RegType::kExpandSz:
      return "REG_EXPAND_SZ";
    case RegType::kBinary:
      return "REG_BINARY";
    case RegType::kDword:
      return "REG_DWORD";
    case RegType::kDwordBigEndian:
      return "REG_DWORD_BIG_ENDIAN";
    case RegType::kLink:
      return "REG_LINK";
    case RegType::kMultiSz:
      return "REG_MULTI_SZ";
    case RegType::kQword:
      return "REG_QWORD";
    case RegType::kJsonOther:
      return "a JSON value with no registry type";
  }
  return "hex(" + std::to_string(static_cast<std::uint32_t>(type)) + ")";
}

const RegistryValue* RegistryKey::Find(std::string_view name) const {
  for (auto it = values.rbegin(); it != values.rend(); ++it) {
    if (EqualsIgnoreCase(it->name, name)) return &*it;
  }
  return nullptr;
}

const AdapterRegistry* HostRegistry::FindAdapter(std::string_view subkey) const {
  for (const AdapterRegistry& a : adapters) {
    if (a.subkey == subkey) return &a;
  }
  return nullptr;
}

std::optional<std::string> AdapterSubkeyOf(std::string_view key_path) {
  const auto slash = key_path.rfind('\\');
  if (slash == std::string_view::npos) return std::nullopt;
  const std::string_view last = key_path.substr(slash + 1);
  const std::string_view parent = key_path.substr(0, slash);
  const bool four_digits = last.size() == 4 && std::all_of(last.begin(), last.end(), [](char c) {
                             return std::isdigit(static_cast<unsigned char>(c)) != 0;
                           });
  if (!four_digits || !EndsWithIgnoreCase(parent, kNetClassGuid)) return std::nullopt;
  return std::string(last);
}

bool IsVmsmpParametersKey(std::string_view key_path) {
  return EndsWithIgnoreCase(key_path, "\\Services\\VMSMP\\Parameters");
}

HostRegistry ToHostRegistry(const RegistryFile& file, std::string origin) {
  HostRegistry host;
  host.origin = std::move(origin);
  host.vmsmp_parameters.path = std::string(kVmsmpParametersKey);
  std::unordered_map<std::string, std::size_t> index;
  for (const RegistryKey& key : file.keys) {
    if (IsVmsmpParametersKey(key.path)) {
      // Several [..\VMSMP\Parameters] blocks merge, as regedit would import them.
      host.vmsmp_parameters.pos = key.pos;
      host.vmsmp_parameters.values.insert(host.vmsmp_parameters.values.end(), key.values.begin(),
                                          key.values.end());
      continue;
    }
    const auto subkey = AdapterSubkeyOf(key.path);
    if (!subkey) continue;
    // An index by subkey keeps a file with a million adapter keys linear, not quadratic.
    auto [slot, inserted] = index.try_emplace(*subkey, host.adapters.size());
    if (inserted) {
      host.adapters.push_back(AdapterRegistry{*subkey, "", RegistryKey{key.path, key.pos, {}}});
    }
    AdapterRegistry& adapter = host.adapters[slot->second];
    adapter.key.values.insert(adapter.key.values.end(), key.values.begin(), key.values.end());
  }
  for (AdapterRegistry& adapter : host.adapters) {
    if (const RegistryValue* desc = adapter.key.Find("DriverDesc");
        desc != nullptr && desc->type == RegType::kSz) {
      adapter.driver_desc = desc->text;
    }
  }
  return host;
}

}  // namespace vmqkit::spec
