// Every mutant of duts/mutants/mutants.txt is caught, by the check the table names, and
// the runner's JSON says which check caught it.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string_view>

#include "conformance/plugin.h"
#include "conformance/runner.h"
#include "reference/dut_ops.h"
#include "vmqkit/test_paths.h"

namespace vmqkit::conformance {
namespace {

// Joined by append: GCC 12 at -O1 misreads operator+ on a short temporary string as an
// out-of-bounds copy (-Warray-bounds), which -Werror turns into a build failure.
std::string PathIn(std::string_view dir, std::string_view file) {
  std::string path(dir);
  path.append(file);
  return path;
}

struct Mutant {
  std::string name;
  std::string check;
  std::string base;  // "minimal" or "reference": the correct DUT under the wrapper
  std::string Library() const {
    return PathIn(
        VMQKIT_MUTANT_DIR,
        "/libmutant_" + std::string(base == "reference" ? "reference_" : "") + name + ".so");
  }
};

std::string Trim(std::string s) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
  while (!s.empty() && s.front() == ' ') s.erase(0, 1);
  return s;
}

// The lines of duts/mutants/mutants.txt (or variants.txt), once per base DUT.
std::vector<Mutant> Lines(std::string_view file) {
  std::ifstream in(PathIn(test::kSourceDir, "/duts/mutants/" + std::string(file)));
  std::vector<Mutant> out;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    const auto a = line.find('|');
    const auto b = line.find('|', a + 1);
    for (const char* base : {"minimal", "reference"})
      out.push_back({Trim(line.substr(0, a)), Trim(line.substr(a + 1, b - a - 1)), base});
  }
  return out;
}

std::vector<Mutant> Mutants() {
  return Lines("mutants.txt");
}

TEST(Mutants, TableHasAtLeast25) {
  EXPECT_GE(Mutants().size(), 2 * 25u);
}

TEST(Mutants, MinimalPluginLoadsAndPasses) {
  auto dut = LoadDut(PathIn(VMQKIT_PLUGIN_DIR, "/libvmqkit_minimal_dut.so"));
  ASSERT_TRUE(dut.ok()) << ToString(dut.error());
  RunOptions o;
  o.steps = 1'000;
  const RunReport report = RunConformance((*dut)->ops(), "plugin", o);
  EXPECT_FALSE(report.failed()) << SummaryTable(report);
}

TEST(PluginSearch, ANameIsFoundInTheFirstDirectoryThatHasIt) {
  // `--dut minimal` is libvmqkit_minimal_dut.so in the first directory holding it; a path or a
  // .so name is a file and is not searched for.
  auto found = FindDutPlugin("minimal", {"/nonexistent-vmqkit-dir", VMQKIT_PLUGIN_DIR});
  ASSERT_TRUE(found.ok()) << ToString(found.error());
  EXPECT_EQ(*found, PathIn(VMQKIT_PLUGIN_DIR, "/libvmqkit_minimal_dut.so"));
  EXPECT_TRUE(LoadDut(*found).ok());
  EXPECT_EQ(*FindDutPlugin("./minimal", {VMQKIT_PLUGIN_DIR}), "./minimal");
  EXPECT_EQ(*FindDutPlugin("x.so", {VMQKIT_PLUGIN_DIR}), "x.so");
  auto missing = FindDutPlugin("no-such", {"/nonexistent-vmqkit-dir", VMQKIT_PLUGIN_DIR});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("/nonexistent-vmqkit-dir/libvmqkit_no-such_dut.so"),
            std::string::npos)
      << missing.error().message;
}

TEST(Mutants, LoaderRejectsWhatIsNotAPlugin) {
  EXPECT_FALSE(LoadDut(PathIn(VMQKIT_PLUGIN_DIR, "/no-such-plugin.so")).ok());
  EXPECT_FALSE(CheckOps(nullptr, "x").ok());
  vmqkit_dut_ops ops{};
  ops.abi_version = 2;
  ops.struct_size = sizeof ops;
  EXPECT_FALSE(CheckOps(&ops, "x").ok());
  ops.abi_version = VMQKIT_DUT_ABI_VERSION;
  EXPECT_FALSE(CheckOps(&ops, "x").ok());  // NULL entry points
}

// docs/dut-abi.md "Versions": a table of version 1 as first published (no appended entry point,
// struct_size VMQKIT_DUT_OPS_V1_SIZE) still loads; a shorter one does not (E-023).
TEST(Mutants, LoaderAcceptsAVersion1TableWithoutAppendedEntryPoints) {
  vmqkit_dut_ops ops = reference::DutOps();
  ops.reported_hardware_features = nullptr;
  ops.struct_size = static_cast<std::uint32_t>(VMQKIT_DUT_OPS_V1_SIZE);
  EXPECT_TRUE(CheckOps(&ops, "x").ok());
  ops.struct_size -= 1;
  EXPECT_FALSE(CheckOps(&ops, "x").ok());
}

class EveryMutant : public ::testing::TestWithParam<Mutant> {};

TEST_P(EveryMutant, IsCaughtByItsCheck) {
  const Mutant& m = GetParam();
  auto dut = LoadDut(m.Library());
  ASSERT_TRUE(dut.ok()) << ToString(dut.error());
  RunOptions o;
  o.steps = 1'500;
  o.step_timeout_ms = 1'500;
  o.out_dir = ::testing::TempDir() + "/mutant-" + m.base + "-" + m.name;
  const RunReport report = RunConformance((*dut)->ops(), m.name, o);
  ASSERT_TRUE(report.failed()) << m.name << " on " << m.base << " was not caught";
  const nlohmann::json json = ToJson(report);
  bool named = false;
  for (const auto& check : json["checks"]) {
    if (check["check"] == m.check && check["verdict"] == "fail") {
      named = true;
      EXPECT_FALSE(check["rule"].get<std::string>().empty());
      EXPECT_FALSE(check["rule_source"].get<std::string>().empty());
      EXPECT_TRUE(check["counterexample"].is_string());
    }
  }
  EXPECT_TRUE(named) << m.name << " on " << m.base << " was not caught by " << m.check << "\n"
                     << SummaryTable(report);
}

INSTANTIATE_TEST_SUITE_P(Table, EveryMutant, ::testing::ValuesIn(Mutants()),
                         [](const auto& param_info) {
                           std::string n = param_info.param.base + "_" + param_info.param.name;
                           for (char& c : n) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return n;
                         });

// Correct drivers that take a behaviour the sources permit (duts/mutants/variants.txt): each
// passes every check on both bases, so the fix of a false failure stays fixed.
class EveryVariant : public ::testing::TestWithParam<Mutant> {};

TEST_P(EveryVariant, PassesEveryCheck) {
  const Mutant& v = GetParam();
  auto dut = LoadDut(v.Library());
  ASSERT_TRUE(dut.ok()) << ToString(dut.error());
  RunOptions o;
  o.steps = 1'500;
  o.out_dir = ::testing::TempDir() + "/variant-" + v.base + "-" + v.name;
  const RunReport report = RunConformance((*dut)->ops(), v.name, o);
  EXPECT_FALSE(report.failed()) << v.name << " on " << v.base << " (" << v.check << ")\n"
                                << SummaryTable(report);
}

INSTANTIATE_TEST_SUITE_P(Variants, EveryVariant, ::testing::ValuesIn(Lines("variants.txt")),
                         [](const auto& param_info) {
                           std::string n = param_info.param.base + "_" + param_info.param.name;
                           for (char& c : n) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return n;
                         });

}  // namespace
}  // namespace vmqkit::conformance
