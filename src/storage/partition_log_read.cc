// Reading a partition log: by offset (index lookup, then a short scan of batch headers) and by
// timestamp (time index, then the records of one batch).
#include <algorithm>

#include "storage/batch_scanner.h"
#include "storage/errc.h"
#include "storage/partition_log.h"

namespace eventioz::storage {
namespace {

// Decoding one batch to find a record by timestamp never expands past this.
constexpr size_t decompressed_batch_size_max = 64 << 20;
constexpr size_t header_scan_batch_size_max = size_t{1} << 31;

// Where a scan of one segment starts and ends, captured under the log's mutex so the I/O can
// run without it.
struct segment_view {
  io::file_ptr file;
  uint64_t start_position;
  uint64_t end_position;
};

void add_range(read_result& out, const io::file_ptr& file, uint64_t position, uint64_t size) {
  if (!out.ranges.empty()) {
    file_range& last = out.ranges.back();
    if (last.file == file && last.position + last.size_bytes == position) {
      last.size_bytes += size;
      return;
    }
  }
  out.ranges.push_back({file, position, size});
}

}  // namespace

result<read_result> partition_log::read(const read_request& request) {
  std::vector<segment_view> views;
  read_result out;
  offset end;
  {
    std::lock_guard lock(_mutex);
    if (_closed) return closed_error();
    if (request.start < _log_start || request.start > _log_end) {
      return error(errc::offset_out_of_range,
                   fmt::format("offset {} is outside the log's range [{}, {}]", request.start,
                               _log_start, _log_end));
    }
    out.log_start_offset = _log_start;
    out.committed_end_offset = _committed_end;
    out.next_offset = request.start;
    end = std::min(request.end.value_or(_committed_end), _log_end);
    if (request.start >= end) return out;
    auto it = _segments.upper_bound(request.start);
    if (it != _segments.begin()) --it;
    for (bool first = true; it != _segments.end() && it->first < end; ++it, first = false) {
      log_segment& segment = *it->second;
      uint64_t start_position = 0;
      if (first) {
        EVENTIOZ_TRY(start_position, segment.scan_start_position(request.start));
      }
      views.push_back({segment.file(), start_position, segment.size_bytes()});
    }
  }

  for (const segment_view& view : views) {
    batch_scanner scanner(*view.file, view.start_position, view.end_position,
                          /*verify_crc=*/false, header_scan_batch_size_max);
    while (true) {
      auto scanned = scanner.next_batch();
      if (!scanned) {
        // Damage after whole batches: serve those; the next read, which starts at the damage,
        // reports it. (Failing the whole read would hide intact data from every consumer.)
        if (out.size_bytes > 0) return out;
        return scanned.error_value();
      }
      std::optional<scan_step>& step = *scanned;
      if (!step) break;
      const auto& header = step->header;
      if (header.last_offset() < request.start) continue;
      if (header.base_offset >= end) return out;
      size_t size = header.size_bytes();
      bool room = out.size_bytes + size <= request.max_bytes;
      if (!room && !(out.size_bytes == 0 && request.at_least_one_batch)) return out;
      add_range(out, view.file, step->position, size);
      out.size_bytes += size;
      out.next_offset = header.last_offset() + 1;
    }
  }
  return out;
}

result<byte_buffer> partition_log::read_verified(const read_request& request) {
  EVENTIOZ_TRY(read_result found, read(request));
  byte_buffer bytes(found.size_bytes);
  size_t at = 0;
  for (const file_range& range : found.ranges) {
    mutable_byte_span into(bytes.data() + at, range.size_bytes);
    EVENTIOZ_TRY(size_t got, range.file->read_at(range.position, into));
    if (got != range.size_bytes) {
      return error(errc::corrupt_data,
                   fmt::format("{} is shorter than its index says", range.file->path()));
    }
    at += range.size_bytes;
  }
  for (size_t position = 0; position < bytes.size();) {
    byte_span rest(bytes.data() + position, bytes.size() - position);
    auto header = model::parse_batch_header(rest);
    if (!header || header->size_bytes() > rest.size()) {
      return error(errc::corrupt_data,
                   fmt::format("a stored batch of {} is malformed", _directory));
    }
    auto valid = model::validate_batch(rest.first(header->size_bytes()));
    if (!valid) {
      return error(errc::corrupt_data,
                   fmt::format("the batch at offset {} of {} is damaged ({}); it will not be "
                               "served: restore the partition from a replica or a backup",
                               header->base_offset, _directory, valid.error_value().message()));
    }
    position += header->size_bytes();
  }
  return bytes;
}

result<std::optional<offset>> partition_log::offset_for_timestamp(int64_t timestamp) {
  std::vector<segment_view> views;
  offset start;
  offset end;
  {
    std::lock_guard lock(_mutex);
    if (_closed) return closed_error();
    start = _log_start;
    end = _committed_end;  // like reads: nothing readers cannot see yet
    bool first = true;
    for (auto& [base, segment] : _segments) {
      if (base >= end) break;
      if (segment->next_offset() <= start) continue;
      // Only segments holding a record at or after the time; the first one from the position
      // the time index gives, the following ones (in case the match in the first one is below
      // the log start) from their beginning.
      EVENTIOZ_TRY(std::optional<int64_t> newest, segment->max_timestamp());
      if (!newest || *newest < timestamp) continue;
      uint64_t position = 0;
      if (first) {
        EVENTIOZ_TRY(offset scan_from, segment->time_scan_start(timestamp));
        EVENTIOZ_TRY(position, segment->scan_start_position(std::max(scan_from, start)));
        first = false;
      }
      views.push_back({segment->file(), position, segment->size_bytes()});
    }
  }
  for (const segment_view& view : views) {
    batch_scanner scanner(*view.file, view.start_position, view.end_position,
                          /*verify_crc=*/true, header_scan_batch_size_max);
    while (true) {
      EVENTIOZ_TRY(std::optional<scan_step> step, scanner.next_batch());
      if (!step || step->header.base_offset >= end) break;
      if (step->header.max_timestamp < timestamp || step->header.last_offset() < start) continue;
      EVENTIOZ_TRY(auto records,
                   model::read_records(scanner.last_batch_bytes(), decompressed_batch_size_max));
      for (const model::record& record : records) {
        if (record.timestamp >= timestamp && record.record_offset >= start &&
            record.record_offset < end) {
          return std::optional<offset>(record.record_offset);
        }
      }
    }
  }
  return std::optional<offset>();
}

result<uint64_t> partition_log::batch_start_position_locked(log_segment& segment, offset target) {
  EVENTIOZ_TRY(uint64_t position, segment.scan_start_position(target));
  batch_scanner scanner(*segment.file(), position, segment.size_bytes(), /*verify_crc=*/false,
                        header_scan_batch_size_max);
  while (true) {
    EVENTIOZ_TRY(std::optional<scan_step> step, scanner.next_batch());
    if (!step) break;
    if (step->header.base_offset == target) return step->position;
    if (step->header.last_offset() >= target) {
      return error(
          std::make_error_code(std::errc::invalid_argument),
          fmt::format("offset {} is inside the batch {}..{} of {}, not at its start", target,
                      step->header.base_offset, step->header.last_offset(), _directory));
    }
  }
  return segment.size_bytes();  // target is the segment's end
}

}  // namespace eventioz::storage
