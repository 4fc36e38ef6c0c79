// libFuzzer target for the HTTP produce request parser: arbitrary bytes as the body of
// POST /v1/topics/{topic}/records. Nothing may crash, throw, leak or read out of bounds; an
// accepted request must partition and batch, and every batch must read back as the records it
// was built from (same count). The JSON scanner is also checked against nlohmann's parser.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

#include "base/assert.h"
#include "http/json_scan.h"
#include "http/produce_request.h"

namespace {

using namespace eventioz;

// The scanner agrees with nlohmann's parser (the reference) on what is JSON, except that it
// refuses nesting deeper than json_scan::depth_max, and accepts numbers too large for a double
// (RFC 8259 grammar; nlohmann refuses them with out_of_range 406); its compact text means the
// same document. nlohmann takes a NUL byte for the end of the input: compared without one.
void check_scanner(std::string_view body) {
  if (body.find('\0') != std::string_view::npos) {
    (void)http::json_scan::validate(body);
    return;
  }
  auto scanned = http::json_scan::validate(body);
  nlohmann::json reference;
  bool accepted = false;
  bool overflow = false;
  try {
    reference = nlohmann::json::parse(body);
    accepted = true;
  } catch (const nlohmann::json::out_of_range&) {
    overflow = true;
  } catch (const nlohmann::json::parse_error&) {
  }
  if (scanned.ok()) {
    EVENTIOZ_ASSERT(accepted || overflow, "the scanner accepted what nlohmann refuses");
    if (!accepted) return;
    std::string compact;
    http::json_scan::append_compact(compact, body);
    EVENTIOZ_ASSERT(nlohmann::json::parse(compact) == reference,
                    "the compact text is another document");
  } else if (accepted) {
    EVENTIOZ_ASSERT(scanned.error_value().message().find("nested deeper") != std::string::npos,
                    "the scanner refused JSON nlohmann accepts: {}",
                    scanned.error_value().to_string());
  }
}

void check(std::string_view body) {
  check_scanner(body);
  auto parsed = http::parse_produce_request(body, 1000);
  if (!parsed) return;
  EVENTIOZ_ASSERT(!parsed->records.empty() && parsed->records.size() <= 1000, "{} records accepted",
                  parsed->records.size());
  for (int32_t partition_count : {1, 3, 64}) {
    auto request = *parsed;
    auto partitions = http::assign_partitions(request, partition_count, partition_count - 1);
    if (!partitions) continue;  // an explicit partition beyond the count
    for (int32_t partition : *partitions) {
      EVENTIOZ_ASSERT(partition >= 0 && partition < partition_count, "partition {} of {}",
                      partition, partition_count);
    }
    auto batches = http::build_partition_batches(request, *partitions, 1'732'480'000'000);
    if (!batches) continue;  // a field too long for the format
    size_t total = 0;
    for (const auto& batch : *batches) {
      auto records = model::read_records(batch.batch, 64 << 20);
      EVENTIOZ_ASSERT(records.ok(), "a built batch does not read back");
      EVENTIOZ_ASSERT(records->size() == batch.record_indices.size(), "{} records, {} indices",
                      records->size(), batch.record_indices.size());
      total += records->size();
    }
    EVENTIOZ_ASSERT(total == request.records.size(), "{} of {} records batched", total,
                    request.records.size());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  check(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
