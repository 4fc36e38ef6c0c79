// Appends that advance the high watermark when they become durable, and fetch wake-ups.
#include "cluster/partition.h"

#include <fmt/format.h>

#include "base/assert.h"
#include "cluster/errc.h"
#include "storage/errc.h"

namespace eventioz::cluster {

partition::partition(storage::topic_partition id, std::shared_ptr<storage::partition_log> log,
                     uint32_t owner_shard, partition_options options)
    : _id(std::move(id)),
      _log(std::move(log)),
      _owner_shard(owner_shard),
      _probe(_id.topic),
      _options(options) {
  // Whatever survived recovery is durable, hence readable.
  offset durable = _log->durable_end_offset();
  _log->advance_committed(durable);
  _high_watermark = durable.value();
}

namespace {

// The header of the one batch with a producer id in `batches`, if there is one; control
// batches are refused (only the broker writes them), and so is an idempotent batch sharing
// the append with others (Kafka's rule: one batch per partition per produce request).
result<std::optional<model::record_batch_header>> producer_batch_header(
    std::span<const mutable_byte_span> batches) {
  for (mutable_byte_span batch : batches) {
    auto header = model::parse_batch_header(batch);
    if (!header) {
      if (batches.size() == 1)
        return std::optional<model::record_batch_header>();  // the log's validation reports it
      return header.error_value();
    }
    if (header->is_control()) {
      return error(errc::producer_batch_refused,
                   "control batches (transaction markers) are written by the broker, not sent "
                   "by producers");
    }
    if (header->producer_id < 0) continue;
    if (batches.size() > 1) {
      return error(errc::producer_batch_refused,
                   "a batch with a producer id (idempotent or transactional) must be the only "
                   "batch of its partition in a produce request");
    }
    return std::optional(*header);
  }
  return std::optional<model::record_batch_header>();
}

}  // namespace

void partition::append(std::span<const mutable_byte_span> batches,
                       std::function<void(result<offset>)> done, uint64_t arrival,
                       append_note* note) {
  EVENTIOZ_ASSERT(!batches.empty(), "append of no batches to {}-{}", _id.topic, _id.partition);
  storage::log_config config = _log->config();
  for (mutable_byte_span batch : batches) {
    if (batch.size() > config.max_message_bytes) {
      return done(error(storage::errc::batch_too_large,
                        fmt::format("a batch of {} bytes exceeds max.message.bytes = {} of topic "
                                    "{}; send smaller batches or raise the topic's limit",
                                    batch.size(), config.max_message_bytes, _id.topic)));
    }
  }
  auto producer_header = producer_batch_header(batches);
  if (!producer_header) return done(producer_header.error_value());
  if (*producer_header) {
    return append_producer_batch(batches[0], **producer_header, config.syncs_every_append(),
                                 std::move(done), arrival);
  }
  if (_guard) return append_guarded(batches, std::move(done), note);
  offset first_base;
  offset last;
  for (size_t index = 0; index < batches.size(); ++index) {
    auto appended = _log->append(batches[index]);
    // Only an I/O failure can stop a later batch (all were validated); the log then cuts its
    // undurable tail, these batches included, before the next append.
    if (!appended) return done(appended.error_value());
    if (index == 0) first_base = appended->base_offset;
    last = appended->last_offset;
    _probe.appended(static_cast<uint64_t>(last.value() - appended->base_offset.value() + 1),
                    batches[index].size());
  }
  complete_append(first_base, last, config.syncs_every_append(), std::move(done), nullptr);
}

void partition::complete_append(offset first_base, offset last, bool syncs_every_append,
                                std::function<void(result<offset>)> done,
                                std::function<void()> undo,
                                std::function<status(const status&)> settle) {
  EVENTIOZ_ASSERT(!settle || syncs_every_append, "a guarded append of {}-{} must sync", _id.topic,
                  _id.partition);
  if (!syncs_every_append) {
    advance_high_watermark(last + 1);
    advance_committed_when_durable(last);
    return done(first_base);
  }
  _log->when_durable(last, [self = shared_from_this(), first_base, last, done = std::move(done),
                            undo = std::move(undo), settle = std::move(settle)](status synced) {
    if (!synced) {
      if (undo) undo();
      if (settle) (void)settle(synced);
      return done(synced.error_value());
    }
    self->_log->advance_committed(last + 1);
    status vouched = settle ? settle(synced) : ok_status();
    self->advance_high_watermark(last + 1);
    // Durable, but the guard cannot vouch for what it admitted: the appender retries.
    if (!vouched) return done(vouched.error_value());
    done(first_base);
  });
}

void partition::advance_committed_when_durable(offset last) {
  _log->when_durable(last, [self = shared_from_this(), last](status synced) {
    if (synced) self->_log->advance_committed(last + 1);
  });
}

offset partition::high_watermark() const { return offset(_high_watermark.load()); }

uint64_t partition::watch_high_watermark(offset seen, std::function<void()> wake) {
  {
    std::lock_guard lock(_mutex);
    if (high_watermark() <= seen) {
      uint64_t ticket = _next_ticket++;
      _watchers.emplace(ticket, std::move(wake));
      return ticket;
    }
  }
  wake();
  return 0;
}

void partition::unwatch(uint64_t ticket) {
  std::lock_guard lock(_mutex);
  _watchers.erase(ticket);
}

void partition::advance_high_watermark(offset end) {
  std::map<uint64_t, std::function<void()>> watchers;
  {
    std::lock_guard lock(_mutex);
    // A later append can have finished first: the high watermark only moves forward.
    if (end.value() <= _high_watermark.load()) return;
    _high_watermark = end.value();
    watchers.swap(_watchers);
  }
  for (auto& [ticket, wake] : watchers) wake();
}

}  // namespace eventioz::cluster
