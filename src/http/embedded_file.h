// A file carried inside the binary (cmake/embed_files.py writes the tables at build time).
#pragma once

#include <span>
#include <string_view>

namespace eventioz::http {

struct embedded_file {
  std::string_view path;  // "/index.html"
  std::string_view content_type;
  std::string_view bytes;
};

// src/http/openapi.json
std::span<const embedded_file> openapi_files();

// console/dist: the web console as Vite built it (scripts/build-console); empty when it was
// not built before the broker was configured.
std::span<const embedded_file> console_files();

}  // namespace eventioz::http
