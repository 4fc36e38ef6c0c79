// The producer side of a partition: idempotent and transactional appends, transaction markers,
// the last stable offset and the aborted-transaction index.
#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "base/assert.h"
#include "cluster/errc.h"
#include "cluster/partition.h"
#include "model/transaction_marker.h"

namespace eventioz::cluster {

void partition::append_producer_batch(mutable_byte_span batch,
                                      const model::record_batch_header& header,
                                      bool syncs_every_append,
                                      std::function<void(result<offset>)> done, uint64_t arrival) {
  std::unique_lock lock(_producer_mutex);
  if (header.is_transactional() && arrival != 0) {
    auto begun = _transaction_begun_at.find(header.producer_id);
    if (begun != _transaction_begun_at.end() && arrival < begun->second) {
      lock.unlock();
      // Checked before the sequence: such a batch may carry exactly the next sequence (it
      // never landed) or repeat one of the current transaction's, and must be neither
      // appended into the current transaction nor answered with its offsets.
      return done(error(errc::invalid_txn_state,
                        fmt::format("a transactional batch of producer {} sent before its "
                                    "current transaction began on {}-{}: it belongs to an "
                                    "earlier transaction, which is over",
                                    header.producer_id, _id.topic, _id.partition)));
    }
  }
  auto decision = _producers.check_batch(header);
  if (!decision) {
    lock.unlock();
    return done(decision.error_value());
  }
  if (decision->duplicate) {
    lock.unlock();
    return answer_duplicate(decision->original, std::move(done));
  }
  // A guarded partition (append_guard.h) sees the batch too, after the producer checks.
  std::optional<uint64_t> ticket;
  if (_guard) {
    auto admitted = _guard->admit(std::span<const mutable_byte_span>(&batch, 1), nullptr);
    if (!admitted) {
      lock.unlock();
      return done(admitted.error_value());
    }
    EVENTIOZ_ASSERT(!admitted->duplicate_of, "a guard answered a producer batch as a duplicate");
    ticket = admitted->ticket;
    syncs_every_append = true;
  }
  auto appended = _log->append(batch);
  if (!appended) {
    if (ticket) (void)_guard->settled(*ticket, appended.error_value());
    lock.unlock();
    return done(appended.error_value());
  }
  std::function<status(const status&)> settle;
  if (ticket) {
    _guard->assigned(*ticket, 0, appended->base_offset);
    settle = settler(*ticket);
  }
  _probe.appended(static_cast<uint64_t>(header.record_count), batch.size());
  _producers.record_batch(header, appended->base_offset, appended->last_offset,
                          _options.time->now_ms());
  refresh_first_unstable_locked();
  lock.unlock();

  // The log drops a batch whose fsync failed, so the producer must be able to send it again.
  auto undo = [weak = weak_from_this(), producer_id = header.producer_id,
               base = appended->base_offset] {
    auto self = weak.lock();
    if (!self) return;
    std::lock_guard relock(self->_producer_mutex);
    self->_producers.forget_batches_from(producer_id, base);
    self->refresh_first_unstable_locked();
  };
  complete_append(appended->base_offset, appended->last_offset, syncs_every_append, std::move(done),
                  std::move(undo), std::move(settle));
}

void partition::answer_duplicate(const producer_batch& original,
                                 std::function<void(result<offset>)> done) {
  if (original.last_offset < high_watermark()) return done(original.base_offset);
  // The original is still on its way to disk: the retry is acknowledged when it is.
  _log->when_durable(original.last_offset, [original, done = std::move(done)](status synced) {
    if (synced) return done(original.base_offset);
    done(error(std::make_error_code(std::errc::io_error),
               fmt::format("the first attempt of this batch (offset {}) "
                           "failed to become durable: {}; send it again",
                           original.base_offset.value(), synced.error_value().message())));
  });
}

status partition::begin_transaction(int64_t producer_id, int16_t producer_epoch,
                                    uint64_t begin_arrival) {
  std::lock_guard lock(_producer_mutex);
  EVENTIOZ_RETURN_IF_ERROR(
      _producers.begin_transaction(producer_id, producer_epoch, _options.time->now_ms()));
  if (begin_arrival != 0) {
    uint64_t& begun = _transaction_begun_at[producer_id];
    begun = std::max(begun, begin_arrival);
  }
  return ok_status();
}

void partition::write_transaction_marker(int64_t producer_id, int16_t producer_epoch, bool commit,
                                         int32_t coordinator_epoch,
                                         std::function<void(result<offset>)> done) {
  std::unique_lock lock(_producer_mutex);
  int64_t now_ms = _options.time->now_ms();
  auto needed = _producers.prepare_marker(producer_id, producer_epoch, now_ms);
  if (!needed || !*needed) {
    refresh_first_unstable_locked();
    offset end = _log->log_end_offset();
    lock.unlock();
    if (!needed) return done(needed.error_value());
    return done(end);
  }
  byte_buffer marker = model::build_transaction_marker({.producer_id = producer_id,
                                                        .producer_epoch = producer_epoch,
                                                        .commit = commit,
                                                        .coordinator_epoch = coordinator_epoch,
                                                        .timestamp_ms = now_ms});
  bool syncs_every_append = _log->config().syncs_every_append();
  auto appended = _log->append(marker);
  if (!appended) {
    lock.unlock();
    return done(appended.error_value());
  }
  closed_transaction closed =
      _producers.record_marker(producer_id, producer_epoch, commit, appended->base_offset, now_ms);
  // No transaction open: transactional batches are refused anyway until the next begins.
  _transaction_begun_at.erase(producer_id);
  refresh_first_unstable_locked();
  lock.unlock();

  // A marker that did not become durable is gone from the log: the transaction is open again,
  // so that the coordinator's retry writes it once more.
  auto undo = [weak = weak_from_this(), closed] {
    auto self = weak.lock();
    if (!self) return;
    std::lock_guard relock(self->_producer_mutex);
    self->_producers.undo_marker(closed);
    self->refresh_first_unstable_locked();
  };
  complete_append(appended->base_offset, appended->last_offset, syncs_every_append, std::move(done),
                  std::move(undo));
}

offset partition::last_stable_offset() const {
  return offset(std::min(_first_unstable.load(), _high_watermark.load()));
}

std::vector<aborted_transaction> partition::aborted_transactions(offset from, offset to) const {
  std::lock_guard lock(_producer_mutex);
  return _producers.aborted_overlapping(from, to);
}

void partition::refresh_first_unstable_locked() {
  auto first = _producers.first_unstable_offset();
  _first_unstable = first ? first->value() : std::numeric_limits<int64_t>::max();
}

}  // namespace eventioz::cluster
