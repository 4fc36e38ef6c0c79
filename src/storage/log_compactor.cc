#include "storage/log_compactor.h"

#include <spdlog/spdlog.h>

#include <string>
#include <unordered_map>

#include "storage/batch_scanner.h"
#include "storage/errc.h"
#include "storage/segment_file_names.h"

namespace eventioz::storage {
namespace {

constexpr size_t decompressed_batch_size_max = 64 << 20;
constexpr size_t scan_batch_size_max = size_t{1} << 31;

struct segment_snapshot {
  offset base;
  io::file_ptr file;
  uint64_t size_bytes;
};

using latest_offsets = std::unordered_map<std::string, offset>;

std::string key_of(const model::record& record) {
  return std::string(record.key->begin(), record.key->end());
}

bool compactable(const model::record_batch_header& header) {
  return !header.is_control() && !header.is_transactional();
}

// Calls `visit(header, bytes)` for every batch of the segment, checking CRCs.
template <class Visitor>
status for_each_batch(const segment_snapshot& segment, Visitor&& visit) {
  batch_scanner scanner(*segment.file, 0, segment.size_bytes, /*verify_crc=*/true,
                        scan_batch_size_max);
  while (true) {
    EVENTIOZ_TRY(std::optional<scan_step> step, scanner.next_batch());
    if (!step) return ok_status();
    EVENTIOZ_RETURN_IF_ERROR(visit(step->header, scanner.last_batch_bytes()));
  }
}

status record_latest_offsets(const segment_snapshot& segment, offset end, latest_offsets& latest) {
  return for_each_batch(
      segment, [&](const model::record_batch_header& header, byte_span bytes) -> status {
        if (!compactable(header) || header.base_offset >= end) return ok_status();
        EVENTIOZ_TRY(auto records, model::read_records(bytes, decompressed_batch_size_max));
        for (const model::record& record : records) {
          if (record.key && record.record_offset < end)
            latest[key_of(record)] = record.record_offset;
        }
        return ok_status();
      });
}

struct compacted_segment {
  byte_buffer bytes;
  uint64_t records_removed = 0;
};

// The segment with superseded records and expired tombstones left out. Batches that lose no
// record are copied byte for byte; batches that lose some are rebuilt with the same base
// offset, codec, producer fields and extent; batches that lose all are dropped.
result<compacted_segment> compact_segment(const segment_snapshot& segment,
                                          const latest_offsets& latest,
                                          int64_t tombstone_expiry_ms) {
  compacted_segment out;
  auto keep = [&](const model::record& record) {
    if (!record.key) return true;
    auto found = latest.find(key_of(record));
    if (found == latest.end() || found->second != record.record_offset) return false;
    return record.value.has_value() || record.timestamp >= tombstone_expiry_ms;
  };
  EVENTIOZ_RETURN_IF_ERROR(for_each_batch(
      segment, [&](const model::record_batch_header& header, byte_span bytes) -> status {
        if (!compactable(header)) {
          out.bytes.insert(out.bytes.end(), bytes.begin(), bytes.end());
          return ok_status();
        }
        EVENTIOZ_TRY(auto records, model::read_records(bytes, decompressed_batch_size_max));
        std::vector<model::record_to_write> kept;
        for (model::record& record : records) {
          if (!keep(record)) continue;
          kept.push_back({std::move(record.key), std::move(record.value), std::move(record.headers),
                          record.timestamp,
                          static_cast<int32_t>(record.record_offset - header.base_offset)});
        }
        out.records_removed += records.size() - kept.size();
        if (kept.size() == records.size()) {
          out.bytes.insert(out.bytes.end(), bytes.begin(), bytes.end());
        } else if (!kept.empty()) {
          model::batch_options options;
          options.codec = header.codec();
          options.base_offset = header.base_offset;
          options.partition_leader_epoch = header.partition_leader_epoch;
          options.producer_id = header.producer_id;
          options.producer_epoch = header.producer_epoch;
          options.base_sequence = header.base_sequence;
          options.last_offset_delta = header.last_offset_delta;
          EVENTIOZ_TRY(byte_buffer rebuilt, model::build_batch(kept, options));
          out.bytes.insert(out.bytes.end(), rebuilt.begin(), rebuilt.end());
        }
        return ok_status();
      }));
  return out;
}

}  // namespace

result<compaction_report> log_compactor::compact(partition_log& log) {
  std::vector<segment_snapshot> sealed;
  std::optional<segment_snapshot> active;
  offset committed;
  log_config config;
  {
    std::lock_guard lock(log._mutex);
    if (log._closed)
      return error(errc::log_closed, fmt::format("log {} is closed", log._directory));
    config = log._config;
    if (!config.compacts()) return compaction_report{};
    committed = log._committed_end;
    for (auto it = log._segments.begin(); it != log._segments.end(); ++it) {
      auto& segment = *it->second;
      segment_snapshot view{segment.base_offset(), segment.file(), segment.size_bytes()};
      bool is_active = std::next(it) == log._segments.end();
      if (!is_active && std::next(it)->first <= committed) {
        sealed.push_back(view);
      } else {
        active = view;  // newer values of keys, up to the committed offset
        break;
      }
    }
  }
  compaction_report report;
  if (sealed.empty()) return report;

  latest_offsets latest;
  for (const auto& segment : sealed) {
    EVENTIOZ_RETURN_IF_ERROR(record_latest_offsets(segment, committed, latest));
  }
  if (active) EVENTIOZ_RETURN_IF_ERROR(record_latest_offsets(*active, committed, latest));

  int64_t tombstone_expiry_ms = log._context.time.now_ms() - config.delete_retention_ms;
  for (const auto& segment : sealed) {
    EVENTIOZ_TRY(compacted_segment compacted,
                 compact_segment(segment, latest, tombstone_expiry_ms));
    if (compacted.records_removed == 0) continue;

    std::string log_path =
        io::join_path(log._directory, segment_file_name(segment.base, log_suffix));
    std::string cleaned_path =
        io::join_path(log._directory, segment_file_name(segment.base, cleaned_suffix));
    {
      EVENTIOZ_TRY(io::file_ptr cleaned,
                   log._context.fs.open(cleaned_path, io::open_mode::create_or_open));
      EVENTIOZ_RETURN_IF_ERROR(cleaned->truncate(0));
      if (!compacted.bytes.empty()) {
        EVENTIOZ_RETURN_IF_ERROR(cleaned->write_at(0, compacted.bytes));
      }
      EVENTIOZ_RETURN_IF_ERROR(cleaned->sync_data());
    }

    std::lock_guard lock(log._mutex);
    auto found = log._segments.find(segment.base);
    bool unchanged = !log._closed && found != log._segments.end() &&
                     std::next(found) != log._segments.end() &&  // still sealed
                     found->second->file() == segment.file &&
                     found->second->size_bytes() == segment.size_bytes;
    if (!unchanged) {
      // Retention or truncation removed or reopened the segment meanwhile: the copy is stale.
      EVENTIOZ_RETURN_IF_ERROR(log._context.fs.remove_file(cleaned_path));
      continue;
    }
    // The old indexes point into the old file: remove them first, so that a crash after the
    // rename leaves a segment whose missing indexes are rebuilt, never stale ones.
    EVENTIOZ_RETURN_IF_ERROR(found->second->remove_index_files());
    EVENTIOZ_RETURN_IF_ERROR(log._context.fs.sync_directory(log._directory));
    EVENTIOZ_RETURN_IF_ERROR(log._context.fs.rename(cleaned_path, log_path));
    EVENTIOZ_RETURN_IF_ERROR(log._context.fs.sync_directory(log._directory));
    EVENTIOZ_TRY(io::file_ptr replacement,
                 log._context.fs.open(log_path, io::open_mode::read_write));
    EVENTIOZ_RETURN_IF_ERROR(
        found->second->replace_file(std::move(replacement), compacted.bytes.size()));
    ++report.segments_rewritten;
    report.records_removed += compacted.records_removed;
    report.bytes_before += segment.size_bytes;
    report.bytes_after += compacted.bytes.size();
  }
  if (report.segments_rewritten > 0) {
    spdlog::info("{}: compaction removed {} records from {} segments ({} -> {} bytes)",
                 log._directory, report.records_removed, report.segments_rewritten,
                 report.bytes_before, report.bytes_after);
  }
  return report;
}

}  // namespace eventioz::storage
