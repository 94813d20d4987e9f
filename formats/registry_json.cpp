#include "formats/registry_json.h"

#include <nlohmann/json.hpp>

#include "spec/keyword_catalog.h"

namespace vmqkit::formats {

using spec::AdapterRegistry;
using spec::HostRegistry;
using spec::kNetClassKey;
using spec::kVmsmpParametersKey;
using spec::RegistryKey;
using spec::RegistryValue;
using spec::RegType;

namespace {

// Finds the first place nesting exceeds kMaxJsonDepth, ignoring brackets inside strings.
std::optional<std::size_t> TooDeepAt(std::string_view text) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > kMaxJsonDepth) return i;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return std::nullopt;
}

RegistryValue ToRegistryValue(const std::string& name, const nlohmann::json& j, SourcePos pos) {
  RegistryValue v;
  v.name = name;
  v.pos = std::move(pos);
  if (j.is_string()) {
    v.type = RegType::kSz;
    v.text = j.get<std::string>();
  } else if (j.is_number_unsigned() && j.get<std::uint64_t>() <= 0xFFFFFFFFULL) {
    v.type = RegType::kDword;
    v.number = j.get<std::uint64_t>();
  } else if (j.is_number_integer() && j.get<std::int64_t>() >= 0 &&
             j.get<std::int64_t>() <= 0xFFFFFFFFLL) {
    v.type = RegType::kDword;
    v.number = static_cast<std::uint64_t>(j.get<std::int64_t>());
  } else {
    v.type = RegType::kJsonOther;
    v.text = j.dump();
  }
  return v;
}

bool IsHostKeyword(const std::string& name) {
  const auto found = spec::LookupSpelling(name);
  return found && found->spec->location == spec::KeywordLocation::kVmsmpParameters;
}

Result<RegistryKey> ValuesOf(const nlohmann::json& object, const std::string& path,
                             const std::string& file, const std::string& what) {
  if (!object.is_object()) {
    return InputError({file, 0, 0}, what + " must be a JSON object of value names to values");
  }
  RegistryKey key;
  key.path = path;
  key.pos = {file, 0, 0};
  for (const auto& [name, value] : object.items()) {
    key.values.push_back(ToRegistryValue(name, value, {file, 0, 0}));
  }
  return key;
}

}  // namespace

Result<HostRegistry> ParseRegistryJson(std::string_view text, const std::string& file) {
  if (const auto at = TooDeepAt(text)) {
    return InputError(PosOfOffset(text, *at, file),
                      "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
  }
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte counts from 1 and points just past the offending character.
    const std::size_t byte = e.byte > 0 ? e.byte - 1 : 0;
    std::string what = e.what();
    if (const auto colon = what.rfind(": "); colon != std::string::npos)
      what = what.substr(colon + 2);
    return InputError(PosOfOffset(text, byte, file), "invalid JSON: " + what);
  } catch (const nlohmann::json::exception& e) {
    // Not only parse_error: a number too large for a double throws out_of_range (found by
    // fuzz/registry_json_fuzz; regression input fuzz/corpus/registry_json/number-overflow.json).
    return InputError({file, 0, 0}, std::string("invalid JSON: ") + e.what());
  }
  if (!doc.is_object())
    return InputError({file, 1, 1}, "expected a JSON object of registry values");

  HostRegistry host;
  host.origin = file;
  host.vmsmp_parameters.path = std::string(kVmsmpParametersKey);
  if (doc.contains("adapters")) {
    const nlohmann::json& adapters = doc["adapters"];
    if (!adapters.is_object()) {
      return InputError({file, 0, 0}, "\"adapters\" must be an object of subkey -> values");
    }
    for (const auto& [subkey, values] : adapters.items()) {
      Result<RegistryKey> key = ValuesOf(values, std::string(kNetClassKey) + "\\" + subkey, file,
                                         "adapter \"" + subkey + "\"");
      if (!key) return key.error();
      AdapterRegistry adapter{subkey, "", std::move(*key)};
      if (const RegistryValue* d = adapter.key.Find("DriverDesc"); d && d->type == RegType::kSz) {
        adapter.driver_desc = d->text;
      }
      host.adapters.push_back(std::move(adapter));
    }
    if (doc.contains("vmsmp")) {
      Result<RegistryKey> key =
          ValuesOf(doc["vmsmp"], std::string(kVmsmpParametersKey), file, "\"vmsmp\"");
      if (!key) return key.error();
      host.vmsmp_parameters = std::move(*key);
    }
    for (const auto& [name, value] : doc.items()) {
      if (name != "adapters" && name != "vmsmp") {
        return InputError({file, 0, 0},
                          "unexpected top-level member \"" + name +
                              "\" beside \"adapters\" (use \"vmsmp\" for host values)");
      }
    }
    if (host.adapters.empty()) return InputError({file, 0, 0}, "\"adapters\" is empty");
    return host;
  }

  AdapterRegistry adapter;
  adapter.key.path = std::string(kNetClassKey);
  adapter.key.pos = {file, 0, 0};
  for (const auto& [name, value] : doc.items()) {
    RegistryValue v = ToRegistryValue(name, value, {file, 0, 0});
    (IsHostKeyword(name) ? host.vmsmp_parameters : adapter.key).values.push_back(std::move(v));
  }
  if (const RegistryValue* d = adapter.key.Find("DriverDesc"); d && d->type == RegType::kSz) {
    adapter.driver_desc = d->text;
  }
  host.adapters.push_back(std::move(adapter));
  return host;
}

}  // namespace vmqkit::formats
