#pragma once
// The conformance checks as one table: each check belongs to a suite, is named after the rule it
// checks and carries its source. A check drives one or more Engine runs and yields a verdict with
// the minimal scenario of its failure. The scripted checks are the files conformance/checks/*.jsonl
// (compiled into the library; conformance/check_file.h), the generated ones RapidCheck state
// machines (streams.cpp).
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "conformance/check_file.h"
#include "conformance/coverage_model.h"
#include "conformance/engine.h"

namespace vmqkit::conformance {

enum class Verdict : std::uint8_t { kPass, kFail, kSkip };
std::string_view ToString(Verdict verdict);

struct CheckContext {
  DeviceFactory factory;
  EngineOptions options;
  std::uint64_t seed = 1;
  std::size_t steps = 10'000;  // budget for the generated streams, shared by the random checks
  // Streams every scenario line of the run in progress (the runner's crash/hang record); a line
  // {"step":"#run"} starts a new run.
  std::function<void(const nlohmann::json&)> on_step;
};

struct CheckResult {
  Verdict verdict = Verdict::kPass;
  std::optional<Finding> finding;
  std::vector<nlohmann::json> scenario;  // the minimal scenario of a failure
  std::size_t steps = 0;                 // steps executed on model and DUT
  std::string note;                      // skip reason, or what ran
  Coverage coverage;                     // the bins its steps hit (conformance/coverage_model.h)
  std::vector<Finding> waivers;          // waived violations its steps met (--waive)
};

struct CheckInfo {
  std::string_view suite;
  std::string_view name;    // the rule, e.g. "lifecycle.free-pends-while-outstanding"
  std::string_view source;  // where the rule is written
  bool generated;           // spends the --steps budget (RapidCheck)
  std::function<CheckResult(const CheckContext& context)> run;
};

// Every check, in suite order: the check files in the order conformance/CMakeLists.txt lists
// them, each suite's generated checks after its scripted ones.
std::span<const CheckInfo> Checks();
std::vector<std::string> SuiteNames();

// A check file on the engine: its runs' steps counted, or the failing run as the minimal scenario
// (its finding prefixed with the run's label), or a skip when its onlyif/skipif say so.
CheckResult RunCheckFile(const CheckFile& file, const CheckContext& context);

// RapidCheck-generated checks (streams.cpp).
CheckResult RunLifecycleStreams(const CheckContext& context);
CheckResult RunRandomRegistries(const CheckContext& context);
CheckResult RunRandomRouting(const CheckContext& context);
CheckResult RunVmChurn(const CheckContext& context);

// Helpers shared by the suites and the stream generators.
spec::ModelConfig VmqConfig(ndis::NdisVersion version = ndis::kNdis630);
spec::OidRequest AllocateQueueRequest(ndis::NdisVersion version, std::uint64_t mask,
                                      std::uint16_t group = 0, std::uint32_t flags = 0);
spec::OidRequest SetFilterRequest(ndis::NdisVersion version, std::uint32_t queue_id,
                                  const ndis::MacAddress& mac, std::optional<std::uint16_t> vlan,
                                  bool untagged_or_zero);
spec::OidRequest ClearFilterRequest(std::uint32_t queue_id, std::uint32_t filter_id);
spec::OidRequest FreeQueueRequest(std::uint32_t queue_id);
spec::OidRequest CompleteRequest(const std::vector<std::uint32_t>& queue_ids);
spec::OidRequest QueueAffinityRequest(ndis::NdisVersion version, std::uint32_t queue_id,
                                      std::uint64_t mask, std::uint16_t group = 0);
ndis::MacAddress GuestMac(std::uint8_t n);
ndis::Bytes Frame(const ndis::MacAddress& destination, std::optional<std::uint16_t> vlan,
                  std::size_t length = ndis::kMinimumFrameSize);
// A finished engine run as a check result.
CheckResult ResultOf(const Engine& engine);

}  // namespace vmqkit::conformance
