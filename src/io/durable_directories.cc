// create_directories_durably: a new directory is only as durable as its parent's entry for it.
#include <vector>

#include "io/file_system.h"

namespace eventioz::io {

status create_directories_durably(file_system& fs, const std::string& directory) {
  // Walk up to the first ancestor that exists; everything below it will be new.
  std::vector<std::string> missing;
  std::string current = directory;
  while (true) {
    EVENTIOZ_TRY(bool present, fs.exists(current));
    if (present) break;
    missing.push_back(current);
    std::string parent = parent_directory(current);
    if (parent == current || parent == "." || parent == "/") break;
    current = parent;
  }
  if (missing.empty()) return ok_status();
  EVENTIOZ_RETURN_IF_ERROR(fs.create_directories(directory));
  // Top-down: each new directory's entry is made durable in its parent.
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
    EVENTIOZ_RETURN_IF_ERROR(fs.sync_directory(parent_directory(*it)));
  }
  return ok_status();
}

}  // namespace eventioz::io
