/*
 * vmqkit DUT ABI, version 1: how the conformance suite drives a NIC driver under test (DUT).
 *
 * A plug-in is a shared library exporting one symbol, `vmqkit_dut_entry`, that returns a table of
 * function pointers. Plain C: no exceptions cross it, and no allocation changes owner across it;
 * every buffer belongs to the side that passes it and is valid only for the duration of the call.
 * The calls mirror the NDIS miniport entry points a VMQ driver implements (MiniportInitializeEx,
 * MiniportOidRequest, the receive path, MiniportReturnNetBufferLists, MiniportHaltEx), and the
 * callbacks mirror the NDIS services it calls (NdisReadConfiguration,
 * NdisGetRssProcessorInformation via the platform description, NdisMIndicateReceiveNetBufferLists,
 * NdisMIndicateStatusEx, NdisMOidRequestComplete). Structures crossing the ABI in buffers are the
 * NDIS ones, byte-exact as in the Windows x64 headers (NDIS_RECEIVE_FILTER_CAPABILITIES,
 * NDIS_RECEIVE_QUEUE_PARAMETERS, ...). docs/dut-abi.md is the full contract.
 *
 * Threading: the suite calls a DUT from one thread at a time. A DUT may call the callbacks from
 * inside any call (as NDIS allows indications from any context); it must not call them after
 * `halt` returned.
 *
 * Include it as "vmqkit/dut.h" (CMake target vmqkit::dut, header only; installed as
 * include/vmqkit/dut.h). It includes nothing but <stdint.h>, so a plug-in needs nothing else.
 *
 * Versions (docs/dut-abi.md "Versions"). VMQKIT_DUT_ABI_VERSION names one exact binary contract;
 * host and plug-in agree on it at vmqkit_dut_entry, and a mismatch refuses the plug-in.
 * - It is bumped by any change an existing plug-in or host could notice: a field, enum value or
 *   flag changing size, offset, type or meaning; an entry point or callback changing signature or
 *   contract; anything removed or reordered; a reserved field given a meaning where zero is not
 *   "as before".
 * - It is not bumped for comments, for a reserved field given a meaning whose zero value is the
 *   old behaviour, or for an entry point appended at the end of vmqkit_dut_ops that a host calls
 *   only when `struct_size` covers it.
 * - The package version (vmqkitConfigVersion.cmake) is separate: the library's C++ API may change
 *   while the ABI stays at the same version.
 */
#ifndef VMQKIT_DUT_H_
#define VMQKIT_DUT_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum { VMQKIT_DUT_ABI_VERSION = 1 };

/* Hardware features the (simulated) adapter has: what a real driver learns from its device. */
enum {
  VMQKIT_HW_RSS = 1u << 0,
  VMQKIT_HW_VMQ = 1u << 1,
  VMQKIT_HW_SRIOV = 1u << 2,
};

/* NDIS_REQUEST_TYPE values a VMQ driver sees. */
enum {
  VMQKIT_REQUEST_SET = 1,    /* NdisRequestSetInformation */
  VMQKIT_REQUEST_QUERY = 0,  /* NdisRequestQueryInformation */
  VMQKIT_REQUEST_METHOD = 12 /* NdisRequestMethod */
};

/* NdisMIndicateReceiveNetBufferLists flag: every frame of the call is from one queue. */
enum { VMQKIT_RECEIVE_FLAG_SINGLE_QUEUE = 1u << 0 };

/* What the OS tells the driver at create time. */
typedef struct vmqkit_platform {
  uint32_t abi_version; /* VMQKIT_DUT_ABI_VERSION */
  uint8_t ndis_major;   /* NDIS version the driver runs as, e.g. 6 */
  uint8_t ndis_minor;   /* e.g. 30 */
  uint16_t reserved0;
  uint64_t link_speed_bps;    /* e.g. 10000000000 */
  uint32_t hardware_features; /* VMQKIT_HW_* */
  /* The processors NDIS gives the adapter for RSS and VMQ (NdisGetRssProcessorInformation):
   * processor_group_masks[g] has bit n set when processor g:n is usable. */
  uint32_t processor_group_count;
  const uint64_t* processor_group_masks;
  uint32_t instance; /* distinguishes adapters of one host (0, 1, ...) */
  uint32_t reserved1;
} vmqkit_platform;

/* One received frame indicated to the OS. */
typedef struct vmqkit_receive_indication {
  uint32_t queue_id;  /* NET_BUFFER_LIST filtering info QueueId */
  uint32_t filter_id; /* NET_BUFFER_LIST filtering info FilterId (0 for VMQ) */
  const uint8_t* frame;
  uint32_t length;
  uint32_t vlan_id; /* NDIS_NET_BUFFER_LIST_8021Q_INFO VlanId when the tag was stripped, else 0 */
  uint64_t cookie;  /* handed back in return_indications */
} vmqkit_receive_indication;

/* One frame on the wire, for receive_batch. */
typedef struct vmqkit_frame {
  const uint8_t* data;
  uint32_t length;
  uint32_t reserved; /* zero */
} vmqkit_frame;

/* Services the suite offers the driver. `host` is the pointer given at create. */
typedef struct vmqkit_host_callbacks {
  /* NdisReadConfiguration(NdisParameterInteger): the host converts REG_DWORD or decimal REG_SZ and
   * returns NDIS_STATUS_SUCCESS with *value, or NDIS_STATUS_FAILURE when the keyword is absent or
   * not an integer. NDIS does not check ranges: that is the driver's job. Every call is recorded
   * (the suite checks must-read / must-not-read rules). `keyword` is ASCII, e.g. "*VMQ". */
  uint32_t (*read_config)(void* host, const char* keyword, uint32_t* value);
  /* NdisMIndicateReceiveNetBufferLists. */
  void (*indicate_receive)(void* host, const vmqkit_receive_indication* frames, uint32_t count,
                           uint32_t flags);
  /* NdisMIndicateStatusEx: status code and its StatusBuffer (e.g. NDIS_RECEIVE_QUEUE_STATE). */
  void (*indicate_status)(void* host, uint32_t status, const uint8_t* buffer, uint32_t length);
  /* NdisMOidRequestComplete for a request that returned NDIS_STATUS_PENDING. */
  void (*complete_oid)(void* host, uint64_t request_id, uint32_t status, uint32_t bytes_written,
                       uint32_t bytes_needed);
} vmqkit_host_callbacks;

/* One OID request. The information buffer is in/out for method requests. */
typedef struct vmqkit_oid_request {
  uint64_t request_id;     /* echoed by complete_oid */
  uint32_t oid;            /* e.g. OID_RECEIVE_FILTER_ALLOCATE_QUEUE 0x00010223 */
  uint32_t request_type;   /* VMQKIT_REQUEST_* */
  uint8_t* buffer;         /* InformationBuffer (may be NULL when both lengths are 0) */
  uint32_t input_length;   /* InputBufferLength (set, method) */
  uint32_t output_length;  /* OutputBufferLength (query, method): bytes the driver may write */
  uint32_t* bytes_written; /* BytesWritten / BytesRead */
  uint32_t* bytes_needed;  /* BytesNeeded */
} vmqkit_oid_request;

typedef struct vmqkit_dut_ops {
  uint32_t abi_version; /* VMQKIT_DUT_ABI_VERSION the plug-in was built for */
  uint32_t struct_size; /* sizeof(vmqkit_dut_ops) */
  const char* name;     /* e.g. "vmqkit reference miniport" */
  const char* version;

  /* Creates an adapter instance; NULL on failure. */
  void* (*create)(const vmqkit_platform* platform, const vmqkit_host_callbacks* callbacks,
                  void* host);
  /* MiniportInitializeEx: reads its configuration through read_config and writes its hardware and
   * current receive filter capabilities (NDIS_RECEIVE_FILTER_CAPABILITIES, NDIS_OBJECT_HEADER
   * first) into the two buffers. Returns an NDIS_STATUS. */
  uint32_t (*initialize)(void* adapter, uint8_t* hardware_capabilities, uint32_t hardware_length,
                         uint32_t* hardware_written, uint8_t* current_capabilities,
                         uint32_t current_length, uint32_t* current_written);
  /* MiniportOidRequest. Returns an NDIS_STATUS; NDIS_STATUS_PENDING means complete_oid follows. */
  uint32_t (*oid_request)(void* adapter, const vmqkit_oid_request* request);
  /* A frame arrives on the wire; indications, if any, go through indicate_receive. */
  void (*receive)(void* adapter, const uint8_t* frame, uint32_t length);
  /* MiniportReturnNetBufferLists: the OS is done with these indicated frames. */
  void (*return_indications)(void* adapter, const uint64_t* cookies, uint32_t count);
  /* MiniportHaltEx. */
  void (*halt)(void* adapter);
  /* Frees the instance. */
  void (*destroy)(void* adapter);

  /* Appended in version 1 (a host calls it only when `struct_size` covers it; NULL or not covered:
   * the adapter has the platform's `hardware_features`). After a successful `initialize`: the
   * VMQKIT_HW_* features of the device as the driver reported them to NDIS, which may differ from
   * the platform's for a driver of fixed hardware. RSS: receive-scaling capabilities reported
   * (NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES.RecvScaleCapabilities not NULL); VMQ: hardware
   * receive filter capabilities with VM queues (NumQueues not 0); SR-IOV: SR-IOV capabilities
   * reported (hardware assist attributes, HardwareSriovCapabilities not NULL). */
  uint32_t (*reported_hardware_features)(void* adapter);

  /* Appended in version 1 (a host calls it only when `struct_size` covers it and it is not NULL;
   * otherwise it calls `receive` once per frame). `count` frames arrive on the wire in this order,
   * as a receive interrupt finds them in the rings: the outcome must be what `count` calls of
   * `receive` in the same order would give. Indications of several frames may share one
   * indicate_receive call, from inside this call (VMQKIT_RECEIVE_FLAG_SINGLE_QUEUE only when every
   * frame of that call is from one queue), and frames of one queue are indicated in wire order.
   * NULL: the plug-in takes one frame per call. */
  void (*receive_batch)(void* adapter, const vmqkit_frame* frames, uint32_t count);
} vmqkit_dut_ops;

/* The size of vmqkit_dut_ops of version 1 before any entry point was appended (two uint32_t, two
 * strings, seven entry points): the least `struct_size` a host accepts. */
enum { VMQKIT_DUT_OPS_V1_SIZE = 2 * sizeof(uint32_t) + 9 * sizeof(void*) };

#if defined(_WIN32)
#define VMQKIT_DUT_EXPORT __declspec(dllexport)
#else
#define VMQKIT_DUT_EXPORT __attribute__((visibility("default")))
#endif

/* The one symbol a plug-in exports. Returns NULL when it cannot serve `host_abi_version`. */
typedef const vmqkit_dut_ops* (*vmqkit_dut_entry_fn)(uint32_t host_abi_version);
VMQKIT_DUT_EXPORT const vmqkit_dut_ops* vmqkit_dut_entry(uint32_t host_abi_version);

#ifdef __cplusplus
}
#endif

#endif /* VMQKIT_DUT_H_ */
