// The event store (design §1, §3): aggregate streams in event-store topics, appended with
// optimistic concurrency, read by stream or in log order, folded into state by reducers with
// snapshots and time travel, and kept in projections. docs/event-store.md is the user's view.
//
// Model: a store is a topic with eventioz.store=true (store_config.h). A stream is every
// record with one key in one partition (the HTTP API puts a stream in the partition the Kafka
// Java client would: murmur2 of the id); an event's version is its 0-based position in its
// stream, given by the broker as the record is appended. Every append to a store's partition
// (this API, HTTP produce, Kafka produce) passes the partition's stream guard
// (stream_partition.h), which checks expected versions and keeps the stream index
// (stream_index.h, RocksDB under <data>/eventstore) in step with the log. The index is derived:
// deleting it rebuilds it from the logs.
//
// Lifecycle: open() before the topic manager (the extension goes into its options), attach()
// once it is open, close() after the listeners stop and before the topic manager closes.
// Thread-safe. append() and delete_stream() run the partition's append on its owner shard
// (io::shard_set) and answer from a flush thread; reads run on the caller's thread and touch
// only RocksDB (stream reads, state) or the log (read_all).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/result.h"
#include "cluster/topic_extension.h"
#include "cluster/topic_manager.h"
#include "eventstore/event_envelope.h"
#include "eventstore/expected_version.h"
#include "eventstore/index_keys.h"
#include "eventstore/projection_types.h"
#include "eventstore/reducer.h"
#include "eventstore/reducer_registry.h"
#include "eventstore/store_config.h"
#include "io/shard_set.h"

namespace eventioz::eventstore {

class stream_index;
class stream_partition;
class projection_runner;

struct event_store_options {
  std::string data_directory = "data";  // the index lives in <data>/eventstore/index
  // RocksDB's block cache for the index.
  size_t index_cache_bytes = 64 << 20;
};

// --- Appends ---

struct append_request {
  std::string store;
  std::string stream;
  expected_version expected;
  std::vector<event_to_write> events;  // 1 or more; one batch, atomic
};

struct append_outcome {
  int32_t partition = -1;
  int64_t first_version = -1;
  int64_t last_version = -1;
  int64_t first_offset = -1;  // event i is at first_offset + i
  bool duplicate = false;     // a retry: these are the first append's versions and offsets
};

struct append_reply {
  std::optional<error> failure;  // set: the append failed; nothing was written
  append_outcome outcome;
  // With errc::wrong_expected_version (and stream_deleted): the stream's current version,
  // -1 when it has no events.
  int64_t current_version = -1;
};

// --- Reads ---

struct stream_read_request {
  std::string store;
  std::string stream;
  // Forwards: the first version returned. Backwards: the last one (-1: from the end).
  int64_t from_version = 0;
  bool backwards = false;
  size_t limit = 100;  // at most this many events (callers bound it)
};

struct stream_page {
  int32_t partition = -1;
  int64_t current_version = -1;  // the stream's last version, -1: no events
  std::vector<stored_event> events;
  // Where the next page starts (the version after the last returned, or before it backwards);
  // nullopt when there is nothing more.
  std::optional<int64_t> next_version;
};

struct state_request {
  std::string store;
  std::string stream;
  std::optional<int64_t> as_of_version;  // the state after this version
  std::optional<int64_t> as_of_time_ms;  // the state after the last event at or before it
  // A reducer spec instead of the store's (reducer_spec.h); null: the store's.
  nlohmann::json reducer = nullptr;
};

struct stream_state {
  int64_t version = -1;  // the last event folded in, -1: none (the initial state)
  int64_t timestamp_ms = 0;
  nlohmann::json state;
  // The snapshot the fold started from, if one was used.
  std::optional<int64_t> snapshot_version;
  size_t events_folded = 0;
};

// A page of a whole store in log order: per partition, its events in offset order; across
// partitions, merged by timestamp.
struct log_read_request {
  std::string store;
  // Per partition, the offset to continue from (absent: the log start).
  std::map<int32_t, int64_t> from_offsets;
  std::vector<std::string> types;  // empty: every type
  size_t limit = 100;
  size_t max_scan_records = 100'000;  // records looked at before answering a partial page
};

struct log_page {
  std::vector<stored_event> events;         // version set from the index
  std::map<int32_t, int64_t> next_offsets;  // continue here (every partition)
};

// --- Stores ---

struct store_partition_status {
  int32_t partition = -1;
  int64_t indexed_offset = 0;  // the index covers the log below this offset
  int64_t high_watermark = 0;
};

struct store_info {
  std::string name;
  int32_t partitions = 0;
  store_settings settings;
  std::vector<store_partition_status> index;  // filled by describe_store
};

struct create_store_request {
  std::string name;
  int32_t partitions = -1;                     // -1: the broker default
  store_settings settings;                     // `enabled` is implied
  std::map<std::string, std::string> configs;  // further topic configs
};

class event_store {
 public:
  static result<std::unique_ptr<event_store>> open(event_store_options options);
  ~event_store();

  // What the topic manager needs (configs, guards, deletions): put it in
  // topic_manager_options::extensions before opening the topic manager.
  cluster::topic_extension topic_extension();
  // REQUIRES: once, after the topic manager is open. Catches every store's index up with its
  // log and starts the projections.
  status attach(cluster::topic_manager& topics, io::shard_set& shards);
  status close();

  reducer_registry& reducers() { return _reducers; }

  result<store_info> create_store(const create_store_request& request);
  std::vector<store_info> stores() const;
  result<store_info> describe_store(const std::string& name) const;

  void append(append_request request, std::function<void(append_reply)> done);
  // Appends the stream's tombstone: the stream reads as deleted and takes no more appends; its
  // events leave the index at once and the log at the next purge (purge_deleted_streams).
  void delete_stream(const std::string& store, const std::string& stream,
                     std::function<void(result<int64_t>)> done);

  result<stream_page> read_stream(const stream_read_request& request) const;
  result<stream_state> state(const state_request& request) const;
  result<log_page> read_all(const log_read_request& request) const;
  // The stream version of the event at `offset` of a store's partition (subscriptions render
  // it); nullopt when the index does not know that offset (yet, or it holds no event).
  std::optional<int64_t> version_of(const std::string& store, int32_t partition,
                                    int64_t offset) const;

  // The partition of `stream` in a store of `partitions` partitions (murmur2, as Kafka's Java
  // client places keys).
  static int32_t partition_of(std::string_view stream, int32_t partitions);

  // Projections (projection_runner.h).
  result<projection_status> create_projection(const projection_definition& definition);
  status delete_projection(const std::string& store, const std::string& name);
  std::vector<projection_status> projections(const std::string& store) const;
  result<projection_status> projection(const std::string& store, const std::string& name) const;
  result<projection_entry> projection_get(const std::string& store, const std::string& name,
                                          const std::string& key) const;
  // Entries in key order with keys starting with `prefix`, after `after_key` (exclusive).
  result<std::vector<projection_entry>> projection_list(const std::string& store,
                                                        const std::string& name,
                                                        const std::string& prefix,
                                                        const std::string& after_key,
                                                        size_t limit) const;

  // Rewrites the sealed segments of every store partition without the events of deleted
  // streams (housekeeping; blocks on I/O). Returns the number of records removed.
  result<uint64_t> purge_deleted_streams();

 private:
  explicit event_store(event_store_options options);

  // A stream with events: its store, partition and head (errc::stream_not_found /
  // stream_deleted otherwise), once the partition's guard is current with the log.
  struct located_stream {
    store_info store;
    int32_t partition = -1;
    partition_key key;
    stream_head head;
  };
  result<located_stream> locate_stream(const std::string& store, const std::string& stream) const;
  // The store topic `name` (errc::store_not_found / not_a_store) and its settings.
  result<store_info> find_store(const std::string& name) const;
  // The guard of an open store partition, opening the partition if needed.
  result<std::shared_ptr<stream_partition>> guard_of(const std::string& store,
                                                     int32_t partition) const;
  std::shared_ptr<cluster::append_guard> make_guard(const cluster::topic_metadata& topic,
                                                    int32_t partition,
                                                    std::shared_ptr<storage::partition_log> log);
  void forget_topic(const std::string& topic);
  // stream_state.cc: the reducer a state request folds with (the store's, or the request's).
  result<std::shared_ptr<const reducer>> reducer_for(const store_info& store,
                                                     const nlohmann::json& spec) const;
  result<int64_t> version_at_time(const partition_key& key, const std::string& stream,
                                  int64_t last_version, int64_t time_ms) const;
  // Removes the index of store topics that no longer exist (deleted while the broker was down).
  status drop_index_of_missing_topics(const std::set<std::string>& store_topics);
  // event_store_projections.cc: the projection runner's lifecycle.
  status start_projections();
  void stop_projections();
  void forget_projections_of(const std::string& topic);

  event_store_options _options;
  reducer_registry _reducers;
  std::unique_ptr<stream_index> _index;
  cluster::topic_manager* _topics = nullptr;
  io::shard_set* _shards = nullptr;
  std::unique_ptr<projection_runner> _projections;
  mutable std::mutex _guards_mutex;
  std::map<std::pair<std::string, int32_t>, std::weak_ptr<stream_partition>> _guards;
};

}  // namespace eventioz::eventstore
