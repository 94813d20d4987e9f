#include "hwref/profile.h"

#include <string>

namespace vmqkit::hwref {

Result<Profile> ProfileByName(std::string_view name) {
  if (name == k82599Profile.name) return k82599Profile;
  if (name == kLargeProfile.name) return kLargeProfile;
  if (name == kScaleProfile.name) return kScaleProfile;
  return UsageError("unknown hardware profile '" + std::string(name) +
                    "' (expected '82599', 'large' or 'scale')");
}

}  // namespace vmqkit::hwref
