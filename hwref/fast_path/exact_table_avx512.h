#pragma once
// ExactTable lookups for batches with AVX-512 (F, BW, DQ, VL): eight home buckets per vector
// step, then one 512-bit compare per key. Only for code compiled for those extensions (the fast
// path's AVX-512 loop, chosen at run time), so only such files include this header.
#if defined(__x86_64__)
// GCC 12's AVX-512 intrinsics start from an "undefined" vector it then warns about once
// inlined (GCC bug 105593, fixed in 13); the warning points into the header, so it is silenced
// for the header alone.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>
#pragma GCC diagnostic pop
#else
#include <immintrin.h>
#endif

#include <array>
#include <cstddef>
#include <cstdint>

#include "hwref/fast_path/exact_table.h"

// A target attribute takes a string literal only, so the extension list is spelled once here.
#define VMQKIT_AVX512_TARGET gnu::target("avx512f,avx512bw,avx512dq,avx512vl")

namespace vmqkit::hwref {

namespace exact_table_avx512 {
// The index into a bucket's values for a compare's hits: a key is in at most one slot, so hits
// is 0 (values[0] answers "no slot") or 1 << j (values[j + 1]). One load from a 64-byte table
// instead of the arithmetic, which would take three instructions. Internal linkage, so that
// position-independent code addresses it directly instead of through the GOT after every key.
namespace {
constexpr std::array<std::uint8_t, 64> kValueOfHits = [] {
  std::array<std::uint8_t, 64> index{};
  for (std::size_t j = 0; j < 6; ++j) index[std::size_t{1} << j] = static_cast<std::uint8_t>(j + 1);
  return index;
}();
}  // namespace
}  // namespace exact_table_avx512

class ExactTable::Avx512 {
 public:
  // Every lane's home bucket, as View::Home computes it for one key: both multiplies take the
  // lanes' low 32 bits, the first giving Hash32 in the product's low half.
  [[VMQKIT_AVX512_TARGET, gnu::always_inline]] static __m512i Home(const View& view, __m512i key) {
    const __m512i folded = _mm512_xor_si512(key, _mm512_srli_epi64(key, 32));
    const __m512i hash = _mm512_mul_epu32(folded, _mm512_set1_epi64(kMultiplier));
    return _mm512_srli_epi64(
        _mm512_mul_epu32(hash, _mm512_set1_epi64(static_cast<long long>(view.count_))), 32);
  }

  // The address of every lane's home bucket.
  [[VMQKIT_AVX512_TARGET, gnu::always_inline]] static __m512i Address(const View& view,
                                                                      __m512i home) {
    return _mm512_add_epi64(
        _mm512_set1_epi64(static_cast<long long>(reinterpret_cast<std::uintptr_t>(view.buckets_))),
        _mm512_slli_epi64(home, 6));
  }

  // Each key's value, kAbsent for a key not in the table: one 512-bit compare against its home
  // bucket, then one 16-bit load. A caller gives many keys at once (a batch, not eight) so that
  // the bucket reads of a batch overlap instead of waiting one after another; the index
  // arithmetic is scalar, which leaves the vector ports to the caller's eight-lane passes.
  [[VMQKIT_AVX512_TARGET, gnu::always_inline]] static void Find(const View& view,
                                                                const std::uint64_t* addresses,
                                                                const std::uint64_t* keys,
                                                                std::uint16_t* values,
                                                                std::size_t count) {
    // `count` is a multiple of eight: eight keys per step with fixed offsets, so a key costs
    // only its own loads, compare and store, no index arithmetic. The keys whose home bucket an
    // insert passed are found afterwards, eight values per compare, and looked up past their
    // home then: a call inside the loop would make the compiler reload every constant after
    // each key, and a flag per key costs it four instructions.
    for (std::size_t group = 0; group < count; group += 8) {
#pragma GCC unroll 8
      for (std::size_t j = 0; j < 8; ++j) {
        const auto* bucket = reinterpret_cast<const Bucket*>(addresses[group + j]);
        // Only the six key lanes: the last two hold the values, which a key may equal by chance.
        const unsigned hits = _mm512_mask_cmpeq_epi64_mask(
            kKeyLanes,
            _mm512_broadcastq_epi64(
                _mm_loadl_epi64(reinterpret_cast<const __m128i*>(&keys[group + j]))),
            _mm512_load_si512(bucket));
        values[group + j] = bucket->values[exact_table_avx512::kValueOfHits[hits]];
      }
    }
    const __m128i past_home = _mm_set1_epi16(static_cast<short>(kPastHome));
    for (std::size_t group = 0; group < count; group += 8) {
      // The lanes by SSE2's byte mask, not a mask register: GCC 12 may spill a compare's mask
      // with a one-byte store and reload it as four bytes, whose upper three are whatever the
      // stack slot held (seen in hwref_tests as a wild bucket pointer).
      const __m128i past = _mm_cmpeq_epi16(
          _mm_loadu_si128(reinterpret_cast<const __m128i*>(&values[group])), past_home);
      for (auto rest =
               static_cast<unsigned>(_mm_movemask_epi8(_mm_packs_epi16(past, _mm_setzero_si128())));
           rest != 0; rest &= rest - 1) {
        const std::size_t k = group + static_cast<std::size_t>(__builtin_ctz(rest));
        values[k] = FindPastHome(view, reinterpret_cast<const Bucket*>(addresses[k]), keys, k);
      }
    }
  }

 private:
  // Out of line and reading the key itself, so that the hot loop keeps keys in vector registers.
  [[gnu::noinline, gnu::cold]] static std::uint16_t FindPastHome(const View& view,
                                                                 const Bucket* home,
                                                                 const std::uint64_t* keys,
                                                                 std::size_t k) {
    return view.FindPastHome(static_cast<std::size_t>(home - view.buckets_), keys[k]);
  }

  static constexpr __mmask8 kKeyLanes = (1u << kSlots) - 1;
  static constexpr std::size_t kValuesOffset = offsetof(Bucket, values);
  static_assert(kSlots == 6 && kValuesOffset == 48 && sizeof(Bucket) == 64 &&
                    exact_table_avx512::kValueOfHits.size() == 1u << kSlots,
                "a bucket is one 512-bit load: six keys, then the values");
};

}  // namespace vmqkit::hwref
#endif
