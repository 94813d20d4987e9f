// The filter-path task and its checks: the model's answers follow the task's definition, every
// implementation the benchmarks time agrees with them on random tasks, and the DUT-ABI
// measurements run end to end on the reference miniport.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>

#include "bench/dut_measure.h"
#include "bench/filter_task.h"
#include "bench/hwref_setup.h"
#include "bench/model_oracle.h"
#include "hwref/readable_path.h"
#include "reference/dut_ops.h"

namespace vmqkit::bench {
namespace {

FilterTask ModelChecked(const TaskShape& shape) {
  FilterTask task(shape);
  const spec::RouteState state = RouteStateOf(task);
  std::vector<std::uint32_t> expected;
  for (std::size_t i = 0; i < task.frame_count(); ++i) {
    expected.push_back(ModelQueue(state, task.frame(i)));
  }
  task.SetExpected(std::move(expected));
  return task;
}

std::uint32_t QueueOfMac(const FilterTask& task, std::uint64_t mac) {
  for (const TaskFilter& f : task.filters()) {
    if (f.mac == mac) return f.queue;
  }
  return 0;
}

// The definition of the task: hits go to their filter's queue, misses and broadcasts to the
// default queue (E-800 for broadcasts), and the model says so.
TEST(FilterTask, ModelAnswers_HitsToTheFiltersQueue_MissesAndBroadcastToDefault) {
  TaskShape shape;
  shape.filters = 200;
  const FilterTask task = ModelChecked(shape);
  std::array<std::size_t, kFrameKinds> seen{};
  for (std::size_t i = 0; i < task.frame_count(); ++i) {
    const FrameKind kind = task.kind(i);
    ++seen[static_cast<std::size_t>(kind)];
    const auto key = KeyOf(task.frame(i));
    ASSERT_TRUE(key);
    const bool hit = kind == FrameKind::kHitTagged || kind == FrameKind::kHitUntagged ||
                     kind == FrameKind::kHitPriorityTagged;
    EXPECT_EQ(task.expected()[i], hit ? QueueOfMac(task, key->mac) : 0u)
        << "frame " << i << " " << ToString(kind);
    if (hit) {
      EXPECT_NE(task.expected()[i], 0u);
    }
  }
  for (std::size_t k = 0; k < kFrameKinds; ++k) EXPECT_GT(seen[k], 0u) << k;
}

// E-800: a broadcast passes no benchmark filter (E-308: a group destination only passes a filter
// of that address), so the model permits the default queue alone and the task expects it.
TEST(FilterTask, Broadcast_ExpectsTheStrictOutcome_DefaultQueue) {
  TaskShape shape;
  shape.filters = 16;
  shape.mix.weight = {0, 0, 0, 0, 0, 1};
  const FilterTask task = ModelChecked(shape);
  const spec::RouteState state = RouteStateOf(task);
  for (std::size_t i = 0; i < task.frame_count(); ++i) {
    EXPECT_EQ(task.expected()[i], 0u);
    const spec::RouteResult r = spec::Route(state, task.frame(i));
    EXPECT_EQ(r.permitted, (std::vector{spec::QueueOutcome(0)})) << "frame " << i;
  }
}

TEST(FilterTask, FirstMismatch_NamesTheFrameAndBothAnswers) {
  TaskShape shape;
  shape.filters = 4;
  shape.frames = 8;
  const FilterTask task = ModelChecked(shape);
  std::vector<std::uint32_t> got = task.expected();
  EXPECT_FALSE(FirstMismatch(task, got));
  got[5] = 999;
  const auto message = FirstMismatch(task, got);
  ASSERT_TRUE(message);
  EXPECT_NE(message->find("frame 5"), std::string::npos);
  EXPECT_NE(message->find("queue 999"), std::string::npos);
}

// Every hwref answer the benchmarks time is the model's, on random task shapes and mixes.
RC_GTEST_PROP(HwrefSetup, FastAndReadablePaths_AnswerAsTheModel, ()) {
  TaskShape shape;
  shape.filters = *rc::gen::inRange<std::uint32_t>(1, 300);
  shape.queues = *rc::gen::inRange<std::uint32_t>(0, 33);
  shape.frames = 256;
  shape.seed = *rc::gen::arbitrary<std::uint32_t>();
  for (double& w : shape.mix.weight) w = *rc::gen::inRange(0, 10);
  RC_PRE(std::any_of(shape.mix.weight.begin(), shape.mix.weight.end(),
                     [](double w) { return w > 0; }));
  const FilterTask task = ModelChecked(shape);
  auto nic = ProgramHwref(task);
  RC_ASSERT(nic != nullptr);
  const auto frames = FramesOf(task);
  std::vector<hwref::QueueId> fast(frames.size()), readable;
  nic->fast_path().Classify(frames, fast);
  for (hwref::Frame f : frames) readable.push_back(Summarize(DecideReadable(nic->registers(), f)));
  const auto fast_mismatch = FirstMismatch(task, TaskQueuesOf(*nic, fast));
  const auto readable_mismatch = FirstMismatch(task, TaskQueuesOf(*nic, readable));
  RC_ASSERT(!fast_mismatch);
  RC_ASSERT(!readable_mismatch);
}

// E-804: the benchmark's largest N runs on the scale profile, on the precomputed fast path, and
// answers as the model.
TEST(HwrefSetup, LargestTaskOnTheScaleProfile_FastPathAnswersAsTheModel) {
  TaskShape shape;
  shape.filters = 65536;
  shape.frames = 2048;
  const FilterTask task = ModelChecked(shape);
  auto nic = ProgramHwref(task);
  ASSERT_NE(nic, nullptr);
  EXPECT_EQ(nic->profile().kind, hwref::ProfileKind::kScale);
  EXPECT_TRUE(nic->fast_path().precomputed());
  const auto frames = FramesOf(task);
  std::vector<hwref::QueueId> fast(frames.size());
  nic->fast_path().Classify(frames, fast);
  EXPECT_EQ(FirstMismatch(task, TaskQueuesOf(*nic, fast)), std::nullopt);
}

// Past the largest profile the setup says so instead of truncating.
TEST(HwrefSetup, MoreFiltersThanAnyProfileHolds_NoDevice) {
  TaskShape shape;
  shape.filters = hwref::kScaleProfile.address_entries + 1;
  shape.frames = 0;
  EXPECT_EQ(ProgramHwref(FilterTask(shape)), nullptr);
}

TEST(DutMeasure, ReferenceMiniport_ReceivesTheTaskAsTheModel) {
  TaskShape shape;
  shape.filters = 64;
  shape.frames = 512;
  const FilterTask task = ModelChecked(shape);
  DutHost host(reference::DutOps(), DutHostOptions{});
  ASSERT_FALSE(InstallTask(host, task));
  EXPECT_EQ(FirstMismatch(task, ReceiveTask(host, task)), std::nullopt);
}

// E-802: 256 guests in waves of 32, each with a frame held across FREE_QUEUE.
TEST(DutMeasure, LiveMigrationOf256Guests_EveryFreeWaitsForItsFrameThenCompletes) {
  const MigrationMeasurement m = MeasureLiveMigration(reference::DutOps(), kMigratedGuests);
  EXPECT_EQ(m.error, std::nullopt);
  EXPECT_EQ(m.guests.count, kMigratedGuests);
  DutHostOptions options;
  DutHost a(reference::DutOps(), options), b(reference::DutOps(), options);
  ASSERT_EQ(a.Initialize(), ndis::NdisStatus::kSuccess);
  ASSERT_EQ(b.Initialize(), ndis::NdisStatus::kSuccess);
  const Guest g = GuestOf(7);
  ASSERT_FALSE(AttachGuest(a, g));
  EXPECT_EQ(a.indicated_queues().size(), 1u);  // held by the host
  ASSERT_FALSE(MigrateGuest(a, b, g));
  EXPECT_EQ(a.dma_stopped_statuses(), 1u);
  EXPECT_EQ(a.completions(), 1u);  // PENDING, completed when the held frame came back
  EXPECT_TRUE(a.indicated_queues().empty());
}

TEST(DutMeasure, SetClearPairs_RunOnTheReference) {
  const OidMeasurement m = MeasureSetClearPairs(reference::DutOps(), 0.01);
  EXPECT_EQ(m.error, std::nullopt);
  EXPECT_GT(m.pairs.count, 0u);
}

}  // namespace
}  // namespace vmqkit::bench
