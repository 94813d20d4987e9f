#pragma once
// The vmqkit NDIS host's state (C++ side). One Host per process: it is the NDIS library a miniport
// links against, so it holds what NDIS holds for the driver image: the registered
// characteristics, the adapters, the IRQL and the current processor of the one thread that runs
// the driver, the deterministic scheduler and its virtual clock. The NdisXxx / KeXxx routines
// (ndis_host/src/*.cpp, declared in ndis_host/include) reach it through Host::Get().
//
// The driver runs on the thread that calls the DUT ABI; everything a real system would run
// concurrently (DPCs, timers, work items) runs on the scheduler, drained after every call the host
// makes into the driver (docs/ndis-host.md).
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ndis_host/scheduler.h"
#include "vmqkit/dut.h"

struct _NDIS_MINIPORT_DRIVER_CHARACTERISTICS;

namespace vmqkit::ndis_host {

class Adapter;

// Reports a finding to the conformance runner and ends the process (docs/dut-abi.md, "Findings
// from a plug-in"): one line `F {"rule":...,"source":...,"message":...}` on the file descriptor
// named by VMQKIT_DUT_FINDING_FD, or on stderr when it is not set. Never returns.
[[noreturn]] void ReportFinding(std::string_view rule, std::string_view message);
// A routine or a case of one the host does not implement: `dut.unsupported-call`.
[[noreturn]] void Unsupported(std::string_view routine, std::string_view what = {});
// The JSON text of a finding line (without the "F " prefix), for tests.
std::string FindingJson(std::string_view rule, std::string_view source, std::string_view message);

// The function table of the plug-in (vmqkit_dut_entry returns it).
const vmqkit_dut_ops* Ops();

class Host {
 public:
  static Host& Get();

  Scheduler& scheduler() { return scheduler_; }
  std::uint8_t irql() const { return irql_; }
  void set_irql(std::uint8_t irql) { irql_ = irql; }
  std::uint32_t current_processor() const { return current_processor_; }
  void set_current_processor(std::uint32_t index) { current_processor_ = index; }

  // The driver image: DriverEntry runs when the first adapter is created, the unload handler
  // after the last one is destroyed.
  bool EnsureDriverLoaded();
  void UnloadDriverIfUnused();
  void Register(const _NDIS_MINIPORT_DRIVER_CHARACTERISTICS& characteristics, void* context);
  bool registered() const { return registered_; }
  const _NDIS_MINIPORT_DRIVER_CHARACTERISTICS& characteristics() const;
  void* driver_context() const { return driver_context_; }

  Adapter* CreateAdapter(const vmqkit_platform& platform, const vmqkit_host_callbacks& callbacks,
                         void* host);
  void DestroyAdapter(Adapter* adapter);
  // The adapter a handle names (an NdisMiniportHandle, or any handle of the adapter's objects);
  // the first adapter when the handle is the driver's or unknown.
  Adapter* AdapterOf(const void* handle);
  bool IsAdapter(const void* handle) const;

  // The platform's processors (vmqkit_platform.processor_group_masks) of the first adapter, in
  // group-major order: what NdisGetRssProcessorInformation and KeQueryActiveProcessorCountEx see.
  const std::vector<std::uint64_t>& processor_groups() const { return groups_; }
  std::uint8_t ndis_minor() const { return ndis_minor_; }

  // Memory the driver owns, by address (NdisAllocateMemory*, ExAllocatePool*): frees of unknown
  // addresses are findings.
  void* Allocate(std::size_t size, bool zero);
  void Free(void* address, std::string_view routine);
  std::size_t live_allocations() const { return allocations_.size(); }

 private:
  Host();
  ~Host();
  Scheduler scheduler_;
  std::uint8_t irql_ = 0;
  std::uint32_t current_processor_ = 0;
  bool loaded_ = false;
  bool registered_ = false;
  std::unique_ptr<_NDIS_MINIPORT_DRIVER_CHARACTERISTICS> characteristics_;
  void* driver_context_ = nullptr;
  std::vector<std::unique_ptr<Adapter>> adapters_;
  std::vector<std::uint64_t> groups_;
  std::uint8_t ndis_minor_ = 0;
  std::map<void*, std::size_t> allocations_;
  struct DriverImage;
  std::unique_ptr<DriverImage> image_;
};

// RAII: runs driver code at `irql` and restores the previous IRQL afterwards.
class AtIrql {
 public:
  explicit AtIrql(std::uint8_t irql) : saved_(Host::Get().irql()) { Host::Get().set_irql(irql); }
  ~AtIrql() { Host::Get().set_irql(saved_); }
  AtIrql(const AtIrql&) = delete;
  AtIrql& operator=(const AtIrql&) = delete;

 private:
  std::uint8_t saved_;
};

}  // namespace vmqkit::ndis_host
