#include "formats/route_report.h"

#include "formats/scenario_report.h"

namespace vmqkit::formats {

std::string FramesText(const RouteReport& report, bool strict) {
  std::string out;
  for (const RouteFrame& f : report.frames) {
    out += "frame " + std::to_string(f.index) + " (" + std::to_string(f.captured_bytes) + " bytes" +
           (f.cut ? ", cut" : "") + "): ";
    if (strict) {
      out += spec::ToString(f.route.strict);
    } else {
      out += "{";
      for (std::size_t i = 0; i < f.route.permitted.size(); ++i) {
        out += (i ? ", " : "") + spec::ToString(f.route.permitted[i]);
      }
      out += "}";
    }
    out += "  " + f.route.reason + "\n";
  }
  return out;
}

std::string ToText(const RouteReport& report, bool strict) {
  return FramesText(report, strict) + std::to_string(report.frames.size()) + " frames\n";
}

nlohmann::json ToJson(const RouteReport& report) {
  nlohmann::json frames = nlohmann::json::array();
  for (const RouteFrame& f : report.frames) {
    nlohmann::json entry = ToJson(f.route);
    entry["index"] = f.index;
    entry["truncated_by_capture"] = f.cut;
    frames.push_back(entry);
  }
  return {{"scenario", report.scenario},
          {"pcap", report.pcap},
          {"adapter", report.adapter},
          {"setup_findings", report.setup_findings},
          {"frames", frames}};
}

}  // namespace vmqkit::formats
