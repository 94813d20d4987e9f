#include "base/error.h"

namespace vmqkit {

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
