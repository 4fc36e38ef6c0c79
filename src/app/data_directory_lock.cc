// flock(2) on <data>/lock.
#include "app/data_directory_lock.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "io/file_system.h"

namespace eventioz::app {

result<data_directory_lock> data_directory_lock::acquire(const std::string& data_directory) {
  EVENTIOZ_RETURN_IF_ERROR(io::create_directories_durably(io::posix_file_system(), data_directory));
  std::string path = io::join_path(data_directory, "lock");
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return error(std::error_code(errno, std::generic_category()),
                 fmt::format("cannot open {}: {}", path, std::strerror(errno)));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int failure = errno;
    ::close(fd);
    if (failure == EWOULDBLOCK) {
      return error(std::make_error_code(std::errc::resource_unavailable_try_again),
                   fmt::format("the data directory {} is in use by another eventioz process; "
                               "stop it first, or give this one its own --data-dir",
                               data_directory));
    }
    return error(std::error_code(failure, std::generic_category()),
                 fmt::format("cannot lock {}: {}", path, std::strerror(failure)));
  }
  return data_directory_lock(fd);
}

data_directory_lock::~data_directory_lock() {
  if (_fd >= 0) ::close(_fd);  // releases the lock
}

}  // namespace eventioz::app
