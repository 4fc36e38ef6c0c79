#include "model/transaction_marker.h"

#include <gtest/gtest.h>

#include "model/errc.h"
#include "model/record_batch.h"

namespace eventioz::model {
namespace {

TEST(transaction_marker, commit_and_abort_markers_read_back_as_written) {
  for (bool commit : {true, false}) {
    byte_buffer batch = build_transaction_marker({.producer_id = 42,
                                                  .producer_epoch = 3,
                                                  .commit = commit,
                                                  .coordinator_epoch = 9,
                                                  .timestamp_ms = 1'700'000'000'000});
    auto header = validate_batch(batch);
    ASSERT_TRUE(header.ok());
    EXPECT_TRUE(header->is_control());
    EXPECT_TRUE(header->is_transactional());
    EXPECT_EQ(header->base_sequence, -1);
    EXPECT_EQ(header->record_count, 1);
    auto marker = parse_transaction_marker(batch);
    ASSERT_TRUE(marker.ok()) << marker.error_value();
    EXPECT_EQ(marker->producer_id, 42);
    EXPECT_EQ(marker->producer_epoch, 3);
    EXPECT_EQ(marker->commit, commit);
    EXPECT_EQ(marker->coordinator_epoch, 9);
    // The key Kafka consumers read: version 0, then type (0 abort, 1 commit).
    auto records = read_records(batch, 1 << 16);
    ASSERT_TRUE(records.ok());
    EXPECT_EQ(*records->at(0).key, (byte_buffer{0, 0, 0, static_cast<uint8_t>(commit ? 1 : 0)}));
  }
}

TEST(transaction_marker, an_ordinary_batch_is_not_a_marker) {
  auto batch = build_batch({{.key = byte_buffer{0, 0, 0, 1}, .timestamp = 1}}, {});
  ASSERT_TRUE(batch.ok());
  auto marker = parse_transaction_marker(*batch);
  ASSERT_FALSE(marker.ok());
  EXPECT_EQ(marker.error_value(), errc::record_invalid);
}

}  // namespace
}  // namespace eventioz::model
