#pragma once
// A device that replays a trace recorded from a real driver (`vmqkit check-trace`): each trace
// line carries what the driver answered (docs/conformance.md "Record a trace"), and the engine
// judges those answers against the model exactly as it judges a live DUT.
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/result.h"
#include "conformance/device.h"
#include "conformance/engine.h"
#include "formats/scenario.h"

namespace vmqkit::conformance {

// What the driver did at one trace line.
struct TraceAnswer {
  InitializeOutput initialize;  // initialize lines
  OidOutput oid;                // oid lines
  Observed observed;            // reads, indications, status indications, completions
  // FREE_QUEUE completions named by queue id (the engine's request ids are its own).
  std::vector<std::pair<std::uint32_t, std::uint32_t>> free_completions;  // queue, status
};

// Reads the recorded fields of a trace line; errors name the line and the field.
Result<TraceAnswer> ParseTraceAnswer(const formats::ScenarioStep& step);

class TraceDevice final : public Device {
 public:
  // The answer of the line being checked; the check-trace loop sets it before each step.
  void Expect(TraceAnswer answer) { answer_ = std::move(answer); }

  InitializeOutput Initialize() override { return answer_.initialize; }
  OidOutput Request(const OidCall& call) override;
  void Receive(ndis::ByteView) override {}
  void Return(std::span<const std::uint64_t>) override {}
  Observed Take() override;

 private:
  TraceAnswer answer_;
  std::map<std::uint32_t, std::uint64_t> pending_free_;  // queue -> request id
  std::uint64_t next_cookie_ = 1;
};

struct TraceReport {
  std::string file;
  std::size_t steps = 0;
  std::optional<Finding> finding;  // the first divergence
  std::size_t finding_line = 0;
};

// Checks a recorded trace against the model offline.
Result<TraceReport> CheckTrace(const std::vector<formats::ScenarioStep>& steps,
                               const std::string& file);

// `vmqkit check-trace`'s output: the first divergence with its rule, or the step count.
std::string ToText(const TraceReport& report);
nlohmann::json ToJson(const TraceReport& report);

}  // namespace vmqkit::conformance
