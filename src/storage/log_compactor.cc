#include "storage/log_compactor.h"

#include <string>
#include <unordered_map>

namespace eventioz::storage {
namespace {

using latest_offsets = std::unordered_map<std::string, offset>;

std::string key_of(const model::record& record) {
  return std::string(record.key->begin(), record.key->end());
}

status record_latest_offsets(const segment_view& segment, offset end, latest_offsets& latest) {
  return log_rewriter::for_each_batch(
      segment, [&](const model::record_batch_header& header, byte_span bytes) -> status {
        if (!log_rewriter::filterable(header) || header.base_offset >= end) return ok_status();
        EVENTIOZ_TRY(auto records, log_rewriter::records_of(bytes));
        for (const model::record& record : records) {
          if (record.key && record.record_offset < end)
            latest[key_of(record)] = record.record_offset;
        }
        return ok_status();
      });
}

// Keeps keyless records, and of each key its latest record — a tombstone only until
// delete.retention.ms has passed since it was written.
result<record_filter> latest_per_key_filter(const rewrite_scope& scope, int64_t now_ms) {
  if (!scope.config.compacts()) return record_filter{};
  auto latest = std::make_shared<latest_offsets>();
  for (const auto& segment : scope.sealed) {
    EVENTIOZ_RETURN_IF_ERROR(record_latest_offsets(segment, scope.committed, *latest));
  }
  if (scope.active) {
    EVENTIOZ_RETURN_IF_ERROR(record_latest_offsets(*scope.active, scope.committed, *latest));
  }
  int64_t tombstone_expiry_ms = now_ms - scope.config.delete_retention_ms;
  return record_filter([latest, tombstone_expiry_ms](const model::record& record) {
    if (!record.key) return true;
    auto found = latest->find(key_of(record));
    if (found == latest->end() || found->second != record.record_offset) return false;
    return record.value.has_value() || record.timestamp >= tombstone_expiry_ms;
  });
}

}  // namespace

result<compaction_report> log_compactor::compact(partition_log& log) {
  int64_t now_ms = log._context.time.now_ms();
  return log_rewriter::rewrite(log, "compaction", [now_ms](const rewrite_scope& scope) {
    return latest_per_key_filter(scope, now_ms);
  });
}

result<compaction_report> log_compactor::remove_records(partition_log& log,
                                                        const record_filter& keep) {
  return log_rewriter::rewrite(
      log, "purge", [&keep](const rewrite_scope&) -> result<record_filter> { return keep; });
}

}  // namespace eventioz::storage
