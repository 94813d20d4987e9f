#include "formats/json_text.h"

#include "formats/registry_json.h"

namespace vmqkit::formats {
namespace {

struct TooDeep {};

}  // namespace

Result<nlohmann::json> ParseJsonText(std::string_view text, const std::string& file) {
  try {
    // The callback refuses deep nesting before it is built, so hostile input cannot exhaust the
    // stack.
    return nlohmann::json::parse(text,
                                 [](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
                                   if (depth > kMaxJsonDepth) throw TooDeep{};
                                   return true;
                                 });
  } catch (const TooDeep&) {
    return InputError({file, 0, 0},
                      "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
  } catch (const nlohmann::json::parse_error& e) {
    std::string what = e.what();
    if (const auto colon = what.rfind(": "); colon != std::string::npos)
      what = what.substr(colon + 2);
    return InputError(PosOfOffset(text, e.byte > 0 ? e.byte - 1 : 0, file),
                      "invalid JSON: " + what);
  } catch (const nlohmann::json::exception& e) {
    // A number too large for a double throws out_of_range, not parse_error (found by
    // fuzz/host_description_fuzz).
    std::string what = e.what();
    if (const auto bracket = what.find("] "); bracket != std::string::npos)
      what = what.substr(bracket + 2);
    return InputError({file, 0, 0}, "invalid JSON: " + what);
  }
}

}  // namespace vmqkit::formats
