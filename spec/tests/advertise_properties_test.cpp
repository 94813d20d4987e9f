// Properties of the advertisement decision over random registries (RapidCheck, fixed seed).
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>

#include "spec/advertise.h"

namespace vmqkit::spec {
namespace {

// A registry value for a catalog keyword: valid, out of range, not a number, or of a wrong type.
rc::Gen<RegistryValue> GenKeywordValue(const KeywordSpec& spec) {
  return rc::gen::exec([&spec] {
    RegistryValue v;
    v.name = std::string(spec.name);
    const int kind = *rc::gen::inRange(0, 6);
    std::int64_t number = 0;
    if (kind <= 2) {
      number = spec.type == KeywordType::kEnum ? (*rc::gen::elementOf(std::vector<EnumChoice>(
                                                      spec.choices.begin(), spec.choices.end())))
                                                     .value
                                               : *rc::gen::inRange(spec.min, spec.max + 1);
    } else {
      number = *rc::gen::inRange<std::int64_t>(0, 100000);
    }
    switch (kind) {
      case 0:
      case 3:
        v.type = RegType::kDword;
        v.number = static_cast<std::uint64_t>(number);
        break;
      case 1:
      case 2:
        v.type = RegType::kSz;
        v.text = std::to_string(number);
        break;
      case 4:
        v.type = RegType::kSz;
        v.text = *rc::gen::elementOf(std::vector<std::string>{"", "on", "0x1", "1.0", "one", " "});
        break;
      default:
        v.type = RegType::kMultiSz;
        v.strings = {std::to_string(number)};
        break;
    }
    return v;
  });
}

rc::Gen<RegistryKey> GenKey() {
  return rc::gen::exec([] {
    RegistryKey key;
    key.path = std::string(kNetClassKey) + "\\0007";
    for (const KeywordSpec& k : KeywordCatalog()) {
      if (*rc::gen::inRange(0, 3) == 0) continue;  // absent
      key.values.push_back(*GenKeywordValue(k));
    }
    return key;
  });
}

rc::Gen<AdvertiseInput> GenInput() {
  return rc::gen::exec([] {
    AdvertiseInput in;
    in.hardware = {*rc::gen::arbitrary<bool>(), *rc::gen::arbitrary<bool>(),
                   *rc::gen::arbitrary<bool>(), *rc::gen::arbitrary<bool>(),
                   *rc::gen::arbitrary<bool>()};
    in.ndis = *rc::gen::elementOf(std::vector<ndis::NdisVersion>{ndis::kNdis620, ndis::kNdis630,
                                                                 ndis::kNdis650, ndis::kNdis680});
    in.supported_speed_bps = *rc::gen::elementOf(
        std::vector<std::uint64_t>{1'000'000'000ULL, 10'000'000'000ULL, 25'000'000'000ULL});
    return in;
  });
}

// The miniport's side of the outcome (the switch's use of VMQ is the switch's, not the miniport's).
auto MiniportOutcome(const AdvertiseDecision& d) {
  return std::make_tuple(d.preference, d.interface, d.permitted, d.must_read, d.must_not_read,
                         d.vmq_vlan_filtering, d.vmq_lookahead_split);
}

void Erase(RegistryKey& key, std::string_view name) {
  std::erase_if(key.values, [&](const RegistryValue& v) { return v.name == name; });
}

RC_GTEST_PROP(AdvertiseProperties, NeverEnablesWhatTheHardwareLacks, ()) {
  const AdvertiseInput in = *GenInput();
  const RegistryKey key = *GenKey();
  const AdvertiseDecision d = DecideAdvertisement(in, key, key);
  for (ReceiveInterface i : d.permitted) {
    RC_ASSERT(in.hardware.rss || i != ReceiveInterface::kRss);
    RC_ASSERT(in.hardware.vmq || !UsesVmq(i));
    // SR-IOV only on SR-IOV hardware, and only from NDIS 6.30 (issue 19 point 10).
    RC_ASSERT(HasSriov(in.hardware, in.ndis) ||
              (i != ReceiveInterface::kSriov && i != ReceiveInterface::kSriovVmq));
  }
  RC_ASSERT(std::find(d.permitted.begin(), d.permitted.end(), d.interface) != d.permitted.end());
}

RC_GTEST_PROP(AdvertiseProperties, MustNotReadKeywordsNeverChangeTheOutcome, ()) {
  const AdvertiseInput in = *GenInput();
  const RegistryKey vmsmp = *GenKey();
  RegistryKey key = *GenKey();
  const AdvertiseDecision before = DecideAdvertisement(in, key, vmsmp);
  RC_PRE(!before.must_not_read.empty());
  const std::string name = *rc::gen::elementOf(before.must_not_read);
  const KeywordSpec& spec = *FindKeyword(name);
  RegistryKey changed = key;
  RegistryKey changed_vmsmp = vmsmp;
  RegistryKey& target = spec.location == KeywordLocation::kAdapter ? changed : changed_vmsmp;
  Erase(target, name);
  if (*rc::gen::arbitrary<bool>()) target.values.push_back(*GenKeywordValue(spec));
  const AdvertiseDecision after = DecideAdvertisement(in, changed, changed_vmsmp);
  RC_ASSERT(MiniportOutcome(before) == MiniportOutcome(after));
}

RC_GTEST_PROP(AdvertiseProperties, InvalidValueGivesTheSameOutcomeAsAbsent, ()) {
  const AdvertiseInput in = *GenInput();
  RegistryKey key = *GenKey();
  const KeywordSpec& spec = *rc::gen::elementOf(
      std::vector<KeywordSpec>(KeywordCatalog().begin(), KeywordCatalog().end()));
  RegistryKey absent = key;
  Erase(absent, spec.name);
  RegistryKey invalid = absent;
  RegistryValue bad;
  bad.name = std::string(spec.name);
  switch (*rc::gen::inRange(0, 3)) {
    case 0:
      bad.type = RegType::kDword;
      bad.number = static_cast<std::uint64_t>(spec.max + *rc::gen::inRange<std::int64_t>(1, 1000));
      break;
    case 1:
      bad.type = RegType::kSz;
      bad.text = *rc::gen::elementOf(std::vector<std::string>{"x", "0x1", "", "1e3", "--1"});
      break;
    default:
      bad.type = RegType::kBinary;
      bad.bytes = {1, 0, 0, 0};
      break;
  }
  invalid.values.push_back(bad);
  const AdvertiseDecision a = DecideAdvertisement(in, absent, absent);
  const AdvertiseDecision b = DecideAdvertisement(in, invalid, invalid);
  RC_ASSERT(MiniportOutcome(a) == MiniportOutcome(b));
  RC_ASSERT(a.vswitch_uses_vmq == b.vswitch_uses_vmq);
}

}  // namespace
}  // namespace vmqkit::spec
