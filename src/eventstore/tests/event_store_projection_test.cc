// Projections through the event store's API: appends made with the store's own batches, stream
// deletion, and a broker restart.
#include <gtest/gtest.h>

#include "eventstore/errc.h"
#include "eventstore/tests/projection_test_support.h"
#include "eventstore/tests/store_fixture.h"

namespace eventioz::eventstore {
namespace {

using testing::eventually;
using testing::store_fixture;

const nlohmann::json account_rules = nlohmann::json::parse(R"({
  "type": "rules", "initial": {"balance": 0},
  "on": {"Deposited": [{"increment": "/balance", "by": "/amount"}]}})");

class event_store_projection_test : public ::testing::Test {
 protected:
  void SetUp() override {
    fixture.open();
    auto created = fixture.store().create_store({.name = "bank", .partitions = 2});
    ASSERT_TRUE(created.ok()) << created.error_value();
  }

  void deposit(const std::string& account, int amount) {
    append_reply reply = fixture.append(
        "bank", account, expected_version{},
        {store_fixture::event("Deposited", fmt::format(R"({{"amount": {}}})", amount))});
    ASSERT_FALSE(reply.failure.has_value()) << *reply.failure;
  }

  bool caught_up() {
    auto status = fixture.store().projection("bank", "balances");
    return status.ok() && status->lag == 0;
  }

  int64_t balance(const std::string& account) {
    auto entry = fixture.store().projection_get("bank", "balances", account);
    EXPECT_TRUE(entry.ok()) << entry.error_value();
    return entry ? entry->state["balance"].get<int64_t>() : -1;
  }

  store_fixture fixture;
};

TEST_F(event_store_projection_test, folds_appended_events_and_survives_a_restart) {
  deposit("alice", 10);
  deposit("bob", 1);
  auto created = fixture.store().create_projection(
      {.store = "bank", .name = "balances", .reducer = account_rules});
  ASSERT_TRUE(created.ok()) << created.error_value();
  deposit("alice", 5);
  ASSERT_TRUE(eventually([&] { return caught_up(); }));
  EXPECT_EQ(balance("alice"), 15);
  EXPECT_EQ(fixture.store().projection_get("bank", "balances", "alice")->version, 1);

  // Deleting a stream (its tombstone) removes its entry.
  ASSERT_TRUE(fixture.delete_stream("bank", "bob").ok());
  ASSERT_TRUE(eventually([&] { return caught_up(); }));
  EXPECT_EQ(fixture.store().projection_get("bank", "balances", "bob").error_value(),
            errc::projection_not_found);

  auto before = fixture.store().projection("bank", "balances");
  ASSERT_TRUE(before.ok());
  fixture.close();
  fixture.open();
  auto after = fixture.store().projection("bank", "balances");
  ASSERT_TRUE(after.ok()) << after.error_value();
  EXPECT_EQ(after->positions, before->positions);
  deposit("alice", 1);
  ASSERT_TRUE(eventually([&] { return caught_up(); }));
  EXPECT_EQ(balance("alice"), 16);  // not folded twice
  EXPECT_EQ(fixture.store().projections("bank").size(), 1u);
  auto entries = fixture.store().projection_list("bank", "balances", "", "", 10);
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ(entries->front().key, "alice");

  ASSERT_TRUE(fixture.store().delete_projection("bank", "balances").ok());
  EXPECT_TRUE(fixture.store().projections("bank").empty());
}

}  // namespace
}  // namespace eventioz::eventstore
