// The faults of the fault-injecting file system: injected errors, the space limit, freezes,
// the operation hook, and the determinism crash tests rely on.
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "io/fault_injecting_file_system.h"
#include "io/tests/io_test_support.h"

namespace eventioz::io {
namespace {

using testing::read_file;
using testing::write_file;

template <class Outcome>
void expect_error(const Outcome& outcome, std::errc code) {
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error_value(), std::make_error_code(code)) << outcome.error_value().to_string();
}

class fault_injection_test : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fs.create_directories("d").ok());
    auto opened = fs.open("d/a.log", open_mode::create_new);
    ASSERT_TRUE(opened.ok());
    file = *opened;
    fs.make_everything_durable();
  }

  fault_injecting_file_system fs;
  file_ptr file;
};

TEST_F(fault_injection_test, failed_writes_surface_and_may_leave_a_prefix) {
  fs.fail_writes(std::errc::io_error, 2, /*written_prefix_bytes=*/3);
  auto failed = file->write_at(0, as_bytes("abcdef"));
  expect_error(failed, std::errc::io_error);
  EXPECT_EQ(failed.error_value().message(),
            "pwrite d/a.log at 0: Input/output error (injected by fail_writes)");
  EXPECT_EQ(read_file(fs, "d/a.log"), "abc");  // The torn prefix landed.
  expect_error(file->prefill_zeros(0, 100), std::errc::io_error);
  EXPECT_TRUE(file->write_at(0, as_bytes("xyz")).ok());  // Only two calls failed.
  EXPECT_EQ(fs.counters().injected_failures, 2u);
}

TEST_F(fault_injection_test, failures_until_cleared) {
  fs.fail_writes(std::errc::no_space_on_device);
  for (int i = 0; i < 5; ++i) {
    expect_error(file->write_at(0, as_bytes("x")), std::errc::no_space_on_device);
  }
  fs.clear_faults();
  EXPECT_TRUE(file->write_at(0, as_bytes("x")).ok());
}

TEST_F(fault_injection_test, failed_sync_makes_nothing_durable) {
  ASSERT_TRUE(file->write_at(0, as_bytes("data")).ok());
  fs.fail_syncs(std::errc::io_error, 1);
  auto synced = file->sync_data();
  expect_error(synced, std::errc::io_error);
  EXPECT_EQ(synced.error_value().message(),
            "fdatasync d/a.log: Input/output error (injected by fail_syncs)");
  fs.fail_syncs(std::errc::io_error, 1);
  expect_error(fs.sync_directory("d"), std::errc::io_error);
  fs.crash(1);
  EXPECT_EQ(read_file(fs, "d/a.log"), "");
  EXPECT_EQ(fs.counters().syncs, 0u);
}

TEST_F(fault_injection_test, space_limit_fails_growth_after_writing_what_fits) {
  fs.set_space_limit_bytes(10);
  ASSERT_TRUE(file->write_at(0, as_bytes("12345678")).ok());
  expect_error(file->write_at(8, as_bytes("abcd")), std::errc::no_space_on_device);
  EXPECT_EQ(read_file(fs, "d/a.log"), "12345678ab");
  EXPECT_EQ(fs.bytes_in_use(), 10u);
  EXPECT_TRUE(file->write_at(0, as_bytes("overwrite")).ok());  // No growth, no space needed.
  expect_error(file->truncate(11), std::errc::no_space_on_device);
  expect_error(file->prefill_zeros(10, 1), std::errc::no_space_on_device);

  ASSERT_TRUE(fs.remove_file("d/a.log").ok());  // Frees its space.
  EXPECT_EQ(fs.bytes_in_use(), 0u);
  write_file(fs, "d/b.log", "0123456789");
  fs.clear_faults();
  EXPECT_TRUE(file->write_at(0, as_bytes("no limit any more")).ok());
}

TEST_F(fault_injection_test, freeze_after_operations_lets_exactly_n_run) {
  fs.freeze_after_operations(2);
  EXPECT_TRUE(file->write_at(0, as_bytes("one")).ok());
  EXPECT_TRUE(file->sync_data().ok());
  EXPECT_TRUE(fs.frozen());
  auto after = file->write_at(3, as_bytes("two"));
  expect_error(after, std::errc::io_error);
  EXPECT_NE(after.error_value().message().find("frozen after operation"), std::string::npos);
  expect_error(file->sync_data(), std::errc::io_error);
  uint8_t byte;
  expect_error(file->read_at(0, mutable_byte_span(&byte, 1)), std::errc::io_error);
  expect_error(fs.list_directory("d"), std::errc::io_error);
  expect_error(fs.open("d/b", open_mode::create_new), std::errc::io_error);

  fs.crash(1);
  EXPECT_FALSE(fs.frozen());
  EXPECT_EQ(read_file(fs, "d/a.log"), "one");
  EXPECT_FALSE(*fs.exists("d/b"));
}

TEST_F(fault_injection_test, reads_do_not_count_towards_a_freeze) {
  fs.freeze_after_operations(1);
  uint8_t byte;
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(file->read_at(0, mutable_byte_span(&byte, 1)).ok());
  EXPECT_TRUE(file->size().ok());
  EXPECT_FALSE(fs.frozen());
  EXPECT_TRUE(file->write_at(0, as_bytes("x")).ok());
  EXPECT_TRUE(fs.frozen());
}

TEST_F(fault_injection_test, crash_clears_injected_faults_but_keeps_the_space_limit) {
  fs.fail_writes(std::errc::io_error);
  fs.fail_syncs(std::errc::io_error);
  fs.set_space_limit_bytes(4);
  fs.crash(1);
  auto reopened = fs.open("d/a.log", open_mode::read_write);
  ASSERT_TRUE(reopened.ok());
  EXPECT_TRUE((*reopened)->write_at(0, as_bytes("1234")).ok());
  EXPECT_TRUE((*reopened)->sync_data().ok());
  expect_error((*reopened)->write_at(4, as_bytes("5")), std::errc::no_space_on_device);
  EXPECT_EQ(fs.counters().crashes, 1u);
}

TEST_F(fault_injection_test, hook_can_freeze_the_operation_it_announces) {
  int syncs_seen = 0;
  fs.set_operation_hook([&](operation_kind kind, const std::string& path) {
    if (kind == operation_kind::sync_data && path == "d/a.log" && ++syncs_seen == 2) {
      fs.freeze_now();
    }
  });
  ASSERT_TRUE(file->write_at(0, as_bytes("first")).ok());
  ASSERT_TRUE(file->sync_data().ok());
  ASSERT_TRUE(file->write_at(5, as_bytes(" second")).ok());
  expect_error(file->sync_data(), std::errc::io_error);
  fs.set_operation_hook(nullptr);
  fs.crash(3);
  EXPECT_EQ(read_file(fs, "d/a.log"), "first");
}

// Appends `count` records to two files, syncing each, and creates a third file on the way:
// a workload whose every prefix of operations is a meaningful crash point.
void small_workload(file_system& fs) {
  auto a = fs.open("d/a.log", open_mode::create_or_open);
  auto b = fs.open("d/b.log", open_mode::create_or_open);
  if (!a.ok() || !b.ok()) return;
  if (!fs.sync_directory("d").ok()) return;
  for (int i = 0; i < 10; ++i) {
    std::string record = "record-" + std::to_string(i) + ";";
    file_ptr& target = i % 2 == 0 ? *a : *b;
    uint64_t at = target->size().ok() ? *target->size() : 0;
    if (!target->write_at(at, as_bytes(record)).ok()) return;
    if (!target->sync_data().ok()) return;
  }
}

std::string snapshot(fault_injecting_file_system& fs) {
  std::string out;
  auto names = fs.list_directory("d");
  if (!names.ok()) return "unreadable";
  for (const std::string& name : *names) out += name + "=" + read_file(fs, "d/" + name) + "\n";
  return out;
}

TEST(fault_injection_determinism, same_freeze_point_and_seed_give_the_same_disk) {
  fault_injecting_file_system counting;
  ASSERT_TRUE(counting.create_directories("d").ok());
  uint64_t before = counting.counters().operations;
  small_workload(counting);
  uint64_t total = counting.counters().operations - before;
  ASSERT_GT(total, 20u);

  std::set<std::string> distinct;
  for (uint64_t n = 0; n <= total; ++n) {
    std::string results[2];
    for (std::string& result : results) {
      fault_injecting_file_system fs;
      ASSERT_TRUE(fs.create_directories("d").ok());
      fs.make_everything_durable();
      fs.freeze_after_operations(n);
      small_workload(fs);
      fs.crash(n, {.tear_last_write = true, .garble_torn_tail = true});
      result = snapshot(fs);
    }
    EXPECT_EQ(results[0], results[1]) << "freeze after " << n;
    distinct.insert(results[0]);
  }
  EXPECT_GT(distinct.size(), total / 2);  // The crash points reach different states.
}

TEST(fault_injection_concurrency, synced_prefixes_survive_a_freeze_during_concurrent_appends) {
  for (uint64_t trial = 0; trial < 20; ++trial) {
    fault_injecting_file_system fs;
    ASSERT_TRUE(fs.create_directories("d").ok());
    fs.make_everything_durable();
    constexpr int writers = 4;
    std::atomic<int> acknowledged[writers] = {};
    fs.freeze_after_operations(10 + trial * 7);
    std::vector<std::thread> threads;
    for (int w = 0; w < writers; ++w) {
      threads.emplace_back([&fs, &acknowledged, w] {
        std::string path = "d/" + std::to_string(w);
        auto f = fs.open(path, open_mode::create_new);
        if (!f.ok() || !fs.sync_directory("d").ok()) return;
        for (int i = 0; i < 50; ++i) {
          if (!(*f)->write_at(i, as_bytes("x")).ok() || !(*f)->sync_data().ok()) return;
          acknowledged[w] = i + 1;
        }
      });
    }
    for (std::thread& thread : threads) thread.join();
    ASSERT_TRUE(fs.frozen());
    fs.crash(trial, {.tear_last_write = true});
    for (int w = 0; w < writers; ++w) {
      if (acknowledged[w] == 0) continue;
      std::string contents = read_file(fs, "d/" + std::to_string(w));
      EXPECT_GE(contents.size(), static_cast<size_t>(acknowledged[w].load()))
          << "trial " << trial << " writer " << w;
    }
  }
}

}  // namespace
}  // namespace eventioz::io
