#include "cluster/topic_metadata_store.h"

#include <gtest/gtest.h>

#include "cluster/errc.h"

namespace eventioz::cluster {
namespace {

TEST(topic_metadata_format, round_trips) {
  topic_metadata topic{
      .name = "orders",
      .partition_count = 12,
      .config_overrides = {{"retention.ms", "1000"}, {"cleanup.policy", "compact"}},
      .deleting = true};
  auto parsed = parse_topic_metadata("orders", format_topic_metadata(topic));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->partition_count, 12);
  EXPECT_EQ(parsed->config_overrides, topic.config_overrides);
  EXPECT_TRUE(parsed->deleting);
}

TEST(topic_metadata_format, refuses_what_it_did_not_write) {
  for (std::string text : {"", "partitions=0\n", "partitions=-3\n", "partitions=3x\n",
                           "partitions=3\nmystery=1\n", "partitions\n"}) {
    auto parsed = parse_topic_metadata("t", text);
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.error_value(), errc::metadata_corrupt);
  }
}

}  // namespace
}  // namespace eventioz::cluster
