// TEMPORARY (deleted before the branch's last commit): the decision as it was before the
// must-read / must-not-read rules became the table of spec/advertise_rules.cpp, and a property
// that the table-driven decision gives the same outcome for every input.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>

#include "spec/advertise.h"

namespace vmqkit::spec {
namespace {

using RI = ReceiveInterface;

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

AdvertiseDecision OldDecision(const AdvertiseInput& input, const RegistryKey& adapter,
                              const RegistryKey& vmsmp_parameters) {
  const HardwareSupport& hw = input.hardware;
  AdvertiseDecision d;
  KeywordReader reader(adapter, vmsmp_parameters);  // NOLINT
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
      case Preference::kNone:
        break;
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

  d.must_read = InCatalogOrder(must_read);
  d.must_not_read = InCatalogOrder(must_not_read);
  return d;
}

rc::Gen<RegistryKey> GenKey() {
  return rc::gen::exec([] {
    RegistryKey key;
    key.path = std::string(kNetClassKey) + "\\0007";
    for (const KeywordSpec& k : KeywordCatalog()) {
      const int kind = *rc::gen::inRange(0, 6);
      if (kind == 0) continue;
      RegistryValue v;
      v.name = std::string(k.name);
      v.type = RegType::kSz;
      v.text = kind == 5 ? std::string("x") : std::to_string(kind - 1);
      key.values.push_back(v);
    }
    return key;
  });
}

RC_GTEST_PROP(AdvertiseRulesFrozen, SameOutcomeAsTheOldDecision, ()) {
  AdvertiseInput in;
  in.hardware = {*rc::gen::arbitrary<bool>(), *rc::gen::arbitrary<bool>(),
                 *rc::gen::arbitrary<bool>()};
  in.ndis = *rc::gen::elementOf(
      std::vector<ndis::NdisVersion>{ndis::kNdis620, ndis::kNdis630, ndis::kNdis680});
  const RegistryKey key = *GenKey();
  const AdvertiseDecision now = DecideAdvertisement(in, key, RegistryKey{});
  const AdvertiseDecision old = OldDecision(in, key, RegistryKey{});
  RC_ASSERT(now.preference == old.preference);
  RC_ASSERT(now.interface == old.interface);
  RC_ASSERT(now.permitted == old.permitted);
  RC_ASSERT(now.row == old.row);
  RC_ASSERT(now.documented_row == old.documented_row);
  RC_ASSERT(now.must_read == old.must_read);
  RC_ASSERT(now.must_not_read == old.must_not_read);
  RC_ASSERT(now.vmq_vlan_filtering == old.vmq_vlan_filtering);
  RC_ASSERT(now.vmq_lookahead_split == old.vmq_lookahead_split);
  RC_ASSERT(now.readings.size() == old.readings.size());
  for (std::size_t i = 0; i < now.readings.size(); ++i) {
    RC_ASSERT(now.readings[i].spec == old.readings[i].spec);
    RC_ASSERT(now.readings[i].value == old.readings[i].value);
    RC_ASSERT(now.readings[i].origin == old.readings[i].origin);
  }
}

}  // namespace
}  // namespace vmqkit::spec
