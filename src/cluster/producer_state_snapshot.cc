// Encoding and decoding the producer-state snapshot (format in the header).
#include "cluster/producer_state_snapshot.h"

#include <fmt/format.h>

#include "base/byte_reader.h"
#include "base/crc32c.h"
#include "cluster/errc.h"

namespace eventioz::cluster {
namespace {

constexpr std::string_view magic = "EZPS";
constexpr int16_t format_version = 1;
constexpr size_t crc_size = 4;

error corrupt(std::string_view what) {
  return error(errc::producer_state_corrupt,
               fmt::format("producer state snapshot: {}; delete the file to rebuild the state "
                           "from the log",
                           what));
}

void encode_producer(byte_buffer& out, int64_t producer_id, const producer_entry& entry) {
  append_big_endian<int64_t>(out, producer_id);
  append_big_endian<int16_t>(out, entry.epoch);
  append_big_endian<int64_t>(out, entry.last_update_ms);
  append_big_endian<int8_t>(out, entry.transaction_open ? 1 : 0);
  append_big_endian<int64_t>(
      out, entry.transaction_first_offset ? entry.transaction_first_offset->value() : int64_t{-1});
  append_big_endian<int8_t>(out, static_cast<int8_t>(entry.batches.size()));
  for (const producer_batch& batch : entry.batches) {
    append_big_endian<int32_t>(out, batch.first_sequence);
    append_big_endian<int32_t>(out, batch.last_sequence);
    append_big_endian<int64_t>(out, batch.base_offset.value());
    append_big_endian<int64_t>(out, batch.last_offset.value());
  }
}

std::optional<producer_batch> decode_batch(byte_reader& reader) {
  auto first = reader.read_big_endian<int32_t>();
  auto last = reader.read_big_endian<int32_t>();
  auto base = reader.read_big_endian<int64_t>();
  auto last_offset = reader.read_big_endian<int64_t>();
  if (!last_offset) return std::nullopt;
  return producer_batch{.first_sequence = *first,
                        .last_sequence = *last,
                        .base_offset = offset(*base),
                        .last_offset = offset(*last_offset)};
}

result<std::pair<int64_t, producer_entry>> decode_producer(byte_reader& reader) {
  auto producer_id = reader.read_big_endian<int64_t>();
  auto epoch = reader.read_big_endian<int16_t>();
  auto last_update = reader.read_big_endian<int64_t>();
  auto open = reader.read_big_endian<int8_t>();
  auto first = reader.read_big_endian<int64_t>();
  auto batch_count = reader.read_big_endian<int8_t>();
  if (!batch_count) return corrupt("a producer entry is cut short");
  if (*batch_count < 0 || static_cast<size_t>(*batch_count) > producer_batches_kept) {
    return corrupt(fmt::format("a producer has {} batches", *batch_count));
  }
  producer_entry entry{
      .epoch = *epoch, .last_update_ms = *last_update, .transaction_open = *open != 0};
  if (*first >= 0) entry.transaction_first_offset = offset(*first);
  for (int8_t index = 0; index < *batch_count; ++index) {
    auto batch = decode_batch(reader);
    if (!batch) return corrupt("a producer batch is cut short");
    entry.batches.push_back(*batch);
  }
  return std::pair{*producer_id, std::move(entry)};
}

}  // namespace

std::string encode_producer_snapshot(const producer_state& state, offset applied_through) {
  byte_buffer out(magic.begin(), magic.end());
  append_big_endian<int16_t>(out, format_version);
  append_big_endian<int64_t>(out, applied_through.value());
  append_big_endian<int32_t>(out, static_cast<int32_t>(state.producers().size()));
  for (const auto& [producer_id, entry] : state.producers()) {
    encode_producer(out, producer_id, entry);
  }
  append_big_endian<int32_t>(out, static_cast<int32_t>(state.aborted().size()));
  for (const aborted_transaction& aborted : state.aborted()) {
    append_big_endian<int64_t>(out, aborted.producer_id);
    append_big_endian<int64_t>(out, aborted.first_offset.value());
    append_big_endian<int64_t>(out, aborted.last_offset.value());
  }
  append_big_endian<uint32_t>(out, crc32c(out));
  return std::string(out.begin(), out.end());
}

result<producer_snapshot> decode_producer_snapshot(std::string_view text) {
  byte_span bytes = as_bytes(text);
  if (bytes.size() < magic.size() + crc_size ||
      as_string_view(bytes.first(magic.size())) != magic) {
    return corrupt("not a snapshot (bad magic)");
  }
  byte_span body = bytes.first(bytes.size() - crc_size);
  if (read_big_endian<uint32_t>(bytes.data() + body.size()) != crc32c(body)) {
    return corrupt("CRC mismatch");
  }
  byte_reader reader(body.subspan(magic.size()));
  auto version = reader.read_big_endian<int16_t>();
  if (version != format_version) return corrupt("unknown version");
  auto applied_through = reader.read_big_endian<int64_t>();
  auto producer_count = reader.read_big_endian<int32_t>();
  if (!producer_count || *producer_count < 0) return corrupt("header cut short");
  producer_snapshot snapshot{.applied_through = offset(*applied_through)};
  for (int32_t index = 0; index < *producer_count; ++index) {
    EVENTIOZ_TRY(auto producer, decode_producer(reader));
    snapshot.state.restore_producer(producer.first, std::move(producer.second));
  }
  auto aborted_count = reader.read_big_endian<int32_t>();
  if (!aborted_count || *aborted_count < 0) return corrupt("aborted count cut short");
  for (int32_t index = 0; index < *aborted_count; ++index) {
    auto producer_id = reader.read_big_endian<int64_t>();
    auto first = reader.read_big_endian<int64_t>();
    auto last = reader.read_big_endian<int64_t>();
    if (!last) return corrupt("an aborted transaction is cut short");
    snapshot.state.restore_aborted({.producer_id = *producer_id,
                                    .first_offset = offset(*first),
                                    .last_offset = offset(*last)});
  }
  if (!reader.at_end()) return corrupt("bytes after the end");
  return snapshot;
}

}  // namespace eventioz::cluster
