#pragma once
// The must-read / must-not-read rules of the advertisement decision as one table: the decision
// reads its enable keywords from it and computes the two keyword lists from it, `vmqkit advertise
// --rules` prints it, docs/advertise-rules.md is generated from it and docs/errata.md cites its
// rows. Sources: [WDD] standardized-inf-keywords-for-vmq ("Handling VMQ and RSS INF Keywords",
// "Reserved Registry Keywords"), handling-sr-iov--vmq--and-rss-standardized-inf-keywords.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ndis/version.h"
#include "spec/keyword_catalog.h"

namespace vmqkit::spec {

enum class ReceiveInterface : std::uint8_t { kNone, kRss, kVmq, kSriov, kSriovVmq };
std::string_view ToString(ReceiveInterface iface);  // "NONE", "RSS", "VMQ", "SRIOV", "SRIOV+VMQ"
bool UsesVmq(ReceiveInterface iface);               // VMQ or SRIOV+VMQ

// kNone: the hardware supports none of the three, so nothing is preferred or read.
enum class Preference : std::uint8_t { kSriov, kVmq, kRss, kNone };
std::string_view ToString(Preference preference);

// What the hardware can do, whatever the keywords say. SR-IOV counts only from NDIS 6.30 (the
// SR-IOV interface and its keywords are NDIS 6.30 ones: [WDD] standardized-inf-keywords-for-sr-iov;
// docs/errata.md E-010): the rows' conditions read it through `HasSriov`.
struct HardwareSupport {
  bool rss = true;
  bool vmq = true;
  bool sriov = true;
  // The VMQ features behind *VMQVlanFiltering and *VMQLookaheadSplit: "The miniport driver reports
  // this capability with the NDIS_RECEIVE_FILTER_MAC_HEADER_VLAN_ID_SUPPORTED flag" /
  // "...LOOKAHEAD_SPLIT_SUPPORTED flag" ([WDD] standardized-inf-keywords-for-vmq). A keyword for a
  // capability the hardware lacks decides nothing, so no page requires reading it (E-011, E-012).
  bool vlan_id_filtering = true;
  bool lookahead_split = false;
};
std::string ToString(const HardwareSupport& hw);  // "RSS+VMQ+SR-IOV", "none"

// When a row applies: a preference, or the interface that ended up advertised.
enum class RuleScope : std::uint8_t {
  kAnyPreference,  // the hardware supports at least one of RSS, VMQ, SR-IOV
  kSriovPreferred,
  kVmqPreferred,
  kRssPreferred,
  kVmqOrRssPreferred,
  kVmqEnabled,  // the advertised interface is VMQ or SRIOV+VMQ
};
enum class RuleCondition : std::uint8_t {
  kAlways,
  kHardwareSriov,
  kHardwareVmq,
  kHardwareRss,
  kHardwareRssAndVmq,
  kHardwareVlanId,                   // the hardware filters on the VLAN id (E-011)
  kHardwareLookaheadSplitBefore630,  // the hardware splits, and NDIS is before 6.30 (E-012)
};
enum class ReadObligation : std::uint8_t { kMustRead, kMustNotRead };

struct ReadRule {
  std::string_view id;  // "AR-01": what docs/errata.md and the tests cite
  RuleScope scope;
  KeywordFamily family;
  std::string_view keyword;  // one keyword of `family`; empty: every keyword of it
  RuleCondition condition;
  std::string_view except;  // a keyword of the family the row leaves out, or empty
  ReadObligation obligation;
  std::string_view source;
};
std::span<const ReadRule> AdvertiseReadRules();

std::string_view ToString(RuleScope scope);
std::string_view ToString(RuleCondition condition);
std::string_view ToString(ReadObligation obligation);  // "must read", "must not read"

// What a row is checked against.
struct ReadRuleContext {
  HardwareSupport hardware;
  ndis::NdisVersion ndis;
  Preference preference = Preference::kNone;
  ReceiveInterface interface = ReceiveInterface::kNone;
};
bool InScope(RuleScope scope, const ReadRuleContext& context);
bool Holds(RuleCondition condition, const ReadRuleContext& context);
bool Applies(const ReadRule& rule, const ReadRuleContext& context);
// SR-IOV hardware on an NDIS version that has the SR-IOV interface (6.30 and later).
bool HasSriov(const HardwareSupport& hardware, ndis::NdisVersion version);

// The canonical names a row covers, in catalog order.
std::vector<std::string_view> CoveredKeywords(const ReadRule& rule);

// The union of the applying rows of each obligation: canonical names, catalog order.
struct ReadObligations {
  std::vector<std::string> must_read;
  std::vector<std::string> must_not_read;
};
ReadObligations ApplyReadRules(const ReadRuleContext& context);

// docs/advertise-rules.md, and the same table for programs.
std::string AdvertiseReadRulesMarkdown();
nlohmann::json AdvertiseReadRulesJson();

}  // namespace vmqkit::spec
