#include "storage/partition_checkpoint.h"

#include <cstring>

#include "base/byte_reader.h"
#include "base/crc32c.h"
#include "storage/errc.h"
#include "storage/segment_file_names.h"

namespace eventioz::storage {
namespace {

constexpr std::string_view checkpoint_magic = "EVZPCKPT";
constexpr int16_t checkpoint_version = 1;
constexpr size_t checkpoint_size = 8 + 2 + 8 + 8 + 1 + 8 + 8 + 4;

}  // namespace

result<std::optional<partition_checkpoint>> read_partition_checkpoint(
    io::file_system& fs, const std::string& directory) {
  std::string path = io::join_path(directory, std::string(checkpoint_file_name));
  EVENTIOZ_TRY(bool present, fs.exists(path));
  if (!present) return std::optional<partition_checkpoint>();
  EVENTIOZ_TRY(io::file_ptr file, fs.open(path, io::open_mode::read_only));
  byte_buffer bytes(checkpoint_size + 1);
  EVENTIOZ_TRY(size_t got, file->read_at(0, bytes));
  auto corrupt = [&](std::string_view why) {
    return error(errc::corrupt_data, fmt::format("{} is damaged: {}", path, why));
  };
  if (got != checkpoint_size) return corrupt("wrong size");
  byte_span stored(bytes.data(), checkpoint_size);
  uint32_t expected_crc = read_big_endian<uint32_t>(stored.data() + checkpoint_size - 4);
  if (crc32c(stored.first(checkpoint_size - 4)) != expected_crc) return corrupt("CRC mismatch");
  if (std::memcmp(stored.data(), checkpoint_magic.data(), checkpoint_magic.size()) != 0) {
    return corrupt("not a partition checkpoint");
  }
  byte_reader reader(stored.subspan(checkpoint_magic.size()));
  if (reader.read_big_endian<int16_t>() != checkpoint_version) return corrupt("unknown version");
  partition_checkpoint checkpoint;
  checkpoint.log_start_offset = offset(*reader.read_big_endian<int64_t>());
  checkpoint.committed_end_offset = offset(*reader.read_big_endian<int64_t>());
  checkpoint.clean_shutdown = *reader.read_big_endian<int8_t>() == 1;
  checkpoint.log_end_offset = offset(*reader.read_big_endian<int64_t>());
  checkpoint.active_segment_size = static_cast<uint64_t>(*reader.read_big_endian<int64_t>());
  return std::optional<partition_checkpoint>(checkpoint);
}

status write_partition_checkpoint(io::file_system& fs, const std::string& directory,
                                  const partition_checkpoint& checkpoint) {
  byte_buffer bytes(checkpoint_magic.begin(), checkpoint_magic.end());
  append_big_endian(bytes, checkpoint_version);
  append_big_endian(bytes, checkpoint.log_start_offset.value());
  append_big_endian(bytes, checkpoint.committed_end_offset.value());
  append_big_endian(bytes, static_cast<int8_t>(checkpoint.clean_shutdown ? 1 : 0));
  append_big_endian(bytes, checkpoint.log_end_offset.value());
  append_big_endian(bytes, static_cast<int64_t>(checkpoint.active_segment_size));
  append_big_endian(bytes, crc32c(bytes));

  std::string path = io::join_path(directory, std::string(checkpoint_file_name));
  std::string temporary = path + ".tmp";
  EVENTIOZ_TRY(io::file_ptr file, fs.open(temporary, io::open_mode::create_or_open));
  EVENTIOZ_RETURN_IF_ERROR(file->truncate(0));
  EVENTIOZ_RETURN_IF_ERROR(file->write_at(0, bytes));
  EVENTIOZ_RETURN_IF_ERROR(file->sync_data());
  EVENTIOZ_RETURN_IF_ERROR(fs.rename(temporary, path));
  return fs.sync_directory(directory);
}

}  // namespace eventioz::storage
