#include "conformance/child_check.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

namespace vmqkit::conformance {
namespace {

using nlohmann::json;

// The line a check's child sends when a new run starts ({"step":"#run"}, suites.h CheckContext).
constexpr std::string_view kRunStart = R"(S {"step":"#run"})";

json FindingJson(const std::optional<Finding>& f) {
  if (!f) return nullptr;
  return {{"rule", f->rule}, {"source", f->source}, {"message", f->message}};
}

json ResultJson(const CheckResult& r) {
  json out = {{"verdict", std::string(ToString(r.verdict))},
              {"finding", FindingJson(r.finding)},
              {"scenario", r.scenario},
              {"steps", r.steps},
              {"note", r.note},
              {"coverage", r.coverage.ToJson()}};
  return out;
}

CheckResult ResultFromJson(const json& j) {
  CheckResult r;
  const std::string verdict = j.value("verdict", "fail");
  r.verdict = verdict == "pass"   ? Verdict::kPass
              : verdict == "skip" ? Verdict::kSkip
                                  : Verdict::kFail;
  if (j.contains("finding") && j["finding"].is_object()) {
    r.finding = Finding{j["finding"].value("rule", ""), j["finding"].value("source", ""),
                        j["finding"].value("message", "")};
  }
  if (j.contains("scenario")) r.scenario = j["scenario"].get<std::vector<json>>();
  r.steps = j.value("steps", std::size_t{0});
  r.note = j.value("note", "");
  if (j.contains("coverage")) r.coverage = Coverage::FromJson(j["coverage"]);
  return r;
}

bool WriteAll(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = write(fd, text.data() + done, text.size() - done);
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

CheckResult RunCounted(const CheckInfo& info, CheckContext ctx) {
  Coverage coverage;
  ctx.options.coverage = &coverage;
  CheckResult r = info.run(ctx);
  r.coverage.Merge(coverage);
  return r;
}

bool ChildCheck::Start(const CheckInfo& info, const CheckContext& base,
                       const std::vector<int>& inherited) {
  int fds[2];
  if (pipe(fds) != 0) return false;
  std::fflush(nullptr);
  const pid_t child = fork();
  if (child < 0) {
    close(fds[0]);
    close(fds[1]);
    return false;
  }
  if (child == 0) {
    close(fds[0]);
    for (const int fd : inherited) close(fd);
    // A plug-in reports a finding it detects itself (e.g. the NDIS host's dut.unsupported-call) on
    // this descriptor before it ends the process (docs/dut-abi.md, "Findings from a plug-in").
    setenv("VMQKIT_DUT_FINDING_FD", std::to_string(fds[1]).c_str(), 1);
    CheckContext ctx = base;
    ctx.on_step = [fd = fds[1]](const json& line) { WriteAll(fd, "S " + line.dump() + "\n"); };
    const CheckResult r = RunCounted(info, ctx);
    WriteAll(fds[1], "R " + ResultJson(r).dump() + "\n");
    close(fds[1]);
    _exit(0);
  }
  close(fds[1]);
  pid_ = child;
  fd_ = fds[0];
  last_progress_ = Clock::now();
  return true;
}

bool ChildCheck::Read() {
  char chunk[65536];
  const ssize_t n = read(fd_, chunk, sizeof chunk);
  if (n < 0 && errno == EINTR) return true;
  if (n <= 0) return false;
  last_progress_ = Clock::now();
  buffer_.append(chunk, static_cast<std::size_t>(n));
  TakeLines();
  return true;
}

void ChildCheck::TakeLines() {
  std::size_t start = 0;
  for (std::size_t newline; (newline = buffer_.find('\n', start)) != std::string::npos;) {
    const std::string_view line(buffer_.data() + start, newline - start);
    start = newline + 1;
    if (line.size() < 2) continue;
    if (line[0] == 'S') {
      // Kept as text: parsed only when no result comes (a crash or hang), which is rare.
      if (line == kRunStart) {
        run_.clear();
      } else {
        run_.emplace_back(line.substr(2));
      }
      continue;
    }
    json parsed = json::parse(line.substr(2), nullptr, false);
    if (parsed.is_discarded()) continue;
    if (line[0] == 'R') {
      result_ = ResultFromJson(parsed);
    } else if (line[0] == 'F' && !reported_) {
      reported_ = Finding{parsed.value("rule", "dut.finding"), parsed.value("source", ""),
                          parsed.value("message", "")};
    }
  }
  buffer_.erase(0, start);
}

CheckResult ChildCheck::Finish(bool hung, int timeout_ms) {
  close(fd_);
  fd_ = -1;
  if (hung) kill(pid_, SIGKILL);
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  if (result_) return *result_;
  CheckResult r;
  r.verdict = Verdict::kFail;
  for (const std::string& line : run_) {
    json parsed = json::parse(line, nullptr, false);
    if (!parsed.is_discarded()) r.scenario.push_back(std::move(parsed));
  }
  if (reported_) {
    r.finding = *reported_;
  } else if (hung) {
    r.finding =
        Finding{"dut.hang", "docs/dut-abi.md (calls return; no step takes longer than the limit)",
                "no progress for " + std::to_string(timeout_ms) + " ms during the last step"};
  } else if (WIFSIGNALED(status)) {
    r.finding = Finding{"dut.crash", "docs/dut-abi.md (bad input never crashes)",
                        std::string("the DUT process died with signal ") +
                            strsignal(WTERMSIG(status)) + " during the last step"};
  } else {
    r.finding = Finding{"dut.crash", "docs/dut-abi.md",
                        "the DUT process exited (status " + std::to_string(WEXITSTATUS(status)) +
                            ") during the last step"};
  }
  return r;
}

}  // namespace vmqkit::conformance
