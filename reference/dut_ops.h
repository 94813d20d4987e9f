#pragma once
// The reference miniport as a DUT: the vmqkit_dut_ops table the conformance suite drives. Linked
// into `vmqkit` as the default device under test; plugin_entry.cpp exports the same table from
// libvmqkit_reference_dut.so.
#include "hwref/profile.h"
#include "vmqkit/dut.h"

namespace vmqkit::reference {

// The table for an adapter built on `profile`'s device. The default, the large profile, has a VLAN
// table big enough to keep every VLAN open to the default queue (E-503); the 82599 profile has the
// 82599's table sizes (128 addresses, 64 VLAN entries) and shows table exhaustion early.
const vmqkit_dut_ops& DutOps(hwref::ProfileKind profile = hwref::ProfileKind::kLarge);

}  // namespace vmqkit::reference
