// Idempotence and transaction bookkeeping of one partition's producers.
#include "cluster/producer_state.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "cluster/errc.h"

namespace eventioz::cluster {
namespace {

constexpr int64_t sequence_max = std::numeric_limits<int32_t>::max();

int32_t next_sequence(int32_t last) {
  return last == sequence_max ? 0 : static_cast<int32_t>(last + 1);
}

error fenced(int64_t producer_id, int16_t epoch, int16_t current) {
  return error(errc::invalid_producer_epoch,
               fmt::format("producer {} wrote with epoch {}, but epoch {} has fenced it: a newer "
                           "instance of this producer took over",
                           producer_id, epoch, current));
}

// A higher epoch restarts the producer's sequences.
void raise_epoch(producer_entry& entry, int16_t epoch) {
  if (epoch <= entry.epoch) return;
  entry.epoch = epoch;
  entry.batches.clear();
}

}  // namespace

int32_t last_sequence_of(int32_t base_sequence, int32_t last_offset_delta) {
  int64_t last = int64_t{base_sequence} + last_offset_delta;
  if (last > sequence_max) last -= sequence_max + 1;
  return static_cast<int32_t>(last);
}

result<batch_decision> producer_state::check_batch(const model::record_batch_header& header) const {
  auto found = _producers.find(header.producer_id);
  bool transactional = header.is_transactional();
  if (found == _producers.end()) {
    if (!transactional) return batch_decision{};
    return error(errc::invalid_txn_state,
                 fmt::format("producer {} sent a transactional batch, but no transaction of it "
                             "was begun on this partition (AddPartitionsToTxn)",
                             header.producer_id));
  }
  const producer_entry& entry = found->second;
  if (header.producer_epoch < entry.epoch) {
    return fenced(header.producer_id, header.producer_epoch, entry.epoch);
  }
  if (transactional && (!entry.transaction_open || header.producer_epoch != entry.epoch)) {
    return error(errc::invalid_txn_state,
                 fmt::format("producer {} epoch {} sent a transactional batch, but no "
                             "transaction of that epoch was begun on this partition",
                             header.producer_id, header.producer_epoch));
  }
  if (header.base_sequence < 0) return batch_decision{};  // not idempotent: nothing to check
  if (header.producer_epoch > entry.epoch) {
    if (entry.batches.empty() || header.base_sequence == 0) return batch_decision{};
    return error(errc::out_of_order_sequence,
                 fmt::format("producer {} started epoch {} at sequence {}, not 0",
                             header.producer_id, header.producer_epoch, header.base_sequence));
  }
  int32_t last = last_sequence_of(header.base_sequence, header.last_offset_delta);
  for (const producer_batch& batch : entry.batches) {
    if (batch.first_sequence == header.base_sequence && batch.last_sequence == last) {
      return batch_decision{.duplicate = true, .original = batch};
    }
  }
  if (entry.batches.empty()) return batch_decision{};
  int32_t expected = next_sequence(entry.batches.back().last_sequence);
  if (header.base_sequence == expected) return batch_decision{};
  return error(
      errc::out_of_order_sequence,
      fmt::format("producer {} epoch {} sent sequence {}, but the next expected is {}",
                  header.producer_id, header.producer_epoch, header.base_sequence, expected));
}

void producer_state::record_batch(const model::record_batch_header& header, offset base,
                                  offset last, int64_t now_ms) {
  producer_entry& entry = _producers[header.producer_id];
  raise_epoch(entry, header.producer_epoch);
  if (header.base_sequence >= 0) {
    entry.batches.push_back(
        {.first_sequence = header.base_sequence,
         .last_sequence = last_sequence_of(header.base_sequence, header.last_offset_delta),
         .base_offset = base,
         .last_offset = last});
    if (entry.batches.size() > producer_batches_kept) entry.batches.pop_front();
  }
  entry.last_update_ms = std::max(entry.last_update_ms, now_ms);
  if (header.is_transactional()) {
    entry.transaction_open = true;
    if (!entry.transaction_first_offset) entry.transaction_first_offset = base;
  }
  reindex_unstable(header.producer_id);
  ++_version;
}

void producer_state::forget_batches_from(int64_t producer_id, offset base) {
  auto found = _producers.find(producer_id);
  if (found == _producers.end()) return;
  producer_entry& entry = found->second;
  while (!entry.batches.empty() && entry.batches.back().base_offset >= base) {
    entry.batches.pop_back();
  }
  if (entry.transaction_first_offset && *entry.transaction_first_offset >= base) {
    entry.transaction_first_offset.reset();
  }
  reindex_unstable(producer_id);
  ++_version;
}

status producer_state::begin_transaction(int64_t producer_id, int16_t epoch, int64_t now_ms) {
  auto found = _producers.find(producer_id);
  if (found != _producers.end() && epoch < found->second.epoch) {
    return fenced(producer_id, epoch, found->second.epoch);
  }
  producer_entry& entry = _producers[producer_id];
  raise_epoch(entry, epoch);
  entry.transaction_open = true;
  entry.last_update_ms = std::max(entry.last_update_ms, now_ms);
  reindex_unstable(producer_id);
  ++_version;
  return ok_status();
}

result<bool> producer_state::prepare_marker(int64_t producer_id, int16_t epoch, int64_t now_ms) {
  auto found = _producers.find(producer_id);
  if (found == _producers.end()) return false;
  producer_entry& entry = found->second;
  if (epoch < entry.epoch) return fenced(producer_id, epoch, entry.epoch);
  raise_epoch(entry, epoch);
  entry.last_update_ms = std::max(entry.last_update_ms, now_ms);
  ++_version;
  if (!entry.transaction_open) return false;
  if (!entry.transaction_first_offset) {
    entry.transaction_open = false;
    reindex_unstable(producer_id);
    return false;
  }
  return true;
}

closed_transaction producer_state::record_marker(int64_t producer_id, int16_t epoch, bool commit,
                                                 offset marker_offset, int64_t now_ms) {
  producer_entry& entry = _producers[producer_id];
  raise_epoch(entry, epoch);
  closed_transaction closed{.producer_id = producer_id,
                            .was_open = entry.transaction_open,
                            .first_offset = entry.transaction_first_offset,
                            .marker_offset = marker_offset};
  if (entry.transaction_open && !commit && entry.transaction_first_offset) {
    _aborted.push_back({.producer_id = producer_id,
                        .first_offset = *entry.transaction_first_offset,
                        .last_offset = marker_offset});
    closed.aborted = true;
  }
  entry.transaction_open = false;
  entry.transaction_first_offset.reset();
  entry.last_update_ms = std::max(entry.last_update_ms, now_ms);
  reindex_unstable(producer_id);
  ++_version;
  return closed;
}

void producer_state::undo_marker(const closed_transaction& closed) {
  if (closed.aborted) {
    std::erase_if(_aborted, [&](const aborted_transaction& aborted) {
      return aborted.producer_id == closed.producer_id &&
             aborted.last_offset == closed.marker_offset;
    });
  }
  auto found = _producers.find(closed.producer_id);
  if (found != _producers.end() && !found->second.transaction_open) {
    found->second.transaction_open = closed.was_open;
    found->second.transaction_first_offset = closed.first_offset;
  }
  reindex_unstable(closed.producer_id);
  ++_version;
}

std::optional<offset> producer_state::first_unstable_offset() const {
  if (_unstable_offsets.empty()) return std::nullopt;
  return *_unstable_offsets.begin();
}

void producer_state::reindex_unstable(int64_t producer_id) {
  if (auto indexed = _unstable_of.find(producer_id); indexed != _unstable_of.end()) {
    _unstable_offsets.erase(_unstable_offsets.find(indexed->second));
    _unstable_of.erase(indexed);
  }
  auto found = _producers.find(producer_id);
  if (found == _producers.end()) return;
  const producer_entry& entry = found->second;
  if (!entry.transaction_open || !entry.transaction_first_offset) return;
  _unstable_of.emplace(producer_id, *entry.transaction_first_offset);
  _unstable_offsets.insert(*entry.transaction_first_offset);
}

std::vector<aborted_transaction> producer_state::aborted_overlapping(offset from, offset to) const {
  std::vector<aborted_transaction> overlapping;
  auto start = std::lower_bound(
      _aborted.begin(), _aborted.end(), from,
      [](const aborted_transaction& aborted, offset value) { return aborted.last_offset < value; });
  for (auto it = start; it != _aborted.end(); ++it) {
    if (it->first_offset < to) overlapping.push_back(*it);
  }
  return overlapping;
}

size_t producer_state::expire(int64_t now_ms, int64_t expiration_ms) {
  size_t expired = std::erase_if(_producers, [&](const auto& item) {
    const producer_entry& entry = item.second;
    return !entry.transaction_open && now_ms - entry.last_update_ms >= expiration_ms;
  });
  if (expired > 0) ++_version;
  return expired;
}

void producer_state::forget_aborted_before(offset log_start) {
  size_t erased = std::erase_if(_aborted, [&](const aborted_transaction& aborted) {
    return aborted.last_offset < log_start;
  });
  if (erased > 0) ++_version;
}

void producer_state::restore_producer(int64_t producer_id, producer_entry entry) {
  _producers[producer_id] = std::move(entry);
  reindex_unstable(producer_id);
  ++_version;
}

void producer_state::restore_aborted(aborted_transaction aborted) {
  _aborted.push_back(aborted);
  ++_version;
}

}  // namespace eventioz::cluster
