#include "client/fetched_records.h"

#include <fmt/format.h>

#include "client/errc.h"
#include "model/record_batch_format.h"

namespace eventioz::client {

result<fetched_records> decode_fetched_records(byte_span records, offset fetch_offset,
                                               size_t decompressed_size_max) {
  fetched_records fetched;
  fetched.next_offset = fetch_offset;
  while (!records.empty()) {
    if (records.size() < model::batch_layout::header_size) {
      fetched.truncated_tail = true;
      break;
    }
    auto header = model::parse_batch_header(records);
    if (!header) {
      return error(errc::corrupt_data,
                   fmt::format("fetched data at offset {} is not a valid record batch: {}",
                               fetched.next_offset, header.error_value().message()));
    }
    if (header->size_bytes() > records.size()) {
      fetched.truncated_tail = true;
      break;
    }
    byte_span batch = records.first(header->size_bytes());
    records = records.subspan(header->size_bytes());
    if (header->last_offset() < fetched.next_offset) continue;  // already consumed
    if (!header->is_control()) {
      auto decoded = model::read_records(batch, decompressed_size_max);
      if (!decoded) {
        return error(errc::corrupt_data,
                     fmt::format("the record batch at offset {} is corrupt: {}",
                                 header->base_offset, decoded.error_value().to_string()));
      }
      for (model::record& record : *decoded) {
        if (record.record_offset >= fetched.next_offset) {
          fetched.records.push_back(std::move(record));
        }
      }
    }
    fetched.next_offset = header->last_offset() + 1;
  }
  return fetched;
}

}  // namespace eventioz::client
