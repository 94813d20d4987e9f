#include "spec/advertise.h"

#include <algorithm>
#include <array>

namespace vmqkit::spec {
namespace {

using RI = ReceiveInterface;

constexpr std::string_view kVmqRssPage =
    "standardized-inf-keywords-for-vmq#handling-vmq-and-rss-inf-keywords";
constexpr std::string_view kSriovPage = "handling-sr-iov--vmq--and-rss-standardized-inf-keywords";

constexpr std::array<RI, 1> kOnlyNone{RI::kNone};
constexpr std::array<RI, 1> kOnlyRss{RI::kRss};
constexpr std::array<RI, 1> kOnlyVmq{RI::kVmq};
constexpr std::array<RI, 1> kOnlySriov{RI::kSriov};
constexpr std::array<RI, 1> kOnlySriovVmq{RI::kSriovVmq};
constexpr std::array<RI, 2> kSriovVmqOrSriov{RI::kSriovVmq, RI::kSriov};
constexpr std::array<RI, 2> kVmqOrNone{RI::kVmq, RI::kNone};

constexpr Cell A = Cell::kAny;
constexpr Cell O = Cell::kOne;
constexpr Cell Z = Cell::kZero;

// Columns: *SriovPreferred, *RssOrVmqPreference, *SRIOV, *VMQ, *RSS.
constexpr std::array<DecisionRow, 4> kRssVmqRows{{
    {"vmq-rss/1", A, O, A, O, A, RI::kVmq, kOnlyVmq, true, kVmqRssPage},
    {"vmq-rss/2", A, O, A, Z, A, RI::kNone, kOnlyNone, true, kVmqRssPage},
    {"vmq-rss/3", A, Z, A, A, O, RI::kRss, kOnlyRss, true, kVmqRssPage},
    {"vmq-rss/4", A, Z, A, A, Z, RI::kNone, kOnlyNone, true, kVmqRssPage},
}};

constexpr std::array<DecisionRow, 11> kSriovRows{{
    {"sriov/1", O, O, O, O, A, RI::kSriovVmq, kOnlySriovVmq, true, kSriovPage},
    {"sriov/2", O, O, Z, O, A, RI::kVmq, kOnlyVmq, true, kSriovPage},
    {"sriov/3", O, A, Z, Z, A, RI::kNone, kOnlyNone, true, kSriovPage},
    {"sriov/4", Z, O, A, O, A, RI::kVmq, kOnlyVmq, true, kSriovPage},
    {"sriov/5", Z, O, A, Z, A, RI::kNone, kOnlyNone, true, kSriovPage},
    {"sriov/6", Z, Z, A, A, O, RI::kRss, kOnlyRss, true, kSriovPage},
    {"sriov/7", Z, Z, A, A, Z, RI::kNone, kOnlyNone, true, kSriovPage},
    // Rows the page does not list (docs/errata.md E-010): under SR-IOV preference the outcome
    // follows *SRIOV and *VMQ, as sriov/3 shows *RssOrVmqPreference does not matter there.
    {"sriov/E-010a", O, O, O, Z, A, RI::kSriov, kOnlySriov, false, "docs/errata.md E-010"},
    {"sriov/E-010b", O, Z, O, O, A, RI::kSriovVmq, kSriovVmqOrSriov, false, "docs/errata.md E-010"},
    {"sriov/E-010c", O, Z, O, Z, A, RI::kSriov, kOnlySriov, false, "docs/errata.md E-010"},
    {"sriov/E-010d", O, Z, Z, O, A, RI::kVmq, kVmqOrNone, false, "docs/errata.md E-010"},
}};

bool Matches(Cell cell, std::int64_t value) {
  return cell == Cell::kAny || (cell == Cell::kOne ? value == 1 : value == 0);
}

struct Effective {
  std::int64_t sriov_preferred = 0;
  std::int64_t rss_or_vmq_preference = 0;
  std::int64_t sriov = 0;
  std::int64_t vmq = 0;
  std::int64_t rss = 0;
};

const DecisionRow* Match(std::span<const DecisionRow> rows, const Effective& e) {
  for (const DecisionRow& r : rows) {
    if (Matches(r.sriov_preferred, e.sriov_preferred) &&
        Matches(r.rss_or_vmq_preference, e.rss_or_vmq_preference) && Matches(r.sriov, e.sriov) &&
        Matches(r.vmq, e.vmq) && Matches(r.rss, e.rss)) {
      return &r;
    }
  }
  return nullptr;
}

// The decision's reads: each keyword at most once, in the order read (the `readings` reported).
class Reads {
 public:
  Reads(KeywordReader& reader, std::vector<KeywordReading>& readings)
      : reader_(reader), readings_(readings) {}
  std::int64_t Read(std::string_view name) {
    for (const KeywordReading& r : readings_) {
      if (r.spec->name == name) return r.value;
    }
    readings_.push_back(reader_.Read(name));
    return readings_.back().value;
  }
  // 0 (disabled) for a keyword not read: a feature the hardware lacks counts as disabled.
  std::int64_t ValueOf(std::string_view name) const {
    for (const KeywordReading& r : readings_) {
      if (r.spec->name == name) return r.value;
    }
    return 0;
  }

 private:
  KeywordReader& reader_;
  std::vector<KeywordReading>& readings_;
};

// Reads the must-read keywords of the table's rows for one scope, in table order.
void ReadScope(RuleScope scope, const ReadRuleContext& context, Reads& reads) {
  for (const ReadRule& r : AdvertiseReadRules()) {
    if (r.scope == scope && r.obligation == ReadObligation::kMustRead && !r.keyword.empty() &&
        Applies(r, context)) {
      reads.Read(r.keyword);
    }
  }
}

// Steps 1 and 2: the preference. *SriovPreferred is read first ([SR-IOV page]; rule AR-01), then
// *RssOrVmqPreference decides between the two when the hardware has both (AR-02; docs/errata.md
// E-008 for single-feature hardware). Under SR-IOV preference it is read for the SR-IOV table's
// column only.
Preference DecidePreference(const HardwareSupport& hw, ndis::NdisVersion version, Reads& reads,
                            Effective& e) {
  if (HasSriov(hw, version)) e.sriov_preferred = reads.Read("*SriovPreferred");
  if (e.sriov_preferred == 1) {
    e.rss_or_vmq_preference = reads.Read("*RssOrVmqPreference");
    return Preference::kSriov;
  }
  if (hw.vmq && hw.rss) {
    e.rss_or_vmq_preference = reads.Read("*RssOrVmqPreference");
    return e.rss_or_vmq_preference == 1 ? Preference::kVmq : Preference::kRss;
  }
  e.rss_or_vmq_preference = hw.vmq ? 1 : 0;
  return hw.vmq ? Preference::kVmq : Preference::kRss;
}

RuleScope ScopeOf(Preference preference) {
  switch (preference) {
    case Preference::kSriov:
      return RuleScope::kSriovPreferred;
    case Preference::kVmq:
      return RuleScope::kVmqPreferred;
    default:
      return RuleScope::kRssPreferred;
  }
}

// Steps 1 to 3 for hardware with at least one feature: the preference, the preferred interface's
// enable keywords (the table's rows for it), and the decision-table row they select.
void DecideInterface(const AdvertiseInput& input, Reads& reads, AdvertiseDecision& d) {
  const HardwareSupport& hw = input.hardware;
  Effective e;
  d.preference = DecidePreference(hw, input.ndis, reads, e);
  ReadScope(ScopeOf(d.preference), {hw, input.ndis, d.preference, RI::kNone}, reads);
  e.sriov = reads.ValueOf("*SRIOV");
  e.vmq = reads.ValueOf("*VMQ");
  e.rss = reads.ValueOf("*RSS");

  const bool sriov = HasSriov(hw, input.ndis);
  const DecisionRow* row = Match(sriov ? SriovVmqRssTable() : RssVmqTable(), e);
  // The tables cover every combination of the cells, so a row always matches (a test pins it).
  d.row = row->id;
  d.documented_row = row->documented;
  d.interface = row->recommended;
  d.permitted.assign(row->permitted.begin(), row->permitted.end());
  if (!sriov && (hw.vmq != hw.rss)) {
    // Single-feature hardware: the literal table would route through a preference the hardware
    // cannot honour; E-008 permits that literal "none" too but recommends the feature.
    d.documented_row = false;
    d.row += " (single-feature hardware, E-008)";
    if (d.interface != RI::kNone) d.permitted.push_back(RI::kNone);
  }
}

// [WDD] standardized-inf-keywords-for-vmq, Reserved Registry Keywords: TenGigVmqEnabled is for
// "all 10 gigabits per second (Gbps) network adapters", BelowTenGigVmqEnabled for "all network
// adapters that support less than 10 Gbps"; "0=System default (disabled for Windows Server 2008
// R2). 1=Enabled. 2=Explicitly disabled." [PERF]: below 10 Gbps the switch disables VMQ by
// default. The default follows the Windows release, not the miniport's NDIS version, and a 10 Gbps
// adapter gets VMQ by default from Windows Server 2012: docs/errata.md E-013.
bool SwitchEnablesVmq(const AdvertiseInput& input, KeywordReader& vmsmp_reader) {
  const bool ten_gig = input.supported_speed_bps >= 10'000'000'000ULL;
  const KeywordReading r =
      vmsmp_reader.Read(ten_gig ? "TenGigVmqEnabled" : "BelowTenGigVmqEnabled");
  if (r.value == 1) return true;
  if (r.value == 2) return false;
  return ten_gig && OsOf(input) != WindowsServer::k2008R2;
}

}  // namespace

WindowsServer OsOf(const AdvertiseInput& input) {
  return input.os.value_or(DefaultWindowsServer(input.ndis));
}

std::span<const DecisionRow> RssVmqTable() {
  return kRssVmqRows;
}
std::span<const DecisionRow> SriovVmqRssTable() {
  return kSriovRows;
}

AdvertiseDecision DecideAdvertisement(const AdvertiseInput& input, const RegistryKey& adapter,
                                      const RegistryKey& vmsmp_parameters) {
  const HardwareSupport& hw = input.hardware;
  AdvertiseDecision d;
  KeywordReader reader(adapter, vmsmp_parameters);
  Reads reads(reader, d.readings);
  if (hw.sriov && !HasSriov(hw, input.ndis)) {
    // [WDD] standardized-inf-keywords-for-sr-iov: the SR-IOV keywords are NDIS 6.30 ones, and
    // the catalog says so; an NDIS 6.20 miniport has no SR-IOV interface to prefer (E-010).
    d.diagnostics.push_back({"hardware",
                             "SR-IOV hardware under NDIS " + ndis::ToString(input.ndis) +
                                 ": the SR-IOV interface needs NDIS 6.30, so no SR-IOV keyword "
                                 "is read or required",
                             Severity::kNote,
                             {}});
  }
  if (!hw.rss && !hw.vmq && !HasSriov(hw, input.ndis)) {
    d.preference = Preference::kNone;
    d.row = "no-hardware-support";
    d.documented_row = false;
    d.permitted = {RI::kNone};
  } else {
    DecideInterface(input, reads, d);
  }
  const ReadRuleContext context{hw, input.ndis, d.preference, d.interface};
  // 4. VMQ enabled: the VMQ settings behind the current capabilities (rules AR-12, AR-13).
  if (UsesVmq(d.interface)) {
    ReadScope(RuleScope::kVmqEnabled, context, reads);
    d.vmq_vlan_filtering = reads.ValueOf("*VMQVlanFiltering") == 1;
    d.vmq_lookahead_split = reads.ValueOf("*VMQLookaheadSplit") == 1;
  } else if (d.interface == RI::kSriov) {
    // SR-IOV alone filters on VLAN ids too: *VMQVlanFiltering "specifies whether the miniport
    // driver is enabled to filter network packets by using the virtual VLAN (VLAN) identifier"
    // ([SR-IOV page], read under SR-IOV preference by rule AR-05).
    d.vmq_vlan_filtering = reads.ValueOf("*VMQVlanFiltering") == 1;
  }
  ReadObligations obligations = ApplyReadRules(context);
  d.must_read = std::move(obligations.must_read);
  d.must_not_read = std::move(obligations.must_not_read);

  // 5. The Hyper-V switch, not the miniport, reads VMSMP\Parameters.
  KeywordReader switch_reader(adapter, vmsmp_parameters);
  d.vswitch_uses_vmq = UsesVmq(d.interface) && SwitchEnablesVmq(input, switch_reader);

  d.diagnostics.insert(d.diagnostics.end(), reader.diagnostics().begin(),
                       reader.diagnostics().end());
  for (const Diagnostic& diag : switch_reader.diagnostics()) d.diagnostics.push_back(diag);

  // 6. Values present that this configuration does not read still get checked, so a bad value
  //    never hides until the configuration changes.
  KeywordReader checker(adapter, vmsmp_parameters);
  for (const KeywordSpec& k : KeywordCatalog()) {
    const bool already = std::any_of(d.diagnostics.begin(), d.diagnostics.end(),
                                     [&](const Diagnostic& x) { return x.keyword == k.name; });
    if (already) continue;
    if (checker.Peek(k) == nullptr) {
      if (const RegistryValue* bare = checker.PeekWithoutStar(k)) {
        d.diagnostics.push_back(KeywordReader::WithoutStarDiagnostic(k, *bare));
      }
      continue;
    }
    const std::size_t before = checker.diagnostics().size();
    checker.Read(k);
    for (std::size_t i = before; i < checker.diagnostics().size(); ++i) {
      Diagnostic diag = checker.diagnostics()[i];
      diag.severity = Severity::kNote;
      diag.message += " (not read in this configuration)";
      d.diagnostics.push_back(std::move(diag));
    }
    // [VMQ page]: "Starting with NDIS 6.30, splitting packet data into separate lookahead
    // buffers is no longer supported."
    if (k.obsolete_from && input.ndis >= *k.obsolete_from) {
      d.diagnostics.push_back({std::string(k.name),
                               "set in the registry, but obsolete from NDIS " +
                                   ndis::ToString(*k.obsolete_from) +
                                   "; it has no effect on NDIS " + ndis::ToString(input.ndis),
                               Severity::kWarning, checker.Peek(k)->pos});
    }
  }
  return d;
}

}  // namespace vmqkit::spec
