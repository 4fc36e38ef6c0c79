#include "io/memory_tree.h"

#include <fmt/format.h>

#include <set>

#include "io/io_error.h"

namespace eventioz::io::detail {
namespace {

result<std::vector<std::string>> split_path(const std::string& path, std::string_view operation) {
  std::vector<std::string> components;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    std::string component = path.substr(start, slash - start);
    if (component == "..") {
      return errc_error(std::errc::invalid_argument, fmt::format("{} {}", operation, path),
                        "'..' is not supported by the in-memory file system");
    }
    if (!component.empty() && component != ".") components.push_back(std::move(component));
    start = slash + 1;
  }
  return components;
}

error path_error(std::errc code, std::string_view operation, const std::string& path) {
  return errc_error(code, fmt::format("{} {}", operation, path));
}

// Follows `components` through current entries from `root`.
result<node_ptr> walk(const node_ptr& root, const std::vector<std::string>& components,
                      std::string_view operation, const std::string& path) {
  node_ptr at = root;
  for (const std::string& component : components) {
    if (!at->is_directory) return path_error(std::errc::not_a_directory, operation, path);
    auto found = at->current_entries.find(component);
    if (found == at->current_entries.end()) {
      return path_error(std::errc::no_such_file_or_directory, operation, path);
    }
    at = found->second;
  }
  return at;
}

bool is_prefix(const std::vector<std::string>& prefix, const std::vector<std::string>& of) {
  return prefix.size() <= of.size() && std::equal(prefix.begin(), prefix.end(), of.begin());
}

}  // namespace

memory_tree::memory_tree() : _root(std::make_shared<memory_node>(true)) {}

result<memory_tree::parent_and_name> memory_tree::locate_parent(const std::string& path,
                                                                std::string_view operation) const {
  EVENTIOZ_TRY(std::vector<std::string> components, split_path(path, operation));
  if (components.empty()) return path_error(std::errc::invalid_argument, operation, path);
  std::string name = std::move(components.back());
  components.pop_back();
  EVENTIOZ_TRY(node_ptr parent, walk(_root, components, operation, path));
  if (!parent->is_directory) return path_error(std::errc::not_a_directory, operation, path);
  return parent_and_name{std::move(parent), std::move(name)};
}

result<node_ptr> memory_tree::find(const std::string& path, std::string_view operation) const {
  EVENTIOZ_TRY(std::vector<std::string> components, split_path(path, operation));
  return walk(_root, components, operation, path);
}

void memory_tree::link(memory_node& directory, const std::string& name, node_ptr node) {
  if (++node->link_count == 1 && !node->is_directory) _bytes_in_use += node->contents.size();
  directory.current_entries[name] = std::move(node);
}

void memory_tree::unlink(memory_node& directory, const std::string& name) {
  auto found = directory.current_entries.find(name);
  EVENTIOZ_ASSERT(found != directory.current_entries.end(), "unlink of a missing entry {}", name);
  node_ptr node = std::move(found->second);
  directory.current_entries.erase(found);
  if (--node->link_count > 0) return;
  if (!node->is_directory) {
    _bytes_in_use -= node->contents.size();
    return;
  }
  // Only the current entries go: the durable ones are what a crash would bring back.
  while (!node->current_entries.empty()) unlink(*node, node->current_entries.begin()->first);
}

result<node_ptr> memory_tree::open_file(const std::string& path, open_mode mode) {
  EVENTIOZ_TRY(parent_and_name where, locate_parent(path, "open"));
  auto found = where.parent->current_entries.find(where.name);
  if (found != where.parent->current_entries.end()) {
    if (found->second->is_directory) return path_error(std::errc::is_a_directory, "open", path);
    if (mode == open_mode::create_new) return path_error(std::errc::file_exists, "open", path);
    return found->second;
  }
  if (mode == open_mode::read_only || mode == open_mode::read_write) {
    return path_error(std::errc::no_such_file_or_directory, "open", path);
  }
  auto created = std::make_shared<memory_node>(false);
  link(*where.parent, where.name, created);
  return created;
}

status memory_tree::create_directories(const std::string& path) {
  EVENTIOZ_TRY(std::vector<std::string> components, split_path(path, "create directories"));
  node_ptr at = _root;
  for (const std::string& component : components) {
    auto found = at->current_entries.find(component);
    if (found == at->current_entries.end()) {
      auto created = std::make_shared<memory_node>(true);
      link(*at, component, created);
      at = std::move(created);
      continue;
    }
    if (!found->second->is_directory) {
      return path_error(std::errc::file_exists, "create directories", path);
    }
    at = found->second;
  }
  return ok_status();
}

result<std::vector<std::string>> memory_tree::list_directory(const std::string& path) const {
  EVENTIOZ_TRY(node_ptr directory, find(path, "list directory"));
  if (!directory->is_directory) {
    return path_error(std::errc::not_a_directory, "list directory", path);
  }
  std::vector<std::string> names;
  names.reserve(directory->current_entries.size());
  for (const auto& [name, node] : directory->current_entries) names.push_back(name);
  return names;
}

status memory_tree::remove_file(const std::string& path) {
  EVENTIOZ_TRY(parent_and_name where, locate_parent(path, "unlink"));
  auto found = where.parent->current_entries.find(where.name);
  if (found == where.parent->current_entries.end()) {
    return path_error(std::errc::no_such_file_or_directory, "unlink", path);
  }
  if (found->second->is_directory) return path_error(std::errc::is_a_directory, "unlink", path);
  unlink(*where.parent, where.name);
  return ok_status();
}

status memory_tree::remove_directory_tree(const std::string& path) {
  auto where = locate_parent(path, "remove directory tree");
  if (!where.ok()) {
    // Like std::filesystem::remove_all: a path that leads nowhere is already removed.
    if (where.error_value() == std::make_error_code(std::errc::no_such_file_or_directory)) {
      return ok_status();
    }
    return std::move(where).error_value();
  }
  // A file is removed too, as std::filesystem::remove_all (the POSIX implementation) does.
  if (where->parent->current_entries.contains(where->name)) unlink(*where->parent, where->name);
  return ok_status();
}

status memory_tree::rename(const std::string& from, const std::string& to) {
  std::string what = fmt::format("{} to {}", from, to);
  EVENTIOZ_TRY(std::vector<std::string> from_components, split_path(from, "rename"));
  EVENTIOZ_TRY(std::vector<std::string> to_components, split_path(to, "rename"));
  EVENTIOZ_TRY(parent_and_name source, locate_parent(from, "rename"));
  EVENTIOZ_TRY(parent_and_name target, locate_parent(to, "rename"));
  auto found = source.parent->current_entries.find(source.name);
  if (found == source.parent->current_entries.end()) {
    return path_error(std::errc::no_such_file_or_directory, "rename", what);
  }
  node_ptr moving = found->second;
  if (from_components == to_components) return ok_status();
  if (moving->is_directory && is_prefix(from_components, to_components)) {
    return path_error(std::errc::invalid_argument, "rename", what);  // Into itself.
  }
  auto replaced = target.parent->current_entries.find(target.name);
  if (replaced != target.parent->current_entries.end()) {
    const memory_node& old = *replaced->second;
    if (!moving->is_directory && old.is_directory) {
      return path_error(std::errc::is_a_directory, "rename", what);
    }
    if (moving->is_directory && !old.is_directory) {
      return path_error(std::errc::not_a_directory, "rename", what);
    }
    if (old.is_directory && !old.current_entries.empty()) {
      return path_error(std::errc::directory_not_empty, "rename", what);
    }
    unlink(*target.parent, target.name);
  }
  // The node keeps its one name, so link counts and bytes_in_use do not change.
  source.parent->current_entries.erase(source.name);
  target.parent->current_entries[target.name] = std::move(moving);
  return ok_status();
}

status memory_tree::sync_directory(const std::string& path) {
  EVENTIOZ_TRY(node_ptr directory, find(path, "fsync directory"));
  if (!directory->is_directory) {
    return path_error(std::errc::not_a_directory, "fsync directory", path);
  }
  directory->durable_entries = directory->current_entries;
  return ok_status();
}

void memory_tree::write(memory_node& file, uint64_t position, byte_span data) {
  uint64_t old_size = file.contents.size();
  file.contents.write(position, data);
  if (file.link_count > 0) _bytes_in_use += file.contents.size() - old_size;
}

void memory_tree::write_zeros(memory_node& file, uint64_t position, uint64_t length) {
  uint64_t old_size = file.contents.size();
  file.contents.write_zeros(position, length);
  if (file.link_count > 0) _bytes_in_use += file.contents.size() - old_size;
}

void memory_tree::resize(memory_node& file, uint64_t size_bytes) {
  uint64_t old_size = file.contents.size();
  file.contents.resize(size_bytes);
  if (file.link_count > 0) _bytes_in_use = _bytes_in_use - old_size + size_bytes;
}

namespace {

void make_durable(memory_node& directory) {
  directory.durable_entries = directory.current_entries;
  for (auto& [name, node] : directory.current_entries) {
    if (node->is_directory) {
      make_durable(*node);
    } else {
      node->contents.sync();
    }
  }
}

}  // namespace

void memory_tree::make_everything_durable() { make_durable(*_root); }

namespace {

// Carries what crash_copy needs through the recursion.
struct crash_copier {
  memory_tree& fresh;
  const crash_options& options;
  std::mt19937_64& random;
  std::map<const memory_node*, node_ptr> copied_files;  // A file may have two names.
  std::set<const memory_node*> copied_directories;      // A directory may not.
};

}  // namespace

memory_tree memory_tree::crash_copy(const crash_options& options, std::mt19937_64& random) {
  memory_tree fresh;
  crash_copier copier{fresh, options, random, {}, {}};
  // Recursion over directories only, so its depth is the depth of the tree.
  auto copy = [&copier](auto& self, memory_node& old_directory,
                        memory_node& new_directory) -> void {
    bool unsynced = old_directory.current_entries != old_directory.durable_entries;
    bool keep =
        unsynced && random_chance(copier.random, copier.options.keep_unsynced_entries_probability);
    const auto& entries = keep ? old_directory.current_entries : old_directory.durable_entries;
    for (const auto& [name, old_node] : entries) {
      if (old_node->is_directory) {
        // Mixing durable and current entries can reach a directory twice (a rename between
        // two directories of which only one was synced); a directory has one name, so the
        // second is dropped.
        if (!copier.copied_directories.insert(old_node.get()).second) continue;
        auto new_node = std::make_shared<memory_node>(true);
        copier.fresh.link(new_directory, name, new_node);
        self(self, *old_node, *new_node);
        continue;
      }
      node_ptr& copied = copier.copied_files[old_node.get()];
      if (!copied) {
        copied = std::make_shared<memory_node>(false);
        copied->contents = file_contents::durable_file(
            old_node->contents.take_after_crash(copier.options, copier.random));
      }
      copier.fresh.link(new_directory, name, copied);
    }
    new_directory.durable_entries = new_directory.current_entries;
  };
  copy(copy, *_root, *fresh._root);
  return fresh;
}

}  // namespace eventioz::io::detail
