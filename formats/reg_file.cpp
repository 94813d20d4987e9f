#include "formats/reg_file.h"

#include <cctype>
#include <charconv>

#include "base/text_encoding.h"

namespace vmqkit::formats {

using spec::RegistryFile;
using spec::RegistryKey;
using spec::RegistryValue;
using spec::RegType;

namespace {

// A logical line: physical lines joined at '\' continuations, remembering where each part came
// from so an error inside a continued hex list still names its physical line and column.
struct LogicalLine {
  std::string text;
  struct Part {
    std::size_t offset;  // in text
    std::uint32_t line;
    std::uint32_t column;  // column of the part's first character
  };
  std::vector<Part> parts;

  SourcePos PosAt(std::size_t offset, const std::string& file) const {
    const Part* part = &parts.front();
    for (const Part& p : parts) {
      if (p.offset <= offset) part = &p;
    }
    return {file, part->line, part->column + static_cast<std::uint32_t>(offset - part->offset)};
  }
};

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t nl = text.find('\n', start);
    std::string_view line =
        text.substr(start, nl == std::string_view::npos ? text.npos : nl - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return lines;
}

std::string_view TrimRight(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::size_t SkipBlanks(std::string_view s, std::size_t i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  return i;
}

class Parser {
 public:
  Parser(std::string_view text, const std::string& file) : lines_(SplitLines(text)), file_(file) {}

  Result<RegistryFile> Run() {
    if (Result<void> header = ReadHeader(); !header) return header.error();
    while (index_ < lines_.size()) {
      const std::uint32_t line_no = static_cast<std::uint32_t>(index_ + 1);
      const std::string_view raw = lines_[index_++];
      const std::size_t first = SkipBlanks(raw, 0);
      const std::string_view line = TrimRight(raw.substr(first));
      if (line.empty() || line.front() == ';') continue;
      const auto column = static_cast<std::uint32_t>(first + 1);
      if (line.front() == '[') {
        if (Result<void> r = ReadKey(line, line_no, column); !r) return r.error();
      } else if (line.front() == '"' || line.front() == '@') {
        LogicalLine logical = JoinContinuations(line, line_no, column);
        if (Result<void> r = ReadValue(logical); !r) return r.error();
      } else {
        return InputError({file_, line_no, column},
                          "expected a [key] line, a \"name\"=value line or a ';' comment");
      }
    }
    return std::move(result_);
  }

 private:
  Result<void> ReadHeader() {
    while (index_ < lines_.size() && TrimRight(lines_[index_]).empty()) ++index_;
    if (index_ == lines_.size()) {
      return InputError({file_, 1, 1},
                        "empty file: expected \"Windows Registry Editor Version 5.00\"");
    }
    const std::string_view header = TrimRight(lines_[index_]);
    if (header == "Windows Registry Editor Version 5.00") {
      unicode_ = true;
    } else if (header == "REGEDIT4") {
      unicode_ = false;
    } else {
      return InputError({file_, static_cast<std::uint32_t>(index_ + 1), 1},
                        "not a registry export: the first line must be \"Windows Registry Editor "
                        "Version 5.00\" or \"REGEDIT4\"");
    }
    ++index_;
    return {};
  }

  Result<void> ReadKey(std::string_view line, std::uint32_t line_no, std::uint32_t column) {
    if (line.back() != ']')
      return InputError({file_, line_no, column}, "key line lacks its closing ']'");
    const std::string_view path = line.substr(1, line.size() - 2);
    if (!path.empty() && path.front() == '-') {
      return InputError({file_, line_no, column + 1},
                        "key deletion ([-...]) is an edit script, not a registry export");
    }
    if (path.empty()) return InputError({file_, line_no, column + 1}, "empty key name");
    result_.keys.push_back(RegistryKey{std::string(path), {file_, line_no, column}, {}});
    return {};
  }

  LogicalLine JoinContinuations(std::string_view first, std::uint32_t line_no,
                                std::uint32_t column) {
    LogicalLine logical;
    logical.parts.push_back({0, line_no, column});
    std::string_view current = first;
    while (!current.empty() && current.back() == '\\' && index_ < lines_.size()) {
      // A trailing '\' continues a hex list; inside a quoted string it is part of an escape,
      // which ReadValue handles on the joined text. Only hex lists are ever continued by regedit.
      if (current.find("=hex") == std::string_view::npos &&
          logical.text.find("=hex") == std::string::npos)
        break;
      logical.text.append(current.substr(0, current.size() - 1));
      const std::string_view next = lines_[index_];
      const std::size_t skip = SkipBlanks(next, 0);
      ++index_;
      logical.parts.push_back({logical.text.size(), static_cast<std::uint32_t>(index_),
                               static_cast<std::uint32_t>(skip + 1)});
      current = TrimRight(next.substr(skip));
    }
    logical.text.append(current);
    return logical;
  }

  // A quoted string starting at text[i] == '"'; \\ and \" are the only escapes regedit writes.
  Result<std::string> ReadQuoted(const LogicalLine& logical, std::size_t& i) {
    const std::string& text = logical.text;
    const std::size_t start = i;
    std::string out;
    for (++i; i < text.size(); ++i) {
      if (text[i] == '\\' && i + 1 < text.size() && (text[i + 1] == '\\' || text[i + 1] == '"')) {
        out += text[++i];
      } else if (text[i] == '"') {
        ++i;
        return out;
      } else {
        out += text[i];
      }
    }
    return InputError(logical.PosAt(start, file_), "unterminated quoted string");
  }

  Result<void> ReadValue(const LogicalLine& logical) {
    if (result_.keys.empty()) {
      return InputError(logical.PosAt(0, file_), "value line before any [key] line");
    }
    const std::string& text = logical.text;
    std::size_t i = 0;
    RegistryValue value;
    value.pos = logical.PosAt(0, file_);
    if (text[0] == '@') {
      i = 1;
    } else {
      Result<std::string> name = ReadQuoted(logical, i);
      if (!name) return name.error();
      value.name = std::move(*name);
    }
    i = SkipBlanks(text, i);
    if (i >= text.size() || text[i] != '=') {
      return InputError(logical.PosAt(i, file_), "expected '=' after the value name");
    }
    i = SkipBlanks(text, i + 1);
    const std::string_view rest = std::string_view(text).substr(i);
    if (rest.empty()) return InputError(logical.PosAt(i, file_), "missing value after '='");
    if (rest.front() == '"') {
      Result<std::string> s = ReadQuoted(logical, i);
      if (!s) return s.error();
      if (SkipBlanks(text, i) != text.size()) {
        return InputError(logical.PosAt(i, file_), "unexpected text after the closing quote");
      }
      value.type = RegType::kSz;
      value.text = std::move(*s);
    } else if (rest == "-") {
      return InputError(logical.PosAt(i, file_),
                        "value deletion (=-) is an edit script, not a registry export");
    } else if (rest.starts_with("dword:")) {
      const std::string_view digits = rest.substr(6);
      std::uint32_t number = 0;
      const auto [end, ec] =
          std::from_chars(digits.data(), digits.data() + digits.size(), number, 16);
      if (digits.empty() || digits.size() > 8 || ec != std::errc{} ||
          end != digits.data() + digits.size()) {
        return InputError(
            logical.PosAt(i + 6, file_),
            "dword: needs 1 to 8 hexadecimal digits, got \"" + std::string(digits) + "\"");
      }
      value.type = RegType::kDword;
      value.number = number;
    } else if (rest.starts_with("hex")) {
      if (Result<void> r = ReadHex(logical, i, value); !r) return r.error();
    } else {
      return InputError(logical.PosAt(i, file_),
                        "unknown value form: expected \"text\", dword:XXXXXXXX or hex(...):..");
    }
    result_.keys.back().values.push_back(std::move(value));
    return {};
  }

  Result<void> ReadHex(const LogicalLine& logical, std::size_t i, RegistryValue& value) {
    const std::string& text = logical.text;
    std::uint32_t type = static_cast<std::uint32_t>(RegType::kBinary);
    std::size_t p = i + 3;
    if (p < text.size() && text[p] == '(') {
      const std::size_t close = text.find(')', p);
      if (close == std::string::npos) return InputError(logical.PosAt(p, file_), "hex( lacks ')'");
      const auto [end, ec] = std::from_chars(text.data() + p + 1, text.data() + close, type, 16);
      if (ec != std::errc{} || end != text.data() + close || close == p + 1) {
        return InputError(logical.PosAt(p + 1, file_),
                          "hex(N): N must be a hexadecimal type number");
      }
      p = close + 1;
    }
    if (p >= text.size() || text[p] != ':')
      return InputError(logical.PosAt(p, file_), "expected ':' after hex");
    ++p;
    std::vector<std::uint8_t> bytes;
    while (p < text.size()) {
      p = SkipBlanks(text, p);
      const std::size_t start = p;
      while (p < text.size() && std::isxdigit(static_cast<unsigned char>(text[p]))) ++p;
      if (p - start != 2) {
        return InputError(logical.PosAt(start, file_),
                          "hex bytes are two hexadecimal digits separated by ','");
      }
      bytes.push_back(static_cast<std::uint8_t>(std::stoul(text.substr(start, 2), nullptr, 16)));
      p = SkipBlanks(text, p);
      if (p < text.size()) {
        if (text[p] != ',')
          return InputError(logical.PosAt(p, file_), "expected ',' between hex bytes");
        ++p;
        if (SkipBlanks(text, p) == text.size()) {
          return InputError(logical.PosAt(p, file_), "hex list ends with ','");
        }
      }
    }
    return Decode(logical, i, type, std::move(bytes), value);
  }

  Result<std::string> BytesToText(const LogicalLine& logical, std::size_t at,
                                  std::vector<std::uint8_t> bytes) {
    std::string raw(bytes.begin(), bytes.end());
    if (!unicode_) return DecodeWindowsText(raw, file_);
    if (raw.size() % 2 != 0)
      return InputError(logical.PosAt(at, file_), "UTF-16 string data has an odd byte count");
    Result<std::string> text = Utf16LeToUtf8(raw, file_);
    if (!text)
      return InputError(logical.PosAt(at, file_), text.error().message + " in string data");
    return text;
  }

  Result<void> Decode(const LogicalLine& logical, std::size_t at, std::uint32_t type,
                      std::vector<std::uint8_t> bytes, RegistryValue& value) {
    value.type = static_cast<RegType>(type);
    switch (value.type) {
      case RegType::kSz:
      case RegType::kExpandSz:
      case RegType::kMultiSz: {
        Result<std::string> text = BytesToText(logical, at, std::move(bytes));
        if (!text) return text.error();
        std::string s = std::move(*text);
        if (value.type == RegType::kMultiSz) {
          // Strings separated by NUL, the list ended by an empty string.
          std::size_t start = 0;
          while (start < s.size()) {
            const std::size_t nul = s.find('\0', start);
            std::string item = s.substr(start, nul == std::string::npos ? s.npos : nul - start);
            if (item.empty()) break;
            value.strings.push_back(std::move(item));
            if (nul == std::string::npos) break;
            start = nul + 1;
          }
        } else {
          if (const auto nul = s.find('\0'); nul != std::string::npos) s.resize(nul);
          value.text = std::move(s);
        }
        return {};
      }
      case RegType::kDword:
      case RegType::kDwordBigEndian:
      case RegType::kQword: {
        const std::size_t want = value.type == RegType::kQword ? 8 : 4;
        if (bytes.size() != want) {
          return InputError(logical.PosAt(at, file_), ToString(value.type) + " needs " +
                                                          std::to_string(want) + " bytes, got " +
                                                          std::to_string(bytes.size()));
        }
        std::uint64_t n = 0;
        for (std::size_t k = 0; k < want; ++k) {
          const std::size_t idx = value.type == RegType::kDwordBigEndian ? k : want - 1 - k;
          n = (n << 8) | bytes[idx];
        }
        value.number = n;
        return {};
      }
      default:
        value.bytes = std::move(bytes);
        return {};
    }
  }

  std::vector<std::string_view> lines_;
  std::size_t index_ = 0;
  const std::string& file_;
  bool unicode_ = true;
  RegistryFile result_;
};

std::string Escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == '"') out += '\\';
    out += c;
  }
  return out;
}

// hex(n):aa,bb,... wrapped like regedit at about 80 columns with '\' continuations.
std::string HexLine(std::string prefix, const std::string& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out = prefix;
  std::size_t width = prefix.size();
  for (std::size_t k = 0; k < bytes.size(); ++k) {
    const auto b = static_cast<unsigned char>(bytes[k]);
    out += kDigits[b >> 4];
    out += kDigits[b & 0xF];
    width += 2;
    if (k + 1 < bytes.size()) {
      out += ',';
      ++width;
      if (width > 76) {
        out += "\\\r\n  ";
        width = 2;
      }
    }
  }
  return out;
}

std::string Utf16Z(std::string_view text) {
  return Utf8ToUtf16Le(text) + std::string(2, '\0');
}

std::string ValueLine(const RegistryValue& v) {
  const std::string name = v.name.empty() ? "@" : "\"" + Escape(v.name) + "\"";
  const auto type_number = static_cast<std::uint32_t>(v.type);
  char hex_type[16];
  const auto [end, ec] = std::to_chars(hex_type, hex_type + sizeof hex_type, type_number, 16);
  const std::string hex_prefix = name + "=hex(" + std::string(hex_type, end) + "):";
  switch (v.type) {
    case RegType::kSz:
      if (v.text.find('\0') == std::string::npos &&
          v.text.find_first_of("\r\n") == std::string::npos) {
        return name + "=\"" + Escape(v.text) + "\"";
      }
      return HexLine(hex_prefix, Utf16Z(v.text));
    case RegType::kDword: {
      char digits[9];
      const auto r = std::to_chars(digits, digits + 8, v.number & 0xFFFFFFFFu, 16);
      const std::string d(digits, r.ptr);
      return name + "=dword:" + std::string(8 - d.size(), '0') + d;
    }
    case RegType::kExpandSz:
      return HexLine(hex_prefix, Utf16Z(v.text));
    case RegType::kMultiSz: {
      std::string all;
      for (const std::string& s : v.strings) all += Utf16Z(s);
      return HexLine(hex_prefix, all + std::string(2, '\0'));
    }
    case RegType::kQword:
    case RegType::kDwordBigEndian: {
      const std::size_t n = v.type == RegType::kQword ? 8 : 4;
      std::string bytes(n, '\0');
      for (std::size_t k = 0; k < n; ++k) {
        const std::size_t shift = 8 * (v.type == RegType::kQword ? k : n - 1 - k);
        bytes[k] = static_cast<char>((v.number >> shift) & 0xFF);
      }
      return HexLine(hex_prefix, bytes);
    }
    case RegType::kBinary:
      return HexLine(name + "=hex:", std::string(v.bytes.begin(), v.bytes.end()));
    case RegType::kJsonOther:
      // No registry type holds it; say so in the file instead of dropping it silently.
      return "; " + name + " has no registry type (JSON " + v.text + "); not written";
    default:
      return HexLine(hex_prefix, std::string(v.bytes.begin(), v.bytes.end()));
  }
}

}  // namespace

Result<RegistryFile> ParseRegFile(std::string_view bytes, const std::string& file) {
  Result<std::string> text = DecodeWindowsText(bytes, file);
  if (!text) return text.error();
  if (text->find('\0') != std::string::npos) {
    std::uint32_t line = 1;
    for (char c : text->substr(0, text->find('\0'))) line += c == '\n' ? 1 : 0;
    return InputError({file, line, 0},
                      "NUL character in the text (binary data, or UTF-16 without a BOM?)");
  }
  return Parser(*text, file).Run();
}

std::string WriteRegFile(const RegistryFile& file, RegEncoding encoding) {
  std::string text = "Windows Registry Editor Version 5.00\r\n";
  for (const RegistryKey& key : file.keys) {
    text += "\r\n[" + key.path + "]\r\n";
    for (const RegistryValue& v : key.values) text += ValueLine(v) + "\r\n";
  }
  if (encoding == RegEncoding::kUtf8) return text;
  return "\xFF\xFE" + Utf8ToUtf16Le(text);
}

}  // namespace vmqkit::formats
