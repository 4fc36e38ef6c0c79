// Whole small files: crash-safe replacement and bounded reading.
#include <fmt/format.h>

#include "io/file_system.h"

namespace eventioz::io {

status replace_file_durably(file_system& fs, const std::string& path, std::string_view contents) {
  std::string temporary = path + ".tmp";
  {
    EVENTIOZ_TRY(file_ptr file, fs.open(temporary, open_mode::create_or_open));
    EVENTIOZ_RETURN_IF_ERROR(file->truncate(0));
    EVENTIOZ_RETURN_IF_ERROR(file->write_at(0, as_bytes(contents)));
    EVENTIOZ_RETURN_IF_ERROR(file->sync_data());
  }
  EVENTIOZ_RETURN_IF_ERROR(fs.rename(temporary, path));
  return fs.sync_directory(parent_directory(path));
}

result<std::string> read_small_file(file_system& fs, const std::string& path, uint64_t size_max) {
  EVENTIOZ_TRY(uint64_t size, fs.file_size(path));
  if (size > size_max) {
    return error(std::make_error_code(std::errc::file_too_large),
                 fmt::format("{} is {} bytes; at most {} expected", path, size, size_max));
  }
  EVENTIOZ_TRY(file_ptr file, fs.open(path, open_mode::read_only));
  std::string contents(size, '\0');
  EVENTIOZ_TRY(size_t read,
               file->read_at(0, mutable_byte_span(reinterpret_cast<uint8_t*>(contents.data()),
                                                  contents.size())));
  if (read != size) {
    return error(std::make_error_code(std::errc::io_error),
                 fmt::format("{}: read {} of {} bytes", path, read, size));
  }
  return contents;
}

}  // namespace eventioz::io
