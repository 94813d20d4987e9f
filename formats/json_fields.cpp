#include "formats/json_fields.h"

#include <charconv>

namespace vmqkit::formats {

using nlohmann::json;

Result<std::uint64_t> Unsigned(const json& value, const SourcePos& pos, std::string_view key,
                               std::uint64_t max) {
  std::uint64_t number = 0;
  if (value.is_number_unsigned()) {
    number = value.get<std::uint64_t>();
  } else if (value.is_string()) {
    std::string text = value.get<std::string>();
    std::string_view digits = text;
    int base = 10;
    if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) {
      digits.remove_prefix(2);
      base = 16;
    }
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), number, base);
    if (digits.empty() || error != std::errc{} || end != digits.data() + digits.size()) {
      return InputError(pos, "\"" + std::string(key) + "\": \"" + text + "\" is not a number");
    }
  } else {
    return InputError(pos, "\"" + std::string(key) + "\" must be a non-negative number");
  }
  if (number > max) {
    return InputError(pos, "\"" + std::string(key) + "\" is larger than " + std::to_string(max));
  }
  return number;
}

Result<bool> GetBool(const json& body, const SourcePos& pos, std::string_view key, bool fallback) {
  const auto it = body.find(std::string(key));
  if (it == body.end()) return fallback;
  if (!it->is_boolean()) {
    return InputError(pos, "\"" + std::string(key) + "\" must be true or false");
  }
  return it->get<bool>();
}

Result<std::string> GetString(const json& body, const SourcePos& pos, std::string_view key,
                              std::string fallback) {
  const auto it = body.find(std::string(key));
  if (it == body.end()) return fallback;
  if (!it->is_string()) return InputError(pos, "\"" + std::string(key) + "\" must be a string");
  return it->get<std::string>();
}

Result<ndis::Bytes> Hex(const std::string& text, const SourcePos& pos, std::string_view key) {
  ndis::Bytes bytes;
  std::string digits;
  for (char c : text) {
    if (c == ' ' || c == ':' || c == '-' || c == '\n') continue;
    digits.push_back(c);
  }
  if (digits.size() % 2 != 0) {
    return InputError(pos, "\"" + std::string(key) + "\": odd number of hex digits");
  }
  for (std::size_t i = 0; i < digits.size(); i += 2) {
    std::uint8_t byte = 0;
    auto [end, error] = std::from_chars(digits.data() + i, digits.data() + i + 2, byte, 16);
    if (error != std::errc{} || end != digits.data() + i + 2) {
      return InputError(pos,
                        "\"" + std::string(key) + "\": \"" + digits.substr(i, 2) + "\" is not hex");
    }
    bytes.push_back(byte);
  }
  return bytes;
}

Result<ndis::MacAddress> Mac(const json& body, const SourcePos& pos, std::string_view key) {
  auto text = GetString(body, pos, key, "");
  if (!text) return text.error();
  auto mac = ndis::ParseMacAddress(*text);
  if (!mac) {
    return InputError(pos, "\"" + std::string(key) + "\": \"" + *text + "\" is not a MAC address");
  }
  return *mac;
}

}  // namespace vmqkit::formats
