// The partitioner must agree with Kafka's Java client byte for byte, or keyed records written
// by different clients would land in different partitions.
#include "client/partitioner.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace eventioz::client {
namespace {

byte_buffer bytes_of(std::string_view text) { return {text.begin(), text.end()}; }

int32_t hash_of(std::string_view text) { return murmur2(as_bytes(text)); }

// Expected values from Kafka's own tests of Utils.murmur2 (UtilsTest), which other clients
// (librdkafka, kafkajs, kafka-python) reproduce too.
TEST(murmur2, matches_kafka_for_known_keys) {
  EXPECT_EQ(hash_of("21"), -973932308);
  EXPECT_EQ(hash_of("foobar"), -790332482);
  EXPECT_EQ(hash_of("a-little-bit-long-string"), -985981536);
  EXPECT_EQ(hash_of("a-little-bit-longer-string"), -1486304829);
  EXPECT_EQ(hash_of("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8"), -58897971);
  EXPECT_EQ(hash_of("abc"), 479470107);
}

TEST(murmur2, covers_every_tail_length) {
  EXPECT_EQ(hash_of("1"), -1993445489);
  EXPECT_EQ(hash_of("12"), 126087238);
  EXPECT_EQ(hash_of("123"), -267702483);
  EXPECT_EQ(hash_of("1234"), -1614185708);
  EXPECT_EQ(hash_of("12345"), -1188365604);
  EXPECT_EQ(hash_of(""), 275646681);  // an empty key is hashed, not treated as no key
}

TEST(partition_for_key, clears_the_sign_bit_before_the_modulo) {
  // -973932308 & 0x7fffffff = 1173551340; a plain % of the negative hash would differ.
  EXPECT_EQ(partition_for_key(as_bytes("21"), 10), 1173551340 % 10);
  EXPECT_EQ(partition_for_key(as_bytes("abc"), 7), 479470107 % 7);
  EXPECT_EQ(partition_for_key(as_bytes("anything"), 1), 0);
}

TEST(partitioner, keyed_records_ignore_the_mode) {
  partitioner sticky(partitioning::sticky, 1);
  partitioner round_robin(partitioning::round_robin, 2);
  for (std::string key : {"a", "b", "order-17"}) {
    int32_t expected = partition_for_key(as_bytes(key), 12);
    EXPECT_EQ(sticky.choose("t", bytes_of(key), 12), expected);
    EXPECT_EQ(round_robin.choose("t", bytes_of(key), 12), expected);
  }
}

TEST(partitioner, round_robin_visits_every_partition_in_turn) {
  partitioner chooser(partitioning::round_robin, 3);
  int32_t first = chooser.choose("t", std::nullopt, 4);
  for (int32_t i = 1; i < 8; ++i) EXPECT_EQ(chooser.choose("t", std::nullopt, 4), (first + i) % 4);
}

TEST(partitioner, sticky_stays_until_a_batch_is_sealed_then_moves) {
  partitioner chooser(partitioning::sticky, 4);
  int32_t first = chooser.choose("t", std::nullopt, 6);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(chooser.choose("t", std::nullopt, 6), first);
  chooser.on_batch_sealed("t", first, 6);
  int32_t second = chooser.choose("t", std::nullopt, 6);
  EXPECT_NE(second, first);
  // Sealing a batch of another partition does not move it.
  chooser.on_batch_sealed("t", (second + 1) % 6, 6);
  EXPECT_EQ(chooser.choose("t", std::nullopt, 6), second);
}

TEST(partitioner, sticky_spreads_over_all_partitions_over_time) {
  partitioner chooser(partitioning::sticky, 5);
  std::set<int32_t> seen;
  for (int i = 0; i < 200; ++i) {
    int32_t chosen = chooser.choose("t", std::nullopt, 5);
    seen.insert(chosen);
    chooser.on_batch_sealed("t", chosen, 5);
  }
  EXPECT_EQ(seen.size(), 5u);
}

TEST(partitioner, topics_are_independent_and_counts_may_change) {
  partitioner chooser(partitioning::round_robin, 6);
  int32_t a = chooser.choose("a", std::nullopt, 3);
  chooser.choose("b", std::nullopt, 3);
  EXPECT_EQ(chooser.choose("a", std::nullopt, 3), (a + 1) % 3);
  EXPECT_LT(chooser.choose("a", std::nullopt, 1), 1);  // shrunk to one partition
}

}  // namespace
}  // namespace eventioz::client
