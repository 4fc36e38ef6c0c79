// The traffic counters of one topic: records and bytes in (appended by producers, over Kafka
// or HTTP, both through partition::append) and out (sent to consumers). Each partition holds
// one, looked up in the registry when the partition opens, so counting on the data path is a
// relaxed atomic add with nothing looked up.
//
// Children of eventioz_topic_{records,bytes}_{in,out}_total{topic}; they outlive the
// partition (the registry keeps them), so a reopened partition continues the same counts.
#pragma once

#include <cstdint>
#include <string>

#include "base/metrics_registry.h"

namespace eventioz::cluster {

class topic_probe {
 public:
  explicit topic_probe(const std::string& topic,
                       metrics::metrics_registry& registry = metrics::default_registry());

  void appended(uint64_t records, uint64_t bytes) {
    _records_in->increment(records);
    _bytes_in->increment(bytes);
  }
  void sent(uint64_t records, uint64_t bytes) {
    _records_out->increment(records);
    _bytes_out->increment(bytes);
  }

 private:
  metrics::counter* _records_in;
  metrics::counter* _bytes_in;
  metrics::counter* _records_out;
  metrics::counter* _bytes_out;
};

}  // namespace eventioz::cluster
