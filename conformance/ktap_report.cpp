// The conformance run as KTAP version 1 (docs.kernel.org/dev-tools/ktap.html): version line,
// plan, one result line per check, directives and diagnostics after "#".
#include <string>

#include "conformance/runner.h"

namespace vmqkit::conformance {
namespace {

// A description or diagnostic stays on one line and never opens a directive early: '#' would
// start the directive, a newline would end the line.
std::string OneLine(std::string_view text) {
  std::string out;
  for (const char c : text) out += (c == '\n' || c == '\r') ? ' ' : (c == '#' ? '_' : c);
  return out;
}

}  // namespace

std::string ToKtap(const RunReport& report) {
  std::string out = "KTAP version 1\n";
  out += "# vmqkit conform: " + OneLine(report.dut) + ", seed " +
         std::to_string(report.options.seed) + "\n";
  out += "1.." + std::to_string(report.checks.size()) + "\n";
  std::size_t number = 0;
  for (const CheckRecord& c : report.checks) {
    ++number;
    const std::string id = std::to_string(number) + " " + OneLine(c.name);
    switch (c.result.verdict) {
      case Verdict::kPass:
        out += "ok " + id + "\n";
        break;
      case Verdict::kSkip:
        out += "ok " + id + " # SKIP " + OneLine(c.result.note) + "\n";
        break;
      case Verdict::kFail:
        out += "not ok " + id + "\n";
        if (c.result.finding) {
          out += "# rule " + OneLine(c.result.finding->rule) + " (" +
                 OneLine(c.result.finding->source) + ")\n";
          out += "# " + OneLine(c.result.finding->message) + "\n";
        }
        if (!c.counterexample_path.empty()) {
          out += "# counterexample: " + OneLine(c.counterexample_path) + "\n";
        }
        break;
    }
  }
  return out;
}

}  // namespace vmqkit::conformance
