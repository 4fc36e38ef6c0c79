// Opening the transaction machinery in dependency order.
#include "txn/transaction_service.h"

namespace eventioz::txn {

result<std::unique_ptr<transaction_service>> transaction_service::open(
    cluster::topic_manager& topics, transaction_groups* groups, transaction_service_options options,
    const clock& time) {
  std::unique_ptr<transaction_service> service(new transaction_service());
  EVENTIOZ_TRY(service->_producer_ids,
               producer_id_allocator::open(topics.file_system(), topics.options().data_directory));
  EVENTIOZ_TRY(service->_log, state_topic_log::open(topics, options.state_partition_count, time));
  service->_partitions = std::make_unique<cluster_participants>(topics);
  service->_coordinator = std::make_unique<transaction_coordinator>(
      *service->_producer_ids, *service->_log, *service->_partitions, groups, time,
      options.coordinator);
  EVENTIOZ_RETURN_IF_ERROR(service->_coordinator->recover());
  return service;
}

}  // namespace eventioz::txn
