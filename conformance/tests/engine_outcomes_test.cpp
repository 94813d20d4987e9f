// Every status, completion and indication the engine judges goes through the model's permitted
// outcomes (spec/outcomes.h): one test per decision of issue 19 (docs/errata.md E-308, E-312,
// E-320..E-327), each driving the engine with the reference (or the minimal DUT) behind a hook
// that gives it exactly the behaviour in question. Each fails on the engine before the change.
#include <gtest/gtest.h>

#include "conformance/tests/bent_device.h"
#include "duts/minimal/minimal_dut.h"
#include "ndis/constants.h"
#include "ndis/frame.h"
#include "ndis/oids.h"
#include "ndis/status.h"
#include "ndis/structure_fields.h"
#include "spec/outcomes.h"

namespace vmqkit::conformance {
namespace {

using ndis::NdisStatus;
using test::Rig;

constexpr auto Code(NdisStatus s) {
  return static_cast<std::uint32_t>(s);
}

// A running queue 1 with one filter (MAC 1, VLAN 10 or untagged-or-zero).
bool RunningQueue(Engine& e, ndis::NdisVersion version = ndis::kNdis630,
                  std::optional<std::uint16_t> vlan = 10) {
  return e.Oid("A", AllocateQueueRequest(version, 0x2)) &&
         e.Oid("A", SetFilterRequest(version, 1, GuestMac(1), vlan, !vlan)) &&
         e.Oid("A", CompleteRequest({1}));
}

ndis::Bytes QueueState(std::uint32_t queue, ndis::QueueOperationalState state) {
  return ndis::Encode(ndis::ReceiveQueueState{0, queue, state});
}

TEST(Outcomes, PermitsNarrowsToTheRecommendedStatusUnderStrict) {
  spec::StepResult r;
  r.status = NdisStatus::kInvalidParameter;
  r.permitted = {NdisStatus::kInvalidParameter, NdisStatus::kResources};
  EXPECT_TRUE(spec::Permits(r, Code(NdisStatus::kResources), false));
  EXPECT_FALSE(spec::Permits(r, Code(NdisStatus::kResources), true));
  EXPECT_FALSE(spec::Permits(r, Code(NdisStatus::kFailure), false));
  r.any_failure = true;
  EXPECT_TRUE(spec::Permits(r, Code(NdisStatus::kFailure), false));
  EXPECT_FALSE(spec::Permits(r, Code(NdisStatus::kSuccess), false));
  EXPECT_FALSE(spec::Permits(r, Code(NdisStatus::kNotAccepted), false));  // not error severity
}

// E-321: 6.20 "must return a failed status" for a MAC filter without VLAN test or flag.
TEST(Outcomes, E321_MacOnlyFilter620_AnyFailureStatus_StrictTheRecommended) {
  for (bool strict : {false, true}) {
    Rig rig(&reference::DutOps(), EngineOptions{strict, false});
    ASSERT_TRUE(rig.Up(VmqConfig(ndis::kNdis620)));
    ASSERT_TRUE(rig.engine.Oid("A", AllocateQueueRequest(ndis::kNdis620, 0x2)));
    rig.device->bend_oid = [](const OidCall&, OidOutput& out) {
      if (out.status != 0) out.status = Code(NdisStatus::kFailure);
    };
    const bool passed =
        rig.engine.Oid("A", SetFilterRequest(ndis::kNdis620, 1, GuestMac(1), std::nullopt, false));
    EXPECT_EQ(passed, !strict) << (passed ? "" : rig.engine.finding()->message);
  }
}

// E-321: 6.30+ "must do either one of the following": refuse, or accept and strip the tag. The
// page recommends neither, so --strict accepts both (the reference refuses, E-504).
TEST(Outcomes, E321_MacOnlyFilter630_EitherAnswerEvenUnderStrict) {
  for (bool strict : {false, true}) {
    Rig rig(&reference::DutOps(), EngineOptions{strict, false});
    ASSERT_TRUE(rig.Up(VmqConfig(ndis::kNdis630)));
    ASSERT_TRUE(rig.engine.Oid("A", AllocateQueueRequest(ndis::kNdis630, 0x2)));
    EXPECT_TRUE(
        rig.engine.Oid("A", SetFilterRequest(ndis::kNdis630, 1, GuestMac(1), std::nullopt, false)))
        << "strict=" << strict << ": " << rig.engine.finding()->message;
  }
  spec::StepResult r;
  r.status = NdisStatus::kSuccess;
  r.permitted = {NdisStatus::kSuccess};
  r.any_failure = true;
  r.no_recommendation = true;
  EXPECT_TRUE(spec::Permits(r, Code(NdisStatus::kSuccess), true));
  EXPECT_TRUE(spec::Permits(r, Code(NdisStatus::kInvalidParameter), true));
  EXPECT_FALSE(spec::Permits(r, Code(NdisStatus::kNotAccepted), true));  // not error severity
}

// E-322: NdisOidComplete: a FREE_QUEUE / CLEAR_FILTER refusal is NOT_ACCEPTED (or
// REQUEST_ABORTED); INVALID_PARAMETER is NDIS's answer, not the miniport's.
TEST(Outcomes, E322_NdisOidComplete_FreeAndClearRefusalsAreNotAccepted) {
  {
    Rig rig;
    ASSERT_TRUE(rig.Up());
    EXPECT_TRUE(rig.engine.Oid("A", FreeQueueRequest(6), Delivery::kDirect))
        << rig.engine.finding()->message;
    EXPECT_TRUE(rig.engine.Oid("A", ClearFilterRequest(0, 9), Delivery::kDirect))
        << rig.engine.finding()->message;
  }
  for (auto oid : {ndis::kOidReceiveFilterFreeQueue, ndis::kOidReceiveFilterClearFilter}) {
    Rig rig;
    ASSERT_TRUE(rig.Up());
    rig.device->bend_oid = [](const OidCall&, OidOutput& out) {
      if (out.status != 0) out.status = Code(NdisStatus::kInvalidParameter);
    };
    const spec::OidRequest request =
        oid == ndis::kOidReceiveFilterFreeQueue ? FreeQueueRequest(6) : ClearFilterRequest(0, 9);
    EXPECT_FALSE(rig.engine.Oid("A", request, Delivery::kDirect));
    EXPECT_EQ(rig.engine.finding()->rule, "NdisOidComplete");
  }
}

// E-323: "The change to the DMA Stopped state is the only queue state change indication that is
// required": a true Paused/Running indication passes; DmaStopped outside a free and a false
// state fail.
TEST(Outcomes, E323_OptionalQueueStateIndications) {
  auto run = [](ndis::QueueOperationalState state, std::uint32_t queue) {
    Rig rig;
    EXPECT_TRUE(rig.Up());
    EXPECT_TRUE(RunningQueue(rig.engine));
    rig.device->bend_observed = [&](Observed& o) {
      o.statuses.push_back({Code(NdisStatus::kReceiveQueueState), QueueState(queue, state)});
    };
    const bool ok = rig.engine.Oid("A", ClearFilterRequest(1, 1));  // queue 1 -> Paused
    return ok ? std::string() : rig.engine.finding()->rule;
  };
  EXPECT_EQ(run(ndis::QueueOperationalState::kPaused, 1), "");
  EXPECT_EQ(run(ndis::QueueOperationalState::kRunning, 1), "");  // its state before the step
  EXPECT_EQ(run(ndis::QueueOperationalState::kDmaStopped, 1), "status.unexpected-indication");
  EXPECT_EQ(run(ndis::QueueOperationalState::kPaused, 7), "status.unexpected-indication");
}

// The required DMA-stopped indication is still required, whatever else comes with it.
TEST(Outcomes, E323_FreeStillNeedsTheDmaStoppedIndication) {
  Rig rig;
  ASSERT_TRUE(rig.Up());
  ASSERT_TRUE(rig.engine.Oid("A", AllocateQueueRequest(ndis::kNdis630, 0x2)));
  rig.device->bend_observed = [](Observed& o) {
    for (auto& s : o.statuses) s.buffer = QueueState(1, ndis::QueueOperationalState::kPaused);
  };
  EXPECT_FALSE(rig.engine.Oid("A", FreeQueueRequest(1)));
  EXPECT_EQ(rig.engine.finding()->rule, "free.dma-stopped-indication");
}

// E-324: any request may return PENDING; the completion's status and buffer are the answer.
TEST(Outcomes, E324_PendedRequestsAreJudgedByTheirCompletion) {
  Rig rig;
  ASSERT_TRUE(rig.Up());
  std::uint32_t complete_with = 0xFFFFFFFFu;  // the DUT's own status
  rig.device->bend_oid = [&](const OidCall& call, OidOutput& out) {
    rig.device->completions.push_back({call.request_id,
                                       complete_with == 0xFFFFFFFFu ? out.status : complete_with,
                                       out.bytes_written, out.bytes_needed});
    out.status = Code(NdisStatus::kPending);
  };
  auto& e = rig.engine;
  ASSERT_TRUE(RunningQueue(e)) << e.finding()->message;
  EXPECT_TRUE(e.Oid("A", ClearFilterRequest(1, 1))) << e.finding()->message;
  EXPECT_TRUE(e.Oid("A", FreeQueueRequest(1))) << e.finding()->message;
  // A completion with a status the model does not permit fails as the status would.
  complete_with = Code(NdisStatus::kInvalidParameter);
  EXPECT_FALSE(e.Oid("A", AllocateQueueRequest(ndis::kNdis630, 0x2)));
  EXPECT_EQ(e.finding()->rule, "allocate-queue.status");
}

TEST(Outcomes, E324_PendedRequestMustCompleteOnceAndNotWithPending) {
  struct Case {
    int completions;
    NdisStatus status;
    const char* rule;
  };
  for (const Case& c : {Case{0, NdisStatus::kSuccess, "oid.pended-request-completes"},
                        Case{2, NdisStatus::kSuccess, "DoubleComplete"},
                        Case{1, NdisStatus::kPending, "NdisOidComplete"}}) {
    Rig rig;
    ASSERT_TRUE(rig.Up());
    rig.device->bend_oid = [&](const OidCall& call, OidOutput& out) {
      for (int i = 0; i < c.completions; ++i)
        rig.device->completions.push_back({call.request_id, Code(c.status), out.bytes_written, 0});
      out.status = Code(NdisStatus::kPending);
    };
    EXPECT_FALSE(rig.engine.Oid("A", AllocateQueueRequest(ndis::kNdis630, 0x2)));
    EXPECT_EQ(rig.engine.finding()->rule, c.rule);
  }
}

// E-326: from NDIS 6.30 a frame a VM queue's VLAN filter passes arrives without its tag.
TEST(Outcomes, E326_TagLeftInOnAVmQueueFailsFrom630Only) {
  for (auto version : {ndis::kNdis620, ndis::kNdis630}) {
    Rig rig;
    ASSERT_TRUE(rig.Up(VmqConfig(version)));
    ASSERT_TRUE(RunningQueue(rig.engine, version));
    const ndis::Bytes frame = Frame(GuestMac(1), 10);
    rig.device->bend_observed = [&](Observed& o) {
      for (auto& i : o.indications) i.frame = frame;  // tag kept in
    };
    const bool ok = rig.engine.Rx("A", frame);
    if (version == ndis::kNdis620) {
      EXPECT_TRUE(ok) << rig.engine.finding()->message;
    } else {
      ASSERT_FALSE(ok);
      EXPECT_EQ(rig.engine.finding()->rule, "indication.tag-stripped-6.30");
    }
  }
}

// E-327: ALLOCATE_QUEUE's output echoes every member the caller set.
TEST(Outcomes, E327_AllocateOutputEchoesTheRequest) {
  Rig rig;
  ASSERT_TRUE(rig.Up());
  rig.device->bend_oid = [](const OidCall& call, OidOutput& out) {
    if (call.oid != ndis::kOidReceiveFilterAllocateQueue) return;
    constexpr auto kBuffers =
        ndis::FieldOf(ndis::Structure::kReceiveQueueParameters, "NumSuggestedReceiveBuffers");
    ndis::PutField(out.buffer, kBuffers, ndis::GetField(out.buffer, kBuffers) + 1);
  };
  EXPECT_FALSE(rig.engine.Oid("A", AllocateQueueRequest(ndis::kNdis630, 0x2)));
  EXPECT_EQ(rig.engine.finding()->rule, "allocate.output");
  EXPECT_NE(rig.engine.finding()->message.find("NumSuggestedReceiveBuffers"), std::string::npos);
}

// E-312: a mask partly outside the adapter's processors: the reference and the minimal DUT use
// the processors inside (E-511); a DUT that refuses passes too.
TEST(Outcomes, E312_AffinityPartlyOutsideMayBeAcceptedOrRefused) {
  for (const vmqkit_dut_ops* ops : {&reference::DutOps(), duts::MinimalDutOps()}) {
    Rig rig(ops);
    ASSERT_TRUE(rig.Up());  // processors 0..7 of group 0
    EXPECT_TRUE(rig.engine.Oid("A", AllocateQueueRequest(ndis::kNdis630, 0x102)))
        << rig.engine.finding()->message;
    EXPECT_TRUE(RunningQueue(rig.engine)) << rig.engine.finding()->message;
  }
  Rig refusing;
  ASSERT_TRUE(refusing.Up());
  refusing.device->bend_oid = [](const OidCall&, OidOutput& out) {
    out.status = Code(NdisStatus::kInvalidParameter);
  };
  EXPECT_TRUE(refusing.engine.Oid("A", AllocateQueueRequest(ndis::kNdis630, 0x102)))
      << refusing.engine.finding()->message;
  EXPECT_EQ(refusing.engine.Model("A")->queues().size(), 1u);  // the default queue only
}

// E-320: a queue's further filter may be refused with RESOURCES.
TEST(Outcomes, E320_FurtherFilterOfAQueueMayGetResources) {
  Rig rig;
  ASSERT_TRUE(rig.Up());
  ASSERT_TRUE(RunningQueue(rig.engine));
  rig.device->bend_oid = [](const OidCall&, OidOutput& out) {
    out.status = Code(NdisStatus::kResources);
  };
  EXPECT_TRUE(rig.engine.Oid("A", SetFilterRequest(ndis::kNdis630, 1, GuestMac(2), 10, false)))
      << rig.engine.finding()->message;
  EXPECT_EQ(rig.engine.Model("A")->filters().size(), 1u);  // the model followed the refusal
}

// E-308: a broadcast never reaches a VM queue through another address's filter.
TEST(Outcomes, E308_BroadcastOnAVmQueueFails) {
  Rig rig;
  ASSERT_TRUE(rig.Up());
  ASSERT_TRUE(RunningQueue(rig.engine));
  rig.device->bend_observed = [](Observed& o) {
    for (auto& i : o.indications) i.queue_id = 1;
  };
  EXPECT_FALSE(rig.engine.Rx("A", Frame(ndis::MacAddress{0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF}, 10)));
  EXPECT_EQ(rig.engine.finding()->rule, "route.permitted-queue");
}

}  // namespace
}  // namespace vmqkit::conformance
