// The transaction APIs over real connections: the coordinator's guard sees each request's
// connection, so a request of an earlier transaction left on a connection the producer has
// moved away from closes that connection instead of ending the current transaction.
#include <gtest/gtest.h>

#include <filesystem>

#include "client/broker_connection.h"
#include "kafka/server/error_mapping.h"
#include "kafka/server/kafka_server.h"
#include "kafka/server/tests/in_process_broker.h"

namespace eventioz::kafka {
namespace {

namespace protocol = kafka::protocol;

class transaction_handlers_test : public in_process_broker {
 protected:
  static protocol::add_partitions_to_txn_request add_partition(int64_t producer_id, int16_t epoch,
                                                               int32_t index) {
    protocol::add_partitions_to_txn_request request;
    request.transactional_id = "app";
    request.producer_id = producer_id;
    request.producer_epoch = epoch;
    auto& topic = request.topics.emplace_back();
    topic.name = "events";
    topic.partitions = {index};
    return request;
  }

  static protocol::end_txn_request end(int64_t producer_id, int16_t epoch, bool commit) {
    protocol::end_txn_request request;
    request.transactional_id = "app";
    request.producer_id = producer_id;
    request.producer_epoch = epoch;
    request.committed = commit;
    return request;
  }
};

TEST_F(transaction_handlers_test, a_transaction_commits_and_a_retried_end_txn_succeeds) {
  auto connection = connect();
  ASSERT_TRUE(connection);
  protocol::init_producer_id_request init;
  init.transactional_id = "app";
  init.transaction_timeout_ms = 10'000;
  auto granted = connection->send(init);
  ASSERT_TRUE(granted.ok()) << granted.error_value();
  ASSERT_EQ(granted->message.error_code, 0);
  int64_t producer_id = granted->message.producer_id;
  int16_t epoch = granted->message.producer_epoch;
  auto added = connection->send(add_partition(producer_id, epoch, 0));
  ASSERT_TRUE(added.ok());
  EXPECT_EQ(added->message.results.at(0).results.at(0).error_code, 0);
  auto missing = connection->send(add_partition(producer_id, epoch, 9));
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ(missing->message.results.at(0).results.at(0).error_code,
            code_of(kafka_error::unknown_topic_or_partition));
  EXPECT_EQ(connection->send(end(producer_id, epoch, true))->message.error_code, 0);
  EXPECT_EQ(connection->send(end(producer_id, epoch, true))->message.error_code, 0);
  EXPECT_EQ(connection->send(end(producer_id, epoch, false))->message.error_code,
            code_of(kafka_error::invalid_txn_state));
  // A timeout above transaction.max.timeout.ms is refused.
  init.transaction_timeout_ms = 900'001;
  EXPECT_EQ(connection->send(init)->message.error_code,
            code_of(kafka_error::invalid_transaction_timeout));
}

TEST_F(transaction_handlers_test, a_late_end_txn_on_a_superseded_connection_ends_nothing) {
  auto old_connection = connect();
  ASSERT_TRUE(old_connection);
  protocol::init_producer_id_request init;
  init.transactional_id = "app";
  init.transaction_timeout_ms = 10'000;
  auto granted = old_connection->send(init);
  ASSERT_TRUE(granted.ok());
  int64_t producer_id = granted->message.producer_id;
  int16_t epoch = granted->message.producer_epoch;
  ASSERT_TRUE(old_connection->send(add_partition(producer_id, epoch, 0)).ok());
  ASSERT_EQ(old_connection->send(end(producer_id, epoch, true))->message.error_code, 0);

  // The producer moves to a new connection and opens its next transaction there.
  auto new_connection = connect();
  ASSERT_TRUE(new_connection);
  auto added = new_connection->send(add_partition(producer_id, epoch, 1));
  ASSERT_TRUE(added.ok());
  ASSERT_EQ(added->message.results.at(0).results.at(0).error_code, 0);

  // A commit still travelling on the old connection: the broker closes it, unanswered.
  auto late = old_connection->send(end(producer_id, epoch, true));
  EXPECT_FALSE(late.ok()) << "a request on a superseded connection was answered";

  // The open transaction was not committed by it: aborting it is still possible.
  EXPECT_EQ(new_connection->send(end(producer_id, epoch, false))->message.error_code, 0);
}

}  // namespace
}  // namespace eventioz::kafka

namespace eventioz::kafka {
namespace {

TEST_F(transaction_handlers_test, an_empty_transactional_id_is_an_invalid_request) {
  auto connection = connect();
  ASSERT_TRUE(connection);
  protocol::init_producer_id_request init;
  init.transactional_id = "";
  init.transaction_timeout_ms = 10'000;
  auto refused = connection->send(init);
  ASSERT_TRUE(refused.ok()) << refused.error_value();
  EXPECT_EQ(refused->message.error_code, code_of(kafka_error::invalid_request));
  EXPECT_EQ(refused->message.producer_id, -1);
  // Null (an idempotent producer) still gets an id on the same connection.
  init.transactional_id = std::nullopt;
  auto granted = connection->send(init);
  ASSERT_TRUE(granted.ok());
  EXPECT_EQ(granted->message.error_code, 0);
  EXPECT_GE(granted->message.producer_id, 0);
}

}  // namespace
}  // namespace eventioz::kafka
