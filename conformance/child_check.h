#pragma once
// One check run in a child process (fork + pipe), so a DUT that crashes or hangs is a failure
// with the scenario that led there and the run goes on. The child streams each scenario line
// before the step runs and sends its result at the end; the parent reads whatever arrives, from
// several children at once (`vmqkit conform -j`), and judges a child that sends nothing for the
// step time limit as hung.
#include <sys/types.h>

#include <chrono>
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

  // Forks the child that runs `info`; false when no pipe or process could be made (the caller
  // then runs the check in this process). The child closes `inherited` first: descriptors of
  // other children it must not hold open.
  bool Start(const CheckInfo& info, const CheckContext& base, const std::vector<int>& inherited);
  int fd() const { return fd_; }
  // Reads what the child sent; false at end of file (the child is done or died).
  bool Read();
  // When the child last sent something (its start, at first).
  Clock::time_point last_progress() const { return last_progress_; }
  // Waits for the child (killing it first when `hung`) and returns its result: the one it sent,
  // or a dut.hang / dut.crash / plug-in finding with the scenario streamed so far.
  CheckResult Finish(bool hung, int timeout_ms);

 private:
  void TakeLines();

  pid_t pid_ = -1;
  int fd_ = -1;
  Clock::time_point last_progress_;
  std::string buffer_;
  std::vector<std::string> run_;  // the scenario of the run in progress, one JSON text a line
  std::optional<CheckResult> result_;
  std::optional<Finding> reported_;  // an F line from the plug-in
};

}  // namespace vmqkit::conformance
