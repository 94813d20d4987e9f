#pragma once
// Reading a standardized keyword the way a miniport does: NdisReadConfiguration with
// NdisParameterInteger, then the documented range check ([DDI] ndis/nf-ndis-ndisreadconfiguration:
// NDIS does not validate registry values; an out-of-bounds value means the driver uses a default).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "spec/keyword_catalog.h"
#include "spec/registry.h"

namespace vmqkit::spec {

enum class Severity : std::uint8_t { kError, kWarning, kNote };
std::string_view ToString(Severity severity);

// Something worth telling about a keyword value; never fatal.
struct Diagnostic {
  std::string keyword;  // canonical name when known, else the spelling found
  std::string message;
  Severity severity = Severity::kWarning;
  SourcePos pos;  // where the value was defined, when known
};

enum class ValueOrigin : std::uint8_t {
  kRegistry,  // a valid value was found and used
  kDefault,   // absent: the documented default applies
  kIgnored,   // present but unusable (wrong type, not a number, out of range): the default applies
};

struct KeywordReading {
  const KeywordSpec* spec = nullptr;
  std::int64_t value = 0;  // the effective value
  ValueOrigin origin = ValueOrigin::kDefault;
  const RegistryValue* raw = nullptr;  // the registry value that was looked at, if any
};

// NdisParameterInteger semantics: REG_DWORD as is; REG_SZ as decimal text (optional surrounding
// blanks and sign; anything else makes it "not a number"); every other type is not an integer.
// Returns the integer or a reason why there is none.
struct IntegerParse {
  std::optional<std::int64_t> value;
  std::string problem;
};
IntegerParse ParseNdisInteger(const RegistryValue& raw);

// The values one adapter's miniport can see: its instance key, plus the VMSMP\Parameters key for
// the host keywords. Lookups ignore case (the registry does) and accept a VMSMP value spelt with a
// '*' (E-003); a standardized keyword spelt without its '*' is another value, which
// NdisReadConfiguration does not return for the keyword (E-002): it is reported, not read. Every
// read is recorded, so "which keywords were read" is observable.
class KeywordReader {
 public:
  KeywordReader(const RegistryKey& adapter, const RegistryKey& vmsmp_parameters);

  KeywordReading Read(const KeywordSpec& spec);
  KeywordReading Read(std::string_view canonical_name);  // name must be in the catalog

  const std::vector<std::string>& keywords_read() const { return read_; }
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  // Adds notes for values in the keys that no Read() looked at but that are worth a word
  // (catalog keywords under an alias spelling, obsolete keywords present).
  void AddDiagnostic(Diagnostic diagnostic);

  // The registry value the spelling rules map to `spec`, without recording a read.
  const RegistryValue* Peek(const KeywordSpec& spec) const;
  // A value named like `spec` without its '*' ("RssOrVmqPreference"), which is not the keyword.
  const RegistryValue* PeekWithoutStar(const KeywordSpec& spec) const;
  // The diagnostic for such a value.
  static Diagnostic WithoutStarDiagnostic(const KeywordSpec& spec, const RegistryValue& raw);

 private:
  const RegistryKey& KeyFor(const KeywordSpec& spec) const;

  const RegistryKey& adapter_;
  const RegistryKey& vmsmp_;
  std::vector<std::string> read_;
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace vmqkit::spec
