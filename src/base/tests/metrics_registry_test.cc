#include "base/metrics_registry.h"

#include <gtest/gtest.h>

#include <thread>

namespace eventioz::metrics {
namespace {

TEST(metrics_counter, counts_concurrent_increments_exactly) {
  counter requests;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 100'000; ++i) requests.increment();
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(requests.value(), 400'000u);
}

TEST(metrics_gauge, moves_both_ways_and_can_be_set) {
  gauge connections;
  connections.increment();
  connections.increment(2);
  connections.decrement();
  EXPECT_EQ(connections.value(), 2);
  connections.set(-5);
  EXPECT_EQ(connections.value(), -5);
}

TEST(metrics_histogram, puts_each_observation_in_the_first_bucket_whose_bound_is_not_below) {
  const double bounds[] = {1, 2, 5};
  histogram sizes(bounds);
  sizes.observe(0.5);  // <= 1
  sizes.observe(1.0);  // <= 1 (bounds are inclusive, as Prometheus' le)
  sizes.observe(1.5);  // <= 2
  sizes.observe(5.0);  // <= 5
  sizes.observe(9.0);  // +Inf
  EXPECT_EQ(sizes.bucket_counts(), (std::vector<uint64_t>{2, 1, 1, 1}));
  EXPECT_EQ(sizes.count(), 5u);
  EXPECT_DOUBLE_EQ(sizes.sum(), 17.0);
}

TEST(metrics_histogram, observes_durations_in_seconds) {
  histogram latency(latency_buckets_seconds());
  latency.observe(std::chrono::milliseconds(3));
  EXPECT_NEAR(latency.sum(), 0.003, 1e-12);
  EXPECT_EQ(latency.count(), 1u);
}

TEST(metrics_registry, gives_the_same_child_for_the_same_label_values) {
  metrics_registry registry;
  auto& requests = registry.counter_family("test_requests_total", "Requests.", {"api"});
  counter& produce = requests.with({"produce"});
  EXPECT_EQ(&produce, &requests.with({"produce"}));
  EXPECT_NE(&produce, &requests.with({"fetch"}));
  // Asking for the family again (another module) finds the same one.
  EXPECT_EQ(&requests, &registry.counter_family("test_requests_total", "Requests.", {"api"}));
}

TEST(metrics_registry, snapshots_families_sorted_by_name_and_children_by_labels) {
  metrics_registry registry;
  registry.gauge_family("b_gauge", "B.").with({}).set(7);
  auto& requests = registry.counter_family("a_total", "A.", {"api"});
  requests.with({"produce"}).increment(3);
  requests.with({"fetch"}).increment(1);
  auto& latency = registry.histogram_family("c_seconds", "C.", {}, std::vector<double>{0.1, 1});
  latency.with({}).observe(0.5);

  auto families = registry.collect();
  ASSERT_EQ(families.size(), 3u);
  EXPECT_EQ(families[0].name, "a_total");
  EXPECT_EQ(families[0].type, metric_type::counter);
  ASSERT_EQ(families[0].samples.size(), 2u);
  EXPECT_EQ(families[0].samples[0].labels, label_values{"fetch"});
  EXPECT_EQ(families[0].samples[0].value, 1);
  EXPECT_EQ(families[0].samples[1].value, 3);
  EXPECT_EQ(families[1].name, "b_gauge");
  EXPECT_EQ(families[1].samples[0].value, 7);
  ASSERT_EQ(families[2].histograms.size(), 1u);
  EXPECT_EQ(families[2].histograms[0].bucket_counts, (std::vector<uint64_t>{0, 1, 0}));
  EXPECT_EQ(families[2].histograms[0].upper_bounds, (std::vector<double>{0.1, 1}));
}

TEST(metrics_registry, runs_collectors_at_scrape_time_until_removed) {
  metrics_registry registry;
  int scrapes = 0;
  uint64_t id = registry.add_collector([&](std::vector<family_snapshot>& out) {
    ++scrapes;
    out.push_back(
        {.name = "collected", .help = "H.", .type = metric_type::gauge, .samples = {{{}, 42}}});
  });
  auto families = registry.collect();
  ASSERT_EQ(families.size(), 1u);
  EXPECT_EQ(families[0].samples[0].value, 42);
  registry.remove_collector(id);
  EXPECT_TRUE(registry.collect().empty());
  EXPECT_EQ(scrapes, 1);
}

TEST(metrics_registry_death, refuses_a_name_registered_with_another_type) {
  metrics_registry registry;
  registry.counter_family("clash", "C.");
  EXPECT_DEATH(registry.gauge_family("clash", "C."), "registered twice");
}

}  // namespace
}  // namespace eventioz::metrics
