// The "groups" error category.
#include "groups/errc.h"

#include <string>

namespace eventioz::groups {
namespace {

class groups_category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "groups"; }

  std::string message(int code) const override {
    switch (static_cast<errc>(code)) {
      case errc::invalid_group_id:
        return "invalid group id";
      case errc::invalid_session_timeout:
        return "session timeout outside the broker's bounds";
      case errc::inconsistent_group_protocol:
        return "no group protocol that every member supports";
      case errc::unknown_member_id:
        return "unknown member id";
      case errc::member_id_required:
        return "rejoin with the assigned member id";
      case errc::fenced_instance_id:
        return "group instance id fenced by a newer member";
      case errc::illegal_generation:
        return "illegal generation";
      case errc::rebalance_in_progress:
        return "rebalance in progress";
      case errc::non_empty_group:
        return "the group has members";
      case errc::group_id_not_found:
        return "group not found";
      case errc::offset_metadata_too_large:
        return "offset metadata too large";
      case errc::unstable_offset_commit:
        return "transactional offsets pending";
      case errc::group_subscribed_to_topic:
        return "the group's members consume this topic";
      case errc::coordinator_not_available:
        return "group coordinator not available";
      case errc::invalid_producer_epoch:
        return "producer epoch is older than the pending transaction's";
      case errc::unknown_topic_or_partition:
        return "no such topic or partition";
    }
    return "unknown groups error " + std::to_string(code);
  }
};

}  // namespace

const std::error_category& error_category() {
  static groups_category instance;
  return instance;
}

}  // namespace eventioz::groups
