// Keeps topic metadata durable: one small text file per topic in <data>/__topics/.
//
// Format (do not change without a migration): UTF-8 lines "key=value"; "partitions=N",
// "deleting=1" while a deletion is in progress, and "config.<name>=<value>" per override.
// Each save writes a temporary file, syncs it, renames it over the old one and syncs the
// directory, so a crash leaves either the old or the new metadata, never a mix.
//
// Not thread-safe: topic_manager serialises every call.
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "cluster/topic_metadata.h"
#include "io/file_system.h"

namespace eventioz::cluster {

class topic_metadata_store {
 public:
  topic_metadata_store(io::file_system& fs, std::string data_directory);

  // Every topic recorded; leftover temporary files from a crash are removed.
  result<std::vector<topic_metadata>> load_all();
  status save(const topic_metadata& topic);
  status remove(const std::string& topic);

 private:
  std::string path_of(const std::string& topic) const;

  io::file_system& _fs;
  std::string _directory;
};

// The file contents for `topic`, and back. Exposed for tests.
std::string format_topic_metadata(const topic_metadata& topic);
result<topic_metadata> parse_topic_metadata(const std::string& name, std::string_view text);

}  // namespace eventioz::cluster
