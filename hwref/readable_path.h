#pragma once
// The readable receive decision: walks the registers for every frame, stage by stage, in the
// order docs/hwref.md writes down. Slow on purpose; the fast path must agree with it exactly.
#include "hwref/decision.h"
#include "hwref/frame.h"
#include "hwref/register_file.h"

namespace vmqkit::hwref {

Decision DecideReadable(const RegisterFile& regs, Frame frame);

}  // namespace vmqkit::hwref
