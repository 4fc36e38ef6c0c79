// Encoding and decoding __transaction_state values (format in transaction_record.h).
#include "txn/transaction_record.h"

#include <fmt/format.h>

#include "base/byte_reader.h"
#include "txn/errc.h"

namespace eventioz::txn {
namespace {

void append_string(byte_buffer& to, const std::string& text) {
  append_big_endian<int16_t>(to, static_cast<int16_t>(text.size()));
  to.insert(to.end(), text.begin(), text.end());
}

std::optional<std::string> read_string(byte_reader& reader) {
  auto length = reader.read_big_endian<int16_t>();
  if (!length || *length < 0) return std::nullopt;
  auto bytes = reader.read_bytes(static_cast<size_t>(*length));
  if (!bytes) return std::nullopt;
  return std::string(bytes->begin(), bytes->end());
}

}  // namespace

std::string_view name_of(transaction_state state) {
  switch (state) {
    case transaction_state::empty:
      return "Empty";
    case transaction_state::ongoing:
      return "Ongoing";
    case transaction_state::prepare_commit:
      return "PrepareCommit";
    case transaction_state::prepare_abort:
      return "PrepareAbort";
    case transaction_state::complete_commit:
      return "CompleteCommit";
    case transaction_state::complete_abort:
      return "CompleteAbort";
    case transaction_state::dead:
      return "Dead";
  }
  return "Unknown";
}

byte_buffer encode_transaction_value(const transaction_metadata& metadata) {
  byte_buffer value;
  value.reserve(64);
  value.push_back(transaction_record_version);
  append_big_endian<int64_t>(value, metadata.producer_id);
  append_big_endian<int16_t>(value, metadata.producer_epoch);
  append_big_endian<int16_t>(value, metadata.last_producer_epoch);
  append_big_endian<int32_t>(value, metadata.timeout_ms);
  value.push_back(static_cast<uint8_t>(metadata.state));
  append_big_endian<int64_t>(value, metadata.start_ms);
  append_big_endian<int64_t>(value, metadata.last_update_ms);
  append_big_endian<int32_t>(value, static_cast<int32_t>(metadata.partitions.size()));
  for (const auto& partition : metadata.partitions) {
    append_string(value, partition.topic);
    append_big_endian<int32_t>(value, partition.partition);
  }
  append_big_endian<int32_t>(value, static_cast<int32_t>(metadata.groups.size()));
  for (const auto& group : metadata.groups) append_string(value, group);
  return value;
}

result<transaction_metadata> decode_transaction_record(std::string transactional_id,
                                                       byte_span value) {
  auto damaged = [&](std::string_view what) {
    return error(
        errc::coordinator_not_available,
        fmt::format("__transaction_state record of '{}' is damaged: {}", transactional_id, what));
  };
  byte_reader reader(value);
  auto version = reader.read_big_endian<uint8_t>();
  if (!version) return damaged("empty value");
  if (*version != transaction_record_version) {
    return damaged(
        fmt::format("unknown version {} (this broker reads version {}); was it "
                    "written by a newer Eventioz?",
                    *version, transaction_record_version));
  }
  transaction_metadata metadata;
  metadata.transactional_id = std::move(transactional_id);
  auto producer_id = reader.read_big_endian<int64_t>();
  auto producer_epoch = reader.read_big_endian<int16_t>();
  auto last_producer_epoch = reader.read_big_endian<int16_t>();
  auto timeout_ms = reader.read_big_endian<int32_t>();
  auto state = reader.read_big_endian<uint8_t>();
  auto start_ms = reader.read_big_endian<int64_t>();
  auto last_update_ms = reader.read_big_endian<int64_t>();
  auto partition_count = reader.read_big_endian<int32_t>();
  if (!producer_id || !producer_epoch || !last_producer_epoch || !timeout_ms || !state ||
      !start_ms || !last_update_ms || !partition_count) {
    return damaged("truncated header");
  }
  if (*state > static_cast<uint8_t>(transaction_state::dead)) {
    return damaged(fmt::format("unknown state {}", *state));
  }
  metadata.producer_id = *producer_id;
  metadata.producer_epoch = *producer_epoch;
  metadata.last_producer_epoch = *last_producer_epoch;
  metadata.timeout_ms = *timeout_ms;
  metadata.state = static_cast<transaction_state>(*state);
  metadata.start_ms = *start_ms;
  metadata.last_update_ms = *last_update_ms;
  // Each partition takes at least 6 bytes: a count beyond what remains is damage, checked
  // before anything is allocated.
  if (*partition_count < 0 || static_cast<size_t>(*partition_count) > reader.remaining() / 6) {
    return damaged("partition count out of range");
  }
  for (int32_t index = 0; index < *partition_count; ++index) {
    auto topic = read_string(reader);
    auto partition = reader.read_big_endian<int32_t>();
    if (!topic || !partition) return damaged("truncated partition list");
    metadata.partitions.insert({std::move(*topic), *partition});
  }
  auto group_count = reader.read_big_endian<int32_t>();
  if (!group_count || *group_count < 0 ||
      static_cast<size_t>(*group_count) > reader.remaining() / 2) {
    return damaged("group count out of range");
  }
  for (int32_t index = 0; index < *group_count; ++index) {
    auto group = read_string(reader);
    if (!group) return damaged("truncated group list");
    metadata.groups.insert(std::move(*group));
  }
  if (!reader.at_end()) return damaged("bytes after the last group");
  return metadata;
}

}  // namespace eventioz::txn
