#include "formats/powershell_records.h"

#include <algorithm>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>

#include "base/text.h"
#include "base/text_encoding.h"
#include "formats/json_text.h"

namespace vmqkit::formats {
namespace {

constexpr std::size_t kMaxEcho = 60;  // characters of an input line echoed in a message

std::string Clip(std::string_view text) {
  if (text.size() <= kMaxEcho) return std::string(text);
  return std::string(text.substr(0, kMaxEcho)) + "...";
}

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = text.find('\n', start);
    std::string_view line =
        text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    out.push_back(line);
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

bool IsBlank(std::string_view line) {
  return TrimView(line).empty();
}

// "PS C:\> Get-NetAdapterVmq | Format-List *": a prompt line a transcript or a copy keeps.
bool IsPromptLine(std::string_view line) {
  return line.substr(0, 3) == "PS " && line.find('>') != std::string_view::npos;
}

// "----  ------- --": the rule under a default table's header.
bool IsRuleLine(std::string_view line) {
  const std::string_view t = TrimView(line);
  return t.size() >= 2 && t.find("--") != std::string_view::npos &&
         t.find_first_not_of("- ") == std::string_view::npos;
}

// Which cmdlet a file or prompt line names, to break a tie between kinds.
std::optional<PsKind> KindHint(std::string_view text) {
  const std::string lower = ToLower(text);
  if (lower.find("vmnetworkadapter") != std::string::npos) return PsKind::kVmNetworkAdapter;
  if (lower.find("advancedproperty") != std::string::npos) return PsKind::kAdvancedProperty;
  if (lower.find("netadaptervmq") != std::string::npos) return PsKind::kVmq;
  if (lower.find("netadapterrss") != std::string::npos) return PsKind::kRss;
  if (lower.find("win32_processor") != std::string::npos) return PsKind::kProcessor;
  return std::nullopt;
}

// Gives the record its kind: the one kind whose table holds every property (E-712).
Result<void> Classify(PsRecord& record, std::optional<PsKind> hint) {
  std::vector<PsKind> fits;
  const PsKindInfo* best = nullptr;
  std::size_t best_known = 0;
  for (const PsKindInfo& kind : PsKinds()) {
    std::size_t known = 0;
    for (const PsProperty& p : record.properties) {
      if (kind.Has(p.name)) ++known;
    }
    const bool identified =
        std::any_of(record.properties.begin(), record.properties.end(), [&](const PsProperty& p) {
          return std::any_of(kind.identifying.begin(), kind.identifying.end(),
                             [&](std::string_view id) { return EqualsIgnoreCase(id, p.name); });
        });
    if (known == record.properties.size() || identified) fits.push_back(kind.kind);
    if (best == nullptr || known > best_known) {
      best = &kind;
      best_known = known;
    }
  }
  if (record.properties.empty()) return InputError(record.where, "an object with no properties");
  if (fits.empty()) {
    for (const PsProperty& p : record.properties) {
      if (!best->Has(p.name)) {
        return InputError(p.where, "unknown property \"" + Clip(p.name) + "\": not one of " +
                                       std::string(best->source) + " (" +
                                       std::string(best->cmdlet) +
                                       "), nor of the other cmdlets vmqkit reads (docs/admin.md)");
      }
    }
  }
  if (fits.size() > 1 && hint && std::find(fits.begin(), fits.end(), *hint) != fits.end()) {
    fits = {*hint};
  }
  if (fits.size() > 1) {
    return InputError(record.where,
                      "cannot tell which cmdlet wrote this object: its properties fit both " +
                          std::string(Describe(fits[0]).cmdlet) + " and " +
                          std::string(Describe(fits[1]).cmdlet) +
                          " (save it with `Format-List *` or name the cmdlet in the file name)");
  }
  record.kind = fits.front();
  return {};
}

// Adds a property, mapping a view's label to its property and dropping CIM members.
Result<void> AddProperty(PsRecord& record, std::string_view label, std::string text,
                         const SourcePos& where) {
  std::string name(label);
  if (const auto property = PropertyOfLabel(label)) name = std::string(*property);
  if (IsCimInstanceMember(name)) return {};
  if (name.empty()) return InputError(where, "a property without a name");
  if (record.Find(name) != nullptr) {
    return InputError(where, "property \"" + Clip(name) + "\" appears twice in one object");
  }
  record.properties.push_back({std::move(name), std::move(text), {}, where});
  return {};
}

// --- text: Format-List and default tables -------------------------------------------------

struct TextReader {
  std::string_view file_text;
  const std::string& file;
  std::vector<std::string_view> lines;
  std::vector<PsRecord> records;
  std::optional<PsKind> hint;

  SourcePos Where(std::size_t index, std::size_t column = 0) const {
    return {file, static_cast<std::uint32_t>(index + 1), static_cast<std::uint32_t>(column)};
  }

  Result<void> Finish(std::optional<PsRecord>& record) {
    if (!record) return {};
    if (Result<void> ok = Classify(*record, hint); !ok) return ok.error();
    records.push_back(std::move(*record));
    record.reset();
    return {};
  }

  // Header lines [first, rule) and the rule at `rule`; rows until a blank line.
  Result<std::size_t> ReadTable(std::size_t first, std::size_t rule) {
    const std::string_view rule_line = lines[rule];
    std::vector<std::pair<std::size_t, std::size_t>> spans;  // [begin, end) of each dash run
    for (std::size_t i = 0; i < rule_line.size();) {
      if (rule_line[i] != '-') {
        ++i;
        continue;
      }
      const std::size_t begin = i;
      while (i < rule_line.size() && rule_line[i] == '-') ++i;
      spans.push_back({begin, i});
    }
    auto cell = [&](std::string_view line, std::size_t column) {
      const std::size_t begin = spans[column].first;
      const std::size_t end =
          column + 1 < spans.size() ? spans[column + 1].first : std::string_view::npos;
      if (begin >= line.size()) return std::string_view{};
      return TrimView(line.substr(begin, end == std::string_view::npos ? end : end - begin));
    };
    std::vector<std::string> names(spans.size());
    for (std::size_t l = first; l < rule; ++l) {
      for (std::size_t c = 0; c < spans.size(); ++c) names[c] += std::string(cell(lines[l], c));
    }
    for (std::size_t c = 0; c < spans.size(); ++c) {
      if (names[c].empty()) {
        return InputError(Where(rule, spans[c].first + 1), "a table column without a header");
      }
    }
    std::size_t row = rule + 1;
    for (; row < lines.size() && !IsBlank(lines[row]) && !IsPromptLine(lines[row]); ++row) {
      PsRecord record;
      record.where = Where(row, 1);
      // Where each cell of this row starts. Dashes are as wide as the header, not the column: a
      // left-aligned value may run on to the right of its dashes, a right-aligned one (ifIndex,
      // Get-NetAdapter's LinkSpeed "866.7 Mbps") start up to three characters left of them and
      // then ends where they end. Any other value across a column's start is text the table
      // cannot hold (a row from another table, a shifted line).
      const std::string_view line = lines[row];
      std::vector<std::size_t> starts(spans.size());
      for (std::size_t c = 0; c < spans.size(); ++c) {
        const std::size_t b = spans[c].first;
        starts[c] = b;
        if (c == 0 || b >= line.size() || line[b - 1] == ' ' || line[b] == ' ') continue;
        const std::size_t space = line.rfind(' ', b - 1);
        const std::size_t end = spans[c].second;
        const bool ends_with_dashes =
            end <= line.size() && line[end - 1] != ' ' && (end == line.size() || line[end] == ' ');
        if (space == std::string_view::npos || space + 4 < b || space <= starts[c - 1] ||
            !ends_with_dashes) {
          return InputError(Where(row, b + 1),
                            "a value runs across the columns of the table's header (line " +
                                std::to_string(rule + 1) + ")");
        }
        starts[c] = space + 1;
      }
      for (std::size_t c = 0; c < spans.size(); ++c) {
        std::string_view value;
        if (starts[c] < line.size()) {
          const std::size_t end = c + 1 < spans.size() ? starts[c + 1] : line.size();
          value = TrimView(line.substr(starts[c], std::min(end, line.size()) - starts[c]));
        }
        if (Result<void> ok =
                AddProperty(record, names[c], std::string(value), Where(row, starts[c] + 1));
            !ok) {
          return ok.error();
        }
      }
      if (Result<void> ok = Classify(record, hint); !ok) return ok.error();
      records.push_back(std::move(record));
    }
    return row;
  }

  Result<void> Read() {
    lines = Lines(file_text);
    std::optional<PsRecord> record;
    std::size_t block_start = 0;  // first line after the last blank or prompt line
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const std::string_view line = lines[i];
      if (IsBlank(line) || IsPromptLine(line)) {
        if (Result<void> ok = Finish(record); !ok) return ok.error();
        if (IsPromptLine(line)) hint = KindHint(line).has_value() ? KindHint(line) : hint;
        block_start = i + 1;
        continue;
      }
      if (IsRuleLine(line)) {
        if (Result<void> ok = Finish(record); !ok) return ok.error();
        if (i == block_start) return InputError(Where(i, 1), "a table rule with no header above");
        Result<std::size_t> next = ReadTable(block_start, i);
        if (!next) return next.error();
        i = *next - 1;
        block_start = *next;
        continue;
      }
      // A header line of a table comes before its rule: look ahead within the block.
      std::size_t ahead = i + 1;
      while (ahead < lines.size() && !IsBlank(lines[ahead]) && !IsRuleLine(lines[ahead]) &&
             lines[ahead].find(" : ") == std::string_view::npos && ahead - i < 3) {
        ++ahead;
      }
      if (ahead < lines.size() && IsRuleLine(lines[ahead]) &&
          line.find(" : ") == std::string_view::npos) {
        continue;  // header text; ReadTable reads it from block_start
      }
      const std::size_t colon = line.find(" : ");
      if (colon != std::string_view::npos && line.front() != ' ') {
        if (!record) record = PsRecord{PsKind::kVmq, Where(i, 1), {}};
        const std::string_view label = TrimView(line.substr(0, colon));
        if (Result<void> ok = AddProperty(
                *record, label, std::string(TrimView(line.substr(colon + 3))), Where(i, 1));
            !ok) {
          return ok.error();
        }
      } else if (line.front() != ' ' && TrimView(line).back() == ':' &&
                 TrimView(line).find(" :") != std::string_view::npos) {
        // "Name :" with an empty value.
        if (!record) record = PsRecord{PsKind::kVmq, Where(i, 1), {}};
        std::string_view label = TrimView(line);
        label = TrimView(label.substr(0, label.size() - 1));
        if (Result<void> ok = AddProperty(*record, label, "", Where(i, 1)); !ok) return ok.error();
      } else if ((line.front() == ' ' || line.front() == '\t') && record &&
                 !record->properties.empty()) {
        // A long value wrapped onto the next line, indented to the value column.
        std::string& text = record->properties.back().text;
        text += (text.empty() ? "" : " ") + std::string(TrimView(line));
      } else {
        return InputError(Where(i, 1),
                          "neither \"Property : value\" of a Format-List, a table "
                          "row, nor a continued value: \"" +
                              Clip(TrimView(line)) + "\"");
      }
    }
    return Finish(record);
  }
};

// --- JSON: ConvertTo-Json of PowerShell 5.1 and 7 --------------------------------------------

// The byte offsets of the elements of the arrays opened at nesting `depth` (1: the top array; 2:
// PowerShell 5.1's "value" array), in order, outside strings.
std::vector<std::size_t> ElementStarts(std::string_view text, int depth) {
  std::vector<std::size_t> out;
  int level = 0;
  bool in_string = false;
  bool expect = false;  // a value of the array at `depth` starts at the next token
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    if (expect && level == depth && c != ']') {
      out.push_back(i);
      expect = false;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++level;
      if (c == '[' && level == depth) expect = true;
    } else if (c == '}' || c == ']') {
      --level;
    } else if (c == ',' && level == depth) {
      expect = true;
    }
  }
  return out;
}

// The line of `"name":` after `from`, else the object's own line.
SourcePos KeyPos(std::string_view text, std::size_t from, std::string_view name,
                 const std::string& file) {
  const std::string needle = "\"" + std::string(name) + "\"";
  const std::size_t at = text.find(needle, from);
  return PosOfOffset(text, at == std::string_view::npos ? from : at, file);
}

std::string ScalarText(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "True" : "False";
  if (v.is_null()) return "";
  return v.dump();
}

Result<void> AddJsonObject(const nlohmann::json& object, std::string_view text, std::size_t start,
                           const std::string& file, std::optional<PsKind> hint,
                           std::vector<PsRecord>& records) {
  PsRecord record;
  record.where = PosOfOffset(text, start, file);
  for (const auto& [name, value] : object.items()) {
    const SourcePos where = KeyPos(text, start, name, file);
    if (IsCimInstanceMember(name)) continue;
    std::string flat;
    std::vector<std::pair<std::string, std::string>> members;
    if (value.is_array()) {
      // Elements are also the property's members ("0", "1", ...), for lists whose elements
      // hold spaces (Get-VMSwitch's NetAdapterInterfaceDescriptions). Objects in an array
      // (Get-VMSwitch's Extensions) are kept as their JSON text; no reader reads them.
      for (const nlohmann::json& e : value) {
        const std::string element = e.is_structured() ? e.dump() : ScalarText(e);
        members.emplace_back(std::to_string(members.size()), element);
        flat += (flat.empty() ? "" : " ") + element;
      }
    } else if (value.is_object()) {
      for (const auto& [member, inner] : value.items()) {
        members.emplace_back(member, inner.is_structured() ? inner.dump() : ScalarText(inner));
      }
    } else {
      flat = ScalarText(value);
    }
    if (Result<void> ok = AddProperty(record, name, flat, where); !ok) return ok.error();
    if (!members.empty()) {
      for (PsProperty& p : record.properties) {
        if (p.name == name) p.members = std::move(members);
      }
    }
  }
  if (Result<void> ok = Classify(record, hint); !ok) return ok.error();
  records.push_back(std::move(record));
  return {};
}

Result<std::vector<PsRecord>> ParseJsonOutput(std::string_view text, const std::string& file,
                                              std::optional<PsKind> hint) {
  Result<nlohmann::json> parsed = ParseJsonText(text, file);
  if (!parsed) {
    Error e = parsed.error();
    e.message = "ConvertTo-Json output: " + e.message + " (truncated?)";
    return e;
  }
  const nlohmann::json& doc = *parsed;
  std::vector<PsRecord> records;
  // PowerShell 5.1 `ConvertTo-Json -InputObject @(...)` wraps an array: {"value": [...],
  // "Count": n}; PowerShell 7 and a pipeline write the array itself, one object alone as an object.
  const nlohmann::json* items = &doc;
  int depth = 1;
  if (doc.is_object() && doc.contains("value") && doc["value"].is_array() && doc.size() <= 2 &&
      (doc.size() == 1 || doc.contains("Count"))) {
    items = &doc["value"];
    depth = 2;
  }
  if (items->is_object()) {
    if (Result<void> ok = AddJsonObject(*items, text, text.find('{'), file, hint, records); !ok) {
      return ok.error();
    }
    return records;
  }
  if (!items->is_array()) {
    return InputError({file, 1, 1}, "ConvertTo-Json output is an object or an array of objects");
  }
  const std::vector<std::size_t> starts = ElementStarts(text, depth);
  std::size_t index = 0;
  for (const nlohmann::json& item : *items) {
    const std::size_t start = index < starts.size() ? starts[index] : 0;
    if (!item.is_object()) {
      return InputError(PosOfOffset(text, start, file),
                        "element " + std::to_string(index) + " of the array is not an object");
    }
    if (Result<void> ok = AddJsonObject(item, text, start, file, hint, records); !ok) {
      return ok.error();
    }
    ++index;
  }
  return records;
}

}  // namespace

const PsProperty* PsRecord::Find(std::string_view name) const {
  for (const PsProperty& p : properties) {
    if (EqualsIgnoreCase(p.name, name)) return &p;
  }
  return nullptr;
}

bool LooksLikePowerShellText(std::string_view text) {
  for (std::string_view line : Lines(text)) {
    const std::string_view t = TrimView(line);
    if (t.empty()) continue;
    if (IsPromptLine(line)) return true;
    if (t.front() == '[' || t.front() == '{') return false;  // JSON or a .reg key
    if (StartsWithIgnoreCase(t, "Windows Registry Editor") || StartsWithIgnoreCase(t, "REGEDIT")) {
      return false;
    }
    return line.find(" : ") != std::string_view::npos || IsRuleLine(line) ||
           t.find("  ") != std::string_view::npos;
  }
  return false;
}

Result<std::vector<PsRecord>> ParsePowerShellOutput(std::string_view text,
                                                    const std::string& file) {
  if (text.find('\0') != std::string_view::npos) {
    return InputError(PosOfOffset(text, text.find('\0'), file),
                      "a NUL character: UTF-16 text without its byte order mark? (Out-File writes "
                      "UTF-16LE with a BOM; save with -Encoding Unicode or UTF8)");
  }
  const std::optional<PsKind> hint = KindHint(file);
  std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && (text[first] == '{' || text[first] == '[')) {
    return ParseJsonOutput(text, file, hint);
  }
  TextReader reader{text, file, {}, {}, hint};
  if (Result<void> ok = reader.Read(); !ok) return ok.error();
  if (reader.records.empty()) return InputError({file, 0, 0}, "no PowerShell output objects");
  return std::move(reader.records);
}

Result<std::vector<PsRecord>> LoadPowerShellOutput(const std::string& path) {
  Result<std::string> bytes = ReadFileBytes(path);
  if (!bytes) return bytes.error();
  Result<std::string> text = DecodeWindowsText(*bytes, path);
  if (!text) return text.error();
  return ParsePowerShellOutput(*text, path);
}

}  // namespace vmqkit::formats
