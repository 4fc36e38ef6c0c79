#include "io/tests/io_test_support.h"

#include <stdlib.h>

#include <filesystem>

#include "base/assert.h"

namespace eventioz::io::testing {

temporary_directory::temporary_directory() {
  std::string pattern = "/tmp/eventioz-io-test-XXXXXX";
  EVENTIOZ_ASSERT(::mkdtemp(pattern.data()) != nullptr, "mkdtemp {}", pattern);
  _path = pattern;
}

temporary_directory::~temporary_directory() {
  std::error_code ignored;
  std::filesystem::remove_all(_path, ignored);
}

std::string read_file(file_system& fs, const std::string& path) {
  auto opened = fs.open(path, open_mode::read_only);
  EVENTIOZ_ASSERT(opened.ok(), "{}", opened.error_value().to_string());
  auto size = (*opened)->size();
  EVENTIOZ_ASSERT(size.ok(), "{}", size.error_value().to_string());
  std::string text(*size, '\0');
  auto read = (*opened)->read_at(
      0, mutable_byte_span(reinterpret_cast<uint8_t*>(text.data()), text.size()));
  EVENTIOZ_ASSERT(read.ok() && *read == text.size(), "short read of {}", path);
  return text;
}

void write_file(file_system& fs, const std::string& path, const std::string& text,
                bool sync_parent) {
  auto opened = fs.open(path, open_mode::create_or_open);
  EVENTIOZ_ASSERT(opened.ok(), "{}", opened.error_value().to_string());
  file& out = **opened;
  EVENTIOZ_ASSERT(out.truncate(0).ok(), "truncate {}", path);
  EVENTIOZ_ASSERT(out.write_at(0, as_bytes(text)).ok(), "write {}", path);
  EVENTIOZ_ASSERT(out.sync_data().ok(), "sync {}", path);
  if (sync_parent) {
    EVENTIOZ_ASSERT(fs.sync_directory(parent_directory(path)).ok(), "sync parent of {}", path);
  }
}

}  // namespace eventioz::io::testing
