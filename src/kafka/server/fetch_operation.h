// One Fetch request in progress: reads every requested partition on its owning shard, and
// either answers or, when fewer than min_bytes are ready, waits until an append moves a high
// watermark (not polling) or max_wait_ms passes, then reads again.
//
// read_committed (isolation_level 1) reads only up to the last stable offset and lists the
// aborted transactions of what it returns. The LSO moves only when a marker is appended, and a
// marker moves the high watermark once durable, so the high-watermark wake-up covers it.
//
// Lives on the connection's (home) shard; reads hop to the partitions' shards and back. Kept
// alive by its pending reads, watchers and timer.
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <string>
#include <vector>

#include "cluster/partition.h"
#include "kafka/server/error_mapping.h"
#include "kafka/server/handlers.h"
#include "storage/partition_log.h"

namespace eventioz::kafka {

class fetch_operation : public std::enable_shared_from_this<fetch_operation> {
 public:
  fetch_operation(request_context_ptr context, protocol::fetch_request request);
  void start();

 private:
  struct partition_read {
    std::string topic;
    int32_t index = 0;
    int64_t fetch_offset = 0;
    int32_t max_bytes = 0;
    int16_t api_version = 0;
    bool read_committed = false;
    std::shared_ptr<cluster::partition> target;  // null when the partition was not found
    kafka_error error = kafka_error::none;
    int64_t high_watermark = -1;
    int64_t last_stable_offset = -1;
    std::vector<cluster::aborted_transaction> aborted;  // of the range read (read_committed)
    int64_t log_start_offset = -1;
    std::vector<storage::file_range> ranges;
    uint64_t size_bytes = 0;
    int64_t next_offset = 0;  // after what was read (records out are estimated from it)
    uint64_t watch_ticket = 0;
  };

  void read_all();
  static void read_one(partition_read& read);
  void on_reads_done();
  void wait_for_data();
  void on_wake();
  void stop_waiting();
  void respond();

  request_context_ptr _context;
  protocol::fetch_request _request;
  uint32_t _home_shard;
  std::vector<partition_read> _reads;
  size_t _reads_pending = 0;
  bool _waiting = false;
  bool _deadline_passed = false;
  bool _responded = false;
  bool _wake_pending = false;
  std::unique_ptr<boost::asio::steady_timer> _timer;
};

}  // namespace eventioz::kafka
