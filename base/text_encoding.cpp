#include "base/text_encoding.h"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace vmqkit {
namespace {

void AppendUtf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Decodes one UTF-8 sequence at `i`; returns the code point or nothing for an invalid one.
bool DecodeUtf8At(std::string_view s, std::size_t& i, std::uint32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  std::size_t len = 0;
  if (b0 < 0x80) {
    cp = b0;
    len = 1;
  } else if ((b0 & 0xE0) == 0xC0 && b0 >= 0xC2) {
    cp = b0 & 0x1Fu;
    len = 2;
  } else if ((b0 & 0xF0) == 0xE0) {
    cp = b0 & 0x0Fu;
    len = 3;
  } else if ((b0 & 0xF8) == 0xF0 && b0 <= 0xF4) {
    cp = b0 & 0x07u;
    len = 4;
  } else {
    return false;
  }
  if (i + len > s.size()) return false;
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return false;
    cp = (cp << 6) | (b & 0x3Fu);
  }
  const bool overlong = (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
  if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
  i += len;
  return true;
}

}  // namespace

Result<std::string> Utf16LeToUtf8(std::string_view bytes, const std::string& file) {
  std::string out;
  out.reserve(bytes.size() / 2);
  std::uint32_t line = 1;
  std::uint32_t column = 1;
  if (bytes.size() % 2 != 0) {
    return InputError({file, 0, 0}, "UTF-16LE text has an odd number of bytes (" +
                                        std::to_string(bytes.size()) + ")");
  }
  auto unit_at = [&](std::size_t i) {
    return static_cast<std::uint16_t>(static_cast<unsigned char>(bytes[i]) |
                                      (static_cast<unsigned char>(bytes[i + 1]) << 8));
  };
  for (std::size_t i = 0; i < bytes.size(); i += 2) {
    std::uint32_t cp = unit_at(i);
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      const bool has_low = i + 3 < bytes.size() && unit_at(i + 2) >= 0xDC00 && unit_at(i + 2) <= 0xDFFF;
      if (!has_low) return InputError({file, line, column}, "lone UTF-16 high surrogate");
      cp = 0x10000 + ((cp - 0xD800) << 10) + (unit_at(i + 2) - 0xDC00u);
      i += 2;
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
      return InputError({file, line, column}, "lone UTF-16 low surrogate");
    }
    AppendUtf8(out, cp);
    if (cp == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return out;
}

std::string Utf8ToUtf16Le(std::string_view text) {
  std::string out;
  out.reserve(text.size() * 2);
  auto put = [&](std::uint32_t unit) {
    out += static_cast<char>(unit & 0xFF);
    out += static_cast<char>((unit >> 8) & 0xFF);
  };
  for (std::size_t i = 0; i < text.size();) {
    std::uint32_t cp = 0;
    if (!DecodeUtf8At(text, i, cp)) {
      cp = 0xFFFD;
      ++i;
    }
    if (cp >= 0x10000) {
      cp -= 0x10000;
      put(0xD800 + (cp >> 10));
      put(0xDC00 + (cp & 0x3FF));
    } else {
      put(cp);
    }
  }
  return out;
}

bool IsValidUtf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    std::uint32_t cp = 0;
    if (!DecodeUtf8At(text, i, cp)) return false;
  }
  return true;
}

Result<std::string> DecodeWindowsText(std::string_view bytes, const std::string& file) {
  if (bytes.size() >= 2 && bytes[0] == '\xFF' && bytes[1] == '\xFE') {
    return Utf16LeToUtf8(bytes.substr(2), file);
  }
  if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  if (IsValidUtf8(bytes)) return std::string(bytes);
  // Not UTF-8: an ANSI file. Latin-1 keeps every byte, and every keyword vmqkit reads is ASCII.
  std::string out;
  out.reserve(bytes.size());
  for (char c : bytes) AppendUtf8(out, static_cast<unsigned char>(c));
  return out;
}

Result<std::string> ReadFileBytes(const std::string& path, std::size_t max_bytes) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) return InputError({path, 0, 0}, "no such file");
  if (std::filesystem::is_directory(status)) {
    return InputError({path, 0, 0}, "is a directory, not a file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return InputError({path, 0, 0}, "cannot be opened for reading");
  std::string data;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    data.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (data.size() > max_bytes) {
      return InputError({path, 0, 0}, "larger than " + std::to_string(max_bytes >> 20) +
                                          " MiB; refusing to read it");
    }
  }
  if (in.bad()) return InputError({path, 0, 0}, "read error");
  return data;
}

}  // namespace vmqkit
