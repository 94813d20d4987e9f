#pragma once
// Small builders for registry keys in tests.
#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>
#include <variant>

#include "spec/registry.h"

namespace vmqkit::spec::test {

using Raw = std::variant<std::string, std::uint32_t>;  // REG_SZ text or REG_DWORD

inline RegistryValue Value(std::string name, const Raw& raw) {
  RegistryValue v;
  v.name = std::move(name);
  if (const auto* text = std::get_if<std::string>(&raw)) {
    v.type = RegType::kSz;
    v.text = *text;
  } else {
    v.type = RegType::kDword;
    v.number = std::get<std::uint32_t>(raw);
  }
  return v;
}

inline RegistryKey Key(std::initializer_list<std::pair<std::string, Raw>> values) {
  RegistryKey key;
  key.path = std::string(kNetClassKey) + "\\0007";
  for (const auto& [name, raw] : values) key.values.push_back(Value(name, raw));
  return key;
}

}  // namespace vmqkit::spec::test
