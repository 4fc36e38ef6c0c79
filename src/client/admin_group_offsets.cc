// The admin client's view of committed offsets: a group's offsets (OffsetFetch), setting them
// from outside the group (OffsetCommit), and the log offsets they are compared with.
#include <fmt/format.h>

#include <algorithm>
#include <iterator>

#include "client/admin_client.h"
#include "client/kafka_error.h"
#include "client/offset_lookup.h"

namespace eventioz::client {
namespace {

namespace protocol = kafka::protocol;

// OffsetFetch v2 is the first that can ask for every topic (a null topic list).
constexpr int16_t offset_fetch_all_topics_version = 2;

// OffsetCommit from outside the group: no generation, no member. Wire values.
constexpr int32_t no_generation = -1;

}  // namespace

result<std::vector<committed_offset>> admin_client::fetch_group_offsets(
    const std::string& group_id) {
  std::vector<committed_offset> offsets;
  EVENTIOZ_RETURN_IF_ERROR(
      at_group_coordinator(group_id, [&](broker_connection& connection, int32_t) -> status {
        EVENTIOZ_TRY(int16_t version, connection.version_of<protocol::offset_fetch_request>());
        if (version < offset_fetch_all_topics_version) {
          return error(errc::unsupported_version,
                       fmt::format("reading the offsets of group {} needs OffsetFetch v2 or "
                                   "later; the broker offers v{}",
                                   group_id, version));
        }
        protocol::offset_fetch_request request;
        request.group_id = group_id;
        request.topics = std::nullopt;  // every topic
        EVENTIOZ_TRY(auto response, connection.send(request));
        std::string doing = fmt::format("reading the committed offsets of group {}", group_id);
        if (response->error_code != 0) return kafka_error(response->error_code, doing);
        offsets.clear();
        for (const auto& topic : response->topics) {
          for (const auto& partition : topic.partitions) {
            if (partition.error_code != 0) {
              return kafka_error(partition.error_code, fmt::format("{} ({}/{})", doing, topic.name,
                                                                   partition.partition_index));
            }
            if (partition.committed_offset < 0) continue;  // nothing committed
            offsets.push_back({topic.name, partition.partition_index, partition.committed_offset,
                               partition.metadata});
          }
        }
        return ok_status();
      }));
  std::sort(offsets.begin(), offsets.end(), [](const auto& a, const auto& b) {
    return std::tie(a.topic, a.partition) < std::tie(b.topic, b.partition);
  });
  return offsets;
}

status admin_client::commit_group_offsets(const std::string& group_id,
                                          const std::vector<offset_to_set>& offsets) {
  protocol::offset_commit_request request;
  request.group_id = group_id;
  request.generation_id_or_member_epoch = no_generation;
  request.member_id = "";
  for (const offset_to_set& offset : offsets) {
    auto topic = std::find_if(request.topics.begin(), request.topics.end(),
                              [&](const auto& entry) { return entry.name == offset.topic; });
    if (topic == request.topics.end()) {
      request.topics.emplace_back().name = offset.topic;
      topic = std::prev(request.topics.end());
    }
    auto& partition = topic->partitions.emplace_back();
    partition.partition_index = offset.partition;
    partition.committed_offset = offset.offset;
    partition.committed_metadata = "";
  }
  return at_group_coordinator(group_id, [&](broker_connection& connection, int32_t) -> status {
    EVENTIOZ_TRY(auto response, connection.send(request));
    // The partitions answer alike when the group refuses an outsider: the first error is
    // the one to report.
    for (const auto& topic : response->topics) {
      for (const auto& partition : topic.partitions) {
        if (partition.error_code != 0) {
          return kafka_error(partition.error_code,
                             fmt::format("setting the offset of group {} for {}/{}", group_id,
                                         topic.name, partition.partition_index));
        }
      }
    }
    return ok_status();
  });
}

result<std::vector<int64_t>> admin_client::list_offsets(const std::string& topic,
                                                        const std::vector<int32_t>& partitions,
                                                        int64_t timestamp) {
  EVENTIOZ_RETURN_IF_ERROR(_pool->wait_for_leaders({topic}));
  return client::list_offsets(*_pool, topic, partitions, timestamp);
}

}  // namespace eventioz::client
