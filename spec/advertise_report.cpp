#include "spec/advertise_report.h"

#include <fmt/format.h>

namespace vmqkit::spec {
namespace {

std::string_view OriginText(ValueOrigin origin) {
  switch (origin) {
    case ValueOrigin::kRegistry:
      return "registry";
    case ValueOrigin::kDefault:
      return "default";
    case ValueOrigin::kIgnored:
      return "invalid value ignored, default";
  }
  return "?";
}

std::string Joined(const std::vector<std::string>& names) {
  return names.empty() ? "(none)" : fmt::format("{}", fmt::join(names, " "));
}

nlohmann::json InputJson(const AdvertiseInput& input) {
  return {{"ndis", ndis::ToString(input.ndis)},
          {"os", ToString(OsOf(input))},
          {"supported_speed_bps", input.supported_speed_bps},
          {"hardware",
           {{"rss", input.hardware.rss},
            {"vmq", input.hardware.vmq},
            {"sriov", input.hardware.sriov},
            {"vlan", input.hardware.vlan_id_filtering},
            {"split", input.hardware.lookahead_split}}}};
}

// The lines after the decision itself: what was read, and what it means for VMQ.
std::string ReadingsText(const AdvertiseDecision& d) {
  std::string out;
  for (const KeywordReading& r : d.readings) {
    out += fmt::format("  {:<22} = {:<6} ({})\n", r.spec->name, r.value, OriginText(r.origin));
  }
  out += fmt::format("must read:     {}\n", Joined(d.must_read));
  out += fmt::format("must not read: {}\n", Joined(d.must_not_read));
  if (UsesVmq(d.interface)) {
    out += fmt::format("current VMQ settings: VLAN filtering {}, lookahead split {}\n",
                       d.vmq_vlan_filtering ? "on" : "off", d.vmq_lookahead_split ? "on" : "off");
  }
  out += fmt::format("Hyper-V switch uses VMQ: {}\n", d.vswitch_uses_vmq ? "yes" : "no");
  for (const Diagnostic& x : d.diagnostics) {
    const std::string where = ToString(x.pos);
    out += fmt::format("{}{}: [{}] {}\n", where.empty() ? "" : where + ": ", ToString(x.severity),
                       x.keyword, x.message);
  }
  return out;
}

}  // namespace

AdvertiseReport MakeAdvertiseReport(const std::string& file, const AdapterRegistry& adapter,
                                    const AdvertiseInput& input,
                                    const RegistryKey& vmsmp_parameters) {
  return {file, adapter.subkey, adapter.driver_desc, input,
          DecideAdvertisement(input, adapter.key, vmsmp_parameters)};
}

std::string FormatLinkSpeed(std::uint64_t bps) {
  if (bps % 1'000'000'000ULL == 0) return std::to_string(bps / 1'000'000'000ULL) + " Gbps";
  if (bps % 1'000'000ULL == 0) return std::to_string(bps / 1'000'000ULL) + " Mbps";
  return std::to_string(bps) + " bps";
}

std::string ToText(const AdvertiseReport& report) {
  const AdvertiseDecision& d = report.decision;
  const AdvertiseInput& input = report.input;
  std::string out =
      fmt::format("adapter {}{} in {}\n", report.subkey.empty() ? "(unnamed)" : report.subkey,
                  report.driver_desc.empty() ? "" : " (" + report.driver_desc + ")", report.file);
  out += fmt::format("input: hardware {}, NDIS {}, OS {}, supported speed {}\n",
                     ToString(input.hardware), ndis::ToString(input.ndis), ToString(OsOf(input)),
                     FormatLinkSpeed(input.supported_speed_bps));
  out += fmt::format("preference: {}\n", ToString(d.preference));
  out += fmt::format("advertised interface: {}  (row {}{})\n", ToString(d.interface), d.row,
                     d.documented_row ? "" : ", an errata decision");
  if (d.permitted.size() > 1) {
    std::vector<std::string> names;
    for (ReceiveInterface i : d.permitted) names.emplace_back(ToString(i));
    out += fmt::format("permitted by the sources: {}\n", Joined(names));
  }
  return out + ReadingsText(d);
}

nlohmann::json ToJson(const AdvertiseReport& report) {
  const AdvertiseDecision& d = report.decision;
  nlohmann::json permitted = nlohmann::json::array();
  for (ReceiveInterface i : d.permitted) permitted.push_back(ToString(i));
  nlohmann::json readings = nlohmann::json::array();
  for (const KeywordReading& r : d.readings) {
    readings.push_back(
        {{"keyword", r.spec->name}, {"value", r.value}, {"origin", OriginText(r.origin)}});
  }
  nlohmann::json diagnostics = nlohmann::json::array();
  for (const Diagnostic& x : d.diagnostics) {
    diagnostics.push_back({{"keyword", x.keyword},
                           {"message", x.message},
                           {"severity", ToString(x.severity)},
                           {"where", ToString(x.pos)}});
  }
  return {{"adapter", {{"subkey", report.subkey}, {"driver_desc", report.driver_desc}}},
          {"input", InputJson(report.input)},
          {"preference", ToString(d.preference)},
          {"interface", ToString(d.interface)},
          {"permitted_interfaces", permitted},
          {"row", d.row},
          {"documented_row", d.documented_row},
          {"must_read", d.must_read},
          {"must_not_read", d.must_not_read},
          {"readings", readings},
          {"vmq_vlan_filtering", d.vmq_vlan_filtering},
          {"vmq_lookahead_split", d.vmq_lookahead_split},
          {"vswitch_uses_vmq", d.vswitch_uses_vmq},
          {"diagnostics", diagnostics}};
}

}  // namespace vmqkit::spec
