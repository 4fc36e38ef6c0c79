// The "eventstore" error category.
#include "eventstore/errc.h"

#include <string>

namespace eventioz::eventstore {
namespace {

class eventstore_category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "eventstore"; }

  std::string message(int code) const override {
    switch (static_cast<errc>(code)) {
      case errc::not_a_store:
        return "not an event store";
      case errc::store_not_found:
        return "event store not found";
      case errc::stream_not_found:
        return "stream not found";
      case errc::stream_deleted:
        return "stream deleted";
      case errc::wrong_expected_version:
        return "wrong expected version";
      case errc::invalid_expected_version:
        return "invalid expected version";
      case errc::event_id_conflict:
        return "event id conflict";
      case errc::invalid_event:
        return "invalid event";
      case errc::transactional_write:
        return "transactional write to an event store";
      case errc::invalid_reducer:
        return "invalid reducer";
      case errc::reducer_failed:
        return "reducer failed";
      case errc::version_out_of_range:
        return "version out of range";
      case errc::invalid_store_config:
        return "invalid event store config";
      case errc::index_failed:
        return "event store index failed";
      case errc::projection_not_found:
        return "projection not found";
      case errc::projection_exists:
        return "projection exists";
      case errc::invalid_projection:
        return "invalid projection";
    }
    return "unknown eventstore error " + std::to_string(code);
  }
};

}  // namespace

const std::error_category& error_category() {
  static const eventstore_category category;
  return category;
}

}  // namespace eventioz::eventstore
