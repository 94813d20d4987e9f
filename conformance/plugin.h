#pragma once
// Loading a DUT plug-in: dlopen, the one entry symbol, and the ABI version / table checks
// (docs/dut-abi.md). The library stays loaded while the LoadedDut lives.
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "vmqkit/dut.h"

namespace vmqkit::conformance {

class LoadedDut {
 public:
  LoadedDut(void* handle, const vmqkit_dut_ops* ops) : handle_(handle), ops_(ops) {}
  ~LoadedDut();
  LoadedDut(const LoadedDut&) = delete;
  LoadedDut& operator=(const LoadedDut&) = delete;
  const vmqkit_dut_ops* ops() const { return ops_; }

 private:
  void* handle_;
  const vmqkit_dut_ops* ops_;
};

// Errors name the library and what is wrong (not found, no entry symbol, version, NULL pointers).
Result<std::unique_ptr<LoadedDut>> LoadDut(const std::string& path);
// What `--dut ARG` names: a file when ARG holds a '/' or ends in ".so" (returned as it is), else a
// plug-in by name: "reference" is libvmqkit_reference_dut.so, looked for in `dirs` in order (the
// installed lib/vmqkit, then the build tree's lib/). The error lists every place looked in.
Result<std::string> FindDutPlugin(const std::string& arg, const std::vector<std::string>& dirs);
// The checks LoadDut applies to a table, for linked-in DUTs too.
Result<void> CheckOps(const vmqkit_dut_ops* ops, const std::string& origin);

}  // namespace vmqkit::conformance
