#include <gtest/gtest.h>

#include "storage/errc.h"
#include "storage/log_config.h"
#include "storage/offset_index.h"
#include "storage/segment_file_names.h"
#include "storage/time_index.h"

namespace eventioz::storage {
namespace {

TEST(segment_file_names, are_twenty_digits_and_parse_back) {
  EXPECT_EQ(segment_file_name(offset(42), log_suffix), "00000000000000000042.log");
  EXPECT_EQ(parse_segment_file_name("00000000000000000042.log", log_suffix), offset(42));
  EXPECT_FALSE(parse_segment_file_name("0000000000000000042.log", log_suffix));
  EXPECT_FALSE(parse_segment_file_name("0000000000000000004x.log", log_suffix));
  EXPECT_FALSE(parse_segment_file_name("00000000000000000042.index", log_suffix));
  EXPECT_FALSE(parse_segment_file_name("99999999999999999999.log", log_suffix));  // > int64
}

TEST(offset_index, finds_the_floor_entry) {
  offset_index index(offset(100));
  index.append(offset(110), 4000);
  index.append(offset(130), 8100);
  EXPECT_EQ(index.floor_position(offset(100)), 0u);
  EXPECT_EQ(index.floor_position(offset(109)), 0u);
  EXPECT_EQ(index.floor_position(offset(110)), 4000u);
  EXPECT_EQ(index.floor_position(offset(129)), 4000u);
  EXPECT_EQ(index.floor_position(offset(1000)), 8100u);
  index.truncate_from(offset(130));
  EXPECT_EQ(index.floor_position(offset(1000)), 4000u);
}

TEST(offset_index, round_trips_and_rejects_malformed_files) {
  offset_index index(offset(0));
  index.append(offset(5), 100);
  index.append(offset(9), 300);
  byte_buffer stored = index.serialize();
  auto parsed = offset_index::parse(offset(0), stored, 1000);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->floor_position(offset(9)), 300u);

  EXPECT_EQ(offset_index::parse(offset(0), byte_span(stored).first(7), 1000).error_value(),
            errc::corrupt_data);
  EXPECT_FALSE(offset_index::parse(offset(0), stored, 200).ok());  // points past the end
  byte_buffer backwards = stored;
  std::swap_ranges(backwards.begin(), backwards.begin() + 8, backwards.begin() + 8);
  EXPECT_FALSE(offset_index::parse(offset(0), backwards, 1000).ok());
}

TEST(time_index, starts_scans_where_the_target_time_can_begin) {
  time_index index(offset(0));
  index.observe(100, offset(0));
  index.observe(200, offset(10));
  index.observe(150, offset(20));  // not a new maximum: ignored
  index.observe(300, offset(30));
  EXPECT_EQ(index.entries().size(), 3u);
  EXPECT_EQ(index.scan_start_for(50), offset(0));
  EXPECT_EQ(index.scan_start_for(150), offset(0));
  EXPECT_EQ(index.scan_start_for(250), offset(10));
  EXPECT_EQ(index.scan_start_for(1000), offset(30));
  EXPECT_EQ(index.max_timestamp(), 300);
  auto parsed = time_index::parse(offset(0), index.serialize());
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->entries().size(), 3u);
}

TEST(log_config, parses_kafka_keys_and_refuses_bad_values) {
  auto config = make_log_config(
      {{"segment.bytes", "1048576"}, {"cleanup.policy", "compact,delete"}, {"retention.ms", "-1"}});
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->segment_bytes, 1048576u);
  EXPECT_EQ(config->cleanup, cleanup_policy::compact_and_delete);
  EXPECT_EQ(config->retention_ms, -1);
  EXPECT_EQ(describe_config(*config).at("cleanup.policy"), "compact,delete");

  auto unknown = make_log_config({{"segment.byte", "1"}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error_value().message().find("segment.byte"), std::string::npos);
  EXPECT_FALSE(make_log_config({{"segment.bytes", "12abc"}}).ok());
  EXPECT_FALSE(make_log_config({{"segment.bytes", "4294967296"}}).ok());
  EXPECT_FALSE(make_log_config({{"flush.messages", "0"}}).ok());
  EXPECT_FALSE(make_log_config({{"cleanup.policy", "shred"}}).ok());
}

}  // namespace
}  // namespace eventioz::storage
