// Reading a whole store in log order (event_store::read_all): per partition, its events in
// offset order from where the caller left off; across partitions, merged by timestamp (then
// partition, then offset), at most `limit` events, looking at a bounded number of records.
// `next_offsets` continues every partition exactly: after the last event taken from it, or
// after what was scanned when nothing of it was left out.
#include <fmt/format.h>

#include <algorithm>

#include "eventstore/errc.h"
#include "eventstore/event_store.h"
#include "eventstore/stream_index.h"

namespace eventioz::eventstore {
namespace {

constexpr size_t decompressed_batch_size_max = 64 << 20;

struct partition_scan {
  std::vector<stored_event> candidates;  // matching events, in offset order
  int64_t scanned_to = 0;                // the offset after the last record looked at
};

bool wanted_type(const std::vector<std::string>& types, const std::string& type) {
  return types.empty() || std::find(types.begin(), types.end(), type) != types.end();
}

}  // namespace

result<log_page> event_store::read_all(const log_read_request& request) const {
  EVENTIOZ_TRY(store_info store, find_store(request.store));
  for (const auto& [partition, position] : request.from_offsets) {
    if (partition < 0 || partition >= store.partitions || position < 0) {
      return error(errc::version_out_of_range,
                   fmt::format("store '{}' has partitions 0 to {}; position {}:{} is not one of "
                               "them",
                               store.name, store.partitions - 1, partition, position));
    }
  }
  size_t scan_budget = std::max<size_t>(request.max_scan_records / size_t(store.partitions), 1);
  std::vector<partition_scan> scans(store.partitions);
  for (int32_t p = 0; p < store.partitions; ++p) {
    EVENTIOZ_TRY(auto opened, _topics->get_partition(store.name, p));
    storage::partition_log& log = opened->log();
    auto from = request.from_offsets.find(p);
    int64_t position = std::max(from != request.from_offsets.end() ? from->second : 0,
                                log.log_start_offset().value());
    int64_t end = opened->high_watermark().value();
    partition_scan& scan = scans[p];
    scan.scanned_to = position;
    size_t looked_at = 0;
    partition_key key(store.name, p);
    std::map<std::string, bool> deleted;  // stream -> deleted, as looked up
    while (position < end && scan.candidates.size() < request.limit && looked_at < scan_budget) {
      EVENTIOZ_TRY(byte_buffer chunk,
                   log.read_verified({.start = offset(position), .end = offset(end)}));
      if (chunk.empty()) break;
      byte_span rest(chunk);
      while (!rest.empty() && scan.candidates.size() < request.limit && looked_at < scan_budget) {
        EVENTIOZ_TRY(auto header, model::parse_batch_header(rest));
        byte_span batch = rest.first(header.size_bytes());
        rest = rest.subspan(header.size_bytes());
        int64_t batch_end = header.last_offset().value() + 1;
        if (!header.is_control()) {
          EVENTIOZ_TRY(auto records, model::read_records(batch, decompressed_batch_size_max));
          for (const model::record& record : records) {
            if (record.record_offset.value() < position || !record.key || !record.value) continue;
            ++looked_at;
            stored_event event = event_of(record);
            if (!wanted_type(request.types, event.type)) continue;
            event.partition = p;
            EVENTIOZ_TRY(auto location, _index->at_offset(key, event.offset));
            if (location) {
              event.version = location->version;
            } else {
              // Not indexed: a deleted stream's event the purge has not removed from the log
              // yet (never shown again), or one not indexed yet.
              auto known = deleted.find(event.stream);
              if (known == deleted.end()) {
                EVENTIOZ_TRY(stream_head head, _index->head(key, event.stream));
                known = deleted.emplace(event.stream, head.deleted).first;
              }
              if (known->second) continue;
            }
            scan.candidates.push_back(std::move(event));
          }
        }
        // Whole batches are taken: a page never ends inside one.
        position = batch_end;
        scan.scanned_to = position;
      }
    }
  }

  // Merge: the `limit` earliest candidates by (timestamp, partition, offset).
  std::vector<std::pair<int32_t, size_t>> order;
  for (int32_t p = 0; p < store.partitions; ++p) {
    for (size_t i = 0; i < scans[p].candidates.size(); ++i) order.emplace_back(p, i);
  }
  auto earlier = [&](const auto& a, const auto& b) {
    const stored_event& x = scans[a.first].candidates[a.second];
    const stored_event& y = scans[b.first].candidates[b.second];
    return std::tie(x.timestamp_ms, x.partition, x.offset) <
           std::tie(y.timestamp_ms, y.partition, y.offset);
  };
  std::sort(order.begin(), order.end(), earlier);
  // A partition's candidates must be taken as a prefix (offset order), so stop taking from a
  // partition once one of its candidates was left out.
  std::vector<size_t> taken(store.partitions, 0);
  log_page page;
  for (const auto& [p, i] : order) {
    if (page.events.size() >= request.limit) break;
    if (i != taken[p]) continue;
    page.events.push_back(scans[p].candidates[i]);
    ++taken[p];
  }
  std::stable_sort(page.events.begin(), page.events.end(),
                   [](const stored_event& x, const stored_event& y) {
                     return std::tie(x.timestamp_ms, x.partition, x.offset) <
                            std::tie(y.timestamp_ms, y.partition, y.offset);
                   });
  for (int32_t p = 0; p < store.partitions; ++p) {
    const partition_scan& scan = scans[p];
    page.next_offsets[p] =
        taken[p] == scan.candidates.size() ? scan.scanned_to : scan.candidates[taken[p]].offset;
  }
  return page;
}

}  // namespace eventioz::eventstore
