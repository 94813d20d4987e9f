// The [WDD] queue-states-and-operations table, transcribed here by hand cell by cell (not derived
// from spec/queue_states.cpp): the model's table must equal the transcription, and every cell,
// driven through the model with the real OIDs, behaves as the transcription says: a filled cell
// succeeds and lands in its state, a blank cell is refused and changes nothing. Test names are
// Event_State.
#include <gtest/gtest.h>

#include <array>
#include <map>
#include <set>
#include <string_view>

#include "spec/tests/model_support.h"

namespace vmqkit::spec {
namespace {

using namespace test;  // NOLINT
using ndis::NdisStatus;

struct Cell {
  QueueEvent event;
  QueueState state;
};

// Source: [WDD] queue-states-and-operations ("Queue States and Operations", learn.microsoft.com/
// windows-hardware/drivers/network/queue-states-and-operations; windows-driver-docs-pr/network/
// queue-states-and-operations.md), the table whose headings are the queue states: "The rest of the
// entries in the table specify the next state that the queue enters after an event occurs within a
// state. The blank entries represent invalid event/state combinations." One line per row in the
// page's order, the page's row text, then its seven cells in the page's column order; a blank cell
// is empty. The last-but-one row's text is shortened (the page adds "(Note: DMA was probably
// already stopped in Allocated or Paused state)").
constexpr std::array<std::string_view, 8> kColumns = {
    "Event \\ State", "Undefined", "Allocated", "Set", "Running", "Paused", "Stop DMA", "Freeing"};
constexpr std::string_view kDocumentTable =
    "OID_RECEIVE_FILTER_ALLOCATE_QUEUE - method (set)|Allocated||||||\n"
    "OID_RECEIVE_FILTER_QUEUE_PARAMETERS - method (query) request||Allocated|Set|Running|Paused||\n"
    "OID_RECEIVE_FILTER_QUEUE_PARAMETERS - set request||Allocated|Set|Running|Paused||\n"
    "OID_RECEIVE_FILTER_SET_FILTER - method (set) request||Set|Set|Running|Running||\n"
    "OID_RECEIVE_FILTER_CLEAR_FILTER - set request (last filter)|||Allocated|Paused|||\n"
    "OID_RECEIVE_FILTER_CLEAR_FILTER - set request (not last filter)|||Set|Running|||\n"
    "OID_RECEIVE_FILTER_ENUM_FILTERS - method (query request)||Allocated|Set|Running|Paused||\n"
    "OID_RECEIVE_FILTER_PARAMETERS - method (query) request|||Set|Running|||\n"
    "OID_RECEIVE_FILTER_QUEUE_ALLOCATION_COMPLETE - method (set) request||Paused|Running||||\n"
    "Receive packet||||Running|||\n"
    "OID_RECEIVE_FILTER_FREE_QUEUE set request||Stop DMA|||Stop DMA||\n"
    "DMA is stopped and NDIS_STATUS_RECEIVE_QUEUE_STATE status indication was sent||||||Freeing|\n"
    "All receive indications are complete and the queue resources are freed|||||||Undefined\n";

// The page's row texts and column names, paired with the model's names by this test.
const std::map<std::string_view, QueueEvent, std::less<>> kRowEvents = {
    {"OID_RECEIVE_FILTER_ALLOCATE_QUEUE - method (set)", QueueEvent::kAllocateQueue},
    {"OID_RECEIVE_FILTER_QUEUE_PARAMETERS - method (query) request",
     QueueEvent::kQueueParametersQuery},
    {"OID_RECEIVE_FILTER_QUEUE_PARAMETERS - set request", QueueEvent::kQueueParametersSet},
    {"OID_RECEIVE_FILTER_SET_FILTER - method (set) request", QueueEvent::kSetFilter},
    {"OID_RECEIVE_FILTER_CLEAR_FILTER - set request (last filter)", QueueEvent::kClearLastFilter},
    {"OID_RECEIVE_FILTER_CLEAR_FILTER - set request (not last filter)",
     QueueEvent::kClearNotLastFilter},
    {"OID_RECEIVE_FILTER_ENUM_FILTERS - method (query request)", QueueEvent::kEnumFilters},
    {"OID_RECEIVE_FILTER_PARAMETERS - method (query) request", QueueEvent::kFilterParametersQuery},
    {"OID_RECEIVE_FILTER_QUEUE_ALLOCATION_COMPLETE - method (set) request",
     QueueEvent::kAllocationComplete},
    {"Receive packet", QueueEvent::kReceivePacket},
    {"OID_RECEIVE_FILTER_FREE_QUEUE set request", QueueEvent::kFreeQueue},
    {"DMA is stopped and NDIS_STATUS_RECEIVE_QUEUE_STATE status indication was sent",
     QueueEvent::kDmaStoppedIndicated},
    {"All receive indications are complete and the queue resources are freed",
     QueueEvent::kIndicationsComplete},
};
const std::map<std::string_view, QueueState, std::less<>> kColumnStates = {
    {"Undefined", QueueState::kUndefined},
    {"Allocated", QueueState::kAllocated},
    {"Set", QueueState::kSet},
    {"Running", QueueState::kRunning},
    {"Paused", QueueState::kPaused},
    {"Stop DMA", QueueState::kDmaStopped},
    {"Freeing", QueueState::kFreeing},
};

using DocumentCells = std::map<std::pair<QueueEvent, QueueState>, std::optional<QueueState>>;

// Every cell of the transcription, blank ones as nullopt.
DocumentCells ReadDocumentTable() {
  DocumentCells cells;
  std::string_view rest = kDocumentTable;
  while (!rest.empty()) {
    const std::string_view line = rest.substr(0, rest.find('\n'));
    rest.remove_prefix(line.size() + 1);
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (std::size_t bar = line.find('|'); bar != std::string_view::npos;
         bar = line.find('|', start)) {
      parts.push_back(line.substr(start, bar - start));
      start = bar + 1;
    }
    parts.push_back(line.substr(start));
    EXPECT_EQ(parts.size(), kColumns.size()) << line;
    const QueueEvent event = kRowEvents.at(parts[0]);
    for (std::size_t c = 1; c < parts.size() && c < kColumns.size(); ++c) {
      const QueueState state = kColumnStates.at(kColumns[c]);
      cells[{event, state}] =
          parts[c].empty() ? std::nullopt : std::optional<QueueState>(kColumnStates.at(parts[c]));
    }
  }
  return cells;
}

const DocumentCells& Document() {
  static const DocumentCells cells = ReadDocumentTable();
  return cells;
}

std::optional<QueueState> DocumentNext(QueueEvent event, QueueState state) {
  return Document().at({event, state});
}

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
              *DocumentNext(QueueEvent::kDmaStoppedIndicated, QueueState::kDmaStopped));
    ASSERT_EQ(r.indications.size(), 1u);
    EXPECT_EQ(r.indications[0].queue_state->state, ndis::QueueOperationalState::kDmaStopped);
    return;
  }
  ASSERT_EQ(StateOf(model), cell.state);
  const auto expected = DocumentNext(cell.event, cell.state);
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
  for (const auto& [text, event] : kRowEvents) {
    for (const auto& [name, state] : kColumnStates) {
      // Cells that the other events exercise better: allocation of an existing id is not a request
      // NDIS can make (it assigns ids), so only the Undefined cell of ALLOCATE is driven.
      if (event == QueueEvent::kAllocateQueue && state != QueueState::kUndefined) continue;
      // DMA Stopped exists only inside FREE_QUEUE, and only its own row happens there.
      if ((state == QueueState::kDmaStopped) != (event == QueueEvent::kDmaStoppedIndicated)) {
        continue;
      }
      cells.push_back({event, state});
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

// The model's table, cell by cell, against the page's table as transcribed above.
TEST(QueueTransitionTable, EqualsTheDocumentCellByCell) {
  ASSERT_EQ(Document().size(), kQueueEventCount * kQueueStateCount);
  std::size_t rows = 0;
  for (const auto& row : QueueTransitionTable()) {
    ++rows;
    for (std::size_t s = 0; s < kQueueStateCount; ++s) {
      const auto state = static_cast<QueueState>(s);
      EXPECT_EQ(row.next[s], DocumentNext(row.event, state))
          << ToString(row.event) << " in " << ToString(state);
    }
  }
  EXPECT_EQ(rows, kRowEvents.size());
}

TEST(QueueTransitionTable, TheDocumentFillsThirtyCells) {
  std::size_t filled = 0;
  for (const auto& [cell, next] : Document()) filled += next.has_value() ? 1 : 0;
  EXPECT_EQ(filled, 30u);
}

}  // namespace
}  // namespace vmqkit::spec
