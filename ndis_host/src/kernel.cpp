// Kernel services a miniport uses: IRQL, spin locks, read-write locks, DPCs, timers, work items,
// time, processors, pool memory, Rtl and debug output, all on the host's one thread and its
// deterministic scheduler (docs/ndis-host.md, "Scheduler" and "Locks").
#include <cstring>
#include <string>
#include <vector>

#include <ndis.h>

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "ndis_host/host.h"

using vmqkit::ndis_host::AtIrql;
using vmqkit::ndis_host::Host;
using vmqkit::ndis_host::ReportFinding;
using vmqkit::ndis_host::Scheduler;

struct _NDIS_RW_LOCK_EX {
  ULONG readers = 0;
  bool writer = false;
};

namespace {

void Deadlock(const char* routine, const char* what) {
  ReportFinding("dut.hang", std::string(routine) + ": " + what +
                                " (the driver runs on one thread: this would spin forever)");
}

std::int64_t DueAt(LONGLONG due) {
  // Negative: relative to now; positive: absolute system time (the virtual clock).
  const std::int64_t now = Host::Get().scheduler().now();
  if (due < 0) return now - due;
  return due < now ? now : due;
}

struct HostTimer {
  NDIS_TIMER_CHARACTERISTICS characteristics{};
  PVOID context = nullptr;
  LONG period_ms = 0;
};

void FireTimer(HostTimer* timer, std::int64_t due) {
  if (timer->period_ms > 0) {
    const std::int64_t next = due + timer->period_ms * Scheduler::kTicksPerMillisecond;
    Host::Get().scheduler().Schedule(timer, next, [timer, next] { FireTimer(timer, next); });
  }
  AtIrql dispatch(DISPATCH_LEVEL);
  timer->characteristics.TimerFunction(nullptr, timer->context, nullptr, nullptr);
}

struct WorkItem {
  NDIS_HANDLE owner = nullptr;
};

bool Verbose() {
  static const bool verbose = std::getenv("VMQKIT_NDIS_DEBUG") != nullptr;
  return verbose;
}

}  // namespace

extern "C" {

KIRQL KeGetCurrentIrql(void) {
  return Host::Get().irql();
}
void KeRaiseIrql(KIRQL NewIrql, PKIRQL OldIrql) {
  *OldIrql = Host::Get().irql();
  Host::Get().set_irql(NewIrql);
}
void KeLowerIrql(KIRQL NewIrql) {
  Host::Get().set_irql(NewIrql);
}
KIRQL KeRaiseIrqlToDpcLevel(void) {
  const KIRQL old = Host::Get().irql();
  Host::Get().set_irql(DISPATCH_LEVEL);
  return old;
}

void KeInitializeSpinLock(PKSPIN_LOCK SpinLock) {
  *SpinLock = 0;
}
void KeAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock) {
  if (*SpinLock != 0) Deadlock("KeAcquireSpinLockAtDpcLevel", "the spin lock is already held");
  *SpinLock = 1;
}
void KeReleaseSpinLockFromDpcLevel(PKSPIN_LOCK SpinLock) {
  *SpinLock = 0;
}
void KeAcquireSpinLock(PKSPIN_LOCK SpinLock, PKIRQL OldIrql) {
  KeRaiseIrql(DISPATCH_LEVEL, OldIrql);
  if (*SpinLock != 0) Deadlock("KeAcquireSpinLock", "the spin lock is already held");
  *SpinLock = 1;
}
void KeReleaseSpinLock(PKSPIN_LOCK SpinLock, KIRQL NewIrql) {
  *SpinLock = 0;
  KeLowerIrql(NewIrql);
}
BOOLEAN KeTryToAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock) {
  if (*SpinLock != 0) return FALSE;
  *SpinLock = 1;
  return TRUE;
}

void NdisAllocateSpinLock(PNDIS_SPIN_LOCK SpinLock) {
  SpinLock->SpinLock = 0;
  SpinLock->OldIrql = PASSIVE_LEVEL;
}
void NdisFreeSpinLock(PNDIS_SPIN_LOCK SpinLock) {
  (void)SpinLock;
}
void NdisAcquireSpinLock(PNDIS_SPIN_LOCK SpinLock) {
  KIRQL old;
  KeAcquireSpinLock(&SpinLock->SpinLock, &old);
  SpinLock->OldIrql = old;
}
void NdisReleaseSpinLock(PNDIS_SPIN_LOCK SpinLock) {
  KeReleaseSpinLock(&SpinLock->SpinLock, SpinLock->OldIrql);
}
void NdisDprAcquireSpinLock(PNDIS_SPIN_LOCK SpinLock) {
  KeAcquireSpinLockAtDpcLevel(&SpinLock->SpinLock);
}
void NdisDprReleaseSpinLock(PNDIS_SPIN_LOCK SpinLock) {
  KeReleaseSpinLockFromDpcLevel(&SpinLock->SpinLock);
}

PLIST_ENTRY NdisInterlockedInsertHeadList(PLIST_ENTRY ListHead, PLIST_ENTRY ListEntry,
                                          PNDIS_SPIN_LOCK SpinLock) {
  NdisAcquireSpinLock(SpinLock);
  PLIST_ENTRY first = IsListEmpty(ListHead) ? nullptr : ListHead->Flink;
  InsertHeadList(ListHead, ListEntry);
  NdisReleaseSpinLock(SpinLock);
  return first;
}
PLIST_ENTRY NdisInterlockedInsertTailList(PLIST_ENTRY ListHead, PLIST_ENTRY ListEntry,
                                          PNDIS_SPIN_LOCK SpinLock) {
  NdisAcquireSpinLock(SpinLock);
  PLIST_ENTRY last = IsListEmpty(ListHead) ? nullptr : ListHead->Blink;
  InsertTailList(ListHead, ListEntry);
  NdisReleaseSpinLock(SpinLock);
  return last;
}
PLIST_ENTRY NdisInterlockedRemoveHeadList(PLIST_ENTRY ListHead, PNDIS_SPIN_LOCK SpinLock) {
  NdisAcquireSpinLock(SpinLock);
  PLIST_ENTRY first = IsListEmpty(ListHead) ? nullptr : RemoveHeadList(ListHead);
  NdisReleaseSpinLock(SpinLock);
  return first;
}

PNDIS_RW_LOCK_EX NdisAllocateRWLock(NDIS_HANDLE NdisHandle) {
  (void)NdisHandle;
  return new NDIS_RW_LOCK_EX;
}
void NdisFreeRWLock(PNDIS_RW_LOCK_EX Lock) {
  delete Lock;
}
void NdisAcquireRWLockRead(PNDIS_RW_LOCK_EX Lock, PLOCK_STATE_EX LockState, UCHAR Flags) {
  (void)Flags;
  if (Lock->writer) Deadlock("NdisAcquireRWLockRead", "the lock is held for writing");
  KeRaiseIrql(DISPATCH_LEVEL, &LockState->OldIrql);
  ++Lock->readers;
  LockState->LockState = 1;
}
void NdisAcquireRWLockWrite(PNDIS_RW_LOCK_EX Lock, PLOCK_STATE_EX LockState, UCHAR Flags) {
  (void)Flags;
  if (Lock->writer || Lock->readers != 0) Deadlock("NdisAcquireRWLockWrite", "the lock is held");
  KeRaiseIrql(DISPATCH_LEVEL, &LockState->OldIrql);
  Lock->writer = true;
  LockState->LockState = 2;
}
void NdisReleaseRWLock(PNDIS_RW_LOCK_EX Lock, PLOCK_STATE_EX LockState) {
  if (LockState->LockState == 2) {
    Lock->writer = false;
  } else if (Lock->readers > 0) {
    --Lock->readers;
  }
  LockState->LockState = 0;
  KeLowerIrql(LockState->OldIrql);
}

void KeInitializeDpc(PRKDPC Dpc, PKDEFERRED_ROUTINE DeferredRoutine, PVOID DeferredContext) {
  *Dpc = KDPC{};
  Dpc->DeferredRoutine = DeferredRoutine;
  Dpc->DeferredContext = DeferredContext;
}
BOOLEAN KeInsertQueueDpc(PRKDPC Dpc, PVOID SystemArgument1, PVOID SystemArgument2) {
  Scheduler& s = Host::Get().scheduler();
  if (s.Pending(Dpc)) return FALSE;
  Dpc->SystemArgument1 = SystemArgument1;
  Dpc->SystemArgument2 = SystemArgument2;
  Dpc->DpcData = Dpc;
  s.Schedule(Dpc, s.now(), [Dpc] {
    Dpc->DpcData = nullptr;
    AtIrql dispatch(DISPATCH_LEVEL);
    Dpc->DeferredRoutine(Dpc, Dpc->DeferredContext, Dpc->SystemArgument1, Dpc->SystemArgument2);
  });
  return TRUE;
}
BOOLEAN KeRemoveQueueDpc(PRKDPC Dpc) {
  Dpc->DpcData = nullptr;
  return Host::Get().scheduler().Cancel(Dpc) ? TRUE : FALSE;
}
void KeSetImportanceDpc(PRKDPC Dpc, KDPC_IMPORTANCE Importance) {
  Dpc->Importance = static_cast<UCHAR>(Importance);
}
void KeSetTargetProcessorDpc(PRKDPC Dpc, CCHAR Number) {
  Dpc->Number = static_cast<USHORT>(Number);
}
NTSTATUS KeSetTargetProcessorDpcEx(PKDPC Dpc, PPROCESSOR_NUMBER ProcNumber) {
  Dpc->Number = ProcNumber->Number;
  return STATUS_SUCCESS;
}
void KeFlushQueuedDpcs(void) {
  // Runs the DPCs already due, as the processors would before the call returns.
  Scheduler& s = Host::Get().scheduler();
  s.RunUntil(s.now());
}
NTSTATUS KeQueryDpcWatchdogInformation(PKDPC_WATCHDOG_INFORMATION WatchdogInformation) {
  *WatchdogInformation = KDPC_WATCHDOG_INFORMATION{};
  WatchdogInformation->DpcTimeLimit = 500;
  WatchdogInformation->DpcWatchdogLimit = 12800;
  return STATUS_SUCCESS;
}

NDIS_STATUS NdisAllocateTimerObject(NDIS_HANDLE NdisHandle,
                                    PNDIS_TIMER_CHARACTERISTICS TimerCharacteristics,
                                    PNDIS_HANDLE pTimerObject) {
  (void)NdisHandle;
  auto* timer = new HostTimer;
  timer->characteristics = *TimerCharacteristics;
  timer->context = TimerCharacteristics->FunctionContext;
  *pTimerObject = timer;
  return NDIS_STATUS_SUCCESS;
}
BOOLEAN NdisSetTimerObject(NDIS_HANDLE TimerObject, LARGE_INTEGER DueTime, LONG MillisecondsPeriod,
                           PVOID FunctionContext) {
  auto* timer = static_cast<HostTimer*>(TimerObject);
  if (FunctionContext != nullptr) timer->context = FunctionContext;
  timer->period_ms = MillisecondsPeriod;
  Scheduler& s = Host::Get().scheduler();
  const bool was = s.Cancel(timer);
  const std::int64_t due = DueAt(DueTime.QuadPart);
  s.Schedule(timer, due, [timer, due] { FireTimer(timer, due); });
  return was ? TRUE : FALSE;
}
BOOLEAN NdisCancelTimerObject(NDIS_HANDLE TimerObject) {
  auto* timer = static_cast<HostTimer*>(TimerObject);
  timer->period_ms = 0;
  return Host::Get().scheduler().Cancel(timer) ? TRUE : FALSE;
}
void NdisFreeTimerObject(NDIS_HANDLE TimerObject) {
  Host::Get().scheduler().Cancel(TimerObject);
  delete static_cast<HostTimer*>(TimerObject);
}

NDIS_HANDLE NdisAllocateIoWorkItem(NDIS_HANDLE NdisObjectHandle) {
  return new WorkItem{NdisObjectHandle};
}
void NdisQueueIoWorkItem(NDIS_HANDLE NdisIoWorkItemHandle, NDIS_IO_WORKITEM_ROUTINE Routine,
                         PVOID WorkItemContext) {
  Scheduler& s = Host::Get().scheduler();
  s.Schedule(NdisIoWorkItemHandle, s.now(), [NdisIoWorkItemHandle, Routine, WorkItemContext] {
    AtIrql passive(PASSIVE_LEVEL);
    Routine(WorkItemContext, NdisIoWorkItemHandle);
  });
}
void NdisFreeIoWorkItem(NDIS_HANDLE NdisIoWorkItemHandle) {
  Host::Get().scheduler().Cancel(NdisIoWorkItemHandle);
  delete static_cast<WorkItem*>(NdisIoWorkItemHandle);
}

void NdisMSleep(ULONG MicrosecondsToSleep) {
  // Time passes while the caller sleeps: what falls due in between runs (other processors would
  // have run it), so a driver waiting for its own DPC or work item makes progress.
  Scheduler& s = Host::Get().scheduler();
  const std::int64_t until = s.now() + std::int64_t{MicrosecondsToSleep} * 10;
  AtIrql passive(Host::Get().irql());
  s.RunUntil(until);
  if (s.now() < until) s.Advance(until - s.now());
}
void NdisStallExecution(ULONG MicrosecondsToStall) {
  Host::Get().scheduler().Advance(std::int64_t{MicrosecondsToStall} * 10);
}
void KeStallExecutionProcessor(ULONG MicroSeconds) {
  NdisStallExecution(MicroSeconds);
}
void NdisGetCurrentSystemTime(PLARGE_INTEGER pSystemTime) {
  pSystemTime->QuadPart = Host::Get().scheduler().now();
}
void KeQuerySystemTime(PLARGE_INTEGER CurrentTime) {
  NdisGetCurrentSystemTime(CurrentTime);
}
ULONGLONG KeQueryInterruptTime(void) {
  return static_cast<ULONGLONG>(Host::Get().scheduler().now());
}
ULONG KeQueryTimeIncrement(void) {
  return 156250;
}  // 15.625 ms, the usual clock interval
void KeQueryTickCount(PLARGE_INTEGER CurrentCount) {
  CurrentCount->QuadPart = Host::Get().scheduler().now() / KeQueryTimeIncrement();
}

ULONG KeQueryActiveProcessorCountEx(USHORT GroupNumber) {
  const auto& groups = Host::Get().processor_groups();
  ULONG count = 0;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    if (GroupNumber == ALL_PROCESSOR_GROUPS || GroupNumber == g) {
      count += static_cast<ULONG>(__builtin_popcountll(groups[g]));
    }
  }
  return count;
}
ULONG KeQueryActiveProcessorCount(PKAFFINITY ActiveProcessors) {
  const auto& groups = Host::Get().processor_groups();
  if (ActiveProcessors != nullptr) *ActiveProcessors = groups.empty() ? 0 : groups.front();
  return KeQueryActiveProcessorCountEx(0);
}
USHORT KeQueryActiveGroupCount(void) {
  return static_cast<USHORT>(Host::Get().processor_groups().size());
}
NTSTATUS KeGetProcessorNumberFromIndex(ULONG ProcIndex, PPROCESSOR_NUMBER ProcNumber) {
  const auto& groups = Host::Get().processor_groups();
  ULONG index = 0;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    for (unsigned n = 0; n < 64; ++n) {
      if (((groups[g] >> n) & 1u) == 0) continue;
      if (index++ == ProcIndex) {
        *ProcNumber = PROCESSOR_NUMBER{static_cast<USHORT>(g), static_cast<UCHAR>(n), 0};
        return STATUS_SUCCESS;
      }
    }
  }
  return STATUS_INVALID_PARAMETER;
}
ULONG KeGetProcessorIndexFromNumber(PPROCESSOR_NUMBER ProcNumber) {
  const auto& groups = Host::Get().processor_groups();
  ULONG index = 0;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    for (unsigned n = 0; n < 64; ++n) {
      if (((groups[g] >> n) & 1u) == 0) continue;
      if (g == ProcNumber->Group && n == ProcNumber->Number) return index;
      ++index;
    }
  }
  return 0xFFFFFFFFu;  // INVALID_PROCESSOR_INDEX
}
ULONG KeGetCurrentProcessorNumberEx(PPROCESSOR_NUMBER ProcNumber) {
  const ULONG index = Host::Get().current_processor();
  if (ProcNumber != nullptr) {
    if (KeGetProcessorNumberFromIndex(index, ProcNumber) != STATUS_SUCCESS) {
      *ProcNumber = PROCESSOR_NUMBER{0, 0, 0};
    }
  }
  return index;
}
ULONG KeGetCurrentProcessorNumber(void) {
  return KeGetCurrentProcessorNumberEx(nullptr);
}
ULONG NdisGroupMaxProcessorCount(USHORT Group) {
  return KeQueryActiveProcessorCountEx(Group);
}
ULONG NdisGroupActiveProcessorCount(USHORT Group) {
  return KeQueryActiveProcessorCountEx(Group);
}
USHORT NdisActiveGroupCount(void) {
  return KeQueryActiveGroupCount();
}
ULONG NdisSystemProcessorCount(void) {
  return KeQueryActiveProcessorCountEx(ALL_PROCESSOR_GROUPS);
}
ULONG NdisCurrentGroupAndProcessor(void) {
  return KeGetCurrentProcessorNumberEx(nullptr);
}

PVOID ExAllocatePoolWithTag(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag) {
  (void)PoolType;
  (void)Tag;
  return Host::Get().Allocate(NumberOfBytes, false);
}
PVOID ExAllocatePoolZero(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag) {
  (void)PoolType;
  (void)Tag;
  return Host::Get().Allocate(NumberOfBytes, true);
}
PVOID ExAllocatePool2(POOL_FLAGS Flags, SIZE_T NumberOfBytes, ULONG Tag) {
  (void)Tag;
  return Host::Get().Allocate(NumberOfBytes, (Flags & POOL_FLAG_UNINITIALIZED) == 0);
}
void ExFreePoolWithTag(PVOID P, ULONG Tag) {
  (void)Tag;
  Host::Get().Free(P, "ExFreePoolWithTag");
}
void ExFreePool(PVOID P) {
  Host::Get().Free(P, "ExFreePool");
}
PVOID NdisAllocateMemoryWithTagPriority(NDIS_HANDLE NdisHandle, UINT Length, ULONG Tag,
                                        EX_POOL_PRIORITY Priority) {
  (void)NdisHandle;
  (void)Tag;
  (void)Priority;
  return Host::Get().Allocate(Length, false);
}
NDIS_STATUS NdisAllocateMemoryWithTag(PVOID* VirtualAddress, UINT Length, ULONG Tag) {
  (void)Tag;
  *VirtualAddress = Host::Get().Allocate(Length, false);
  return *VirtualAddress != nullptr ? NDIS_STATUS_SUCCESS : NDIS_STATUS_FAILURE;
}
void NdisFreeMemory(PVOID VirtualAddress, UINT Length, UINT MemoryFlags) {
  (void)Length;
  (void)MemoryFlags;
  Host::Get().Free(VirtualAddress, "NdisFreeMemory");
}
void NdisFreeMemoryWithTagPriority(NDIS_HANDLE NdisHandle, PVOID VirtualAddress, ULONG Tag) {
  (void)NdisHandle;
  (void)Tag;
  Host::Get().Free(VirtualAddress, "NdisFreeMemoryWithTagPriority");
}

void NdisInitializeNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside,
                                       PALLOCATE_FUNCTION Allocate, PFREE_FUNCTION Free,
                                       ULONG Flags, SIZE_T Size, ULONG Tag, USHORT Depth) {
  (void)Depth;
  *Lookaside = NPAGED_LOOKASIDE_LIST{};
  Lookaside->Size = Size;
  Lookaside->Tag = Tag;
  Lookaside->Flags = Flags;
  Lookaside->Allocate = Allocate;
  Lookaside->Free = Free;
}
void NdisDeleteNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside) {
  (void)Lookaside;
}
PVOID NdisAllocateFromNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside) {
  // No entries are cached: every allocation calls the list's routine (or the pool), every free
  // gives the entry back at once, so a use after free is not hidden by the list.
  ++Lookaside->Allocated;
  if (Lookaside->Allocate != nullptr) {
    return Lookaside->Allocate(NonPagedPoolNx, Lookaside->Size, Lookaside->Tag);
  }
  return Host::Get().Allocate(Lookaside->Size, false);
}
void NdisFreeToNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside, PVOID Entry) {
  --Lookaside->Allocated;
  if (Lookaside->Free != nullptr) {
    Lookaside->Free(Entry);
    return;
  }
  Host::Get().Free(Entry, "NdisFreeToNPagedLookasideList");
}

SIZE_T RtlCompareMemory(const void* Source1, const void* Source2, SIZE_T Length) {
  const auto* a = static_cast<const UCHAR*>(Source1);
  const auto* b = static_cast<const UCHAR*>(Source2);
  SIZE_T i = 0;
  while (i < Length && a[i] == b[i]) ++i;
  return i;
}
void RtlInitUnicodeString(PUNICODE_STRING DestinationString, PCWSTR SourceString) {
  USHORT length = 0;
  if (SourceString != nullptr) {
    while (SourceString[length] != 0) ++length;
  }
  DestinationString->Buffer = const_cast<PWCH>(SourceString);
  DestinationString->Length = static_cast<USHORT>(length * 2);
  DestinationString->MaximumLength =
      static_cast<USHORT>(SourceString != nullptr ? length * 2 + 2 : 0);
}
void RtlInitAnsiString(PANSI_STRING DestinationString, PCSTR SourceString) {
  const std::size_t length = SourceString != nullptr ? std::strlen(SourceString) : 0;
  DestinationString->Buffer = const_cast<PCHAR>(SourceString);
  DestinationString->Length = static_cast<USHORT>(length);
  DestinationString->MaximumLength = static_cast<USHORT>(SourceString != nullptr ? length + 1 : 0);
}
LONG RtlCompareUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2,
                             BOOLEAN CaseInSensitive) {
  const auto fold = [CaseInSensitive](WCHAR c) -> int {
    return CaseInSensitive && c >= u'a' && c <= u'z' ? c - 32 : c;
  };
  const USHORT n1 = String1->Length / 2;
  const USHORT n2 = String2->Length / 2;
  for (USHORT i = 0; i < n1 && i < n2; ++i) {
    const int d = fold(String1->Buffer[i]) - fold(String2->Buffer[i]);
    if (d != 0) return d;
  }
  return static_cast<LONG>(n1) - static_cast<LONG>(n2);
}
BOOLEAN RtlEqualUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2,
                              BOOLEAN CaseInSensitive) {
  return String1->Length == String2->Length &&
                 RtlCompareUnicodeString(String1, String2, CaseInSensitive) == 0
             ? TRUE
             : FALSE;
}
void RtlCopyUnicodeString(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString) {
  if (SourceString == nullptr) {
    DestinationString->Length = 0;
    return;
  }
  const USHORT n = std::min(DestinationString->MaximumLength, SourceString->Length);
  std::memcpy(DestinationString->Buffer, SourceString->Buffer, n);
  DestinationString->Length = n;
}

ULONG DbgPrint(PCSTR Format, ...) {
  if (!Verbose()) return 0;
  va_list args;
  va_start(args, Format);
  std::vfprintf(stderr, Format, args);
  va_end(args);
  return 0;
}
ULONG DbgPrintEx(ULONG ComponentId, ULONG Level, PCSTR Format, ...) {
  (void)ComponentId;
  (void)Level;
  if (!Verbose()) return 0;
  va_list args;
  va_start(args, Format);
  std::vfprintf(stderr, Format, args);
  va_end(args);
  return 0;
}
void DbgBreakPoint(void) {
  ReportFinding("dut.crash", "the driver called DbgBreakPoint");
}
void VmqkitNdisAssertFailed(const char* Expression, const char* File, int Line) {
  ReportFinding("dut.crash", std::string("assertion failed in the driver: ") + Expression + " (" +
                                 File + ":" + std::to_string(Line) + ")");
}

}  // extern "C"
