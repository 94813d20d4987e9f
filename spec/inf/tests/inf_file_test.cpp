// The INF reader: syntax of [WDD-install] general-syntax-rules-for-inf-files and
// inf-strings-section.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "base/text_encoding.h"
#include "spec/inf/add_reg.h"
#include "spec/inf/inf_file.h"

namespace vmqkit::inf {
namespace {

TEST(InfReader, SectionsAreCaseInsensitiveAndSameNamedSectionsMerge) {
  const InfFile f = ParseInfText("[A]\nx=1\n[b]\ny=2\n[a]\nz=3\n", "t.inf");
  ASSERT_EQ(f.sections.size(), 2u);
  const InfSection* a = f.FindSection("A");
  ASSERT_NE(a, nullptr);
  ASSERT_EQ(a->entries.size(), 2u);
  EXPECT_EQ(a->entries[1].key, "z");
  EXPECT_EQ(a->entries[1].line, 6u);
  EXPECT_NE(f.FindSection("B"), nullptr);
  EXPECT_TRUE(f.problems.empty());
}

TEST(InfReader, CommentsEndAtSemicolonOutsideQuotes) {
  const InfFile f = ParseInfText("[S]\nk = \"a;b\" ; comment\n; whole line\n", "t.inf");
  const InfSection* s = f.FindSection("S");
  ASSERT_EQ(s->entries.size(), 1u);
  EXPECT_EQ(s->entries[0].fields, std::vector<std::string>{"a;b"});
}

TEST(InfReader, QuotesAreRemovedAndDoubledQuoteIsLiteral) {
  const InfFile f = ParseInfText("[S]\nk = \"say \"\"hi\"\"\",  \"  padded \" , plain \n", "t.inf");
  const InfEntry& e = f.FindSection("S")->entries[0];
  ASSERT_EQ(e.fields.size(), 3u);
  EXPECT_EQ(e.fields[0], "say \"hi\"");
  EXPECT_EQ(e.fields[1], "  padded ");
  EXPECT_EQ(e.fields[2], "plain");
}

TEST(InfReader, BackslashAtLineEndContinuesTheEntry) {
  const InfFile f = ParseInfText("[S]\nAddReg = a, \\\n   b ; c\nnext = 1\n", "t.inf");
  const InfSection* s = f.FindSection("S");
  ASSERT_EQ(s->entries.size(), 2u);
  EXPECT_EQ(s->entries[0].line, 2u);
  EXPECT_EQ(s->entries[0].fields, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(s->entries[1].line, 4u);
}

TEST(InfReader, BackslashInsidePathIsNotContinuation) {
  const InfFile f = ParseInfText("[S]\nHKR, Ndi\\params\\*VMQ\\enum, \"0\", 0, \"x\\\"\n", "t.inf");
  const InfEntry& e = f.FindSection("S")->entries[0];
  EXPECT_EQ(e.fields[1], "Ndi\\params\\*VMQ\\enum");
  EXPECT_EQ(e.fields[4], "x\\");  // a quoted trailing backslash is data
}

TEST(InfReader, StringsAreSubstitutedCaseInsensitively) {
  const InfFile f = ParseInfText(
      "[S]\nk = %Name%, \"%%SystemRoot%%\\x\", %13%\\d.sys, %*VMQ%\n[Strings]\nNAME = \"Contoso\"\n"
      "*VMQ = \"Virtual Machine Queues\"\n",
      "t.inf");
  const InfEntry& e = f.FindSection("S")->entries[0];
  EXPECT_EQ(e.fields[0], "Contoso");
  EXPECT_EQ(e.fields[1], "%SystemRoot%\\x");
  EXPECT_EQ(e.fields[2], "%13%\\d.sys");  // DIRIDs are left alone
  EXPECT_EQ(e.fields[3], "Virtual Machine Queues");
  EXPECT_TRUE(f.problems.empty());
}

TEST(InfReader, LocalizedStringsFillGapsButPlainStringsWin) {
  const InfFile f = ParseInfText(
      "[S]\nk = %a%, %b%\n[Strings.0407]\na = \"de-a\"\nb = \"de-b\"\n[Strings]\na = \"en-a\"\n",
      "t.inf");
  const InfEntry& e = f.FindSection("S")->entries[0];
  EXPECT_EQ(e.fields[0], "en-a");
  EXPECT_EQ(e.fields[1], "de-b");
}

TEST(InfReader, UndefinedStringIsReportedAndKept) {
  const InfFile f = ParseInfText("[S]\nk = %missing%\n", "t.inf");
  EXPECT_EQ(f.FindSection("S")->entries[0].fields[0], "%missing%");
  ASSERT_EQ(f.problems.size(), 1u);
  EXPECT_EQ(f.problems[0].kind, InfProblem::Kind::kUndefinedString);
  EXPECT_EQ(f.problems[0].line, 2u);
}

TEST(InfReader, UnterminatedQuoteAndBadHeaderAreProblemsNotFailures) {
  const InfFile f = ParseInfText("stray = 1\n[S\nk = \"open\n", "t.inf");
  ASSERT_EQ(f.problems.size(), 3u);
  EXPECT_EQ(f.problems[0].line, 1u);  // entry outside any section
  EXPECT_EQ(f.problems[1].line, 2u);  // no ']'
  EXPECT_EQ(f.problems[2].line, 3u);  // unterminated quote
  EXPECT_EQ(f.FindSection("S")->entries[0].fields[0], "open");
}

TEST(InfReader, Utf16LeWithBomAndCrLfReadsLikeUtf8) {
  const std::string text = "[S]\r\nHKR, Ndi\\params\\*VMQ, Default, 0, \"1\"\r\n";
  const std::string bytes = std::string("\xFF\xFE", 2) + Utf8ToUtf16Le(text);
  const Result<InfFile> f = ParseInfBytes(bytes, "t.inf");
  ASSERT_TRUE(f.ok());
  const InfEntry& e = f->FindSection("S")->entries[0];
  EXPECT_EQ(e.line, 2u);
  EXPECT_EQ(e.fields[4], "1");
}

TEST(InfReader, OddUtf16ByteCountIsAnInputError) {
  const Result<InfFile> f = ParseInfBytes(std::string("\xFF\xFE[\0S", 5), "odd.inf");
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().where.file, "odd.inf");
}

TEST(InfReader, MissingFileIsAnInputError) {
  const Result<InfFile> f = ReadInfFile("/nonexistent/vmqkit/none.inf");
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().kind, ErrorKind::kInput);
}

TEST(AddReg, FlagsGiveTheRegistryType) {
  const InfFile f = ParseInfText(
      "[R]\nHKR,,a,,\"x\"\nHKR,,b,0x00010001,1\nHKR,,c,0x00010000,\"x\",\"y\"\nHKR,,d,0x00020000,"
      "\"%%P%%\"\nHKR,,e,1,01\nHKR,,f,0x4,\nHKR,k,,0x10\nHKR,,g,REG_SZ,x\nnot a registry line\n",
      "t.inf");
  std::vector<AddRegProblem> problems;
  const std::vector<AddRegEntry> e = ParseAddRegSection(*f.FindSection("R"), problems);
  ASSERT_EQ(e.size(), 7u);
  EXPECT_EQ(e[0].type, RegType::kSz);
  EXPECT_EQ(e[1].type, RegType::kDword);
  EXPECT_EQ(e[2].type, RegType::kMultiSz);
  EXPECT_EQ(e[2].data, "x,y");
  EXPECT_EQ(e[3].type, RegType::kExpandSz);
  EXPECT_EQ(e[4].type, RegType::kBinary);
  EXPECT_TRUE(e[5].deletes);
  EXPECT_TRUE(e[6].key_only);
  ASSERT_EQ(problems.size(), 2u);  // symbolic flags, and a line without a registry root
  EXPECT_EQ(problems[0].line, 9u);
  EXPECT_EQ(problems[1].line, 10u);
}

TEST(AddReg, NdiParamsSubkeysAreRecognisedCaseInsensitively) {
  AddRegEntry e;
  e.root = "hkr";
  e.subkey = "NDI\\Params\\*VMQ\\Enum";
  const std::optional<NdiParamRef> ref = AsNdiParam(e);
  ASSERT_TRUE(ref.has_value());
  EXPECT_EQ(ref->keyword, "*VMQ");
  EXPECT_TRUE(ref->enum_subkey);
  e.subkey = "Ndi\\params\\*VMQ\\other";
  EXPECT_FALSE(AsNdiParam(e).has_value());
  e.subkey = "Ndi\\Interfaces";
  EXPECT_FALSE(AsNdiParam(e).has_value());
  e.root = "HKLM";
  e.subkey = "Ndi\\params\\*VMQ";
  EXPECT_FALSE(AsNdiParam(e).has_value());
}

TEST(AddReg, InfNumbersAreDecimalOrHex) {
  EXPECT_EQ(ParseInfNumber("16"), 16);
  EXPECT_EQ(ParseInfNumber("0x10"), 16);
  EXPECT_EQ(ParseInfNumber("-1"), -1);
  EXPECT_FALSE(ParseInfNumber("").has_value());
  EXPECT_FALSE(ParseInfNumber("1x").has_value());
  EXPECT_FALSE(ParseInfNumber("0x").has_value());
  EXPECT_FALSE(ParseInfNumber("99999999999999999999").has_value());
}

TEST(InstallGraph, ModelsLeadToDdInstallAndItsAddRegSections) {
  const InfFile f = ParseInfText(
      "[Manufacturer]\n%M% = Std, NTamd64, NTarm64\n[Std.NTamd64]\nd1 = Inst, PCI\\A\nd2 = Inst, "
      "PCI\\B\n[Std.NTarm64]\nd3 = Other, PCI\\C\n[Inst]\nAddReg = r1, r2\nAddReg = gone\n"
      "[Other.NTarm64]\nAddReg = r2\n[r1]\nHKR,,x,,1\n[r2]\nHKR,Ndi\\params\\P,Type,,int\n"
      "[orphan]\nHKR,Ndi\\params\\Q,Type,,int\n[Strings]\nM = \"m\"\n",
      "t.inf");
  const InstallGraph g = BuildInstallGraph(f);
  ASSERT_EQ(g.units.size(), 2u);
  EXPECT_EQ(g.units[0].section, "Inst");
  EXPECT_EQ(g.units[0].device_ids, (std::vector<std::string>{"PCI\\A", "PCI\\B"}));
  EXPECT_EQ(g.units[0].add_reg, (std::vector<std::string>{"r1", "r2"}));
  EXPECT_EQ(g.units[1].section, "Other.NTarm64");  // decorated DDInstall section
  ASSERT_EQ(g.missing.size(), 1u);
  EXPECT_EQ(g.missing[0].name, "gone");
  EXPECT_EQ(g.unreferenced_param_sections, std::vector<std::string>{"orphan"});
}

// Bad input never crashes and every entry keeps a line inside the file.
RC_GTEST_PROP(InfReader, ArbitraryTextNeverCrashesAndLinesStayInRange, (const std::string& text)) {
  const InfFile f = ParseInfText(text, "p.inf");
  const auto lines = static_cast<std::uint32_t>(std::count(text.begin(), text.end(), '\n') +
                                                std::count(text.begin(), text.end(), '\r') + 1);
  for (const InfSection& s : f.sections) {
    for (const InfEntry& e : s.entries) RC_ASSERT(e.line >= 1 && e.line <= lines);
  }
  for (const InfProblem& p : f.problems) RC_ASSERT(p.line <= lines);
  (void)BuildInstallGraph(f);
}

// The UTF-16LE form of a file reads exactly like its UTF-8 form.
RC_GTEST_PROP(InfReader, Utf16AndUtf8FormsReadTheSame, ()) {
  const std::string text = *rc::gen::container<std::string>(
      rc::gen::element('[', ']', 'a', 'B', ',', '=', '"', ';', '%', '\\', ' ', '\n', '\r', '1'));
  const InfFile utf8 = ParseInfText(text, "p.inf");
  const Result<InfFile> utf16 =
      ParseInfBytes(std::string("\xFF\xFE", 2) + Utf8ToUtf16Le(text), "p.inf");
  // Text with no section is refused in either form (E-954).
  RC_ASSERT(utf16.ok() == !utf8.sections.empty());
  if (!utf16.ok()) return;
  RC_ASSERT(utf16->sections.size() == utf8.sections.size());
  for (std::size_t i = 0; i < utf8.sections.size(); ++i) {
    RC_ASSERT(utf16->sections[i].name == utf8.sections[i].name);
    RC_ASSERT(utf16->sections[i].entries.size() == utf8.sections[i].entries.size());
    for (std::size_t j = 0; j < utf8.sections[i].entries.size(); ++j) {
      RC_ASSERT(utf16->sections[i].entries[j].fields == utf8.sections[i].entries[j].fields);
      RC_ASSERT(utf16->sections[i].entries[j].line == utf8.sections[i].entries[j].line);
    }
  }
}

}  // namespace
}  // namespace vmqkit::inf
