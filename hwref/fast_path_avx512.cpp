// The precomputed path eight frames at a time with AVX-512 (FastPath::Lookups::kAvx512): the
// header fields, VLAN entries, keys, home buckets and miss answers of eight frames in one pass of
// vector instructions; then one 512-bit compare per frame against its home bucket; then the
// answers of all eight again at once. It decides exactly what ClassifyPrecomputed decides (the
// properties in hwref/tests compare both with the readable path), with a fraction of the
// instructions per frame.
#include <algorithm>
#include <array>
#include <cstring>

#include "hwref/fast_path.h"

#if defined(__x86_64__)
#include "hwref/exact_table_avx512.h"

namespace vmqkit::hwref {
namespace {

// The loop reads a batch's frame spans as 64-bit words, two per frame: that needs a span to be
// its data pointer and then its size, which the standard does not promise, so it is checked on
// the span type itself before the loop is chosen.
bool SpanIsPointerThenSize() {
  if constexpr (sizeof(Frame) != 2 * sizeof(std::uint64_t)) {
    return false;
  } else {
    static constexpr std::array<std::uint8_t, 3> kBytes{};
    const Frame probe(kBytes);
    std::uint64_t words[2];
    std::memcpy(words, &probe, sizeof words);
    return words[0] == reinterpret_cast<std::uintptr_t>(kBytes.data()) && words[1] == kBytes.size();
  }
}

}  // namespace

bool FastPath::CpuHasAvx512() {
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
         __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl") &&
         SpanIsPointerThenSize();
}

[[VMQKIT_AVX512_TARGET]] void FastPath::ClassifyPrecomputedAvx512(std::span<const Frame> frames,
                                                                  std::span<QueueId> queues) const {
  const PrecomputedView view = View();
  const __m512i span = _mm512_set1_epi64(static_cast<long long>(view.size_span));
  const __m512i smallest = _mm512_set1_epi64(kMinFrameWithFcs - kFcsBytes);
  const __m512i vet = _mm512_set1_epi64(view.vet);
  const __m512i untagged = _mm512_set1_epi64(4096);
  const __m512i general = _mm512_set1_epi64(static_cast<long long>(view.general_entry));
  const __m512i address_mask = _mm512_set1_epi64(static_cast<long long>(kBroadcastMac));
  const __m512i one = _mm512_set1_epi64(1);
  const __m512i vid_bits = _mm512_set1_epi64(0xFFF);
  const __m512i first_miss = _mm512_set1_epi64(16);  // VlanEntry: bits of the unicast answer
  // Per 64-bit lane, bytes 12..15 of the frame (the lane's upper half) in reverse order into
  // its lower half: the EtherType (wire order) in bits 31:16 and the tag control in 15:0.
  const __m512i tag_word = _mm512_broadcast_i32x4(
      _mm_setr_epi8(7, 6, 5, 4, -1, -1, -1, -1, 15, 14, 13, 12, -1, -1, -1, -1));
  // frames[k] as two words, data pointer then size (SpanIsPointerThenSize).
  const __m512i pointers_of = _mm512_setr_epi64(0, 2, 4, 6, 8, 10, 12, 14);
  const __m512i sizes_of = _mm512_setr_epi64(1, 3, 5, 7, 9, 11, 13, 15);
  const __m256i absent_words = _mm256_set1_epi32(ExactTable::kAbsent);
  const __m256i value_bits = _mm256_set1_epi32(kAnswerValueBits);
  const __m256i tag_bits = _mm256_set1_epi32(kAnswerTagBits);

  // Three passes over a batch of 64 frames, each over the whole batch: the per-frame work
  // depends on a chain of loads (the frame, its VLAN class, its bucket, its value, its answer),
  // and across a batch those chains are independent, so each pass's loads overlap.
  constexpr std::size_t kBatch = 64;
  alignas(64) std::array<std::uint64_t, kBatch> keys;
  alignas(64) std::array<std::uint64_t, kBatch> addresses;
  alignas(64) std::array<std::uint16_t, kBatch> misses;
  alignas(64) std::array<std::uint16_t, kBatch> values;
  for (std::size_t batch = 0; batch < frames.size(); batch += kBatch) {
    const std::size_t in_batch = std::min(kBatch, frames.size() - batch);
    // Pass 1: eight frames per step, header to key, home bucket and miss answer.
    for (std::size_t group = 0; group < in_batch; group += 8) {
      const std::size_t count = std::min<std::size_t>(8, in_batch - group);
      const auto lanes = static_cast<__mmask8>((1u << count) - 1);
      const auto words = static_cast<std::uint32_t>((1u << (2 * count)) - 1);
      const auto* spans = reinterpret_cast<const long long*>(frames.data() + batch + group);
      const __m512i low = _mm512_maskz_loadu_epi64(static_cast<__mmask8>(words), spans);
      const __m512i high = _mm512_maskz_loadu_epi64(static_cast<__mmask8>(words >> 8), spans + 8);
      const __m512i pointers = _mm512_permutex2var_epi64(low, pointers_of, high);
      const __m512i sizes = _mm512_permutex2var_epi64(low, sizes_of, high);

      // Frames of the sizes Prepare takes (the rest, and lanes past the batch, get the general
      // class); only those are read, their first 16 bytes.
      const __mmask8 sized =
          _mm512_mask_cmplt_epu64_mask(lanes, _mm512_sub_epi64(sizes, smallest), span);
      const __m512i zero = _mm512_setzero_si512();
      const __m512i first = _mm512_mask_i64gather_epi64(zero, sized, pointers, nullptr, 1);
      const __m512i second = _mm512_mask_i64gather_epi64(
          zero, sized, pointers, reinterpret_cast<const void*>(std::uintptr_t{8}), 1);
      const __m512i da = _mm512_and_si512(first, address_mask);
      const __m512i word = _mm512_shuffle_epi8(second, tag_word);
      // The VLAN index: the VID of a tagged frame, 4096 for the others.
      const __m512i vlan_index = _mm512_mask_and_epi64(
          untagged, _mm512_cmpeq_epi64_mask(_mm512_srli_epi64(word, 16), vet), word, vid_bits);
      const __m512i entry =
          _mm512_mask_i64gather_epi64(general, sized, vlan_index, view.vlan_entries, 8);
      const __m512i key = _mm512_or_si512(da, _mm512_slli_epi64(entry, 48));  // the class
      _mm512_store_si512(&keys[group], key);
      _mm512_store_si512(
          &addresses[group],
          ExactTable::Avx512::Address(view.exact, ExactTable::Avx512::Home(view.exact, key)));

      // The miss answer: the entry's 16 bits for the DestinationKind (the group bit, plus one
      // for the broadcast address).
      const __m512i shift =
          _mm512_add_epi64(_mm512_slli_epi64(_mm512_and_si512(da, one), 4), first_miss);
      const __m512i miss = _mm512_srlv_epi64(
          entry, _mm512_mask_add_epi64(shift, _mm512_cmpeq_epi64_mask(da, address_mask), shift,
                                       first_miss));
      _mm_store_si128(reinterpret_cast<__m128i*>(&misses[group]), _mm512_cvtepi64_epi16(miss));
    }
    // Pass 2: every frame's value in its bucket (lanes past the batch hold the general class's
    // key, whose bucket is as real as any).
    const std::size_t rounded = (in_batch + 7) / 8 * 8;
    ExactTable::Avx512::Find(view.exact, addresses.data(), keys.data(), values.data(), rounded);
    // Pass 3: eight frames per step, value or miss answer to queue word (FromAnswerWord).
    for (std::size_t group = 0; group < in_batch; group += 8) {
      const std::size_t count = std::min<std::size_t>(8, in_batch - group);
      const auto lanes = static_cast<__mmask8>((1u << count) - 1);
      const __m256i value =
          _mm256_cvtepu16_epi32(_mm_load_si128(reinterpret_cast<const __m128i*>(&values[group])));
      const __m256i answer = _mm256_mask_blend_epi32(
          _mm256_cmpneq_epi32_mask(value, absent_words),
          _mm256_cvtepu16_epi32(_mm_load_si128(reinterpret_cast<const __m128i*>(&misses[group]))),
          value);
      const __mmask8 decided = _mm256_mask_cmpneq_epi32_mask(lanes, answer, absent_words);
      const __m256i queue_words =
          _mm256_or_si256(_mm256_and_si256(answer, value_bits),
                          _mm256_slli_epi32(_mm256_and_si256(answer, tag_bits), 16));
      const std::size_t first_frame = batch + group;
      _mm256_mask_storeu_epi32(queues.data() + first_frame, decided, queue_words);
      for (unsigned rest = lanes & ~decided; rest != 0; rest &= rest - 1) {
        const std::size_t k = first_frame + static_cast<std::size_t>(__builtin_ctz(rest));
        queues[k] = Classify1(frames[k]);
      }
    }
  }
}

}  // namespace vmqkit::hwref
#else
namespace vmqkit::hwref {

bool FastPath::CpuHasAvx512() {
  return false;
}

// Never chosen here (CpuHasAvx512); decides correctly all the same.
void FastPath::ClassifyPrecomputedAvx512(std::span<const Frame> frames,
                                         std::span<QueueId> queues) const {
  for (std::size_t i = 0; i < frames.size(); ++i) queues[i] = Classify1(frames[i]);
}

}  // namespace vmqkit::hwref
#endif
