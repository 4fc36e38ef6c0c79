// The "client" error category.
#include "client/errc.h"

#include <string>

namespace eventioz::client {
namespace {

class client_category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "client"; }

  std::string message(int code) const override {
    switch (static_cast<errc>(code)) {
      case errc::invalid_argument:
        return "invalid argument";
      case errc::connection_failed:
        return "connection failed";
      case errc::timed_out:
        return "timed out";
      case errc::protocol_violation:
        return "protocol violation";
      case errc::unsupported_version:
        return "unsupported version";
      case errc::corrupt_data:
        return "corrupt data";
      case errc::metadata_unavailable:
        return "metadata unavailable";
    }
    return "unknown client error " + std::to_string(code);
  }
};

}  // namespace

const std::error_category& error_category() {
  static client_category instance;
  return instance;
}

}  // namespace eventioz::client
