// The host's process-wide state and the DUT ABI entry point (vmqkit_dut_entry) of a plug-in built
// from an NDIS miniport (docs/ndis-host.md).
#include "ndis_host/host.h"

#include <ndis.h>

#include <cstdlib>
#include <cstring>

#include "ndis_host/adapter.h"

extern "C" DRIVER_INITIALIZE DriverEntry;  // the miniport's, resolved when the plug-in links

namespace vmqkit::ndis_host {

struct Host::DriverImage {
  DRIVER_OBJECT object{};
  std::u16string path = u"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\vmqkit";
  UNICODE_STRING registry_path{};
};

Host& Host::Get() {
  // NDIS is one library per system; the host is one per plug-in process.
  static Host host;
  return host;
}

Host::Host() : characteristics_(std::make_unique<NDIS_MINIPORT_DRIVER_CHARACTERISTICS>()) {}
Host::~Host() = default;

const NDIS_MINIPORT_DRIVER_CHARACTERISTICS& Host::characteristics() const {
  return *characteristics_;
}

void Host::Register(const NDIS_MINIPORT_DRIVER_CHARACTERISTICS& characteristics, void* context) {
  *characteristics_ = NDIS_MINIPORT_DRIVER_CHARACTERISTICS{};
  std::memcpy(characteristics_.get(), &characteristics,
              std::min<std::size_t>(characteristics.Header.Size, sizeof characteristics));
  driver_context_ = context;
  registered_ = true;
}

bool Host::EnsureDriverLoaded() {
  if (loaded_) return registered_;
  image_ = std::make_unique<DriverImage>();
  image_->registry_path.Buffer = reinterpret_cast<PWCH>(image_->path.data());
  image_->registry_path.Length = static_cast<USHORT>(image_->path.size() * 2);
  image_->registry_path.MaximumLength = image_->registry_path.Length;
  image_->object.Size = sizeof image_->object;
  loaded_ = true;
  NTSTATUS status;
  {
    AtIrql passive(PASSIVE_LEVEL);
    status = DriverEntry(&image_->object, &image_->registry_path);
  }
  scheduler_.Drain();
  if (!NT_SUCCESS(status) || !registered_) return false;
  const auto& c = *characteristics_;
  if (c.InitializeHandlerEx == nullptr || c.HaltHandlerEx == nullptr ||
      c.OidRequestHandler == nullptr || c.ReturnNetBufferListsHandler == nullptr) {
    ReportFinding("ndis.characteristics",
                  "NdisMRegisterMiniportDriver: InitializeHandlerEx, HaltHandlerEx, "
                  "OidRequestHandler and ReturnNetBufferListsHandler are required");
  }
  return true;
}

void Host::UnloadDriverIfUnused() {
  if (!adapters_.empty() || !loaded_) return;
  if (registered_ && characteristics_->UnloadHandler != nullptr) {
    AtIrql passive(PASSIVE_LEVEL);
    characteristics_->UnloadHandler(&image_->object);
  }
  scheduler_.Drain();
  loaded_ = false;
  registered_ = false;
  image_.reset();
}

Adapter* Host::CreateAdapter(const vmqkit_platform& platform,
                             const vmqkit_host_callbacks& callbacks, void* host) {
  if (adapters_.empty()) {
    groups_.assign(platform.processor_group_masks,
                   platform.processor_group_masks + platform.processor_group_count);
    ndis_minor_ = platform.ndis_minor;
  }
  adapters_.push_back(std::make_unique<Adapter>(platform, callbacks, host));
  Adapter* adapter = adapters_.back().get();
  if (!EnsureDriverLoaded()) {
    adapters_.pop_back();
    UnloadDriverIfUnused();
    return nullptr;
  }
  return adapter;
}

void Host::DestroyAdapter(Adapter* adapter) {
  std::erase_if(adapters_, [adapter](const auto& a) { return a.get() == adapter; });
  UnloadDriverIfUnused();
}

bool Host::IsAdapter(const void* handle) const {
  for (const auto& a : adapters_) {
    if (a.get() == handle) return true;
  }
  return false;
}

Adapter* Host::AdapterOf(const void* handle) {
  for (const auto& a : adapters_) {
    if (a.get() == handle ||
        (a->miniport_context() != nullptr && a->miniport_context() == handle)) {
      return a.get();
    }
  }
  return adapters_.empty() ? nullptr : adapters_.front().get();
}

void* Host::Allocate(std::size_t size, bool zero) {
  // Uninitialised pool memory is a fixed pattern, so a driver that reads it behaves the same way
  // in every run.
  void* p = std::malloc(size == 0 ? 1 : size);
  if (p == nullptr) return nullptr;
  std::memset(p, zero ? 0 : 0xA5, size);
  allocations_[p] = size;
  return p;
}

void Host::Free(void* address, std::string_view routine) {
  if (address == nullptr) return;
  const auto it = allocations_.find(address);
  if (it == allocations_.end()) {
    ReportFinding("dut.crash", std::string(routine) +
                                   " of an address the driver did not allocate (or freed twice)");
  }
  allocations_.erase(it);
  std::free(address);
}

namespace {

void* Create(const vmqkit_platform* platform, const vmqkit_host_callbacks* callbacks, void* host) {
  if (platform == nullptr || callbacks == nullptr ||
      platform->abi_version != VMQKIT_DUT_ABI_VERSION) {
    return nullptr;
  }
  return Host::Get().CreateAdapter(*platform, *callbacks, host);
}

std::uint32_t Initialize(void* adapter, std::uint8_t* hardware, std::uint32_t hardware_length,
                         std::uint32_t* hardware_written, std::uint8_t* current,
                         std::uint32_t current_length, std::uint32_t* current_written) {
  return static_cast<Adapter*>(adapter)->Initialize(hardware, hardware_length, hardware_written,
                                                    current, current_length, current_written);
}

std::uint32_t OidRequest(void* adapter, const vmqkit_oid_request* request) {
  return static_cast<Adapter*>(adapter)->OidRequest(*request);
}

void Receive(void* adapter, const std::uint8_t* frame, std::uint32_t length) {
  static_cast<Adapter*>(adapter)->Receive(frame, length);
}

void ReturnIndications(void* adapter, const std::uint64_t* cookies, std::uint32_t count) {
  static_cast<Adapter*>(adapter)->ReturnIndications(cookies, count);
}

void Halt(void* adapter) {
  static_cast<Adapter*>(adapter)->Halt();
}

void Destroy(void* adapter) {
  Host::Get().DestroyAdapter(static_cast<Adapter*>(adapter));
}

std::uint32_t ReportedHardwareFeatures(void* adapter) {
  return static_cast<Adapter*>(adapter)->ReportedHardwareFeatures();
}

const char* DutName() {
  const char* name = std::getenv("VMQKIT_NDIS_DUT_NAME");
  return name != nullptr ? name : "NDIS miniport on the vmqkit NDIS host";
}

}  // namespace

const vmqkit_dut_ops* Ops() {
  static const vmqkit_dut_ops ops = {
      VMQKIT_DUT_ABI_VERSION,
      sizeof(vmqkit_dut_ops),
      DutName(),
      "ndis_host 1",
      Create,
      Initialize,
      OidRequest,
      Receive,
      ReturnIndications,
      Halt,
      Destroy,
      ReportedHardwareFeatures,
      nullptr,  // receive_batch: one frame per receive call
  };
  return &ops;
}

}  // namespace vmqkit::ndis_host

extern "C" VMQKIT_DUT_EXPORT const vmqkit_dut_ops* vmqkit_dut_entry(uint32_t host_abi_version) {
  if (host_abi_version != VMQKIT_DUT_ABI_VERSION) return nullptr;
  return vmqkit::ndis_host::Ops();
}
