// GET /v1/topics/{topic}/records: committed records (what a read_committed Kafka consumer sees,
// http/partition_reader.h) of one partition or of all, from an offset, `earliest`, `latest` or
// a timestamp, at most `limit`, optionally only those whose key is `key`:
//   {"records": [record...], "next_offsets": {"0": 43}, "high_watermarks": {"0": 50},
//    "log_start_offsets": {"0": 0}}
// Without `partition` every partition is read from its own start and the records are merged by
// timestamp (then partition, offset); `next_offsets` says where each partition continues.
//
// An offset below a partition's log start (records deleted by retention) starts at the log
// start: `log_start_offsets` shows it, and the first record's offset says so. An offset past
// the high watermark is 416 offset-out-of-range.
//
// Reads run on the connection's shard (the log is thread-safe; reads hit the page cache).
#include <fmt/format.h>

#include <algorithm>

#include "http/error_mapping.h"
#include "http/partition_reader.h"
#include "http/record_handlers.h"
#include "http/record_json.h"
#include "http/topic_json.h"
#include "storage/errc.h"

namespace eventioz::http {
namespace {

constexpr int64_t limit_default = 100;
constexpr int64_t limit_max = 10'000;
constexpr int64_t max_scan_default = 100'000;
constexpr int64_t max_scan_max = 10'000'000;
// Bytes of batches read per partition per request: bounds the work of one request (a limit of
// 10,000 records of 1 KiB fits).
constexpr size_t read_bytes_max = 32 << 20;

enum class start_kind { earliest, latest, offset, timestamp };

struct consume_query {
  std::optional<int32_t> partition;
  start_kind start = start_kind::earliest;
  int64_t value = 0;  // the offset or timestamp
  size_t limit = limit_default;
  std::optional<std::string> key;
  size_t max_scan = max_scan_default;
};

error invalid(std::string message) {
  return error(std::make_error_code(std::errc::invalid_argument), std::move(message));
}

result<consume_query> parse_query(const http_request& request,
                                  const cluster::topic_metadata& topic) {
  consume_query query;
  if (auto partition = request.query_value("partition")) {
    EVENTIOZ_TRY(query.partition, partition_index(*partition, topic));
  }
  auto offset_text = request.query_value("offset");
  EVENTIOZ_TRY(auto timestamp, request.query_integer("timestamp", 0, INT64_MAX));
  if (offset_text && timestamp) {
    return invalid("give either offset or timestamp, not both");
  }
  if (offset_text == "earliest") {
    query.start = start_kind::earliest;
  } else if (offset_text == "latest") {
    query.start = start_kind::latest;
  } else if (offset_text) {
    auto offset = request.query_integer("offset", 0, INT64_MAX);
    if (!offset) {
      return invalid(
          fmt::format("offset must be a whole number from 0, \"earliest\" or "
                      "\"latest\", not '{}'",
                      *offset_text));
    }
    query.start = start_kind::offset;
    query.value = **offset;
  } else if (timestamp) {
    query.start = start_kind::timestamp;
    query.value = *timestamp;
  }
  EVENTIOZ_TRY(auto limit, request.query_integer("limit", 1, limit_max));
  if (limit) query.limit = static_cast<size_t>(*limit);
  EVENTIOZ_TRY(auto max_scan, request.query_integer("max_scan", 1, max_scan_max));
  if (max_scan) query.max_scan = static_cast<size_t>(*max_scan);
  query.key = request.query_value("key");
  return query;
}

struct partition_read {
  int32_t partition = 0;
  std::vector<model::record> records;
  offset start;     // where the read began
  offset position;  // where it continues after every record in `records`
  offset high_watermark;
  offset log_start;
};

result<offset> start_offset(cluster::partition& partition, const consume_query& query) {
  offset log_start = partition.log().log_start_offset();
  offset end = partition.high_watermark();
  switch (query.start) {
    case start_kind::earliest:
      return log_start;
    case start_kind::latest:
      return end;
    case start_kind::timestamp: {
      EVENTIOZ_TRY(auto found, partition.log().offset_for_timestamp(query.value));
      if (!found) return end;
      return std::max(std::min(*found, end), log_start);
    }
    case start_kind::offset:
      if (offset(query.value) > end) {
        return error(storage::make_error_code(storage::errc::offset_out_of_range),
                     fmt::format("offset {} is past the end of partition {} (high watermark {}); "
                                 "read from at most {} or use offset=latest",
                                 query.value, partition.id().partition, end.value(), end.value()));
      }
      return std::max(offset(query.value), log_start);
  }
  return log_start;
}

bool key_matches(const model::record& record, const std::string& key) {
  return record.key && as_string_view(*record.key) == key;
}

result<partition_read> read_partition(cluster::partition& partition, const consume_query& query) {
  partition_read out{.partition = partition.id().partition,
                     .high_watermark = partition.high_watermark(),
                     .log_start = partition.log().log_start_offset()};
  EVENTIOZ_TRY(out.start, start_offset(partition, query));
  out.position = out.start;
  size_t scanned = 0;
  size_t bytes = 0;
  while (out.records.size() < query.limit && scanned < query.max_scan && bytes < read_bytes_max) {
    size_t wanted = query.key ? query.max_scan - scanned : query.limit - out.records.size();
    auto read = read_partition_records(partition, out.position,
                                       {.max_records = std::min<size_t>(wanted, limit_max)});
    if (!read) return read.error_value();
    bytes += read->bytes_read;
    bool moved = read->next_offset > out.position;
    for (model::record& record : read->records) {
      ++scanned;
      if (query.key && !key_matches(record, *query.key)) continue;
      out.records.push_back(std::move(record));
      if (out.records.size() == query.limit) break;
    }
    if (out.records.size() == query.limit && query.key) {
      out.position = out.records.back().record_offset + 1;
      break;
    }
    out.position = read->next_offset;
    if (!moved) break;
  }
  return out;
}

void append_offsets(std::string& body, std::string_view name,
                    const std::vector<std::pair<int32_t, int64_t>>& offsets) {
  fmt::format_to(std::back_inserter(body), ",\"{}\":{{", name);
  for (size_t i = 0; i < offsets.size(); ++i) {
    fmt::format_to(std::back_inserter(body), "{}\"{}\":{}", i ? "," : "", offsets[i].first,
                   offsets[i].second);
  }
  body += '}';
}

}  // namespace

void handle_consume(http_context& context, const http_request& request, responder respond) {
  auto topic = find_topic(context.topics, request.param("topic"));
  if (!topic) return respond(error_response(topic.error_value()));
  auto query = parse_query(request, *topic);
  if (!query) return respond(error_response(query.error_value()));
  std::vector<partition_read> reads;
  int32_t first = query->partition.value_or(0);
  int32_t last = query->partition.value_or(topic->partition_count - 1);
  for (int32_t index = first; index <= last; ++index) {
    auto partition = context.topics.get_partition(topic->name, index);
    if (!partition) return respond(error_response(partition.error_value()));
    auto read = read_partition(**partition, *query);
    if (!read) return respond(error_response(read.error_value()));
    reads.push_back(std::move(*read));
  }

  // Merge by timestamp (partition, then offset, break ties), keeping the first `limit`.
  struct position {
    size_t read;
    size_t index;
  };
  std::vector<position> merged;
  for (size_t r = 0; r < reads.size(); ++r) {
    for (size_t i = 0; i < reads[r].records.size(); ++i) merged.push_back({r, i});
  }
  if (reads.size() > 1) {
    std::stable_sort(merged.begin(), merged.end(), [&](const position& a, const position& b) {
      return reads[a.read].records[a.index].timestamp < reads[b.read].records[b.index].timestamp;
    });
  }
  if (merged.size() > query->limit) merged.resize(query->limit);
  std::vector<size_t> taken(reads.size(), 0);
  std::string body = "{\"records\":[";
  for (size_t i = 0; i < merged.size(); ++i) {
    if (i > 0) body += ',';
    const partition_read& read = reads[merged[i].read];
    append_record_json(body, topic->name, read.partition, read.records[merged[i].index]);
    ++taken[merged[i].read];
  }
  body += ']';
  std::vector<std::pair<int32_t, int64_t>> next, high, start;
  for (size_t r = 0; r < reads.size(); ++r) {
    const partition_read& read = reads[r];
    offset continue_at = read.position;
    // Records read but not returned (another partition's were earlier) are read again.
    if (taken[r] < read.records.size()) {
      continue_at = taken[r] == 0 ? read.start : read.records[taken[r] - 1].record_offset + 1;
    }
    next.emplace_back(read.partition, continue_at.value());
    high.emplace_back(read.partition, read.high_watermark.value());
    start.emplace_back(read.partition, read.log_start.value());
  }
  append_offsets(body, "next_offsets", next);
  append_offsets(body, "high_watermarks", high);
  append_offsets(body, "log_start_offsets", start);
  body += '}';
  respond({.status = 200, .body = std::move(body)});
}

}  // namespace eventioz::http
