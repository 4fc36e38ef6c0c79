// Expected failures of the event store. The HTTP layer maps each to a status (409 for a wrong
// expected version, 410 for a deleted stream, ...); Kafka produce answers INVALID_RECORD for
// the ones a batch can meet, with the message.
#pragma once

#include <system_error>

namespace eventioz::eventstore {

enum class errc {
  not_a_store = 1,           // the topic exists but is not an event store (eventioz.store=false)
  store_not_found,           // no such topic
  stream_not_found,          // reading or folding a stream that has no events
  stream_deleted,            // the stream was deleted (a tombstone): no reads, no appends
  wrong_expected_version,    // the stream is not at the version the append expected
  invalid_expected_version,  // an expected version that does not parse
  event_id_conflict,         // an event id already used by another append
  invalid_event,             // an event or record a store cannot hold (no key, bad data, ...)
  transactional_write,       // a transactional batch: stores do not take transactions
  invalid_reducer,           // a reducer spec that does not parse
  reducer_failed,            // a reducer could not apply an event (names the version)
  version_out_of_range,      // as_of_version past the stream's end, or negative
  invalid_store_config,      // an eventioz.store* config that does not parse or may not change
  index_failed,              // the index (RocksDB) failed to read or write
  projection_not_found,      // no projection of that name
  projection_exists,         // creating a projection whose name is taken
  invalid_projection,        // a projection definition that is not valid (name, key, types)
};

const std::error_category& error_category();

inline std::error_code make_error_code(errc code) {
  return {static_cast<int>(code), error_category()};
}

}  // namespace eventioz::eventstore

template <>
struct std::is_error_code_enum<eventioz::eventstore::errc> : std::true_type {};
