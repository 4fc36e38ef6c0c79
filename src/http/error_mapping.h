// The one place where module errors become HTTP answers: a status and a problem slug per error
// code, decided in one exhaustive switch per module (error_mapping.cc), so a new errc value
// fails to compile (-Wswitch) until someone decides what HTTP clients should see.
#pragma once

#include <string_view>
#include <system_error>

#include "base/result.h"
#include "http/http_response.h"

namespace eventioz::http {

struct http_error_kind {
  unsigned status = 500;
  std::string_view slug = "internal-error";  // https://eventioz.dev/problems/<slug>
  std::string_view title = "Internal error";
};

// Every code of the http, cluster, storage, model, groups and eventstore modules; anything else (an
// I/O error, say) is 500 internal-error.
http_error_kind kind_of(std::error_code code);

// The problem+json answer for a module error: its kind, and the error's message as the detail.
http_response error_response(const error& failure);

}  // namespace eventioz::http
