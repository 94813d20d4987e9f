// Properties of the .reg writer and reader together (RapidCheck, fixed seed).
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "formats/reg_file.h"

namespace vmqkit::formats {
namespace {

using spec::kNetClassKey;
using spec::RegistryFile;
using spec::RegistryKey;
using spec::RegistryValue;
using spec::RegType;

RC_GTEST_PROP(RegFileProperties, WriteThenParseGivesTheSameValues, ()) {
  RegistryFile file;
  const int keys = *rc::gen::inRange(1, 4);
  for (int k = 0; k < keys; ++k) {
    RegistryKey key;
    key.path = std::string(kNetClassKey) + "\\000" + std::to_string(k);
    const auto names = *rc::gen::container<std::vector<std::string>>(
        rc::gen::nonEmpty(rc::gen::container<std::string>(rc::gen::oneOf(
            rc::gen::inRange('a', '{'), rc::gen::element('*', '"', '\\', ' ', '=')))));
    for (const std::string& name : names) {
      RegistryValue v;
      v.name = name;
      switch (*rc::gen::inRange(0, 6)) {
        case 0:
          v.type = RegType::kSz;
          v.text = *rc::gen::container<std::string>(
              rc::gen::oneOf(rc::gen::inRange(' ', '~'), rc::gen::element('\\', '"')));
          break;
        case 1:
          v.type = RegType::kDword;
          v.number = *rc::gen::arbitrary<std::uint32_t>();
          break;
        case 2:
          v.type = RegType::kQword;
          v.number = *rc::gen::arbitrary<std::uint64_t>();
          break;
        case 3:
          v.type = RegType::kBinary;
          v.bytes =
              *rc::gen::container<std::vector<std::uint8_t>>(rc::gen::arbitrary<std::uint8_t>());
          break;
        case 4:
          v.type = RegType::kMultiSz;
          v.strings = *rc::gen::container<std::vector<std::string>>(
              rc::gen::nonEmpty(rc::gen::container<std::string>(rc::gen::inRange('a', '{'))));
          break;
        default:
          v.type = RegType::kExpandSz;
          v.text = *rc::gen::container<std::string>(rc::gen::inRange('A', '['));
          break;
      }
      key.values.push_back(v);
    }
    file.keys.push_back(key);
  }
  for (RegEncoding encoding : {RegEncoding::kUtf16Le, RegEncoding::kUtf8}) {
    Result<RegistryFile> back = ParseRegFile(WriteRegFile(file, encoding), "round.reg");
    RC_ASSERT(back.ok());
    RC_ASSERT(back->keys.size() == file.keys.size());
    for (std::size_t k = 0; k < file.keys.size(); ++k) {
      RC_ASSERT(back->keys[k].path == file.keys[k].path);
      RC_ASSERT(back->keys[k].values == file.keys[k].values);
    }
  }
}

}  // namespace
}  // namespace vmqkit::formats
