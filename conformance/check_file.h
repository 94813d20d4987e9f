#pragma once
// Check files (conformance/checks/<name>.jsonl, docs/formats.md "Check files"): one scripted
// conformance check as a scenario with a header line naming the check, its suite, the rule it
// checks, where the rule is written, and the conditions under which it applies (in the spirit of
// sqllogictest's onlyif/skipif). The steps are scenario steps plus the check-file steps `run`,
// `repeat`, `decision-table` and `compare-runs`; a plain scenario (no header) loads too.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "formats/scenario.h"
#include "ndis/version.h"

namespace vmqkit::conformance {

// One onlyif/skipif condition: an NDIS version bound ("ndis>=6.30", "ndis<6.30") or a receive
// filter capability the DUT advertises in its current capabilities ("dynamic_affinity").
struct Condition {
  std::string text;  // as written, for the skip note
  enum class Kind : std::uint8_t { kNdisAtLeast, kNdisBelow, kCapability } kind = Kind::kCapability;
  ndis::NdisVersion version{};
  std::string capability;
};

struct CheckHeader {
  SourcePos pos;
  std::string name;               // the file's name without .jsonl
  std::string suite;              // `vmqkit conform --suite`
  std::string rule;               // the rule in one sentence
  std::string source;             // where the rule is written
  std::vector<Condition> onlyif;  // every one must hold, or the check is skipped
  std::vector<Condition> skipif;  // any one holding skips the check
};

struct CheckFile {
  std::string file;
  std::optional<CheckHeader> header;         // absent in a plain scenario
  std::vector<formats::ScenarioStep> steps;  // in file order, the header excluded
};

// The step kinds a check file adds to the scenario language.
bool IsCheckStep(std::string_view kind);

// Errors name file:line:column, as formats::ParseScenario's do.
Result<CheckFile> ParseCheckFile(std::string_view text, const std::string& file);
Result<CheckFile> LoadCheckFile(const std::string& path);

// The check files compiled into the library (conformance/CMakeLists.txt lists them in the order
// `vmqkit conform` runs them; conformance/cmake/embed_check_files.cmake writes their text).
struct EmbeddedCheckFile {
  std::string_view path;  // conformance/checks/<name>.jsonl
  std::string_view text;
};
std::span<const EmbeddedCheckFile> EmbeddedCheckFiles();

// Why the check does not apply to what the adapter was configured with and what its DUT
// advertised, or nothing when it applies.
std::optional<std::string> NotApplicable(const CheckHeader& header, const std::string& adapter,
                                         const spec::VmqModel& model);

}  // namespace vmqkit::conformance
