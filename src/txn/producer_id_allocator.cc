// Block reservations of producer ids in a small durable file.
#include "txn/producer_id_allocator.h"

#include <fmt/format.h>

#include <charconv>
#include <limits>

#include "txn/errc.h"

namespace eventioz::txn {
namespace {

constexpr const char* file_name = "producer_id_block";

result<int64_t> parse_reserved_end(const std::string& path, const std::string& text) {
  int64_t value = -1;
  const char* end = text.data() + text.size();
  auto [stop, failure] = std::from_chars(text.data(), end, value);
  bool well_formed = failure == std::errc() && value >= 0 && stop + 1 == end && *stop == '\n';
  if (!well_formed) {
    return error(errc::coordinator_not_available,
                 fmt::format("{} should hold one non-negative number and a newline; restore it "
                             "from a backup (removing it would hand out producer ids again)",
                             path));
  }
  return value;
}

}  // namespace

result<std::unique_ptr<producer_id_allocator>> producer_id_allocator::open(
    io::file_system& fs, std::string data_directory, int64_t block_size) {
  std::string path = io::join_path(data_directory, file_name);
  int64_t reserved_end = 0;
  EVENTIOZ_TRY(bool exists, fs.exists(path));
  if (exists) {
    EVENTIOZ_TRY(std::string text, io::read_small_file(fs, path, 64));
    EVENTIOZ_TRY(reserved_end, parse_reserved_end(path, text));
  }
  return std::unique_ptr<producer_id_allocator>(
      new producer_id_allocator(fs, std::move(path), block_size, reserved_end));
}

producer_id_allocator::producer_id_allocator(io::file_system& fs, std::string path,
                                             int64_t block_size, int64_t reserved_end)
    : _fs(fs),
      _path(std::move(path)),
      _block_size(block_size),
      _next(reserved_end),
      _reserved_end(reserved_end) {}

result<int64_t> producer_id_allocator::allocate() {
  std::lock_guard lock(_mutex);
  if (_next == _reserved_end) {
    if (_reserved_end > std::numeric_limits<int64_t>::max() - _block_size) {
      return error(errc::coordinator_not_available,
                   "every producer id has been handed out; this broker cannot accept new "
                   "idempotent or transactional producers");
    }
    int64_t new_end = _reserved_end + _block_size;
    EVENTIOZ_RETURN_IF_ERROR(io::replace_file_durably(_fs, _path, fmt::format("{}\n", new_end)));
    _reserved_end = new_end;
  }
  return _next++;
}

}  // namespace eventioz::txn
