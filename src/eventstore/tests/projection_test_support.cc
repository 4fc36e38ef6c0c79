// Topic manager, stores and appends for the projection tests.
#include "eventstore/tests/projection_test_support.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <future>
#include <thread>

#include "eventstore/store_config.h"
#include "io/file_system.h"
#include "model/record_batch.h"

namespace eventioz::eventstore::testing {

store_topics::store_topics() {
  char pattern[] = "/tmp/eventioz-projections-XXXXXX";
  EVENTIOZ_ASSERT(mkdtemp(pattern) != nullptr, "mkdtemp failed");
  _root = pattern;
  _data = _root + "/data";
  open_topics();
}

store_topics::store_topics(std::string data_directory) : _data(std::move(data_directory)) {
  open_topics();
}

store_topics::~store_topics() {
  close_topics();
  if (!_root.empty()) std::filesystem::remove_all(_root);
}

void store_topics::open_topics() {
  cluster::topic_extension extension = store_config_extension();
  extension.topic_deleted = [this](const std::string& topic) {
    if (on_topic_deleted) on_topic_deleted(topic);
  };
  auto opened = cluster::topic_manager::open(
      io::posix_file_system(),
      {.data_directory = _data, .shard_count = 1, .extensions = {extension}});
  EVENTIOZ_ASSERT(opened.ok(), "opening the topic manager: {}", opened.error_value().to_string());
  _topics = std::move(*opened);
}

void store_topics::close_topics() {
  if (_topics) EVENTIOZ_ASSERT(_topics->close().ok(), "closing the topic manager");
  _topics.reset();
}

void store_topics::create_store(const std::string& name, int32_t partitions) {
  auto created = _topics->create_topic(
      {.name = name, .partition_count = partitions, .configs = {{"eventioz.store", "true"}}});
  ASSERT_TRUE(created.ok()) << created.error_value();
}

void store_topics::create_plain_topic(const std::string& name) {
  auto created = _topics->create_topic({.name = name, .partition_count = 1});
  ASSERT_TRUE(created.ok()) << created.error_value();
}

void store_topics::append(const std::string& store, int32_t partition,
                          const std::vector<test_event>& events) {
  std::vector<model::record_to_write> records;
  for (const test_event& event : events) {
    model::record_to_write record{.key = byte_buffer(event.stream.begin(), event.stream.end()),
                                  .timestamp = 1'700'000'000'000};
    if (event.data) {
      std::string text = event.data->dump();
      record.value = byte_buffer(text.begin(), text.end());
      record.headers.push_back(
          {.key = "ce_type", .value = byte_buffer(event.type.begin(), event.type.end())});
    }
    records.push_back(std::move(record));
  }
  auto batch = model::build_batch(records, {});
  ASSERT_TRUE(batch.ok()) << batch.error_value();
  auto target = _topics->get_partition(store, partition);
  ASSERT_TRUE(target.ok()) << target.error_value();
  std::promise<result<offset>> appended;
  mutable_byte_span span(batch->data(), batch->size());
  (*target)->append(std::span<const mutable_byte_span>(&span, 1),
                    [&](result<offset> done) { appended.set_value(std::move(done)); });
  auto outcome = appended.get_future().get();
  ASSERT_TRUE(outcome.ok()) << outcome.error_value();
}

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return condition();
}

}  // namespace eventioz::eventstore::testing
