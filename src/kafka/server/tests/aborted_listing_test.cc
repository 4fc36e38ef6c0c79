#include "kafka/server/aborted_listing.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace eventioz::kafka {
namespace {

// One record of a partition, one batch each: data of a producer's transaction, or its ABORT.
struct record {
  int64_t offset;
  int64_t producer_id;
  bool abort_marker = false;
};

// What kafkajs 2.2.4 does with an answer (consumer/filterAbortedMessages.js, described): for each
// record from the fetch offset on, when its offset reaches the head of the list it takes that
// one transaction off the list; it drops a producer's records from then until its ABORT marker.
// Returns the offsets it lets through, markers aside.
std::vector<int64_t> kafkajs_keeps(const std::vector<record>& records, int64_t start,
                                   const std::vector<cluster::aborted_transaction>& listed) {
  std::vector<int64_t> kept;
  size_t next = 0;
  std::set<int64_t> aborting;
  for (const record& r : records) {
    if (r.offset < start) continue;
    if (next < listed.size() && r.offset >= listed[next].first_offset.value()) {
      aborting.insert(listed[next++].producer_id);
    }
    if (r.abort_marker) {
      aborting.erase(r.producer_id);
    } else if (!aborting.contains(r.producer_id)) {
      kept.push_back(r.offset);
    }
  }
  return kept;
}

std::vector<batch_span> spans(const std::vector<record>& records) {
  std::vector<batch_span> result;
  for (const record& r : records) {
    result.push_back(
        {.producer_id = r.producer_id, .base = offset(r.offset), .last = offset(r.offset)});
  }
  return result;
}

cluster::aborted_transaction aborted(int64_t producer_id, int64_t first, int64_t last) {
  return {.producer_id = producer_id, .first_offset = offset(first), .last_offset = offset(last)};
}

// Producers 1 and 2 both abort; 1 began at 90, before the fetch offset 100 (the last stable
// offset where the consumer's previous fetch stopped while 2 was open), and 2 began at 100.
// Producer 3 commits. As the index has them (by marker, 1 then 2) or by true first offset,
// kafkajs would take 1 at record 100 and let 2's first record through.
TEST(aborted_listing, a_transaction_begun_before_the_fetch_offset_is_listed_where_it_is_met) {
  std::vector<record> records = {{100, 2},       {101, 1}, {102, 3},      {103, 2},
                                 {104, 1, true}, {105, 3}, {106, 2, true}};
  std::vector<cluster::aborted_transaction> index = {aborted(1, 90, 104), aborted(2, 100, 106)};
  EXPECT_EQ(kafkajs_keeps(records, 100, index), (std::vector<int64_t>{100, 102, 105}))
      << "the listing that lets an aborted record through";

  auto listed = aborted_as_listed(index, offset(100), spans(records));
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].producer_id, 2);
  EXPECT_EQ(listed[0].first_offset, offset(100));
  EXPECT_EQ(listed[1].producer_id, 1);
  EXPECT_EQ(listed[1].first_offset, offset(101)) << "its first batch in the answer";
  EXPECT_EQ(listed[1].last_offset, offset(104));
  EXPECT_EQ(kafkajs_keeps(records, 100, listed), (std::vector<int64_t>{102, 105}));
}

TEST(aborted_listing, transactions_are_listed_by_first_offset_not_by_marker) {
  std::vector<record> records = {{0, 1}, {1, 2}, {2, 3}, {3, 3, true}, {4, 2, true}, {5, 1, true}};
  std::vector<cluster::aborted_transaction> index = {aborted(3, 2, 3), aborted(2, 1, 4),
                                                     aborted(1, 0, 5)};
  auto listed = aborted_as_listed(index, offset(0), spans(records));
  ASSERT_EQ(listed.size(), 3u);
  EXPECT_EQ(listed[0].producer_id, 1);
  EXPECT_EQ(listed[1].producer_id, 2);
  EXPECT_EQ(listed[2].producer_id, 3);
  EXPECT_TRUE(kafkajs_keeps(records, 0, listed).empty());
}

TEST(aborted_listing, a_batch_straddling_the_fetch_offset_keeps_its_base_offset) {
  // Producer 1's batch 98-101 straddles 100: the first offset listed must not pass its base,
  // or librdkafka (which compares a batch's base offset with it) would keep the batch.
  std::vector<batch_span> batches = {{.producer_id = 1, .base = offset(98), .last = offset(101)},
                                     {.producer_id = 1, .base = offset(102), .last = offset(102)}};
  auto listed = aborted_as_listed({aborted(1, 90, 102)}, offset(100), batches);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].first_offset, offset(98));
}

TEST(aborted_listing, a_transaction_begun_before_with_nothing_in_the_answer_is_left_out) {
  std::vector<batch_span> batches = {{.producer_id = 2, .base = offset(100), .last = offset(101)}};
  auto listed =
      aborted_as_listed({aborted(1, 90, 150), aborted(2, 100, 160)}, offset(100), batches);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].producer_id, 2);
  EXPECT_EQ(listed[0].first_offset, offset(100));
}

}  // namespace
}  // namespace eventioz::kafka
