#include "conformance/child_check.h"

#include <malloc.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string_view>
#include <utility>

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
  if (!r.waivers.empty()) {
    json waivers = json::array();
    for (const Finding& w : r.waivers) {
      waivers.push_back({{"rule", w.rule}, {"source", w.source}, {"message", w.message}});
    }
    out["waivers"] = std::move(waivers);
  }
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
  if (j.contains("waivers") && j["waivers"].is_array()) {
    for (const json& w : j["waivers"]) {
      if (w.is_object()) {
        r.waivers.push_back({w.value("rule", ""), w.value("source", ""), w.value("message", "")});
      }
    }
  }
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

// The scenario lines of the run in progress, written by the child and read by the parent once
// the child is gone, and the child's step count, which the parent watches while it runs. A line
// that does not fit goes through the pipe, as do the lines after it until the next run starts.
struct ChildCheck::Shared {
  // Room for lines: mapped lazily (MAP_NORESERVE), so only what a run writes takes memory.
  static constexpr std::size_t kBytes = std::size_t{64} << 20;
  static constexpr std::size_t kHeader = 64;  // the counters below, then the lines
  static constexpr std::size_t kRoom = kBytes - kHeader;

  std::atomic<std::uint64_t> used{0};   // bytes of lines of the run in progress
  std::atomic<std::uint64_t> steps{0};  // lines written in the child's life
  bool by_pipe = false;                 // child's: this run's lines go through the pipe now

  char* lines() { return reinterpret_cast<char*>(this) + kHeader; }

  static Shared* Map() {
    void* memory = mmap(nullptr, kBytes, PROT_READ | PROT_WRITE,
                        MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    static_assert(sizeof(Shared) <= kHeader);
    return memory == MAP_FAILED ? nullptr : new (memory) Shared;
  }
  static void Unmap(Shared* shared) {
    if (shared != nullptr) munmap(shared, kBytes);
  }

  // In the child: one scenario line ({"step":"#run"} starts a new run).
  void Append(int fd, const json& line) {
    if (line.size() == 1 && line.value("step", "") == "#run") {
      used.store(0, std::memory_order_release);
      if (by_pipe) WriteAll(fd, std::string(kRunStart) + "\n");
      by_pipe = false;
    } else {
      std::string text = line.dump();
      text += '\n';
      const std::uint64_t at = used.load(std::memory_order_relaxed);
      if (!by_pipe && at + text.size() <= kRoom) {
        std::memcpy(lines() + at, text.data(), text.size());
        used.store(at + text.size(), std::memory_order_release);
      } else {
        by_pipe = true;
        WriteAll(fd, "S " + text);
      }
    }
    steps.fetch_add(1, std::memory_order_release);
  }
};
// Shared between processes: lock-free atomics only, and the lines start after the counters.
static_assert(std::atomic<std::uint64_t>::is_always_lock_free);

ChildCheck::ChildCheck(ChildCheck&& other) noexcept {
  *this = std::move(other);
}

ChildCheck& ChildCheck::operator=(ChildCheck&& other) noexcept {
  std::swap(shared_, other.shared_);
  std::swap(steps_seen_, other.steps_seen_);
  std::swap(pid_, other.pid_);
  std::swap(fd_, other.fd_);
  std::swap(last_progress_, other.last_progress_);
  std::swap(buffer_, other.buffer_);
  std::swap(run_, other.run_);
  std::swap(result_, other.result_);
  std::swap(reported_, other.reported_);
  return *this;
}

ChildCheck::~ChildCheck() {
  Release();
}

void ChildCheck::Release() const {
  Shared::Unmap(shared_);
  if (fd_ >= 0) close(fd_);
}

CheckResult RunCounted(const CheckInfo& info, CheckContext ctx) {
  Coverage coverage;
  std::vector<Finding> waivers;
  ctx.options.coverage = &coverage;
  ctx.options.waivers = &waivers;
  CheckResult r = info.run(ctx);
  r.coverage.Merge(coverage);
  r.waivers = std::move(waivers);
  return r;
}

bool ChildCheck::Start(const CheckInfo& info, const CheckContext& base,
                       const std::vector<const ChildCheck*>& others) {
  int fds[2];
  if (pipe(fds) != 0) return false;
  shared_ = Shared::Map();
  std::fflush(nullptr);
  const pid_t child = fork();
  if (child < 0) {
    close(fds[0]);
    close(fds[1]);
    Shared::Unmap(shared_);
    shared_ = nullptr;
    return false;
  }
  if (child == 0) {
    close(fds[0]);
    for (const ChildCheck* other : others) other->Release();
    // Large blocks (a DUT's register files and tables, made anew for each adapter) from the heap
    // and kept there when freed: a fresh process faults in every page it maps, and a check
    // configures adapters again and again.
    mallopt(M_MMAP_THRESHOLD, 256 << 20);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
    // A plug-in reports a finding it detects itself (e.g. the NDIS host's dut.unsupported-call) on
    // this descriptor before it ends the process (docs/dut-abi.md, "Findings from a plug-in").
    setenv("VMQKIT_DUT_FINDING_FD", std::to_string(fds[1]).c_str(), 1);
    CheckContext ctx = base;
    if (shared_ != nullptr) {
      ctx.on_step = [fd = fds[1], shared = shared_](const json& line) { shared->Append(fd, line); };
    } else {
      ctx.on_step = [fd = fds[1]](const json& line) { WriteAll(fd, "S " + line.dump() + "\n"); };
    }
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

void ChildCheck::Look() {
  if (shared_ == nullptr) return;
  const std::uint64_t steps = shared_->steps.load(std::memory_order_acquire);
  if (steps != steps_seen_) {
    steps_seen_ = steps;
    last_progress_ = Clock::now();
  }
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
  // Unmapped on the way out, whatever this returns.
  const auto unmap = [](Shared* shared) { Shared::Unmap(shared); };
  const std::unique_ptr<Shared, decltype(unmap)> mapping(std::exchange(shared_, nullptr), unmap);
  Shared* const shared = mapping.get();
  if (result_) return *result_;
  CheckResult r;
  r.verdict = Verdict::kFail;
  const auto take = [&](std::string_view line) {
    json parsed = json::parse(line, nullptr, false);
    if (!parsed.is_discarded()) r.scenario.push_back(std::move(parsed));
  };
  if (shared != nullptr) {
    // The child is gone: what it wrote is all there is.
    const std::string_view lines(shared->lines(), shared->used.load(std::memory_order_acquire));
    std::size_t start = 0;
    for (std::size_t end; (end = lines.find('\n', start)) != std::string_view::npos;
         start = end + 1) {
      take(lines.substr(start, end - start));
    }
  }
  for (const std::string& line : run_) take(line);
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
