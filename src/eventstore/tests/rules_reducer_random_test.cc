// Randomized rules specs and events (a fixed seed, so a failure reproduces): building and
// folding never throws, a refused spec is invalid_reducer, a failed fold reducer_failed, and
// folding is deterministic (the same events give the same state twice).
#include <gtest/gtest.h>

#include <limits>
#include <random>
#include <string>
#include <vector>

#include "eventstore/errc.h"
#include "eventstore/reducer_spec.h"
#include "eventstore/tests/reducer_test_support.h"

namespace eventioz::eventstore {
namespace {

using nlohmann::json;

class generator {
 public:
  explicit generator(uint32_t seed) : _random(seed) {}

  size_t below(size_t bound) {
    return std::uniform_int_distribution<size_t>(0, bound - 1)(_random);
  }

  std::string pointer() {
    static const char* const tokens[] = {"a", "b", "0", "1", "-", "items", "n", "~0", "~1x"};
    std::string text;
    size_t depth = below(4);
    for (size_t i = 0; i < depth; ++i) text += std::string("/") + tokens[below(9)];
    if (below(20) == 0) text = "bad";  // not a pointer: refused
    return text;
  }

  json value(int depth = 0) {
    switch (below(depth > 2 ? 5 : 8)) {
      case 0:
        return nullptr;
      case 1:
        return static_cast<int64_t>(below(7)) - 3;
      case 2:
        return 0.5 * static_cast<double>(below(5));
      case 3:
        return below(2) == 0 ? json("x") : json(true);
      case 4:
        return std::numeric_limits<int64_t>::max();
      case 5:
      case 6: {
        json object = json::object();
        for (size_t i = below(3); i > 0; --i) object[below(2) ? "a" : "n"] = value(depth + 1);
        if (below(2)) object["sku"] = below(2) ? "s1" : "s2";
        return object;
      }
      default: {
        json array = json::array();
        for (size_t i = below(3); i > 0; --i) array.push_back(value(depth + 1));
        return array;
      }
    }
  }

  json operation() {
    static const char* const names[] = {"set",    "increment", "decrement", "append",
                                        "remove", "merge",     "incr"};
    std::string name = names[below(7)];
    json op = {{name, pointer()}};
    if (name == "set" || name == "append") {
      if (below(2)) {
        op["value"] = value();
      } else {
        op["from"] = pointer();
      }
    } else if (name == "increment" || name == "decrement") {
      op["by"] = below(2) ? json(pointer()) : value();
    } else if (name == "merge") {
      op["from"] = pointer();
    } else if (name == "remove" && below(2)) {
      op["where"] = {{"sku", pointer()}};
    }
    return op;
  }

  json spec() {
    json on = json::object();
    for (const char* type : {"A", "B", "*"}) {
      if (below(3) == 0) continue;
      json operations = json::array();
      for (size_t i = below(4); i > 0; --i) operations.push_back(operation());
      on[type] = operations;
    }
    json made = {{"type", "rules"}, {"on", on}};
    if (below(2)) made["initial"] = value();
    if (below(3) == 0) made["unknown_types"] = "error";
    return made;
  }

 private:
  std::mt19937 _random;
};

TEST(rules_reducer_random, never_throws_and_folds_deterministically) {
  generator random(20261125);
  reducer_registry registry;
  size_t accepted = 0;
  size_t folded = 0;
  for (int round = 0; round < 3000; ++round) {
    json spec = random.spec();
    auto made = make_reducer(spec, registry);
    if (!made.ok()) {
      EXPECT_EQ(made.error_value(), errc::invalid_reducer) << spec.dump();
      continue;
    }
    ++accepted;
    std::vector<reducer_testing::test_event> events;
    for (size_t i = random.below(6); i > 0; --i) {
      events.push_back({std::string(1, "ABC"[random.below(3)]), random.value()});
    }
    auto first = reducer_testing::fold(**made, events);
    auto second = reducer_testing::fold(**made, events);
    ASSERT_EQ(first.ok(), second.ok()) << spec.dump();
    if (first.ok()) {
      ++folded;
      EXPECT_EQ(*first, *second) << spec.dump();
    } else {
      EXPECT_EQ(first.error_value(), errc::reducer_failed) << spec.dump();
      EXPECT_EQ(first.error_value().message(), second.error_value().message());
      EXPECT_EQ(first.error_value().message().rfind("event version ", 0), 0u)
          << first.error_value().message();
    }
  }
  // The generator must exercise both paths, or this test proves little.
  EXPECT_GT(accepted, 300u);
  EXPECT_GT(folded, 100u);
}

}  // namespace
}  // namespace eventioz::eventstore
