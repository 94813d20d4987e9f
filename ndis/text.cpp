#include "ndis/text.h"

#include <charconv>

namespace vmqkit::ndis {
namespace {
char Lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
}  // namespace

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

std::string_view StripPrefixIgnoreCase(std::string_view text, std::string_view prefix) {
  if (text.size() >= prefix.size() && EqualsIgnoreCase(text.substr(0, prefix.size()), prefix)) {
    return text.substr(prefix.size());
  }
  return text;
}

std::optional<std::uint32_t> ParseHexU32(std::string_view text) {
  if (text.size() < 3 || text[0] != '0' || Lower(text[1]) != 'x') return std::nullopt;
  std::string_view digits = text.substr(2);
  std::uint32_t value = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value, 16);
  if (error != std::errc{} || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

}  // namespace vmqkit::ndis
