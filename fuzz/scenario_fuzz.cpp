// libFuzzer target: the JSON Lines scenario/trace reader, the check-file reader and the model
// runner behind `vmqkit replay` (one VmqModel per adapter, every step kind including the
// check-file steps, reports rendered as JSON). Seeds: fuzz/corpus/scenario and conformance/checks.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "conformance/check_file.h"
#include "conformance/replay.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto file = vmqkit::conformance::ParseCheckFile(text, "fuzz.jsonl");
  if (!file) return 0;
  auto report = vmqkit::conformance::ReplayOnModel(*file);
  if (!report) return 0;
  for (const auto& step : report->steps) {
    (void)vmqkit::formats::ToJson(step).dump(-1, ' ', false,
                                             nlohmann::json::error_handler_t::replace);
  }
  return 0;
}
