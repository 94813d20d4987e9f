#pragma once
// The fast receive decision, as the device, the benchmarks, the fuzz targets and the tests use
// it: the filter registers decoded into lookup structures (hwref/fast_path/decoded_filters.h,
// private to this folder), rebuilt when a filter register changes
// (RegisterFile::filter_generation). It must return exactly what DecideReadable returns
// (property in hwref/tests).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "hwref/decision.h"
#include "hwref/frame.h"
#include "hwref/register_file.h"

namespace vmqkit::hwref {

class DecodedFilters;

class FastPath {
 public:
  FastPath();
  explicit FastPath(const RegisterFile& regs);
  FastPath(const FastPath& other);
  FastPath& operator=(const FastPath& other);
  FastPath(FastPath&&) noexcept;
  FastPath& operator=(FastPath&&) noexcept;
  ~FastPath();

  void Rebuild(const RegisterFile& regs);
  // The filter generation the tables were built from; none before the first Rebuild.
  std::uint64_t generation() const { return generation_; }

  // The full decision (queue list, RSS hash), as DecideReadable gives it.
  Decision Decide(Frame frame) const;
  // One word per frame; queues.size() must be >= frames.size() (extra entries are untouched).
  void Classify(std::span<const Frame> frames, std::span<QueueId> queues) const;
  QueueId ClassifyOne(Frame frame) const;

  // Bytes the decoded tables hold: the address table grows with the installed filters; the rest
  // (VLAN table, hash tables, Toeplitz tables, the object) does not.
  struct MemoryUse {
    std::size_t per_filter_bytes = 0;
    std::size_t fixed_bytes = 0;
  };
  MemoryUse memory() const;
  // Whether the precomputed (address, VLAN class) table answers this register state's frames
  // (VMDq without RSS, receive on, within the table's budget: E-805).
  bool precomputed() const;
  // How the precomputed path's batch loop runs, chosen from the CPU at run time (the build
  // itself targets baseline x86-64): kAvx512 takes eight frames per vector step and compares a
  // key with its whole bucket at once; kAvx2 one frame at a time, four slots per compare; kSse2
  // (any x86-64) two slots per compare. All read the same tables. Tests run every one the CPU
  // has against the readable path.
  enum class Lookups : std::uint8_t { kSse2, kAvx2, kAvx512 };
  static std::vector<Lookups> SupportedLookups();  // narrowest first
  // false, and nothing changes, when the CPU lacks what `lookups` needs.
  bool UseLookups(Lookups lookups);

 private:
  std::uint64_t generation_ = ~std::uint64_t{0};
  std::unique_ptr<DecodedFilters> decoded_;
};

}  // namespace vmqkit::hwref
