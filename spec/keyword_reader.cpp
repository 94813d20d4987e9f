#include "spec/keyword_reader.h"

#include <charconv>

namespace vmqkit::spec {
namespace {

std::string Quote(std::string_view s) { return "\"" + std::string(s) + "\""; }

std::string Describe(const RegistryValue& raw) {
  if (raw.type == RegType::kSz) return "REG_SZ " + Quote(raw.text);
  if (raw.type == RegType::kDword) return "REG_DWORD " + std::to_string(raw.number);
  return ToString(raw.type);
}

}  // namespace

std::string_view ToString(Severity severity) {
  switch (severity) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kNote: return "note";
  }
  return "?";
}

IntegerParse ParseNdisInteger(const RegistryValue& raw) {
  // [DDI] ndis/nf-ndis-ndisreadconfiguration: NdisParameterInteger returns REG_DWORD values and
  // converts REG_SZ text to an integer; other registry types cannot be read as integers.
  if (raw.type == RegType::kDword) return {static_cast<std::int64_t>(raw.number & 0xFFFFFFFFu), {}};
  if (raw.type != RegType::kSz) {
    return {std::nullopt, ToString(raw.type) + " cannot be read as NdisParameterInteger"};
  }
  // Decimal text with optional surrounding blanks and sign (docs/errata.md E-007).
  std::string_view s = raw.text;
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  bool negative = false;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  std::int64_t magnitude = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), magnitude, 10);
  const bool starts_with_digit = !s.empty() && s.front() >= '0' && s.front() <= '9';
  if (!starts_with_digit || ec == std::errc::invalid_argument || end != s.data() + s.size()) {
    return {std::nullopt, "REG_SZ " + Quote(raw.text) + " is not a decimal number"};
  }
  if (ec == std::errc::result_out_of_range || magnitude > 0xFFFFFFFFLL) {
    return {std::nullopt, "REG_SZ " + Quote(raw.text) + " does not fit in 32 bits"};
  }
  return {negative ? -magnitude : magnitude, {}};
}

KeywordReader::KeywordReader(const RegistryKey& adapter, const RegistryKey& vmsmp_parameters)
    : adapter_(adapter), vmsmp_(vmsmp_parameters) {}

const RegistryKey& KeywordReader::KeyFor(const KeywordSpec& spec) const {
  return spec.location == KeywordLocation::kAdapter ? adapter_ : vmsmp_;
}

const RegistryValue* KeywordReader::Peek(const KeywordSpec& spec) const {
  // The registry matches names case-insensitively, so Find() already covers case. A VMSMP value
  // spelt with the current page's '*' is accepted (docs/errata.md E-003); a '*' keyword spelt
  // without it is not: [DDI] ndis/nf-ndis-ndisreadconfiguration reads "the name of the entry
  // under the registry key", and "RssOrVmqPreference" is another entry (E-002).
  const RegistryKey& key = KeyFor(spec);
  if (const RegistryValue* v = key.Find(spec.name)) return v;
  if (spec.name.front() == '*') return nullptr;
  return key.Find("*" + std::string(spec.name));
}

const RegistryValue* KeywordReader::PeekWithoutStar(const KeywordSpec& spec) const {
  if (spec.name.front() != '*') return nullptr;
  return KeyFor(spec).Find(spec.name.substr(1));
}

Diagnostic KeywordReader::WithoutStarDiagnostic(const KeywordSpec& spec, const RegistryValue& raw) {
  return {std::string(spec.name),
          Quote(raw.name) + " is not " + std::string(spec.name) +
              ": NdisReadConfiguration looks the keyword up by its name, '*' included, so this "
              "value is not read and the keyword keeps its default (docs/errata.md E-002)",
          Severity::kWarning, raw.pos};
}

KeywordReading KeywordReader::Read(const KeywordSpec& spec) {
  read_.emplace_back(spec.name);
  KeywordReading reading{&spec, spec.default_value, ValueOrigin::kDefault, Peek(spec)};
  const RegistryValue* raw = reading.raw;
  if (raw == nullptr) {
    if (const RegistryValue* bare = PeekWithoutStar(spec)) {
      diagnostics_.push_back(WithoutStarDiagnostic(spec, *bare));
    }
    return reading;
  }

  if (raw->name != spec.name) {
    const auto match = LookupSpelling(raw->name);
    std::string why = "registry names are case-insensitive, so it is read as " + std::string(spec.name);
    if (match && match->match == SpellingMatch::kExtraStar) {
      why = "accepted as an alias of " + std::string(spec.name) +
            ": the VMSMP\\Parameters value has no '*' (docs/errata.md E-003)";
    }
    diagnostics_.push_back({std::string(spec.name),
                            Quote(raw->name) + " is not the canonical spelling; " + why,
                            Severity::kNote, raw->pos});
  }

  const IntegerParse parsed = ParseNdisInteger(*raw);
  if (!parsed.value) {
    reading.origin = ValueOrigin::kIgnored;
    diagnostics_.push_back({std::string(spec.name),
                            parsed.problem + "; ignored, the default " +
                                std::to_string(spec.default_value) + " applies",
                            Severity::kWarning, raw->pos});
    return reading;
  }
  if (!IsAllowedValue(spec, *parsed.value)) {
    reading.origin = ValueOrigin::kIgnored;
    const std::string allowed = spec.type == KeywordType::kInt
                                    ? "range " + std::to_string(spec.min) + ".." + std::to_string(spec.max)
                                    : "an enumeration value";
    diagnostics_.push_back({std::string(spec.name),
                            Describe(*raw) + " is not " + allowed + "; ignored, the default " +
                                std::to_string(spec.default_value) + " applies",
                            Severity::kWarning, raw->pos});
    return reading;
  }
  reading.value = *parsed.value;
  reading.origin = ValueOrigin::kRegistry;
  return reading;
}

KeywordReading KeywordReader::Read(std::string_view canonical_name) {
  const KeywordSpec* spec = FindKeyword(canonical_name);
  // Callers pass catalog names only; an unknown one is a programming error caught by the tests.
  return spec != nullptr ? Read(*spec) : KeywordReading{};
}

void KeywordReader::AddDiagnostic(Diagnostic diagnostic) {
  diagnostics_.push_back(std::move(diagnostic));
}

}  // namespace vmqkit::spec
