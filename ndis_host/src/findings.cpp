// Findings from inside the plug-in (docs/dut-abi.md, "Findings from a plug-in").
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "ndis_host/host.h"

namespace vmqkit::ndis_host {
namespace {

std::string Escape(std::string_view text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char code[8];
          std::snprintf(code, sizeof code, "\\u%04x", static_cast<unsigned>(c));
          out += code;
        } else {
          out += c;
        }
    }
  }
  return out;
}

void WriteAll(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = write(fd, text.data() + done, text.size() - done);
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace

std::string FindingJson(std::string_view rule, std::string_view source, std::string_view message) {
  return "{\"rule\":\"" + Escape(rule) + "\",\"source\":\"" + Escape(source) + "\",\"message\":\"" +
         Escape(message) + "\"}";
}

void ReportFinding(std::string_view rule, std::string_view message) {
  const std::string line =
      "F " + FindingJson(rule, "docs/ndis-host.md (the vmqkit NDIS host)", message) + "\n";
  int fd = 2;
  if (const char* named = std::getenv("VMQKIT_DUT_FINDING_FD"); named != nullptr) {
    char* end = nullptr;
    const long value = std::strtol(named, &end, 10);
    if (end != named && *end == '\0' && value >= 0) fd = static_cast<int>(value);
  }
  WriteAll(fd, line);
  _exit(70);
}

void Unsupported(std::string_view routine, std::string_view what) {
  std::string message = std::string("the driver called ") + std::string(routine);
  if (!what.empty()) message += " (" + std::string(what) + ")";
  message += ", which the vmqkit NDIS host does not implement";
  ReportFinding("dut.unsupported-call", message);
}

}  // namespace vmqkit::ndis_host
