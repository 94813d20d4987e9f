#include "spec/inf/inf_file.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <utility>

#include "base/echoed_text.h"
#include "base/text.h"
#include "base/text_encoding.h"

namespace vmqkit::inf {
namespace {

// One field while it is being scanned: each character remembers whether it was quoted, so that
// only unquoted blanks are trimmed and only an unquoted final '\' continues the line.
struct RawChar {
  char c;
  bool quoted;
};
using RawField = std::vector<RawChar>;

struct RawEntry {
  std::uint32_t line = 0;
  bool has_key = false;
  RawField key;
  std::vector<RawField> fields{RawField{}};
};

bool IsBlank(char c) {
  return c == ' ' || c == '\t' || c == '\f' || c == '\v';
}

std::string Trimmed(const RawField& field) {
  std::size_t begin = 0;
  std::size_t end = field.size();
  while (begin < end && !field[begin].quoted && IsBlank(field[begin].c)) ++begin;
  while (end > begin && !field[end - 1].quoted && IsBlank(field[end - 1].c)) --end;
  std::string out;
  out.reserve(end - begin);
  for (std::size_t i = begin; i < end; ++i) out += field[i].c;
  return out;
}

std::string TrimBlanks(std::string_view text) {
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end && IsBlank(text[begin])) ++begin;
  while (end > begin && IsBlank(text[end - 1])) --end;
  return std::string(text.substr(begin, end - begin));
}

// Drops an unquoted '\' that is the last non-blank character of the entry so far: the
// line-continuation mark ([WDD-install] general-syntax-rules-for-inf-files, "Line continuation").
bool TakeContinuation(RawEntry& entry) {
  RawField& field = entry.fields.back();
  std::size_t end = field.size();
  while (end > 0 && !field[end - 1].quoted && IsBlank(field[end - 1].c)) --end;
  if (end == 0 || field[end - 1].quoted || field[end - 1].c != '\\') return false;
  field.resize(end - 1);
  return true;
}

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' || text[i] == '\r') {
      lines.push_back(text.substr(start, i - start));
      if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      start = i + 1;
    }
  }
  if (start < text.size()) lines.push_back(text.substr(start));
  return lines;
}

class Parser {
 public:
  explicit Parser(std::string path) { file_.path = std::move(path); }

  InfFile Run(std::string_view text) {
    const std::vector<std::string_view> lines = SplitLines(text);
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const auto number = static_cast<std::uint32_t>(i + 1);
      std::string_view line = lines[i];
      if (!pending_ && i == 0 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
      if (!pending_) {
        const std::string trimmed = TrimBlanks(line);
        if (!trimmed.empty() && trimmed.front() == '[') {
          StartSection(trimmed, number);
          continue;
        }
        entry_ = RawEntry{};
        entry_.line = number;
      }
      pending_ = ScanLine(line, number);
      if (!pending_) FinishEntry();
    }
    if (pending_) {
      Problem(entry_.line, "line continuation at the end of the file");
      FinishEntry();
    }
    Substitute();
    return std::move(file_);
  }

 private:
  void Problem(std::uint32_t line, std::string message,
               InfProblem::Kind kind = InfProblem::Kind::kSyntax) {
    file_.problems.push_back(InfProblem{
        kind, line, current_ < 0 ? "" : file_.sections[static_cast<std::size_t>(current_)].name,
        std::move(message)});
  }

  void StartSection(const std::string& header, std::uint32_t line) {
    const std::size_t close = header.find(']');
    std::string name;
    if (close == std::string::npos) {
      Problem(line, "section header '" + ClipEchoedText(header) + "' has no closing ']'");
      name = TrimBlanks(std::string_view(header).substr(1));
    } else {
      name = TrimBlanks(std::string_view(header).substr(1, close - 1));
      const std::string rest = TrimBlanks(std::string_view(header).substr(close + 1));
      if (!rest.empty() && rest.front() != ';') {
        Problem(line, "text after the section header [" + ClipEchoedText(name) + "]: '" +
                          ClipEchoedText(rest) + "'");
      }
    }
    // Same-named sections are merged ([WDD-install] general-syntax-rules-for-inf-files).
    for (std::size_t i = 0; i < file_.sections.size(); ++i) {
      if (EqualsIgnoreCase(file_.sections[i].name, name)) {
        current_ = static_cast<long>(i);
        return;
      }
    }
    file_.sections.push_back(InfSection{name, line, {}});
    current_ = static_cast<long>(file_.sections.size() - 1);
  }

  // Scans one physical line into entry_; returns true when the entry continues on the next line.
  bool ScanLine(std::string_view line, std::uint32_t number) {
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
      const char c = line[i];
      if (quoted) {
        if (c == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {  // "" is a literal quote
            entry_.fields.back().push_back({'"', true});
            ++i;
          } else {
            quoted = false;
          }
        } else {
          entry_.fields.back().push_back({c, true});
        }
        continue;
      }
      if (c == ';') break;
      if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        entry_.fields.emplace_back();
      } else if (c == '=' && !entry_.has_key && entry_.fields.size() == 1) {
        entry_.has_key = true;
        entry_.key = std::move(entry_.fields.back());
        entry_.fields.back().clear();
      } else {
        entry_.fields.back().push_back({c, false});
      }
    }
    if (quoted) {
      Problem(number, "unterminated quoted string");
      return false;
    }
    return TakeContinuation(entry_);
  }

  void FinishEntry() {
    InfEntry out;
    out.line = entry_.line;
    out.has_key = entry_.has_key;
    out.key = Trimmed(entry_.key);
    for (const RawField& f : entry_.fields) out.fields.push_back(Trimmed(f));
    const bool empty = !out.has_key && out.fields.size() == 1 && out.fields.front().empty() &&
                       std::none_of(entry_.fields.front().begin(), entry_.fields.front().end(),
                                    [](const RawChar& r) { return r.quoted; });
    if (empty) return;
    if (current_ < 0) {
      Problem(out.line, "entry outside of any section");
      return;
    }
    file_.sections[static_cast<std::size_t>(current_)].entries.push_back(std::move(out));
  }

  static bool IsStringsSection(std::string_view name) {
    return EqualsIgnoreCase(name, "Strings") ||
           (name.size() > 8 && EqualsIgnoreCase(name.substr(0, 8), "Strings."));
  }

  // [Strings] wins; a token defined only in a localized [Strings.LangID] section is taken from the
  // first such section, so that a file with only localized strings still reads (docs/errata.md
  // E-901).
  void Substitute() {
    std::map<std::string, std::string> strings;
    for (int pass = 0; pass < 2; ++pass) {
      for (const InfSection& s : file_.sections) {
        const bool primary = EqualsIgnoreCase(s.name, "Strings");
        if (!IsStringsSection(s.name) || primary != (pass == 0)) continue;
        for (const InfEntry& e : s.entries) {
          if (!e.has_key) continue;
          std::string value = e.fields.front();
          for (std::size_t k = 1; k < e.fields.size(); ++k) value += "," + e.fields[k];
          strings.emplace(ToLower(e.key), std::move(value));
        }
      }
    }
    for (InfSection& s : file_.sections) {
      if (IsStringsSection(s.name)) continue;
      current_ = &s - file_.sections.data();
      for (InfEntry& e : s.entries) {
        e.key = Expand(e.key, strings, e.line);
        for (std::string& f : e.fields) f = Expand(f, strings, e.line);
      }
    }
  }

  std::string Expand(const std::string& text, const std::map<std::string, std::string>& strings,
                     std::uint32_t line) {
    if (text.find('%') == std::string::npos) return text;
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] != '%') {
        out += text[i];
        continue;
      }
      if (i + 1 < text.size() && text[i + 1] == '%') {  // %% is a literal percent sign
        out += '%';
        ++i;
        continue;
      }
      const std::size_t close = text.find('%', i + 1);
      if (close == std::string::npos) {
        out += text.substr(i);
        break;
      }
      const std::string token = text.substr(i + 1, close - i - 1);
      const bool dirid = std::all_of(token.begin(), token.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c));
      });
      const auto found = strings.find(ToLower(token));
      if (found != strings.end()) {
        out += found->second;
      } else {
        out += text.substr(i, close - i + 1);
        if (!dirid) {
          Problem(line, "%" + ClipEchoedText(token) + "% is not defined in any [Strings] section",
                  InfProblem::Kind::kUndefinedString);
        }
      }
      i = close;
    }
    return out;
  }

  InfFile file_;
  RawEntry entry_;
  bool pending_ = false;
  long current_ = -1;
};

}  // namespace

const InfSection* InfFile::FindSection(std::string_view name) const {
  for (const InfSection& s : sections) {
    if (EqualsIgnoreCase(s.name, name)) return &s;
  }
  return nullptr;
}

InfFile ParseInfText(std::string_view text, std::string path) {
  return Parser(std::move(path)).Run(text);
}

Result<InfFile> ParseInfBytes(std::string_view bytes, std::string path) {
  Result<std::string> text = DecodeWindowsText(bytes, path);
  if (!text) return text.error();
  // Text never holds NUL: binary data, or UTF-16 without its BOM, would otherwise lint clean.
  if (const std::size_t nul = text->find('\0'); nul != std::string::npos) {
    std::uint32_t line = 1;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < nul; ++i) {
      if ((*text)[i] == '\n') {
        ++line;
        line_start = i + 1;
      }
    }
    return InputError({path, line, static_cast<std::uint32_t>(nul - line_start + 1)},
                      "NUL character in the text (binary data, or UTF-16 without a BOM?)");
  }
  InfFile file = ParseInfText(*text, std::move(path));
  // "An INF file is a text file organized into named sections" ([WDD-install]
  // general-syntax-rules-for-inf-files): text with no section is not an INF file (docs/errata.md
  // E-954).
  if (file.sections.empty()) {
    const std::uint32_t line = file.problems.empty() ? 1 : file.problems.front().line;
    return InputError({file.path, line, 0},
                      "no [section] in the file: not an INF file (an INF file starts with "
                      "sections such as [Version])");
  }
  return file;
}

Result<InfFile> ReadInfFile(const std::string& path) {
  // INF files are small; 64 MiB is far beyond any real one and keeps a stray argument harmless.
  Result<std::string> bytes = ReadFileBytes(path, 64u << 20);
  if (!bytes) return bytes.error();
  if (bytes->empty()) return InputError({path, 0, 0}, "empty file: not an INF file");
  return ParseInfBytes(*bytes, path);
}

}  // namespace vmqkit::inf
