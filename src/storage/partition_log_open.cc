// Opening a partition log: finding its segments, trusting a clean shutdown, recovering from an
// unclean one (design.md section 6).
#include <spdlog/spdlog.h>

#include <algorithm>

#include "storage/errc.h"
#include "storage/partition_log.h"
#include "storage/segment_file_names.h"

namespace eventioz::storage {
namespace {

struct directory_listing {
  std::vector<offset> segment_bases;   // sorted
  std::vector<std::string> leftovers;  // interrupted compactions and checkpoint writes
};

result<directory_listing> list_partition_directory(io::file_system& fs,
                                                   const std::string& directory) {
  EVENTIOZ_TRY(std::vector<std::string> names, fs.list_directory(directory));
  directory_listing listing;
  for (const std::string& name : names) {
    if (auto base = parse_segment_file_name(name, log_suffix)) {
      listing.segment_bases.push_back(*base);
    } else if (parse_segment_file_name(name, cleaned_suffix) || name.ends_with(".tmp")) {
      listing.leftovers.push_back(name);
    }
  }
  std::sort(listing.segment_bases.begin(), listing.segment_bases.end());
  return listing;
}

}  // namespace

result<std::shared_ptr<partition_log>> partition_log::open(log_context context,
                                                           std::string directory,
                                                           log_config config) {
  io::file_system& fs = context.fs;
  EVENTIOZ_RETURN_IF_ERROR(io::create_directories_durably(fs, directory));
  std::shared_ptr<partition_log> log(new partition_log(context, directory, config));
  auto fail = [&](const error& failure) {
    log->_closed = true;  // nothing to close cleanly: do not write a checkpoint
    return failure.with_context(fmt::format("opening partition log {}", directory));
  };

  auto listing = list_partition_directory(fs, directory);
  if (!listing) return fail(listing.error_value());
  for (const std::string& leftover : listing->leftovers) {
    auto removed = fs.remove_file(io::join_path(directory, leftover));
    if (!removed) return fail(removed.error_value());
  }

  auto stored = read_partition_checkpoint(fs, directory);
  std::optional<partition_checkpoint> checkpoint;
  if (stored) {
    checkpoint = *stored;
  } else {
    spdlog::warn("{}: ignoring the checkpoint and recovering: {}", directory,
                 stored.error_value().message());
  }

  std::vector<offset>& bases = listing->segment_bases;
  recovery_report& report = log->_recovery;
  if (bases.empty()) {
    offset start = checkpoint ? checkpoint->log_start_offset : offset(0);
    auto segment = log_segment::create(fs, directory, start, log->_config);
    if (!segment) return fail(segment.error_value());
    log->_segments.emplace(start, std::move(*segment));
    report.clean_shutdown = true;
  }

  // Sealed segments: trusted as written (they were synced with their indexes when sealed).
  for (size_t i = 0; i + 1 < bases.size(); ++i) {
    std::string path = io::join_path(directory, segment_file_name(bases[i], log_suffix));
    auto size = fs.file_size(path);
    if (!size) return fail(size.error_value());
    auto segment = log_segment::open(fs, directory, bases[i], *size, bases[i + 1], log->_config);
    if (!segment) return fail(segment.error_value());
    log->_segments.emplace(bases[i], std::move(*segment));
  }

  // The active segment: trusted after a clean shutdown, scanned after a crash.
  if (!bases.empty()) {
    offset base = bases.back();
    std::string path = io::join_path(directory, segment_file_name(base, log_suffix));
    auto size = fs.file_size(path);
    if (!size) return fail(size.error_value());
    bool clean = checkpoint && checkpoint->clean_shutdown &&
                 checkpoint->active_segment_size == *size && checkpoint->log_end_offset >= base;
    if (clean) {
      auto segment =
          log_segment::open(fs, directory, base, *size, checkpoint->log_end_offset, log->_config);
      if (!segment) return fail(segment.error_value());
      log->_segments.emplace(base, std::move(*segment));
      report.clean_shutdown = true;
    } else {
      auto scanned = log_segment::open_and_scan(fs, directory, base, log->_config);
      if (!scanned) return fail(scanned.error_value());
      auto& [segment, scan] = *scanned;
      offset committed = checkpoint ? checkpoint->committed_end_offset : offset(0);
      if (scan.next_offset < committed) {
        return fail(
            error(errc::committed_data_damaged,
                  fmt::format("the active segment is damaged at byte {} (offset {}), below the "
                              "committed offset {}: acknowledged data would be lost by cutting it; "
                              "restore this partition from a replica or a backup",
                              scan.valid_size_bytes, scan.next_offset, committed)));
      }
      if (scan.valid_size_bytes < scan.file_size_bytes) {
        auto cut = segment->truncate_to_position(scan.valid_size_bytes, scan.next_offset);
        if (!cut) return fail(cut.error_value());
      }
      if (scan.stopped_early) {  // torn or corrupt; zeros left by preallocation are no damage
        report.bytes_cut = scan.file_size_bytes - scan.valid_size_bytes;
        report.cut_reason = scan.stop_reason;
        spdlog::warn("{}: recovery cut {} bytes after offset {} from the active segment: {}",
                     directory, report.bytes_cut, scan.next_offset, scan.stop_reason);
      }
      log->_segments.emplace(base, std::move(segment));
    }
  }
  report.segment_count = log->_segments.size();

  log_segment& active = log->active_segment();
  if (!report.clean_shutdown) {
    // Whatever survived the crash is on disk now; make sure of it before calling it durable.
    auto synced = active.file()->sync_data();
    if (!synced) return fail(synced.error_value());
  }
  offset first_base = log->_segments.begin()->first;
  log->_log_end = active.next_offset();
  log->_durable_end = log->_log_end;
  log->_log_start = std::max(first_base, checkpoint ? checkpoint->log_start_offset : first_base);
  log->_log_start = std::min(log->_log_start, log->_log_end);
  log->_committed_end =
      std::min(checkpoint ? checkpoint->committed_end_offset : offset(0), log->_log_end);
  log->_clean_checkpoint_on_disk = checkpoint && checkpoint->clean_shutdown;
  log->_active_segment_opened_ms = context.time.now_ms();
  return log;
}

}  // namespace eventioz::storage
