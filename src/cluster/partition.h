// One partition as the broker serves it: its log, the shard that owns it, and the high
// watermark (the end of what consumers may read) with the fetches waiting for it to move.
//
// In a single node the high watermark is the durable end: a batch becomes readable (and is
// acknowledged) once it has been fsynced, unless the topic opted into flush.messages > 1, in
// which case it is readable as soon as it is appended. The log's own committed end always
// stays at durable data, so recovery never finds committed bytes missing. Raft will later move
// the high watermark on quorum.
//
// Thread-safe. The owning shard is where the Kafka layer runs operations on the partition, so
// that one partition's appends are ordered by one thread; the log itself is also safe to call
// from elsewhere (housekeeping, admin).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <vector>

#include "base/result.h"
#include "storage/log_manager.h"
#include "storage/partition_log.h"

namespace eventioz::cluster {

class partition : public std::enable_shared_from_this<partition> {
 public:
  partition(storage::topic_partition id, std::shared_ptr<storage::partition_log> log,
            uint32_t owner_shard);

  const storage::topic_partition& id() const { return _id; }
  uint32_t owner_shard() const { return _owner_shard; }
  storage::partition_log& log() { return *_log; }

  // Appends `batches` in order, one after another with nothing in between, and calls `done`
  // with the first base offset once all are acknowledged: durable, or (for topics with
  // flush.messages > 1) appended. A batch over max.message.bytes fails the call before anything
  // is written. Each batch is rewritten in place (base offset, epoch). REQUIRES: when there is
  // more than one batch, the caller validated them all (a single one is validated here).
  // `done` runs on whichever thread completes it (a flush thread, or the caller's).
  void append(std::span<const mutable_byte_span> batches, std::function<void(result<offset>)> done);

  offset high_watermark() const;

  // Calls `wake` once, after the high watermark next moves past `seen` (at once, on this
  // thread, if it already has). Used by long-polling fetches; `wake` must be cheap and
  // thread-safe (it posts). Returns a ticket for unwatch(), which a fetch that finished
  // for another reason must call so idle partitions do not collect watchers.
  uint64_t watch_high_watermark(offset seen, std::function<void()> wake);
  void unwatch(uint64_t ticket);

 private:
  void advance_high_watermark(offset end);
  // The log's committed end may only cover durable data (recovery relies on it).
  void advance_committed_when_durable(offset last);

  storage::topic_partition _id;
  std::shared_ptr<storage::partition_log> _log;
  uint32_t _owner_shard;

  mutable std::mutex _mutex;
  std::map<uint64_t, std::function<void()>> _watchers;
  std::atomic<int64_t> _high_watermark{0};
  uint64_t _next_ticket = 1;
};

}  // namespace eventioz::cluster
