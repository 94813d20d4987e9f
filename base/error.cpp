#include "base/error.h"

namespace vmqkit {

SourcePos PosOfOffset(std::string_view text, std::size_t offset, const std::string& file) {
  std::uint32_t line = 1;
  std::uint32_t column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {file, line, column};
}

std::string ToString(const SourcePos& pos) {
  std::string out = pos.file;
  if (pos.line != 0) {
    out += ':' + std::to_string(pos.line);
    if (pos.column != 0) out += ':' + std::to_string(pos.column);
  }
  return out;
}

std::string ToString(const Error& error) {
  const std::string where = ToString(error.where);
  return where.empty() ? error.message : where + ": " + error.message;
}

}  // namespace vmqkit
