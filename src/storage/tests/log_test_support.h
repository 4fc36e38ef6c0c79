// Helpers shared by the storage tests: temporary directories and batches to append.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "model/record_batch.h"
#include "storage/flush_scheduler.h"
#include "storage/partition_log.h"

namespace eventioz::storage::testing {

// A fresh directory under the system temp dir, removed with everything in it at destruction.
class temporary_directory {
 public:
  temporary_directory();
  ~temporary_directory();
  const std::string& path() const { return _path; }

 private:
  std::string _path;
};

struct batch_spec {
  int record_count = 1;
  size_t value_size = 16;
  std::string key_prefix = "key";
  int64_t timestamp = 1'700'000'000'000;
  model::compression codec = model::compression::none;
};

// A valid batch of `spec.record_count` records with keys "<prefix><i>" and values filled with
// the record's index.
byte_buffer make_batch(const batch_spec& spec = {});

// A batch of one record with the given key and value (nullopt value = tombstone).
byte_buffer make_keyed_batch(const std::string& key, std::optional<std::string> value,
                             int64_t timestamp = 1'700'000'000'000);

// Lets a test pass a freshly built batch where a mutable span is expected.
inline mutable_byte_span temporary_buffer(byte_buffer&& batch) {
  static thread_local byte_buffer keeper;
  keeper = std::move(batch);
  return keeper;
}

// Appends and waits until durable; advances the committed offset like a single-node owner.
append_result append_durably(partition_log& log, byte_buffer batch);

// Every record of the log from `start` up to its committed end, via read_verified.
std::vector<model::record> read_all_records(partition_log& log, offset start = offset(0));

}  // namespace eventioz::storage::testing
