#pragma once
// One check run in a child process (fork), so a DUT that crashes or hangs is a failure with the
// scenario that led there and the run goes on. The child writes each scenario line before the
// step runs into memory it shares with the parent (no system call per step; what it wrote
// survives its crash) and sends its result through a pipe at the end; the parent watches several
// children at once (`vmqkit conform -j`) and judges a child whose step count stays still for the
// step time limit as hung.
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "conformance/suites.h"

namespace vmqkit::conformance {

// Runs a check in this process with its own coverage counter, which comes back in the result.
CheckResult RunCounted(const CheckInfo& info, CheckContext ctx);

class ChildCheck {
 public:
  using Clock = std::chrono::steady_clock;

  ChildCheck() = default;
  ChildCheck(ChildCheck&& other) noexcept;
  ChildCheck& operator=(ChildCheck&& other) noexcept;
  ChildCheck(const ChildCheck&) = delete;
  ChildCheck& operator=(const ChildCheck&) = delete;
  ~ChildCheck();

  // Forks the child that runs `info`; false when no pipe or process could be made (the caller
  // then runs the check in this process). The child first lets go of `others` (the pipes and
  // shared memory of the children already running).
  bool Start(const CheckInfo& info, const CheckContext& base,
             const std::vector<const ChildCheck*>& others);
  int fd() const { return fd_; }
  // Reads what the child sent; false at end of file (the child is done or died).
  bool Read();
  // Notes whether the child took a step since the last look.
  void Look();
  // When the child was last seen to progress (its start, at first).
  Clock::time_point last_progress() const { return last_progress_; }
  // Waits for the child (killing it first when `hung`) and returns its result: the one it sent,
  // or a dut.hang / dut.crash / plug-in finding with the scenario streamed so far.
  CheckResult Finish(bool hung, int timeout_ms);

 private:
  struct Shared;  // the memory the child writes its scenario lines into (child_check.cpp)

  void TakeLines();
  void Release() const;  // in a child: unmaps and closes what belongs to another child

  Shared* shared_ = nullptr;  // null when no shared memory could be had: lines go by the pipe
  std::uint64_t steps_seen_ = 0;
  pid_t pid_ = -1;
  int fd_ = -1;
  Clock::time_point last_progress_;
  std::string buffer_;
  // Lines of the run in progress that came by the pipe (those that did not fit the shared memory,
  // which come first), one JSON text a line.
  std::vector<std::string> run_;
  std::optional<CheckResult> result_;
  std::optional<Finding> reported_;  // an F line from the plug-in
};

}  // namespace vmqkit::conformance
