// libFuzzer target: the .reg reader and the adapter grouping behind `vmqkit advertise --registry`.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "formats/reg_file.h"
#include "spec/advertise.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  vmqkit::Result<vmqkit::spec::RegistryFile> file =
      vmqkit::formats::ParseRegFile(bytes, "fuzz.reg");
  if (!file) return 0;
  const vmqkit::spec::HostRegistry host = vmqkit::spec::ToHostRegistry(*file, "fuzz.reg");
  for (const auto& adapter : host.adapters) {
    (void)vmqkit::spec::DecideAdvertisement({}, adapter.key, host.vmsmp_parameters);
  }
  // Whatever parsed must write back and parse again.
  const std::string written =
      vmqkit::formats::WriteRegFile(*file, vmqkit::formats::RegEncoding::kUtf16Le);
  if (!vmqkit::formats::ParseRegFile(written, "rewritten.reg")) __builtin_trap();
  return 0;
}
