#include "conformance/engine_text.h"

#include <algorithm>

#include "base/text.h"

namespace vmqkit::conformance {

std::string StatusName(std::uint32_t status) {
  return ndis::ToString(static_cast<ndis::NdisStatus>(status));
}

std::string OidName(ndis::Oid oid) {
  const ndis::OidInfo* info = ndis::FindOid(oid);
  return info != nullptr ? std::string(info->name) : std::to_string(oid);
}

std::string OidSlug(ndis::Oid oid) {
  std::string name = ToLower(OidName(oid));
  std::replace(name.begin(), name.end(), '_', '-');
  return name;
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

std::string PermittedText(const spec::StepResult& r) {
  std::vector<std::string> names;
  for (auto s : r.permitted) names.push_back(ndis::ToString(s));
  return ndis::ToString(r.status) + " (permitted: " + Join(names) + ")";
}

std::string QueueParametersDiff(const ndis::ReceiveQueueParameters& sent,
                                const ndis::ReceiveQueueParameters& returned) {
  std::vector<std::string> out;
  auto member = [&](const char* name, auto a, auto b) {
    if (a != b)
      out.push_back(std::string(name) + " " + std::to_string(a) + " -> " + std::to_string(b));
  };
  member("Revision", sent.revision, returned.revision);
  member("Flags", sent.flags, returned.flags);
  member("QueueType", static_cast<std::uint32_t>(sent.queue_type),
         static_cast<std::uint32_t>(returned.queue_type));
  member("QueueId", sent.queue_id, returned.queue_id);
  member("QueueGroupId", sent.queue_group_id, returned.queue_group_id);
  member("ProcessorAffinity.Group", sent.processor_affinity.group,
         returned.processor_affinity.group);
  member("ProcessorAffinity.Mask", sent.processor_affinity.mask, returned.processor_affinity.mask);
  member("NumSuggestedReceiveBuffers", sent.num_suggested_receive_buffers,
         returned.num_suggested_receive_buffers);
  member("LookaheadSize", sent.lookahead_size, returned.lookahead_size);
  member("PortId", sent.port_id, returned.port_id);
  member("InterruptCoalescingDomainId", sent.interrupt_coalescing_domain_id,
         returned.interrupt_coalescing_domain_id);
  member("QosSqId", sent.qos_sq_id, returned.qos_sq_id);
  if (sent.vm_name != returned.vm_name) out.push_back("VmName changed");
  if (sent.queue_name != returned.queue_name) out.push_back("QueueName changed");
  return Join(out);
}

std::string ObservedText(const Observed& observed) {
  std::string out;
  for (const auto& i : observed.indications)
    out += "; indicated on queue " + std::to_string(i.queue_id);
  for (const auto& s : observed.statuses) out += "; status " + StatusName(s.code);
  for (const auto& c : observed.completions)
    out += "; completed request " + std::to_string(c.request_id) + " " + StatusName(c.status);
  return out;
}

std::string CapsDiff(const ndis::ReceiveFilterCapabilities& expected,
                     const ndis::ReceiveFilterCapabilities& actual) {
  struct Field {
    const char* name;
    std::uint32_t ndis::ReceiveFilterCapabilities::*member;
  };
  static constexpr Field kFields[] = {
      {"Flags", &ndis::ReceiveFilterCapabilities::flags},
      {"EnabledFilterTypes", &ndis::ReceiveFilterCapabilities::enabled_filter_types},
      {"EnabledQueueTypes", &ndis::ReceiveFilterCapabilities::enabled_queue_types},
      {"NumQueues", &ndis::ReceiveFilterCapabilities::num_queues},
      {"SupportedQueueProperties", &ndis::ReceiveFilterCapabilities::supported_queue_properties},
      {"SupportedFilterTests", &ndis::ReceiveFilterCapabilities::supported_filter_tests},
      {"SupportedHeaders", &ndis::ReceiveFilterCapabilities::supported_headers},
      {"SupportedMacHeaderFields", &ndis::ReceiveFilterCapabilities::supported_mac_header_fields},
      {"MaxMacHeaderFilters", &ndis::ReceiveFilterCapabilities::max_mac_header_filters},
      {"MinLookaheadSplitSize", &ndis::ReceiveFilterCapabilities::min_lookahead_split_size},
      {"MaxLookaheadSplitSize", &ndis::ReceiveFilterCapabilities::max_lookahead_split_size},
  };
  std::string out;
  if (expected.revision != actual.revision) {
    out += "Header.Revision " + std::to_string(actual.revision) + " (expected " +
           std::to_string(expected.revision) + ") ";
  }
  for (const Field& f : kFields) {
    if (expected.*f.member != actual.*f.member) {
      out += std::string(f.name) + " " + std::to_string(actual.*f.member) + " (expected " +
             std::to_string(expected.*f.member) + ") ";
    }
  }
  return out.empty() ? "the encodings differ" : out;
}

}  // namespace vmqkit::conformance
