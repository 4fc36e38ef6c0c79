// The file-system operations storage needs, behind an interface (see file.h for why).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "io/file.h"

namespace eventioz::io {

enum class open_mode {
  read_only,       // the file must exist
  read_write,      // the file must exist
  create_or_open,  // read-write, created empty when missing
  create_new,      // read-write, fails with file_exists when present
};

// Thread-safety: all methods are safe to call concurrently.
// Paths are plain strings joined with '/'; errors are std::errc codes with the path in the
// message.
class file_system {
 public:
  virtual ~file_system() = default;

  virtual result<file_ptr> open(const std::string& path, open_mode mode) = 0;

  // Makes the directory entries in `directory` (files created, removed or renamed in it)
  // durable. A new file is not guaranteed to survive a crash until its directory is synced.
  virtual status sync_directory(const std::string& directory) = 0;

  // Creates the directory and missing parents; succeeds when it already exists.
  virtual status create_directories(const std::string& directory) = 0;

  // Names (not paths) of the entries of `directory`, in no particular order.
  virtual result<std::vector<std::string>> list_directory(const std::string& directory) = 0;

  virtual result<bool> exists(const std::string& path) = 0;
  virtual result<uint64_t> file_size(const std::string& path) = 0;

  // Removes a file; fails with no_such_file_or_directory when missing.
  virtual status remove_file(const std::string& path) = 0;

  // Removes a directory and everything below it; succeeds when it is already gone.
  virtual status remove_directory_tree(const std::string& directory) = 0;

  // Atomically replaces `to` with `from` (rename(2)).
  virtual status rename(const std::string& from, const std::string& to) = 0;
};

// The operating system's file system. Lives for the whole process.
file_system& posix_file_system();

// Creates `directory` and its missing parents, and syncs the parent of each directory it created,
// so that the new directories survive a crash. Succeeds when the directory already exists.
status create_directories_durably(file_system& fs, const std::string& directory);

// Replaces the file at `path` with `contents` so that a crash leaves either the old or the new
// contents: writes `path`.tmp, syncs it, renames it over `path`, syncs the directory. For small
// metadata files (topic metadata, the cluster id, broker settings).
status replace_file_durably(file_system& fs, const std::string& path, std::string_view contents);

// The whole file; std::errc::file_too_large when it is larger than `size_max`.
result<std::string> read_small_file(file_system& fs, const std::string& path, uint64_t size_max);

// "a/b" + "c" -> "a/b/c".
std::string join_path(const std::string& directory, const std::string& name);

// "a/b/c" -> "a/b"; "c" -> ".".
std::string parent_directory(const std::string& path);

}  // namespace eventioz::io
