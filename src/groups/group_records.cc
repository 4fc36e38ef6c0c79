// Encoding and decoding the __consumer_offsets records. Integers are big-endian; a string is
// int32 length + UTF-8 (-1 = null); bytes are int32 length + bytes.
#include "groups/group_records.h"

#include <fmt/format.h>

#include "base/byte_reader.h"
#include "storage/errc.h"

namespace eventioz::groups {
namespace {

constexpr uint8_t value_version = 0;  // on disk: do not change

void put_string(byte_buffer& out, std::string_view text) {
  append_big_endian<int32_t>(out, static_cast<int32_t>(text.size()));
  out.insert(out.end(), text.begin(), text.end());
}

void put_nullable(byte_buffer& out, const std::optional<std::string>& text) {
  if (!text) return append_big_endian<int32_t>(out, -1);
  put_string(out, *text);
}

void put_bytes(byte_buffer& out, const byte_buffer& bytes) {
  append_big_endian<int32_t>(out, static_cast<int32_t>(bytes.size()));
  out.insert(out.end(), bytes.begin(), bytes.end());
}

// Reads fields, remembering the first failure.
class field_reader {
 public:
  explicit field_reader(byte_span bytes) : _reader(bytes) {}

  template <class T>
  T number() {
    auto value = _reader.read_big_endian<T>();
    if (!value) _failed = true;
    return value.value_or(T{});
  }
  std::optional<std::string> nullable() {
    int32_t length = number<int32_t>();
    if (_failed || length < 0) return std::nullopt;
    auto bytes = _reader.read_bytes(static_cast<size_t>(length));
    if (!bytes) {
      _failed = true;
      return std::nullopt;
    }
    return std::string(as_string_view(*bytes));
  }
  std::string text() {
    auto value = nullable();
    return value.value_or(std::string());
  }
  byte_buffer bytes() {
    int32_t length = number<int32_t>();
    if (_failed || length < 0) return {};
    auto bytes = _reader.read_bytes(static_cast<size_t>(length));
    if (!bytes) {
      _failed = true;
      return {};
    }
    return byte_buffer(bytes->begin(), bytes->end());
  }
  bool version_ok() {
    uint8_t version = number<uint8_t>();
    return !_failed && version == value_version;
  }
  size_t remaining() const { return _reader.remaining(); }
  bool failed() const { return _failed; }

 private:
  byte_reader _reader;
  bool _failed = false;
};

error corrupt(std::string_view what) {
  return error(storage::errc::corrupt_data,
               fmt::format("a __consumer_offsets {} does not parse", what));
}

void put_offset_fields(byte_buffer& out, const committed_offset& value) {
  append_big_endian<int64_t>(out, value.committed_offset);
  append_big_endian<int32_t>(out, value.leader_epoch);
  put_nullable(out, value.metadata);
  append_big_endian<int64_t>(out, value.commit_timestamp_ms);
}

committed_offset read_offset_fields(field_reader& in) {
  committed_offset value;
  value.committed_offset = in.number<int64_t>();
  value.leader_epoch = in.number<int32_t>();
  value.metadata = in.nullable();
  value.commit_timestamp_ms = in.number<int64_t>();
  return value;
}

}  // namespace

byte_buffer encode_key(const record_key& key) {
  byte_buffer out;
  out.push_back(static_cast<uint8_t>(key.type));
  put_string(out, key.group_id);
  if (key.type == record_type::offset || key.type == record_type::pending_offset) {
    put_string(out, key.topic);
    append_big_endian<int32_t>(out, key.partition);
  }
  if (key.type == record_type::pending_offset || key.type == record_type::transaction_end) {
    append_big_endian<int64_t>(out, key.producer_id);
  }
  return out;
}

result<record_key> decode_key(byte_span bytes) {
  field_reader in(bytes);
  record_key key;
  uint8_t type = in.number<uint8_t>();
  if (in.failed() || type > static_cast<uint8_t>(record_type::transaction_end)) {
    return corrupt("record key (unknown type)");
  }
  key.type = static_cast<record_type>(type);
  key.group_id = in.text();
  if (key.type == record_type::offset || key.type == record_type::pending_offset) {
    key.topic = in.text();
    key.partition = in.number<int32_t>();
  }
  if (key.type == record_type::pending_offset || key.type == record_type::transaction_end) {
    key.producer_id = in.number<int64_t>();
  }
  if (in.failed() || in.remaining() != 0) return corrupt("record key");
  return key;
}

byte_buffer encode_offset(const committed_offset& value) {
  byte_buffer out{value_version};
  put_offset_fields(out, value);
  return out;
}

result<committed_offset> decode_offset(byte_span bytes) {
  field_reader in(bytes);
  if (!in.version_ok()) return corrupt("offset value (unknown version)");
  committed_offset value = read_offset_fields(in);
  if (in.failed()) return corrupt("offset value");
  return value;
}

byte_buffer encode_pending_offset(const stored_pending_offset& value) {
  byte_buffer out{value_version};
  append_big_endian<int16_t>(out, value.producer_epoch);
  put_offset_fields(out, value.value);
  return out;
}

result<stored_pending_offset> decode_pending_offset(byte_span bytes) {
  field_reader in(bytes);
  if (!in.version_ok()) return corrupt("transactional offset value (unknown version)");
  stored_pending_offset value;
  value.producer_epoch = in.number<int16_t>();
  value.value = read_offset_fields(in);
  if (in.failed()) return corrupt("transactional offset value");
  return value;
}

byte_buffer encode_transaction_end(bool committed) {
  return byte_buffer{value_version, static_cast<uint8_t>(committed ? 1 : 0)};
}

result<bool> decode_transaction_end(byte_span bytes) {
  field_reader in(bytes);
  if (!in.version_ok()) return corrupt("transaction end value (unknown version)");
  uint8_t committed = in.number<uint8_t>();
  if (in.failed() || committed > 1) return corrupt("transaction end value");
  return committed == 1;
}

byte_buffer encode_group(const stored_group& value) {
  byte_buffer out{value_version};
  put_string(out, value.protocol_type);
  append_big_endian<int32_t>(out, value.generation_id);
  put_string(out, value.protocol_name);
  put_string(out, value.leader_id);
  append_big_endian<int64_t>(out, value.timestamp_ms);
  append_big_endian<int32_t>(out, static_cast<int32_t>(value.members.size()));
  for (const stored_member& member : value.members) {
    put_string(out, member.member_id);
    put_nullable(out, member.group_instance_id);
    put_string(out, member.client_id);
    put_string(out, member.client_host);
    append_big_endian<int32_t>(out, member.session_timeout_ms);
    append_big_endian<int32_t>(out, member.rebalance_timeout_ms);
    put_bytes(out, member.subscription);
    put_bytes(out, member.assignment);
  }
  return out;
}

result<stored_group> decode_group(byte_span bytes) {
  field_reader in(bytes);
  if (!in.version_ok()) return corrupt("group metadata value (unknown version)");
  stored_group value;
  value.protocol_type = in.text();
  value.generation_id = in.number<int32_t>();
  value.protocol_name = in.text();
  value.leader_id = in.text();
  value.timestamp_ms = in.number<int64_t>();
  int32_t count = in.number<int32_t>();
  // Each member takes at least 32 bytes: a count above what remains is corruption.
  if (in.failed() || count < 0 || static_cast<size_t>(count) > in.remaining() / 32) {
    return corrupt("group metadata value (member count)");
  }
  for (int32_t index = 0; index < count && !in.failed(); ++index) {
    stored_member& member = value.members.emplace_back();
    member.member_id = in.text();
    member.group_instance_id = in.nullable();
    member.client_id = in.text();
    member.client_host = in.text();
    member.session_timeout_ms = in.number<int32_t>();
    member.rebalance_timeout_ms = in.number<int32_t>();
    member.subscription = in.bytes();
    member.assignment = in.bytes();
  }
  if (in.failed()) return corrupt("group metadata value");
  return value;
}

}  // namespace eventioz::groups
