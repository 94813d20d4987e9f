#pragma once
// `vmqkit route`'s report: the permitted receive outcomes of every frame of a capture after a
// scenario, rendered once for people (ToText) and once for programs (ToJson).
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "spec/route.h"

namespace vmqkit::formats {

struct RouteFrame {
  std::size_t index = 0;  // 1-based, capture order
  std::uint32_t captured_bytes = 0;
  bool cut = false;  // the snapshot length cut it: not the frame that was on the wire
  spec::RouteResult route;
};

struct RouteReport {
  std::string scenario;
  std::string pcap;
  std::string adapter;
  std::size_t setup_findings = 0;
  std::vector<RouteFrame> frames;
};

// One line per frame: the permitted set, or with `strict` the recommended outcome.
std::string FramesText(const RouteReport& report, bool strict);
// FramesText and the frame count.
std::string ToText(const RouteReport& report, bool strict);
nlohmann::json ToJson(const RouteReport& report);

}  // namespace vmqkit::formats
