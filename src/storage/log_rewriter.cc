#include "storage/log_rewriter.h"

#include <spdlog/spdlog.h>

#include <string>

#include "storage/batch_scanner.h"
#include "storage/errc.h"
#include "storage/segment_file_names.h"

namespace eventioz::storage {
namespace {

constexpr size_t decompressed_batch_size_max = 64 << 20;
constexpr size_t scan_batch_size_max = size_t{1} << 31;

struct rewritten_segment {
  byte_buffer bytes;
  uint64_t records_removed = 0;
};

void append_bytes(byte_buffer& out, byte_span bytes) {
  out.insert(out.end(), bytes.begin(), bytes.end());
}

// One data batch without the records `keep` drops: copied when it loses none, rebuilt with the
// same base offset, extent, codec and producer fields when it loses some, left out when it
// loses all. Returns how many records it lost.
result<uint64_t> filter_batch(const model::record_batch_header& header, byte_span bytes,
                              const record_filter& keep, byte_buffer& out) {
  EVENTIOZ_TRY(auto records, log_rewriter::records_of(bytes));
  std::vector<model::record_to_write> kept;
  for (model::record& record : records) {
    if (!keep(record)) continue;
    kept.push_back({std::move(record.key), std::move(record.value), std::move(record.headers),
                    record.timestamp,
                    static_cast<int32_t>(record.record_offset - header.base_offset)});
  }
  uint64_t removed = records.size() - kept.size();
  if (removed == 0) {
    append_bytes(out, bytes);
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
    append_bytes(out, rebuilt);
  }
  return removed;
}

result<rewritten_segment> rewrite_segment(const segment_view& segment, const record_filter& keep) {
  rewritten_segment out;
  EVENTIOZ_RETURN_IF_ERROR(log_rewriter::for_each_batch(
      segment, [&](const model::record_batch_header& header, byte_span bytes) -> status {
        if (!log_rewriter::filterable(header)) {
          append_bytes(out.bytes, bytes);
          return ok_status();
        }
        EVENTIOZ_TRY(uint64_t removed, filter_batch(header, bytes, keep, out.bytes));
        out.records_removed += removed;
        return ok_status();
      }));
  return out;
}

}  // namespace

status log_rewriter::for_each_batch(
    const segment_view& segment,
    const std::function<status(const model::record_batch_header&, byte_span)>& visit) {
  batch_scanner scanner(*segment.file, 0, segment.size_bytes, /*verify_crc=*/true,
                        scan_batch_size_max);
  while (true) {
    EVENTIOZ_TRY(std::optional<scan_step> step, scanner.next_batch());
    if (!step) return ok_status();
    EVENTIOZ_RETURN_IF_ERROR(visit(step->header, scanner.last_batch_bytes()));
  }
}

result<std::vector<model::record>> log_rewriter::records_of(byte_span batch) {
  return model::read_records(batch, decompressed_batch_size_max);
}

result<compaction_report> log_rewriter::rewrite(partition_log& log, std::string_view purpose,
                                                const filter_factory& make_filter) {
  // Held throughout: two rewrites of one log would share the .log.cleaned path, and the
  // second's staleness check would remove the first's copy.
  std::lock_guard rewriting(log._rewrite_mutex);
  rewrite_scope scope;
  {
    std::lock_guard lock(log._mutex);
    if (log._closed)
      return error(errc::log_closed, fmt::format("log {} is closed", log._directory));
    scope.config = log._config;
    scope.committed = log._committed_end;
    for (auto it = log._segments.begin(); it != log._segments.end(); ++it) {
      auto& segment = *it->second;
      segment_view view{segment.base_offset(), segment.file(), segment.size_bytes()};
      bool is_active = std::next(it) == log._segments.end();
      if (!is_active && std::next(it)->first <= scope.committed) {
        scope.sealed.push_back(view);
      } else {
        scope.active = view;
        break;
      }
    }
  }
  compaction_report report;
  if (scope.sealed.empty()) return report;
  EVENTIOZ_TRY(record_filter keep, make_filter(scope));
  if (!keep) return report;

  for (const auto& segment : scope.sealed) {
    EVENTIOZ_TRY(rewritten_segment rewritten, rewrite_segment(segment, keep));
    if (rewritten.records_removed == 0) continue;

    std::string log_path =
        io::join_path(log._directory, segment_file_name(segment.base, log_suffix));
    std::string cleaned_path =
        io::join_path(log._directory, segment_file_name(segment.base, cleaned_suffix));
    {
      EVENTIOZ_TRY(io::file_ptr cleaned,
                   log._context.fs.open(cleaned_path, io::open_mode::create_or_open));
      EVENTIOZ_RETURN_IF_ERROR(cleaned->truncate(0));
      if (!rewritten.bytes.empty()) {
        EVENTIOZ_RETURN_IF_ERROR(cleaned->write_at(0, rewritten.bytes));
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
        found->second->replace_file(std::move(replacement), rewritten.bytes.size()));
    ++report.segments_rewritten;
    report.records_removed += rewritten.records_removed;
    report.bytes_before += segment.size_bytes;
    report.bytes_after += rewritten.bytes.size();
  }
  if (report.segments_rewritten > 0) {
    spdlog::info("{}: {} removed {} records from {} segments ({} -> {} bytes)", log._directory,
                 purpose, report.records_removed, report.segments_rewritten, report.bytes_before,
                 report.bytes_after);
  }
  return report;
}

}  // namespace eventioz::storage
