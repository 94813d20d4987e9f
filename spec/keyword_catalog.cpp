#include "spec/keyword_catalog.h"
#include "base/text.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace vmqkit::spec {
namespace {

using ndis::kNdis620;
using ndis::kNdis630;
using ndis::NdisVersion;

// Sources, as doc page slugs under learn.microsoft.com/windows-hardware/drivers/network/.
constexpr std::string_view kVmqPage = "standardized-inf-keywords-for-vmq";
constexpr std::string_view kRssPage = "standardized-inf-keywords-for-rss";
constexpr std::string_view kSriovPage = "standardized-inf-keywords-for-sr-iov";
constexpr std::string_view kVmqReservedPage =
    "standardized-inf-keywords-for-vmq (Reserved Registry Keywords); KB 2681638";

constexpr std::array<EnumChoice, 2> kDisabledEnabled{{{0, "Disabled"}, {1, "Enabled"}}};
constexpr std::array<EnumChoice, 2> kRssOrVmqChoices{
    {{0, "Report RSS capabilities"}, {1, "Report VMQ capabilities"}}};
constexpr std::array<EnumChoice, 2> kSriovPreferredChoices{
    {{0, "Report RSS or VMQ capabilities per *RssOrVmqPreference"},
     {1, "Report SR-IOV capabilities"}}};
// [HDR] NDIS_RSS_PROFILE: NdisRssProfileClosestProcessor = 1 ... NdisRssProfileBalanced = 6.
constexpr std::array<EnumChoice, 6> kRssProfileChoices{{
    {1, "ClosestProcessor"},
    {2, "ClosestProcessorStatic"},
    {3, "NUMAScaling"},
    {4, "NUMAScalingStatic"},
    {5, "ConservativeScaling"},
    {6, "NdisRssProfileBalanced"},
}};
constexpr std::array<EnumChoice, 3> kVmsmpChoices{
    {{0, "System default"}, {1, "Enabled"}, {2, "Explicitly disabled"}}};

constexpr KeywordSpec Int(std::string_view name, KeywordFamily family, std::int64_t min,
                          std::int64_t max, std::int64_t def, NdisVersion since,
                          std::string_view desc, std::string_view source) {
  return KeywordSpec{name,
                     family,
                     KeywordType::kInt,
                     KeywordLocation::kAdapter,
                     {},
                     min,
                     max,
                     def,
                     since,
                     std::nullopt,
                     false,
                     false,
                     desc,
                     source,
                     std::nullopt};
}

// An enumeration keyword: its range is its first to its last choice.
constexpr KeywordSpec Enum(std::string_view name, KeywordFamily family,
                           std::span<const EnumChoice> choices, std::int64_t def, NdisVersion since,
                           std::string_view desc, std::string_view source) {
  KeywordSpec spec =
      Int(name, family, choices.front().value, choices.back().value, def, since, desc, source);
  spec.type = KeywordType::kEnum;
  spec.choices = choices;
  return spec;
}

constexpr KeywordSpec WithSpecial(KeywordSpec spec, std::int64_t value) {
  spec.special = value;
  return spec;
}

constexpr KeywordSpec Hidden(KeywordSpec spec) {
  spec.hidden = true;
  return spec;
}
constexpr KeywordSpec Reserved(KeywordSpec spec) {
  spec.reserved = true;
  return spec;
}
constexpr KeywordSpec ObsoleteFrom(KeywordSpec spec, NdisVersion version) {
  spec.obsolete_from = version;
  return spec;
}
constexpr KeywordSpec InVmsmp(KeywordSpec spec) {
  spec.location = KeywordLocation::kVmsmpParameters;
  return spec;
}

using F = KeywordFamily;

// The table. Ranges, defaults and versions: [WDD] pages named in `source`; decisions where the
// pages are silent are in docs/errata.md (E-004 processor limits, E-005 *NumRSSQueues maximum,
// E-006 versions of *RssMaxProcGroup).
constexpr std::array<KeywordSpec, 17> kCatalog{{
    // VMQ family [WDD] standardized-inf-keywords-for-vmq: all four are enumeration keywords.
    Enum("*VMQ", F::kVmq, kDisabledEnabled, 1, kNdis620, "Virtual Machine Queues", kVmqPage),
    ObsoleteFrom(Enum("*VMQLookaheadSplit", F::kVmq, kDisabledEnabled, 1, kNdis620,
                      "VMQ Lookahead Split", kVmqPage),
                 kNdis630),
    Enum("*VMQVlanFiltering", F::kVmq, kDisabledEnabled, 1, kNdis620, "VMQ VLAN Filtering",
         kVmqPage),
    Hidden(Enum("*RssOrVmqPreference", F::kVmq, kRssOrVmqChoices, 0, kNdis620, "", kVmqPage)),
    // RSS family [WDD] standardized-inf-keywords-for-rss.
    Enum("*RSS", F::kRss, kDisabledEnabled, 1, NdisVersion{6, 0}, "Receive Side Scaling", kRssPage),
    Enum("*RSSProfile", F::kRss, kRssProfileChoices, 4, kNdis630, "RSS load balancing profile",
         kRssPage),
    Int("*RssBaseProcGroup", F::kRss, 0, kMaximumGroups - 1, 0, kNdis620,
        "RSS Base Processor Group", kRssPage),
    Int("*RssBaseProcNumber", F::kRss, 0, kMaximumProcPerGroup - 1, 0, kNdis620,
        "RSS Base Processor Number", kRssPage),
    Int("*RssMaxProcGroup", F::kRss, 0, kMaximumGroups - 1, 0, kNdis630, "RSS Max Processor Group",
        kRssPage),
    Reserved(Int("*RssMaxProcNumber", F::kRss, 0, kMaximumProcPerGroup - 1,
                 kMaximumProcPerGroup - 1, kNdis630, "Maximum Number of RSS Processor",
                 kVmqReservedPage)),
    Reserved(Int("*MaxRssProcessors", F::kRss, 1, kMaximumProcPerSystem, 16, kNdis620,
                 "Maximum Number of RSS Processors", kVmqReservedPage)),
    Int("*NumRSSQueues", F::kRss, 1, kMaximumProcPerSystem, 16, kNdis630,
        "Maximum Number of RSS Queues", kRssPage),
    // "65535 (Any node)" default; Max "System specific - cannot exceed 65534" (the RSS page).
    WithSpecial(
        Int("*NumaNodeId", F::kRss, 0, 65534, 65535, kNdis620, "Preferred NUMA node", kRssPage),
        65535),
    // SR-IOV family [WDD] standardized-inf-keywords-for-sr-iov.
    Enum("*SRIOV", F::kSriov, kDisabledEnabled, 1, kNdis630, "SR-IOV", kSriovPage),
    Hidden(Enum("*SriovPreferred", F::kSriov, kSriovPreferredChoices, 0, kNdis630, "", kSriovPage)),
    // Hyper-V switch parameters under Services\VMSMP\Parameters, no '*' (docs/errata.md E-003).
    InVmsmp(
        Reserved(Enum("TenGigVmqEnabled", F::kHost, kVmsmpChoices, 0, kNdis620,
                      "Enable or disable VMQ on all 10 Gbps network adapters", kVmqReservedPage))),
    InVmsmp(Reserved(Enum("BelowTenGigVmqEnabled", F::kHost, kVmsmpChoices, 0, kNdis620,
                          "Enable or disable VMQ on all network adapters below 10 Gbps",
                          kVmqReservedPage))),
}};

std::string_view WithoutStar(std::string_view name) {
  return !name.empty() && name.front() == '*' ? name.substr(1) : name;
}

}  // namespace

std::span<const KeywordSpec> KeywordCatalog() { return kCatalog; }

const KeywordSpec* FindKeyword(std::string_view name) {
  for (const KeywordSpec& spec : kCatalog) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

std::optional<SpellingLookup> LookupSpelling(std::string_view name) {
  for (const KeywordSpec& spec : kCatalog) {
    if (spec.name == name) return SpellingLookup{&spec, SpellingMatch::kExact};
  }
  for (const KeywordSpec& spec : kCatalog) {
    if (EqualsIgnoreCase(spec.name, name)) return SpellingLookup{&spec, SpellingMatch::kCaseDiffers};
  }
  const bool has_star = !name.empty() && name.front() == '*';
  for (const KeywordSpec& spec : kCatalog) {
    const bool spec_star = spec.name.front() == '*';
    if (has_star == spec_star) continue;
    if (EqualsIgnoreCase(WithoutStar(spec.name), WithoutStar(name))) {
      return SpellingLookup{&spec, has_star ? SpellingMatch::kExtraStar : SpellingMatch::kMissingStar};
    }
  }
  return std::nullopt;
}

bool IsAllowedValue(const KeywordSpec& spec, std::int64_t value) {
  if (spec.type == KeywordType::kEnum) {
    return std::any_of(spec.choices.begin(), spec.choices.end(),
                       [value](const EnumChoice& c) { return c.value == value; });
  }
  return (value >= spec.min && value <= spec.max) || value == spec.special;
}

std::string_view ToString(KeywordFamily family) {
  switch (family) {
    case KeywordFamily::kVmq: return "VMQ";
    case KeywordFamily::kRss: return "RSS";
    case KeywordFamily::kSriov: return "SR-IOV";
    case KeywordFamily::kHost: return "host";
  }
  return "?";
}

std::string_view ToString(KeywordType type) {
  return type == KeywordType::kEnum ? "enum" : "int";
}

std::string_view ToString(KeywordLocation location) {
  return location == KeywordLocation::kAdapter ? "adapter"
                                                : "HKLM\\SYSTEM\\CurrentControlSet\\Services\\VMSMP\\Parameters";
}

}  // namespace vmqkit::spec
