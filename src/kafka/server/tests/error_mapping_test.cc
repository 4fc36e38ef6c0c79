#include "kafka/server/error_mapping.h"

#include <gtest/gtest.h>

#include "cluster/errc.h"
#include "groups/errc.h"
#include "kafka/protocol/errc.h"
#include "model/errc.h"
#include "storage/errc.h"
#include "txn/errc.h"

namespace eventioz::kafka {
namespace {

kafka_error map(std::error_code code) { return to_kafka_error(error(code, "test")); }

TEST(error_mapping, gives_clients_the_codes_they_react_to) {
  EXPECT_EQ(map(model::errc::crc_mismatch), kafka_error::corrupt_message);
  EXPECT_EQ(map(model::errc::record_invalid), kafka_error::invalid_record);
  EXPECT_EQ(map(model::errc::unsupported_compression), kafka_error::unsupported_compression_type);
  EXPECT_EQ(map(storage::errc::offset_out_of_range), kafka_error::offset_out_of_range);
  EXPECT_EQ(map(storage::errc::batch_too_large), kafka_error::message_too_large);
  EXPECT_EQ(map(storage::errc::invalid_config), kafka_error::invalid_config);
  EXPECT_EQ(map(storage::errc::invalid_partition_name), kafka_error::invalid_topic_exception);
  EXPECT_EQ(map(cluster::errc::topic_exists), kafka_error::topic_already_exists);
  EXPECT_EQ(map(cluster::errc::topic_not_found), kafka_error::unknown_topic_or_partition);
  EXPECT_EQ(map(cluster::errc::invalid_partition_count), kafka_error::invalid_partitions);
  EXPECT_EQ(map(cluster::errc::invalid_replication_factor),
            kafka_error::invalid_replication_factor);
  EXPECT_EQ(map(protocol::errc::malformed_message), kafka_error::invalid_request);
  // Idempotent and transactional producers react to these exact codes (librdkafka: a gap
  // bumps the epoch, an old epoch is fenced, an unverified transaction is abortable).
  EXPECT_EQ(map(cluster::errc::out_of_order_sequence), kafka_error::out_of_order_sequence_number);
  EXPECT_EQ(map(cluster::errc::invalid_producer_epoch), kafka_error::invalid_producer_epoch);
  EXPECT_EQ(map(cluster::errc::invalid_txn_state), kafka_error::invalid_txn_state);
  EXPECT_EQ(map(cluster::errc::producer_batch_refused), kafka_error::invalid_record);
  EXPECT_EQ(map(txn::errc::producer_fenced), kafka_error::invalid_producer_epoch);
  EXPECT_EQ(map(txn::errc::concurrent_transactions), kafka_error::concurrent_transactions);
  EXPECT_EQ(map(txn::errc::invalid_txn_state), kafka_error::invalid_txn_state);
  // A disk failure is a storage error the client may retry elsewhere, not an unknown one.
  EXPECT_EQ(map(std::make_error_code(std::errc::io_error)), kafka_error::kafka_storage_error);
  EXPECT_EQ(map(std::make_error_code(std::errc::no_space_on_device)),
            kafka_error::kafka_storage_error);
}

TEST(error_mapping, every_module_error_has_a_kafka_code_other_than_unknown) {
  for (int code = 1; code <= 11; ++code) {
    EXPECT_NE(map(static_cast<model::errc>(code)), kafka_error::unknown_server_error) << code;
  }
  for (int code = 1; code <= 10; ++code) {
    EXPECT_NE(map(static_cast<storage::errc>(code)), kafka_error::unknown_server_error) << code;
  }
  for (int code = 1; code <= 10; ++code) {
    EXPECT_NE(map(static_cast<cluster::errc>(code)), kafka_error::unknown_server_error) << code;
  }
  for (int code = 1; code <= 8; ++code) {
    EXPECT_NE(map(static_cast<txn::errc>(code)), kafka_error::unknown_server_error) << code;
  }
  for (int code = 1; code <= 16; ++code) {
    EXPECT_NE(map(static_cast<groups::errc>(code)), kafka_error::unknown_server_error) << code;
  }
}

TEST(error_mapping, group_errors_keep_their_kafka_meaning) {
  EXPECT_EQ(to_kafka_error(std::error_code()), kafka_error::none);
  EXPECT_EQ(map(groups::errc::rebalance_in_progress), kafka_error::rebalance_in_progress);
  EXPECT_EQ(map(groups::errc::member_id_required), kafka_error::member_id_required);
  EXPECT_EQ(map(groups::errc::unstable_offset_commit), kafka_error::unstable_offset_commit);
  EXPECT_EQ(code_of(map(groups::errc::fenced_instance_id)), 82);
}

TEST(error_mapping, messages_for_clients_are_bounded_and_keep_characters_whole) {
  std::string name(40'000, 'a');
  EXPECT_LE(message_for_client(error(cluster::errc::topic_not_found, name)).size(), 1030u);
  std::string accented;
  for (int index = 0; index < 1000; ++index) accented += "\xC3\xA9";  // U+00E9, two bytes
  std::string cut = message_for_client(error(cluster::errc::topic_not_found, accented));
  ASSERT_TRUE(cut.ends_with("..."));
  std::string kept = cut.substr(0, cut.size() - 3);
  EXPECT_EQ(kept.size() % 2, 0u) << "a two-byte character was split";
  EXPECT_EQ(message_for_client(error(cluster::errc::topic_not_found, "short")), "short");
}

}  // namespace
}  // namespace eventioz::kafka
