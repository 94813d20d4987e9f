// NDIS assigns the lowest free id ([WDD] allocating-a-vm-queue, setting-a-vmq-filter).
#include <gtest/gtest.h>

#include <map>

#include "spec/lowest_free_id.h"

namespace vmqkit::spec {
namespace {

std::map<std::uint32_t, int> Ids(std::initializer_list<std::uint32_t> ids) {
  std::map<std::uint32_t, int> map;
  for (std::uint32_t id : ids) map[id] = 0;
  return map;
}

TEST(LowestFreeId, FirstGapOrOnePastTheConsecutiveIds) {
  EXPECT_EQ(LowestFreeId(Ids({}), 1, 10), 1u);
  EXPECT_EQ(LowestFreeId(Ids({1, 2, 3}), 1, 10), 4u);
  EXPECT_EQ(LowestFreeId(Ids({1, 2, 4}), 1, 10), 3u);
  EXPECT_EQ(LowestFreeId(Ids({2, 3}), 1, 10), 1u);
  EXPECT_EQ(LowestFreeId(Ids({0, 1, 2}), 1, 10), 3u);  // ids below `first` do not count
}

TEST(LowestFreeId, NoneWhenEveryIdIsTaken) {
  EXPECT_EQ(LowestFreeId(Ids({1, 2, 3}), 1, 3), 0u);
  EXPECT_EQ(LowestFreeId(Ids({}), 5, 4), 0u);
  EXPECT_EQ(LowestFreeId(Ids({0xFFFFFFFEu, 0xFFFFFFFFu}), 0xFFFFFFFEu, 0xFFFFFFFFu), 0u);
  EXPECT_EQ(LowestFreeId(Ids({0xFFFFFFFEu}), 0xFFFFFFFEu, 0xFFFFFFFFu), 0xFFFFFFFFu);
}

}  // namespace
}  // namespace vmqkit::spec
