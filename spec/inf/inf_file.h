#pragma once
// An INF file read the way Windows setup reads it: named sections (case-insensitive, same-named
// sections merged), entries split into a key and comma-separated fields, quotes removed, %strkey%
// tokens substituted from [Strings] / [Strings.<LangID>], ';' comments and '\' continuations.
// Source: [WDD-install] general-syntax-rules-for-inf-files, inf-strings-section.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "base/result.h"

namespace vmqkit::inf {

// One entry ("logical line") of a section, after continuation, comment removal and substitution.
struct InfEntry {
  std::uint32_t line = 0;           // first physical line of the entry
  std::string key;                  // text before an unquoted '=', trimmed; empty if there is none
  bool has_key = false;             // the entry had an unquoted '='
  std::vector<std::string> fields;  // comma-separated fields after '=' (or the whole entry)
};

struct InfSection {
  std::string name;        // as first written
  std::uint32_t line = 0;  // line of the first [name] header
  std::vector<InfEntry> entries;
};

// A problem the reader recovered from; the linter reports it as an `inf-syntax` or
// `inf-undefined-string` finding. The reader itself only fails on undecodable bytes.
struct InfProblem {
  enum class Kind : std::uint8_t { kSyntax, kUndefinedString };
  Kind kind = Kind::kSyntax;
  std::uint32_t line = 0;
  std::string section;
  std::string message;
};

struct InfFile {
  std::string path;
  std::vector<InfSection> sections;  // in order of first appearance
  std::vector<InfProblem> problems;

  // Case-insensitive lookup; nullptr when the file has no such section.
  const InfSection* FindSection(std::string_view name) const;
};

// Reads INF text already decoded to UTF-8. Never fails: problems are recorded in the result.
InfFile ParseInfText(std::string_view text, std::string path);
// Decodes (UTF-16LE with BOM, UTF-8, ANSI) and parses; fails only when the bytes cannot be decoded.
Result<InfFile> ParseInfBytes(std::string_view bytes, std::string path);
// Reads the file from disk; a missing or unreadable file is an input error.
Result<InfFile> ReadInfFile(const std::string& path);

}  // namespace vmqkit::inf
