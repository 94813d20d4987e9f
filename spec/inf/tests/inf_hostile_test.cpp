// Files that are not INF text: an input error naming the file, not a clean lint.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include <unistd.h>

#include "base/echoed_text.h"
#include "spec/inf/inf_file.h"

namespace vmqkit::inf {
namespace {

TEST(InfReader, NulCharacterIsAnInputErrorWithItsPosition) {
  const Result<InfFile> f = ParseInfBytes(std::string("[Version]\r\n[Nd\0i]\r\n", 19), "nul.inf");
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().where.file, "nul.inf");
  EXPECT_EQ(f.error().where.line, 2u);
  EXPECT_EQ(f.error().where.column, 4u);
  EXPECT_NE(f.error().message.find("NUL"), std::string::npos);
}

TEST(InfReader, BinaryGarbageIsAnInputError) {
  std::string bytes;
  for (int i = 0; i < 4096; ++i) bytes += static_cast<char>((i * 131 + 7) & 0xFF);
  const Result<InfFile> f = ParseInfBytes(bytes, "garbage.inf");
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().where.file, "garbage.inf");
}

TEST(InfReader, EmptyFileIsAnInputError) {
  const std::string path =
      ::testing::TempDir() + "vmqkit-empty-" + std::to_string(::getpid()) + ".inf";
  { std::ofstream create(path, std::ios::binary); }
  const Result<InfFile> f = ReadInfFile(path);
  std::remove(path.c_str());
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().where.file, path);
  EXPECT_NE(f.error().message.find("empty"), std::string::npos);
}

// E-954: "An INF file is a text file organized into named sections" ([WDD-install]
// general-syntax-rules-for-inf-files); text with none is an input error at its first entry.
TEST(InfReader, TextWithoutSectionsIsAnInputError) {
  const Result<InfFile> f = ParseInfBytes("; notes\r\n\r\nhello = world\r\n", "notes.txt");
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().kind, ErrorKind::kInput);
  EXPECT_EQ(f.error().where.file, "notes.txt");
  EXPECT_EQ(f.error().where.line, 3u);
  EXPECT_NE(f.error().message.find("not an INF file"), std::string::npos);
  const Result<InfFile> comments = ParseInfBytes("; only a comment\r\n", "c.inf");
  ASSERT_FALSE(comments.ok());
  EXPECT_EQ(comments.error().where.line, 1u);
  EXPECT_TRUE(ParseInfBytes("[Version]\r\n", "v.inf").ok());
}

// E-955: a message quotes at most kEchoedTextLimit bytes of the input it is about.
TEST(InfReader, MessagesClipTheTextTheyQuote) {
  const std::string huge(400 * 1024, 'Q');
  const InfFile f = ParseInfText("[" + huge + "\n[S]\nx = %" + huge + "%\n", "h.inf");
  ASSERT_EQ(f.problems.size(), 2u);
  for (const InfProblem& p : f.problems) {
    EXPECT_LT(p.message.size(), 2 * kEchoedTextLimit) << p.message.substr(0, 200);
    EXPECT_NE(p.message.find(" bytes)"), std::string::npos) << p.message.substr(0, 200);
  }
}

}  // namespace
}  // namespace vmqkit::inf
