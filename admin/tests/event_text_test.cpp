// `vmqkit explain-event`: Event 106's reasons (as KB 2974384 quotes them) found in wrapped text.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "admin/event_text.h"
#include "vmqkit/test_paths.h"

namespace vmqkit::admin {
namespace {

TEST(ExplainEvent, ModelledSampleIsASumOfQueuesOverlap) {
  std::ifstream in(std::string(test::kSourceDir) + "/examples/admin/event-106.txt");
  std::stringstream text;
  text << in.rdbuf();
  const Result<std::vector<ExplainedEvent>> events = ExplainEvents(text.str(), "event-106.txt");
  ASSERT_TRUE(events.ok()) << ToString(events.error());
  ASSERT_EQ(events->size(), 1u);
  const ExplainedEvent& e = events->front();
  EXPECT_EQ(e.reason->rule, Rule::kSumOfQueuesDisjoint);
  EXPECT_EQ(e.event_id, "106");
  EXPECT_EQ(e.team, "Team1");
  EXPECT_EQ(e.switch_name, "VM Switch 1");
  EXPECT_EQ(e.where.line, 9u);  // the reason starts on the message's second line
}

TEST(ExplainEvent, SeveralEventsAndTheMinQueuesReason) {
  const std::string text =
      "Event ID 106: Reason: The processor sets are not identical when LBFO is configured with "
      "min-queue mode.\n"
      "Event ID 106: Reason: The processor sets overlap when LBFO is configured with sum-queue "
      "mode.\n";
  const Result<std::vector<ExplainedEvent>> events = ExplainEvents(text, "-");
  ASSERT_TRUE(events.ok()) << ToString(events.error());
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[0].reason->rule, Rule::kMinQueuesIdentical);
  EXPECT_EQ((*events)[1].reason->rule, Rule::kSumOfQueuesDisjoint);
  EXPECT_EQ((*events)[1].where.line, 2u);
}

TEST(ExplainEventHostile, TextWithoutAReasonIsAnInputError) {
  const Result<std::vector<ExplainedEvent>> events =
      ExplainEvents("Id : 106\nMessage : something else entirely\n", "ev.txt");
  ASSERT_FALSE(events.ok());
  EXPECT_EQ(events.error().where.file, "ev.txt");
  EXPECT_EQ(events.error().where.line, 1u);
}

}  // namespace
}  // namespace vmqkit::admin
