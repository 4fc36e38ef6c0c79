// The projections' RocksDB: key encoding and the few reads and writes the runner needs.
#include "eventstore/projection_db.h"

#include <fmt/format.h>
#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>

#include "eventstore/errc.h"

namespace eventioz::eventstore {
namespace {

constexpr char count_tag = 'c';
constexpr char position_tag = 'p';
constexpr char entry_tag = 'e';

void put_big_endian(std::string& out, uint64_t value, int bytes) {
  for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((value >> shift) & 0xff));
  }
}

uint64_t get_big_endian(std::string_view in, int bytes) {
  uint64_t value = 0;
  for (int i = 0; i < bytes; ++i) value = (value << 8) | static_cast<uint8_t>(in[i]);
  return value;
}

std::string prefix_of(char tag, uint64_t id) {
  std::string key(1, tag);
  put_big_endian(key, id, 8);
  return key;
}

std::string position_key(uint64_t id, int32_t partition) {
  std::string key = prefix_of(position_tag, id);
  put_big_endian(key, static_cast<uint32_t>(partition), 4);
  return key;
}

std::string entry_key(uint64_t id, std::string_view key) {
  std::string encoded = prefix_of(entry_tag, id);
  encoded.append(key);
  return encoded;
}

std::string encode_int64(int64_t value) {
  std::string out;
  put_big_endian(out, static_cast<uint64_t>(value), 8);
  return out;
}

error failed(std::string_view what, const rocksdb::Status& status) {
  return error(errc::index_failed,
               fmt::format("projections database: {}: {}", what, status.ToString()));
}

error damaged(std::string_view what) {
  return error(errc::index_failed,
               fmt::format("projections database: {}; it is derived data: stop the broker and "
                           "delete <data>/eventstore/projections to refold every projection",
                           what));
}

result<int64_t> decode_int64(std::string_view value, std::string_view what) {
  if (value.size() != 8) return damaged(fmt::format("{} is {} bytes, not 8", what, value.size()));
  return static_cast<int64_t>(get_big_endian(value, 8));
}

result<projection_entry> decode_entry(std::string_view key, std::string_view value) {
  if (value.size() < 8) return damaged(fmt::format("entry '{}' is too short", key));
  projection_entry entry{.key = std::string(key),
                         .version = static_cast<int64_t>(get_big_endian(value, 8))};
  entry.state = nlohmann::json::parse(value.substr(8), nullptr, false);
  if (entry.state.is_discarded()) return damaged(fmt::format("entry '{}' is not JSON", key));
  return entry;
}

std::string_view view(const rocksdb::Slice& slice) { return {slice.data(), slice.size()}; }

}  // namespace

result<std::unique_ptr<projection_db>> projection_db::open(const std::string& directory) {
  rocksdb::Options options;
  options.create_if_missing = true;
  // The write-ahead log stays on, unsynced: a commit costs one buffered write, and a killed
  // broker (kill -9, a crash) loses no fold step, so a restart folds nothing twice or again.
  // Only a power loss may drop the last unsynced steps; RocksDB then recovers a consistent
  // prefix of the batches (point-in-time recovery), and since each batch carries its positions
  // the runner simply folds those events again. Disabling the WAL would lose everything since
  // the last memtable flush on any crash: correct, but it would refold up to a memtable of work.
  options.wal_recovery_mode = rocksdb::WALRecoveryMode::kPointInTimeRecovery;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status opened = rocksdb::DB::Open(options, directory, &raw);
  if (!opened.ok()) return failed(fmt::format("opening {}", directory), opened);
  return std::unique_ptr<projection_db>(new projection_db(std::unique_ptr<rocksdb::DB>(raw)));
}

projection_db::projection_db(std::unique_ptr<rocksdb::DB> db) : _db(std::move(db)) {}

projection_db::~projection_db() {
  if (_db) (void)_db->Close();
}

result<std::map<int32_t, int64_t>> projection_db::positions(uint64_t id) const {
  std::map<int32_t, int64_t> positions;
  std::string prefix = prefix_of(position_tag, id);
  std::unique_ptr<rocksdb::Iterator> it(_db->NewIterator(rocksdb::ReadOptions()));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    std::string_view key = view(it->key());
    if (key.size() != prefix.size() + 4) return damaged("a position key has the wrong length");
    auto partition = static_cast<int32_t>(get_big_endian(key.substr(prefix.size()), 4));
    EVENTIOZ_TRY(positions[partition], decode_int64(view(it->value()), "a position"));
  }
  if (!it->status().ok()) return failed("reading positions", it->status());
  return positions;
}

result<int64_t> projection_db::key_count(uint64_t id) const {
  std::string value;
  rocksdb::Status read = _db->Get(rocksdb::ReadOptions(), prefix_of(count_tag, id), &value);
  if (read.IsNotFound()) return int64_t{0};
  if (!read.ok()) return failed("reading an entry count", read);
  return decode_int64(value, "an entry count");
}

result<std::optional<projection_entry>> projection_db::get(uint64_t id,
                                                           std::string_view key) const {
  std::string value;
  rocksdb::Status read = _db->Get(rocksdb::ReadOptions(), entry_key(id, key), &value);
  if (read.IsNotFound()) return std::optional<projection_entry>();
  if (!read.ok()) return failed("reading an entry", read);
  EVENTIOZ_TRY(projection_entry entry, decode_entry(key, value));
  return std::optional<projection_entry>(std::move(entry));
}

result<std::vector<projection_entry>> projection_db::entries(uint64_t id, std::string_view prefix,
                                                             std::string_view after_key,
                                                             size_t limit) const {
  std::vector<projection_entry> found;
  std::string base = prefix_of(entry_tag, id);
  std::string wanted = base + std::string(prefix);
  std::string start = after_key > prefix ? base + std::string(after_key) : wanted;
  std::unique_ptr<rocksdb::Iterator> it(_db->NewIterator(rocksdb::ReadOptions()));
  for (it->Seek(start); it->Valid() && found.size() < limit && it->key().starts_with(wanted);
       it->Next()) {
    std::string_view key = view(it->key()).substr(base.size());
    if (!after_key.empty() && key <= after_key) continue;
    EVENTIOZ_TRY(projection_entry entry, decode_entry(key, view(it->value())));
    found.push_back(std::move(entry));
  }
  if (!it->status().ok()) return failed("listing entries", it->status());
  return found;
}

status projection_db::commit(uint64_t id, const projection_changes& changes) {
  rocksdb::WriteBatch batch;
  for (const auto& [key, entry] : changes.entries) {
    if (!entry) {
      batch.Delete(entry_key(id, key));
      continue;
    }
    std::string value = encode_int64(entry->version);
    value += entry->state.dump();
    batch.Put(entry_key(id, key), value);
  }
  batch.Put(prefix_of(count_tag, id), encode_int64(changes.key_count));
  for (const auto& [partition, next] : changes.positions) {
    batch.Put(position_key(id, partition), encode_int64(next));
  }
  rocksdb::Status written = _db->Write(rocksdb::WriteOptions(), &batch);
  if (!written.ok()) return failed("writing a fold step", written);
  return ok_status();
}

status projection_db::erase(uint64_t id) {
  rocksdb::WriteBatch batch;
  for (char tag : {count_tag, position_tag, entry_tag}) {
    batch.DeleteRange(prefix_of(tag, id), prefix_of(tag, id + 1));
  }
  rocksdb::Status written = _db->Write(rocksdb::WriteOptions(), &batch);
  if (!written.ok()) return failed(fmt::format("removing projection {}", id), written);
  return ok_status();
}

result<std::set<uint64_t>> projection_db::stored_ids() const {
  std::set<uint64_t> ids;
  std::unique_ptr<rocksdb::Iterator> it(_db->NewIterator(rocksdb::ReadOptions()));
  // Every projection with entries also has its count (commit writes both), so the count and
  // position keys name them all.
  for (char tag : {count_tag, position_tag}) {
    std::string prefix(1, tag);
    it->Seek(prefix);
    while (it->Valid() && it->key().starts_with(prefix)) {
      std::string_view key = view(it->key());
      if (key.size() < 9) return damaged("a key is too short");
      uint64_t id = get_big_endian(key.substr(1), 8);
      ids.insert(id);
      it->Seek(prefix_of(tag, id + 1));  // skip the rest of this projection
    }
    if (!it->status().ok()) return failed("listing projections", it->status());
  }
  return ids;
}

status projection_db::flush() {
  rocksdb::Status flushed = _db->Flush(rocksdb::FlushOptions());
  if (!flushed.ok()) return failed("flushing", flushed);
  return ok_status();
}

}  // namespace eventioz::eventstore
