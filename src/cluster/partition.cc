// Appends that advance the high watermark when they become durable, and fetch wake-ups.
#include "cluster/partition.h"

namespace eventioz::cluster {

partition::partition(storage::topic_partition id, std::shared_ptr<storage::partition_log> log,
                     uint32_t owner_shard)
    : _id(std::move(id)), _log(std::move(log)), _owner_shard(owner_shard) {
  // Whatever survived recovery is durable, hence readable.
  _log->advance_committed(_log->durable_end_offset());
}

void partition::append(mutable_byte_span batch,
                       std::function<void(result<storage::append_result>)> done) {
  auto appended = _log->append(batch);
  if (!appended) {
    done(appended.error_value());
    return;
  }
  storage::append_result where = *appended;
  if (!_log->config().syncs_every_append()) {
    advance_high_watermark(where.last_offset + 1);
    done(where);
    return;
  }
  _log->when_durable(where.last_offset,
                     [self = shared_from_this(), where, done = std::move(done)](status synced) {
                       if (!synced) {
                         done(synced.error_value());
                         return;
                       }
                       self->advance_high_watermark(where.last_offset + 1);
                       done(where);
                     });
}

offset partition::high_watermark() const { return _log->committed_end_offset(); }

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
    // The durable end can already be past `end` (a later flush finished first); the committed
    // end only moves forward.
    _log->advance_committed(end);
    watchers.swap(_watchers);
  }
  for (auto& [ticket, wake] : watchers) wake();
}

}  // namespace eventioz::cluster
