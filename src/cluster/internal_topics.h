// The broker's internal topics: __consumer_offsets (consumer groups) and __transaction_state
// (transactions) hold the coordinators' own state, which they rebuild from these topics at
// start. One bad record or one changed setting there would corrupt that state, so:
//
//  - clients never write to them (Produce, DeleteRecords) nor delete or grow them
//    (DeleteTopics; CreatePartitions would move keys to other partitions): errc::internal_topic,
//    which clients see as INVALID_TOPIC_EXCEPTION. Clients may still read them (Fetch).
//    The coordinators write through cluster::partition::append, which has no such check.
//  - two settings are pinned whatever the broker-wide defaults or a stored override say:
//    flush.messages=1 (a coordinator's acknowledgement means "on disk") and
//    cleanup.policy=compact (the latest state of each key is kept forever). AlterConfigs and
//    IncrementalAlterConfigs naming either are refused (errc::internal_topic); other settings
//    (segment.bytes, ...) can be tuned.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "base/result.h"

namespace eventioz::cluster {

bool is_internal_topic(std::string_view name);

// errc::internal_topic, naming the topic and the refused `change` ("written to", "deleted"),
// when `name` is internal; ok otherwise.
status refuse_if_internal(std::string_view name, std::string_view change);

// errc::internal_topic when `config` is one of the pinned settings of the internal topic `name`.
status refuse_pinned_change(std::string_view name, std::string_view config);

// `overrides` with the pinned settings forced when `name` is internal; unchanged otherwise.
std::map<std::string, std::string> with_pinned_configs(
    std::string_view name, std::map<std::string, std::string> overrides);

}  // namespace eventioz::cluster
