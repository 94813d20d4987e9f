// The fast path's exact table on its own: every key it was built with is found with its value,
// no other key is, and keys pushed past a full home bucket are still found (the kPastHome chain).
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <vector>

#include "hwref/fast_path/exact_table.h"
#include "hwref/fast_path/exact_table_avx512.h"
#include "hwref/fast_path/fast_path.h"

namespace vmqkit::hwref {
namespace {

// Keys as the fast path makes them: a 48-bit address and a VLAN class below 0xFFFF on top.
rc::Gen<std::uint64_t> AnyKey() {
  return rc::gen::map(
      rc::gen::pair(rc::gen::arbitrary<std::uint64_t>(),
                    rc::gen::inRange<std::uint64_t>(0, 0xFFFF)),
      [](std::pair<std::uint64_t, std::uint64_t> p) {
        return static_cast<std::uint64_t>((p.first & 0xFFFF'FFFF'FFFFull) | (p.second << 48));
      });
}

#if defined(__x86_64__)
[[VMQKIT_AVX512_TARGET]] std::vector<std::uint16_t> FindWithAvx512Lanes(
    const ExactTable& table, const std::vector<std::uint64_t>& keys) {
  const std::size_t rounded = (keys.size() + 7) / 8 * 8;
  std::vector<std::uint64_t> padded(keys);
  padded.resize(rounded, 0);  // key 0: absent, or found, either way a real bucket
  alignas(64) std::array<std::uint64_t, 8> addresses;
  std::vector<std::uint16_t> values(rounded);
  const ExactTable::View view = table.view();
  for (std::size_t group = 0; group < rounded; group += 8) {
    const __m512i key = _mm512_loadu_si512(&padded[group]);
    _mm512_store_si512(addresses.data(),
                       ExactTable::Avx512::Address(view, ExactTable::Avx512::Home(view, key)));
    ExactTable::Avx512::Find(view, addresses.data(), &padded[group], &values[group], 8);
  }
  values.resize(keys.size());
  return values;
}
#endif

// The lookups of the AVX-512 loop, or nullopt on a CPU without it.
std::optional<std::vector<std::uint16_t>> FindWithAvx512(const ExactTable& table,
                                                         const std::vector<std::uint64_t>& keys) {
  const auto supported = FastPath::SupportedLookups();
  if (std::find(supported.begin(), supported.end(), FastPath::Lookups::kAvx512) ==
      supported.end()) {
    return std::nullopt;
  }
#if defined(__x86_64__)
  return FindWithAvx512Lanes(table, keys);
#else
  return std::nullopt;
#endif
}

RC_GTEST_PROP(ExactTable, FindsEveryKeyItWasBuiltWithAndNoOther, ()) {
  auto keys = *rc::gen::container<std::vector<std::uint64_t>>(AnyKey());
  std::vector<ExactTable::Entry> entries;
  std::map<std::uint64_t, std::uint16_t> first;  // a key given twice keeps its first value
  for (std::uint64_t key : keys) {
    const auto value = *rc::gen::inRange<std::uint16_t>(0, ExactTable::kPastHome);
    entries.push_back({key, value});
    first.try_emplace(key, value);
  }
  ExactTable table;
  table.Build(entries);
  RC_ASSERT(table.size() == first.size());
  for (const auto& [key, value] : first) RC_ASSERT(table.Find(key) == value);
  const std::uint64_t other = *AnyKey();
  RC_PRE(first.count(other) == 0);
  RC_ASSERT(table.Find(other) == ExactTable::kAbsent);
  // The AVX-512 loop's lookups agree key for key (where the CPU has them).
  keys.push_back(other);
  if (const auto lanes = FindWithAvx512(table, keys)) {
    for (std::size_t i = 0; i < keys.size(); ++i) RC_ASSERT((*lanes)[i] == table.Find(keys[i]));
  }
}

// Forty keys with one home bucket: six fit there, the rest lie in the buckets after it, and every
// one is found; a key with the same home that was not inserted is absent after the whole chain.
TEST(ExactTable, KeysPastAFullHomeBucketAreFound) {
  ExactTable sizing;
  std::vector<ExactTable::Entry> entries(100);
  for (std::size_t i = 0; i < entries.size(); ++i) entries[i].key = i;
  sizing.Build(entries);  // 40 buckets for 100 entries
  const auto home_of = [](const ExactTable& t, std::uint64_t key) { return t.view().Home(key); };
  const std::size_t home = home_of(sizing, 0x5D15'00ull);
  std::vector<std::uint64_t> same_home;
  for (std::uint64_t key = 0x5D15'00ull; same_home.size() < 41; ++key) {
    if (home_of(sizing, key) == home) same_home.push_back(key);
  }
  entries.clear();
  for (std::size_t i = 0; i < 40; ++i) {
    entries.push_back({same_home[i], static_cast<std::uint16_t>(i)});
  }
  const std::uint64_t absent_same_home = same_home[40];
  // Pad with keys of other homes to 100 entries, so the table has the same bucket count.
  for (std::uint64_t key = 1ull << 40; entries.size() < 100; ++key) {
    if (home_of(sizing, key) != home) entries.push_back({key, 7});
  }
  ExactTable table;
  table.Build(entries);
  ASSERT_EQ(home_of(table, entries[0].key), home);
  for (std::size_t i = 0; i < 40; ++i) EXPECT_EQ(table.Find(entries[i].key), i) << i;
  EXPECT_EQ(table.Find(absent_same_home), ExactTable::kAbsent);

  // The AVX-512 loop's lookups (eight home buckets per vector step, one 512-bit compare per key)
  // give the same for every key, the chain past the full home bucket included.
  std::vector<std::uint64_t> keys;
  for (const ExactTable::Entry& e : entries) keys.push_back(e.key);
  keys.push_back(absent_same_home);
  keys.push_back(0x0000'5D15'00FFull);
  const std::optional<std::vector<std::uint16_t>> lanes = FindWithAvx512(table, keys);
  if (!lanes) GTEST_SKIP() << "this CPU has no AVX-512";
  for (std::size_t i = 0; i < keys.size(); ++i) {
    EXPECT_EQ((*lanes)[i], table.Find(keys[i])) << "key " << i;
  }
}

}  // namespace
}  // namespace vmqkit::hwref
