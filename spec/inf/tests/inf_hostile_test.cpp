// Files that are not INF text: an input error naming the file, not a clean lint.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include <unistd.h>

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

}  // namespace
}  // namespace vmqkit::inf
