#pragma once
// `vmqkit advertise`'s report: the decision for one adapter with what it was decided on, rendered
// once for people (ToText) and once for programs (ToJson).
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "spec/advertise.h"

namespace vmqkit::spec {

struct AdvertiseReport {
  std::string file;  // the registry file, as the user named it
  std::string subkey;
  std::string driver_desc;
  AdvertiseInput input;
  AdvertiseDecision decision;
};

AdvertiseReport MakeAdvertiseReport(const std::string& file, const AdapterRegistry& adapter,
                                    const AdvertiseInput& input,
                                    const RegistryKey& vmsmp_parameters);

std::string FormatLinkSpeed(std::uint64_t bps);  // "10 Gbps", "100 Mbps", "1234 bps"

std::string ToText(const AdvertiseReport& report);
nlohmann::json ToJson(const AdvertiseReport& report);

}  // namespace vmqkit::spec
