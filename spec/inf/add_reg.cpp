#include "spec/inf/add_reg.h"
#include "base/echoed_text.h"
#include "base/text.h"

#include <algorithm>
#include <array>
#include <charconv>

namespace vmqkit::inf {
namespace {

// [WDD-install] inf-addreg-directive, "reg-root".
constexpr std::array<std::string_view, 5> kRoots{"HKR", "HKLM", "HKCR", "HKCU", "HKU"};

// [WDD-install] inf-addreg-directive, "flags".
constexpr std::uint32_t kFlagBinValueType = 0x00000001;
constexpr std::uint32_t kFlagDelVal = 0x00000004;
constexpr std::uint32_t kFlagKeyOnly = 0x00000010;
constexpr std::uint32_t kTypeMask = 0xFFFF0000;
constexpr std::uint32_t kTypeMultiSz = 0x00010000;
constexpr std::uint32_t kTypeExpandSz = 0x00020000;

// DDInstall sub-sections that are not a decorated DDInstall section themselves.
constexpr std::array<std::string_view, 8> kInstallSuffixes{
    ".services", ".hw",     ".coinstallers",      ".interfaces",
    ".wdf",      ".events", ".logconfigoverride", ".filters"};

std::string StripBackslashes(std::string_view text) {
  while (!text.empty() && text.front() == '\\') text.remove_prefix(1);
  while (!text.empty() && text.back() == '\\') text.remove_suffix(1);
  return std::string(text);
}

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= path.size(); ++i) {
    if (i == path.size() || path[i] == '\\') {
      if (i > start) parts.push_back(path.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

bool IsRoot(std::string_view text) {
  return std::any_of(kRoots.begin(), kRoots.end(),
                     [text](std::string_view r) { return EqualsIgnoreCase(r, text); });
}

RegType TypeOf(std::uint32_t flags) {
  switch (flags & kTypeMask) {
    case 0:
      return (flags & kFlagBinValueType) != 0 ? RegType::kBinary : RegType::kSz;
    case kTypeMultiSz:
      return (flags & kFlagBinValueType) != 0 ? RegType::kDword : RegType::kMultiSz;
    case kTypeExpandSz:
      return (flags & kFlagBinValueType) != 0 ? RegType::kNone : RegType::kExpandSz;
    default:
      return RegType::kBinary;  // other high words carry a binary registry type
  }
}

// The DDInstall sections a models entry's install-section-name refers to: the undecorated one if
// it exists, else its .NT<arch> decorated forms ([WDD-install] inf-ddinstall-section).
std::vector<const InfSection*> InstallSections(const InfFile& file, std::string_view name) {
  if (const InfSection* exact = file.FindSection(name)) return {exact};
  std::vector<const InfSection*> found;
  const std::string prefix = std::string(name) + ".nt";
  for (const InfSection& s : file.sections) {
    if (!StartsWithIgnoreCase(s.name, prefix)) continue;
    const bool sub =
        std::any_of(kInstallSuffixes.begin(), kInstallSuffixes.end(),
                    [&s](std::string_view suffix) { return EndsWithIgnoreCase(s.name, suffix); });
    if (!sub) found.push_back(&s);
  }
  return found;
}

std::vector<const InfSection*> ModelsSections(const InfFile& file, const InfEntry& manufacturer) {
  std::vector<const InfSection*> found;
  if (manufacturer.fields.empty() || manufacturer.fields.front().empty()) return found;
  const std::string& base = manufacturer.fields.front();
  if (const InfSection* s = file.FindSection(base)) found.push_back(s);
  for (std::size_t i = 1; i < manufacturer.fields.size(); ++i) {
    if (manufacturer.fields[i].empty()) continue;
    if (const InfSection* s = file.FindSection(base + "." + manufacturer.fields[i])) {
      found.push_back(s);
    }
  }
  return found;
}

}  // namespace

std::string_view ToString(RegType type) {
  switch (type) {
    case RegType::kSz:
      return "REG_SZ";
    case RegType::kMultiSz:
      return "REG_MULTI_SZ";
    case RegType::kExpandSz:
      return "REG_EXPAND_SZ";
    case RegType::kDword:
      return "REG_DWORD";
    case RegType::kNone:
      return "REG_NONE";
    case RegType::kBinary:
      return "REG_BINARY";
  }
  return "?";
}

std::optional<std::int64_t> ParseInfNumber(std::string_view text) {
  bool negative = false;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  int base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    text.remove_prefix(2);
  }
  if (text.empty()) return std::nullopt;
  std::uint64_t value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  if (value > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
  const auto signed_value = static_cast<std::int64_t>(value);
  return negative ? -signed_value : signed_value;
}

std::optional<NdiParamRef> AsNdiParam(const AddRegEntry& entry) {
  if (!EqualsIgnoreCase(entry.root, "HKR")) return std::nullopt;
  const std::vector<std::string_view> parts = SplitPath(entry.subkey);
  if (parts.size() < 3 || parts.size() > 4) return std::nullopt;
  if (!EqualsIgnoreCase(parts[0], "Ndi") || !EqualsIgnoreCase(parts[1], "params")) {
    return std::nullopt;
  }
  if (parts.size() == 4 && !EqualsIgnoreCase(parts[3], "enum")) return std::nullopt;
  return NdiParamRef{std::string(parts[2]), parts.size() == 4};
}

std::vector<AddRegEntry> ParseAddRegSection(const InfSection& section,
                                            std::vector<AddRegProblem>& problems) {
  std::vector<AddRegEntry> out;
  for (const InfEntry& e : section.entries) {
    if (e.has_key || e.fields.empty() || !IsRoot(e.fields.front())) {
      problems.push_back({e.line,
                          "not a registry entry (expected reg-root,[subkey],"
                          "[value-entry-name],[flags],[value])"});
      continue;
    }
    AddRegEntry entry;
    entry.line = e.line;
    entry.section = section.name;
    entry.root = e.fields[0];
    if (e.fields.size() > 1) entry.subkey = StripBackslashes(e.fields[1]);
    if (e.fields.size() > 2) entry.value_name = e.fields[2];
    if (e.fields.size() > 3 && !e.fields[3].empty()) {
      const std::optional<std::int64_t> flags = ParseInfNumber(e.fields[3]);
      if (!flags || *flags < 0 || *flags > 0xFFFFFFFF) {
        problems.push_back(
            {e.line, "flags '" + ClipEchoedText(e.fields[3]) + "' is not a 32-bit number"});
        continue;
      }
      entry.flags = static_cast<std::uint32_t>(*flags);
    }
    entry.type = TypeOf(entry.flags);
    entry.deletes = (entry.flags & kFlagDelVal) != 0;
    entry.key_only = (entry.flags & kFlagKeyOnly) != 0;
    for (std::size_t i = 4; i < e.fields.size(); ++i) {
      if (i > 4) entry.data += ',';
      entry.data += e.fields[i];
    }
    out.push_back(std::move(entry));
  }
  return out;
}

InstallGraph BuildInstallGraph(const InfFile& file) {
  InstallGraph graph;
  std::vector<std::string> reached;  // lower-case AddReg section names reached from a DDInstall
  if (const InfSection* manufacturer = file.FindSection("Manufacturer")) {
    for (const InfEntry& m : manufacturer->entries) {
      const std::vector<const InfSection*> models = ModelsSections(file, m);
      if (models.empty() && !m.fields.empty() && !m.fields.front().empty()) {
        graph.missing.push_back({m.line, manufacturer->name, m.fields.front(), "models section"});
      }
      for (const InfSection* model : models) {
        for (const InfEntry& d : model->entries) {
          if (d.fields.empty() || d.fields.front().empty()) continue;
          const std::vector<const InfSection*> installs = InstallSections(file, d.fields.front());
          if (installs.empty()) {
            graph.missing.push_back({d.line, model->name, d.fields.front(), "DDInstall section"});
          }
          for (const InfSection* install : installs) {
            auto unit = std::find_if(graph.units.begin(), graph.units.end(),
                                     [install](const InstallUnit& u) {
                                       return EqualsIgnoreCase(u.section, install->name);
                                     });
            if (unit == graph.units.end()) {
              InstallUnit fresh;
              fresh.section = install->name;
              fresh.line = install->line;
              for (const InfEntry& a : install->entries) {
                if (!a.has_key || !EqualsIgnoreCase(a.key, "AddReg")) continue;
                for (const std::string& name : a.fields) {
                  if (name.empty()) continue;
                  if (file.FindSection(name) == nullptr) {
                    graph.missing.push_back({a.line, install->name, name, "AddReg section"});
                    continue;
                  }
                  fresh.add_reg.push_back(name);
                  reached.push_back(ToLower(name));
                }
              }
              graph.units.push_back(std::move(fresh));
              unit = graph.units.end() - 1;
            }
            const std::string id = d.fields.size() > 1 ? d.fields[1] : std::string();
            if (std::find(unit->device_ids.begin(), unit->device_ids.end(), id) ==
                unit->device_ids.end()) {
              unit->device_ids.push_back(id);
              unit->descriptions.push_back(d.key);
            }
          }
        }
      }
    }
  }
  for (const InfSection& s : file.sections) {
    if (std::find(reached.begin(), reached.end(), ToLower(s.name)) != reached.end()) continue;
    std::vector<AddRegProblem> ignored;
    const std::vector<AddRegEntry> entries = ParseAddRegSection(s, ignored);
    const bool has_params = std::any_of(entries.begin(), entries.end(), [](const AddRegEntry& e) {
      return AsNdiParam(e).has_value();
    });
    if (has_params) graph.unreferenced_param_sections.push_back(s.name);
  }
  return graph;
}

}  // namespace vmqkit::inf
