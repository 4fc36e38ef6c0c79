// Keeps a second broker off a data directory in use: two processes appending to the same
// segment files would overwrite each other's acknowledged records.
//
// An exclusive flock(2) on <data>/lock, held for the life of the object (the kernel drops it
// when the process dies, so a crash never leaves a stale lock behind).
#pragma once

#include <string>

#include "base/result.h"

namespace eventioz::app {

class data_directory_lock {
 public:
  // Creates the directory if needed. Fails with std::errc::resource_unavailable_try_again and a
  // message naming the directory when another process holds it.
  static result<data_directory_lock> acquire(const std::string& data_directory);

  data_directory_lock(data_directory_lock&& other) noexcept : _fd(other._fd) { other._fd = -1; }
  data_directory_lock& operator=(data_directory_lock&&) = delete;
  data_directory_lock(const data_directory_lock&) = delete;
  ~data_directory_lock();

 private:
  explicit data_directory_lock(int fd) : _fd(fd) {}
  int _fd;
};

}  // namespace eventioz::app
