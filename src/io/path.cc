// Path helpers declared in file_system.h. Paths are plain '/'-separated strings; nothing here
// touches the disk.
#include <string>

#include "io/file_system.h"

namespace eventioz::io {

std::string join_path(const std::string& directory, const std::string& name) {
  if (directory.empty()) return name;
  if (directory.back() == '/') return directory + name;
  return directory + "/" + name;
}

std::string parent_directory(const std::string& path) {
  // Trailing slashes name the same entry ("a/b/" is "a/b"), except for the root itself.
  size_t end = path.size();
  while (end > 1 && path[end - 1] == '/') --end;
  size_t slash = path.rfind('/', end - 1);
  if (end == 0 || slash == std::string::npos) return ".";
  // Collapse the slashes before the last component: "a//b" -> "a", "/b" -> "/".
  size_t parent_end = slash;
  while (parent_end > 0 && path[parent_end - 1] == '/') --parent_end;
  if (parent_end == 0) return "/";
  return path.substr(0, parent_end);
}

}  // namespace eventioz::io
