// The read models of every projection, in one RocksDB at <data>/eventstore/projections.
// Derived data: deleting the directory makes every projection fold its store again from the
// start of the logs.
//
// Layout (do not change; integers are big-endian so that keys sort by them):
//   'c' <id:8>                 -> <entries:8>          the number of entries (the "keys" of status)
//   'p' <id:8> <partition:4>   -> <next offset:8>      the next offset of the partition to fold
//   'e' <id:8> <key bytes>     -> <version:8> <JSON>   one entry: its version and state
// `id` is the projection's catalog id (projection_catalog.h), never reused.
//
// commit() writes a fold step's entries, count and positions in one WriteBatch, so whatever
// survives a crash is a prefix of the fold steps: a position never runs ahead of (or behind)
// the entries it covers, and a restart neither loses nor double-applies an event.
//
// Thread-safe (RocksDB is); projection_runner orders commits against erase().
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "eventstore/projection_types.h"

namespace rocksdb {
class DB;
}

namespace eventioz::eventstore {

// What one fold step changes in one projection.
struct projection_changes {
  // Entries to write, or to delete (nullopt), by key.
  std::map<std::string, std::optional<projection_entry>> entries;
  int64_t key_count = 0;                 // the count after the changes
  std::map<int32_t, int64_t> positions;  // partitions whose next offset moved
};

class projection_db {
 public:
  // Opens (creating when missing) the database in `directory`. errc::index_failed on failure.
  static result<std::unique_ptr<projection_db>> open(const std::string& directory);
  ~projection_db();

  // The stored next offsets (partitions never folded are absent) and entry count.
  result<std::map<int32_t, int64_t>> positions(uint64_t id) const;
  result<int64_t> key_count(uint64_t id) const;
  // The entry, nullopt when there is none.
  result<std::optional<projection_entry>> get(uint64_t id, std::string_view key) const;
  // At most `limit` entries in key order whose keys start with `prefix` and sort after
  // `after_key` (exclusive; empty: from the first).
  result<std::vector<projection_entry>> entries(uint64_t id, std::string_view prefix,
                                                std::string_view after_key, size_t limit) const;

  status commit(uint64_t id, const projection_changes& changes);
  // Removes everything of projection `id`.
  status erase(uint64_t id);
  // The ids that have data here (to remove what no catalog entry owns any more).
  result<std::set<uint64_t>> stored_ids() const;

  // Writes the memtables to disk, so that a restart finds every commit in the table files
  // (the write-ahead log would replay them too; this makes the next open quick).
  status flush();

 private:
  explicit projection_db(std::unique_ptr<rocksdb::DB> db);

  std::unique_ptr<rocksdb::DB> _db;
};

}  // namespace eventioz::eventstore
