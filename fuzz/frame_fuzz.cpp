// libFuzzer target: the Ethernet/802.1Q/802.1ad frame view (ndis/frame.h) and MAC address text.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <variant>

#include "ndis/frame.h"

namespace {

void CheckFrame(vmqkit::ndis::ByteView bytes, bool reject_runts) {
  const auto parsed = vmqkit::ndis::ParseFrame(bytes, {reject_runts});
  const auto* view = std::get_if<vmqkit::ndis::FrameView>(&parsed);
  if (view == nullptr) return;
  // The view describes the bytes it was given: the payload starts inside them and after the header.
  if (view->length != bytes.size()) __builtin_trap();
  if (view->payload_offset > view->length) __builtin_trap();
  if (view->payload_offset < vmqkit::ndis::kEthernetHeaderSize) __builtin_trap();
  // Rebuilding from the view gives a frame with the same header.
  vmqkit::ndis::FrameSpec spec{view->destination, view->source,     view->service_tag,
                               view->tag,         view->ether_type, view->length};
  const vmqkit::ndis::Bytes rebuilt = vmqkit::ndis::BuildFrame(spec);
  const auto again = vmqkit::ndis::ParseFrame(rebuilt, {false});
  const auto* view2 = std::get_if<vmqkit::ndis::FrameView>(&again);
  if (view2 == nullptr || view2->destination != view->destination ||
      view2->ether_type != view->ether_type || view2->tag != view->tag ||
      view2->service_tag != view->service_tag) {
    __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const vmqkit::ndis::ByteView bytes(data, size);
  CheckFrame(bytes, true);
  CheckFrame(bytes, false);
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (const auto mac = vmqkit::ndis::ParseMacAddress(text)) {
    if (vmqkit::ndis::ParseMacAddress(vmqkit::ndis::ToString(*mac)) != mac) __builtin_trap();
  }
  return 0;
}
