// Housekeeping: removing deleted streams' events from the logs (GDPR; stream_purge.h).
#include <spdlog/spdlog.h>

#include "eventstore/event_store.h"
#include "eventstore/stream_index.h"
#include "eventstore/stream_purge.h"

namespace eventioz::eventstore {

result<uint64_t> event_store::purge_deleted_streams() {
  if (!_topics) return uint64_t{0};
  uint64_t removed = 0;
  for (const store_info& store : stores()) {
    for (int32_t p = 0; p < store.partitions; ++p) {
      partition_key key(store.name, p);
      EVENTIOZ_TRY(auto deleted, _index->deleted_streams(key));
      if (deleted.empty()) continue;
      EVENTIOZ_TRY(auto opened, _topics->get_partition(store.name, p));
      storage::partition_log& log = opened->log();
      std::set<std::string> streams(deleted.begin(), deleted.end());
      EVENTIOZ_TRY(uint64_t count, purge_streams(log, streams));
      removed += count;
      // A stream is done once everything before its tombstone is in sealed, committed
      // segments: those the purge just rewrote.
      std::vector<std::string> done;
      for (const std::string& stream : deleted) {
        EVENTIOZ_TRY(stream_head head, _index->head(key, stream));
        if (head.tombstone_offset < log.active_segment_base_offset().value() &&
            head.tombstone_offset < log.committed_end_offset().value()) {
          done.push_back(stream);
        }
      }
      EVENTIOZ_RETURN_IF_ERROR(_index->forget_deleted(key, done));
      if (count > 0) {
        spdlog::info("event store {}-{}: purged {} events of {} deleted streams", store.name, p,
                     count, deleted.size());
      }
    }
  }
  return removed;
}

}  // namespace eventioz::eventstore
