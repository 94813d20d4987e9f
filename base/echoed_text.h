#pragma once
// Input text that a message echoes back (a line, a value, a section name) is clipped, so a message
// about a 400 KB line never prints the line (docs/errata.md E-955).
#include <cstddef>
#include <string>
#include <string_view>

namespace vmqkit {

inline constexpr std::size_t kEchoedTextLimit = 120;

// `text` when it is at most `limit` bytes; else its first bytes up to `limit` (cut at a UTF-8
// character boundary) followed by "... (N bytes)", N being the whole text's size.
std::string ClipEchoedText(std::string_view text, std::size_t limit = kEchoedTextLimit);

}  // namespace vmqkit
