#pragma once
// Fields of a scenario step's JSON body. Every error names the step's position and the field, so a
// bad line in a hand-written scenario points at itself (docs/formats.md "Scenario files").
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "base/error.h"
#include "base/result.h"
#include "ndis/frame.h"
#include "ndis/wire.h"

namespace vmqkit::formats {

// A JSON number, or a string holding a decimal or 0x-hex number, at most `max`.
Result<std::uint64_t> Unsigned(const nlohmann::json& value, const SourcePos& pos,
                               std::string_view key, std::uint64_t max);

// body[key] as an unsigned T; `fallback` when the field is absent.
template <typename T>
Result<T> Get(const nlohmann::json& body, const SourcePos& pos, std::string_view key, T fallback) {
  const auto it = body.find(std::string(key));
  if (it == body.end()) return fallback;
  auto number = Unsigned(*it, pos, key, std::numeric_limits<T>::max());
  if (!number) return number.error();
  return static_cast<T>(*number);
}

Result<bool> GetBool(const nlohmann::json& body, const SourcePos& pos, std::string_view key,
                     bool fallback);
Result<std::string> GetString(const nlohmann::json& body, const SourcePos& pos,
                              std::string_view key, std::string fallback);

// Hex digits; ' ', ':', '-' and newlines between them are ignored.
Result<ndis::Bytes> Hex(const std::string& text, const SourcePos& pos, std::string_view key);
// body[key] as "02:00:00:00:00:01".
Result<ndis::MacAddress> Mac(const nlohmann::json& body, const SourcePos& pos,
                             std::string_view key);

}  // namespace vmqkit::formats
