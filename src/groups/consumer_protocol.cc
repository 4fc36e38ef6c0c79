// Decoding and encoding the consumer protocol's assignment, every length checked first.
#include "groups/consumer_protocol.h"

#include <fmt/format.h>

#include "base/byte_reader.h"

namespace eventioz::groups {
namespace {

error malformed(const byte_reader& reader, std::string_view what) {
  return error(std::make_error_code(std::errc::bad_message),
               fmt::format("the assignment is not the consumer protocol's: {} at byte {}", what,
                           reader.position()));
}

// A count of elements each at least `element_size_min` bytes long, checked against the bytes
// left so a hostile count cannot make the decoder allocate.
result<size_t> read_count(byte_reader& reader, size_t element_size_min, std::string_view what) {
  auto count = reader.read_big_endian<int32_t>();
  if (!count) return malformed(reader, fmt::format("the {} count is cut short", what));
  if (*count < 0) return malformed(reader, fmt::format("the {} count is negative", what));
  if (static_cast<size_t>(*count) > reader.remaining() / element_size_min) {
    return malformed(reader, fmt::format("{} {} do not fit in the {} bytes left", *count, what,
                                         reader.remaining()));
  }
  return static_cast<size_t>(*count);
}

status read_topic(byte_reader& reader, assigned_partitions& topic) {
  auto length = reader.read_big_endian<int16_t>();
  if (!length || *length < 0) return malformed(reader, "a topic name has no valid length");
  auto name = reader.read_bytes(static_cast<size_t>(*length));
  if (!name) return malformed(reader, "a topic name is cut short");
  topic.topic.assign(as_string_view(*name));
  EVENTIOZ_TRY(size_t count, read_count(reader, sizeof(int32_t), "partition"));
  topic.partitions.reserve(count);
  for (size_t index = 0; index < count; ++index) {
    topic.partitions.push_back(*reader.read_big_endian<int32_t>());  // fits: count checked
  }
  return ok_status();
}

}  // namespace

result<consumer_assignment> decode_consumer_assignment(byte_span bytes) {
  consumer_assignment assignment;
  if (bytes.empty()) return assignment;
  byte_reader reader(bytes);
  auto version = reader.read_big_endian<int16_t>();
  if (!version) return malformed(reader, "the version is cut short");
  if (*version < 0) return malformed(reader, fmt::format("version {} is negative", *version));
  assignment.version = *version;
  // The smallest topic: an empty name (2 bytes) and no partitions (4 bytes).
  EVENTIOZ_TRY(size_t topic_count, read_count(reader, 2 + 4, "topic"));
  assignment.topics.resize(topic_count);
  for (assigned_partitions& topic : assignment.topics) {
    EVENTIOZ_RETURN_IF_ERROR(read_topic(reader, topic));
  }
  // Version 0 writers may end here (some clients omit the user data when they have none).
  if (reader.at_end()) return assignment;
  auto length = reader.read_big_endian<int32_t>();
  if (!length) return malformed(reader, "the user data length is cut short");
  if (*length < -1) return malformed(reader, "the user data length is negative");
  if (*length >= 0) {
    auto data = reader.read_bytes(static_cast<size_t>(*length));
    if (!data) return malformed(reader, "the user data is cut short");
    assignment.user_data = byte_buffer(data->begin(), data->end());
  }
  // Fields a newer version appended are skipped, as Kafka's clients do.
  return assignment;
}

byte_buffer encode_consumer_assignment(const consumer_assignment& assignment) {
  byte_buffer out;
  append_big_endian<int16_t>(out, assignment.version);
  append_big_endian<int32_t>(out, static_cast<int32_t>(assignment.topics.size()));
  for (const assigned_partitions& topic : assignment.topics) {
    append_big_endian<int16_t>(out, static_cast<int16_t>(topic.topic.size()));
    out.insert(out.end(), topic.topic.begin(), topic.topic.end());
    append_big_endian<int32_t>(out, static_cast<int32_t>(topic.partitions.size()));
    for (int32_t partition : topic.partitions) append_big_endian<int32_t>(out, partition);
  }
  if (!assignment.user_data) {
    append_big_endian<int32_t>(out, -1);
  } else {
    append_big_endian<int32_t>(out, static_cast<int32_t>(assignment.user_data->size()));
    out.insert(out.end(), assignment.user_data->begin(), assignment.user_data->end());
  }
  return out;
}

}  // namespace eventioz::groups
