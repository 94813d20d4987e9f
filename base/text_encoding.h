#pragma once
// Windows text files (.reg exports, INF files) come as UTF-16LE with a BOM or as UTF-8/ANSI.
// Everything inside vmqkit is UTF-8.
#include <string>
#include <string_view>

#include "base/result.h"

namespace vmqkit {

// UTF-16LE bytes (no BOM) to UTF-8. An odd byte count or a lone surrogate is an error naming the
// line and column (counted in UTF-16 units) where it sits.
Result<std::string> Utf16LeToUtf8(std::string_view bytes, const std::string& file);
// UTF-8 to UTF-16LE bytes (no BOM). Invalid UTF-8 sequences become U+FFFD.
std::string Utf8ToUtf16Le(std::string_view text);

// Decodes a Windows text file: UTF-16LE with BOM (FF FE), UTF-8 with BOM, or plain 8-bit text,
// which is kept when it is valid UTF-8 and otherwise read as Windows-1252/Latin-1.
Result<std::string> DecodeWindowsText(std::string_view bytes, const std::string& file);

bool IsValidUtf8(std::string_view text);

// Reads a whole file; a missing file, a directory or an unreadable one is an input error.
// Files larger than `max_bytes` are refused rather than read into memory.
Result<std::string> ReadFileBytes(const std::string& path, std::size_t max_bytes = 256u << 20);

}  // namespace vmqkit
