// libFuzzer target: the JSON Lines scenario/trace reader and the model runner behind
// `vmqkit replay` (one VmqModel per adapter, every step kind, reports rendered as JSON).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "formats/scenario_report.h"
#include "formats/scenario_runner.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto steps = vmqkit::formats::ParseScenario(text, "fuzz.jsonl");
  if (!steps) return 0;
  auto report = vmqkit::formats::RunScenario(*steps, "fuzz.jsonl");
  if (!report) return 0;
  for (const auto& step : report->steps) {
    (void)vmqkit::formats::ToJson(step).dump(-1, ' ', false,
                                             nlohmann::json::error_handler_t::replace);
  }
  return 0;
}
