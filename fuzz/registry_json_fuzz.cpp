// libFuzzer target: the JSON registry reader and the decision it feeds.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "formats/registry_json.h"
#include "spec/advertise.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  vmqkit::Result<vmqkit::spec::HostRegistry> host =
      vmqkit::formats::ParseRegistryJson(text, "fuzz.json");
  if (!host) return 0;
  for (const auto& adapter : host->adapters) {
    (void)vmqkit::spec::DecideAdvertisement({}, adapter.key, host->vmsmp_parameters);
  }
  return 0;
}
