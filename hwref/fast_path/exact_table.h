#pragma once
// An exact-match table from a 64-bit key to a 16-bit value, built once from a fixed set of
// entries and then only read: the fast path's (destination address, VLAN class) -> answer map.
// Six (key, value) slots share one 64-byte bucket, so a lookup is one cache line and three
// 128-bit compares without data-dependent branches; a probe continues to the next bucket only
// when an insert once overflowed the home bucket, which the sizing (2.5 entries per bucket on
// average) keeps below about one lookup in a hundred.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

namespace vmqkit::hwref {

class ExactTable {
  struct Bucket;

 public:
  // Eight lookups at once for AVX-512 code: hwref/fast_path/exact_table_avx512.h.
  class Avx512;

  // The value of a key that is not in the table; never a stored value, nor is kPastHome.
  static constexpr std::uint16_t kAbsent = 0xFFFF;
  static constexpr std::uint16_t kPastHome = 0xFFFE;
  // Keys must differ from this one (the fast path's keys leave the top 16 bits below 0xFFFF).
  static constexpr std::uint64_t kEmptyKey = ~std::uint64_t{0};

  struct Entry {
    std::uint64_t key = 0;
    std::uint16_t value = 0;  // below kPastHome
  };

  // Replaces the contents; a key given twice keeps its first value.
  void Build(std::span<const Entry> entries);

  // What a lookup reads, copied into the caller's locals: a batch loop keeps it in registers
  // across the calls it makes for the frames the table cannot answer, where it would otherwise
  // reload the table's address from the object after every call.
  class View {
   public:
    // Lookups in two steps, so that a batch can compute every home bucket and prefetch it
    // before the first compare: the cache misses of a group then overlap.
    [[gnu::always_inline]] std::size_t Home(std::uint64_t key) const {
      // Any bucket count below 2^32, not only powers of two (a 32-bit hash times the count,
      // shifted down), so the table is sized to its entries and not up to twice that.
      return static_cast<std::size_t>((std::uint64_t{Hash32(key)} * count_) >> 32);
    }
    // Forced inline: out of line, GCC finds the function free of side effects (a prefetch
    // has none it can see) and deletes the call.
    [[gnu::always_inline]] void Prefetch(std::size_t home) const {
      __builtin_prefetch(&buckets_[home]);
    }

    // The key's value, or `absent` (the caller's value for keys not in the table). kWide
    // compares four slots at once with 64-bit lanes: only for callers compiled for AVX2.
    template <bool kWide = false>
    [[gnu::always_inline]] std::uint16_t FindFrom(std::size_t home, std::uint64_t key,
                                                  std::uint16_t absent) const {
      // No branch on which slot holds the key or whether any does: both are as unpredictable
      // as the traffic. The matching lanes give the slot's number (1..6, 0 for none), and
      // values[0] is kAbsent (kPastHome when the key may lie past this bucket), so one load
      // answers hit and miss alike.
      const Bucket& bucket = buckets_[home];
      std::uint16_t value = bucket.values[kWide ? SlotWide(bucket, key) : Slot(bucket, key)];
      if (value == kPastHome) [[unlikely]]
        value = FindPastHome(home, key);
      // kAbsent is all ones, so masking it with `absent` gives `absent`; a found value is kept
      // whole. Written as a mask because compilers make a ?: here a mispredicted branch.
      const auto keep = static_cast<std::uint16_t>(0u - static_cast<unsigned>(value != kAbsent));
      return static_cast<std::uint16_t>(value & (absent | keep));
    }

   private:
    friend class ExactTable;
    friend class ExactTable::Avx512;
    View(const Bucket* buckets, std::uint64_t count) : buckets_(buckets), count_(count) {}
    // The probe past a full home bucket, rare by the sizing and kept out of the inlined lookup;
    // kAbsent when the key is in no bucket.
    std::uint16_t FindPastHome(std::size_t home, std::uint64_t key) const;

    const Bucket* buckets_;
    std::uint64_t count_;
  };
  View view() const { return View(buckets_.data(), buckets_.size()); }
  std::uint16_t Find(std::uint64_t key) const { return view().FindFrom(HomeOf(key), key, kAbsent); }

  std::size_t size() const { return size_; }
  std::size_t bytes() const { return buckets_.capacity() * sizeof(Bucket); }

 private:
  static constexpr std::size_t kSlots = 6;
  using Pair = std::uint64_t __attribute__((vector_size(16)));
  using Quad = std::uint32_t __attribute__((vector_size(16)));
  using Quad64 = std::uint64_t __attribute__((vector_size(32)));
  // Lane-wise 64-bit equality from 32-bit compares (SSE2 has no 64-bit one): both halves equal.
  [[gnu::always_inline]] static Pair Equal64(Quad a, Quad b) {
    const Quad halves = reinterpret_cast<Quad>(a == b);
    return reinterpret_cast<Pair>(halves & __builtin_shufflevector(halves, halves, 1, 0, 3, 2));
  }
  // The number (1..6) of the slot holding `key`, 0 for none: two slots per 128-bit compare
  // (SSE2's, or the compiler's emulation elsewhere).
  [[gnu::always_inline]] static std::uint64_t Slot(const Bucket& bucket, std::uint64_t key);
  // The same with four slots per 256-bit compare and 64-bit lanes (AVX2).
  [[gnu::always_inline]] static std::uint64_t SlotWide(const Bucket& bucket, std::uint64_t key);
  struct alignas(64) Bucket {
    std::array<std::uint64_t, kSlots> keys;
    // Slot j's value is values[j + 1]; values[0], the value of "no slot matched", is kAbsent,
    // or kPastHome once an insert passed this bucket because it was full.
    std::array<std::uint16_t, kSlots + 1> values;
    std::uint16_t unused;
  };
  static_assert(sizeof(Bucket) == 64);

  static Bucket EmptyBucket();
  std::size_t HomeOf(std::uint64_t key) const;

  // The home bucket's hash: the key folded to 32 bits (the halves XORed: distinct addresses of
  // one vendor differ in their last bytes, the upper half, and the VLAN class sits above them),
  // times an odd constant modulo 2^32 (Knuth's multiplicative hashing; Home keeps the product's
  // top bits). Lane-wise it is two 32-bit multiplies, so the AVX-512 loop hashes eight keys
  // with the same function. In a placement simulation (consecutive Hyper-V addresses with and
  // without VLAN classes, and random ones, 16 to 65536 keys) at most 0.8% lay past their home.
  static constexpr std::uint32_t kMultiplier = 0x9E37'79B1u;  // 2^32 divided by the golden ratio
  [[gnu::always_inline]] static std::uint32_t Hash32(std::uint64_t key) {
    return static_cast<std::uint32_t>(key ^ (key >> 32)) * kMultiplier;
  }

  std::vector<Bucket> buckets_ = std::vector<Bucket>(1, EmptyBucket());
  std::size_t size_ = 0;
};

inline std::uint64_t ExactTable::Slot(const Bucket& bucket, std::uint64_t key) {
  Quad k01, k23, k45;
  std::memcpy(&k01, &bucket.keys[0], sizeof(Quad));
  std::memcpy(&k23, &bucket.keys[2], sizeof(Quad));
  std::memcpy(&k45, &bucket.keys[4], sizeof(Quad));
  const Pair pair = {key, key};
  Quad wanted;
  std::memcpy(&wanted, &pair, sizeof(Quad));
  const Pair numbers01 = {1, 2}, numbers23 = {3, 4}, numbers45 = {5, 6};
  const Pair slots = (Equal64(k01, wanted) & numbers01) | (Equal64(k23, wanted) & numbers23) |
                     (Equal64(k45, wanted) & numbers45);
  return slots[0] | slots[1];
}

inline std::uint64_t ExactTable::SlotWide(const Bucket& bucket, std::uint64_t key) {
  Quad64 k0123;
  Pair k45;
  std::memcpy(&k0123, &bucket.keys[0], sizeof(Quad64));
  std::memcpy(&k45, &bucket.keys[4], sizeof(Pair));
  const Quad64 wanted4 = {key, key, key, key};
  const Pair wanted2 = {key, key};
  const Quad64 numbers0123 = {1, 2, 3, 4};
  const Pair numbers45 = {5, 6};
  const Quad64 m4 = reinterpret_cast<Quad64>(k0123 == wanted4) & numbers0123;
  const Pair m2 = (reinterpret_cast<Pair>(k45 == wanted2) & numbers45) |
                  __builtin_shufflevector(m4, m4, 0, 1) | __builtin_shufflevector(m4, m4, 2, 3);
  return m2[0] | m2[1];
}

}  // namespace vmqkit::hwref
