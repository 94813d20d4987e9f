// TEMPORARY: today's hand-written checks and the check files drive the same engine lines.
#include <gtest/gtest.h>

#include <fstream>

#include "conformance/suites.h"
#include "reference/dut_ops.h"
#include "conformance/device.h"

namespace vmqkit::conformance {
std::vector<std::pair<std::string, CheckResult (*)(const CheckContext&)>> OldScripted();
namespace {

TEST(OldVsFiles, SameLines) {
  CheckContext base;
  base.factory = [](const PlatformSpec& p) { return PluginDevice::Create(&reference::DutOps(), p); };
  std::ofstream dump("/tmp/hchk/diff.txt");
  for (const auto& [name, run] : OldScripted()) {
    std::vector<std::string> old_lines, new_lines;
    CheckContext a = base;
    a.on_step = [&](const nlohmann::json& l) { old_lines.push_back(l.dump()); };
    const CheckResult ra = run(a);
    if (name == "robustness.malformed-buffers") {
      std::ofstream m("/tmp/hchk/malformed_old.txt");
      for (const auto& l : old_lines) m << l << "\n";
    }
    const CheckInfo* info = nullptr;
    for (const auto& c : Checks()) if (c.name == name) info = &c;
    ASSERT_NE(info, nullptr) << name;
    CheckContext b = base;
    b.on_step = [&](const nlohmann::json& l) { new_lines.push_back(l.dump()); };
    const CheckResult rb = info->run(b);
    EXPECT_EQ(ra.verdict, rb.verdict) << name;
    EXPECT_EQ(ra.steps, rb.steps) << name;
    EXPECT_EQ(old_lines.size(), new_lines.size()) << name;
    std::size_t diffs = 0;
    for (std::size_t i = 0; i < std::max(old_lines.size(), new_lines.size()); ++i) {
      const std::string o = i < old_lines.size() ? old_lines[i] : "<none>";
      const std::string n = i < new_lines.size() ? new_lines[i] : "<none>";
      if (o != n && diffs++ < 3) dump << name << " line " << i << "\n  old " << o << "\n  new " << n << "\n";
    }
    EXPECT_EQ(diffs, 0u) << name;
  }
}

}  // namespace
}  // namespace vmqkit::conformance
namespace vmqkit::conformance {
TEST(OldVsFiles, Finding) {
  CheckContext base;
  base.factory = [](const PlatformSpec& p) { return PluginDevice::Create(&reference::DutOps(), p); };
  for (const auto& c : Checks()) {
    if (c.name != "capabilities.num-queues-excludes-default") continue;
    auto r = c.run(base);
    if (r.finding) std::cout << r.finding->rule << " " << r.finding->message << "\n";
  }
}
}
