// The crash arithmetic of one file: what survives of unsynced bytes under each crash_options.
#include "io/file_contents.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace eventioz::io::detail {
namespace {

std::string as_text(const byte_buffer& bytes) { return std::string(bytes.begin(), bytes.end()); }

// A file whose durable bytes are `durable` and which then had `tail` appended, unsynced.
file_contents appended(const std::string& durable, const std::string& tail) {
  file_contents contents;
  contents.write(0, as_bytes(durable));
  contents.sync();
  contents.write(durable.size(), as_bytes(tail));
  return contents;
}

TEST(file_contents, sync_makes_current_bytes_durable) {
  std::mt19937_64 random(1);
  file_contents contents = appended("durable", "+lost");
  EXPECT_TRUE(contents.has_unsynced_changes());
  EXPECT_EQ(as_text(contents.take_after_crash({}, random)), "durable");

  contents = appended("durable", "+kept");
  contents.sync();
  EXPECT_FALSE(contents.has_unsynced_changes());
  EXPECT_EQ(as_text(contents.take_after_crash({}, random)), "durable+kept");
}

TEST(file_contents, torn_tail_is_a_prefix_of_what_was_written) {
  std::set<size_t> lengths_seen;
  for (uint64_t seed = 0; seed < 300; ++seed) {
    std::mt19937_64 random(seed);
    std::string torn =
        as_text(appended("AAAA", "BCDEFGHIJ").take_after_crash({.tear_last_write = true}, random));
    ASSERT_EQ(torn, std::string("AAAABCDEFGHIJ").substr(0, torn.size())) << "seed " << seed;
    ASSERT_GE(torn.size(), 4u);
    lengths_seen.insert(torn.size());
  }
  EXPECT_EQ(lengths_seen.size(), 10u);  // Every cut from none to all of the tail.
}

TEST(file_contents, torn_overwrite_keeps_durable_bytes_after_the_cut) {
  // An overwrite inside a prefilled (zeroed, synced) region, as storage does after prefill.
  for (uint64_t seed = 0; seed < 100; ++seed) {
    std::mt19937_64 random(seed);
    file_contents contents;
    contents.write_zeros(0, 16);
    contents.sync();
    contents.write(4, as_bytes("xyz"));
    std::string torn = as_text(contents.take_after_crash({.tear_last_write = true}, random));
    ASSERT_EQ(torn.size(), 16u);
    size_t kept = torn.find_first_of('\0', 4) - 4;
    ASSERT_LE(kept, 3u);
    EXPECT_EQ(torn.substr(4, kept), std::string("xyz").substr(0, kept));
    EXPECT_EQ(torn.substr(0, 4), std::string(4, '\0'));
    EXPECT_EQ(torn.substr(4 + kept), std::string(12 - kept, '\0'));
  }
}

TEST(file_contents, garbled_tail_differs_only_in_its_last_bytes) {
  const std::string written = "0123456789abcdefghij";
  int garbled_runs = 0;
  for (uint64_t seed = 0; seed < 200; ++seed) {
    std::mt19937_64 random(seed);
    std::string torn =
        as_text(appended("head", written)
                    .take_after_crash({.tear_last_write = true, .garble_torn_tail = true}, random));
    ASSERT_GE(torn.size(), 4u);
    ASSERT_LE(torn.size(), 4 + written.size());
    std::string expected = ("head" + written).substr(0, torn.size());
    size_t first_wrong =
        std::mismatch(torn.begin(), torn.end(), expected.begin()).first - torn.begin();
    if (first_wrong == torn.size()) continue;  // Nothing of the tail kept.
    ++garbled_runs;
    EXPECT_GE(first_wrong, 4u) << "durable bytes must never be garbled";
    EXPECT_GE(first_wrong + 8, torn.size()) << "at most the last 8 bytes are garbled";
    EXPECT_NE(torn.back(), expected.back());
  }
  EXPECT_GT(garbled_runs, 150);
}

TEST(file_contents, keep_probability_keeps_everything_or_nothing) {
  std::mt19937_64 random(7);
  EXPECT_EQ(
      as_text(appended("a", "b").take_after_crash({.keep_unsynced_probability = 1.0}, random)),
      "ab");
  int kept = 0;
  for (int i = 0; i < 1000; ++i) {
    std::string after =
        as_text(appended("a", "b").take_after_crash({.keep_unsynced_probability = 0.3}, random));
    ASSERT_TRUE(after == "a" || after == "ab");
    kept += after == "ab";
  }
  EXPECT_GT(kept, 200);
  EXPECT_LT(kept, 400);
}

TEST(file_contents, unsynced_truncate_is_undone) {
  std::mt19937_64 random(3);
  file_contents contents;
  contents.write(0, as_bytes("0123456789"));
  contents.sync();
  contents.resize(4);
  EXPECT_EQ(as_text(contents.take_after_crash({}, random)), "0123456789");
}

TEST(file_contents, same_seed_same_result) {
  for (uint64_t seed = 0; seed < 20; ++seed) {
    crash_options options{.tear_last_write = true, .garble_torn_tail = true};
    std::mt19937_64 first(seed), second(seed);
    EXPECT_EQ(appended("x", "0123456789").take_after_crash(options, first),
              appended("x", "0123456789").take_after_crash(options, second));
  }
}

}  // namespace
}  // namespace eventioz::io::detail
