// libFuzzer target: the host description JSON behind `vmqkit overlap/advise --host` (topology,
// teams, adapters, embedded registry) and the keyword reading it feeds.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "formats/host_description.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto host = vmqkit::formats::ParseHostDescriptionJson(text, "fuzz.json");
  if (!host) return 0;
  (void)vmqkit::spec::ReadAdapterKeywords(host->registry);
  return 0;
}
