#include "hwref/fast_path/exact_table.h"

#include <algorithm>

namespace vmqkit::hwref {

ExactTable::Bucket ExactTable::EmptyBucket() {
  Bucket b{};
  b.keys.fill(kEmptyKey);
  b.values.fill(kAbsent);
  b.unused = 0;
  return b;
}

std::size_t ExactTable::HomeOf(std::uint64_t key) const {
  return view().Home(key);
}

void ExactTable::Build(std::span<const Entry> entries) {
  // 2.5 entries per six-slot bucket on average: under 1% of lookups go past their home bucket
  // for the addresses of one vendor's NICs (consecutive last bytes), at 25.6 bytes per entry.
  const std::size_t count = std::max<std::size_t>(1, (entries.size() * 2 + 4) / 5);
  buckets_.assign(count, EmptyBucket());
  size_ = 0;
  for (const Entry& e : entries) {
    // Slots fill in probe order and are never freed, so an empty slot before the key means the
    // key is not in the table yet.
    for (std::size_t b = HomeOf(e.key);; b = b + 1 == count ? 0 : b + 1) {
      Bucket& bucket = buckets_[b];
      std::size_t j = 0;
      while (j < kSlots && bucket.keys[j] != e.key && bucket.keys[j] != kEmptyKey) ++j;
      if (j < kSlots) {
        if (bucket.keys[j] == kEmptyKey) {
          bucket.keys[j] = e.key;
          bucket.values[j + 1] = e.value;
          ++size_;
        }
        break;
      }
      bucket.values[0] = kPastHome;
    }
  }
}

std::uint16_t ExactTable::View::FindPastHome(std::size_t home, std::uint64_t key) const {
  for (std::size_t b = home;;) {
    const Bucket& bucket = buckets_[b];
    for (std::size_t j = 0; j < kSlots; ++j) {
      if (bucket.keys[j] == key) return bucket.values[j + 1];
    }
    if (bucket.values[0] != kPastHome) return kAbsent;
    b = b + 1 == count_ ? 0 : b + 1;
  }
}

}  // namespace vmqkit::hwref
