#include "storage/log_segment.h"

#include <spdlog/spdlog.h>

#include <limits>

#include "storage/batch_scanner.h"
#include "storage/errc.h"
#include "storage/segment_file_names.h"

namespace eventioz::storage {
namespace {

result<byte_buffer> read_whole_file(io::file_system& fs, const std::string& path) {
  EVENTIOZ_TRY(io::file_ptr file, fs.open(path, io::open_mode::read_only));
  EVENTIOZ_TRY(uint64_t size, file->size());
  byte_buffer contents(static_cast<size_t>(size));
  EVENTIOZ_TRY(size_t got, file->read_at(0, contents));
  contents.resize(got);
  return contents;
}

status write_whole_file(io::file_system& fs, const std::string& path, byte_span contents) {
  EVENTIOZ_TRY(io::file_ptr file, fs.open(path, io::open_mode::create_or_open));
  EVENTIOZ_RETURN_IF_ERROR(file->truncate(0));
  if (!contents.empty()) EVENTIOZ_RETURN_IF_ERROR(file->write_at(0, contents));
  return file->sync_data();
}

}  // namespace

log_segment::log_segment(io::file_system& fs, std::string directory, offset base_offset,
                         io::file_ptr file, const log_config& config)
    : _fs(fs),
      _directory(std::move(directory)),
      _base_offset(base_offset),
      _file(std::move(file)),
      _config(config),
      _next_offset(base_offset),
      _offset_index(base_offset),
      _time_index(base_offset),
      _offset_of_max_timestamp(base_offset) {}

std::string log_segment::log_path() const {
  return io::join_path(_directory, segment_file_name(_base_offset, log_suffix));
}

result<std::unique_ptr<log_segment>> log_segment::create(io::file_system& fs,
                                                         const std::string& directory,
                                                         offset base_offset,
                                                         const log_config& config) {
  std::string path = io::join_path(directory, segment_file_name(base_offset, log_suffix));
  EVENTIOZ_TRY(io::file_ptr file, fs.open(path, io::open_mode::create_or_open));
  EVENTIOZ_RETURN_IF_ERROR(file->truncate(0));
  EVENTIOZ_RETURN_IF_ERROR(fs.sync_directory(directory));
  std::unique_ptr<log_segment> segment(
      new log_segment(fs, directory, base_offset, std::move(file), config));
  segment->_indexes_loaded = true;  // a new segment's indexes are empty, not missing
  return segment;
}

result<std::unique_ptr<log_segment>> log_segment::open(io::file_system& fs,
                                                       const std::string& directory,
                                                       offset base_offset, uint64_t size_bytes,
                                                       offset next_offset,
                                                       const log_config& config) {
  std::string path = io::join_path(directory, segment_file_name(base_offset, log_suffix));
  EVENTIOZ_TRY(io::file_ptr file, fs.open(path, io::open_mode::read_write));
  std::unique_ptr<log_segment> segment(
      new log_segment(fs, directory, base_offset, std::move(file), config));
  segment->_size_bytes = size_bytes;
  segment->_next_offset = next_offset;
  return segment;
}

result<std::pair<std::unique_ptr<log_segment>, segment_scan_report>> log_segment::open_and_scan(
    io::file_system& fs, const std::string& directory, offset base_offset,
    const log_config& config) {
  std::string path = io::join_path(directory, segment_file_name(base_offset, log_suffix));
  EVENTIOZ_TRY(io::file_ptr file, fs.open(path, io::open_mode::read_write));
  EVENTIOZ_TRY(uint64_t file_size, file->size());
  std::unique_ptr<log_segment> segment(
      new log_segment(fs, directory, base_offset, std::move(file), config));
  segment->_size_bytes = file_size;
  EVENTIOZ_TRY(std::string stop_reason, segment->rebuild_indexes());
  segment_scan_report report;
  report.stop_reason = std::move(stop_reason);
  report.file_size_bytes = file_size;
  report.valid_size_bytes = segment->_size_bytes;
  report.next_offset = segment->_next_offset;
  // Zeros past the batches (preallocation) are an end, not damage.
  report.stopped_early = !report.stop_reason.empty();
  return std::make_pair(std::move(segment), report);
}

bool log_segment::can_hold(uint64_t batch_size, offset last_offset) const {
  if (last_offset - _base_offset > std::numeric_limits<uint32_t>::max()) return false;
  if (empty()) return true;
  if (_size_bytes + batch_size > _config.segment_bytes) return false;
  return _offset_index.size_bytes() + offset_index::entry_size <= _config.segment_index_bytes;
}

void log_segment::index_batch(const model::record_batch_header& header, uint64_t position) {
  if (header.max_timestamp > _max_timestamp) {
    _max_timestamp = header.max_timestamp;
    _offset_of_max_timestamp = header.base_offset;
  }
  if (_bytes_since_index_entry > _config.index_interval_bytes) {
    _offset_index.append(header.base_offset, static_cast<uint32_t>(position));
    _time_index.observe(_max_timestamp, _offset_of_max_timestamp);
    _bytes_since_index_entry = 0;
  }
  _bytes_since_index_entry += header.size_bytes();
}

status log_segment::append(const model::record_batch_header& header, byte_span batch) {
  EVENTIOZ_RETURN_IF_ERROR(ensure_indexes());
  uint64_t position = _size_bytes;
  auto written = _file->write_at(position, batch);
  if (!written) {
    // Part of the batch may be in the file: cut it off so the next append starts clean. If the
    // cut fails too, recovery would cut the torn tail after a restart.
    auto cut = _file->truncate(position);
    _prefilled_end = position;
    if (!cut)
      spdlog::error("cutting a failed write off {}: {}", log_path(), cut.error_value().to_string());
    return written;
  }
  index_batch(header, position);
  _size_bytes += batch.size();
  _next_offset = header.last_offset() + 1;
  return ok_status();
}

status log_segment::ensure_indexes() {
  if (_indexes_loaded) return ok_status();
  std::string offset_path =
      io::join_path(_directory, segment_file_name(_base_offset, index_suffix));
  std::string time_path =
      io::join_path(_directory, segment_file_name(_base_offset, time_index_suffix));
  auto offset_bytes = read_whole_file(_fs, offset_path);
  auto time_bytes = read_whole_file(_fs, time_path);
  if (offset_bytes && time_bytes) {
    auto parsed_offsets = offset_index::parse(_base_offset, *offset_bytes, _size_bytes);
    auto parsed_times = time_index::parse(_base_offset, *time_bytes);
    if (parsed_offsets && parsed_times) {
      _offset_index = std::move(*parsed_offsets);
      _time_index = std::move(*parsed_times);
      _indexes_loaded = true;
      restore_running_state();
      return ok_status();
    }
    spdlog::warn("rebuilding the indexes of {}: {}", log_path(),
                 parsed_offsets ? parsed_times.error_value().message()
                                : parsed_offsets.error_value().message());
  } else {
    spdlog::warn("rebuilding the missing indexes of {}", log_path());
  }
  uint64_t expected_size = _size_bytes;
  EVENTIOZ_TRY(std::string stop_reason, rebuild_indexes());
  if (_size_bytes != expected_size) {
    // Stay damaged: every later read must meet the error again, not a shorter segment.
    _size_bytes = expected_size;
    _indexes_loaded = false;
    return error(errc::corrupt_data,
                 fmt::format("segment {} is damaged ({}); restore the partition from a replica "
                             "or a backup",
                             log_path(), stop_reason));
  }
  return write_indexes_and_sync();
}

result<std::string> log_segment::rebuild_indexes() {
  _offset_index = offset_index(_base_offset);
  _time_index = time_index(_base_offset);
  _bytes_since_index_entry = 0;
  _max_timestamp = -1;
  offset next = _base_offset;
  batch_scanner scanner(*_file, 0, _size_bytes, /*verify_crc=*/true,
                        static_cast<size_t>(std::numeric_limits<int32_t>::max()));
  uint64_t valid_end = 0;
  std::string stop_reason;
  while (true) {
    EVENTIOZ_TRY(scan_step step, scanner.next());
    if (step.what != scan_step::kind::batch) {
      if (step.what != scan_step::kind::end_of_data) {
        stop_reason = fmt::format("at byte {}: {}", step.position, step.detail);
        spdlog::warn("{}: scan stops {}", log_path(), stop_reason);
      }
      break;
    }
    index_batch(step.header, step.position);
    valid_end = step.position + step.header.size_bytes();
    next = step.header.last_offset() + 1;
  }
  _size_bytes = valid_end;
  _next_offset = next;
  _indexes_loaded = true;
  return stop_reason;
}

void log_segment::restore_running_state() {
  const auto& times = _time_index.entries();
  _max_timestamp = times.empty() ? -1 : times.back().timestamp;
  _offset_of_max_timestamp =
      times.empty() ? _base_offset : _base_offset + times.back().relative_offset;
  const auto& offsets = _offset_index.entries();
  _bytes_since_index_entry = _size_bytes - (offsets.empty() ? 0 : offsets.back().position);
}

result<uint64_t> log_segment::scan_start_position(offset target) {
  EVENTIOZ_RETURN_IF_ERROR(ensure_indexes());
  return _offset_index.floor_position(target);
}

result<offset> log_segment::time_scan_start(int64_t target) {
  EVENTIOZ_RETURN_IF_ERROR(ensure_indexes());
  return _time_index.scan_start_for(target);
}

result<std::optional<int64_t>> log_segment::max_timestamp() {
  EVENTIOZ_RETURN_IF_ERROR(ensure_indexes());
  if (_max_timestamp >= 0) return std::optional<int64_t>(_max_timestamp);
  return _time_index.max_timestamp();
}

status log_segment::truncate_to_position(uint64_t position, offset next_offset) {
  EVENTIOZ_RETURN_IF_ERROR(ensure_indexes());
  EVENTIOZ_RETURN_IF_ERROR(_file->truncate(position));
  _prefilled_end = position;
  // The file is cut: the in-memory state follows at once, whatever the sync below says.
  if (position < _size_bytes) {
    // Batches this segment knew of are gone: the running maximum timestamp and the indexes
    // must be recomputed from what is left (a rare path: Raft truncation, repair).
    _size_bytes = position;
    EVENTIOZ_TRY(std::string stop_reason, rebuild_indexes());
    if (_size_bytes != position) {
      return error(errc::corrupt_data,
                   fmt::format("segment {} is damaged ({})", log_path(), stop_reason));
    }
  }
  // Otherwise only bytes past the known batches went (recovery cutting a torn tail), and the
  // state computed by the scan stands.
  _next_offset = next_offset;
  return _file->sync_data();
}

status log_segment::trim_to_size() {
  EVENTIOZ_TRY(uint64_t file_size, _file->size());
  _prefilled_end = _size_bytes;
  if (file_size == _size_bytes) return ok_status();
  return _file->truncate(_size_bytes);
}

status log_segment::write_indexes_and_sync() {
  EVENTIOZ_RETURN_IF_ERROR(ensure_indexes());
  EVENTIOZ_RETURN_IF_ERROR(_file->sync_data());
  // Record the segment's true maximum so that retention reads it from the index after reopening.
  if (_max_timestamp >= 0) _time_index.observe(_max_timestamp, _offset_of_max_timestamp);
  byte_buffer offsets = _offset_index.serialize();
  byte_buffer times = _time_index.serialize();
  EVENTIOZ_RETURN_IF_ERROR(write_whole_file(
      _fs, io::join_path(_directory, segment_file_name(_base_offset, index_suffix)), offsets));
  EVENTIOZ_RETURN_IF_ERROR(write_whole_file(
      _fs, io::join_path(_directory, segment_file_name(_base_offset, time_index_suffix)), times));
  return _fs.sync_directory(_directory);
}

status log_segment::replace_file(io::file_ptr new_file, uint64_t new_size) {
  offset next = _next_offset;
  _file = std::move(new_file);
  _size_bytes = new_size;
  EVENTIOZ_RETURN_IF_ERROR(rebuild_indexes());  // a short read-back is caught below
  if (_size_bytes != new_size) {
    return error(errc::corrupt_data,
                 fmt::format("compacted copy of {} does not read back whole", log_path()));
  }
  _next_offset = next;
  return write_indexes_and_sync();
}

status log_segment::remove_index_files() {
  for (std::string_view suffix : {index_suffix, time_index_suffix}) {
    std::string path = io::join_path(_directory, segment_file_name(_base_offset, suffix));
    EVENTIOZ_TRY(bool present, _fs.exists(path));
    if (present) EVENTIOZ_RETURN_IF_ERROR(_fs.remove_file(path));
  }
  return ok_status();
}

status log_segment::remove_files() {
  for (std::string_view suffix : {log_suffix, index_suffix, time_index_suffix}) {
    std::string path = io::join_path(_directory, segment_file_name(_base_offset, suffix));
    EVENTIOZ_TRY(bool present, _fs.exists(path));
    if (present) EVENTIOZ_RETURN_IF_ERROR(_fs.remove_file(path));
  }
  return ok_status();
}

}  // namespace eventioz::storage
