#include "eventstore/stream_purge.h"

#include "storage/log_compactor.h"

namespace eventioz::eventstore {
namespace {

constexpr size_t decompressed_batch_size_max = 64 << 20;
constexpr size_t read_bytes_max = 1 << 20;

bool is_purged_event(const model::record& record, const std::set<std::string>& deleted_streams) {
  if (!record.key || !record.value) return false;  // keyless records; tombstones stay
  return deleted_streams.contains(std::string(record.key->begin(), record.key->end()));
}

// True when the active segment (everything appended, committed or not) holds an event of a
// deleted stream: only rolling it lets the purge reach that event.
result<bool> active_segment_holds_purged_events(storage::partition_log& log,
                                                const std::set<std::string>& deleted_streams) {
  offset next = std::max(log.active_segment_base_offset(), log.log_start_offset());
  offset end = log.log_end_offset();
  while (next < end) {
    EVENTIOZ_TRY(byte_buffer bytes,
                 log.read_verified({.start = next, .max_bytes = read_bytes_max, .end = end}));
    if (bytes.empty()) break;
    for (size_t position = 0; position < bytes.size();) {
      byte_span rest(bytes.data() + position, bytes.size() - position);
      EVENTIOZ_TRY(model::record_batch_header header, model::parse_batch_header(rest));
      byte_span batch = rest.first(header.size_bytes());
      if (!header.is_control() && !header.is_transactional()) {
        EVENTIOZ_TRY(auto records, model::read_records(batch, decompressed_batch_size_max));
        for (const model::record& record : records) {
          if (is_purged_event(record, deleted_streams)) return true;
        }
      }
      next = header.last_offset() + 1;
      position += header.size_bytes();
    }
  }
  return false;
}

}  // namespace

result<uint64_t> purge_streams(storage::partition_log& log,
                               const std::set<std::string>& deleted_streams) {
  if (deleted_streams.empty()) return uint64_t{0};
  EVENTIOZ_TRY(bool roll, active_segment_holds_purged_events(log, deleted_streams));
  if (roll) EVENTIOZ_RETURN_IF_ERROR(log.roll());
  EVENTIOZ_TRY(storage::compaction_report report,
               storage::log_compactor::remove_records(log, [&](const model::record& record) {
                 return !is_purged_event(record, deleted_streams);
               }));
  return report.records_removed;
}

}  // namespace eventioz::eventstore
