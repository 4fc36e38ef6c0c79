// The stream index: a RocksDB database under <data>/eventstore/index holding, per store
// partition, each stream's head (next version, deleted), its events by version (a copy of each
// event, so that a stream reads in one range scan however its events are spread over the log),
// offsets to versions, event ids to versions (idempotent retries), snapshots, and how far the
// log has been indexed (the watermark). Key layout: index_keys.h.
//
// Derived data (design §8): it is rebuilt from the logs when missing or behind. Writes skip
// RocksDB's write-ahead log: a crash loses the newest writes as a whole (RocksDB persists a
// prefix of the writes of one column family), and every write batch carries the watermark that
// matches it, so catching up from the watermark that survived restores the rest exactly.
//
// Thread-safe (RocksDB is). Owned by event_store.
#pragma once

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/result.h"
#include "eventstore/index_keys.h"

namespace eventioz::eventstore {

class stream_index {
 public:
  // Opens (creating) the database in `directory`. A database of another index_format_version
  // is dropped and created again (the logs rebuild it).
  static result<std::unique_ptr<stream_index>> open(const std::string& directory,
                                                    size_t cache_bytes);
  ~stream_index();

  // Flushes the memtables, so a clean restart has nothing to catch up.
  status flush();

  result<stream_head> head(const partition_key& partition, std::string_view stream) const;
  result<int64_t> watermark(const partition_key& partition) const;  // 0 when never indexed
  // Up to `limit` events from `from` (inclusive), forwards or backwards (from = -1: the last).
  result<std::vector<stored_event>> events(const partition_key& partition, std::string_view stream,
                                           int64_t from, bool backwards, size_t limit) const;
  result<std::optional<stored_event>> event(const partition_key& partition, std::string_view stream,
                                            int64_t version) const;
  result<std::optional<event_location>> find_event_id(const partition_key& partition,
                                                      std::string_view id) const;
  result<std::optional<event_location>> at_offset(const partition_key& partition,
                                                  int64_t offset) const;
  // The newest snapshot at or before `version`: its version, timestamp and state text.
  struct snapshot {
    int64_t version = -1;
    int64_t timestamp_ms = 0;
    std::string state;
  };
  result<std::optional<snapshot>> snapshot_at_or_before(const partition_key& partition,
                                                        std::string_view stream,
                                                        std::string_view identity,
                                                        int64_t version) const;
  status put_snapshot(const partition_key& partition, std::string_view stream,
                      std::string_view identity, const snapshot& taken);
  // Deleted streams whose events the log may still hold (for the purge).
  result<std::vector<std::string>> deleted_streams(const partition_key& partition) const;
  status forget_deleted(const partition_key& partition, const std::vector<std::string>& streams);

  // The topics the index holds anything of.
  result<std::set<std::string>> topics() const;

  // Applies `batch` (built with the helpers below) without the write-ahead log.
  status write(rocksdb::WriteBatch& batch);
  // Removes every key of a partition / a topic.
  status drop_partition(const partition_key& partition);
  status drop_topic(std::string_view topic);

  // Batch helpers.
  static void put_watermark(rocksdb::WriteBatch& batch, const partition_key& partition,
                            int64_t next_offset);
  static void put_head(rocksdb::WriteBatch& batch, const partition_key& partition,
                       std::string_view stream, const stream_head& head);
  // The event (its stream, version and offset set), its offset and its id.
  static void put_event(rocksdb::WriteBatch& batch, const partition_key& partition,
                        const stored_event& event);
  // Everything of a stream except its head (which then says deleted), for a tombstone.
  status delete_stream_data(rocksdb::WriteBatch& batch, const partition_key& partition,
                            std::string_view stream, int64_t tombstone_offset) const;

 private:
  explicit stream_index(std::unique_ptr<rocksdb::DB> db);

  std::unique_ptr<rocksdb::DB> _db;
};

}  // namespace eventioz::eventstore
