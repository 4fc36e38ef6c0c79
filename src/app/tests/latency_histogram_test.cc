#include "app/latency_histogram.h"

#include <gtest/gtest.h>

namespace eventioz::app {
namespace {

TEST(latency_histogram, small_values_are_exact) {
  latency_histogram histogram;
  for (uint64_t value = 1; value <= 100; ++value) histogram.record(value);
  EXPECT_EQ(histogram.count(), 100u);
  EXPECT_EQ(histogram.percentile(0.5), 50u);
  EXPECT_EQ(histogram.percentile(0.99), 99u);
  EXPECT_EQ(histogram.percentile(1.0), 100u);
  EXPECT_DOUBLE_EQ(histogram.mean(), 50.5);
}

TEST(latency_histogram, large_values_are_within_two_percent) {
  latency_histogram histogram;
  for (uint64_t value = 1; value <= 100'000; ++value) histogram.record(value * 37);
  for (double quantile : {0.5, 0.9, 0.99, 0.999}) {
    double expected = quantile * 100'000 * 37;
    double reported = static_cast<double>(histogram.percentile(quantile));
    EXPECT_GE(reported, expected * 0.99) << quantile;
    EXPECT_LE(reported, expected * 1.02) << quantile;
  }
  EXPECT_EQ(histogram.percentile(1.0), 3'700'000u);  // capped at the true maximum
}

TEST(latency_histogram, merging_adds_the_samples) {
  latency_histogram a, b;
  for (int i = 0; i < 90; ++i) a.record(10);
  for (int i = 0; i < 10; ++i) b.record(1'000'000);
  a.merge(b);
  EXPECT_EQ(a.count(), 100u);
  EXPECT_EQ(a.percentile(0.5), 10u);
  EXPECT_GE(a.percentile(0.95), 990'000u);
  EXPECT_EQ(a.max(), 1'000'000u);
}

TEST(latency_histogram, empty_and_huge) {
  latency_histogram histogram;
  EXPECT_EQ(histogram.percentile(0.5), 0u);
  histogram.record(uint64_t{1} << 62);
  EXPECT_EQ(histogram.percentile(0.5), uint64_t{1} << 62);
}

}  // namespace
}  // namespace eventioz::app
