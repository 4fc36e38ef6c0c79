#include "eventstore/projection_runner.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "eventstore/errc.h"
#include "eventstore/tests/projection_test_support.h"

namespace eventioz::eventstore {
namespace {

using testing::eventually;
using testing::test_event;

// An account: deposits and withdrawals change the balance.
const nlohmann::json account_rules = nlohmann::json::parse(R"({
  "type": "rules", "initial": {"balance": 0},
  "on": {"Deposited": [{"increment": "/balance", "by": "/amount"}],
         "Withdrawn": [{"decrement": "/balance", "by": "/amount"}]}})");

test_event deposit(const std::string& account, int64_t amount) {
  return {account, "Deposited", nlohmann::json{{"amount", amount}}};
}
test_event withdrawal(const std::string& account, int64_t amount) {
  return {account, "Withdrawn", nlohmann::json{{"amount", amount}}};
}

class projection_runner_test : public ::testing::Test {
 protected:
  void SetUp() override {
    store.on_topic_deleted = [this](const std::string& topic) {
      if (runner) runner->topic_deleted(topic);
    };
  }
  void TearDown() override {
    if (runner) {
      ASSERT_TRUE(runner->stop().ok());
    }
    runner.reset();
  }

  // Opens (and starts) a runner on the fixture's data directory.
  void open_runner(bool start = true) {
    auto opened = projection_runner::open(store.eventstore_directory(), reducers);
    ASSERT_TRUE(opened.ok()) << opened.error_value();
    runner = std::move(*opened);
    if (start) {
      ASSERT_TRUE(runner->start(store.topics()).ok());
    }
  }

  projection_status create(const projection_definition& definition) {
    auto created = runner->create(definition);
    EXPECT_TRUE(created.ok()) << created.error_value();
    return created ? *created : projection_status{};
  }

  projection_status status_of(const std::string& name, const std::string& in = "bank") {
    auto found = runner->status_of(in, name);
    EXPECT_TRUE(found.ok()) << found.error_value();
    return found ? *found : projection_status{};
  }

  bool caught_up(const std::string& name, const std::string& in = "bank") {
    auto found = runner->status_of(in, name);
    return found.ok() && found->lag == 0;
  }

  projection_entry entry(const std::string& name, const std::string& key,
                         const std::string& in = "bank") {
    auto found = runner->get(in, name, key);
    EXPECT_TRUE(found.ok()) << found.error_value();
    return found ? *found : projection_entry{};
  }

  testing::store_topics store;
  reducer_registry reducers;
  std::unique_ptr<projection_runner> runner;
};

TEST_F(projection_runner_test, catches_up_with_existing_events_then_follows_live) {
  store.create_store("bank", 2);
  store.append("bank", 0, {deposit("alice", 100), deposit("alice", 50), withdrawal("alice", 30)});
  store.append("bank", 1, {deposit("bob", 7)});
  open_runner();
  projection_status created =
      create({.store = "bank", .name = "balances", .reducer = account_rules});
  EXPECT_EQ(created.definition.name, "balances");

  ASSERT_TRUE(eventually([&] { return caught_up("balances"); }));
  projection_entry alice = entry("balances", "alice");
  EXPECT_EQ(alice.state, (nlohmann::json{{"balance", 120}}));
  EXPECT_EQ(alice.version, 2);
  EXPECT_EQ(entry("balances", "bob").state["balance"], 7);

  // Live: new events reach the read model without anything else happening.
  store.append("bank", 1, {deposit("bob", 5), deposit("carol", 1)});
  ASSERT_TRUE(eventually([&] {
    auto carol = runner->get("bank", "balances", "carol");
    return carol.ok() && entry("balances", "bob").state["balance"] == 12;
  }));
  EXPECT_EQ(entry("balances", "bob").version, 1);
  EXPECT_EQ(status_of("balances").keys, 3);
}

TEST_F(projection_runner_test, answers_keys_and_lists_by_prefix_in_pages) {
  store.create_store("shop", 1);
  store.append("shop", 0,
               {{"cart-3", "Added", nlohmann::json{{"sku", "c"}}},
                {"cart-1", "Added", nlohmann::json{{"sku", "a"}}},
                {"order-1", "Placed", nlohmann::json{{"total", 9}}},
                {"cart-2", "Added", nlohmann::json{{"sku", "b"}}},
                {"cart-5", "Added", nlohmann::json{{"sku", "e"}}},
                {"cart-4", "Added", nlohmann::json{{"sku", "d"}}}});
  open_runner();
  create({.store = "shop", .name = "latest", .reducer = "merge-patch"});
  ASSERT_TRUE(eventually([&] { return caught_up("latest", "shop"); }));

  std::vector<std::string> seen;
  std::string after;
  for (int page = 0; page < 10; ++page) {
    auto entries = runner->entries("shop", "latest", "cart-", after, 2);
    ASSERT_TRUE(entries.ok()) << entries.error_value();
    if (entries->empty()) break;
    EXPECT_LE(entries->size(), 2u);
    for (const projection_entry& each : *entries) seen.push_back(each.key);
    after = entries->back().key;
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"cart-1", "cart-2", "cart-3", "cart-4", "cart-5"}));
  auto all = runner->entries("shop", "latest", "", "", 100);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 6u);
  EXPECT_EQ(all->back().key, "order-1");
  EXPECT_EQ(all->back().state, (nlohmann::json{{"total", 9}}));

  auto missing = runner->get("shop", "latest", "cart-9");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error_value(), errc::projection_not_found);
  EXPECT_EQ(runner->get("shop", "nope", "cart-1").error_value(), errc::projection_not_found);
}

TEST_F(projection_runner_test, keys_by_a_member_of_the_data_and_filters_types) {
  store.create_store("shop", 1);
  store.append("shop", 0,
               {{"order-1", "Placed", nlohmann::json{{"customer", "ann"}, {"total", 5}}},
                {"order-2", "Placed", nlohmann::json{{"customer", 42}, {"total", 1}}},
                {"order-3", "Placed", nlohmann::json{{"total", 2}}},  // no customer: skipped
                {"order-4", "Placed", nlohmann::json{{"customer", "ann"}, {"total", 3}}},
                {"order-4", "Cancelled", nlohmann::json{{"customer", "ann"}, {"total", 0}}}});
  open_runner();
  nlohmann::json totals = nlohmann::json::parse(R"({"type": "rules", "initial": {"spent": 0},
      "on": {"*": [{"increment": "/spent", "by": "/total"}]}})");
  create({.store = "shop",
          .name = "by-customer",
          .reducer = totals,
          .key = "/customer",
          .types = {"Placed"}});
  ASSERT_TRUE(eventually([&] { return caught_up("by-customer", "shop"); }));
  projection_entry ann = entry("by-customer", "ann", "shop");
  EXPECT_EQ(ann.state["spent"], 8);  // the Cancelled event is filtered out
  EXPECT_EQ(ann.version, 1);
  EXPECT_EQ(entry("by-customer", "42", "shop").state["spent"], 1);
  EXPECT_EQ(status_of("by-customer", "shop").keys, 2);
}

TEST_F(projection_runner_test, a_tombstone_deletes_the_entry_of_its_stream) {
  store.create_store("bank", 1);
  store.append("bank", 0, {deposit("alice", 1), deposit("bob", 2)});
  open_runner();
  create({.store = "bank", .name = "balances", .reducer = account_rules});
  ASSERT_TRUE(eventually([&] { return caught_up("balances"); }));
  EXPECT_EQ(status_of("balances").keys, 2);
  store.append("bank", 0, {{"alice", "", std::nullopt}});
  ASSERT_TRUE(eventually([&] { return caught_up("balances"); }));
  EXPECT_EQ(runner->get("bank", "balances", "alice").error_value(), errc::projection_not_found);
  EXPECT_EQ(status_of("balances").keys, 1);
}

TEST_F(projection_runner_test, status_shows_positions_and_lag) {
  store.create_store("bank", 2);
  store.append("bank", 0, {deposit("a", 1), deposit("a", 1)});
  store.append("bank", 1, {deposit("b", 1)});
  open_runner();
  create({.store = "bank", .name = "balances", .reducer = account_rules});
  ASSERT_TRUE(eventually([&] { return caught_up("balances"); }));
  projection_status status = status_of("balances");
  EXPECT_EQ(status.positions, (std::map<int32_t, int64_t>{{0, 2}, {1, 1}}));
  EXPECT_EQ(status.keys, 2);
  EXPECT_FALSE(status.failure.has_value());
  EXPECT_EQ(status.definition.key, "stream");

  // Stopped, the runner still answers: the lag is what it has not folded.
  ASSERT_TRUE(runner->stop().ok());
  store.append("bank", 0, {deposit("a", 1)});
  store.append("bank", 1, {deposit("b", 1), deposit("c", 1)});
  status = status_of("balances");
  EXPECT_EQ(status.lag, 3);
  EXPECT_EQ(status.positions, (std::map<int32_t, int64_t>{{0, 2}, {1, 1}}));

  std::vector<projection_status> listed = runner->list("bank");
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].definition.name, "balances");
  EXPECT_TRUE(runner->list("other").empty());
}

// The read model after restarts equals a fold from scratch, and a restart resumes from the
// stored positions instead of folding everything again.
TEST_F(projection_runner_test, a_restart_resumes_from_the_stored_positions) {
  store.create_store("bank", 3);
  std::map<std::string, int64_t> balances;  // folded here, independently
  std::map<std::string, int64_t> events;
  int round = 0;
  auto append_round = [&](int count) {
    for (int32_t partition = 0; partition < 3; ++partition) {
      std::vector<test_event> batch;
      for (int i = 0; i < count; ++i) {
        std::string account = fmt::format("acct-{}-{}", partition, (i * 7 + round) % 13);
        int64_t amount = (i % 5) + round;
        bool withdraw = i % 3 == 2;
        batch.push_back(withdraw ? withdrawal(account, amount) : deposit(account, amount));
        balances[account] += withdraw ? -amount : amount;
        events[account] += 1;
      }
      store.append("bank", partition, batch);
    }
    ++round;
  };
  // Enough that the first run is usually stopped part way (1 MiB fold steps).
  for (int i = 0; i < 20; ++i) append_round(500);

  open_runner();
  create({.store = "bank", .name = "balances", .reducer = account_rules});
  ASSERT_TRUE(eventually([&] { return status_of("balances").keys > 0; }));
  for (int restart = 0; restart < 3; ++restart) {
    ASSERT_TRUE(runner->stop().ok());
    // (Partitions never folded show 0 in a started runner's status and are not stored.)
    std::map<int32_t, int64_t> stopped_at = status_of("balances").positions;
    std::erase_if(stopped_at, [](const auto& position) { return position.second == 0; });
    runner.reset();
    append_round(100);

    open_runner(/*start=*/false);
    // Restored before any folding: the positions the last run stored.
    EXPECT_EQ(status_of("balances").positions, stopped_at);
    ASSERT_TRUE(runner->start(store.topics()).ok());
    if (restart == 2) {
      ASSERT_TRUE(eventually([&] { return caught_up("balances"); }));
    }
  }

  auto all = runner->entries("bank", "balances", "", "", 10'000);
  ASSERT_TRUE(all.ok()) << all.error_value();
  ASSERT_EQ(all->size(), balances.size());
  for (const projection_entry& each : *all) {
    EXPECT_EQ(each.state["balance"], balances[each.key]) << each.key;
    EXPECT_EQ(each.version, events[each.key] - 1) << each.key;
  }
  EXPECT_EQ(status_of("balances").keys, static_cast<int64_t>(balances.size()));
}

TEST_F(projection_runner_test, deleting_a_projection_drops_its_read_model) {
  store.create_store("bank", 1);
  store.append("bank", 0, {deposit("alice", 10)});
  open_runner();
  create({.store = "bank", .name = "balances", .reducer = account_rules});
  ASSERT_TRUE(eventually([&] { return caught_up("balances"); }));

  ASSERT_TRUE(runner->remove("bank", "balances").ok());
  EXPECT_EQ(runner->status_of("bank", "balances").error_value(), errc::projection_not_found);
  EXPECT_EQ(runner->remove("bank", "balances").error_value(), errc::projection_not_found);
  EXPECT_TRUE(runner->list("bank").empty());

  // A new projection of the same name starts from nothing (here: another reducer).
  create({.store = "bank", .name = "balances", .reducer = "merge-patch"});
  ASSERT_TRUE(eventually([&] { return caught_up("balances"); }));
  EXPECT_EQ(entry("balances", "alice").state, (nlohmann::json{{"amount", 10}}));
  EXPECT_EQ(entry("balances", "alice").version, 0);

  // And deletions last across restarts.
  ASSERT_TRUE(runner->remove("bank", "balances").ok());
  ASSERT_TRUE(runner->stop().ok());
  runner.reset();
  open_runner();
  EXPECT_TRUE(runner->list("bank").empty());
}

TEST_F(projection_runner_test, deleting_the_store_forgets_its_projections) {
  store.create_store("bank", 1);
  store.create_store("other", 1);
  store.append("bank", 0, {deposit("alice", 10)});
  open_runner();
  create({.store = "bank", .name = "balances", .reducer = account_rules});
  create({.store = "other", .name = "balances", .reducer = account_rules});
  ASSERT_TRUE(eventually([&] { return caught_up("balances"); }));

  ASSERT_TRUE(store.topics().delete_topic("bank").ok());
  EXPECT_TRUE(runner->list("bank").empty());
  EXPECT_EQ(runner->get("bank", "balances", "alice").error_value(), errc::projection_not_found);
  EXPECT_EQ(runner->list("other").size(), 1u);

  // A new store of the same name has no projections, also after a restart.
  store.create_store("bank", 1);
  ASSERT_TRUE(runner->stop().ok());
  runner.reset();
  open_runner();
  EXPECT_TRUE(runner->list("bank").empty());
  EXPECT_EQ(runner->list("other").size(), 1u);
}

TEST_F(projection_runner_test, a_reducer_failure_stops_only_that_projection) {
  store.create_store("bank", 1);
  store.append("bank", 0,
               {deposit("alice", 10),
                {"alice", "Deposited", nlohmann::json{{"amount", "ten"}}},
                deposit("alice", 5)});
  open_runner();
  create({.store = "bank", .name = "balances", .reducer = account_rules});
  create({.store = "bank", .name = "latest", .reducer = "merge-patch"});
  ASSERT_TRUE(eventually([&] { return status_of("balances").failure.has_value(); }));
  ASSERT_TRUE(eventually([&] { return caught_up("latest"); }));

  projection_status failed = status_of("balances");
  EXPECT_NE(failed.failure->find("offset 1"), std::string::npos) << *failed.failure;
  EXPECT_EQ(failed.positions.at(0), 1);  // stopped at the failing event
  EXPECT_EQ(failed.lag, 2);
  EXPECT_EQ(entry("balances", "alice").state["balance"], 10);  // the events before it count
  EXPECT_EQ(entry("latest", "alice").state["amount"], 5);

  // New events do not move it.
  store.append("bank", 0, {deposit("bob", 1)});
  ASSERT_TRUE(eventually([&] { return caught_up("latest"); }));
  EXPECT_EQ(status_of("balances").positions.at(0), 1);
  EXPECT_FALSE(runner->get("bank", "balances", "bob").ok());
}

TEST_F(projection_runner_test, refuses_bad_definitions_and_writes_nothing) {
  store.create_store("bank", 1);
  store.create_plain_topic("plain");
  open_runner();
  auto refused = [&](const projection_definition& definition, errc expected) {
    auto created = runner->create(definition);
    ASSERT_FALSE(created.ok()) << definition.name;
    EXPECT_EQ(created.error_value(), expected) << created.error_value();
    EXPECT_FALSE(created.error_value().message().empty());
  };
  refused({.store = "bank", .name = "", .reducer = "merge-patch"}, errc::invalid_projection);
  refused({.store = "bank", .name = "a/b", .reducer = "merge-patch"}, errc::invalid_projection);
  refused({.store = "bank", .name = std::string(250, 'a'), .reducer = "merge-patch"},
          errc::invalid_projection);
  refused({.store = "bank", .name = "p", .reducer = "merge-patch", .key = "customer"},
          errc::invalid_projection);
  refused({.store = "bank", .name = "p", .reducer = "merge-patch", .key = "/a~2"},
          errc::invalid_projection);
  refused({.store = "bank", .name = "p", .reducer = "merge-patch", .types = {""}},
          errc::invalid_projection);
  refused({.store = "bank", .name = "p", .reducer = {{"type", "nope"}}}, errc::invalid_reducer);
  refused({.store = "missing", .name = "p", .reducer = "merge-patch"}, errc::store_not_found);
  refused({.store = "plain", .name = "p", .reducer = "merge-patch"}, errc::not_a_store);
  EXPECT_TRUE(runner->list("bank").empty());
  EXPECT_FALSE(std::filesystem::exists(store.eventstore_directory() + "/projections.json"));

  create({.store = "bank", .name = "p", .reducer = "merge-patch"});
  refused({.store = "bank", .name = "p", .reducer = account_rules}, errc::projection_exists);
  EXPECT_EQ(runner->list("bank").size(), 1u);
}

}  // namespace
}  // namespace eventioz::eventstore
