#include "conformance/plugin.h"

#include <cstddef>
#include <cstdint>

#include <dlfcn.h>

#include <filesystem>

namespace vmqkit::conformance {

LoadedDut::~LoadedDut() {
  if (handle_ != nullptr) dlclose(handle_);
}

Result<void> CheckOps(const vmqkit_dut_ops* ops, const std::string& origin) {
  if (ops == nullptr) {
    return InputError({origin, 0, 0}, "vmqkit_dut_entry(" + std::to_string(VMQKIT_DUT_ABI_VERSION) +
                                          ") returned NULL: the plug-in does not serve DUT ABI v" +
                                          std::to_string(VMQKIT_DUT_ABI_VERSION));
  }
  if (ops->abi_version != VMQKIT_DUT_ABI_VERSION) {
    return InputError({origin, 0, 0},
                      "the plug-in was built for DUT ABI v" + std::to_string(ops->abi_version) +
                          ", this vmqkit speaks v" + std::to_string(VMQKIT_DUT_ABI_VERSION));
  }
  // Entry points appended to version 1 are optional: a plug-in built before them is accepted.
  static_assert(offsetof(vmqkit_dut_ops, reported_hardware_features) == VMQKIT_DUT_OPS_V1_SIZE);
  constexpr auto kLeast = static_cast<std::uint32_t>(VMQKIT_DUT_OPS_V1_SIZE);
  if (ops->struct_size < kLeast) {
    return InputError({origin, 0, 0}, "vmqkit_dut_ops.struct_size is " +
                                          std::to_string(ops->struct_size) +
                                          ", expected at least " + std::to_string(kLeast));
  }
  if (ops->create == nullptr || ops->initialize == nullptr || ops->oid_request == nullptr ||
      ops->receive == nullptr || ops->return_indications == nullptr || ops->halt == nullptr ||
      ops->destroy == nullptr) {
    return InputError({origin, 0, 0}, "vmqkit_dut_ops has a NULL entry point");
  }
  return {};
}

Result<std::string> FindDutPlugin(const std::string& arg, const std::vector<std::string>& dirs) {
  const bool is_file = arg.find('/') != std::string::npos ||
                       (arg.size() > 3 && arg.compare(arg.size() - 3, 3, ".so") == 0);
  if (is_file) return arg;
  const std::string file = "libvmqkit_" + arg + "_dut.so";
  std::string looked;
  for (const std::string& dir : dirs) {
    const std::filesystem::path candidate = std::filesystem::path(dir) / file;
    std::error_code error;
    if (std::filesystem::is_regular_file(candidate, error))
      return candidate.lexically_normal().string();
    looked += (looked.empty() ? "" : ", ") + candidate.lexically_normal().string();
  }
  return InputError({arg, 0, 0}, "no plug-in of that name: looked for " +
                                     (looked.empty() ? file : looked) +
                                     " (give a path to load a .so file)");
}

Result<std::unique_ptr<LoadedDut>> LoadDut(const std::string& path) {
  // A name without a slash would make dlopen search the library path instead of loading the file
  // the user named.
  const std::string file = path.find('/') == std::string::npos ? "./" + path : path;
  void* handle = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* why = dlerror();
    return InputError({path, 0, 0}, std::string("cannot load the plug-in: ") + (why ? why : "?"));
  }
  void* symbol = dlsym(handle, "vmqkit_dut_entry");
  if (symbol == nullptr) {
    dlclose(handle);
    return InputError({path, 0, 0}, "the plug-in does not export vmqkit_dut_entry");
  }
  auto entry = reinterpret_cast<vmqkit_dut_entry_fn>(symbol);
  const vmqkit_dut_ops* ops = entry(VMQKIT_DUT_ABI_VERSION);
  if (auto checked = CheckOps(ops, path); !checked) {
    dlclose(handle);
    return checked.error();
  }
  return std::make_unique<LoadedDut>(handle, ops);
}

}  // namespace vmqkit::conformance
