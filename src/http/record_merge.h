// Merging the records of several partitions by timestamp for one consume answer (GET
// /v1/topics/{topic}/records without `partition`): a k-way merge over the partitions' heads.
//
// A partition is a log: its records go out in offset order, always. Their timestamps are set by
// producers (CreateTime), so they need not grow with the offsets; sorting all records by
// timestamp would take a later record of a partition before an earlier one, and `next_offsets`
// (one offset per partition) could then skip or repeat records. Instead, among the partitions'
// next records (each partition's first record not yet taken, in offset order), the one with the
// smallest timestamp goes next; on a tie the lower source (partition) first. What an answer takes
// of each partition is then a prefix of it, and where it continues is exact.
//
// The merge only orders sources; the caller keeps the records, offers a source's next record
// once the previous one was taken, and may read a partition lazily in between.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace eventioz::http {

class timestamp_merge {
 public:
  // `source` has a next record with this timestamp. A source is offered at most once until it
  // is taken.
  void offer(size_t source, int64_t timestamp);

  // The source whose next record goes next (smallest timestamp, then smallest source), which is
  // no longer offered; none when no source is.
  std::optional<size_t> take();

  bool empty() const { return _heads.empty(); }

 private:
  struct head {
    int64_t timestamp;
    size_t source;
  };
  std::vector<head> _heads;  // a min-heap by (timestamp, source)
};

}  // namespace eventioz::http
