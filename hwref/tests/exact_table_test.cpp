// The fast path's exact table on its own: every key it was built with is found with its value,
// no other key is, and keys pushed past a full home bucket are still found (the kPastHome chain).
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <map>
#include <vector>

#include "hwref/exact_table.h"

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

RC_GTEST_PROP(ExactTable, FindsEveryKeyItWasBuiltWithAndNoOther, ()) {
  const auto keys = *rc::gen::container<std::vector<std::uint64_t>>(AnyKey());
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
}

}  // namespace
}  // namespace vmqkit::hwref
