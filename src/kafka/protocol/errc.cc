// The "kafka protocol" error category: names for the ways a Kafka message can be refused.
#include "kafka/protocol/errc.h"

#include <string>

namespace eventioz::kafka::protocol {
namespace {

class protocol_category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "kafka protocol"; }

  std::string message(int code) const override {
    switch (static_cast<errc>(code)) {
      case errc::malformed_message:
        return "malformed message";
      case errc::unsupported_version:
        return "unsupported API version";
      case errc::unknown_api_key:
        return "unknown API key";
    }
    return "unknown kafka protocol error " + std::to_string(code);
  }
};

}  // namespace

const std::error_category& error_category() {
  static protocol_category instance;
  return instance;
}

}  // namespace eventioz::kafka::protocol
