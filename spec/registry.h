#pragma once
// Registry values as `reg export` and NdisReadConfiguration see them: typed values in keys, keys
// grouped into network adapters (Class\{4D36E972-E325-11CE-BFC1-08002BE10318}\NNNN) and the Hyper-V
// switch's VMSMP\Parameters key.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "base/result.h"

namespace vmqkit::spec {

// The registry value types (winnt.h REG_* numbers), plus kJsonOther for JSON values that have no
// registry type (true, null, 1.5, arrays...), kept so they can be reported and ignored, not lost.
enum class RegType : std::uint32_t {
  kNone = 0,
  kSz = 1,
  kExpandSz = 2,
  kBinary = 3,
  kDword = 4,
  kDwordBigEndian = 5,
  kLink = 6,
  kMultiSz = 7,
  kQword = 11,
  kJsonOther = 0xFFFFFFFF,
};
std::string ToString(RegType type);

struct RegistryValue {
  std::string name;  // "" is the key's default value (@ in .reg files)
  RegType type = RegType::kSz;
  std::string text;                  // kSz, kExpandSz (UTF-8); kJsonOther: the JSON text
  std::vector<std::string> strings;  // kMultiSz
  std::uint64_t number = 0;          // kDword, kDwordBigEndian, kQword
  std::vector<std::uint8_t> bytes;   // kBinary, kNone, kLink and other raw hex(n) types
  SourcePos pos;

  friend bool operator==(const RegistryValue& a, const RegistryValue& b) {
    return a.name == b.name && a.type == b.type && a.text == b.text && a.strings == b.strings &&
           a.number == b.number && a.bytes == b.bytes;
  }
};

struct RegistryKey {
  std::string path;
  SourcePos pos;
  std::vector<RegistryValue> values;

  // Registry value names are case-insensitive; the last definition wins, as regedit imports it.
  const RegistryValue* Find(std::string_view name) const;
};

struct RegistryFile {
  std::vector<RegistryKey> keys;
};

// One network adapter instance: the values its miniport reads with NdisReadConfiguration.
struct AdapterRegistry {
  std::string subkey;       // "0007"; "" when the input names no subkey (flat JSON)
  std::string driver_desc;  // DriverDesc value, when present
  RegistryKey key;
};

// What a host's registry holds for vmqkit: its adapters and the VMSMP\Parameters values.
struct HostRegistry {
  std::string origin;  // the file it came from
  std::vector<AdapterRegistry> adapters;
  RegistryKey vmsmp_parameters;

  const AdapterRegistry* FindAdapter(std::string_view subkey) const;
};

// Keys of a RegistryFile grouped by what they are. Keys below an adapter (Ndi\params\...) are the
// INF's parameter descriptions, not live values, and are not read as values.
HostRegistry ToHostRegistry(const RegistryFile& file, std::string origin);

// "HKEY_LOCAL_MACHINE\...\Class\{4D36E972-E325-11CE-BFC1-08002BE10318}\0007" -> "0007".
std::optional<std::string> AdapterSubkeyOf(std::string_view key_path);
bool IsVmsmpParametersKey(std::string_view key_path);

inline constexpr std::string_view kNetClassKey =
    "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Class\\"
    "{4D36E972-E325-11CE-BFC1-08002BE10318}";
inline constexpr std::string_view kVmsmpParametersKey =
    "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\VMSMP\\Parameters";

}  // namespace vmqkit::spec
