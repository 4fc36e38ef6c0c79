// The consumer's setup: assignments and where each starts (ListOffsets).
#include "client/consumer.h"

#include <fmt/format.h>

#include <algorithm>

#include "client/errc.h"
#include "client/offset_lookup.h"

namespace eventioz::client {

result<std::unique_ptr<consumer>> consumer::create(const consumer_options& options) {
  if (options.max_wait_ms < 0 || options.min_bytes < 0 || options.max_bytes < 1 ||
      options.partition_max_bytes < 1) {
    return error(errc::invalid_argument, "fetch sizes must be positive and waits not negative");
  }
  EVENTIOZ_TRY(auto pool, broker_pool::connect(options.connection));
  return std::unique_ptr<consumer>(new consumer(options, std::move(pool)));
}

result<int32_t> consumer::leader_of(const assignment& entry) const {
  const topic_metadata* topic = _pool->metadata().topic(entry.topic);
  const partition_metadata* partition = topic ? topic->partition(entry.partition) : nullptr;
  if (partition == nullptr || partition->leader < 0) {
    return error(errc::metadata_unavailable,
                 fmt::format("no leader known for {}/{}", entry.topic, entry.partition));
  }
  return partition->leader;
}

result<std::vector<int64_t>> consumer::list_offsets(const std::string& topic,
                                                    const std::vector<int32_t>& partitions,
                                                    int64_t timestamp) {
  return client::list_offsets(*_pool, topic, partitions, timestamp, _options.isolation_level);
}

status consumer::assign(const std::string& topic, const std::vector<int32_t>& partitions,
                        start_position start) {
  if (std::find(_topics.begin(), _topics.end(), topic) == _topics.end()) _topics.push_back(topic);
  EVENTIOZ_TRY(const cluster_metadata* metadata, _pool->wait_for_leaders(_topics));
  const topic_metadata* described = metadata->topic(topic);
  std::vector<int32_t> chosen = partitions;
  if (chosen.empty()) {
    for (const partition_metadata& partition : described->partitions) {
      chosen.push_back(partition.partition);
    }
  }
  for (int32_t partition : chosen) {
    if (described->partition(partition) == nullptr) {
      return error(errc::invalid_argument,
                   fmt::format("topic {} has partitions 0 to {}; there is no partition {}", topic,
                               described->partitions.size() - 1, partition));
    }
  }
  // The end, for caught_up() before the first fetch (an empty topic is caught up at once).
  EVENTIOZ_TRY(auto ends, list_offsets(topic, chosen, latest_timestamp));
  std::vector<int64_t> starts;
  switch (start.from) {
    case start_position::kind::earliest: {
      EVENTIOZ_TRY(starts, list_offsets(topic, chosen, earliest_timestamp));
      break;
    }
    case start_position::kind::latest:
      starts = ends;
      break;
    case start_position::kind::offset:
      starts.assign(chosen.size(), start.value);
      break;
    case start_position::kind::timestamp: {
      EVENTIOZ_TRY(starts, list_offsets(topic, chosen, start.value));
      // No record at or after the time: start at the end, where the next one will be.
      for (size_t i = 0; i < starts.size(); ++i) {
        if (starts[i] < 0) starts[i] = ends[i];
      }
      break;
    }
  }
  for (size_t i = 0; i < chosen.size(); ++i) {
    _assignments.push_back({topic, chosen[i], starts[i], ends[i], _options.partition_max_bytes});
  }
  return ok_status();
}

bool consumer::caught_up() const {
  return std::all_of(_assignments.begin(), _assignments.end(), [](const assignment& entry) {
    return entry.high_watermark >= 0 && entry.position >= entry.high_watermark;
  });
}

}  // namespace eventioz::client
