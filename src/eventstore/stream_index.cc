// The stream index on RocksDB (see stream_index.h).
#include "eventstore/stream_index.h"

#include <fmt/format.h>
#include <rocksdb/cache.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/table.h>
#include <spdlog/spdlog.h>

#include <filesystem>

#include "eventstore/errc.h"

namespace eventioz::eventstore {
namespace {

// Where the layout version is kept (outside every tagged range).
constexpr std::string_view format_key = "\x01index-format";

error rocksdb_error(const rocksdb::Status& failure, std::string_view doing) {
  return error(errc::index_failed,
               fmt::format("the event store index failed to {}: {}", doing, failure.ToString()));
}

rocksdb::Options index_options(size_t cache_bytes) {
  rocksdb::Options options;
  options.create_if_missing = true;
  // Two cores: one flush and one compaction at a time off the shards.
  options.max_background_jobs = 2;
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = rocksdb::NewLRUCache(cache_bytes);
  // Heads, ids and offsets are point lookups: a bloom filter spares reads of absent keys.
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return options;
}

rocksdb::WriteOptions unlogged() {
  rocksdb::WriteOptions options;
  options.disableWAL = true;  // derived data: see stream_index.h
  return options;
}

}  // namespace

stream_index::stream_index(std::unique_ptr<rocksdb::DB> db) : _db(std::move(db)) {}

stream_index::~stream_index() {
  if (_db) (void)flush();
}

result<std::unique_ptr<stream_index>> stream_index::open(const std::string& directory,
                                                         size_t cache_bytes) {
  std::error_code ignored;
  std::filesystem::create_directories(directory, ignored);
  rocksdb::Options options = index_options(cache_bytes);
  auto open_db = [&]() -> result<std::unique_ptr<rocksdb::DB>> {
    rocksdb::DB* raw = nullptr;
    rocksdb::Status opened = rocksdb::DB::Open(options, directory, &raw);
    if (!opened.ok()) return rocksdb_error(opened, "open " + directory);
    return std::unique_ptr<rocksdb::DB>(raw);
  };
  EVENTIOZ_TRY(auto db, open_db());
  std::string found;
  std::string wanted = std::to_string(index_format_version);
  rocksdb::Status read = db->Get(rocksdb::ReadOptions(), std::string(format_key), &found);
  if (read.ok() && found != wanted) {
    spdlog::warn(
        "event store index in {} has format {} (this build uses {}): rebuilding it "
        "from the logs",
        directory, found, wanted);
    db.reset();
    rocksdb::Status destroyed = rocksdb::DestroyDB(directory, options);
    if (!destroyed.ok()) return rocksdb_error(destroyed, "drop the old index");
    EVENTIOZ_TRY(db, open_db());
  }
  if (!read.ok() || found != wanted) {
    rocksdb::WriteOptions synced;
    synced.sync = true;
    rocksdb::Status written = db->Put(synced, std::string(format_key), wanted);
    if (!written.ok()) return rocksdb_error(written, "write the index format");
  }
  return std::unique_ptr<stream_index>(new stream_index(std::move(db)));
}

status stream_index::flush() {
  rocksdb::Status flushed = _db->Flush(rocksdb::FlushOptions());
  if (!flushed.ok()) return rocksdb_error(flushed, "flush");
  return ok_status();
}

result<stream_head> stream_index::head(const partition_key& partition,
                                       std::string_view stream) const {
  std::string value;
  rocksdb::Status read = _db->Get(rocksdb::ReadOptions(), head_key(partition, stream), &value);
  if (read.IsNotFound()) return stream_head{};
  if (!read.ok()) return rocksdb_error(read, "read a stream head");
  return decode_head(value);
}

result<int64_t> stream_index::watermark(const partition_key& partition) const {
  std::string value;
  rocksdb::Status read = _db->Get(rocksdb::ReadOptions(), watermark_key(partition), &value);
  if (read.IsNotFound()) return int64_t{0};
  if (!read.ok()) return rocksdb_error(read, "read the index position");
  size_t at = 0;
  auto next = get_u64(value, &at);
  if (!next) return error(errc::index_failed, "the event store index position is damaged");
  return static_cast<int64_t>(*next);
}

result<std::vector<stored_event>> stream_index::events(const partition_key& partition,
                                                       std::string_view stream, int64_t from,
                                                       bool backwards, size_t limit) const {
  std::vector<stored_event> found;
  found.reserve(std::min<size_t>(limit, 10'000));
  std::string prefix = stream_events_prefix(partition, stream);
  std::string upper = prefix_end(prefix);
  rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions options;
  if (!backwards) options.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(_db->NewIterator(options));
  if (backwards) {
    if (from < 0) {
      // The last key at or below prefix_end: prefix_end is no event key (those are 8 bytes
      // longer than a stream's prefix), so this is the stream's last event, if any.
      it->SeekForPrev(upper);
    } else {
      it->SeekForPrev(event_key(partition, stream, from));
    }
  } else {
    it->Seek(event_key(partition, stream, std::max<int64_t>(from, 0)));
  }
  while (it->Valid() && found.size() < limit) {
    rocksdb::Slice key = it->key();
    if (!key.starts_with(prefix)) break;
    EVENTIOZ_TRY(stored_event event,
                 decode_event(std::string_view(it->value().data(), it->value().size())));
    event.stream = stream;
    event.version = version_suffix(std::string_view(key.data(), key.size()));
    event.partition = partition.partition();
    found.push_back(std::move(event));
    if (backwards) {
      it->Prev();
    } else {
      it->Next();
    }
  }
  if (!it->status().ok()) return rocksdb_error(it->status(), "read a stream");
  return found;
}

result<std::optional<stored_event>> stream_index::event(const partition_key& partition,
                                                        std::string_view stream,
                                                        int64_t version) const {
  std::string value;
  rocksdb::Status read =
      _db->Get(rocksdb::ReadOptions(), event_key(partition, stream, version), &value);
  if (read.IsNotFound()) return std::optional<stored_event>();
  if (!read.ok()) return rocksdb_error(read, "read an event");
  EVENTIOZ_TRY(stored_event event, decode_event(value));
  event.stream = stream;
  event.version = version;
  event.partition = partition.partition();
  return std::optional(std::move(event));
}

result<std::optional<event_location>> stream_index::find_event_id(const partition_key& partition,
                                                                  std::string_view id) const {
  std::string value;
  rocksdb::Status read = _db->Get(rocksdb::ReadOptions(), event_id_key(partition, id), &value);
  if (read.IsNotFound()) return std::optional<event_location>();
  if (!read.ok()) return rocksdb_error(read, "read an event id");
  EVENTIOZ_TRY(event_location location, decode_location(value));
  return std::optional(std::move(location));
}

result<std::optional<event_location>> stream_index::at_offset(const partition_key& partition,
                                                              int64_t offset) const {
  std::string value;
  rocksdb::Status read = _db->Get(rocksdb::ReadOptions(), offset_key(partition, offset), &value);
  if (read.IsNotFound()) return std::optional<event_location>();
  if (!read.ok()) return rocksdb_error(read, "read an offset");
  EVENTIOZ_TRY(event_location location, decode_location(value));
  return std::optional(std::move(location));
}

result<std::optional<stream_index::snapshot>> stream_index::snapshot_at_or_before(
    const partition_key& partition, std::string_view stream, std::string_view identity,
    int64_t version) const {
  std::string prefix = snapshot_prefix(partition, stream, identity);
  std::unique_ptr<rocksdb::Iterator> it(_db->NewIterator(rocksdb::ReadOptions()));
  it->SeekForPrev(snapshot_key(partition, stream, identity, version));
  if (!it->Valid() || !it->key().starts_with(prefix)) {
    if (!it->status().ok()) return rocksdb_error(it->status(), "read a snapshot");
    return std::optional<snapshot>();
  }
  std::string_view value(it->value().data(), it->value().size());
  size_t at = 0;
  auto timestamp = get_u64(value, &at);
  if (!timestamp) return error(errc::index_failed, "a snapshot in the index is damaged");
  return std::optional(
      snapshot{version_suffix(std::string_view(it->key().data(), it->key().size())),
               static_cast<int64_t>(*timestamp), std::string(value.substr(at))});
}

status stream_index::put_snapshot(const partition_key& partition, std::string_view stream,
                                  std::string_view identity, const snapshot& taken) {
  std::string value;
  put_u64(value, static_cast<uint64_t>(taken.timestamp_ms));
  value += taken.state;
  rocksdb::Status written =
      _db->Put(unlogged(), snapshot_key(partition, stream, identity, taken.version), value);
  if (!written.ok()) return rocksdb_error(written, "write a snapshot");
  return ok_status();
}

result<std::vector<std::string>> stream_index::deleted_streams(
    const partition_key& partition) const {
  std::vector<std::string> streams;
  std::string prefix = partition.prefix('D');
  std::unique_ptr<rocksdb::Iterator> it(_db->NewIterator(rocksdb::ReadOptions()));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    streams.emplace_back(it->key().data() + prefix.size(), it->key().size() - prefix.size());
  }
  if (!it->status().ok()) return rocksdb_error(it->status(), "list deleted streams");
  return streams;
}

status stream_index::forget_deleted(const partition_key& partition,
                                    const std::vector<std::string>& streams) {
  rocksdb::WriteBatch batch;
  for (const std::string& stream : streams) batch.Delete(deleted_key(partition, stream));
  return write(batch);
}

result<std::set<std::string>> stream_index::topics() const {
  // Every indexed partition has a watermark: 'W' topic 0 partition.
  std::set<std::string> found;
  std::unique_ptr<rocksdb::Iterator> it(_db->NewIterator(rocksdb::ReadOptions()));
  for (it->Seek("W"); it->Valid() && it->key().starts_with("W");) {
    std::string_view key(it->key().data() + 1, it->key().size() - 1);
    std::string topic(key.substr(0, key.find('\0')));
    found.insert(topic);
    it->Seek(prefix_end(topic_prefix('W', topic)));
  }
  if (!it->status().ok()) return rocksdb_error(it->status(), "list indexed topics");
  return found;
}

status stream_index::write(rocksdb::WriteBatch& batch) {
  rocksdb::Status written = _db->Write(unlogged(), &batch);
  if (!written.ok()) return rocksdb_error(written, "write");
  return ok_status();
}

status stream_index::drop_partition(const partition_key& partition) {
  rocksdb::WriteBatch batch;
  for (char tag : {'W', 'H', 'V', 'O', 'E', 'S', 'D'}) {
    std::string prefix = partition.prefix(tag);
    batch.DeleteRange(prefix, prefix_end(prefix));
  }
  return write(batch);
}

status stream_index::drop_topic(std::string_view topic) {
  rocksdb::WriteBatch batch;
  for (char tag : {'W', 'H', 'V', 'O', 'E', 'S', 'D'}) {
    std::string prefix = topic_prefix(tag, topic);
    batch.DeleteRange(prefix, prefix_end(prefix));
  }
  EVENTIOZ_RETURN_IF_ERROR(write(batch));
  // A dropped topic's index must not come back after a crash (a topic of the same name may be
  // created next): flush now.
  return flush();
}

void stream_index::put_watermark(rocksdb::WriteBatch& batch, const partition_key& partition,
                                 int64_t next_offset) {
  std::string value;
  put_u64(value, static_cast<uint64_t>(next_offset));
  batch.Put(watermark_key(partition), value);
}

void stream_index::put_head(rocksdb::WriteBatch& batch, const partition_key& partition,
                            std::string_view stream, const stream_head& head) {
  batch.Put(head_key(partition, stream), encode_head(head));
}

void stream_index::put_event(rocksdb::WriteBatch& batch, const partition_key& partition,
                             const stored_event& event) {
  batch.Put(event_key(partition, event.stream, event.version), encode_event(event));
  event_location location{event.stream, event.version, event.offset};
  std::string where = encode_location(location);
  batch.Put(offset_key(partition, event.offset), where);
  if (!event.id.empty()) batch.Put(event_id_key(partition, event.id), where);
}

status stream_index::delete_stream_data(rocksdb::WriteBatch& batch, const partition_key& partition,
                                        std::string_view stream, int64_t tombstone_offset) const {
  // Ids and offsets are keyed by themselves: find them through the stream's events.
  std::string prefix = stream_events_prefix(partition, stream);
  std::unique_ptr<rocksdb::Iterator> it(_db->NewIterator(rocksdb::ReadOptions()));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    EVENTIOZ_TRY(stored_event event,
                 decode_event(std::string_view(it->value().data(), it->value().size())));
    batch.Delete(offset_key(partition, event.offset));
    if (!event.id.empty()) batch.Delete(event_id_key(partition, event.id));
  }
  if (!it->status().ok()) return rocksdb_error(it->status(), "read a stream to delete");
  batch.DeleteRange(prefix, prefix_end(prefix));
  std::string snapshots = stream_snapshots_prefix(partition, stream);
  batch.DeleteRange(snapshots, prefix_end(snapshots));
  std::string offset_value;
  put_u64(offset_value, static_cast<uint64_t>(tombstone_offset));
  batch.Put(deleted_key(partition, stream), offset_value);
  return ok_status();
}

}  // namespace eventioz::eventstore
