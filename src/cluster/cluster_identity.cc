// Creating and reading the cluster id file.
#include "cluster/cluster_identity.h"

#include <fmt/format.h>

#include <array>
#include <random>

#include "cluster/errc.h"

namespace eventioz::cluster {
namespace {

constexpr size_t id_length = 22;

std::string random_id() {
  static constexpr std::string_view alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::random_device entropy;
  std::string id;
  for (size_t index = 0; index < id_length; ++index) id += alphabet[entropy() % 64];
  return id;
}

}  // namespace

result<std::string> load_or_create_cluster_id(io::file_system& fs,
                                              const std::string& data_directory) {
  std::string path = io::join_path(data_directory, "cluster_id");
  EVENTIOZ_TRY(bool exists, fs.exists(path));
  if (exists) {
    EVENTIOZ_TRY(io::file_ptr file, fs.open(path, io::open_mode::read_only));
    std::array<uint8_t, id_length> bytes{};
    EVENTIOZ_TRY(size_t read, file->read_at(0, bytes));
    if (read != id_length) {
      return error(errc::metadata_corrupt,
                   fmt::format("{} should hold a {}-character cluster id; restore it or remove "
                               "it to make a new one (clients will see a new cluster)",
                               path, id_length));
    }
    return std::string(bytes.begin(), bytes.end());
  }
  std::string id = random_id();
  std::string temporary = path + ".tmp";
  {
    EVENTIOZ_TRY(io::file_ptr file, fs.open(temporary, io::open_mode::create_or_open));
    EVENTIOZ_RETURN_IF_ERROR(file->truncate(0));
    EVENTIOZ_RETURN_IF_ERROR(file->write_at(0, as_bytes(id)));
    EVENTIOZ_RETURN_IF_ERROR(file->sync_data());
  }
  EVENTIOZ_RETURN_IF_ERROR(fs.rename(temporary, path));
  EVENTIOZ_RETURN_IF_ERROR(fs.sync_directory(data_directory));
  return id;
}

}  // namespace eventioz::cluster
