#pragma once
// Error and source positions: every input error names the file, line and column it comes from.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace vmqkit {

// A place in an input file; line and column count from 1, 0 means "not known".
struct SourcePos {
  std::string file;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

// The line and column of a byte offset in a text, for readers whose parser reports offsets only.
SourcePos PosOfOffset(std::string_view text, std::size_t offset, const std::string& file);

// "file:line:col" or as much of it as is known, the way compilers print it.
std::string ToString(const SourcePos& pos);

enum class ErrorKind : std::uint8_t {
  kUsage,     // a command line that cannot be obeyed
  kInput,     // a file or buffer that cannot be read as what it claims to be
  kInternal,  // a broken invariant inside vmqkit
};

struct Error {
  ErrorKind kind = ErrorKind::kInput;
  SourcePos where;
  std::string message;
};

// "file:line:col: message", the form the CLI prints for exit code 2.
std::string ToString(const Error& error);

inline Error InputError(SourcePos where, std::string message) {
  return Error{ErrorKind::kInput, std::move(where), std::move(message)};
}
inline Error UsageError(std::string message) {
  return Error{ErrorKind::kUsage, {}, std::move(message)};
}

}  // namespace vmqkit
