// docs/registers.md is generated from the register table and committed; it must equal what the
// generator prints now, so the documentation cannot drift from the model.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "hwref/register_docs.h"
#include "vmqkit/test_paths.h"

namespace vmqkit::hwref {
namespace {

TEST(RegisterDocs, CommittedRegistersMdEqualsTheGeneratorOutput) {
  const std::string path = std::string(vmqkit::test::kSourceDir) + "/docs/registers.md";
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << "missing " << path
                  << "; regenerate: vmqkit hw registers --markdown > docs/registers.md";
  std::ostringstream text;
  text << in.rdbuf();
  EXPECT_TRUE(text.str() == RegisterMapMarkdown())
      << path << " is stale; regenerate: vmqkit hw registers --markdown > docs/registers.md";
}

TEST(RegisterDocs, EveryRegisterAndFieldAppearsInTheMarkdown) {
  const std::string md = RegisterMapMarkdown();
  for (const RegisterSpec& spec : RegisterTable()) {
    EXPECT_NE(md.find("| " + std::string(spec.name)), std::string::npos) << spec.name;
    EXPECT_NE(md.find("### " + std::string(spec.name) + "\n"), std::string::npos) << spec.name;
    for (const FieldSpec& f : spec.fields) {
      EXPECT_NE(md.find("| " + std::string(f.name) + " | " + BitRange(f)), std::string::npos)
          << spec.name << "." << f.name;
    }
  }
}

TEST(RegisterDocs, OffsetFormulaShowsBothBlocksOfSplitArrays) {
  EXPECT_EQ(OffsetFormula(Spec(RegisterId::kRAL), k82599Profile),
            "0x05400 + 0x8*i (i < 16); 0x0A280 + 0x8*(i-16) (i >= 16)");
  EXPECT_EQ(OffsetFormula(Spec(RegisterId::kRAL), kLargeProfile), "0x100000 + 0x8*i");
  EXPECT_EQ(OffsetFormula(Spec(RegisterId::kVT_CTL), k82599Profile), "0x051B0");
}

}  // namespace
}  // namespace vmqkit::hwref
