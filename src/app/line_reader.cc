#include "app/line_reader.h"

#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace eventioz::app {

line_reader::outcome line_reader::next(std::string& line,
                                       std::optional<std::chrono::steady_clock::time_point> until) {
  while (true) {
    size_t newline = _buffer.find('\n', _scanned);
    if (newline != std::string::npos) {
      line.assign(_buffer, 0, newline);
      _buffer.erase(0, newline + 1);
      _scanned = 0;
      return outcome::line;
    }
    _scanned = _buffer.size();
    if (_end) {
      if (_buffer.empty()) return outcome::end;
      line = std::move(_buffer);
      _buffer.clear();
      _scanned = 0;
      return outcome::line;
    }
    int wait_ms = -1;
    if (until) {
      auto remaining =
          std::chrono::ceil<std::chrono::milliseconds>(*until - std::chrono::steady_clock::now());
      wait_ms = static_cast<int>(std::clamp<int64_t>(remaining.count(), 0, 1 << 30));
    }
    pollfd waiting{_fd, POLLIN, 0};
    int ready = ::poll(&waiting, 1, wait_ms);
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) return outcome::failed;
    if (ready == 0) return outcome::timeout;
    char chunk[64 * 1024];
    ssize_t count = ::read(_fd, chunk, sizeof(chunk));
    if (count < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (count < 0) return outcome::failed;
    if (count == 0) {
      _end = true;
      continue;
    }
    _buffer.append(chunk, static_cast<size_t>(count));
  }
}

}  // namespace eventioz::app
