// kill -9 in the middle of folding: the restarted projection resumes from its stored positions
// and ends equal to a fold from scratch (no event lost, none folded twice). The folding process
// is this test binary again, run with a filter that selects the child test below.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include "eventstore/projection_runner.h"
#include "eventstore/tests/projection_test_support.h"

extern char** environ;

namespace eventioz::eventstore {
namespace {

using testing::eventually;
using testing::test_event;

constexpr const char* child_variable = "EVENTIOZ_PROJECTION_CRASH_DATA";

const nlohmann::json account_rules = nlohmann::json::parse(R"({
  "type": "rules", "initial": {"balance": 0},
  "on": {"Deposited": [{"increment": "/balance", "by": "/amount"}]}})");

std::string signal_file(const std::string& data) { return data + "/../folding"; }

// The child: creates the projection on the parent's data directory, says when folding is under
// way, and waits to be killed.
TEST(projection_crash_child, folds_until_killed) {
  const char* data = std::getenv(child_variable);
  if (data == nullptr) GTEST_SKIP() << "runs only as the child of projection_crash_test";
  testing::store_topics store{std::string(data)};
  reducer_registry reducers;
  auto runner = projection_runner::open(store.eventstore_directory(), reducers);
  ASSERT_TRUE(runner.ok()) << runner.error_value();
  ASSERT_TRUE((*runner)->start(store.topics()).ok());
  ASSERT_TRUE(
      (*runner)->create({.store = "bank", .name = "balances", .reducer = account_rules}).ok());
  ASSERT_TRUE(eventually([&] {
    auto status = (*runner)->status_of("bank", "balances");
    return status.ok() && status->keys > 0;
  }));
  std::ofstream(signal_file(data)) << "folding\n";
  std::this_thread::sleep_for(std::chrono::seconds(60));  // the parent kills it long before
  _exit(1);
}

TEST(projection_crash_test, a_kill_9_while_folding_loses_nothing_and_folds_nothing_twice) {
  testing::store_topics store;
  store.create_store("bank", 3);
  std::map<std::string, int64_t> balances;  // folded here, independently
  std::map<std::string, int64_t> events;
  for (int round = 0; round < 40; ++round) {
    for (int32_t partition = 0; partition < 3; ++partition) {
      std::vector<test_event> batch;
      for (int i = 0; i < 500; ++i) {
        std::string account = fmt::format("acct-{}-{}", partition, (i * 7 + round) % 97);
        int64_t amount = i % 11 + 1;
        batch.push_back({account, "Deposited", nlohmann::json{{"amount", amount}}});
        balances[account] += amount;
        events[account] += 1;
      }
      store.append("bank", partition, batch);
    }
  }
  store.close_topics();

  // The child creates the projection and folds on the same directory until killed.
  std::string data = store.data_directory();
  std::string log = data + "/../child.log";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  std::string self = std::filesystem::read_symlink("/proc/self/exe");
  std::string filter = "--gtest_filter=projection_crash_child.*";
  char* argv[] = {self.data(), filter.data(), nullptr};
  ASSERT_EQ(setenv(child_variable, data.c_str(), 1), 0);
  pid_t child = -1;
  int spawned = posix_spawn(&child, self.c_str(), &actions, nullptr, argv, environ);
  unsetenv(child_variable);
  posix_spawn_file_actions_destroy(&actions);
  ASSERT_EQ(spawned, 0);
  bool folding = eventually([&] { return std::filesystem::exists(signal_file(data)); },
                            std::chrono::seconds(30));
  kill(child, SIGKILL);
  int child_status = 0;
  ASSERT_EQ(waitpid(child, &child_status, 0), child);
  ASSERT_TRUE(folding) << "the child never started folding; see " << log;
  ASSERT_TRUE(WIFSIGNALED(child_status));

  store.open_topics();
  reducer_registry reducers;
  auto runner = projection_runner::open(store.eventstore_directory(), reducers);
  ASSERT_TRUE(runner.ok()) << runner.error_value();
  auto restored = (*runner)->status_of("bank", "balances");
  ASSERT_TRUE(restored.ok());
  int64_t restored_total = 0;
  for (const auto& [partition, position] : restored->positions) restored_total += position;
  // The child's committed steps survived the kill: folding resumes, not from zero.
  EXPECT_GT(restored_total, 0);
  ASSERT_TRUE((*runner)->start(store.topics()).ok());
  ASSERT_TRUE(eventually([&] {
    auto status = (*runner)->status_of("bank", "balances");
    return status.ok() && status->lag == 0;
  }));
  auto all = (*runner)->entries("bank", "balances", "", "", 10'000);
  ASSERT_TRUE(all.ok()) << all.error_value();
  ASSERT_EQ(all->size(), balances.size());
  for (const projection_entry& each : *all) {
    EXPECT_EQ(each.state["balance"], balances[each.key]) << each.key;
    EXPECT_EQ(each.version, events[each.key] - 1) << each.key;
  }
  EXPECT_TRUE((*runner)->stop().ok());
  std::printf("killed with %lld of %d offsets folded\n", static_cast<long long>(restored_total),
              40 * 3 * 500);
}

}  // namespace
}  // namespace eventioz::eventstore
