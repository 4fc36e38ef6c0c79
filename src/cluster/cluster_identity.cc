// Creating and reading the cluster id file.
#include "cluster/cluster_identity.h"

#include <fmt/format.h>

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
    auto id = io::read_small_file(fs, path, id_length);
    if (!id || id->size() != id_length) {
      return error(errc::metadata_corrupt,
                   fmt::format("{} should hold a {}-character cluster id; restore it or remove "
                               "it to make a new one (clients will see a new cluster)",
                               path, id_length));
    }
    return *id;
  }
  std::string id = random_id();
  EVENTIOZ_RETURN_IF_ERROR(io::replace_file_durably(fs, path, id));
  return id;
}

}  // namespace eventioz::cluster
