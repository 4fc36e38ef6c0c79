// The Kafka server in process, driven through the client module: long polling, pipelining and
// in-order answers, limits, and errors a client sees per partition.
#include "kafka/server/kafka_server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <thread>

#include "client/broker_connection.h"
#include "kafka/server/error_mapping.h"
#include "kafka/server/tests/in_process_broker.h"
#include "model/record_batch.h"

namespace eventioz::kafka {
namespace {

using namespace std::chrono_literals;
namespace protocol = kafka::protocol;

class kafka_server_test : public in_process_broker {
 protected:
  static protocol::produce_request produce_one(int32_t partition, const std::string& value,
                                               byte_buffer& batch_storage) {
    auto batch = model::build_batch(
        {{.value = byte_buffer(value.begin(), value.end()), .timestamp = 1'700'000'000'000}}, {});
    EXPECT_TRUE(batch.ok());
    batch_storage = *batch;
    protocol::produce_request request;
    request.acks = -1;
    request.timeout_ms = 5000;
    auto& topic = request.topic_data.emplace_back();
    topic.name = "events";
    auto& data = topic.partition_data.emplace_back();
    data.index = partition;
    data.records = protocol::records_payload(byte_span(batch_storage));
    return request;
  }

  static protocol::fetch_request fetch_from(int32_t partition, int64_t offset, int32_t wait_ms) {
    protocol::fetch_request request;
    request.replica_id = -1;
    request.max_wait_ms = wait_ms;
    request.min_bytes = 1;
    request.max_bytes = 1 << 20;
    auto& topic = request.topics.emplace_back();
    topic.topic = "events";
    auto& wanted = topic.partitions.emplace_back();
    wanted.partition = partition;
    wanted.fetch_offset = offset;
    wanted.partition_max_bytes = 1 << 20;
    return request;
  }

  // One batch of `count` records from producer `producer_id` (epoch 0) at `sequence`.
  static protocol::produce_request produce_as(int64_t producer_id, int32_t sequence, int count,
                                              bool transactional, byte_buffer& batch_storage) {
    std::vector<model::record_to_write> records;
    for (int index = 0; index < count; ++index) {
      records.push_back({.value = byte_buffer(3, 'x'), .timestamp = 1'700'000'000'000});
    }
    auto batch = model::build_batch(records, {.producer_id = producer_id,
                                              .producer_epoch = 0,
                                              .base_sequence = sequence,
                                              .transactional = transactional});
    EXPECT_TRUE(batch.ok());
    batch_storage = *batch;
    protocol::produce_request request;
    request.acks = -1;
    request.timeout_ms = 5000;
    auto& topic = request.topic_data.emplace_back();
    topic.name = "events";
    auto& data = topic.partition_data.emplace_back();
    data.index = 0;
    data.records = protocol::records_payload(byte_span(batch_storage));
    return request;
  }

  std::shared_ptr<cluster::partition> partition_zero() {
    auto found = topics->get_partition("events", 0);
    EXPECT_TRUE(found.ok());
    return *found;
  }

  static void end_transaction(cluster::partition& target, int64_t producer_id, bool commit) {
    std::promise<result<offset>> written;
    target.write_transaction_marker(producer_id, 0, commit, 0, [&](result<offset> marker) {
      written.set_value(std::move(marker));
    });
    auto marker = written.get_future().get();
    ASSERT_TRUE(marker.ok()) << marker.error_value();
  }

  int64_t latest_offset(client::broker_connection& connection, int8_t isolation_level) {
    protocol::list_offsets_request request;
    request.replica_id = -1;
    request.isolation_level = isolation_level;
    auto& topic = request.topics.emplace_back();
    topic.name = "events";
    topic.partitions.push_back({.partition_index = 0, .timestamp = -1});
    auto answer = connection.send(request);
    EXPECT_TRUE(answer.ok());
    return answer ? answer->message.topics.at(0).partitions.at(0).offset : -2;
  }
};

TEST_F(kafka_server_test, a_retried_idempotent_batch_is_answered_with_its_first_offset) {
  auto producer = connect();
  ASSERT_TRUE(producer);
  byte_buffer storage;
  auto first = producer->send(produce_as(77, 0, 3, false, storage));
  ASSERT_TRUE(first.ok());
  auto retried = producer->send(produce_as(77, 0, 3, false, storage));
  ASSERT_TRUE(retried.ok());
  const auto& answer = retried->message.responses.at(0).partition_responses.at(0);
  EXPECT_EQ(answer.error_code, 0);
  EXPECT_EQ(answer.base_offset, 0);
  EXPECT_EQ(partition_zero()->high_watermark(), offset(3));
  auto gap = producer->send(produce_as(77, 9, 1, false, storage));
  ASSERT_TRUE(gap.ok());
  EXPECT_EQ(gap->message.responses.at(0).partition_responses.at(0).error_code,
            code_of(kafka_error::out_of_order_sequence_number));
  auto unbegun = producer->send(produce_as(78, 0, 1, true, storage));
  ASSERT_TRUE(unbegun.ok());
  EXPECT_EQ(unbegun->message.responses.at(0).partition_responses.at(0).error_code,
            code_of(kafka_error::invalid_txn_state));
}

TEST_F(kafka_server_test, read_committed_stops_at_the_lso_and_lists_aborted_transactions) {
  auto client = connect();
  ASSERT_TRUE(client);
  auto events = partition_zero();
  ASSERT_TRUE(events->begin_transaction(7, 0).ok());
  byte_buffer storage;
  ASSERT_TRUE(client->send(produce_as(7, 0, 2, true, storage)).ok());  // 0-1, open
  ASSERT_TRUE(client->send(produce_one(0, "plain", storage)).ok());    // 2

  auto committed_view = fetch_from(0, 0, 0);
  committed_view.isolation_level = 1;
  auto before = client->send(committed_view);
  ASSERT_TRUE(before.ok());
  const auto& undecided = before->message.responses.at(0).partitions.at(0);
  EXPECT_EQ(undecided.high_watermark, 3);
  EXPECT_EQ(undecided.last_stable_offset, 0);
  EXPECT_TRUE(!undecided.records || undecided.records->empty());
  EXPECT_EQ(latest_offset(*client, 1), 0);
  EXPECT_EQ(latest_offset(*client, 0), 3);
  auto uncommitted = client->send(fetch_from(0, 0, 0));
  ASSERT_TRUE(uncommitted.ok());
  EXPECT_EQ(uncommitted->message.responses.at(0).partitions.at(0).last_stable_offset, 0);
  EXPECT_TRUE(uncommitted->message.responses.at(0).partitions.at(0).records.has_value());

  end_transaction(*events, 7, /*commit=*/false);  // the ABORT marker at 3
  auto after = client->send(committed_view);
  ASSERT_TRUE(after.ok());
  const auto& decided = after->message.responses.at(0).partitions.at(0);
  EXPECT_EQ(decided.high_watermark, 4);
  EXPECT_EQ(decided.last_stable_offset, 4);
  ASSERT_TRUE(decided.records.has_value());
  ASSERT_TRUE(decided.aborted_transactions.has_value());
  ASSERT_EQ(decided.aborted_transactions->size(), 1u);
  EXPECT_EQ(decided.aborted_transactions->at(0).producer_id, 7);
  EXPECT_EQ(decided.aborted_transactions->at(0).first_offset, 0);
  EXPECT_EQ(latest_offset(*client, 1), 4);
}

TEST_F(kafka_server_test, a_read_committed_long_poll_is_woken_by_the_commit) {
  auto consumer = connect();
  auto producer = connect();
  ASSERT_TRUE(consumer && producer);
  auto events = partition_zero();
  ASSERT_TRUE(events->begin_transaction(7, 0).ok());
  byte_buffer storage;
  ASSERT_TRUE(producer->send(produce_as(7, 0, 2, true, storage)).ok());
  auto started = std::chrono::steady_clock::now();
  std::thread commit_later([&] {
    std::this_thread::sleep_for(200ms);
    end_transaction(*events, 7, /*commit=*/true);
  });
  auto request = fetch_from(0, 0, 30'000);
  request.isolation_level = 1;
  auto fetched = consumer->send(request, 30s);
  commit_later.join();
  ASSERT_TRUE(fetched.ok());
  EXPECT_LT(std::chrono::steady_clock::now() - started, 20s);
  const auto& partition = fetched->message.responses.at(0).partitions.at(0);
  EXPECT_EQ(partition.last_stable_offset, 3);
  ASSERT_TRUE(partition.records.has_value());
  EXPECT_FALSE(partition.records->empty());
  ASSERT_TRUE(partition.aborted_transactions.has_value());
  EXPECT_TRUE(partition.aborted_transactions->empty());
}

TEST_F(kafka_server_test, a_long_poll_is_woken_by_an_append_not_by_its_timeout) {
  auto consumer = connect();
  auto producer = connect();
  ASSERT_TRUE(consumer && producer);
  auto started = std::chrono::steady_clock::now();
  std::thread produce_later([&] {
    std::this_thread::sleep_for(200ms);
    byte_buffer storage;
    auto produced = producer->send(produce_one(1, "wake up", storage));
    ASSERT_TRUE(produced.ok());
    EXPECT_EQ(produced->message.responses[0].partition_responses[0].error_code, 0);
  });
  // 30 s: if only the timeout ended the wait, the test would take that long and fail below.
  auto fetched = consumer->send(fetch_from(1, 0, 30'000), 30s);
  produce_later.join();
  ASSERT_TRUE(fetched.ok()) << fetched.error_value();
  auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_LT(waited, 20s);
  const auto& partition = fetched->message.responses.at(0).partitions.at(0);
  EXPECT_EQ(partition.error_code, 0);
  EXPECT_EQ(partition.high_watermark, 1);
  ASSERT_TRUE(partition.records.has_value());
  byte_buffer scratch;
  auto bytes = partition.records->contiguous_bytes(scratch);
  ASSERT_TRUE(bytes.has_value());
  auto records = model::read_records(*bytes, 1 << 20);
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->size(), 1u);
  EXPECT_EQ(std::string(records->at(0).value->begin(), records->at(0).value->end()), "wake up");
}

TEST_F(kafka_server_test, a_long_poll_with_nothing_to_read_answers_empty_after_max_wait) {
  auto consumer = connect();
  ASSERT_TRUE(consumer);
  auto fetched = consumer->send(fetch_from(0, 0, 100), 5s);
  ASSERT_TRUE(fetched.ok());
  const auto& partition = fetched->message.responses.at(0).partitions.at(0);
  EXPECT_EQ(partition.error_code, 0);
  EXPECT_EQ(partition.high_watermark, 0);
  EXPECT_TRUE(!partition.records || partition.records->empty());
}

TEST_F(kafka_server_test, pipelined_requests_are_answered_in_order) {
  auto connection = connect();
  ASSERT_TRUE(connection);
  auto metadata_version = connection->version_of<protocol::metadata_request>();
  auto produce_version = connection->version_of<protocol::produce_request>();
  ASSERT_TRUE(metadata_version.ok() && produce_version.ok());
  std::vector<byte_buffer> storage(20);
  protocol::metadata_request metadata;
  metadata.topics = std::vector<protocol::metadata_request::metadata_request_topic>{};
  // Produces (which wait for an fsync) interleaved with Metadata (answered at once).
  for (int index = 0; index < 20; ++index) {
    if (index % 2 == 0) {
      ASSERT_TRUE(connection
                      ->send_only(produce_one(index % 4 / 2, std::to_string(index), storage[index]),
                                  *produce_version)
                      .ok());
    } else {
      ASSERT_TRUE(connection->send_only(metadata, *metadata_version).ok());
    }
  }
  // receive() checks each answer's correlation id against the oldest request in flight.
  for (int index = 0; index < 20; ++index) {
    if (index % 2 == 0) {
      auto answer = connection->receive<protocol::produce_response>();
      ASSERT_TRUE(answer.ok()) << answer.error_value();
      EXPECT_EQ(answer->message.responses[0].partition_responses[0].error_code, 0);
    } else {
      auto answer = connection->receive<protocol::metadata_response>();
      ASSERT_TRUE(answer.ok()) << answer.error_value();
      EXPECT_EQ(answer->message.cluster_id, "test-cluster");
    }
  }
}

TEST_F(kafka_server_test, errors_are_per_partition_and_leave_other_partitions_working) {
  auto connection = connect();
  ASSERT_TRUE(connection);
  byte_buffer good_storage;
  auto request = produce_one(0, "good", good_storage);
  // A second partition with a corrupted batch, and a third that does not exist.
  byte_buffer bad_storage;
  auto bad = produce_one(1, "bad", bad_storage);
  bad_storage.back() ^= 0x5A;
  request.topic_data[0].partition_data.push_back(bad.topic_data[0].partition_data[0]);
  request.topic_data[0].partition_data.back().records =
      protocol::records_payload(byte_span(bad_storage));
  auto& missing = request.topic_data[0].partition_data.emplace_back();
  missing.index = 7;
  missing.records = protocol::records_payload(byte_span(good_storage));
  auto answer = connection->send(request);
  ASSERT_TRUE(answer.ok());
  const auto& partitions = answer->message.responses[0].partition_responses;
  ASSERT_EQ(partitions.size(), 3u);
  EXPECT_EQ(partitions[0].error_code, 0);
  EXPECT_EQ(partitions[1].error_code, code_of(kafka_error::corrupt_message));
  EXPECT_EQ(partitions[2].error_code, code_of(kafka_error::unknown_topic_or_partition));
  EXPECT_EQ((*topics->get_partition("events", 1))->log().log_end_offset(), offset(0));
  EXPECT_EQ((*topics->get_partition("events", 0))->high_watermark(), offset(1));
}

TEST_F(kafka_server_test, a_fetch_past_the_end_is_out_of_range_and_at_the_end_is_empty) {
  auto connection = connect();
  ASSERT_TRUE(connection);
  auto past = connection->send(fetch_from(0, 5, 0));
  ASSERT_TRUE(past.ok());
  EXPECT_EQ(past->message.responses[0].partitions[0].error_code,
            code_of(kafka_error::offset_out_of_range));
  auto at_end = connection->send(fetch_from(0, 0, 0));
  ASSERT_TRUE(at_end.ok());
  EXPECT_EQ(at_end->message.responses[0].partitions[0].error_code, 0);
}

// Appends a CreateTopics v0 request (header v1, null client id) for one topic to `out`.
void append_create_topics_v0(byte_buffer& out, int32_t correlation_id, byte_span body) {
  byte_buffer frame;
  append_big_endian<int16_t>(frame, 19);  // CreateTopics
  append_big_endian<int16_t>(frame, 0);
  append_big_endian<int32_t>(frame, correlation_id);
  append_big_endian<int16_t>(frame, -1);  // client id: null
  frame.insert(frame.end(), body.begin(), body.end());
  append_big_endian<int32_t>(out, static_cast<int32_t>(frame.size()));
  out.insert(out.end(), frame.begin(), frame.end());
}

TEST_F(kafka_server_test, nothing_pipelined_after_a_malformed_request_takes_effect) {
  byte_buffer valid_body;
  append_big_endian<int32_t>(valid_body, 1);  // one topic
  std::string name = "after-bad";
  append_big_endian<int16_t>(valid_body, static_cast<int16_t>(name.size()));
  valid_body.insert(valid_body.end(), name.begin(), name.end());
  append_big_endian<int32_t>(valid_body, 1);     // partitions
  append_big_endian<int16_t>(valid_body, 1);     // replication factor
  append_big_endian<int32_t>(valid_body, 0);     // assignments
  append_big_endian<int32_t>(valid_body, 0);     // configs
  append_big_endian<int32_t>(valid_body, 1000);  // timeout
  byte_buffer garbage_body;
  append_big_endian<int32_t>(garbage_body, 0x7FFFFFFF);  // a topic count the body cannot hold
  byte_buffer wire;
  append_create_topics_v0(wire, 1, garbage_body);
  append_create_topics_v0(wire, 2, valid_body);

  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(server->bound_port());
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  ASSERT_EQ(::send(fd, wire.data(), wire.size(), 0), static_cast<ssize_t>(wire.size()));
  // The broker closes the connection without answering either request.
  uint8_t answer[64];
  timeval timeout{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  EXPECT_EQ(::recv(fd, answer, sizeof(answer), 0), 0);
  ::close(fd);
  EXPECT_FALSE(topics->find_topic("after-bad").has_value());
  // Other connections are unaffected.
  auto connection = connect();
  ASSERT_TRUE(connection);
  EXPECT_TRUE(connection->send(fetch_from(0, 0, 0)).ok());
}

}  // namespace
}  // namespace eventioz::kafka
