#include "io/fault_controls.h"

namespace eventioz::io {

bool is_mutating(operation_kind kind) {
  switch (kind) {
    case operation_kind::create:
    case operation_kind::write:
    case operation_kind::prefill:
    case operation_kind::truncate:
    case operation_kind::sync_data:
    case operation_kind::sync_directory:
    case operation_kind::create_directories:
    case operation_kind::remove_file:
    case operation_kind::remove_directory_tree:
    case operation_kind::rename:
      return true;
    case operation_kind::open:
    case operation_kind::read:
    case operation_kind::size:
    case operation_kind::list_directory:
    case operation_kind::exists:
    case operation_kind::file_size:
      return false;
  }
  return false;
}

const char* to_string(operation_kind kind) {
  switch (kind) {
    case operation_kind::create:
      return "create";
    case operation_kind::write:
      return "write";
    case operation_kind::prefill:
      return "prefill";
    case operation_kind::truncate:
      return "truncate";
    case operation_kind::sync_data:
      return "sync_data";
    case operation_kind::sync_directory:
      return "sync_directory";
    case operation_kind::create_directories:
      return "create_directories";
    case operation_kind::remove_file:
      return "remove_file";
    case operation_kind::remove_directory_tree:
      return "remove_directory_tree";
    case operation_kind::rename:
      return "rename";
    case operation_kind::open:
      return "open";
    case operation_kind::read:
      return "read";
    case operation_kind::size:
      return "size";
    case operation_kind::list_directory:
      return "list_directory";
    case operation_kind::exists:
      return "exists";
    case operation_kind::file_size:
      return "file_size";
  }
  return "unknown";
}

}  // namespace eventioz::io
