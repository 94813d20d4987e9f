#include "base/echoed_text.h"

namespace vmqkit {

std::string ClipEchoedText(std::string_view text, std::size_t limit) {
  if (text.size() <= limit) return std::string(text);
  std::size_t end = limit;
  // A UTF-8 continuation byte (10xxxxxx) is never the first byte left out by the cut.
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0u) == 0x80u) --end;
  return std::string(text.substr(0, end)) + "... (" + std::to_string(text.size()) + " bytes)";
}

}  // namespace vmqkit
