// The reset target of a request, and the plan it gives for each partition.
#include "http/group_offsets_reset.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

namespace eventioz::http {
namespace {

error invalid(std::string message) {
  return error(std::make_error_code(std::errc::invalid_argument), std::move(message));
}

constexpr std::string_view target_choices =
    "\"to\" must be \"earliest\", \"latest\", {\"offset\": N}, {\"timestamp\": MS} or "
    "{\"shift_by\": N}";

// a + b, stopping at the int64 range's edge instead of overflowing (then clamped to the log).
int64_t saturating_add(int64_t a, int64_t b) {
  int64_t sum = 0;
  if (__builtin_add_overflow(a, b, &sum)) {
    return b > 0 ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int64_t>::min();
  }
  return sum;
}

result<int64_t> unclamped_target(const partition_position& position, const reset_target& target) {
  switch (target.to) {
    case reset_target::kind::earliest:
      return position.log_start;
    case reset_target::kind::latest:
      return position.log_end;
    case reset_target::kind::offset:
      return target.value;
    case reset_target::kind::timestamp:
      return position.at_timestamp.value_or(position.log_end);
    case reset_target::kind::shift_by:
      if (!position.committed) {
        return invalid(
            fmt::format("partition {} has no committed offset to shift; reset it to \"earliest\", "
                        "\"latest\", an offset or a timestamp instead",
                        position.partition));
      }
      return saturating_add(*position.committed, target.value);
  }
  return invalid("unknown reset target");
}

}  // namespace

result<reset_target> parse_reset_target(const nlohmann::json& to) {
  if (to.is_string()) {
    if (to == "earliest") return reset_target{reset_target::kind::earliest, 0};
    if (to == "latest") return reset_target{reset_target::kind::latest, 0};
    return invalid(fmt::format("{}, not \"{}\"", target_choices, to.get<std::string>()));
  }
  if (!to.is_object()) return invalid(std::string(target_choices));
  for (const auto& [member, ignored] : to.items()) {
    if (member != "offset" && member != "timestamp" && member != "shift_by") {
      return invalid(
          fmt::format("unknown member \"{}\" in \"to\" (known: offset, timestamp, "
                      "shift_by)",
                      member));
    }
  }
  if (to.size() != 1) return invalid(std::string(target_choices));
  const std::string name = to.begin().key();
  const nlohmann::json& value = to.begin().value();
  if (!value.is_number_integer()) {
    return invalid(fmt::format("\"to\": {{\"{}\": ...}} needs a whole number", name));
  }
  int64_t number = value.is_number_unsigned() && value.get<uint64_t>() > INT64_MAX
                       ? std::numeric_limits<int64_t>::max()
                       : value.get<int64_t>();
  if (name == "shift_by") return reset_target{reset_target::kind::shift_by, number};
  if (name != "offset" && name != "timestamp") {
    return invalid(fmt::format("{}; \"{}\" is none of these", target_choices, name));
  }
  if (number < 0) return invalid(fmt::format("\"to\": {{\"{}\": N}} must not be negative", name));
  return reset_target{name == "offset" ? reset_target::kind::offset : reset_target::kind::timestamp,
                      number};
}

result<std::vector<planned_offset>> plan_offset_reset(
    const std::vector<partition_position>& partitions, const reset_target& target) {
  std::vector<planned_offset> plan;
  plan.reserve(partitions.size());
  for (const partition_position& position : partitions) {
    EVENTIOZ_TRY(int64_t wanted, unclamped_target(position, target));
    // log_start <= log_end holds for a real log; should it not, the end wins.
    int64_t clamped = std::min(std::max(wanted, position.log_start), position.log_end);
    plan.push_back({position.partition, position.committed, clamped});
  }
  return plan;
}

}  // namespace eventioz::http
