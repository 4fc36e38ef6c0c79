// The event store's appends, reads and index against a real topic manager and RocksDB.
#include "eventstore/event_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <set>
#include <thread>

#include "eventstore/errc.h"
#include "eventstore/tests/store_fixture.h"

namespace eventioz::eventstore {
namespace {

using testing::store_fixture;

class event_store_test : public ::testing::Test {
 protected:
  void SetUp() override {
    fixture.open();
    auto created = fixture.store().create_store({.name = "bank", .partitions = 3});
    ASSERT_TRUE(created.ok()) << created.error_value();
  }

  std::vector<stored_event> read_all_versions(const std::string& stream) {
    auto page = fixture.store().read_stream(
        {.store = "bank", .stream = stream, .from_version = 0, .limit = 100000});
    EXPECT_TRUE(page.ok()) << page.error_value();
    return page ? page->events : std::vector<stored_event>{};
  }

  store_fixture fixture;
};

TEST_F(event_store_test, appends_get_consecutive_versions_and_read_back_in_order) {
  auto first = fixture.append("bank", "acct-1", expected_version{expected_version::kind::no_stream},
                              {store_fixture::event("Opened", R"({"owner":"ann"})", "e1")});
  ASSERT_FALSE(first.failure) << *first.failure;
  EXPECT_EQ(first.outcome.first_version, 0);
  auto second = fixture.append("bank", "acct-1", expected_version::exact(0),
                               {store_fixture::event("Deposited", R"({"amount":5})", "e2"),
                                store_fixture::event("Deposited", R"({"amount":7})", "e3")});
  ASSERT_FALSE(second.failure) << *second.failure;
  EXPECT_EQ(second.outcome.first_version, 1);
  EXPECT_EQ(second.outcome.last_version, 2);
  EXPECT_EQ(second.outcome.partition, event_store::partition_of("acct-1", 3));

  auto events = read_all_versions("acct-1");
  ASSERT_EQ(events.size(), 3u);
  for (int64_t v = 0; v < 3; ++v) EXPECT_EQ(events[v].version, v);
  EXPECT_EQ(events[0].type, "Opened");
  EXPECT_EQ(events[2].data, R"({"amount":7})");
  EXPECT_EQ(events[2].id, "e3");
  EXPECT_EQ(events[1].offset + 1, events[2].offset);
  EXPECT_EQ(fixture.store().version_of("bank", events[2].partition, events[2].offset), 2);

  auto backwards = fixture.store().read_stream(
      {.store = "bank", .stream = "acct-1", .from_version = -1, .backwards = true, .limit = 2});
  ASSERT_TRUE(backwards.ok());
  ASSERT_EQ(backwards->events.size(), 2u);
  EXPECT_EQ(backwards->events[0].version, 2);
  EXPECT_EQ(backwards->next_version, 0);
}

TEST_F(event_store_test, a_wrong_expected_version_is_refused_with_the_current_version) {
  ASSERT_FALSE(
      fixture.append("bank", "a", expected_version::any(), {store_fixture::event("X", "{}")})
          .failure);
  auto stale =
      fixture.append("bank", "a", expected_version::exact(5), {store_fixture::event("X", "{}")});
  ASSERT_TRUE(stale.failure);
  EXPECT_EQ(stale.failure->code(), errc::wrong_expected_version);
  EXPECT_EQ(stale.current_version, 0);
  EXPECT_NE(stale.failure->message().find("at version 0"), std::string::npos);
  auto absent = fixture.append("bank", "a", expected_version{expected_version::kind::no_stream},
                               {store_fixture::event("X", "{}")});
  EXPECT_EQ(absent.failure->code(), errc::wrong_expected_version);
  auto missing = fixture.append("bank", "nobody", expected_version{expected_version::kind::exists},
                                {store_fixture::event("X", "{}")});
  EXPECT_EQ(missing.failure->code(), errc::wrong_expected_version);
  EXPECT_EQ(missing.current_version, -1);
  EXPECT_EQ(read_all_versions("a").size(), 1u);
}

TEST_F(event_store_test, a_retry_with_the_same_event_ids_returns_the_original_outcome) {
  auto events = {store_fixture::event("X", "{}", "id-1"), store_fixture::event("Y", "{}", "id-2")};
  auto original = fixture.append("bank", "r", expected_version::any(), events);
  ASSERT_FALSE(original.failure);
  auto retry =
      fixture.append("bank", "r", expected_version{expected_version::kind::no_stream}, events);
  ASSERT_FALSE(retry.failure) << *retry.failure;
  EXPECT_TRUE(retry.outcome.duplicate);
  EXPECT_EQ(retry.outcome.first_version, original.outcome.first_version);
  EXPECT_EQ(retry.outcome.first_offset, original.outcome.first_offset);
  EXPECT_EQ(read_all_versions("r").size(), 2u);
  // The same id on another stream of the partition, or a partial overlap, is a conflict.
  std::string other = "other";
  while (event_store::partition_of(other, 3) != event_store::partition_of("r", 3)) other += "+";
  auto elsewhere = fixture.append("bank", other, expected_version::any(),
                                  {store_fixture::event("X", "{}", "id-1")});
  ASSERT_TRUE(elsewhere.failure);
  EXPECT_EQ(elsewhere.failure->code(), errc::event_id_conflict);
  auto partial = fixture.append(
      "bank", "r", expected_version::any(),
      {store_fixture::event("X", "{}", "new"), store_fixture::event("X", "{}", "id-2")});
  EXPECT_EQ(partial.failure->code(), errc::event_id_conflict);
  EXPECT_EQ(read_all_versions("r").size(), 2u);
}

TEST_F(event_store_test, eight_racing_writers_win_each_version_exactly_once) {
  constexpr int writers = 8;
  constexpr int appends_each = 40;
  std::atomic<int> conflicts{0};
  std::vector<std::vector<int64_t>> won(writers);
  std::vector<std::thread> threads;
  for (int w = 0; w < writers; ++w) {
    threads.emplace_back([&, w] {
      for (int done = 0; done < appends_each;) {
        auto page = fixture.store().read_stream(
            {.store = "bank", .stream = "hot", .from_version = -1, .backwards = true, .limit = 1});
        int64_t current = page ? page->current_version : -1;
        auto reply = fixture.append(
            "bank", "hot",
            current < 0 ? expected_version{expected_version::kind::no_stream}
                        : expected_version::exact(current),
            {store_fixture::event("Tick", "{\"writer\":" + std::to_string(w) + "}")});
        if (reply.failure) {
          ASSERT_EQ(reply.failure->code(), errc::wrong_expected_version) << *reply.failure;
          ++conflicts;
          continue;
        }
        EXPECT_EQ(reply.outcome.first_version, current + 1);
        won[w].push_back(reply.outcome.first_version);
        ++done;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  std::set<int64_t> versions;
  for (const auto& list : won) versions.insert(list.begin(), list.end());
  EXPECT_EQ(versions.size(), size_t(writers * appends_each));  // no version won twice
  EXPECT_EQ(*versions.rbegin(), writers * appends_each - 1);   // no gap
  auto events = read_all_versions("hot");
  ASSERT_EQ(events.size(), size_t(writers * appends_each));
  for (size_t v = 0; v < events.size(); ++v) EXPECT_EQ(events[v].version, int64_t(v));
  EXPECT_GT(conflicts.load(), 0);  // they did race
}

TEST_F(event_store_test, a_deleted_stream_reads_as_deleted_and_takes_no_more_events) {
  ASSERT_FALSE(
      fixture
          .append("bank", "gone", expected_version::any(), {store_fixture::event("X", "{}", "g1")})
          .failure);
  auto deleted = fixture.delete_stream("bank", "gone");
  ASSERT_TRUE(deleted.ok()) << deleted.error_value();
  auto read = fixture.store().read_stream({.store = "bank", .stream = "gone"});
  EXPECT_EQ(read.error_value(), errc::stream_deleted);
  auto again =
      fixture.append("bank", "gone", expected_version::any(), {store_fixture::event("X", "{}")});
  EXPECT_EQ(again.failure->code(), errc::stream_deleted);
  EXPECT_EQ(fixture.delete_stream("bank", "never").error_value(), errc::stream_not_found);
  // Its event id is forgotten with it.
  auto reused = fixture.append("bank", "fresh", expected_version::any(),
                               {store_fixture::event("X", "{}", "g1")});
  EXPECT_FALSE(reused.failure);
}

TEST_F(event_store_test, kafka_records_with_the_expected_version_header_are_checked) {
  int32_t p = event_store::partition_of("k", 3);
  auto header = [](std::string value) {
    return model::record_header{"eventioz-expected-version",
                                byte_buffer(value.begin(), value.end())};
  };
  ASSERT_TRUE(fixture.produce("bank", p, "k", "{}", {header("no_stream")}).ok());
  auto stale = fixture.produce("bank", p, "k", "{}", {header("no_stream")});
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error_value(), errc::wrong_expected_version);
  EXPECT_NE(stale.error_value().message().find("at version 0"), std::string::npos);
  EXPECT_EQ(fixture.produce("bank", p, "k", "{}", {header("latest")}).error_value(),
            errc::invalid_expected_version);
  EXPECT_EQ(fixture.produce("bank", p, "", "{}").error_value(), errc::invalid_event);
  ASSERT_TRUE(fixture.produce("bank", p, "k", "{}", {header("0")}).ok());
  EXPECT_EQ(read_all_versions("k").size(), 2u);
}

TEST_F(event_store_test, the_index_catches_up_with_records_it_missed_and_rebuilds_when_deleted) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_FALSE(fixture
                     .append("bank", "s", expected_version::any(),
                             {store_fixture::event("X", std::to_string(i))})
                     .failure);
  }
  // Records appended while the store was not watching (a crash between the log append and the
  // index update leaves the same: the log ahead of the index).
  fixture.open(/*with_store=*/false);
  int32_t p = event_store::partition_of("s", 3);
  for (int i = 5; i < 8; ++i) ASSERT_TRUE(fixture.produce("bank", p, "s", std::to_string(i)).ok());
  fixture.open();
  auto events = read_all_versions("s");
  ASSERT_EQ(events.size(), 8u);
  for (int i = 0; i < 8; ++i) {
    EXPECT_EQ(events[i].version, i);
    EXPECT_EQ(events[i].data, std::to_string(i));
  }
  // The index is derived: without it, the same streams come back from the logs.
  fixture.close();
  std::filesystem::remove_all(fixture.data() + "/eventstore/index");
  fixture.open();
  auto rebuilt = read_all_versions("s");
  ASSERT_EQ(rebuilt.size(), 8u);
  EXPECT_EQ(rebuilt[7].offset, events[7].offset);
  auto next =
      fixture.append("bank", "s", expected_version::exact(7), {store_fixture::event("X", "8")});
  ASSERT_FALSE(next.failure) << *next.failure;
  EXPECT_EQ(next.outcome.first_version, 8);
}

TEST_F(event_store_test, store_configs_pin_what_a_store_relies_on) {
  auto topic = fixture.topics().find_topic("bank");
  ASSERT_TRUE(topic);
  EXPECT_EQ(topic->config_overrides.at("retention.ms"), "-1");
  EXPECT_EQ(topic->config_overrides.at("cleanup.policy"), "delete");
  auto changed =
      fixture.topics().alter_topic_configs("bank", {{"retention.ms", "1000"}}, false, false);
  EXPECT_EQ(changed.error_value(), errc::invalid_store_config);
  auto unstore =
      fixture.topics().alter_topic_configs("bank", {{"eventioz.store", "false"}}, false, false);
  EXPECT_EQ(unstore.error_value(), errc::invalid_store_config);
  EXPECT_EQ(fixture.topics().create_partitions("bank", 4, false).error_value(),
            errc::invalid_store_config);
  // Topic metadata is line-based: a JSON spec written over several lines is kept on one.
  auto multiline = fixture.topics().create_topic(
      {.name = "multiline",
       .configs = {{"eventioz.store", "true"},
                   {"eventioz.store.reducer", "{\"type\":\n \"merge-patch\"}"}}});
  ASSERT_TRUE(multiline.ok()) << multiline.error_value();
  EXPECT_EQ(multiline->config_overrides.at("eventioz.store.reducer"), R"({"type":"merge-patch"})");
  auto plain = fixture.store().read_stream({.store = "nope", .stream = "x"});
  EXPECT_EQ(plain.error_value(), errc::store_not_found);
  ASSERT_TRUE(fixture.topics().create_topic({.name = "plain"}).ok());
  EXPECT_EQ(fixture.store().read_stream({.store = "plain", .stream = "x"}).error_value(),
            errc::not_a_store);
}

}  // namespace
}  // namespace eventioz::eventstore

namespace eventioz::eventstore {
namespace {

TEST(event_store_topics, a_store_created_again_after_deletion_starts_empty) {
  testing::store_fixture fixture;
  fixture.open();
  ASSERT_TRUE(fixture.store().create_store({.name = "again", .partitions = 1}).ok());
  ASSERT_FALSE(fixture
                   .append("again", "s", expected_version::any(),
                           {testing::store_fixture::event("X", "{}", "x1")})
                   .failure);
  ASSERT_TRUE(fixture.topics().delete_topic("again").ok());
  ASSERT_TRUE(fixture.store().create_store({.name = "again", .partitions = 1}).ok());
  EXPECT_EQ(fixture.store().read_stream({.store = "again", .stream = "s"}).error_value(),
            errc::stream_not_found);
  auto fresh = fixture.append("again", "s", expected_version{expected_version::kind::no_stream},
                              {testing::store_fixture::event("X", "{}", "x1")});
  ASSERT_FALSE(fresh.failure) << *fresh.failure;
  EXPECT_FALSE(fresh.outcome.duplicate);
  EXPECT_EQ(fresh.outcome.first_version, 0);
}

}  // namespace
}  // namespace eventioz::eventstore
