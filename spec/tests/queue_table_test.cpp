// Every cell of the [WDD] queue-states-and-operations table, driven through the model with the
// real OIDs: a documented cell succeeds and lands in its state, a blank cell is refused and
// changes nothing. Test names are Event_State.
#include <gtest/gtest.h>

#include <set>

#include "spec/tests/model_support.h"

namespace vmqkit::spec {
namespace {

using namespace test;  // NOLINT
using ndis::NdisStatus;

struct Cell {
  QueueEvent event;
  QueueState state;
};

// Puts queue 1 in `state`, with two filters (ids 1 and 2) where the state has filters and
// `two_filters` is asked for, else one.
VmqModel ModelIn(QueueState state, bool two_filters) {
  VmqModel model = Initialized();
  auto filter = [&] {
    (void)model.Request(SetFilter(1));
    if (two_filters) (void)model.Request(SetFilter(1, kGuestMac, 11));
  };
  switch (state) {
    case QueueState::kUndefined:
      break;
    case QueueState::kAllocated:
      (void)model.Request(Allocate());
      break;
    case QueueState::kSet:
      (void)model.Request(Allocate());
      filter();
      break;
    case QueueState::kRunning:
      (void)model.Request(Allocate());
      filter();
      (void)model.Request(Complete(1));
      break;
    case QueueState::kPaused:
      (void)model.Request(Allocate());
      (void)model.Request(Complete(1));
      break;
    case QueueState::kDmaStopped:  // transient inside FREE_QUEUE: reached via Freeing below
    case QueueState::kFreeing:
      (void)model.Request(Allocate());
      (void)model.Request(SetFilter(1));
      (void)model.Request(Complete(1));
      (void)model.Receive(Frame(kGuestMac), /*hold=*/true);
      (void)model.Request(Clear(1, 1));
      (void)model.Request(Free(1));
      break;
  }
  return model;
}

QueueState StateOf(const VmqModel& model) {
  auto it = model.queues().find(1);
  return it == model.queues().end() ? QueueState::kUndefined : it->second.state;
}

struct Applied {
  bool accepted = false;
  QueueState landed = QueueState::kUndefined;  // the first state the event leads to
};

// Applies the event to queue 1.
Applied Apply(VmqModel& model, QueueEvent event) {
  auto ok = [&](const StepResult& r) {
    const bool accepted = r.status == NdisStatus::kSuccess || r.status == NdisStatus::kPending;
    return Applied{accepted, r.transitions.empty() ? StateOf(model) : r.transitions[0].to};
  };
  ndis::ReceiveQueueParameters q;
  q.queue_id = 1;
  switch (event) {
    case QueueEvent::kAllocateQueue:
      return ok(model.Request(Allocate()));
    case QueueEvent::kQueueParametersQuery:
      return ok(model.Request({ndis::kOidReceiveFilterQueueParameters,
                               ndis::RequestKind::kMethod,
                               ndis::Encode(q),
                               {}}));
    case QueueEvent::kQueueParametersSet:
      q.flags = ndis::kQueueSuggestedRecvBufferNumbersChanged;
      q.num_suggested_receive_buffers = 64;
      return ok(model.Request(
          {ndis::kOidReceiveFilterQueueParameters, ndis::RequestKind::kSet, ndis::Encode(q), {}}));
    case QueueEvent::kSetFilter:
      return ok(model.Request(SetFilter(1, kOtherMac, 20)));
    case QueueEvent::kClearLastFilter:
    case QueueEvent::kClearNotLastFilter:
      return ok(model.Request(Clear(1, 1)));
    case QueueEvent::kEnumFilters: {
      ndis::ReceiveFilterInfoArray array;
      array.queue_id = 1;
      return ok(model.Request({ndis::kOidReceiveFilterEnumFilters,
                               ndis::RequestKind::kMethod,
                               ndis::Encode(array),
                               {}}));
    }
    case QueueEvent::kFilterParametersQuery: {
      ndis::ReceiveFilterParameters f;
      f.queue_id = 1;
      f.filter_id = 1;
      return ok(model.Request(
          {ndis::kOidReceiveFilterParameters, ndis::RequestKind::kMethod, ndis::Encode(f), {}}));
    }
    case QueueEvent::kAllocationComplete:
      return ok(model.Request(Complete(1)));
    case QueueEvent::kReceivePacket: {
      const StepResult r = model.Receive(Frame(kGuestMac));
      return Applied{r.route->strict == QueueOutcome(1), StateOf(model)};
    }
    case QueueEvent::kFreeQueue:
      return ok(model.Request(Free(1)));
    case QueueEvent::kDmaStoppedIndicated:
    case QueueEvent::kIndicationsComplete: {
      // Returning the held indications; only a transition counts as the event happening.
      const StepResult r = model.ReturnIndications(1, std::nullopt);
      return Applied{!r.transitions.empty(), StateOf(model)};
    }
  }
  return {};
}

class QueueTableCell : public testing::TestWithParam<Cell> {};

TEST_P(QueueTableCell, ModelFollowsTheCell) {
  const Cell cell = GetParam();
  const bool two = cell.event == QueueEvent::kClearNotLastFilter;
  VmqModel model = ModelIn(cell.state, two);
  if (cell.state == QueueState::kDmaStopped) {
    // DMA Stopped lasts only inside FREE_QUEUE: the model passes through it and indicates.
    VmqModel fresh = ModelIn(QueueState::kPaused, false);
    const StepResult r = fresh.Request(Free(1));
    ASSERT_GE(r.transitions.size(), 2u);
    EXPECT_EQ(r.transitions[0].to, QueueState::kDmaStopped);
    EXPECT_EQ(r.transitions[1].from, QueueState::kDmaStopped);
    EXPECT_EQ(r.transitions[1].to,
              *NextState(QueueEvent::kDmaStoppedIndicated, QueueState::kDmaStopped));
    ASSERT_EQ(r.indications.size(), 1u);
    EXPECT_EQ(r.indications[0].queue_state->state, ndis::QueueOperationalState::kDmaStopped);
    return;
  }
  ASSERT_EQ(StateOf(model), cell.state);
  const auto expected = NextState(cell.event, cell.state);
  const Applied applied = Apply(model, cell.event);
  EXPECT_EQ(applied.accepted, expected.has_value());
  if (expected) {
    EXPECT_EQ(applied.landed, *expected);
  } else {
    EXPECT_EQ(StateOf(model), cell.state);
  }
  EXPECT_TRUE(model.CheckInvariants().empty());
}

std::vector<Cell> AllCells() {
  std::vector<Cell> cells;
  for (const auto& row : QueueTransitionTable()) {
    for (std::size_t s = 0; s < kQueueStateCount; ++s) {
      const auto state = static_cast<QueueState>(s);
      // Cells that the other events exercise better: allocation of an existing id is not a request
      // NDIS can make (it assigns ids), so only the Undefined cell of ALLOCATE is driven.
      if (row.event == QueueEvent::kAllocateQueue && state != QueueState::kUndefined) continue;
      // DMA Stopped exists only inside FREE_QUEUE, and only its own row happens there.
      if ((state == QueueState::kDmaStopped) != (row.event == QueueEvent::kDmaStoppedIndicated)) {
        continue;
      }
      cells.push_back({row.event, state});
    }
  }
  return cells;
}

std::string CellTestName(const testing::TestParamInfo<Cell>& info) {
  std::string name;
  for (char c :
       std::string(ToString(info.param.event)) + "_" + std::string(ToString(info.param.state))) {
    name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(QueueStatesAndOperations, QueueTableCell, testing::ValuesIn(AllCells()),
                         CellTestName);

TEST(QueueTransitionTable, OnlyDocumentedCellsAreFilled) {
  // 13 rows; the document fills 30 cells.
  std::size_t filled = 0;
  for (const auto& row : QueueTransitionTable()) {
    for (const auto& cell : row.next) filled += cell.has_value() ? 1 : 0;
  }
  EXPECT_EQ(filled, 30u);
  EXPECT_EQ(NextState(QueueEvent::kFreeQueue, QueueState::kRunning), std::nullopt);
  EXPECT_EQ(NextState(QueueEvent::kSetFilter, QueueState::kPaused), QueueState::kRunning);
  EXPECT_EQ(NextState(QueueEvent::kAllocationComplete, QueueState::kAllocated),
            QueueState::kPaused);
}

}  // namespace
}  // namespace vmqkit::spec
