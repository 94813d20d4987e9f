#pragma once
// `vmqkit replay`'s report: a scenario run on the model step by step, rendered once for people
// (ToText) and once for programs (ToJson).
#include <nlohmann/json.hpp>
#include <string>

#include "spec/scenario.h"

namespace vmqkit::spec {

std::string ToText(const ScenarioReport& report);
nlohmann::json ToJson(const ScenarioReport& report);

}  // namespace vmqkit::spec
