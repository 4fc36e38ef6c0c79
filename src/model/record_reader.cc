// Reaching the records of a batch: decompressing them (bounded) when the batch says so, then
// either only checking them (validate_records, on the produce path) or copying them out
// (read_records, for compaction, tools and internal topics).
#include <fmt/format.h>

#include <algorithm>

#include "model/batch_checks.h"
#include "model/errc.h"
#include "model/record_batch.h"
#include "model/record_batch_format.h"
#include "model/record_codec.h"

namespace eventioz::model {
namespace {

// The records region: a view into the batch when uncompressed, else the decompressed bytes.
class records_region {
 public:
  static result<records_region> of(byte_span batch, const record_batch_header& header,
                                   size_t decompressed_size_max) {
    records_region region;
    byte_span stored = batch.subspan(batch_layout::header_size);
    // An empty batch has nothing to decompress, whatever its codec says (the Java client does
    // not decompress one either).
    if (header.codec() == compression::none || (stored.empty() && header.record_count == 0)) {
      region._bytes = stored;
      return region;
    }
    auto decompressed = decompress(header.codec(), stored, decompressed_size_max);
    if (!decompressed) {
      return std::move(decompressed)
          .error_value()
          .with_context(fmt::format("the records of the batch at offset {}", header.base_offset));
    }
    region._owned = std::move(decompressed).value();
    region._bytes = region._owned;
    return region;
  }

  // Moving keeps the view valid: a vector's move leaves its data where it was.
  byte_span bytes() const { return _bytes; }

 private:
  byte_buffer _owned;
  byte_span _bytes;
};

record_header to_owned(const detail::header_view& header) {
  record_header owned;
  owned.key.assign(reinterpret_cast<const char*>(header.key.data()), header.key.size());
  if (header.value) owned.value.emplace(header.value->begin(), header.value->end());
  return owned;
}

std::optional<byte_buffer> to_owned(const std::optional<byte_span>& bytes) {
  if (!bytes) return std::nullopt;
  return byte_buffer(bytes->begin(), bytes->end());
}

}  // namespace

status validate_records(byte_span batch, size_t decompressed_size_max) {
  // No CRC here: the produce path has just run validate_batch, and a second pass over the
  // bytes would double its cost. The structure is re-checked because this reads by it.
  EVENTIOZ_TRY(record_batch_header header, detail::parse_exact_batch(batch));
  EVENTIOZ_RETURN_IF_ERROR(detail::check_header_fields(header));
  EVENTIOZ_TRY(records_region region, records_region::of(batch, header, decompressed_size_max));
  detail::record_parser parser(region.bytes(), header);
  while (true) {
    EVENTIOZ_TRY(bool more, parser.next());
    if (!more) return ok_status();
  }
}

result<std::vector<record>> read_records(byte_span batch, size_t decompressed_size_max) {
  // The CRC is checked here: this is where stored batches are decoded (design.md section 6).
  EVENTIOZ_TRY(record_batch_header header, validate_batch(batch));
  EVENTIOZ_TRY(records_region region, records_region::of(batch, header, decompressed_size_max));
  std::vector<record> records;
  // record_count is untrusted: reserve no more than the region could hold.
  records.reserve(std::min(static_cast<size_t>(header.record_count),
                           region.bytes().size() / detail::record_size_min));
  detail::record_parser parser(region.bytes(), header);
  while (true) {
    EVENTIOZ_TRY(bool more, parser.next());
    if (!more) break;
    const detail::record_view& view = parser.record();
    record& decoded = records.emplace_back();
    decoded.record_offset = view.record_offset;
    decoded.timestamp = view.timestamp;
    decoded.key = to_owned(view.key);
    decoded.value = to_owned(view.value);
    decoded.headers.reserve(view.headers.size());
    for (const detail::header_view& header_bytes : view.headers) {
      decoded.headers.push_back(to_owned(header_bytes));
    }
  }
  return records;
}

}  // namespace eventioz::model
