// The "cluster" error category.
#include "cluster/errc.h"

#include <string>

namespace eventioz::cluster {
namespace {

class cluster_category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "cluster"; }

  std::string message(int code) const override {
    switch (static_cast<errc>(code)) {
      case errc::topic_exists:
        return "topic already exists";
      case errc::topic_not_found:
        return "topic not found";
      case errc::invalid_partition_count:
        return "invalid partition count";
      case errc::invalid_replication_factor:
        return "invalid replication factor";
      case errc::metadata_corrupt:
        return "topic metadata corrupt";
      case errc::out_of_order_sequence:
        return "out of order sequence number";
      case errc::invalid_producer_epoch:
        return "invalid producer epoch";
      case errc::invalid_txn_state:
        return "invalid transaction state";
      case errc::producer_batch_refused:
        return "producer batch refused";
      case errc::producer_state_corrupt:
        return "producer state snapshot corrupt";
      case errc::closing:
        return "the broker is shutting down";
      case errc::internal_topic:
        return "internal topic";
    }
    return "unknown cluster error " + std::to_string(code);
  }
};

}  // namespace

const std::error_category& error_category() {
  static cluster_category instance;
  return instance;
}

}  // namespace eventioz::cluster
