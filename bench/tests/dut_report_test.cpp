// `vmqkit bench`'s report renders every measurement, and an error of any of them is a finding.
#include <gtest/gtest.h>

#include "bench/dut_report.h"

namespace vmqkit::bench {
namespace {

DutBenchReport Sample() {
  DutBenchReport report{"libdut.so", "dut", "1.0", {}, {}, {}, {}};
  report.harness.batched_ns_per_frame = {4, 3.5, 5};
  report.harness.per_frame_ns_per_frame = {10, 9, 12};
  ReceiveMeasurement ok;
  ok.batched = true;
  ok.frames = {2e6, 1.0, 2000000};
  ok.ns_per_frame = {500, 490, 520};
  ok.harness_ns_per_frame = {4, 3.5, 5};
  ok.own_ns_per_frame = {496, 486, 515};
  ReceiveMeasurement refused;
  refused.error = "SET_FILTER refused";
  report.receive = {{16, ok}, {128, refused}};
  report.oid_pairs.pairs = {1000, 1.0, 1000};
  report.live_migration.guests = {512, 0.5, 256};
  return report;
}

TEST(DutBenchReport, TextNamesEveryMeasurement) {
  const std::string text = ToText(Sample());
  EXPECT_EQ(text.rfind("vmqkit bench: libdut.so (dut 1.0)\n", 0), 0u) << text;
  EXPECT_NE(text.find("  receive_batch, 256 frames per call: 4 ns/frame (3.5-5)\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  receive, one frame per call: 10 ns/frame (9-12)\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("  N=16: 2 Mpps, 500 ns/frame (490-520) with receive_batch; DUT path 4 "
                      "ns/frame (3.5-5), the driver's own 496 ns/frame (486-515)\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  N=128: SET_FILTER refused\n"), std::string::npos) << text;
  EXPECT_NE(text.find("SET_FILTER + CLEAR_FILTER: 1000 pairs/s\n"), std::string::npos) << text;
  EXPECT_NE(text.find("live migration of 256 guests A -> B: 500 ms (1953.12 us per guest)\n"),
            std::string::npos)
      << text;
}

TEST(DutBenchReport, JsonCarriesRowsAndErrors) {
  const nlohmann::json doc = ToJson(Sample());
  EXPECT_EQ(doc["dut"], "libdut.so");
  ASSERT_EQ(doc["receive"].size(), 2u);
  EXPECT_EQ(doc["receive"][0]["filters"], 16);
  EXPECT_EQ(doc["receive"][0]["frames"], 2000000);
  EXPECT_EQ(doc["receive"][0]["driver_ns_per_frame"]["median"], 496);
  EXPECT_EQ(doc["harness"]["per_frame_ns_per_frame"]["high"], 12);
  EXPECT_EQ(doc["receive"][1]["error"], "SET_FILTER refused");
  EXPECT_EQ(doc["oid_pairs"]["pairs"], 1000);
  EXPECT_EQ(doc["live_migration"]["guests"], 256);
}

TEST(DutBenchReport, AnyErrorIsAFinding) {
  DutBenchReport report = Sample();
  EXPECT_TRUE(HasFinding(report));
  report.receive.pop_back();
  EXPECT_FALSE(HasFinding(report));
  report.live_migration.error = "FREE_QUEUE never completed";
  EXPECT_TRUE(HasFinding(report));
}

}  // namespace
}  // namespace vmqkit::bench
