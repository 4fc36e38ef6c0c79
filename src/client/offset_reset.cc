#include "client/offset_reset.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "client/errc.h"

namespace eventioz::client {
namespace {

// a + b without overflow: past the int64 range stops at its edge (and is then clamped).
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
    case reset_target::kind::shift:
      if (!position.committed) {
        return error(errc::invalid_argument,
                     fmt::format("partition {} has no committed offset to shift; use "
                                 "--to-earliest, --to-latest or --to-offset",
                                 position.partition));
      }
      return saturating_add(*position.committed, target.value);
    case reset_target::kind::timestamp:
      return position.at_timestamp.value_or(position.log_end);
  }
  return error(errc::invalid_argument, "unknown reset target");
}

}  // namespace

result<std::vector<planned_offset>> plan_offset_reset(
    const std::vector<partition_position>& partitions, const reset_target& target) {
  std::vector<planned_offset> plan;
  plan.reserve(partitions.size());
  for (const partition_position& position : partitions) {
    EVENTIOZ_TRY(int64_t wanted, unclamped_target(position, target));
    // log_start <= log_end always holds for a real log; if a broker says otherwise, the end wins.
    int64_t clamped = std::min(std::max(wanted, position.log_start), position.log_end);
    plan.push_back({position.partition, position.committed, clamped});
  }
  return plan;
}

}  // namespace eventioz::client
