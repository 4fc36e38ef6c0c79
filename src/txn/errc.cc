// The "txn" error category.
#include "txn/errc.h"

#include <string>

namespace eventioz::txn {
namespace {

class txn_category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "txn"; }

  std::string message(int code) const override {
    switch (static_cast<errc>(code)) {
      case errc::producer_fenced:
        return "producer fenced by a newer epoch";
      case errc::invalid_producer_id_mapping:
        return "producer id does not match the transactional id";
      case errc::invalid_txn_state:
        return "request does not fit the transaction's state";
      case errc::invalid_transaction_timeout:
        return "invalid transaction timeout";
      case errc::concurrent_transactions:
        return "the previous transaction is still completing";
      case errc::operation_not_attempted:
        return "not attempted: another partition of the request failed";
      case errc::superseded_connection:
        return "the producer has moved to a newer connection";
      case errc::coordinator_not_available:
        return "transaction coordinator not available";
    }
    return "unknown txn error " + std::to_string(code);
  }
};

}  // namespace

const std::error_category& error_category() {
  static txn_category instance;
  return instance;
}

}  // namespace eventioz::txn
