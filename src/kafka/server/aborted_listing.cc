// Ordering and first offsets of the aborted transactions a read_committed Fetch lists.
#include "kafka/server/aborted_listing.h"

#include <algorithm>
#include <array>

#include "base/bytes.h"
#include "model/record_batch_format.h"

namespace eventioz::kafka {
namespace {

result<std::vector<batch_span>> read_batch_spans(const std::vector<storage::file_range>& ranges) {
  namespace layout = model::batch_layout;
  std::vector<batch_span> spans;
  for (const auto& range : ranges) {
    uint64_t position = range.position;
    uint64_t end = range.position + range.size_bytes;
    while (position + layout::producer_epoch_at <= end) {
      std::array<uint8_t, layout::producer_epoch_at> header{};
      EVENTIOZ_TRY(size_t read, range.file->read_at(position, header));
      if (read != header.size()) break;
      int64_t base = read_big_endian<int64_t>(header.data() + layout::base_offset_at);
      int32_t batch_length = read_big_endian<int32_t>(header.data() + layout::batch_length_at);
      int32_t last_delta = read_big_endian<int32_t>(header.data() + layout::last_offset_delta_at);
      spans.push_back(
          {.producer_id = read_big_endian<int64_t>(header.data() + layout::producer_id_at),
           .base = offset(base),
           .last = offset(base + last_delta)});
      if (batch_length <= 0) break;
      position += static_cast<uint64_t>(batch_length) + layout::length_prefix_size;
    }
  }
  return spans;
}

bool any_begins_before(const std::vector<cluster::aborted_transaction>& aborted, offset start) {
  return std::any_of(aborted.begin(), aborted.end(),
                     [&](const auto& transaction) { return transaction.first_offset < start; });
}

}  // namespace

std::vector<cluster::aborted_transaction> aborted_as_listed(
    std::vector<cluster::aborted_transaction> aborted, offset start,
    std::span<const batch_span> batches) {
  std::vector<cluster::aborted_transaction> listed;
  for (cluster::aborted_transaction transaction : aborted) {
    if (transaction.first_offset < start) {
      // Its producer's first batch reaching `start` belongs to it (the producer's batches up
      // to its marker do); none in the answer: nothing of it to drop here.
      auto first = std::find_if(batches.begin(), batches.end(), [&](const batch_span& batch) {
        return batch.producer_id == transaction.producer_id && batch.last >= start;
      });
      if (first == batches.end()) continue;
      transaction.first_offset = std::max(transaction.first_offset, first->base);
    }
    listed.push_back(transaction);
  }
  std::stable_sort(listed.begin(), listed.end(),
                   [](const auto& a, const auto& b) { return a.first_offset < b.first_offset; });
  return listed;
}

result<std::vector<cluster::aborted_transaction>> aborted_as_listed(
    std::vector<cluster::aborted_transaction> aborted, offset start,
    const std::vector<storage::file_range>& ranges) {
  if (!any_begins_before(aborted, start)) {
    return aborted_as_listed(std::move(aborted), start, std::span<const batch_span>());
  }
  EVENTIOZ_TRY(std::vector<batch_span> batches, read_batch_spans(ranges));
  return aborted_as_listed(std::move(aborted), start, batches);
}

}  // namespace eventioz::kafka
