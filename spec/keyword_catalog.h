#pragma once
// The standardized INF keyword catalog: the one table that the registry reader, the advertisement
// decision, the INF linter, the docs (`vmqkit keywords --markdown`), the CLI help and the tests read.
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "ndis/version.h"

namespace vmqkit::spec {

enum class KeywordFamily : std::uint8_t { kVmq, kRss, kSriov, kHost };
enum class KeywordType : std::uint8_t { kEnum, kInt };
// Where the value lives: the adapter's instance key (Class\{4D36E972-...}\NNNN), or the Hyper-V
// switch's HKLM\SYSTEM\CurrentControlSet\Services\VMSMP\Parameters key.
enum class KeywordLocation : std::uint8_t { kAdapter, kVmsmpParameters };

struct EnumChoice {
  std::int64_t value;
  std::string_view description;  // EnumDesc as the documents give it
};

struct KeywordSpec {
  std::string_view name;  // canonical SubkeyName, e.g. "*VMQ"
  KeywordFamily family;
  KeywordType type;
  KeywordLocation location;
  std::span<const EnumChoice> choices;  // enum keywords: exactly the documented values
  std::int64_t min;                      // int keywords: documented range (enums: min..max choice)
  std::int64_t max;
  std::int64_t default_value;
  ndis::NdisVersion since;                      // first NDIS version the keyword applies to
  std::optional<ndis::NdisVersion> obsolete_from;  // from this version on the keyword is obsolete
  bool hidden;    // must not be specified in the INF nor shown in Advanced properties
  bool reserved;  // a VMQ miniport with VMQ enabled must not read it
  std::string_view param_desc;  // ParamDesc
  std::string_view source;      // the doc page the row comes from
  // int keywords: a value outside min..max the page gives a meaning (*NumaNodeId 65535 "Any
  // node", beside "System specific - cannot exceed 65534").
  std::optional<std::int64_t> special;
};

// Processor limits of the x64 headers the ranges are written in (see docs/errata.md E-004).
inline constexpr std::int64_t kMaximumProcPerGroup = 64;
inline constexpr std::int64_t kMaximumGroups = 20;
inline constexpr std::int64_t kMaximumProcPerSystem = kMaximumGroups * kMaximumProcPerGroup;

std::span<const KeywordSpec> KeywordCatalog();

// Exact (canonical) lookup.
const KeywordSpec* FindKeyword(std::string_view name);

// How a registry or INF spelling relates to a catalog keyword.
enum class SpellingMatch : std::uint8_t {
  kExact,        // "*VMQ"
  kCaseDiffers,  // "*vmq": the registry is case-insensitive, so it is read, but it is not canonical
  kMissingStar,  // "RssOrVmqPreference": another registry value, never read as the keyword (E-002)
  kExtraStar,    // "*TenGigVmqEnabled": the current doc page's spelling of a VMSMP value (E-003)
};
struct SpellingLookup {
  const KeywordSpec* spec = nullptr;
  SpellingMatch match = SpellingMatch::kExact;
};
// Finds the catalog keyword a spelling refers to, case-insensitively, with or without the '*'.
std::optional<SpellingLookup> LookupSpelling(std::string_view name);

bool IsAllowedValue(const KeywordSpec& spec, std::int64_t value);

std::string_view ToString(KeywordFamily family);
std::string_view ToString(KeywordType type);
std::string_view ToString(KeywordLocation location);

}  // namespace vmqkit::spec
