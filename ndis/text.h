#pragma once
// Small text helpers for the vocabulary's name tables (case-insensitive names, hex numbers).
#include <cstdint>
#include <optional>
#include <string_view>

namespace vmqkit::ndis {

bool EqualsIgnoreCase(std::string_view a, std::string_view b);
// `text` without `prefix` when it starts with it (ignoring case), else `text`.
std::string_view StripPrefixIgnoreCase(std::string_view text, std::string_view prefix);
// "0x1F" / "0X1f" -> 31; anything else (including an empty or overlong number) -> nullopt.
std::optional<std::uint32_t> ParseHexU32(std::string_view text);

}  // namespace vmqkit::ndis
