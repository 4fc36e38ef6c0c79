// For each request type this client sends: its response type and the API's name (for error
// messages). The generated codecs define request and response separately; this pairs them, so
// `send(request)` knows what to decode.
#pragma once

#include <string_view>

#include "kafka/protocol/messages.h"

namespace eventioz::client {

template <class Request>
struct api_traits;  // only the APIs below

#define EVENTIOZ_CLIENT_API(api, display_name)             \
  template <>                                              \
  struct api_traits<kafka::protocol::api##_request> {      \
    using response_type = kafka::protocol::api##_response; \
    static constexpr std::string_view name = display_name; \
  }

EVENTIOZ_CLIENT_API(api_versions, "ApiVersions");
EVENTIOZ_CLIENT_API(metadata, "Metadata");
EVENTIOZ_CLIENT_API(produce, "Produce");
EVENTIOZ_CLIENT_API(fetch, "Fetch");
EVENTIOZ_CLIENT_API(list_offsets, "ListOffsets");
EVENTIOZ_CLIENT_API(create_topics, "CreateTopics");
EVENTIOZ_CLIENT_API(delete_topics, "DeleteTopics");
EVENTIOZ_CLIENT_API(create_partitions, "CreatePartitions");
EVENTIOZ_CLIENT_API(describe_configs, "DescribeConfigs");
EVENTIOZ_CLIENT_API(alter_configs, "AlterConfigs");
EVENTIOZ_CLIENT_API(incremental_alter_configs, "IncrementalAlterConfigs");
EVENTIOZ_CLIENT_API(describe_cluster, "DescribeCluster");
EVENTIOZ_CLIENT_API(find_coordinator, "FindCoordinator");
EVENTIOZ_CLIENT_API(list_groups, "ListGroups");
EVENTIOZ_CLIENT_API(describe_groups, "DescribeGroups");
EVENTIOZ_CLIENT_API(offset_fetch, "OffsetFetch");
EVENTIOZ_CLIENT_API(offset_commit, "OffsetCommit");
EVENTIOZ_CLIENT_API(delete_groups, "DeleteGroups");
EVENTIOZ_CLIENT_API(init_producer_id, "InitProducerId");
EVENTIOZ_CLIENT_API(add_partitions_to_txn, "AddPartitionsToTxn");
EVENTIOZ_CLIENT_API(end_txn, "EndTxn");

#undef EVENTIOZ_CLIENT_API

template <class Request>
using response_of = typename api_traits<Request>::response_type;

}  // namespace eventioz::client
