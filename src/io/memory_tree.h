// The files and directories of the fault-injecting file system, in memory. Every directory
// holds two sets of entries, current (what lookups see) and durable (what survives a crash,
// updated by sync_directory), and every file holds its current and durable bytes
// (file_contents); crash_copy() builds the tree a reboot would find.
#pragma once

#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "base/result.h"
#include "io/fault_controls.h"
#include "io/file_contents.h"
#include "io/file_system.h"

namespace eventioz::io::detail {

// A file or a directory (an inode). Open handles keep their node alive after it is removed or
// renamed, as POSIX does.
struct memory_node {
  explicit memory_node(bool directory) : is_directory(directory) {}

  const bool is_directory;
  file_contents contents;                                               // Files only.
  std::map<std::string, std::shared_ptr<memory_node>> current_entries;  // Directories only.
  std::map<std::string, std::shared_ptr<memory_node>> durable_entries;  // Directories only.
  // How many current entries name this node. A file's bytes count towards bytes_in_use()
  // only while it has a name, so removing a file frees its space.
  int link_count = 0;
};

using node_ptr = std::shared_ptr<memory_node>;

// Not thread-safe: the fault engine's lock guards it.
//
// Paths are split on '/'; empty and "." components are ignored, so "/a/b", "a/b" and "./a//b"
// name the same file, and "", "." and "/" the root, which always exists. ".." is refused with
// invalid_argument. Errors use the same codes as Linux (no_such_file_or_directory,
// not_a_directory, is_a_directory, file_exists, directory_not_empty).
class memory_tree {
 public:
  memory_tree();

  // The file at `path`, created in the current state when the mode allows it.
  result<node_ptr> open_file(const std::string& path, open_mode mode);
  result<node_ptr> find(const std::string& path, std::string_view operation) const;
  status create_directories(const std::string& path);
  result<std::vector<std::string>> list_directory(const std::string& path) const;
  status remove_file(const std::string& path);
  // Succeeds when nothing is there.
  status remove_directory_tree(const std::string& path);
  status rename(const std::string& from, const std::string& to);
  status sync_directory(const std::string& path);

  // Changes to a file's bytes go through here so that bytes_in_use() stays right.
  void write(memory_node& file, uint64_t position, byte_span data);
  void write_zeros(memory_node& file, uint64_t position, uint64_t length);
  void resize(memory_node& file, uint64_t size_bytes);

  // Sum of the current sizes of the files that have a name.
  uint64_t bytes_in_use() const { return _bytes_in_use; }

  // Every file's bytes and every directory's entries become durable.
  void make_everything_durable();

  // The tree found after a power loss: the durable entries from the root down (or, by chance,
  // a directory's current entries; see crash_options) and each reachable file's bytes per
  // file_contents::take_after_crash. Moves the bytes out of this tree, which must not be used
  // afterwards except to be destroyed.
  memory_tree crash_copy(const crash_options& options, std::mt19937_64& random);

 private:
  struct parent_and_name {
    node_ptr parent;
    std::string name;
  };

  // The directory that holds `path`'s last component, and that component.
  result<parent_and_name> locate_parent(const std::string& path, std::string_view operation) const;
  void link(memory_node& directory, const std::string& name, node_ptr node);
  void unlink(memory_node& directory, const std::string& name);

  node_ptr _root;
  uint64_t _bytes_in_use = 0;
};

}  // namespace eventioz::io::detail
