// Randomized: the state at every version, computed by the store from snapshots (in a random
// order of versions, so folds start from snapshots that earlier reads wrote), equals the state
// folded from the first event by the reducer itself — for several snapshot intervals, with
// merge-patch and rules reducers, and across a restart that keeps the snapshots.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "eventstore/event_data.h"
#include "eventstore/reducer_spec.h"
#include "eventstore/tests/store_fixture.h"

namespace eventioz::eventstore {
namespace {

using testing::store_fixture;

// A cart-like rules reducer whose operations touch numbers, arrays and objects.
const char* rules_spec = R"({"type": "rules", "initial": {"total": 0, "items": []}, "on": {
  "Add": [{"append": "/items", "from": ""}, {"increment": "/total", "by": "/price"}],
  "Remove": [{"remove": "/items", "where": {"sku": "/sku"}}, {"decrement": "/total", "by": "/price"}],
  "Tag": [{"set": "/tag", "from": "/tag"}]}})";

std::string random_event_data(std::mt19937_64& random, std::string* type) {
  int sku = static_cast<int>(random() % 5);
  int price = static_cast<int>(random() % 50);
  switch (random() % 3) {
    case 0:
      *type = "Add";
      return R"({"sku":"s)" + std::to_string(sku) + R"(","price":)" + std::to_string(price) + "}";
    case 1:
      *type = "Remove";
      return R"({"sku":"s)" + std::to_string(sku) + R"(","price":)" + std::to_string(price) + "}";
    default:
      *type = "Tag";
      return R"({"tag":")" + std::to_string(random() % 1000) + R"(","note":null})";
  }
}

void check_every_version(store_fixture& fixture, const std::string& store,
                         const std::string& spec_text, std::mt19937_64& random, int64_t events) {
  const std::string stream = "s";
  std::vector<stored_event> written;
  for (int64_t done = 0; done < events;) {
    std::vector<event_to_write> batch;
    int64_t count = std::min<int64_t>(events - done, 1 + static_cast<int64_t>(random() % 4));
    for (int64_t i = 0; i < count; ++i) {
      std::string type;
      std::string data = random_event_data(random, &type);
      batch.push_back(store_fixture::event(type, data));
    }
    auto reply = fixture.append(store, stream, expected_version::any(), batch);
    ASSERT_FALSE(reply.failure) << *reply.failure;
    done += count;
  }
  auto page = fixture.store().read_stream(
      {.store = store, .stream = stream, .from_version = 0, .limit = 100000});
  ASSERT_TRUE(page.ok());
  written = page->events;
  ASSERT_EQ(int64_t(written.size()), events);

  // The expected states, folded here from the first event.
  reducer_registry registry;
  auto folding = make_reducer(std::string_view(spec_text), registry);
  ASSERT_TRUE(folding.ok()) << folding.error_value();
  std::vector<nlohmann::json> expected;
  nlohmann::json state = (*folding)->initial_state();
  for (const stored_event& event : written) {
    nlohmann::json data = parse_event_data(event.data);
    ASSERT_TRUE(
        (*folding)
            ->apply(state,
                    {.stream = stream, .version = event.version, .type = event.type, .data = data})
            .ok());
    expected.push_back(state);
  }

  std::vector<int64_t> versions(static_cast<size_t>(events));
  for (int64_t v = 0; v < events; ++v) versions[v] = v;
  std::shuffle(versions.begin(), versions.end(), random);
  bool used_snapshot = false;
  for (int64_t version : versions) {
    auto got = fixture.store().state({.store = store, .stream = stream, .as_of_version = version});
    ASSERT_TRUE(got.ok()) << got.error_value();
    ASSERT_EQ(got->version, version);
    ASSERT_EQ(got->state, expected[version]) << "at version " << version;
    used_snapshot |= got->snapshot_version.has_value();
  }
  EXPECT_TRUE(used_snapshot);
}

TEST(snapshot_fold_test, states_from_snapshots_equal_folds_from_the_start) {
  std::mt19937_64 random(20261125);
  store_fixture fixture;
  fixture.open();
  int n = 0;
  for (const char* spec : {"merge-patch", rules_spec}) {
    for (int64_t interval : {1, 3, 7, 100}) {
      std::string store = "snap-" + std::to_string(n++);
      ASSERT_TRUE(
          fixture.store()
              .create_store({.name = store,
                             .partitions = 1,
                             .settings = {.reducer_spec = spec, .snapshot_interval = interval}})
              .ok());
      check_every_version(fixture, store, spec, random, 150);
    }
  }
  // After a restart the snapshots are still there and still agree.
  fixture.open();
  auto again = fixture.store().state({.store = "snap-5", .stream = "s", .as_of_version = 20});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->snapshot_version, 20);  // interval 3: a snapshot after version 20
}

}  // namespace
}  // namespace eventioz::eventstore
