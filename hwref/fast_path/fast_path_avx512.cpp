// The precomputed path eight frames at a time with AVX-512 (FastPath::Lookups::kAvx512): the
// header fields, VLAN entries, keys, home buckets and miss answers of eight frames in one pass of
// vector instructions; then one 512-bit compare per frame against its home bucket; then the
// answers of all eight again at once. It decides exactly what ClassifyPrecomputed decides (the
// properties in hwref/tests compare both with the readable path), with a fraction of the
// instructions per frame.
#include <algorithm>
#include <array>
#include <cstring>

#include "hwref/fast_path/decoded_filters.h"

#if defined(__x86_64__)
#include "hwref/fast_path/exact_table_avx512.h"

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

constexpr std::size_t kBatchFrames = 64;

// The immediate of a ternary-logic instruction computing f(a, b, c) bit by bit, a from the
// first operand: bit (a << 2 | b << 1 | c) of the immediate is f's value there.
template <typename F>
constexpr int TernaryLogic(F f) {
  int imm = 0;
  for (int i = 0; i < 8; ++i) imm |= (f((i & 4) != 0, (i & 2) != 0, (i & 1) != 0) ? 1 : 0) << i;
  return imm;
}
constexpr int kAOrBAndC = TernaryLogic([](bool a, bool b, bool c) { return a || (b && c); });
constexpr int kAOrBThenAndC = TernaryLogic([](bool a, bool b, bool c) { return (a || b) && c; });
static_assert(kAOrBAndC == 0xF8 && kAOrBThenAndC == 0xA8);

// What a batch's passes hand each other, per frame.
struct Scratch {
  alignas(64) std::array<std::uint64_t, kBatchFrames> keys;
  alignas(64) std::array<std::uint64_t, kBatchFrames> addresses;  // of the home bucket
  alignas(64) std::array<std::uint16_t, kBatchFrames> misses;     // the miss answer word
  alignas(64) std::array<std::uint16_t, kBatchFrames> values;     // the exact table's word
};

// The loop's constants, one vector each, built once per call.
struct Lanes {
  __m512i size_span, smallest, vet, untagged, general, address_bits, class_bits, group_bit,
      vid_bits;
  // Per 64-bit lane, bytes 12..15 of the frame (the lane's upper half) in reverse order into
  // its lower half: the EtherType (wire order) in bits 31:16 and the tag control in 15:0.
  __m512i tag_word;
  // frames[k] as two words, data pointer then size (SpanIsPointerThenSize).
  __m512i pointers_of, sizes_of;
  __m128i absent;
  // FromAnswerWord on 32-bit lanes: the word's value bits where they are, its tags moved up
  // by 16 (the word shifted left), nothing else from either.
  __m256i queue_bits;
  const std::uint64_t* vlan_entries;
  ExactTable::View exact;
};

// Pass 1 for `count` frames (eight when kWhole; fewer only at a batch's end): the key, home
// bucket address and miss answer of each, into scratch from index `at`. Lanes past `count`
// get the general class's key.
template <bool kWhole>
[[VMQKIT_AVX512_TARGET, gnu::always_inline]] inline void ReadHeaders(
    const Lanes& c, const Frame* frames, std::size_t count, Scratch& scratch, std::size_t at) {
  const auto* spans = reinterpret_cast<const long long*>(frames);
  __m512i low, high;
  if constexpr (kWhole) {
    low = _mm512_loadu_si512(spans);
    high = _mm512_loadu_si512(spans + 8);
  } else {
    const auto words = static_cast<std::uint32_t>((1u << (2 * count)) - 1);
    low = _mm512_maskz_loadu_epi64(static_cast<__mmask8>(words), spans);
    high = _mm512_maskz_loadu_epi64(static_cast<__mmask8>(words >> 8), spans + 8);
  }
  const __m512i pointers = _mm512_permutex2var_epi64(low, c.pointers_of, high);
  const __m512i sizes = _mm512_permutex2var_epi64(low, c.sizes_of, high);
  // Frames of the sizes Prepare takes (the rest, and lanes past the batch, get the general
  // class); only those are read, their first 16 bytes.
  const __m512i offset_sizes = _mm512_sub_epi64(sizes, c.smallest);
  const __mmask8 sized =
      kWhole ? _mm512_cmplt_epu64_mask(offset_sizes, c.size_span)
             : _mm512_mask_cmplt_epu64_mask(static_cast<__mmask8>((1u << count) - 1), offset_sizes,
                                            c.size_span);
  const __m512i zero = _mm512_setzero_si512();
  const __m512i head = _mm512_mask_i64gather_epi64(zero, sized, pointers, nullptr, 1);
  const __m512i tail = _mm512_mask_i64gather_epi64(
      zero, sized, pointers, reinterpret_cast<const void*>(std::uintptr_t{8}), 1);
  const __m512i word = _mm512_shuffle_epi8(tail, c.tag_word);
  // The VLAN index: the VID of a tagged frame, 4096 for the others.
  const __m512i vlan_index = _mm512_mask_and_epi64(
      c.untagged, _mm512_cmpeq_epi64_mask(_mm512_srli_epi64(word, 16), c.vet), word, c.vid_bits);
  const __m512i entry =
      _mm512_mask_i64gather_epi64(c.general, sized, vlan_index, c.vlan_entries, 8);
  const __m512i da = _mm512_and_si512(head, c.address_bits);
  // The address, and the entry's class bits over it.
  const __m512i key = _mm512_ternarylogic_epi64(da, entry, c.class_bits, kAOrBAndC);
  _mm512_store_si512(&scratch.keys[at], key);
  _mm512_store_si512(&scratch.addresses[at],
                     ExactTable::Avx512::Address(c.exact, ExactTable::Avx512::Home(c.exact, key)));
  // The miss answer: the entry shifted down by 16 per DestinationKind (the group bit, plus one
  // for the broadcast address, which has the group bit too).
  const __m512i multicast =
      _mm512_mask_srli_epi64(entry, _mm512_test_epi64_mask(head, c.group_bit), entry, 16);
  const __m512i miss =
      _mm512_mask_srli_epi64(multicast, _mm512_cmpeq_epi64_mask(da, c.address_bits), entry, 32);
  _mm_store_si128(reinterpret_cast<__m128i*>(&scratch.misses[at]), _mm512_cvtepi64_epi16(miss));
}

// Pass 3 for `count` frames from scratch index `at`: the table's value, or the miss answer
// where the table has none, as a QueueId word into out[0..count). Returns one bit per frame
// that neither answers (the general path decides it; out is not written there).
template <bool kWhole>
[[VMQKIT_AVX512_TARGET, gnu::always_inline]] inline unsigned WriteAnswers(
    const Lanes& c, const Scratch& scratch, std::size_t at, std::size_t count, QueueId* out) {
  const __m128i value = _mm_load_si128(reinterpret_cast<const __m128i*>(&scratch.values[at]));
  const __m128i answer = _mm_mask_blend_epi16(
      _mm_cmpneq_epi16_mask(value, c.absent),
      _mm_load_si128(reinterpret_cast<const __m128i*>(&scratch.misses[at])), value);
  const __mmask8 decided = kWhole ? _mm_cmpneq_epi16_mask(answer, c.absent)
                                  : _mm_mask_cmpneq_epi16_mask(
                                        static_cast<__mmask8>((1u << count) - 1), answer, c.absent);
  const __m256i wide = _mm256_cvtepu16_epi32(answer);
  const __m256i queue_word =
      _mm256_ternarylogic_epi32(wide, _mm256_slli_epi32(wide, 16), c.queue_bits, kAOrBThenAndC);
  _mm256_mask_storeu_epi32(out, decided, queue_word);
  const unsigned lanes = kWhole ? 0xFFu : (1u << count) - 1;
  return lanes & ~static_cast<unsigned>(decided);
}

}  // namespace

bool DecodedFilters::CpuHasAvx512() {
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
         __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl") &&
         SpanIsPointerThenSize();
}

[[VMQKIT_AVX512_TARGET]] void DecodedFilters::ClassifyPrecomputedAvx512(
    std::span<const Frame> frames, std::span<QueueId> queues) const {
  const PrecomputedView view = View();
  const Lanes lanes{
      .size_span = _mm512_set1_epi64(static_cast<long long>(view.size_span)),
      .smallest = _mm512_set1_epi64(kMinFrameWithFcs - kFcsBytes),
      .vet = _mm512_set1_epi64(view.vet),
      .untagged = _mm512_set1_epi64(4096),
      .general = _mm512_set1_epi64(static_cast<long long>(view.general_entry)),
      .address_bits = _mm512_set1_epi64(static_cast<long long>(kBroadcastMac)),
      .class_bits = _mm512_set1_epi64(static_cast<long long>(kClassBits)),
      .group_bit = _mm512_set1_epi64(1),
      .vid_bits = _mm512_set1_epi64(0xFFF),
      .tag_word = _mm512_broadcast_i32x4(
          _mm_setr_epi8(7, 6, 5, 4, -1, -1, -1, -1, 15, 14, 13, 12, -1, -1, -1, -1)),
      .pointers_of = _mm512_setr_epi64(0, 2, 4, 6, 8, 10, 12, 14),
      .sizes_of = _mm512_setr_epi64(1, 3, 5, 7, 9, 11, 13, 15),
      .absent = _mm_set1_epi16(static_cast<short>(ExactTable::kAbsent)),
      .queue_bits = _mm256_set1_epi32(static_cast<int>(kAnswerValueBits | (kAnswerTagBits << 16))),
      .vlan_entries = view.vlan_entries,
      .exact = view.exact,
  };
  // Three passes over a batch of 64 frames, each over the whole batch: the per-frame work
  // depends on a chain of loads (the frame, its VLAN entry, its bucket, its value), and across
  // a batch those chains are independent, so each pass's loads overlap.
  Scratch scratch;
  for (std::size_t batch = 0; batch < frames.size(); batch += kBatchFrames) {
    const std::size_t in_batch = std::min(kBatchFrames, frames.size() - batch);
    const Frame* first = frames.data() + batch;
    QueueId* out = queues.data() + batch;
    const std::size_t whole = in_batch / 8 * 8;
    for (std::size_t group = 0; group < whole; group += 8)
      ReadHeaders<true>(lanes, first + group, 8, scratch, group);
    if (whole < in_batch)
      ReadHeaders<false>(lanes, first + whole, in_batch - whole, scratch, whole);
    // Lanes past the batch hold the general class's key, whose bucket is as real as any.
    ExactTable::Avx512::Find(lanes.exact, scratch.addresses.data(), scratch.keys.data(),
                             scratch.values.data(), (in_batch + 7) / 8 * 8);
    std::uint64_t undecided = 0;
    for (std::size_t group = 0; group < whole; group += 8)
      undecided |= std::uint64_t{WriteAnswers<true>(lanes, scratch, group, 8, out + group)}
                   << group;
    if (whole < in_batch) {
      undecided |=
          std::uint64_t{WriteAnswers<false>(lanes, scratch, whole, in_batch - whole, out + whole)}
          << whole;
    }
    for (; undecided != 0; undecided &= undecided - 1) {
      const auto k = static_cast<std::size_t>(__builtin_ctzll(undecided));
      out[k] = Classify1(first[k]);
    }
  }
}

}  // namespace vmqkit::hwref
#else
namespace vmqkit::hwref {

bool DecodedFilters::CpuHasAvx512() {
  return false;
}

// Never chosen here (CpuHasAvx512); decides correctly all the same.
void DecodedFilters::ClassifyPrecomputedAvx512(std::span<const Frame> frames,
                                               std::span<QueueId> queues) const {
  for (std::size_t i = 0; i < frames.size(); ++i) queues[i] = Classify1(frames[i]);
}

}  // namespace vmqkit::hwref
#endif
