// Reading and writing the consumer protocol's MemberAssignment with the protocol's own field
// helpers: the layout is Kafka's classic (non-flexible) encoding.
#include "client/member_assignment.h"

#include <fmt/format.h>

#include "base/byte_reader.h"
#include "client/errc.h"
#include "kafka/protocol/field_decoding.h"
#include "kafka/protocol/field_encoding.h"

namespace eventioz::client {
namespace {

namespace wire = kafka::protocol::wire;

// The smallest encoding of one topic: an empty name and an empty partition array.
constexpr size_t topic_size_min = 2 + 4;

status read_topic(byte_reader& reader, assigned_topic& topic) {
  EVENTIOZ_RETURN_IF_ERROR(wire::read_string(reader, false, topic.topic));
  return wire::read_array(
      reader, false, sizeof(int32_t), topic.partitions,
      [](byte_reader& in, int32_t& partition) { return wire::read(in, partition); });
}

status read_assignment(byte_reader& reader, member_assignment& assignment) {
  EVENTIOZ_RETURN_IF_ERROR(wire::read(reader, assignment.version));
  if (assignment.version < 0) {
    return error(errc::protocol_violation, fmt::format("version {}", assignment.version));
  }
  EVENTIOZ_RETURN_IF_ERROR(
      wire::read_array(reader, false, topic_size_min, assignment.topics, read_topic));
  return wire::read_nullable_bytes(reader, false, true, assignment.user_data);
}

}  // namespace

result<member_assignment> decode_member_assignment(byte_span bytes) {
  member_assignment assignment;
  if (bytes.empty()) return assignment;
  byte_reader reader(bytes);
  status decoded = read_assignment(reader, assignment);
  if (!decoded) {
    return error(errc::protocol_violation,
                 fmt::format("a member's assignment ({} bytes) is not the consumer protocol's "
                             "MemberAssignment: {}",
                             bytes.size(), decoded.error_value().message()));
  }
  return assignment;
}

byte_buffer encode_member_assignment(const member_assignment& assignment) {
  kafka::protocol::wire_writer writer;
  wire::write(writer, assignment.version);
  wire::write(writer, static_cast<int32_t>(assignment.topics.size()));
  for (const assigned_topic& topic : assignment.topics) {
    wire::write_string(writer, false, topic.topic);
    wire::write(writer, static_cast<int32_t>(topic.partitions.size()));
    for (int32_t partition : topic.partitions) wire::write(writer, partition);
  }
  wire::write_nullable_bytes(writer, false, true, assignment.user_data);
  return writer.take_bytes();
}

}  // namespace eventioz::client
