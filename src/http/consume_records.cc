// GET /v1/topics/{topic}/records: committed records (what a read_committed Kafka consumer sees,
// http/partition_reader.h) of one partition or of all, from an offset, `earliest`, `latest` or
// a timestamp (or per partition: `offsets=0:43,1:17`, the previous answer's next_offsets), at
// most `limit`, optionally only those whose key is `key`:
//   {"records": [record...], "next_offsets": {"0": 43}, "high_watermarks": {"0": 50},
//    "log_start_offsets": {"0": 0}}
// Without `partition` every partition is read from its own start and the records are merged by
// timestamp across partitions, each partition in offset order (http/record_merge.h): what an
// answer holds of a partition is a prefix of it, so `next_offsets` is exact.
//
// Bounded work per answer whatever the partition count: partitions are read lazily, a chunk at
// a time, and only when the merge has used their records; all reads of an answer share one
// budget of batch bytes (answer_bytes_max, beyond one read per partition) and, with `key`, one
// of records scanned (`max_scan`). When it is used up the answer holds what was merged so far.
//
// Records and bytes out (eventioz_topic_*_out_total) count the records returned, not those read
// and left for the next answer.
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
#include "http/push_cursor.h"
#include "http/record_handlers.h"
#include "http/record_json.h"
#include "http/record_merge.h"
#include "http/topic_json.h"
#include "storage/errc.h"

namespace eventioz::http {
namespace {

constexpr int64_t limit_default = 100;
constexpr int64_t limit_max = 10'000;
constexpr int64_t max_scan_default = 100'000;
constexpr int64_t max_scan_max = 10'000'000;
// Batch bytes read per answer over all partitions (beyond a first read of each): a limit of
// 10,000 records of 1 KiB fits.
constexpr size_t answer_bytes_max = 16 << 20;
// Batch bytes per read of one partition: the budget shared by the partitions, within these.
constexpr size_t chunk_bytes_min = 4 << 10;
constexpr size_t chunk_bytes_max = 1 << 20;

enum class start_kind { earliest, latest, offset, timestamp };

struct consume_query {
  std::optional<int32_t> partition;
  start_kind start = start_kind::earliest;
  int64_t value = 0;       // the offset or timestamp
  push_positions offsets;  // partitions that start at their own offset (`offsets=`)
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
  if (auto offsets = request.query_value("offsets")) {
    if (query.partition) {
      return invalid("give either partition (with offset) or offsets, not both");
    }
    auto parsed = parse_push_cursor(*offsets);
    if (!parsed) {
      return invalid(fmt::format(
          "offsets must be partition:offset pairs, comma-separated, each partition at most "
          "once, like '0:43,1:17' (the next_offsets of the previous answer), not '{}'",
          offsets->substr(0, 64)));
    }
    for (const auto& [partition, ignored] : *parsed) {
      EVENTIOZ_TRY(auto checked, partition_index(std::to_string(partition), topic));
      (void)checked;
    }
    query.offsets = std::move(*parsed);
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

// One partition of an answer: read lazily, a chunk at a time, as the merge uses its records.
struct partition_cursor {
  std::shared_ptr<cluster::partition> log;
  int32_t partition = 0;
  offset read_position;  // where the next read continues (past every record read or skipped)
  offset high_watermark;
  offset log_start;
  std::vector<model::record> records;  // read, not yet returned from `head` on
  std::vector<batch_origin> origins;
  size_t head = 0;
  bool at_end = false;                 // nothing more to read (the last stable offset)
  std::vector<batch_origin> returned;  // the batches of the records returned, for the metrics

  bool has_head() const { return head < records.size(); }
  // Where a consumer continues: the first record read but not returned, else past the reads.
  offset next_offset() const { return has_head() ? records[head].record_offset : read_position; }
};

// What one answer may still read, over all its partitions.
struct read_budget {
  size_t bytes_left = answer_bytes_max;
  size_t scan_left = 0;    // records the key filter may still look at
  size_t chunk_bytes = 0;  // batch bytes per read of one partition
};

result<offset> start_offset(cluster::partition& partition, const consume_query& query) {
  offset log_start = partition.log().log_start_offset();
  offset end = partition.high_watermark();
  start_kind start = query.start;
  int64_t value = query.value;
  // offset=N without partition= names no partition: one whose log is shorter than N starts at
  // its end (contributes nothing yet) instead of failing the read of every other partition.
  bool past_end_is_end = !query.partition;
  if (auto at = query.offsets.find(partition.id().partition); at != query.offsets.end()) {
    start = start_kind::offset;
    value = at->second;
    past_end_is_end = false;  // a cursor this partition's own: past the end is an error
  }
  switch (start) {
    case start_kind::earliest:
      return log_start;
    case start_kind::latest:
      return end;
    case start_kind::timestamp: {
      EVENTIOZ_TRY(auto found, partition.log().offset_for_timestamp(value));
      if (!found) return end;
      return std::max(std::min(*found, end), log_start);
    }
    case start_kind::offset:
      if (offset(value) > end && past_end_is_end) return end;
      if (offset(value) > end) {
        return error(storage::make_error_code(storage::errc::offset_out_of_range),
                     fmt::format("offset {} is past the end of partition {} (high watermark {}); "
                                 "read from at most {} or use offset=latest",
                                 value, partition.id().partition, end.value(), end.value()));
      }
      return std::max(offset(value), log_start);
  }
  return log_start;
}

bool key_matches(const model::record& record, const std::string& key) {
  return record.key && as_string_view(*record.key) == key;
}

// Reads the cursor's next records (those the key filter keeps) until it has one, is at the end,
// or the budget is used up (then it has none and is not at the end: the answer stops there).
// `wanted`: records the answer could still take. `first`: one read even when the budget is used
// up (every partition is read once per answer, so the merge knows every head).
status refill(partition_cursor& cursor, const consume_query& query, read_budget& budget,
              size_t wanted, bool first) {
  cursor.records.clear();
  cursor.origins.clear();
  cursor.head = 0;
  while (!cursor.at_end && cursor.records.empty() && (budget.bytes_left > 0 || first)) {
    if (query.key && budget.scan_left == 0) return ok_status();
    size_t max_records = query.key ? budget.scan_left : wanted;
    size_t max_bytes = budget.bytes_left > 0 ? std::min(budget.chunk_bytes, budget.bytes_left)
                                             : budget.chunk_bytes;
    first = false;
    auto read = read_partition_records(
        *cursor.log, cursor.read_position,
        {.max_records = max_records, .max_bytes = max_bytes, .count_out = false});
    if (!read) return read.error_value();
    budget.bytes_left -= std::min(budget.bytes_left, read->bytes_read);
    if (read->next_offset <= cursor.read_position) {
      cursor.at_end = true;
      break;
    }
    cursor.read_position = read->next_offset;
    for (size_t i = 0; i < read->records.size(); ++i) {
      model::record& record = read->records[i];
      if (query.key) {
        if (budget.scan_left == 0) {
          cursor.read_position = record.record_offset;  // not looked at: read again next time
          break;
        }
        --budget.scan_left;
        if (!key_matches(record, *query.key)) continue;
      }
      cursor.records.push_back(std::move(record));
      cursor.origins.push_back(read->origins[i]);
    }
  }
  return ok_status();
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
  std::vector<partition_cursor> cursors;
  int32_t first = query->partition.value_or(0);
  int32_t last = query->partition.value_or(topic->partition_count - 1);
  for (int32_t index = first; index <= last; ++index) {
    auto partition = context.topics.get_partition(topic->name, index);
    if (!partition) return respond(error_response(partition.error_value()));
    partition_cursor cursor{.log = *partition,
                            .partition = index,
                            .high_watermark = (*partition)->high_watermark(),
                            .log_start = (*partition)->log().log_start_offset()};
    auto start = start_offset(**partition, *query);
    if (!start) return respond(error_response(start.error_value()));
    cursor.read_position = *start;
    cursors.push_back(std::move(cursor));
  }

  // Every partition's first records (at least one read each, whatever the budget: the merge
  // needs every head), then the k-way merge, refilling a partition when its records are used.
  read_budget budget{.scan_left = query->max_scan};
  budget.chunk_bytes = std::clamp(answer_bytes_max / std::max<size_t>(cursors.size(), 1),
                                  chunk_bytes_min, chunk_bytes_max);
  timestamp_merge merge;
  bool every_head_known = true;
  for (size_t i = 0; i < cursors.size(); ++i) {
    status filled = refill(cursors[i], *query, budget, query->limit, true);
    if (!filled) return respond(error_response(filled.error_value()));
    if (cursors[i].has_head()) merge.offer(i, cursors[i].records[0].timestamp);
    // A key scan that used up the budget before finding this partition's next match: nothing
    // can be merged in order (next_offsets still move past what was scanned).
    if (!cursors[i].has_head() && !cursors[i].at_end) every_head_known = false;
  }
  std::string body = "{\"records\":[";
  size_t returned = 0;
  while (every_head_known && returned < query->limit) {
    auto source = merge.take();
    if (!source) break;
    partition_cursor& cursor = cursors[*source];
    if (returned > 0) body += ',';
    append_record_json(body, topic->name, cursor.partition, cursor.records[cursor.head]);
    cursor.returned.push_back(cursor.origins[cursor.head]);
    ++cursor.head;
    ++returned;
    if (returned == query->limit) break;
    if (!cursor.has_head()) {
      status filled = refill(cursor, *query, budget, query->limit - returned, false);
      if (!filled) return respond(error_response(filled.error_value()));
      // The budget is used up before this partition's next record is known: any record after
      // this point might have to come after it, so the answer ends here.
      if (!cursor.has_head() && !cursor.at_end) break;
    }
    if (cursor.has_head()) merge.offer(*source, cursor.records[cursor.head].timestamp);
  }
  body += ']';
  std::vector<std::pair<int32_t, int64_t>> next, high, start;
  for (partition_cursor& cursor : cursors) {
    count_records_out(*cursor.log, cursor.returned);
    next.emplace_back(cursor.partition, cursor.next_offset().value());
    high.emplace_back(cursor.partition, cursor.high_watermark.value());
    start.emplace_back(cursor.partition, cursor.log_start.value());
  }
  append_offsets(body, "next_offsets", next);
  append_offsets(body, "high_watermarks", high);
  append_offsets(body, "log_start_offsets", start);
  body += '}';
  respond({.status = 200, .body = std::move(body)});
}

}  // namespace eventioz::http
