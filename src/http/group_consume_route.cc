// GET /v1/groups/{group}/topics/{topic}/records?limit=N&commit=true|false&reset=earliest|latest:
// consuming a topic as a consumer group over HTTP, without joining it. Each partition is read
// from the group's committed offset (or, where there is none or it is outside the log, from the
// reset policy: earliest by default), `limit` records spread fairly over the partitions. With
// commit=true (the default) the offsets after the records returned are committed (generation
// -1) and the answer waits until that commit is durable: the caller never sees a record twice
// (at most once); with commit=false it commits through POST /offsets after processing (at
// least once).
//
// A group with members is refused: a Kafka consumer group owns its partitions and offsets.
// Two HTTP callers consuming as one group at once may get the same records (nothing assigns
// partitions between them); use one caller per group, or Kafka consumers.
#include <fmt/format.h>

#include <atomic>

#include "http/group_errors.h"
#include "http/group_routes.h"
#include "http/partition_reader.h"
#include "http/record_json.h"
#include "storage/errc.h"

namespace eventioz::http {
namespace {

constexpr int64_t limit_default = 100;
constexpr int64_t limit_max = 10000;
// Batch bytes read per answer, at most (about: every partition's read returns at least one
// batch): bounds the answer's size with large records.
constexpr size_t answer_bytes_max = 16 << 20;

struct partition_cursor {
  int32_t partition = 0;
  std::shared_ptr<cluster::partition> log;
  std::optional<int64_t> committed;  // the group's, when within the log
  offset position;                   // where the next read starts
  int64_t high_watermark = 0;
  std::vector<model::record> records;
  bool exhausted = false;
};

struct consume_options {
  size_t limit = limit_default;
  bool commit = true;
  bool reset_to_latest = false;
};

std::variant<consume_options, http_response> parse_options(const http_request& request) {
  consume_options out;
  auto limit = request.query_integer("limit", 1, limit_max);
  if (!limit) return bad_request(limit.error_value().message());
  if (*limit) out.limit = static_cast<size_t>(**limit);
  if (auto commit = request.query_value("commit")) {
    if (*commit != "true" && *commit != "false") {
      return bad_request(
          fmt::format("query parameter 'commit' must be true or false, not '{}'", *commit));
    }
    out.commit = *commit == "true";
  }
  if (auto reset = request.query_value("reset")) {
    if (*reset != "earliest" && *reset != "latest") {
      return bad_request(
          fmt::format("query parameter 'reset' must be earliest or latest, not '{}'", *reset));
    }
    out.reset_to_latest = *reset == "latest";
  }
  return out;
}

// Every partition of the topic, positioned at the group's committed offset or the reset policy.
result<std::vector<partition_cursor>> open_cursors(http_context& context,
                                                   const std::string& group_id,
                                                   const std::string& topic,
                                                   int32_t partition_count, bool reset_to_latest) {
  std::vector<groups::topic_partition_key> keys;
  for (int32_t index = 0; index < partition_count; ++index) keys.push_back({topic, index});
  auto committed = context.groups.fetch_offsets(group_id, keys, false);
  std::vector<partition_cursor> cursors;
  for (size_t i = 0; i < keys.size(); ++i) {
    partition_cursor cursor{.partition = keys[i].partition};
    EVENTIOZ_TRY(cursor.log, context.topics.get_partition(topic, cursor.partition));
    int64_t log_start = cursor.log->log().log_start_offset().value();
    cursor.high_watermark = cursor.log->high_watermark().value();
    int64_t start = reset_to_latest ? cursor.high_watermark : log_start;
    if (i < committed.size()) {
      int64_t at = committed[i].value.committed_offset;
      // Outside the log (deleted by retention, or past the end): the reset policy, as a Kafka
      // consumer does on OFFSET_OUT_OF_RANGE.
      if (at >= log_start && at <= cursor.high_watermark) {
        cursor.committed = at;
        start = at;
      }
    }
    cursor.position = offset(start);
    cursors.push_back(std::move(cursor));
  }
  return cursors;
}

// Reads up to `limit` records over the cursors: each round gives every partition that still
// has records an equal share of what is left, starting at a different partition each answer so
// that a limit below the partition count does not always favour the first ones.
status read_fairly(std::vector<partition_cursor>& cursors, size_t limit) {
  static std::atomic<uint32_t> rotation{0};
  size_t first = cursors.empty() ? 0 : rotation.fetch_add(1) % cursors.size();
  size_t remaining = limit;
  size_t bytes_read = 0;
  while (remaining > 0 && bytes_read < answer_bytes_max) {
    size_t active = 0;
    for (const auto& cursor : cursors) active += cursor.exhausted ? 0 : 1;
    if (active == 0) break;
    size_t share = std::max<size_t>(1, remaining / active);
    for (size_t step = 0; step < cursors.size() && remaining > 0; ++step) {
      partition_cursor& cursor = cursors[(first + step) % cursors.size()];
      if (cursor.exhausted) continue;
      size_t wanted = std::min(share, remaining);
      auto read = read_partition_records(*cursor.log, cursor.position,
                                         {.max_records = wanted, .max_bytes = 1 << 20});
      if (!read) {
        // Retention moved the log start past us since we looked: the next answer starts over.
        if (read.error_value().code() ==
            storage::make_error_code(storage::errc::offset_out_of_range)) {
          cursor.exhausted = true;
          continue;
        }
        return read.error_value();
      }
      bytes_read += read->bytes_read;
      remaining -= read->records.size();
      bool moved = read->next_offset > cursor.position;
      cursor.position = read->next_offset;
      cursor.high_watermark = read->high_watermark.value();
      for (auto& record : read->records) cursor.records.push_back(std::move(record));
      if (!moved || cursor.position >= cursor.log->last_stable_offset()) cursor.exhausted = true;
    }
  }
  return ok_status();
}

std::string answer_body(const std::string& group_id, const std::string& topic,
                        const std::vector<partition_cursor>& cursors, bool committed) {
  std::string out = "{\"group_id\":";
  append_json_string(out, group_id);
  out += ",\"topic\":";
  append_json_string(out, topic);
  out += ",\"records\":[";
  bool first = true;
  nlohmann::json next_offsets = nlohmann::json::object();
  nlohmann::json high_watermarks = nlohmann::json::object();
  for (const partition_cursor& cursor : cursors) {
    for (const model::record& record : cursor.records) {
      if (!first) out += ',';
      first = false;
      append_record_json(out, topic, cursor.partition, record);
    }
    next_offsets[std::to_string(cursor.partition)] = cursor.position.value();
    high_watermarks[std::to_string(cursor.partition)] = cursor.high_watermark;
  }
  out += "],\"next_offsets\":" + next_offsets.dump();
  out += ",\"high_watermarks\":" + high_watermarks.dump();
  out += committed ? ",\"committed\":true}" : ",\"committed\":false}";
  return out;
}

void consume(http_context& context, const http_request& request, responder respond) {
  // HEAD is answered by GET routes, but this GET commits: a HEAD (a link checker, a proxy's
  // probe) must not consume records nobody receives.
  if (request.message.method() == verb::head) {
    http_response refusal =
        problem(405, "method-not-allowed", "Method not allowed",
                "HEAD would consume records and commit their offsets without returning them; use "
                "GET (commit=false to read without committing)");
    refusal.headers.emplace_back("Allow", "GET");
    return respond(std::move(refusal));
  }
  const std::string& group_id = request.param("group");
  const std::string& topic = request.param("topic");
  auto parsed = parse_options(request);
  if (auto* refusal = std::get_if<http_response>(&parsed)) return respond(std::move(*refusal));
  consume_options options = std::get<consume_options>(parsed);
  auto found = context.topics.find_topic(topic);
  if (!found) {
    return respond(problem(404, "unknown-topic", "Unknown topic",
                           fmt::format("topic '{}' does not exist; GET /v1/topics lists the "
                                       "topics",
                                       topic),
                           {{"topic", topic}}));
  }
  groups::group_description group = describe_group(context, group_id);
  if (!group.members.empty()) return respond(group_has_members(group));
  auto cursors =
      open_cursors(context, group_id, topic, found->partition_count, options.reset_to_latest);
  status read = cursors ? read_fairly(*cursors, options.limit) : status(cursors.error_value());
  if (!read) {
    return respond(problem(
        503, "partition-unavailable", "A partition could not be read",
        fmt::format("reading topic '{}': {}; retry shortly", topic, read.error_value().message())));
  }
  std::vector<groups::offset_to_commit> offsets;
  for (const partition_cursor& cursor : *cursors) {
    if (cursor.committed == cursor.position.value()) continue;
    offsets.push_back({.topic = topic,
                       .partition = cursor.partition,
                       .committed_offset = cursor.position.value()});
  }
  if (!options.commit || offsets.empty()) {
    return respond({.body = answer_body(group_id, topic, *cursors, options.commit)});
  }
  std::string body = answer_body(group_id, topic, *cursors, true);
  context.groups.commit_offsets(
      {.group_id = group_id, .generation_id = -1, .offsets = std::move(offsets)},
      [group_id, body = std::move(body),
       respond = std::move(respond)](std::vector<std::error_code> errors) mutable {
        for (const std::error_code& code : errors) {
          // Nothing is answered, nothing committed: the caller may ask again (no record lost).
          if (code) return respond(group_problem(code, group_id));
        }
        respond({.body = std::move(body)});
      });
}

}  // namespace

void add_group_consume_route(router& routes, http_context& context) {
  routes.add(verb::get, "/v1/groups/{group}/topics/{topic}/records",
             [&context](const http_request& request, responder respond) {
               consume(context, request, std::move(respond));
             },
             {"limit", "commit", "reset"});
}

}  // namespace eventioz::http
