// Expected failures of the HTTP layer itself: a request body that is not JSON, or that is JSON
// of the wrong shape. Mapped to 400 problems by error_mapping.cc like every module's errc.
#pragma once

#include <system_error>

namespace eventioz::http {

enum class errc {
  bad_json = 1,       // the body does not parse as JSON (the message gives the position)
  invalid_request,    // JSON of the wrong shape: a missing or mistyped member, a bad value
  too_many_records,   // more records in one produce request than the limit
  unknown_partition,  // a partition number the topic does not have
};

const std::error_category& error_category();

inline std::error_code make_error_code(errc code) {
  return {static_cast<int>(code), error_category()};
}

}  // namespace eventioz::http

template <>
struct std::is_error_code_enum<eventioz::http::errc> : std::true_type {};
