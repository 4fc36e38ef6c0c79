// The projections that exist: their definitions, kept in <data>/eventstore/projections.json.
// This file is the source of truth (the read models in RocksDB are derived and may be deleted);
// it is replaced durably (temp file, fsync, rename) on every change, so a crash leaves the old
// or the new catalog, never a torn one.
//
// File format (do not change without reading the old one):
//   {"format": 1, "next_id": N,
//    "projections": [{"id": I, "store": S, "name": N, "reducer": <spec>, "key": K,
//                     "types": [T...]}, ...]}
// `id` names a projection's data in RocksDB (projection_db.h). Ids are never reused, so data
// left behind by a deleted projection can never be mistaken for a new one of the same name.
//
// Not thread-safe: projection_runner serialises access.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"
#include "eventstore/projection_types.h"
#include "io/file_system.h"

namespace eventioz::eventstore {

struct catalog_entry {
  uint64_t id = 0;
  projection_definition definition;
};

struct projection_catalog {
  uint64_t next_id = 1;
  std::vector<catalog_entry> projections;
};

// The catalog at `path`; an empty one when the file does not exist. A file that does not parse
// is an error (the definitions are the user's: never dropped silently).
result<projection_catalog> load_projection_catalog(io::file_system& fs, const std::string& path);
status save_projection_catalog(io::file_system& fs, const std::string& path,
                               const projection_catalog& catalog);

// Checks what can be checked without the store: the name, the key and the type filter.
// errc::invalid_projection with a message saying what to change.
status check_projection_definition(const projection_definition& definition);

}  // namespace eventioz::eventstore
