#include "cluster/topic_probe.h"

namespace eventioz::cluster {

topic_probe::topic_probe(const std::string& topic, metrics::metrics_registry& registry)
    : _records_in(&registry
                       .counter_family("eventioz_topic_records_in_total",
                                       "Records appended to the topic (Kafka and HTTP produce).",
                                       {"topic"})
                       .with({topic})),
      _bytes_in(&registry
                     .counter_family("eventioz_topic_bytes_in_total",
                                     "Bytes of record batches appended to the topic.", {"topic"})
                     .with({topic})),
      _records_out(&registry
                        .counter_family("eventioz_topic_records_out_total",
                                        "Records sent to consumers (Kafka Fetch), estimated from "
                                        "the offsets each fetch covered.",
                                        {"topic"})
                        .with({topic})),
      _bytes_out(&registry
                      .counter_family("eventioz_topic_bytes_out_total",
                                      "Bytes of record batches sent to consumers (Kafka Fetch).",
                                      {"topic"})
                      .with({topic})) {}

}  // namespace eventioz::cluster
