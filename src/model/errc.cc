// The "model" error category: names for the ways a record batch can be malformed.
#include "model/errc.h"

#include <string>

namespace eventioz::model {
namespace {

class model_category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "model"; }

  std::string message(int code) const override {
    switch (static_cast<errc>(code)) {
      case errc::batch_truncated:
        return "record batch truncated";
      case errc::batch_length_invalid:
        return "record batch length invalid";
      case errc::unsupported_magic:
        return "unsupported record batch magic";
      case errc::crc_mismatch:
        return "record batch CRC mismatch";
      case errc::record_count_invalid:
        return "record count invalid";
      case errc::record_invalid:
        return "record malformed";
      case errc::unsupported_compression:
        return "unsupported compression codec";
      case errc::compression_failed:
        return "compression failed";
      case errc::decompressed_too_large:
        return "decompressed data too large";
      case errc::producer_fields_invalid:
        return "producer fields invalid";
      case errc::timestamp_invalid:
        return "timestamp invalid";
    }
    return "unknown model error " + std::to_string(code);
  }
};

}  // namespace

const std::error_category& error_category() {
  static model_category instance;
  return instance;
}

}  // namespace eventioz::model
