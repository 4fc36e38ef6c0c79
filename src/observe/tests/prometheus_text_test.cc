#include "observe/prometheus_text.h"

#include <gtest/gtest.h>

namespace eventioz::observe {
namespace {

using metrics::family_snapshot;
using metrics::metric_type;

TEST(prometheus_text, renders_help_type_and_labelled_samples_in_label_order) {
  std::vector<family_snapshot> families;
  families.push_back({.name = "eventioz_topic_records_in_total",
                      .help = "Records appended.",
                      .type = metric_type::counter,
                      .label_names = {"topic", "partition"},
                      .samples = {{{"orders", "1"}, 5}, {{"clicks", "0"}, 2}}});
  EXPECT_EQ(render_prometheus_text(families),
            "# HELP eventioz_topic_records_in_total Records appended.\n"
            "# TYPE eventioz_topic_records_in_total counter\n"
            "eventioz_topic_records_in_total{topic=\"clicks\",partition=\"0\"} 2\n"
            "eventioz_topic_records_in_total{topic=\"orders\",partition=\"1\"} 5\n");
}

TEST(prometheus_text, sorts_families_by_name_and_merges_parts_of_one_family) {
  std::vector<family_snapshot> families;
  families.push_back({.name = "b", .help = "B.", .type = metric_type::gauge, .samples = {{{}, 1}}});
  families.push_back({.name = "a",
                      .help = "A.",
                      .type = metric_type::gauge,
                      .label_names = {"x"},
                      .samples = {{{"2"}, 2}}});
  families.push_back({.name = "a",
                      .help = "A.",
                      .type = metric_type::gauge,
                      .label_names = {"x"},
                      .samples = {{{"1"}, 1}}});
  EXPECT_EQ(render_prometheus_text(families),
            "# HELP a A.\n# TYPE a gauge\na{x=\"1\"} 1\na{x=\"2\"} 2\n"
            "# HELP b B.\n# TYPE b gauge\nb 1\n");
}

TEST(prometheus_text, escapes_label_values_and_help) {
  std::string label;
  append_label_value(label, "a\\b\"c\nd");
  EXPECT_EQ(label, R"(a\\b\"c\nd)");
  std::string help;
  append_help_text(help, "say \"hi\"\\\nnow");
  EXPECT_EQ(help, R"(say "hi"\\\nnow)");  // quotes stay as they are in HELP
}

// A group id from an HTTP path can hold any byte; Prometheus refuses a scrape with invalid
// UTF-8 in any label value, so one such group must not break monitoring.
TEST(prometheus_text, replaces_invalid_utf8_in_label_values) {
  std::vector<family_snapshot> families;
  families.push_back({.name = "eventioz_group_members",
                      .help = "Members.",
                      .type = metric_type::gauge,
                      .label_names = {"group"},
                      .samples = {{{"bad\xffgroup"}, 1}, {{"caf\xc3\xa9"}, 2}}});
  EXPECT_EQ(render_prometheus_text(families),
            "# HELP eventioz_group_members Members.\n"
            "# TYPE eventioz_group_members gauge\n"
            "eventioz_group_members{group=\"bad\xef\xbf\xbdgroup\"} 1\n"
            "eventioz_group_members{group=\"caf\xc3\xa9\"} 2\n");
}

TEST(prometheus_text, spells_values_as_prometheus_parses_them) {
  auto text = [](double value) {
    std::string out;
    append_sample_value(out, value);
    return out;
  };
  EXPECT_EQ(text(0), "0");
  EXPECT_EQ(text(1234567), "1234567");
  EXPECT_EQ(text(-3), "-3");
  EXPECT_EQ(text(0.25), "0.25");
  EXPECT_EQ(text(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(text(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(text(std::numeric_limits<double>::quiet_NaN()), "NaN");
}

TEST(prometheus_text, renders_histograms_with_cumulative_buckets_inf_sum_and_count) {
  std::vector<family_snapshot> families;
  families.push_back({.name = "eventioz_kafka_request_duration_seconds",
                      .help = "Latency.",
                      .type = metric_type::histogram,
                      .label_names = {"api"},
                      .histograms = {{.labels = {"produce"},
                                      .upper_bounds = {0.001, 0.01},
                                      .bucket_counts = {3, 2, 1},
                                      .count = 6,
                                      .sum = 0.5}}});
  EXPECT_EQ(render_prometheus_text(families),
            "# HELP eventioz_kafka_request_duration_seconds Latency.\n"
            "# TYPE eventioz_kafka_request_duration_seconds histogram\n"
            "eventioz_kafka_request_duration_seconds_bucket{api=\"produce\",le=\"0.001\"} 3\n"
            "eventioz_kafka_request_duration_seconds_bucket{api=\"produce\",le=\"0.01\"} 5\n"
            "eventioz_kafka_request_duration_seconds_bucket{api=\"produce\",le=\"+Inf\"} 6\n"
            "eventioz_kafka_request_duration_seconds_sum{api=\"produce\"} 0.5\n"
            "eventioz_kafka_request_duration_seconds_count{api=\"produce\"} 6\n");
}

TEST(prometheus_text, keeps_inf_bucket_and_count_equal_when_read_during_an_observe) {
  // The count was read before a bucket that an observe had already bumped.
  std::vector<family_snapshot> families;
  families.push_back({.name = "h",
                      .help = "H.",
                      .type = metric_type::histogram,
                      .histograms = {{.upper_bounds = {1}, .bucket_counts = {2, 1}, .count = 2}}});
  EXPECT_EQ(render_prometheus_text(families),
            "# HELP h H.\n# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 3\n"
            "h_sum 0\nh_count 3\n");
}

TEST(prometheus_text, renders_a_registry_snapshot) {
  metrics::metrics_registry registry;
  registry.counter_family("x_total", "X.", {"k"}).with({"v"}).increment(4);
  registry.histogram_family("y_seconds", "Y.", {}, std::vector<double>{1}).with({}).observe(2);
  EXPECT_EQ(render_prometheus_text(registry.collect()),
            "# HELP x_total X.\n# TYPE x_total counter\nx_total{k=\"v\"} 4\n"
            "# HELP y_seconds Y.\n# TYPE y_seconds histogram\ny_seconds_bucket{le=\"1\"} 0\n"
            "y_seconds_bucket{le=\"+Inf\"} 1\ny_seconds_sum 2\ny_seconds_count 1\n");
}

}  // namespace
}  // namespace eventioz::observe
