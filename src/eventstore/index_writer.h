// Writes indexed events, heads and tombstones of one store partition into the stream index in
// log order, one RocksDB write batch at a time, each carrying the watermark it reaches. Used
// by the guard (as appends become durable) and by catch-up (reading the log).
//
// A tombstone first commits what came before it, so that deleting the stream's data sees its
// earlier events in the database. Not thread-safe: one writer per use, under the guard's lock.
#pragma once

#include <rocksdb/write_batch.h>

#include <string>
#include <string_view>
#include <unordered_map>

#include "eventstore/stream_index.h"

namespace eventioz::eventstore {

class index_writer {
 public:
  index_writer(stream_index& index, const partition_key& partition)
      : _index(index), _partition(partition) {}

  // REQUIRES: event.stream, version and offset set.
  void add_event(const stored_event& event);
  // The stream, with `next_version` versions, is deleted by the tombstone at `offset`.
  status add_tombstone(std::string_view stream, int64_t next_version, int64_t offset);
  // Writes what was added, with the index covering the log below `watermark`.
  status commit(int64_t watermark);

 private:
  stream_index& _index;
  const partition_key& _partition;
  rocksdb::WriteBatch _batch;
  // Each stream's head as the events added so far leave it: written once per commit.
  std::unordered_map<std::string, int64_t> _next_versions;
};

}  // namespace eventioz::eventstore
