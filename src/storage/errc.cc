#include "storage/errc.h"

#include <string>

namespace eventioz::storage {
namespace {

class storage_category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "storage"; }
  std::string message(int code) const override {
    switch (static_cast<errc>(code)) {
      case errc::offset_out_of_range:
        return "offset out of range";
      case errc::corrupt_data:
        return "corrupt data";
      case errc::committed_data_damaged:
        return "committed data damaged";
      case errc::truncation_below_committed:
        return "truncation below the committed offset";
      case errc::batch_too_large:
        return "batch too large";
      case errc::invalid_config:
        return "invalid configuration";
      case errc::log_closed:
        return "log closed";
      case errc::partition_exists:
        return "partition exists";
      case errc::partition_not_found:
        return "partition not found";
      case errc::invalid_partition_name:
        return "invalid partition name";
    }
    return "unknown storage error " + std::to_string(code);
  }
};

}  // namespace

const std::error_category& error_category() {
  static storage_category instance;
  return instance;
}

}  // namespace eventioz::storage
