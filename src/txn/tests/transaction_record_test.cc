// The __transaction_state value format: round trip, and damage is an error, never a crash.
#include "txn/transaction_record.h"

#include <gtest/gtest.h>

#include "txn/errc.h"

namespace eventioz::txn {
namespace {

transaction_metadata sample() {
  return {.transactional_id = "app-1",
          .producer_id = 4242,
          .producer_epoch = 7,
          .last_producer_epoch = 6,
          .timeout_ms = 60'000,
          .state = transaction_state::prepare_commit,
          .partitions = {{"orders", 0}, {"orders", 3}, {"__consumer_offsets", 12}},
          .groups = {"readers"},
          .start_ms = 1'700'000'000'000,
          .last_update_ms = 1'700'000'000'500};
}

TEST(transaction_record, round_trips_every_field) {
  byte_buffer value = encode_transaction_value(sample());
  EXPECT_EQ(value[0], transaction_record_version);
  auto decoded = decode_transaction_record("app-1", value);
  ASSERT_TRUE(decoded.ok()) << decoded.error_value();
  EXPECT_EQ(*decoded, sample());
}

TEST(transaction_record, every_truncation_and_trailing_bytes_are_errors) {
  byte_buffer value = encode_transaction_value(sample());
  for (size_t size = 0; size < value.size(); ++size) {
    auto decoded = decode_transaction_record("app-1", byte_span(value).first(size));
    ASSERT_FALSE(decoded.ok()) << "truncated to " << size;
    EXPECT_EQ(decoded.error_value(), errc::coordinator_not_available);
  }
  value.push_back(0);
  EXPECT_FALSE(decode_transaction_record("app-1", value).ok());
}

TEST(transaction_record, an_unknown_version_or_state_or_huge_count_is_an_error) {
  byte_buffer value = encode_transaction_value(sample());
  byte_buffer newer = value;
  newer[0] = 2;
  EXPECT_FALSE(decode_transaction_record("app-1", newer).ok());
  byte_buffer bad_state = value;
  bad_state[1 + 8 + 2 + 2 + 4] = 99;
  EXPECT_FALSE(decode_transaction_record("app-1", bad_state).ok());
  byte_buffer huge = value;
  size_t count_at = 1 + 8 + 2 + 2 + 4 + 1 + 8 + 8;
  huge[count_at] = 0x7f;
  EXPECT_FALSE(decode_transaction_record("app-1", huge).ok());
}

}  // namespace
}  // namespace eventioz::txn
