#include "storage/log_config.h"

#include <fmt/format.h>

#include <charconv>
#include <functional>
#include <limits>

#include "storage/errc.h"

namespace eventioz::storage {
namespace {

error invalid(std::string_view key, std::string_view value, std::string_view expected) {
  return error(errc::invalid_config,
               fmt::format("invalid value '{}' for {}: expected {}", value, key, expected));
}

result<int64_t> parse_integer(std::string_view key, std::string_view value, int64_t minimum,
                              int64_t maximum) {
  int64_t parsed = 0;
  auto [end, failure] = std::from_chars(value.data(), value.data() + value.size(), parsed);
  if (failure != std::errc() || end != value.data() + value.size() || parsed < minimum ||
      parsed > maximum) {
    return invalid(key, value, fmt::format("an integer from {} to {}", minimum, maximum));
  }
  return parsed;
}

using setter = std::function<status(log_config&, std::string_view key, std::string_view value)>;

template <class Field>
setter integer_setter(Field log_config::*field, int64_t minimum,
                      int64_t maximum = std::numeric_limits<int64_t>::max()) {
  return [field, minimum, maximum](log_config& config, std::string_view key,
                                   std::string_view value) -> status {
    EVENTIOZ_TRY(int64_t parsed, parse_integer(key, value, minimum, maximum));
    config.*field = static_cast<Field>(parsed);
    return ok_status();
  };
}

status set_cleanup_policy(log_config& config, std::string_view key, std::string_view value) {
  if (value == "delete") {
    config.cleanup = cleanup_policy::delete_segments;
  } else if (value == "compact") {
    config.cleanup = cleanup_policy::compact;
  } else if (value == "compact,delete" || value == "delete,compact") {
    config.cleanup = cleanup_policy::compact_and_delete;
  } else {
    return invalid(key, value, "delete, compact or compact,delete");
  }
  return ok_status();
}

status set_preallocate(log_config& config, std::string_view key, std::string_view value) {
  if (value != "true" && value != "false") return invalid(key, value, "true or false");
  config.preallocate = value == "true";
  return ok_status();
}

const std::map<std::string, setter, std::less<>>& setters() {
  // Minimums keep a log workable: a segment must hold at least one batch header.
  static const std::map<std::string, setter, std::less<>> table = {
      // Index entries hold 32-bit positions, so a segment stays below 2 GiB (as in Kafka).
      {"segment.bytes", integer_setter(&log_config::segment_bytes, 14, 0x7FFFFFFF)},
      {"segment.ms", integer_setter(&log_config::segment_ms, 1)},
      {"segment.index.bytes", integer_setter(&log_config::segment_index_bytes, 8)},
      {"index.interval.bytes", integer_setter(&log_config::index_interval_bytes, 0)},
      {"retention.ms", integer_setter(&log_config::retention_ms, -1)},
      {"retention.bytes", integer_setter(&log_config::retention_bytes, -1)},
      {"flush.messages", integer_setter(&log_config::flush_messages, 1)},
      {"flush.ms", integer_setter(&log_config::flush_ms, 0)},
      {"cleanup.policy", set_cleanup_policy},
      {"delete.retention.ms", integer_setter(&log_config::delete_retention_ms, 0)},
      {"max.message.bytes", integer_setter(&log_config::max_message_bytes, 0)},
      {"preallocate", set_preallocate},
  };
  return table;
}

}  // namespace

status apply_config(log_config& config, std::string_view key, std::string_view value) {
  auto found = setters().find(key);
  if (found == setters().end()) {
    return error(errc::invalid_config, fmt::format("unknown log config key '{}'", key));
  }
  return found->second(config, key, value);
}

result<log_config> make_log_config(const std::map<std::string, std::string>& entries,
                                   log_config base) {
  for (const auto& [key, value] : entries) {
    EVENTIOZ_RETURN_IF_ERROR(apply_config(base, key, value));
  }
  return base;
}

std::map<std::string, std::string> describe_config(const log_config& config) {
  std::string_view cleanup = config.cleanup == cleanup_policy::delete_segments ? "delete"
                             : config.cleanup == cleanup_policy::compact       ? "compact"
                                                                               : "compact,delete";
  return {
      {"segment.bytes", std::to_string(config.segment_bytes)},
      {"segment.ms", std::to_string(config.segment_ms)},
      {"segment.index.bytes", std::to_string(config.segment_index_bytes)},
      {"index.interval.bytes", std::to_string(config.index_interval_bytes)},
      {"retention.ms", std::to_string(config.retention_ms)},
      {"retention.bytes", std::to_string(config.retention_bytes)},
      {"flush.messages", std::to_string(config.flush_messages)},
      {"flush.ms", std::to_string(config.flush_ms)},
      {"cleanup.policy", std::string(cleanup)},
      {"delete.retention.ms", std::to_string(config.delete_retention_ms)},
      {"max.message.bytes", std::to_string(config.max_message_bytes)},
      {"preallocate", config.preallocate ? "true" : "false"},
  };
}

}  // namespace eventioz::storage
