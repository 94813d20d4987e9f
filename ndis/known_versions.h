#pragma once
// The NDIS 6.x versions vmqkit tells apart, oldest first (`vmqkit --version` lists them). VMQ
// begins with NDIS 6.20 (Microsoft Learn, "Receive Filter OIDs": every OID_RECEIVE_FILTER_* OID
// of VMQ is "NDIS 6.20 and later").
#include <array>

#include "ndis/version.h"

namespace vmqkit::ndis {

inline constexpr std::array<NdisVersion, 8> kKnownNdisVersions{
    kNdis620, kNdis630, kNdis640, kNdis650, kNdis660, kNdis680, kNdis682, kNdis684};

}  // namespace vmqkit::ndis
