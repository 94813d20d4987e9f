#pragma once
// `vmqkit diagnose`'s report, rendered once for people (ToText) and once for programs (ToJson),
// and the fix in its three forms: the seed KB's `reg add` lines, Set-NetAdapterVmq /
// Set-NetAdapterRss commands, and a JSON host description that `vmqkit overlap --host` reads.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "admin/diagnosis.h"

namespace vmqkit::admin {

std::string ToText(const Diagnosis& diagnosis);
nlohmann::json ToJson(const Diagnosis& diagnosis);

// The fix (empty when there is none). The reg lines name the adapter's subkey; an adapter known by
// its PowerShell name only gets the KB's "ID" placeholder and a REM line saying whose it is.
std::vector<std::string> FixRegLines(const Diagnosis& diagnosis);
std::vector<std::string> FixPowerShellLines(const Diagnosis& diagnosis);
// The host after the fix: topology, every adapter's processor keywords, teams. Null without a fix.
nlohmann::json FixedHostJson(const Diagnosis& diagnosis);

}  // namespace vmqkit::admin
