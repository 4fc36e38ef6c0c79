// Reads lines from a file descriptor (stdin for `eventioz produce`) with a deadline, so the
// producer can send lingering batches while a person types slowly or a pipe pauses.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace eventioz::app {

class line_reader {
 public:
  enum class outcome { line, timeout, end, failed };

  explicit line_reader(int fd) : _fd(fd) {}

  // The next line, without its '\n' (a last line without one counts too). Waits until
  // `until` (forever when nullopt) for the rest of it; `timeout` leaves a partial line
  // buffered for the next call.
  outcome next(std::string& line, std::optional<std::chrono::steady_clock::time_point> until);

 private:
  int _fd;
  std::string _buffer;
  size_t _scanned = 0;  // bytes of _buffer known to hold no '\n'
  bool _end = false;
};

}  // namespace eventioz::app
