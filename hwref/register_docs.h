#pragma once
// Text renderings of the register table: docs/registers.md and `vmqkit hw registers`.
#include <span>
#include <string>

#include "hwref/profile.h"
#include "hwref/register_map.h"

namespace vmqkit::hwref {

inline constexpr Profile kAllProfiles[] = {k82599Profile, kLargeProfile, kScaleProfile};

// "0x05400 + 8*i (i < 16); 0x0A280 + 8*(i-16) (i >= 16)" for the profile's layout.
std::string OffsetFormula(const RegisterSpec& spec, const Profile& profile);
// "[31]" or "[12:7]".
std::string BitRange(const FieldSpec& field);

// The Markdown of docs/registers.md, with one offset and count column per profile given.
std::string RegisterMapMarkdown(std::span<const Profile> profiles = kAllProfiles);
// One line per register for a terminal.
std::string RegisterMapText(const Profile& profile);

}  // namespace vmqkit::hwref
