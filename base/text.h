#pragma once
// ASCII text helpers for names that Windows compares without regard to case (registry value
// names, INF sections and keys, NDIS_STATUS and OID names). Only ASCII letters fold: these names
// are ASCII, and a locale must not change what matches.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vmqkit {

char ToLowerAscii(char c);
std::string ToLower(std::string_view text);
bool EqualsIgnoreCase(std::string_view a, std::string_view b);
bool StartsWithIgnoreCase(std::string_view text, std::string_view prefix);
bool EndsWithIgnoreCase(std::string_view text, std::string_view suffix);
// `text` without `prefix` when it starts with it (ignoring case), else `text`.
std::string_view StripPrefixIgnoreCase(std::string_view text, std::string_view prefix);
// Without leading blanks (space, tab) and trailing blanks and carriage returns.
std::string_view TrimView(std::string_view s);
// The value of a hex digit ('0'-'9', 'a'-'f', 'A'-'F'), or -1 for any other character.
int HexDigitValue(char c);
// "0x1F" / "0X1f" -> 31; anything else (including an empty or overlong number) -> nullopt.
std::optional<std::uint32_t> ParseHexU32(std::string_view text);

}  // namespace vmqkit
