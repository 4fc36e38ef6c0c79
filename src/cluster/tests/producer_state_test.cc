#include "cluster/producer_state.h"

#include <gtest/gtest.h>

#include <limits>

#include "cluster/errc.h"
#include "cluster/producer_state_snapshot.h"

namespace eventioz::cluster {
namespace {

constexpr int64_t producer = 1000;
constexpr int64_t now_ms = 1'700'000'000'000;

model::record_batch_header batch(int16_t epoch, int32_t sequence, int32_t records = 1,
                                 bool transactional = false, int64_t producer_id = producer) {
  model::record_batch_header header;
  header.producer_id = producer_id;
  header.producer_epoch = epoch;
  header.base_sequence = sequence;
  header.last_offset_delta = records - 1;
  header.record_count = records;
  if (transactional) header.attributes = 0x10;
  return header;
}

// Checks and, when it may be appended, records the batch at `next` (as the partition does).
result<batch_decision> offer(producer_state& state, const model::record_batch_header& header,
                             offset& next) {
  auto decision = state.check_batch(header);
  if (decision && !decision->duplicate) {
    state.record_batch(header, next, next + header.last_offset_delta, now_ms);
    next += header.last_offset_delta + 1;
  }
  return decision;
}

TEST(producer_state, a_retried_batch_is_recognized_with_its_original_offsets) {
  producer_state state;
  offset next(0);
  ASSERT_TRUE(offer(state, batch(0, 0, 3), next).ok());
  ASSERT_TRUE(offer(state, batch(0, 3, 2), next).ok());
  auto retry = state.check_batch(batch(0, 0, 3));
  ASSERT_TRUE(retry.ok());
  EXPECT_TRUE(retry->duplicate);
  EXPECT_EQ(retry->original.base_offset, offset(0));
  EXPECT_EQ(retry->original.last_offset, offset(2));
  auto second = state.check_batch(batch(0, 3, 2));
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(second->duplicate);
  EXPECT_EQ(second->original.base_offset, offset(3));
}

TEST(producer_state, a_gap_or_a_forgotten_old_batch_is_out_of_order) {
  producer_state state;
  offset next(0);
  for (int32_t sequence = 0; sequence < 7; ++sequence) {
    ASSERT_TRUE(offer(state, batch(0, sequence), next).ok());
  }
  auto gap = state.check_batch(batch(0, 8));
  ASSERT_FALSE(gap.ok());
  EXPECT_EQ(gap.error_value(), errc::out_of_order_sequence);
  // Only the last five are remembered: sequence 1 is too old to answer as a duplicate.
  auto old = state.check_batch(batch(0, 1));
  ASSERT_FALSE(old.ok());
  EXPECT_EQ(old.error_value(), errc::out_of_order_sequence);
  EXPECT_TRUE(state.check_batch(batch(0, 2))->duplicate);
  EXPECT_FALSE(state.check_batch(batch(0, 7))->duplicate);
}

TEST(producer_state, an_unknown_producer_is_accepted_at_any_sequence) {
  producer_state state;
  auto decision = state.check_batch(batch(3, 4242));
  ASSERT_TRUE(decision.ok());
  EXPECT_FALSE(decision->duplicate);
}

TEST(producer_state, a_lower_epoch_is_fenced_and_a_new_epoch_starts_at_zero) {
  producer_state state;
  offset next(0);
  ASSERT_TRUE(offer(state, batch(1, 0, 5), next).ok());
  auto old_epoch = state.check_batch(batch(0, 5));
  ASSERT_FALSE(old_epoch.ok());
  EXPECT_EQ(old_epoch.error_value(), errc::invalid_producer_epoch);
  auto not_zero = state.check_batch(batch(2, 5));
  ASSERT_FALSE(not_zero.ok());
  EXPECT_EQ(not_zero.error_value(), errc::out_of_order_sequence);
  ASSERT_TRUE(offer(state, batch(2, 0), next).ok());
  EXPECT_FALSE(state.check_batch(batch(1, 5)).ok()) << "epoch 1 is fenced now";
  EXPECT_TRUE(state.check_batch(batch(2, 1)).ok());
}

TEST(producer_state, sequences_wrap_at_int32_max) {
  constexpr int32_t max = std::numeric_limits<int32_t>::max();
  EXPECT_EQ(last_sequence_of(max - 1, 3), 1);
  producer_state state;
  offset next(0);
  ASSERT_TRUE(offer(state, batch(0, max - 1, 2), next).ok());
  auto wrapped = offer(state, batch(0, 0, 2), next);
  ASSERT_TRUE(wrapped.ok()) << wrapped.error_value();
  EXPECT_FALSE(wrapped->duplicate);
  EXPECT_TRUE(state.check_batch(batch(0, max - 1, 2))->duplicate);
}

TEST(producer_state, a_failed_append_is_forgotten_so_the_retry_is_appended) {
  producer_state state;
  offset next(0);
  ASSERT_TRUE(offer(state, batch(0, 0), next).ok());
  ASSERT_TRUE(offer(state, batch(0, 1), next).ok());
  ASSERT_TRUE(offer(state, batch(0, 2), next).ok());
  state.forget_batches_from(producer, offset(1));  // the log dropped offsets 1 and 2
  auto retry = state.check_batch(batch(0, 1));
  ASSERT_TRUE(retry.ok());
  EXPECT_FALSE(retry->duplicate);
}

TEST(producer_state, transactional_batches_need_a_begun_transaction_of_their_epoch) {
  producer_state state;
  offset next(0);
  auto unverified = state.check_batch(batch(0, 0, 1, true));
  ASSERT_FALSE(unverified.ok());
  EXPECT_EQ(unverified.error_value(), errc::invalid_txn_state);
  ASSERT_TRUE(state.begin_transaction(producer, 0, now_ms).ok());
  EXPECT_FALSE(state.first_unstable_offset()) << "nothing written yet";
  ASSERT_TRUE(offer(state, batch(0, 0, 2, true), next).ok());
  EXPECT_EQ(state.first_unstable_offset(), offset(0));
  // A newer instance took over: the old epoch can neither begin nor write.
  ASSERT_TRUE(state.begin_transaction(producer, 1, now_ms).ok());
  EXPECT_EQ(state.check_batch(batch(0, 2, 1, true)).error_value(), errc::invalid_producer_epoch);
  EXPECT_EQ(state.begin_transaction(producer, 0, now_ms).error_value(),
            errc::invalid_producer_epoch);
}

// The last stable offset is the earliest open transaction's first offset whatever order
// transactions open, close, are undone and restored in, among many remembered producers.
TEST(producer_state, the_earliest_open_transaction_is_tracked_among_many_producers) {
  producer_state state;
  offset next(0);
  for (int64_t id = 1; id <= 200; ++id) {
    ASSERT_TRUE(offer(state, batch(0, 0, 1, false, id), next).ok());  // idle idempotent ones
  }
  ASSERT_TRUE(state.begin_transaction(7, 0, now_ms).ok());
  ASSERT_TRUE(state.begin_transaction(9, 0, now_ms).ok());
  ASSERT_TRUE(offer(state, batch(0, 1, 1, true, 9), next).ok());  // 200
  ASSERT_TRUE(offer(state, batch(0, 1, 1, true, 7), next).ok());  // 201
  EXPECT_EQ(state.first_unstable_offset(), offset(200));
  ASSERT_TRUE(*state.prepare_marker(9, 0, now_ms));
  closed_transaction closed = state.record_marker(9, 0, /*commit=*/true, next, now_ms);
  EXPECT_EQ(state.first_unstable_offset(), offset(201));
  state.undo_marker(closed);  // the marker's append failed: producer 9 is open again
  EXPECT_EQ(state.first_unstable_offset(), offset(200));
  state.forget_batches_from(9, offset(200));  // ...and its batch was dropped too
  EXPECT_EQ(state.first_unstable_offset(), offset(201));

  producer_state restored;
  for (const auto& [id, entry] : state.producers()) restored.restore_producer(id, entry);
  EXPECT_EQ(restored.first_unstable_offset(), offset(201));
  ASSERT_TRUE(*restored.prepare_marker(7, 0, now_ms));
  restored.record_marker(7, 0, /*commit=*/false, offset(203), now_ms);
  EXPECT_FALSE(restored.first_unstable_offset());
}

TEST(producer_state, markers_close_transactions_and_index_the_aborted_ones) {
  producer_state state;
  offset next(0);
  constexpr int64_t other = 2000;
  ASSERT_TRUE(state.begin_transaction(producer, 0, now_ms).ok());
  ASSERT_TRUE(state.begin_transaction(other, 0, now_ms).ok());
  ASSERT_TRUE(offer(state, batch(0, 0, 2, true), next).ok());         // 0-1
  ASSERT_TRUE(offer(state, batch(0, 0, 2, true, other), next).ok());  // 2-3
  EXPECT_EQ(state.first_unstable_offset(), offset(0));
  ASSERT_TRUE(*state.prepare_marker(producer, 0, now_ms));
  state.record_marker(producer, 0, /*commit=*/false, next, now_ms);  // abort at 4
  ++next;
  EXPECT_EQ(state.first_unstable_offset(), offset(2));
  ASSERT_TRUE(*state.prepare_marker(other, 0, now_ms));
  state.record_marker(other, 0, /*commit=*/true, next, now_ms);  // commit at 5
  ++next;
  EXPECT_FALSE(state.first_unstable_offset());
  auto aborted = state.aborted_overlapping(offset(0), offset(6));
  ASSERT_EQ(aborted.size(), 1u);
  EXPECT_EQ(aborted[0].producer_id, producer);
  EXPECT_EQ(aborted[0].first_offset, offset(0));
  EXPECT_EQ(aborted[0].last_offset, offset(4));
  EXPECT_TRUE(state.aborted_overlapping(offset(5), offset(6)).empty());
  // No transaction open any more: nothing to write, and a fenced epoch is refused.
  EXPECT_FALSE(*state.prepare_marker(producer, 0, now_ms));
  EXPECT_FALSE(state.prepare_marker(producer, -1, now_ms).ok());
}

TEST(producer_state, a_marker_with_a_higher_epoch_fences_the_old_one) {
  producer_state state;
  offset next(0);
  ASSERT_TRUE(state.begin_transaction(producer, 4, now_ms).ok());
  ASSERT_TRUE(offer(state, batch(4, 0, 1, true), next).ok());
  ASSERT_TRUE(*state.prepare_marker(producer, 5, now_ms));  // the coordinator aborts on timeout
  state.record_marker(producer, 5, false, next, now_ms);
  EXPECT_EQ(state.check_batch(batch(4, 1)).error_value(), errc::invalid_producer_epoch);
}

TEST(producer_state, an_undone_marker_reopens_its_transaction) {
  producer_state state;
  offset next(0);
  ASSERT_TRUE(state.begin_transaction(producer, 0, now_ms).ok());
  ASSERT_TRUE(offer(state, batch(0, 0, 1, true), next).ok());
  ASSERT_TRUE(*state.prepare_marker(producer, 0, now_ms));
  auto closed = state.record_marker(producer, 0, false, offset(1), now_ms);
  state.undo_marker(closed);
  EXPECT_EQ(state.first_unstable_offset(), offset(0));
  EXPECT_TRUE(state.aborted().empty());
  EXPECT_TRUE(*state.prepare_marker(producer, 0, now_ms));
}

TEST(producer_state, idle_producers_expire_but_not_in_a_transaction) {
  producer_state state;
  offset next(0);
  ASSERT_TRUE(offer(state, batch(0, 0, 1, false, 1), next).ok());
  ASSERT_TRUE(state.begin_transaction(2, 0, now_ms).ok());
  EXPECT_EQ(state.expire(now_ms + 1000, 1000), 1u);
  EXPECT_EQ(state.producers().count(1), 0u);
  EXPECT_EQ(state.producers().count(2), 1u);
}

TEST(producer_state, a_snapshot_round_trips_and_damage_is_detected) {
  producer_state state;
  offset next(0);
  ASSERT_TRUE(offer(state, batch(0, 0, 3), next).ok());
  ASSERT_TRUE(state.begin_transaction(7, 2, now_ms).ok());
  ASSERT_TRUE(offer(state, batch(2, 0, 1, true, 7), next).ok());
  ASSERT_TRUE(state.begin_transaction(8, 0, now_ms).ok());
  ASSERT_TRUE(offer(state, batch(0, 0, 1, true, 8), next).ok());
  ASSERT_TRUE(*state.prepare_marker(8, 0, now_ms));
  state.record_marker(8, 0, false, next, now_ms);

  std::string encoded = encode_producer_snapshot(state, offset(6));
  auto decoded = decode_producer_snapshot(encoded);
  ASSERT_TRUE(decoded.ok()) << decoded.error_value();
  EXPECT_EQ(decoded->applied_through, offset(6));
  EXPECT_EQ(decoded->state.producers(), state.producers());
  EXPECT_EQ(decoded->state.aborted(), state.aborted());

  for (size_t position : {size_t{0}, encoded.size() / 2, encoded.size() - 1}) {
    std::string damaged = encoded;
    damaged[position] ^= 0x04;
    auto refused = decode_producer_snapshot(damaged);
    ASSERT_FALSE(refused.ok()) << position;
    EXPECT_EQ(refused.error_value(), errc::producer_state_corrupt);
  }
  EXPECT_FALSE(decode_producer_snapshot(encoded.substr(0, encoded.size() - 5)).ok());
}

}  // namespace
}  // namespace eventioz::cluster
