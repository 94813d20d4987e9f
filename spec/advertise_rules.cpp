#include "spec/advertise_rules.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace vmqkit::spec {
namespace {

using F = KeywordFamily;
using S = RuleScope;
using C = RuleCondition;
constexpr ReadObligation kRead = ReadObligation::kMustRead;
constexpr ReadObligation kNotRead = ReadObligation::kMustNotRead;

constexpr std::string_view kVmqPage =
    "[WDD] standardized-inf-keywords-for-vmq, Handling VMQ and RSS INF Keywords";
constexpr std::string_view kSriovPage =
    "[WDD] handling-sr-iov--vmq--and-rss-standardized-inf-keywords";
constexpr std::string_view kReservedPage =
    "[WDD] standardized-inf-keywords-for-vmq, Reserved Registry Keywords; seed KB 2681638";

// Row order is the order the decision reads a scope's keywords in (the `readings` it reports).
constexpr std::array<ReadRule, 17> kRules{{
    // The preferences, read before anything else.
    {"AR-01", S::kAnyPreference, F::kSriov, "*SriovPreferred", C::kHardwareSriov, "", kRead,
     kSriovPage},
    {"AR-02", S::kVmqOrRssPreferred, F::kVmq, "*RssOrVmqPreference", C::kHardwareRssAndVmq, "",
     kRead, "[WDD] standardized-inf-keywords-for-vmq; docs/errata.md E-008"},
    // The preferred interface's enable keywords; a feature the hardware lacks is not read.
    {"AR-03", S::kSriovPreferred, F::kSriov, "*SRIOV", C::kAlways, "", kRead, kSriovPage},
    {"AR-04", S::kSriovPreferred, F::kVmq, "*VMQ", C::kHardwareVmq, "", kRead,
     "docs/errata.md E-009"},
    {"AR-05", S::kSriovPreferred, F::kVmq, "*VMQVlanFiltering", C::kAlways, "", kRead, kSriovPage},
    {"AR-06", S::kVmqPreferred, F::kVmq, "*VMQ", C::kHardwareVmq, "", kRead, kVmqPage},
    {"AR-07", S::kRssPreferred, F::kRss, "*RSS", C::kHardwareRss, "", kRead, kVmqPage},
    // What the preference rules out.
    {"AR-08", S::kSriovPreferred, F::kRss, "", C::kAlways, "", kNotRead, kSriovPage},
    {"AR-09", S::kVmqPreferred, F::kRss, "", C::kAlways, "", kNotRead, kVmqPage},
    {"AR-10", S::kVmqOrRssPreferred, F::kSriov, "", C::kHardwareSriov, "*SriovPreferred", kNotRead,
     kSriovPage},
    {"AR-11", S::kRssPreferred, F::kVmq, "", C::kHardwareVmq, "*RssOrVmqPreference", kNotRead,
     kVmqPage},
    // VMQ enabled: the settings behind the current capabilities, and the reserved keywords.
    {"AR-12", S::kVmqEnabled, F::kVmq, "*VMQVlanFiltering", C::kHardwareVlanId, "", kRead,
     "[WDD] standardized-inf-keywords-for-vmq; docs/errata.md E-011"},
    {"AR-13", S::kVmqEnabled, F::kVmq, "*VMQLookaheadSplit", C::kHardwareLookaheadSplitBefore630,
     "", kRead, "[WDD] standardized-inf-keywords-for-vmq; docs/errata.md E-012"},
    {"AR-14", S::kVmqEnabled, F::kRss, "*RssMaxProcNumber", C::kAlways, "", kNotRead,
     kReservedPage},
    {"AR-15", S::kVmqEnabled, F::kRss, "*MaxRssProcessors", C::kAlways, "", kNotRead,
     kReservedPage},
    // "Miniport drivers that support VMQ must not read" the Hyper-V switch's VMSMP values.
    {"AR-16", S::kAnyPreference, F::kHost, "TenGigVmqEnabled", C::kHardwareVmq, "", kNotRead,
     kReservedPage},
    {"AR-17", S::kAnyPreference, F::kHost, "BelowTenGigVmqEnabled", C::kHardwareVmq, "", kNotRead,
     kReservedPage},
}};

// Catalog order, no duplicates: the lists read like the catalog.
std::vector<std::string> InCatalogOrder(const std::vector<std::string_view>& names) {
  std::vector<std::string> out;
  for (const KeywordSpec& k : KeywordCatalog()) {
    if (std::find(names.begin(), names.end(), k.name) != names.end()) out.emplace_back(k.name);
  }
  return out;
}

std::string KeywordCell(const ReadRule& r) {
  if (!r.keyword.empty()) return fmt::format("`{}`", r.keyword);
  std::string out = fmt::format("every {} keyword", ToString(r.family));
  if (!r.except.empty()) out += fmt::format(" but `{}`", r.except);
  return out;
}

}  // namespace

std::string_view ToString(ReceiveInterface iface) {
  switch (iface) {
    case ReceiveInterface::kNone:
      return "NONE";
    case ReceiveInterface::kRss:
      return "RSS";
    case ReceiveInterface::kVmq:
      return "VMQ";
    case ReceiveInterface::kSriov:
      return "SRIOV";
    case ReceiveInterface::kSriovVmq:
      return "SRIOV+VMQ";
  }
  return "?";
}

bool UsesVmq(ReceiveInterface iface) {
  return iface == ReceiveInterface::kVmq || iface == ReceiveInterface::kSriovVmq;
}

std::string_view ToString(Preference preference) {
  switch (preference) {
    case Preference::kSriov:
      return "SR-IOV";
    case Preference::kVmq:
      return "VMQ";
    case Preference::kRss:
      return "RSS";
    case Preference::kNone:
      return "none";
  }
  return "?";
}

std::string ToString(const HardwareSupport& hw) {
  std::string out;
  for (auto [on, name] : {std::pair{hw.rss, "RSS"},
                          {hw.vmq, "VMQ"},
                          {hw.sriov, "SR-IOV"},
                          {hw.vmq && hw.vlan_id_filtering, "VLAN"},
                          {hw.vmq && hw.lookahead_split, "split"}}) {
    if (!on) continue;
    if (!out.empty()) out += "+";
    out += name;
  }
  return out.empty() ? "none" : out;
}

std::span<const ReadRule> AdvertiseReadRules() {
  return kRules;
}

std::string_view ToString(RuleScope scope) {
  switch (scope) {
    case S::kAnyPreference:
      return "any preference";
    case S::kSriovPreferred:
      return "SR-IOV preferred";
    case S::kVmqPreferred:
      return "VMQ preferred";
    case S::kRssPreferred:
      return "RSS preferred";
    case S::kVmqOrRssPreferred:
      return "VMQ or RSS preferred";
    case S::kVmqEnabled:
      return "VMQ enabled";
  }
  return "?";
}

std::string_view ToString(RuleCondition condition) {
  switch (condition) {
    case C::kAlways:
      return "always";
    case C::kHardwareSriov:
      return "hardware has SR-IOV, NDIS 6.30+";
    case C::kHardwareVmq:
      return "hardware has VMQ";
    case C::kHardwareRss:
      return "hardware has RSS";
    case C::kHardwareRssAndVmq:
      return "hardware has RSS and VMQ";
    case C::kHardwareVlanId:
      return "hardware filters on the VLAN id";
    case C::kHardwareLookaheadSplitBefore630:
      return "hardware splits lookahead, NDIS before 6.30";
  }
  return "?";
}

std::string_view ToString(ReadObligation obligation) {
  return obligation == kRead ? "must read" : "must not read";
}

bool InScope(RuleScope scope, const ReadRuleContext& context) {
  const Preference p = context.preference;
  switch (scope) {
    case S::kAnyPreference:
      return p != Preference::kNone;
    case S::kSriovPreferred:
      return p == Preference::kSriov;
    case S::kVmqPreferred:
      return p == Preference::kVmq;
    case S::kRssPreferred:
      return p == Preference::kRss;
    case S::kVmqOrRssPreferred:
      return p == Preference::kVmq || p == Preference::kRss;
    case S::kVmqEnabled:
      return UsesVmq(context.interface);
  }
  return false;
}

bool Holds(RuleCondition condition, const ReadRuleContext& context) {
  const HardwareSupport& hw = context.hardware;
  switch (condition) {
    case C::kAlways:
      return true;
    case C::kHardwareSriov:
      return HasSriov(hw, context.ndis);
    case C::kHardwareVmq:
      return hw.vmq;
    case C::kHardwareRss:
      return hw.rss;
    case C::kHardwareRssAndVmq:
      return hw.rss && hw.vmq;
    case C::kHardwareVlanId:
      return hw.vlan_id_filtering;
    case C::kHardwareLookaheadSplitBefore630:
      return hw.lookahead_split && context.ndis < ndis::kNdis630;
  }
  return false;
}

bool HasSriov(const HardwareSupport& hardware, ndis::NdisVersion version) {
  return hardware.sriov && version >= ndis::kNdis630;
}

bool Applies(const ReadRule& rule, const ReadRuleContext& context) {
  return InScope(rule.scope, context) && Holds(rule.condition, context);
}

std::vector<std::string_view> CoveredKeywords(const ReadRule& rule) {
  if (!rule.keyword.empty()) return {rule.keyword};
  std::vector<std::string_view> out;
  for (const KeywordSpec& k : KeywordCatalog()) {
    if (k.family == rule.family && k.name != rule.except) out.push_back(k.name);
  }
  return out;
}

ReadObligations ApplyReadRules(const ReadRuleContext& context) {
  std::vector<std::string_view> must_read;
  std::vector<std::string_view> must_not_read;
  for (const ReadRule& r : kRules) {
    if (!Applies(r, context)) continue;
    std::vector<std::string_view>& out = r.obligation == kRead ? must_read : must_not_read;
    for (std::string_view name : CoveredKeywords(r)) out.push_back(name);
  }
  return {InCatalogOrder(must_read), InCatalogOrder(must_not_read)};
}

std::string AdvertiseReadRulesMarkdown() {
  std::string out =
      "# What a miniport must and must not read\n\n"
      "Generated by `vmqkit advertise --rules` from spec/advertise_rules.cpp, the one table that\n"
      "the advertisement decision (`vmqkit advertise`), its tests and docs/errata.md read. Do not\n"
      "edit. A row applies when its scope and its condition hold; a keyword's obligation is the\n"
      "union of the rows that apply.\n\n"
      "| row | scope | family | keywords | condition | obligation | source |\n"
      "|---|---|---|---|---|---|---|\n";
  for (const ReadRule& r : kRules) {
    out += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", r.id, ToString(r.scope),
                       ToString(r.family), KeywordCell(r), ToString(r.condition),
                       ToString(r.obligation), r.source);
  }
  return out;
}

nlohmann::json AdvertiseReadRulesJson() {
  nlohmann::json rows = nlohmann::json::array();
  for (const ReadRule& r : kRules) {
    rows.push_back({{"id", r.id},
                    {"scope", ToString(r.scope)},
                    {"family", ToString(r.family)},
                    {"keywords", CoveredKeywords(r)},
                    {"condition", ToString(r.condition)},
                    {"obligation", ToString(r.obligation)},
                    {"source", r.source}});
  }
  return rows;
}

}  // namespace vmqkit::spec
