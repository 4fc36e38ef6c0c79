// Helpers shared by the io tests.
#pragma once

#include <string>

#include "io/file_system.h"

namespace eventioz::io::testing {

// A fresh directory under /tmp, removed with everything in it at destruction.
class temporary_directory {
 public:
  temporary_directory();
  ~temporary_directory();
  temporary_directory(const temporary_directory&) = delete;
  temporary_directory& operator=(const temporary_directory&) = delete;

  const std::string& path() const { return _path; }

 private:
  std::string _path;
};

// The whole file at `path` as text; aborts the test binary when it cannot be read.
std::string read_file(file_system& fs, const std::string& path);

// Creates (or replaces) `path` with `text`, syncs the data, and, when `sync_parent`, its
// directory.
void write_file(file_system& fs, const std::string& path, const std::string& text,
                bool sync_parent = true);

}  // namespace eventioz::io::testing
