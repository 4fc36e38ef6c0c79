// The HTTP layer's error category.
#include "http/errc.h"

#include <string>

namespace eventioz::http {
namespace {

class category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "http"; }
  std::string message(int value) const override {
    switch (static_cast<errc>(value)) {
      case errc::bad_json:
        return "the body is not JSON";
      case errc::invalid_request:
        return "the request is not valid";
      case errc::too_many_records:
        return "too many records in one request";
      case errc::unknown_partition:
        return "unknown partition";
    }
    return "unknown http error";
  }
};

}  // namespace

const std::error_category& error_category() {
  static const category instance;
  return instance;
}

}  // namespace eventioz::http
