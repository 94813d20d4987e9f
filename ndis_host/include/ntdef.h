/*
 * ntdef.h of the vmqkit NDIS host: the basic Windows kernel types, written from their documented
 * names and sizes (Windows x64, LLP64) for GCC and clang on a 64-bit Linux (LP64). Clean-room:
 * nothing here is copied from Microsoft's headers, the WDK or any other project; docs/ndis-host.md
 * describes the rules (ULONG is 32 bits, WCHAR is 16 bits: driver sources are compiled with
 * -fshort-wchar so that L"..." literals are UTF-16 like on Windows).
 */
#ifndef VMQKIT_NDIS_HOST_NTDEF_H_
#define VMQKIT_NDIS_HOST_NTDEF_H_

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if !defined(__x86_64__) && !defined(__aarch64__)
#error "the vmqkit NDIS host builds drivers for a 64-bit target (x86-64 or AArch64) only"
#endif

#include "vmqkit_sal.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Compile-time assertion of the WDK (C_ASSERT(e)). */
#ifdef __cplusplus
#define C_ASSERT(e) static_assert((e), #e)
#else
#define C_ASSERT(e) _Static_assert((e), #e)
#endif

/* MSVC keywords and calling conventions: the calling conventions mean nothing on x64. */
#define NTAPI
#define NTSYSAPI
#define NTSYSCALLAPI
#define NTKERNELAPI
#define NDIS_API
#define WINAPI
#define __stdcall
#define __cdecl
#define __fastcall
#define _stdcall
#define _cdecl
#define FASTCALL
/* FORCEINLINE as MSVC's __forceinline (a driver may write `extern FORCEINLINE`); the host's own
 * header functions are VMQKIT_INLINE (static). */
#define FORCEINLINE __inline__ __attribute__((always_inline))
#define VMQKIT_INLINE static inline __attribute__((always_inline, unused))
#define __forceinline inline __attribute__((always_inline))
#define DECLSPEC_ALIGN(x) __attribute__((aligned(x)))
#define DECLSPEC_NOINLINE __attribute__((noinline))
#define DECLSPEC_NORETURN __attribute__((noreturn))
#define DECLSPEC_CACHEALIGN DECLSPEC_ALIGN(64)
#define DECLSPEC_IMPORT
#define DECLSPEC_EXPORT __attribute__((visibility("default")))
#define DECLSPEC_SELECTANY __attribute__((weak))
#define DECLSPEC_NOTHROW
#define DECLSPEC_GUARDNOCF
#define __declspec(x) VMQKIT_DECLSPEC_##x
#define VMQKIT_DECLSPEC_noinline __attribute__((noinline))
#define VMQKIT_DECLSPEC_noreturn __attribute__((noreturn))
#define VMQKIT_DECLSPEC_selectany __attribute__((weak))
#define VMQKIT_DECLSPEC_dllexport __attribute__((visibility("default")))
#define VMQKIT_DECLSPEC_dllimport
#define VMQKIT_DECLSPEC_novtable
#define VMQKIT_DECLSPEC_nothrow
#define __inline inline
#define __unaligned
#define UNALIGNED
#define UNALIGNED64
#define POINTER_32
#define POINTER_64
#define __ptr64
#define __ptr32
#define RESTRICTED_POINTER
#define CONST const
#define VOID void
#define EXTERN_C_START
#define EXTERN_C_END
#ifdef __cplusplus
#define EXTERN_C extern "C"
#else
#define EXTERN_C extern
#endif
#define IN
#define OUT
#define OPTIONAL
#define __pragma(x)
#define __fallthrough
#define __int8 char
#define __int16 short
#define __int32 int
#define __int64 long long

typedef void* PVOID;
typedef void** PPVOID;
typedef const void* PCVOID;
typedef char CHAR;
typedef signed char SCHAR;
typedef unsigned char UCHAR;
typedef short SHORT;
typedef short CSHORT;
typedef unsigned short USHORT;
typedef int INT;
typedef unsigned int UINT;
typedef int LONG;
typedef unsigned int ULONG;
typedef long long LONGLONG;
typedef unsigned long long ULONGLONG;
typedef long long LONG64;
typedef unsigned long long ULONG64;
typedef unsigned long long DWORD64;
typedef unsigned int DWORD;
typedef unsigned short WORD;
typedef unsigned char BYTE;
typedef signed char INT8;
typedef unsigned char UINT8;
typedef short INT16;
typedef unsigned short UINT16;
typedef int INT32;
typedef unsigned int UINT32;
typedef long long INT64;
typedef unsigned long long UINT64;
typedef int LONG32;
typedef unsigned int ULONG32;
typedef unsigned int DWORD32;
typedef long long INT_PTR;
typedef unsigned long long UINT_PTR;
typedef long long LONG_PTR;
typedef unsigned long long ULONG_PTR;
typedef unsigned long long DWORD_PTR;
typedef unsigned long long SIZE_T;
typedef long long SSIZE_T;
typedef unsigned char BOOLEAN;
typedef int BOOL;
typedef float FLOAT;
typedef double DOUBLE;
typedef LONG NTSTATUS;
typedef ULONG LOGICAL;
typedef ULONG CLONG;
typedef UCHAR KIRQL;
typedef KIRQL* PKIRQL;
typedef ULONG_PTR KSPIN_LOCK;
typedef KSPIN_LOCK* PKSPIN_LOCK;
typedef ULONG_PTR KAFFINITY;
typedef KAFFINITY* PKAFFINITY;
typedef char CCHAR;
typedef LONG KPRIORITY;
typedef ULONG_PTR ERESOURCE_THREAD;

#ifdef __cplusplus
typedef char16_t WCHAR; /* the host's own C++ sources */
#else
typedef wchar_t WCHAR;
_Static_assert(sizeof(wchar_t) == 2,
               "compile NDIS driver sources with -fshort-wchar (WCHAR and L\"...\" are UTF-16)");
#endif

typedef CHAR* PCHAR;
typedef CHAR* PSTR;
typedef CHAR* LPSTR;
typedef const CHAR* PCSTR;
typedef const CHAR* LPCSTR;
typedef CHAR* PSZ;
typedef const CHAR* PCSZ;
typedef UCHAR* PUCHAR;
typedef const UCHAR* PCUCHAR;
typedef SHORT* PSHORT;
typedef USHORT* PUSHORT;
typedef INT* PINT;
typedef UINT* PUINT;
typedef LONG* PLONG;
typedef ULONG* PULONG;
typedef const ULONG* PCULONG;
typedef LONGLONG* PLONGLONG;
typedef ULONGLONG* PULONGLONG;
typedef LONG64* PLONG64;
typedef ULONG64* PULONG64;
typedef DWORD* PDWORD;
typedef WORD* PWORD;
typedef BYTE* PBYTE;
typedef UINT8* PUINT8;
typedef UINT16* PUINT16;
typedef UINT32* PUINT32;
typedef UINT64* PUINT64;
typedef INT32* PINT32;
typedef ULONG_PTR* PULONG_PTR;
typedef LONG_PTR* PLONG_PTR;
typedef SIZE_T* PSIZE_T;
typedef BOOLEAN* PBOOLEAN;
typedef WCHAR* PWCHAR;
typedef WCHAR* PWSTR;
typedef WCHAR* LPWSTR;
typedef const WCHAR* PCWSTR;
typedef const WCHAR* LPCWSTR;
typedef WCHAR* PWCH;
typedef const WCHAR* PCWCH;
typedef NTSTATUS* PNTSTATUS;
typedef void* HANDLE;
typedef HANDLE* PHANDLE;
typedef LONG HRESULT;
typedef UCHAR* PUCHAR_PTR;

#define TRUE 1
#define FALSE 0
#ifndef NULL
#define NULL ((void*)0)
#endif
#define ANYSIZE_ARRAY 1
#define MAXULONG 0xFFFFFFFFu
#define MAXLONG 0x7FFFFFFF
#define MINLONG (-MAXLONG - 1)
#define MAXUSHORT 0xFFFFu
#define MAXSHORT 0x7FFF
#define MAXUCHAR 0xFFu
#define MAXCHAR 0x7F
#define MAXULONG64 0xFFFFFFFFFFFFFFFFull
#define MAXLONGLONG 0x7FFFFFFFFFFFFFFFll
#define MAXULONGLONG 0xFFFFFFFFFFFFFFFFull
#define MAXULONG_PTR MAXULONG64
#define MAXSIZE_T MAXULONG64
#define MAXUINT 0xFFFFFFFFu
#define MAXUINT32 0xFFFFFFFFu
#define MAXUINT16 0xFFFFu
#define MAXUINT8 0xFFu
#define MAXUINT64 0xFFFFFFFFFFFFFFFFull
#define MAXINT 0x7FFFFFFF
#define MAXDWORD 0xFFFFFFFFu

#define NT_SUCCESS(Status) (((NTSTATUS)(Status)) >= 0)
#define NT_INFORMATION(Status) ((((ULONG)(Status)) >> 30) == 1)
#define NT_WARNING(Status) ((((ULONG)(Status)) >> 30) == 2)
#define NT_ERROR(Status) ((((ULONG)(Status)) >> 30) == 3)

/* Known NTSTATUS values (ntstatus.h names). */
#define STATUS_SUCCESS ((NTSTATUS)0x00000000)
#define STATUS_PENDING ((NTSTATUS)0x00000103)
#define STATUS_UNSUCCESSFUL ((NTSTATUS)0xC0000001)
#define STATUS_NOT_IMPLEMENTED ((NTSTATUS)0xC0000002)
#define STATUS_INVALID_PARAMETER ((NTSTATUS)0xC000000D)
#define STATUS_NO_MEMORY ((NTSTATUS)0xC0000017)
#define STATUS_BUFFER_TOO_SMALL ((NTSTATUS)0xC0000023)
#define STATUS_INSUFFICIENT_RESOURCES ((NTSTATUS)0xC000009A)
#define STATUS_NOT_SUPPORTED ((NTSTATUS)0xC00000BB)
#define STATUS_INTEGER_OVERFLOW ((NTSTATUS)0xC0000095)
#define STATUS_BUFFER_OVERFLOW ((NTSTATUS)0x80000005)
#define STATUS_NOT_FOUND ((NTSTATUS)0xC0000225)
#define STATUS_CANCELLED ((NTSTATUS)0xC0000120)
#define STATUS_DEVICE_NOT_READY ((NTSTATUS)0xC00000A3)
#define STATUS_INVALID_DEVICE_REQUEST ((NTSTATUS)0xC0000010)
#define STATUS_INVALID_BUFFER_SIZE ((NTSTATUS)0xC0000206)
#define STATUS_OBJECT_NAME_NOT_FOUND ((NTSTATUS)0xC0000034)
#define STATUS_TIMEOUT ((NTSTATUS)0x00000102)

typedef union _LARGE_INTEGER {
  struct {
    ULONG LowPart;
    LONG HighPart;
  };
  struct {
    ULONG LowPart;
    LONG HighPart;
  } u;
  LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;

typedef union _ULARGE_INTEGER {
  struct {
    ULONG LowPart;
    ULONG HighPart;
  };
  struct {
    ULONG LowPart;
    ULONG HighPart;
  } u;
  ULONGLONG QuadPart;
} ULARGE_INTEGER, *PULARGE_INTEGER;

typedef LARGE_INTEGER PHYSICAL_ADDRESS, *PPHYSICAL_ADDRESS;

typedef struct _LIST_ENTRY {
  struct _LIST_ENTRY* Flink;
  struct _LIST_ENTRY* Blink;
} LIST_ENTRY, *PLIST_ENTRY, *PRLIST_ENTRY;

typedef struct _SINGLE_LIST_ENTRY {
  struct _SINGLE_LIST_ENTRY* Next;
} SINGLE_LIST_ENTRY, *PSINGLE_LIST_ENTRY;

typedef struct DECLSPEC_ALIGN(16) _SLIST_ENTRY {
  struct _SLIST_ENTRY* Next;
} SLIST_ENTRY, *PSLIST_ENTRY;

typedef union DECLSPEC_ALIGN(16) _SLIST_HEADER {
  struct {
    ULONGLONG Alignment;
    ULONGLONG Region;
  };
  struct {
    ULONGLONG Depth : 16;
    ULONGLONG Sequence : 48;
    ULONGLONG Reserved : 4;
    ULONGLONG NextEntry : 60;
  } HeaderX64;
} SLIST_HEADER, *PSLIST_HEADER;

typedef struct _STRING {
  USHORT Length;
  USHORT MaximumLength;
  PCHAR Buffer;
} STRING, *PSTRING, ANSI_STRING, *PANSI_STRING, OEM_STRING, *POEM_STRING;
typedef const STRING* PCSTRING;
typedef const ANSI_STRING* PCANSI_STRING;

typedef struct _UNICODE_STRING {
  USHORT Length;        /* bytes, without a terminator */
  USHORT MaximumLength; /* bytes */
  PWCH Buffer;
} UNICODE_STRING, *PUNICODE_STRING;
typedef const UNICODE_STRING* PCUNICODE_STRING;

#define RTL_CONSTANT_STRING(s) {(USHORT)(sizeof(s) - sizeof((s)[0])), (USHORT)sizeof(s), (s)}
#define DECLARE_CONST_UNICODE_STRING(name, text) \
  const UNICODE_STRING name = {(USHORT)(sizeof(text) - sizeof(WCHAR)), (USHORT)sizeof(text), (PWCH)(text)}
#define DECLARE_UNICODE_STRING_SIZE(name, size) \
  WCHAR name##_buffer[size];                    \
  UNICODE_STRING name = {0, (USHORT)((size) * sizeof(WCHAR)), name##_buffer}

typedef struct _GUID {
  ULONG Data1;
  USHORT Data2;
  USHORT Data3;
  UCHAR Data4[8];
} GUID, *PGUID, *LPGUID;
typedef const GUID* LPCGUID;
typedef const GUID* PCGUID;
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
  static const GUID name __attribute__((unused)) = {l, w1, w2, {b1, b2, b3, b4, b5, b6, b7, b8}}

typedef struct _GROUP_AFFINITY {
  KAFFINITY Mask;
  USHORT Group;
  USHORT Reserved[3];
} GROUP_AFFINITY, *PGROUP_AFFINITY;

typedef struct _PROCESSOR_NUMBER {
  USHORT Group;
  UCHAR Number;
  UCHAR Reserved;
} PROCESSOR_NUMBER, *PPROCESSOR_NUMBER;

#define FIELD_OFFSET(type, field) ((LONG)offsetof(type, field))
#define RTL_FIELD_SIZE(type, field) (sizeof(((type*)0)->field))
#define RTL_SIZEOF_THROUGH_FIELD(type, field) (FIELD_OFFSET(type, field) + RTL_FIELD_SIZE(type, field))
#define RTL_CONTAINS_FIELD(Struct, Size, Field) \
  ((((PCHAR)(&(Struct)->Field)) + sizeof((Struct)->Field)) <= (((PCHAR)(Struct)) + (Size)))
#define RTL_NUMBER_OF(a) (sizeof(a) / sizeof((a)[0]))
#define RTL_NUMBER_OF_V1(a) RTL_NUMBER_OF(a)
#define RTL_NUMBER_OF_V2(a) RTL_NUMBER_OF(a)
#define ARRAYSIZE(a) RTL_NUMBER_OF(a)
#define _ARRAYSIZE(a) RTL_NUMBER_OF(a)
#define CONTAINING_RECORD(address, type, field) \
  ((type*)((PCHAR)(address) - (ULONG_PTR)offsetof(type, field)))
#define UNREFERENCED_PARAMETER(P) ((void)(P))
#define DBG_UNREFERENCED_PARAMETER(P) ((void)(P))
#define DBG_UNREFERENCED_LOCAL_VARIABLE(V) ((void)(V))
#define UNREFERENCED_LOCAL_VARIABLE(V) ((void)(V))
#define ALIGN_DOWN_BY(length, alignment) ((ULONG_PTR)(length) & ~((ULONG_PTR)(alignment) - 1))
#define ALIGN_UP_BY(length, alignment) \
  (ALIGN_DOWN_BY(((ULONG_PTR)(length) + (alignment) - 1), (alignment)))
#define ALIGN_DOWN_POINTER_BY(address, alignment) ((PVOID)ALIGN_DOWN_BY((address), (alignment)))
#define ALIGN_UP_POINTER_BY(address, alignment) ((PVOID)ALIGN_UP_BY((address), (alignment)))
#define ALIGN_UP(length, type) ALIGN_UP_BY(length, sizeof(type))
#define ALIGN_DOWN(length, type) ALIGN_DOWN_BY(length, sizeof(type))
#define MAKELONG(a, b) ((LONG)(((WORD)(a)) | ((DWORD)((WORD)(b))) << 16))
#define LOWORD(l) ((WORD)((DWORD_PTR)(l) & 0xffff))
#define HIWORD(l) ((WORD)((DWORD_PTR)(l) >> 16))
#define LOBYTE(w) ((BYTE)((DWORD_PTR)(w) & 0xff))
#define HIBYTE(w) ((BYTE)((DWORD_PTR)(w) >> 8))
#define BooleanFlagOn(F, SF) ((BOOLEAN)(((F) & (SF)) != 0))
#define FlagOn(_F, _SF) ((_F) & (_SF))
#define SetFlag(_F, _SF) ((_F) |= (_SF))
#define ClearFlag(_F, _SF) ((_F) &= ~(_SF))
#ifndef __cplusplus
#ifndef min
#define min(a, b) (((a) < (b)) ? (a) : (b))
#endif
#ifndef max
#define max(a, b) (((a) > (b)) ? (a) : (b))
#endif
#endif

/* Four-character pool tags are multi-character constants in MSVC ('abcd'); GCC and clang accept
 * them with the same value, and -Wno-multichar (the host's build flags) silences the warning. */

#ifdef __cplusplus
}
#endif

#endif /* VMQKIT_NDIS_HOST_NTDEF_H_ */
