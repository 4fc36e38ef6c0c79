// Consumer groups as the HTTP API shows them (docs/http-api-contract.md, "Consumer groups"),
// and the checked reading of the JSON bodies the group routes accept (the bodies themselves
// are parsed by request_json.h's parse_json_object, which refuses unknown members).
//
// A member's assignment is shown decoded (topics and partitions) when the group speaks the
// "consumer" protocol; other protocols' bytes are opaque and show no assignments.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "groups/group_types.h"

namespace eventioz::http {

// One committed offset with what is known of its partition.
struct offset_with_lag {
  std::string topic;
  int32_t partition = 0;
  int64_t committed_offset = -1;
  std::optional<std::string> metadata;
  std::optional<int64_t> high_watermark;  // nullopt: the partition no longer exists
};

// {"group_id", "state", "protocol_type", "members"}
nlohmann::json group_listing_json(const groups::group_listing& group, size_t members);

// {"group_id", "state", "protocol_type", "protocol", "members": [...], "offsets": [...],
//  "total_lag"}; lag = max(0, high watermark − committed), null when the partition is gone.
nlohmann::json group_description_json(const groups::group_description& group,
                                      const std::vector<offset_with_lag>& offsets);

// A member of `object` that must be a whole number in [low, high] ("what" names it in the
// error, e.g. "offsets[2].partition"); nullopt when absent and not `required`.
result<std::optional<int64_t>> integer_member(const nlohmann::json& object, const char* name,
                                              const std::string& what, int64_t low, int64_t high,
                                              bool required);

}  // namespace eventioz::http
