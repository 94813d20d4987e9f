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

void AddFamily(std::vector<std::string>& out, KeywordFamily family) {
  for (const KeywordSpec& k : KeywordCatalog()) {
    if (k.family == family) out.emplace_back(k.name);
  }
}

void Remove(std::vector<std::string>& out, std::string_view name) {
  out.erase(std::remove(out.begin(), out.end(), name), out.end());
}

// Catalog order, no duplicates: the lists read like the catalog.
std::vector<std::string> InCatalogOrder(const std::vector<std::string>& names) {
  std::vector<std::string> out;
  for (const KeywordSpec& k : KeywordCatalog()) {
    if (std::find(names.begin(), names.end(), k.name) != names.end()) out.emplace_back(k.name);
  }
  return out;
}

// [WDD] standardized-inf-keywords-for-vmq, Reserved Registry Keywords; seed KB 2681638:
// 0 = system default (disabled on Windows Server 2008 R2, i.e. NDIS 6.20), 1 = enabled,
// 2 = explicitly disabled. [PERF]: below 10 Gbps the switch disables VMQ by default.
// NDIS 6.30+ (Windows Server 2012+) defaults 10 Gbps adapters to enabled: docs/errata.md E-013.
bool SwitchEnablesVmq(const AdvertiseInput& input, KeywordReader& vmsmp_reader) {
  const bool ten_gig = input.link_speed_bps >= 10'000'000'000ULL;
  const KeywordReading r = vmsmp_reader.Read(ten_gig ? "TenGigVmqEnabled" : "BelowTenGigVmqEnabled");
  if (r.value == 1) return true;
  if (r.value == 2) return false;
  return ten_gig && input.ndis >= ndis::kNdis630;
}

}  // namespace

std::string_view ToString(ReceiveInterface iface) {
  switch (iface) {
    case RI::kNone: return "NONE";
    case RI::kRss: return "RSS";
    case RI::kVmq: return "VMQ";
    case RI::kSriov: return "SRIOV";
    case RI::kSriovVmq: return "SRIOV+VMQ";
  }
  return "?";
}

bool UsesVmq(ReceiveInterface iface) { return iface == RI::kVmq || iface == RI::kSriovVmq; }

std::string_view ToString(Preference preference) {
  switch (preference) {
    case Preference::kSriov: return "SR-IOV";
    case Preference::kVmq: return "VMQ";
    case Preference::kRss: return "RSS";
    case Preference::kNone: return "none";
  }
  return "?";
}

std::span<const DecisionRow> RssVmqTable() { return kRssVmqRows; }
std::span<const DecisionRow> SriovVmqRssTable() { return kSriovRows; }

AdvertiseDecision DecideAdvertisement(const AdvertiseInput& input, const RegistryKey& adapter,
                                      const RegistryKey& vmsmp_parameters) {
  const HardwareSupport& hw = input.hardware;
  AdvertiseDecision d;
  KeywordReader reader(adapter, vmsmp_parameters);
  Effective e;
  std::vector<std::string> must_read;
  std::vector<std::string> must_not_read;
  auto read = [&](std::string_view name, std::vector<std::string>* required) {
    KeywordReading r = reader.Read(name);
    d.readings.push_back(r);
    if (required != nullptr) required->emplace_back(name);
    return r.value;
  };

  if (!hw.rss && !hw.vmq && !hw.sriov) {
    d.preference = Preference::kNone;
    d.row = "no-hardware-support";
    d.documented_row = false;
    d.permitted = {RI::kNone};
  } else {
    // 1. [SR-IOV page] *SriovPreferred is read first; only SR-IOV hardware has it to read.
    if (hw.sriov) e.sriov_preferred = read("*SriovPreferred", &must_read);
    // 2. *RssOrVmqPreference decides between the two when the hardware has both
    //    (docs/errata.md E-008 for single-feature hardware).
    if (e.sriov_preferred == 1) {
      d.preference = Preference::kSriov;
      e.rss_or_vmq_preference = read("*RssOrVmqPreference", nullptr);
    } else if (hw.vmq && hw.rss) {
      e.rss_or_vmq_preference = read("*RssOrVmqPreference", &must_read);
      d.preference = e.rss_or_vmq_preference == 1 ? Preference::kVmq : Preference::kRss;
    } else {
      d.preference = hw.vmq ? Preference::kVmq : Preference::kRss;
      e.rss_or_vmq_preference = hw.vmq ? 1 : 0;
    }
    // 3. The preferred interface's enable keywords. A feature the hardware lacks is not read and
    //    counts as disabled.
    switch (d.preference) {
      case Preference::kSriov:
        // [SR-IOV page]: read *SRIOV; "must not read any of the RSS standardized keywords.
        // However, the driver must read the VMQ *VMQVlanFiltering standardized keyword."
        e.sriov = read("*SRIOV", &must_read);
        if (hw.vmq) e.vmq = read("*VMQ", &must_read);  // the table's *VMQ column: E-009
        AddFamily(must_not_read, KeywordFamily::kRss);
        break;
      case Preference::kVmq:
        // [VMQ page]: read *VMQ; "must not read any of the RSS standardized keywords";
        // [SR-IOV page]: nor the SR-IOV ones (*SriovPreferred itself was read first).
        if (hw.vmq) e.vmq = read("*VMQ", &must_read);
        AddFamily(must_not_read, KeywordFamily::kRss);
        if (hw.sriov) {
          AddFamily(must_not_read, KeywordFamily::kSriov);
          Remove(must_not_read, "*SriovPreferred");
        }
        break;
      case Preference::kRss:
        // [VMQ page]: read *RSS; "must not read any of the VMQ standardized keywords" (other than
        // *RssOrVmqPreference, read to get here); [SR-IOV page]: nor the SR-IOV ones.
        if (hw.rss) e.rss = read("*RSS", &must_read);
        if (hw.vmq) {
          AddFamily(must_not_read, KeywordFamily::kVmq);
          Remove(must_not_read, "*RssOrVmqPreference");
        }
        if (hw.sriov) {
          AddFamily(must_not_read, KeywordFamily::kSriov);
          Remove(must_not_read, "*SriovPreferred");
        }
        break;
      case Preference::kNone: break;
    }

    const DecisionRow* row = Match(hw.sriov ? SriovVmqRssTable() : RssVmqTable(), e);
    // The tables cover every combination of the cells, so a row always matches (a test pins it).
    d.row = row->id;
    d.documented_row = row->documented;
    d.interface = row->recommended;
    d.permitted.assign(row->permitted.begin(), row->permitted.end());
    if (!hw.sriov && (hw.vmq != hw.rss)) {
      // Single-feature hardware: the literal table would route through a preference the hardware
      // cannot honour; E-008 permits that literal "none" too but recommends the feature.
      d.documented_row = false;
      d.row += " (single-feature hardware, E-008)";
      if (d.interface != RI::kNone) d.permitted.push_back(RI::kNone);
    }
  }

  // 4. VMQ enabled: the VMQ settings behind the current capabilities.
  if (UsesVmq(d.interface)) {
    // *VMQVlanFiltering sets MAC_HEADER_VLAN_ID_SUPPORTED in the current capabilities ([VMQ page];
    // E-011: a VMQ miniport must read it to report them).
    if (d.preference != Preference::kSriov) must_read.emplace_back("*VMQVlanFiltering");
    d.vmq_vlan_filtering = read("*VMQVlanFiltering", nullptr) == 1;
    if (input.ndis < ndis::kNdis630) {
      d.vmq_lookahead_split = read("*VMQLookaheadSplit", &must_read) == 1;  // E-012
    }
    // Reserved Registry Keywords: VMQ supported and enabled => must not read these two.
    must_not_read.emplace_back("*RssMaxProcNumber");
    must_not_read.emplace_back("*MaxRssProcessors");
  } else if (d.preference == Preference::kSriov) {
    read("*VMQVlanFiltering", nullptr);
  }
  if (d.preference == Preference::kSriov) must_read.emplace_back("*VMQVlanFiltering");
  // Reserved Registry Keywords: "Miniport drivers that support VMQ must not read" the VMSMP values.
  if (hw.vmq) {
    must_not_read.emplace_back("TenGigVmqEnabled");
    must_not_read.emplace_back("BelowTenGigVmqEnabled");
  }

  // 5. The Hyper-V switch, not the miniport, reads VMSMP\Parameters.
  KeywordReader switch_reader(adapter, vmsmp_parameters);
  d.vswitch_uses_vmq = UsesVmq(d.interface) && SwitchEnablesVmq(input, switch_reader);

  d.must_read = InCatalogOrder(must_read);
  d.must_not_read = InCatalogOrder(must_not_read);
  d.diagnostics = reader.diagnostics();
  for (const Diagnostic& diag : switch_reader.diagnostics()) d.diagnostics.push_back(diag);

  // 6. Values present that this configuration does not read still get checked, so a bad value
  //    never hides until the configuration changes.
  KeywordReader checker(adapter, vmsmp_parameters);
  for (const KeywordSpec& k : KeywordCatalog()) {
    const bool already = std::any_of(d.diagnostics.begin(), d.diagnostics.end(),
                                     [&](const Diagnostic& x) { return x.keyword == k.name; });
    if (already || checker.Peek(k) == nullptr) continue;
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
                                   ndis::ToString(*k.obsolete_from) + "; it has no effect on NDIS " +
                                   ndis::ToString(input.ndis),
                               Severity::kWarning, checker.Peek(k)->pos});
    }
  }
  return d;
}

}  // namespace vmqkit::spec
