// One fold step of a projection: the records of a chunk of one partition's log, applied by the
// projection's reducer to the entries they key, giving the changes to commit (projection_db.h)
// and where the next step starts.
//
// Per record: control batches and records without a key are skipped; a tombstone (null value)
// deletes the entry of its stream when the key is "stream" (and is skipped otherwise); events
// whose type is not in the filter are skipped; with a JSON-pointer key, events whose data has
// no string or number there are skipped. An event folds into its entry's state (the reducer's
// initial state for a new key) and adds one to the entry's version.
//
// A reducer error ends the step at that event: the changes before it are kept, `next_offset`
// is the failing event's offset and `failure` says why. Reducers are pure, so folding the same
// event again (after a restart) fails the same way.
//
// Thread-safe (const).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "base/bytes.h"
#include "base/result.h"
#include "eventstore/json_path.h"
#include "eventstore/projection_db.h"
#include "eventstore/projection_types.h"
#include "eventstore/reducer.h"

namespace eventioz::eventstore {

struct fold_outcome {
  projection_changes changes;  // positions: only the partition folded
  int64_t next_offset = 0;
  size_t events_folded = 0;
  std::optional<std::string> failure;
};

class projection_folder {
 public:
  // The current entry of a key (nullopt: none yet), from the read model.
  using entry_loader =
      std::function<result<std::optional<projection_entry>>(const std::string& key)>;

  // REQUIRES: `definition` passed check_projection_definition.
  projection_folder(projection_definition definition, std::shared_ptr<const reducer> reducer);

  const projection_definition& definition() const { return _definition; }

  // Folds the records at or after `start` in `batches` (whole batches, as
  // partition_log::read_verified returns them) of `partition`, with `key_count` entries in the
  // read model before. Errors: a batch that does not decode, or `load` failing.
  result<fold_outcome> fold(byte_span batches, int32_t partition, int64_t start, int64_t key_count,
                            const entry_loader& load) const;

 private:
  projection_definition _definition;
  std::shared_ptr<const reducer> _reducer;
  std::optional<json_path> _key_path;  // unset: the key is "stream"
};

}  // namespace eventioz::eventstore
