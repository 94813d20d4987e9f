#include "hwref/profile.h"

#include <string>

namespace vmqkit::hwref {

Result<Profile> ProfileByName(std::string_view name) {
  if (name == k82599Profile.name) return k82599Profile;
  if (name == kLargeProfile.name) return kLargeProfile;
  return UsageError("unknown hardware profile '" + std::string(name) +
                    "' (expected '82599' or 'large')");
}

}  // namespace vmqkit::hwref
