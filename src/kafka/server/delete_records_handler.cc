// DeleteRecords: moves each partition's log start offset forward (-1: to the high watermark).
#include "kafka/server/error_mapping.h"
#include "kafka/server/handlers.h"

namespace eventioz::kafka {

void handle_delete_records(request_context_ptr context) {
  auto request = decode_or_close<protocol::delete_records_request>(*context);
  if (!request) return;
  protocol::delete_records_response response;
  for (const auto& topic : request->topics) {
    auto& topic_result = response.topics.emplace_back();
    topic_result.name = topic.name;
    for (const auto& wanted : topic.partitions) {
      auto& result = topic_result.partitions.emplace_back();
      result.partition_index = wanted.partition_index;
      result.low_watermark = -1;
      auto found =
          context->broker.topics.get_partition_for_client_write(topic.name, wanted.partition_index);
      if (!found) {
        result.error_code = code_of(to_kafka_error(found.error_value()));
        continue;
      }
      cluster::partition& target = **found;
      offset high_watermark = target.high_watermark();
      offset new_start = wanted.offset == -1 ? high_watermark : offset(wanted.offset);
      if (new_start < offset(0) || new_start > high_watermark) {
        result.error_code = code_of(kafka_error::offset_out_of_range);
        continue;
      }
      auto deleted = target.log().delete_records_before(new_start);
      if (!deleted) {
        result.error_code = code_of(to_kafka_error(deleted.error_value()));
        continue;
      }
      result.low_watermark = target.log().log_start_offset().value();
    }
  }
  context->respond(response);
}

}  // namespace eventioz::kafka
