#pragma once
// Small hand-written INFs for the lint tests: a complete install path (Manufacturer -> models ->
// DDInstall -> AddReg) around an add-registry-section body, so every finding names a device.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "spec/inf/inf_file.h"
#include "spec/inf/lint.h"

namespace vmqkit::inf::test {

inline std::string WrapParams(std::string_view body, std::string_view extra_sections = "") {
  std::string inf =
      "[Version]\n"
      "Signature = \"$Windows NT$\"\n"
      "Class = Net\n"
      "[Manufacturer]\n"
      "%Mfg% = Models, NTamd64\n"
      "[Models.NTamd64]\n"
      "%Dev% = Dev.ndi, PCI\\VEN_8086&DEV_10FB\n"
      "[Dev.ndi]\n"
      "Characteristics = 0x84\n"
      "AddReg = Params.reg\n"
      "[Params.reg]\n";
  inf += body;
  inf += "\n";
  inf += extra_sections;
  inf += "\n[Strings]\nMfg = \"Contoso\"\nDev = \"Contoso 10G NIC\"\n";
  return inf;
}

// An enum keyword declared the documented way.
inline std::string EnumKeyword(std::string_view name, std::string_view def = "1",
                               std::vector<std::string> values = {"0", "1"}) {
  std::string out;
  out +=
      "HKR, Ndi\\params\\" + std::string(name) + ", ParamDesc, 0, \"" + std::string(name) + "\"\n";
  out += "HKR, Ndi\\params\\" + std::string(name) + ", Type, 0, \"enum\"\n";
  out += "HKR, Ndi\\params\\" + std::string(name) + ", Default, 0, \"" + std::string(def) + "\"\n";
  for (const std::string& v : values) {
    out += "HKR, Ndi\\params\\" + std::string(name) + "\\enum, \"" + v + "\", 0, \"Choice " + v +
           "\"\n";
  }
  return out;
}

inline std::string IntKeyword(std::string_view name, std::string_view def, std::string_view min,
                              std::string_view max, std::string_view step = "1",
                              std::string_view type = "int") {
  const std::string key = "HKR, Ndi\\params\\" + std::string(name) + ", ";
  return key + "ParamDesc, 0, \"" + std::string(name) + "\"\n" + key + "Type, 0, \"" +
         std::string(type) + "\"\n" + key + "Default, 0, \"" + std::string(def) + "\"\n" + key +
         "Min, 0, \"" + std::string(min) + "\"\n" + key + "Max, 0, \"" + std::string(max) + "\"\n" +
         key + "Step, 0, \"" + std::string(step) + "\"\n";
}

// The two VMQ keywords every VMQ-capable device offers, written correctly.
inline std::string VmqBase() {
  return EnumKeyword("*VMQ") + EnumKeyword("*VMQVlanFiltering");
}

inline std::vector<Finding> Lint(std::string_view text, LintOptions options = {}) {
  return LintInf(ParseInfText(text, "test.inf"), options);
}

inline std::vector<Finding> Only(const std::vector<Finding>& findings, RuleId rule) {
  std::vector<Finding> out;
  std::copy_if(findings.begin(), findings.end(), std::back_inserter(out),
               [rule](const Finding& f) { return f.rule == rule; });
  return out;
}

}  // namespace vmqkit::inf::test
