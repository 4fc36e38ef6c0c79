#include "cluster/topic_manager.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <future>

#include "cluster/errc.h"
#include "model/record_batch.h"
#include "storage/errc.h"

namespace eventioz::cluster {
namespace {

class topic_manager_test : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/eventioz-cluster-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    root = pattern;
    data = root + "/data";
  }
  void TearDown() override { std::filesystem::remove_all(root); }

  std::unique_ptr<topic_manager> open_manager(int32_t default_partitions = 1) {
    auto manager = topic_manager::open(
        io::posix_file_system(),
        {.data_directory = data, .shard_count = 2, .default_partition_count = default_partitions});
    EXPECT_TRUE(manager.ok()) << manager.error_value();
    return manager ? std::move(*manager) : nullptr;
  }

  void write_file(const std::string& path, const std::string& text) {
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream(path) << text;
  }

  std::string root;
  std::string data;
};

byte_buffer one_record_batch(const std::string& value) {
  auto batch = model::build_batch(
      {{.value = byte_buffer(value.begin(), value.end()), .timestamp = 1'700'000'000'000}}, {});
  EXPECT_TRUE(batch.ok());
  return *batch;
}

TEST_F(topic_manager_test, creates_topics_with_their_configs_and_keeps_them_across_restarts) {
  {
    auto manager = open_manager();
    auto created = manager->create_topic(
        {.name = "orders", .partition_count = 3, .configs = {{"retention.ms", "60000"}}});
    ASSERT_TRUE(created.ok()) << created.error_value();
    EXPECT_EQ(created->partition_count, 3);
    ASSERT_TRUE(manager->get_partition("orders", 2).ok());
    ASSERT_TRUE(manager->close().ok());
  }
  auto manager = open_manager();
  auto topic = manager->find_topic("orders");
  ASSERT_TRUE(topic.has_value());
  EXPECT_EQ(topic->partition_count, 3);
  auto configs = manager->describe_topic_configs("orders");
  ASSERT_TRUE(configs.ok());
  bool found = false;
  for (const auto& entry : *configs) {
    if (entry.name == "retention.ms") {
      found = true;
      EXPECT_EQ(entry.value, "60000");
      EXPECT_FALSE(entry.is_default);
    }
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(manager->get_partition("orders", 3).error_value(), storage::errc::partition_not_found);
}

TEST_F(topic_manager_test, refuses_bad_requests_with_errors_that_say_why) {
  auto manager = open_manager();
  ASSERT_TRUE(manager->create_topic({.name = "a"}).ok());
  EXPECT_EQ(manager->create_topic({.name = "a"}).error_value(), errc::topic_exists);
  EXPECT_EQ(manager->create_topic({.name = "b", .partition_count = 0}).error_value(),
            errc::invalid_partition_count);
  EXPECT_EQ(manager->create_topic({.name = "b", .replication_factor = 3}).error_value(),
            errc::invalid_replication_factor);
  auto bad_config = manager->create_topic({.name = "b", .configs = {{"no.such.key", "1"}}});
  EXPECT_EQ(bad_config.error_value(), storage::errc::invalid_config);
  EXPECT_NE(bad_config.error_value().message().find("no.such.key"), std::string::npos);
  EXPECT_EQ(manager->create_topic({.name = "bad/name"}).error_value(),
            storage::errc::invalid_partition_name);
  EXPECT_FALSE(manager->find_topic("b").has_value());
  EXPECT_EQ(manager->delete_topic("missing").error_value(), errc::topic_not_found);
}

TEST_F(topic_manager_test, refuses_names_that_collide_or_are_reserved) {
  auto manager = open_manager();
  ASSERT_TRUE(manager->create_topic({.name = "a.b"}).ok());
  auto collides = manager->create_topic({.name = "a_b"});
  EXPECT_EQ(collides.error_value(), storage::errc::invalid_partition_name);
  EXPECT_NE(collides.error_value().message().find("a.b"), std::string::npos);
  EXPECT_EQ(manager->create_topic({.name = "__consumer_offsets"}).error_value(),
            storage::errc::invalid_partition_name);
  EXPECT_TRUE(manager->create_topic({.name = "__consumer_offsets", .internal = true}).ok());
}

TEST_F(topic_manager_test, validate_only_changes_nothing) {
  auto manager = open_manager();
  ASSERT_TRUE(
      manager->create_topic({.name = "dry", .partition_count = 2, .validate_only = true}).ok());
  EXPECT_FALSE(manager->find_topic("dry").has_value());
  EXPECT_FALSE(std::filesystem::exists(data + "/dry-0"));
}

TEST_F(topic_manager_test, default_partition_count_applies_when_none_is_given) {
  auto manager = open_manager(4);
  auto created = manager->create_topic({.name = "auto"});
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(created->partition_count, 4);
}

TEST_F(topic_manager_test, deletes_topics_with_their_files) {
  auto manager = open_manager();
  ASSERT_TRUE(manager->create_topic({.name = "gone", .partition_count = 2}).ok());
  ASSERT_TRUE(manager->delete_topic("gone").ok());
  EXPECT_FALSE(manager->find_topic("gone").has_value());
  EXPECT_FALSE(std::filesystem::exists(data + "/gone-0"));
  EXPECT_FALSE(std::filesystem::exists(data + "/__topics/gone.topic"));
  EXPECT_TRUE(manager->create_topic({.name = "gone"}).ok());
}

TEST_F(topic_manager_test, a_partition_of_a_deleted_topic_is_no_longer_current) {
  // Push subscribers hold partitions for long: is_current tells them their topic is gone, also
  // when a topic of the same name was created since.
  auto manager = open_manager();
  ASSERT_TRUE(manager->create_topic({.name = "held"}).ok());
  auto held = manager->get_partition("held", 0);
  ASSERT_TRUE(held.ok());
  EXPECT_TRUE(manager->is_current(**held));
  ASSERT_TRUE(manager->delete_topic("held").ok());
  EXPECT_FALSE(manager->is_current(**held));
  ASSERT_TRUE(manager->create_topic({.name = "held"}).ok());
  EXPECT_FALSE(manager->is_current(**held));
  auto again = manager->get_partition("held", 0);
  ASSERT_TRUE(again.ok());
  EXPECT_NE(again->get(), held->get());
  EXPECT_TRUE(manager->is_current(**again));
  EXPECT_FALSE(manager->is_current(**held));
}

TEST_F(topic_manager_test, grows_partitions_but_never_shrinks_them) {
  auto manager = open_manager();
  ASSERT_TRUE(manager->create_topic({.name = "grow", .partition_count = 2}).ok());
  EXPECT_EQ(manager->create_partitions("grow", 2, false).error_value(),
            errc::invalid_partition_count);
  ASSERT_TRUE(manager->create_partitions("grow", 5, true).ok());
  EXPECT_EQ(manager->find_topic("grow")->partition_count, 2);
  ASSERT_TRUE(manager->create_partitions("grow", 5, false).ok());
  EXPECT_EQ(manager->find_topic("grow")->partition_count, 5);
  EXPECT_TRUE(manager->get_partition("grow", 4).ok());
}

TEST_F(topic_manager_test, alters_configs_incrementally_or_by_replacement) {
  auto manager = open_manager();
  ASSERT_TRUE(manager
                  ->create_topic(
                      {.name = "c", .configs = {{"retention.ms", "1000"}, {"segment.ms", "5000"}}})
                  .ok());
  ASSERT_TRUE(manager->alter_topic_configs("c", {{"retention.ms", "2000"}}, false, false).ok());
  auto overrides = manager->find_topic("c")->config_overrides;
  EXPECT_EQ(overrides.at("retention.ms"), "2000");
  EXPECT_EQ(overrides.at("segment.ms"), "5000");
  ASSERT_TRUE(manager->alter_topic_configs("c", {{"cleanup.policy", "compact"}}, true, false).ok());
  overrides = manager->find_topic("c")->config_overrides;
  EXPECT_EQ(overrides.size(), 1u);
  EXPECT_EQ(overrides.at("cleanup.policy"), "compact");
  ASSERT_TRUE(
      manager->alter_topic_configs("c", {{"cleanup.policy", std::nullopt}}, false, false).ok());
  EXPECT_TRUE(manager->find_topic("c")->config_overrides.empty());
  EXPECT_EQ(
      manager->alter_topic_configs("c", {{"retention.ms", "soon"}}, false, false).error_value(),
      storage::errc::invalid_config);
  EXPECT_EQ(
      manager->alter_topic_configs("c", {{"compression.type", "gzip"}}, false, false).error_value(),
      storage::errc::invalid_config);
}

std::string config_value(const std::vector<config_entry>& entries, const std::string& name) {
  for (const auto& entry : entries) {
    if (entry.name == name) return entry.value;
  }
  return "<missing>";
}

TEST_F(topic_manager_test, broker_defaults_change_at_runtime_survive_restarts_and_reach_topics) {
  {
    auto manager = open_manager();
    ASSERT_TRUE(manager->create_topic({.name = "plain"}).ok());
    ASSERT_TRUE(manager->create_topic({.name = "own", .configs = {{"retention.ms", "1000"}}}).ok());
    EXPECT_EQ(
        manager->alter_broker_configs({{"log.retention.ms", "oops"}}, false, false).error_value(),
        storage::errc::invalid_config);
    EXPECT_EQ(manager->alter_broker_configs({{"broker.id", "7"}}, false, false).error_value(),
              storage::errc::invalid_config);
    ASSERT_TRUE(manager->alter_broker_configs({{"num.partitions", "6"}}, false, true).ok());
    EXPECT_EQ(manager->settings().default_partition_count, 1);
    ASSERT_TRUE(manager
                    ->alter_broker_configs({{"log.retention.ms", "5000"},
                                            {"num.partitions", "6"},
                                            {"auto.create.topics.enable", "false"}},
                                           false, false)
                    .ok());
    EXPECT_EQ(config_value(*manager->describe_topic_configs("plain"), "retention.ms"), "5000");
    EXPECT_EQ(config_value(*manager->describe_topic_configs("own"), "retention.ms"), "1000");
    EXPECT_EQ((*manager->get_partition("plain", 0))->log().config().retention_ms, 5000);
    ASSERT_TRUE(manager->close().ok());
  }
  auto manager = open_manager();
  EXPECT_EQ(manager->settings().default_partition_count, 6);
  EXPECT_FALSE(manager->settings().auto_create_topics);
  EXPECT_EQ(config_value(manager->describe_broker_configs(), "log.retention.ms"), "5000");
  EXPECT_EQ((*manager->get_partition("plain", 0))->log().config().retention_ms, 5000);
  ASSERT_TRUE(manager->alter_broker_configs({}, true, false).ok());
  EXPECT_EQ(manager->settings().default_partition_count, 1);
  EXPECT_EQ(config_value(*manager->describe_topic_configs("plain"), "retention.ms"),
            std::to_string(storage::log_config().retention_ms));
}

TEST_F(topic_manager_test, finishes_a_deletion_that_a_crash_interrupted) {
  write_file(data + "/__topics/half.topic", "partitions=2\ndeleting=1\n");
  std::filesystem::create_directories(data + "/half-1");
  auto manager = open_manager();
  EXPECT_FALSE(manager->find_topic("half").has_value());
  EXPECT_FALSE(std::filesystem::exists(data + "/half-1"));
  EXPECT_FALSE(std::filesystem::exists(data + "/__topics/half.topic"));
}

TEST_F(topic_manager_test, creates_partitions_a_crash_kept_from_being_created) {
  write_file(data + "/__topics/made.topic", "partitions=3\n");
  auto manager = open_manager();
  ASSERT_TRUE(manager->find_topic("made").has_value());
  EXPECT_TRUE(manager->get_partition("made", 2).ok());
}

TEST_F(topic_manager_test, adopts_partition_directories_without_metadata) {
  {
    auto logs = storage::log_manager::open(io::posix_file_system(), {.data_directory = data});
    ASSERT_TRUE(logs.ok());
    ASSERT_TRUE((*logs)->create({"legacy", 0}, {}).ok());
    ASSERT_TRUE((*logs)->create({"legacy", 2}, {}).ok());
  }
  auto manager = open_manager();
  auto topic = manager->find_topic("legacy");
  ASSERT_TRUE(topic.has_value());
  EXPECT_EQ(topic->partition_count, 3);
  EXPECT_TRUE(manager->get_partition("legacy", 1).ok());  // the gap is filled
  EXPECT_TRUE(std::filesystem::exists(data + "/__topics/legacy.topic"));
}

TEST_F(topic_manager_test, corrupt_metadata_stops_the_start_with_a_clear_error) {
  write_file(data + "/__topics/broken.topic", "partitions=lots\n");
  auto manager = topic_manager::open(io::posix_file_system(), {.data_directory = data});
  ASSERT_FALSE(manager.ok());
  EXPECT_EQ(manager.error_value(), errc::metadata_corrupt);
  EXPECT_NE(manager.error_value().message().find("broken"), std::string::npos);
}

TEST_F(topic_manager_test, high_watermark_moves_when_an_append_is_durable_and_wakes_watchers) {
  auto manager = open_manager();
  ASSERT_TRUE(manager->create_topic({.name = "hw"}).ok());
  auto target = manager->get_partition("hw", 0);
  ASSERT_TRUE(target.ok());
  std::promise<void> woken;
  (*target)->watch_high_watermark(offset(0), [&] { woken.set_value(); });
  bool cancelled_woken = false;
  uint64_t ticket = (*target)->watch_high_watermark(offset(0), [&] { cancelled_woken = true; });
  (*target)->unwatch(ticket);

  byte_buffer batch = one_record_batch("hello");
  std::promise<result<offset>> appended;
  std::vector<mutable_byte_span> batches = {batch};
  (*target)->append(batches, [&](result<offset> outcome) { appended.set_value(outcome); });
  auto outcome = appended.get_future().get();
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(*outcome, offset(0));
  EXPECT_EQ((*target)->high_watermark(), offset(1));
  EXPECT_EQ(woken.get_future().wait_for(std::chrono::seconds(5)), std::future_status::ready);
  EXPECT_FALSE(cancelled_woken);
  EXPECT_EQ((*target)->log().durable_end_offset(), offset(1));
}

TEST_F(topic_manager_test, relaxed_topics_show_appends_at_once_but_commit_only_durable_data) {
  auto manager = open_manager();
  ASSERT_TRUE(
      manager->create_topic({.name = "fast", .configs = {{"flush.messages", "1000"}}}).ok());
  auto target = manager->get_partition("fast", 0);
  ASSERT_TRUE(target.ok());
  byte_buffer batch = one_record_batch("quick");
  std::vector<mutable_byte_span> batches = {batch};
  std::promise<result<offset>> appended;
  (*target)->append(batches, [&](result<offset> outcome) { appended.set_value(outcome); });
  ASSERT_TRUE(appended.get_future().get().ok());
  EXPECT_EQ((*target)->high_watermark(), offset(1));
  // Not fsynced yet (flush.messages = 1000): the log's committed end stays at durable data,
  // which is what recovery checks against after a crash.
  EXPECT_EQ((*target)->log().committed_end_offset(), (*target)->log().durable_end_offset());
}

TEST_F(topic_manager_test, several_batches_land_together_with_one_answer) {
  auto manager = open_manager();
  ASSERT_TRUE(manager->create_topic({.name = "multi"}).ok());
  auto target = manager->get_partition("multi", 0);
  ASSERT_TRUE(target.ok());
  std::vector<byte_buffer> storage;
  for (int index = 0; index < 3000; ++index) storage.push_back(one_record_batch("b"));
  std::vector<mutable_byte_span> batches(storage.begin(), storage.end());
  std::promise<result<offset>> appended;
  (*target)->append(batches, [&](result<offset> outcome) { appended.set_value(outcome); });
  auto base = appended.get_future().get();
  ASSERT_TRUE(base.ok());
  EXPECT_EQ(*base, offset(0));
  EXPECT_EQ((*target)->high_watermark(), offset(3000));
}

TEST_F(topic_manager_test, a_batch_over_max_message_bytes_fails_before_anything_is_written) {
  auto manager = open_manager();
  ASSERT_TRUE(
      manager->create_topic({.name = "small", .configs = {{"max.message.bytes", "200"}}}).ok());
  auto target = manager->get_partition("small", 0);
  ASSERT_TRUE(target.ok());
  byte_buffer fits = one_record_batch("x");
  byte_buffer too_big = one_record_batch(std::string(500, 'y'));
  std::vector<mutable_byte_span> batches = {fits, too_big};
  std::promise<result<offset>> appended;
  (*target)->append(batches, [&](result<offset> outcome) { appended.set_value(outcome); });
  EXPECT_EQ(appended.get_future().get().error_value(), storage::errc::batch_too_large);
  EXPECT_EQ((*target)->log().log_end_offset(), offset(0));
}

TEST_F(topic_manager_test, refuses_a_corrupt_batch_and_writes_nothing) {
  auto manager = open_manager();
  ASSERT_TRUE(manager->create_topic({.name = "crc"}).ok());
  auto target = manager->get_partition("crc", 0);
  ASSERT_TRUE(target.ok());
  byte_buffer batch = one_record_batch("hello");
  batch.back() ^= 0xFF;
  std::promise<result<offset>> appended;
  std::vector<mutable_byte_span> batches = {batch};
  (*target)->append(batches, [&](result<offset> outcome) { appended.set_value(outcome); });
  EXPECT_FALSE(appended.get_future().get().ok());
  EXPECT_EQ((*target)->log().log_end_offset(), offset(0));
  EXPECT_EQ((*target)->high_watermark(), offset(0));
}

}  // namespace
}  // namespace eventioz::cluster

namespace eventioz::cluster {
namespace {

TEST_F(topic_manager_test, internal_topics_are_never_deleted_or_grown_by_clients) {
  auto manager = open_manager();
  ASSERT_TRUE(
      manager->create_topic({.name = "__consumer_offsets", .partition_count = 2, .internal = true})
          .ok());
  EXPECT_FALSE(manager->delete_topic("__consumer_offsets").ok());
  EXPECT_FALSE(manager->create_partitions("__consumer_offsets", 4, false).ok());
  EXPECT_TRUE(manager->find_topic("__consumer_offsets").has_value());
  ASSERT_TRUE(manager->close().ok());
}

TEST_F(topic_manager_test, clients_cannot_write_to_or_reconfigure_internal_topics) {
  auto manager = open_manager();
  for (std::string name : {"__consumer_offsets", "__transaction_state"}) {
    SCOPED_TRACE(name);
    EXPECT_TRUE(topic_manager::is_internal(name));
    ASSERT_TRUE(manager->create_topic({.name = name, .partition_count = 2, .internal = true}).ok());
    EXPECT_EQ(manager->delete_topic(name).error_value(), errc::internal_topic);
    EXPECT_EQ(manager->create_partitions(name, 4, false).error_value(), errc::internal_topic);
    auto altered = manager->alter_topic_configs(name, {{"flush.messages", "10000"}}, false, false);
    ASSERT_FALSE(altered.ok());
    EXPECT_EQ(altered.error_value(), errc::internal_topic);
    EXPECT_NE(altered.error_value().to_string().find(name), std::string::npos);
    EXPECT_EQ(manager->alter_topic_configs(name, {{"cleanup.policy", "delete"}}, true, true)
                  .error_value(),
              errc::internal_topic);
    EXPECT_EQ(manager->alter_topic_configs(name, {{"flush.messages", std::nullopt}}, false, false)
                  .error_value(),
              errc::internal_topic);
    // Other settings can be tuned; the pinned ones survive a replacement of every override.
    EXPECT_TRUE(
        manager->alter_topic_configs(name, {{"segment.bytes", "1048576"}}, true, false).ok());
    EXPECT_EQ(manager->get_partition_for_client_write(name, 0).error_value(), errc::internal_topic);
    // The broker's coordinators still reach them.
    EXPECT_TRUE(manager->get_partition(name, 0).ok());
    EXPECT_EQ(manager->find_topic(name)->partition_count, 2);
  }
  EXPECT_FALSE(topic_manager::is_internal("__consumer_offsets_copy"));
  ASSERT_TRUE(manager->create_topic({.name = "events"}).ok());
  EXPECT_TRUE(manager->get_partition_for_client_write("events", 0).ok());
  ASSERT_TRUE(manager->close().ok());
}

TEST_F(topic_manager_test, internal_topics_stay_durable_and_compacted_whatever_the_defaults) {
  storage::log_config relaxed;
  relaxed.flush_messages = 10'000;
  ASSERT_TRUE(storage::apply_config(relaxed, "cleanup.policy", "delete").ok());
  auto open_relaxed = [&] {
    auto manager = topic_manager::open(io::posix_file_system(),
                                       {.data_directory = data, .default_log_config = relaxed});
    EXPECT_TRUE(manager.ok()) << manager.error_value();
    return std::move(*manager);
  };
  auto expect_pinned = [](topic_manager& manager, const std::string& name) {
    SCOPED_TRACE(name);
    auto target = manager.get_partition(name, 0);
    ASSERT_TRUE(target.ok());
    EXPECT_EQ((*target)->log().config().flush_messages, 1);
    EXPECT_TRUE((*target)->log().config().syncs_every_append());
    EXPECT_EQ((*target)->log().config().cleanup, storage::cleanup_policy::compact);
    auto described = manager.describe_topic_configs(name);
    ASSERT_TRUE(described.ok());
    for (const config_entry& entry : *described) {
      if (entry.name == "flush.messages") {
        EXPECT_EQ(entry.value, "1");
      }
      if (entry.name == "cleanup.policy") {
        EXPECT_EQ(entry.value, "compact");
      }
    }
  };
  {
    auto manager = open_relaxed();
    ASSERT_TRUE(manager->create_topic({.name = "__transaction_state", .internal = true}).ok());
    ASSERT_TRUE(manager->create_topic({.name = "events"}).ok());
    expect_pinned(*manager, "__transaction_state");
    auto events = manager->get_partition("events", 0);
    ASSERT_TRUE(events.ok());
    EXPECT_EQ((*events)->log().config().flush_messages, 10'000) << "other topics keep defaults";
    // Broker-wide changes at runtime do not reach them either.
    ASSERT_TRUE(manager->alter_broker_configs({{"log.flush.messages", "500"}}, false, false).ok());
    expect_pinned(*manager, "__transaction_state");
    ASSERT_TRUE(manager->close().ok());
  }
  auto reopened = open_relaxed();
  expect_pinned(*reopened, "__transaction_state");
  ASSERT_TRUE(reopened->close().ok());
}

TEST_F(topic_manager_test, no_partition_is_opened_again_once_closing) {
  auto manager = open_manager();
  ASSERT_TRUE(manager->create_topic({.name = "orders", .partition_count = 2}).ok());
  ASSERT_TRUE(manager->get_partition("orders", 0).ok());
  ASSERT_TRUE(manager->close().ok());
  // A completion still running at shutdown (a transaction's marker) asks for partitions: it
  // fails fast instead of reopening a log the manager has closed.
  auto open_one = manager->get_partition("orders", 0);
  ASSERT_FALSE(open_one.ok());
  EXPECT_EQ(open_one.error_value(), errc::closing);
  auto never_opened = manager->get_partition("orders", 1);
  ASSERT_FALSE(never_opened.ok());
  EXPECT_EQ(never_opened.error_value(), errc::closing);
}

}  // namespace
}  // namespace eventioz::cluster
