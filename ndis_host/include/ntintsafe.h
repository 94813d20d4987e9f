/*
 * ntintsafe.h of the vmqkit NDIS host: the overflow-checked integer routines a driver uses
 * (RtlULongAdd, RtlULongMult, ...), from their documented contract: the result, or
 * STATUS_INTEGER_OVERFLOW with the output set to the type's error value. Clean-room.
 */
#ifndef VMQKIT_NDIS_HOST_NTINTSAFE_H_
#define VMQKIT_NDIS_HOST_NTINTSAFE_H_
#include "ntdef.h"

#define VMQKIT_INTSAFE(Name, Type, Op)                                          \
  VMQKIT_INLINE NTSTATUS Name(Type Augend, Type Addend, Type* Result) {           \
    if (__builtin_##Op##_overflow(Augend, Addend, Result)) {                    \
      *Result = (Type)~(Type)0;                                                 \
      return STATUS_INTEGER_OVERFLOW;                                           \
    }                                                                           \
    return STATUS_SUCCESS;                                                      \
  }
VMQKIT_INTSAFE(RtlULongAdd, ULONG, add)
VMQKIT_INTSAFE(RtlULongSub, ULONG, sub)
VMQKIT_INTSAFE(RtlULongMult, ULONG, mul)
VMQKIT_INTSAFE(RtlUShortAdd, USHORT, add)
VMQKIT_INTSAFE(RtlUShortSub, USHORT, sub)
VMQKIT_INTSAFE(RtlUShortMult, USHORT, mul)
VMQKIT_INTSAFE(RtlULongLongAdd, ULONGLONG, add)
VMQKIT_INTSAFE(RtlULongLongSub, ULONGLONG, sub)
VMQKIT_INTSAFE(RtlULongLongMult, ULONGLONG, mul)
VMQKIT_INTSAFE(RtlSizeTAdd, SIZE_T, add)
VMQKIT_INTSAFE(RtlSizeTSub, SIZE_T, sub)
VMQKIT_INTSAFE(RtlSizeTMult, SIZE_T, mul)
VMQKIT_INTSAFE(RtlUIntAdd, UINT, add)
VMQKIT_INTSAFE(RtlUIntSub, UINT, sub)
VMQKIT_INTSAFE(RtlUIntMult, UINT, mul)
#undef VMQKIT_INTSAFE

VMQKIT_INLINE NTSTATUS RtlULongLongToULong(ULONGLONG Operand, ULONG* Result) {
  if (Operand > 0xFFFFFFFFull) {
    *Result = 0xFFFFFFFFu;
    return STATUS_INTEGER_OVERFLOW;
  }
  *Result = (ULONG)Operand;
  return STATUS_SUCCESS;
}
VMQKIT_INLINE NTSTATUS RtlULongToUShort(ULONG Operand, USHORT* Result) {
  if (Operand > 0xFFFFu) {
    *Result = 0xFFFFu;
    return STATUS_INTEGER_OVERFLOW;
  }
  *Result = (USHORT)Operand;
  return STATUS_SUCCESS;
}
VMQKIT_INLINE NTSTATUS RtlSizeTToULong(SIZE_T Operand, ULONG* Result) {
  return RtlULongLongToULong(Operand, Result);
}
#endif
