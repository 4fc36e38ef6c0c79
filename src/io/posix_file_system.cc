// The operating system's file system behind the file_system interface.
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>

#include "io/file_system.h"
#include "io/io_error.h"
#include "io/posix_file.h"

namespace eventioz::io {
namespace {

int open_flags(open_mode mode) {
  switch (mode) {
    case open_mode::read_only:
      return O_RDONLY;
    case open_mode::read_write:
      return O_RDWR;
    case open_mode::create_or_open:
      return O_RDWR | O_CREAT;
    case open_mode::create_new:
      return O_RDWR | O_CREAT | O_EXCL;
  }
  EVENTIOZ_UNREACHABLE("open_mode {}", static_cast<int>(mode));
}

// std::filesystem reports errno values in the system category; callers compare with
// std::make_error_code(std::errc::...), which is the generic one.
error filesystem_error(const std::error_code& code, std::string_view what) {
  return errno_error(code.value(), what);
}

// Stateless: every call goes straight to the kernel, so one instance serves every thread.
class posix_file_system_impl final : public file_system {
 public:
  result<file_ptr> open(const std::string& path, open_mode mode) override {
    int descriptor;
    do {
      descriptor = ::open(path.c_str(), open_flags(mode) | O_CLOEXEC, 0644);
    } while (descriptor < 0 && errno == EINTR);
    if (descriptor < 0) return errno_error(errno, fmt::format("open {}", path));
    return file_ptr(std::make_shared<posix_file>(descriptor, path));
  }

  status sync_directory(const std::string& directory) override {
    int descriptor = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (descriptor < 0) return errno_error(errno, fmt::format("open directory {}", directory));
    int failure = 0;
    while (::fsync(descriptor) != 0) {
      if (errno == EINTR) continue;
      failure = errno;
      break;
    }
    ::close(descriptor);
    if (failure != 0) return errno_error(failure, fmt::format("fsync directory {}", directory));
    return ok_status();
  }

  status create_directories(const std::string& directory) override {
    std::error_code code;
    std::filesystem::create_directories(directory, code);
    if (code) return filesystem_error(code, fmt::format("create directories {}", directory));
    return ok_status();
  }

  result<std::vector<std::string>> list_directory(const std::string& directory) override {
    std::vector<std::string> names;
    std::error_code code;
    std::filesystem::directory_iterator entries(directory, code);
    for (; !code && entries != std::filesystem::directory_iterator(); entries.increment(code)) {
      names.push_back(entries->path().filename().string());
    }
    if (code) return filesystem_error(code, fmt::format("list directory {}", directory));
    return names;
  }

  result<bool> exists(const std::string& path) override {
    struct stat info {};
    if (::stat(path.c_str(), &info) == 0) return true;
    if (errno == ENOENT) return false;
    return errno_error(errno, fmt::format("stat {}", path));
  }

  result<uint64_t> file_size(const std::string& path) override {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) return errno_error(errno, fmt::format("stat {}", path));
    if (S_ISDIR(info.st_mode)) return errno_error(EISDIR, fmt::format("file size of {}", path));
    return static_cast<uint64_t>(info.st_size);
  }

  status remove_file(const std::string& path) override {
    if (::unlink(path.c_str()) != 0) return errno_error(errno, fmt::format("unlink {}", path));
    return ok_status();
  }

  status remove_directory_tree(const std::string& directory) override {
    std::error_code code;
    std::filesystem::remove_all(directory, code);
    if (code && code != std::errc::no_such_file_or_directory) {
      return filesystem_error(code, fmt::format("remove directory tree {}", directory));
    }
    return ok_status();
  }

  status rename(const std::string& from, const std::string& to) override {
    if (::rename(from.c_str(), to.c_str()) != 0) {
      return errno_error(errno, fmt::format("rename {} to {}", from, to));
    }
    return ok_status();
  }
};

}  // namespace

file_system& posix_file_system() {
  static posix_file_system_impl instance;
  return instance;
}

}  // namespace eventioz::io
