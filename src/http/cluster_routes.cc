// The cluster and its brokers: GET /v1/cluster (identity, version, uptime, counts, storage
// used) and GET /v1/brokers (the brokers with their settings). A single node: one broker, which
// is also the controller.
//
// Storage used is the sum of the partition logs' sizes (segments and indexes of every topic,
// internal ones included), opening partitions not opened yet; files outside the logs (topic
// metadata, broker_config, snapshots) are not counted.
#include "http/error_mapping.h"
#include "http/routes.h"
#include "http/topic_json.h"

#ifndef EVENTIOZ_VERSION
#define EVENTIOZ_VERSION "unknown"
#endif

namespace eventioz::http {
namespace {

nlohmann::json broker_json(const http_context& context) {
  return {{"node_id", context.config.node_id},
          {"host", context.config.kafka_host},
          {"kafka_port", context.config.kafka_port},
          {"http_port", context.config.listen_port}};
}

}  // namespace

void add_cluster_routes(router& routes, http_context& context) {
  routes.add(verb::get, "/v1/cluster", [&context](const http_request&, responder respond) {
    int64_t partitions = 0;
    int64_t topics = 0;
    uint64_t used = 0;
    for (const auto& topic : context.topics.topics()) {
      if (topic.deleting) continue;
      auto summary = topic_summary_json(context.topics, topic);
      if (!summary) return respond(error_response(summary.error_value()));
      ++topics;
      partitions += topic.partition_count;
      used += (*summary)["size_bytes"].get<uint64_t>();
    }
    auto uptime = std::chrono::steady_clock::now() - context.started;
    respond(json_response(
        200,
        {{"cluster_id", context.config.cluster_id},
         {"node_id", context.config.node_id},
         {"controller_id", context.config.node_id},
         {"version", EVENTIOZ_VERSION},
         {"uptime_ms", std::chrono::duration_cast<std::chrono::milliseconds>(uptime).count()},
         {"brokers", nlohmann::json::array({broker_json(context)})},
         {"topics", topics},
         {"partitions", partitions},
         {"storage", {{"data_directory", context.config.data_directory}, {"used_bytes", used}}}}));
  });
  routes.add(verb::get, "/v1/brokers", [&context](const http_request&, responder respond) {
    nlohmann::json broker = broker_json(context);
    broker["configs"] = configs_json(context.topics.describe_broker_configs(), "dynamic_broker");
    respond(json_response(200, {{"brokers", nlohmann::json::array({broker})}}));
  });
}

}  // namespace eventioz::http
