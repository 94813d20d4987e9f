// libFuzzer target: every NDIS structure decoder of ndis/structures.h. The first byte picks the
// decoder, the rest is the buffer. A buffer that decodes must encode and decode again.
#include <cstddef>
#include <cstdint>

#include "ndis/structures.h"

namespace {

using vmqkit::ndis::ByteView;

template <typename Decode>
void RoundTrip(Decode decode, ByteView bytes) {
  const auto decoded = decode(bytes);
  if (!decoded) return;
  const vmqkit::ndis::Bytes encoded = vmqkit::ndis::Encode(*decoded);
  if (!decode(ByteView(encoded))) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  namespace n = vmqkit::ndis;
  const ByteView bytes(data + 1, size - 1);
  switch (data[0] % 13) {
    case 0: {
      const auto header = n::DecodeObjectHeader(bytes);
      if (header && !n::DecodeObjectHeader(n::Encode(*header))) __builtin_trap();
      for (const n::StructureLayout& layout : n::StructureLayouts()) {
        (void)n::CheckHeader(bytes, layout.structure);
      }
      break;
    }
    case 1:
      RoundTrip(n::DecodeReceiveFilterCapabilities, bytes);
      break;
    case 2:
      RoundTrip(n::DecodeReceiveFilterGlobalParameters, bytes);
      break;
    case 3:
      RoundTrip(n::DecodeReceiveQueueParameters, bytes);
      break;
    case 4:
      RoundTrip(n::DecodeReceiveFilterFieldParameters, bytes);
      break;
    case 5:
      RoundTrip(n::DecodeReceiveFilterParameters, bytes);
      break;
    case 6:
      RoundTrip(n::DecodeReceiveFilterClearParameters, bytes);
      break;
    case 7:
      RoundTrip(n::DecodeReceiveQueueFreeParameters, bytes);
      break;
    case 8:
      RoundTrip(n::DecodeReceiveQueueAllocationCompleteParameters, bytes);
      break;
    case 9:
      RoundTrip(n::DecodeReceiveQueueAllocationCompleteArray, bytes);
      break;
    case 10:
      RoundTrip(n::DecodeReceiveFilterInfo, bytes);
      break;
    case 11:
      RoundTrip(n::DecodeReceiveFilterInfoArray, bytes);
      break;
    default:
      RoundTrip(n::DecodeReceiveQueueState, bytes);
      break;
  }
  return 0;
}
