// Folding a chunk of a partition's log into a projection's entries.
#include "eventstore/projection_fold.h"

#include <fmt/format.h>

#include <algorithm>

#include "eventstore/event_data.h"
#include "eventstore/event_envelope.h"
#include "model/record_batch.h"

namespace eventioz::eventstore {
namespace {

// Decompressed records of one batch are bounded as a fetch's are (design §10).
constexpr size_t decompressed_batch_bytes_max = 64 << 20;

// What a fold needs of a record: its stream, type and parsed data (event_envelope.h), and
// whether it is a tombstone (which event_of does not tell from an empty payload).
struct folded_event {
  stored_event stored;
  nlohmann::json data;  // parse_event_data: null when empty or not JSON
  bool tombstone = false;
};

folded_event decode(const model::record& record) {
  folded_event event{.stored = event_of(record), .tombstone = !record.value.has_value()};
  if (!event.tombstone) event.data = parse_event_data(event.stored.data);
  return event;
}

// The member at `path` as a key: strings as they are, numbers as JSON writes them.
std::optional<std::string> key_at(const nlohmann::json& data, const json_path& path) {
  const nlohmann::json* member = find_json(data, path);
  if (member == nullptr) return std::nullopt;
  if (member->is_string()) return member->get<std::string>();
  if (member->is_number()) return member->dump();
  return std::nullopt;
}

}  // namespace

projection_folder::projection_folder(projection_definition definition,
                                     std::shared_ptr<const reducer> reducer)
    : _definition(std::move(definition)), _reducer(std::move(reducer)) {
  if (_definition.key != "stream") {
    auto path = parse_json_path(_definition.key);
    EVENTIOZ_ASSERT(path.ok(), "projection key {} was not checked", _definition.key);
    _key_path = std::move(*path);
  }
}

result<fold_outcome> projection_folder::fold(byte_span batches, int32_t partition, int64_t start,
                                             int64_t key_count, const entry_loader& load) const {
  fold_outcome out{.next_offset = start};
  out.changes.key_count = key_count;
  auto& changed = out.changes.entries;
  // The entry of `key` as folded so far: this step's change, else the read model's.
  auto current = [&](const std::string& key) -> result<std::optional<projection_entry>> {
    if (auto found = changed.find(key); found != changed.end()) return found->second;
    return load(key);
  };
  auto finish = [&]() -> result<fold_outcome> {
    out.changes.positions[partition] = out.next_offset;
    return std::move(out);
  };

  byte_span rest = batches;
  while (!rest.empty()) {
    EVENTIOZ_TRY(model::record_batch_header header, model::parse_batch_header(rest));
    if (header.size_bytes() > rest.size()) {
      return error(std::make_error_code(std::errc::illegal_byte_sequence),
                   fmt::format("partition {}: a batch at offset {} is cut short", partition,
                               header.base_offset.value()));
    }
    byte_span batch = rest.first(header.size_bytes());
    rest = rest.subspan(header.size_bytes());
    int64_t after_batch = header.last_offset().value() + 1;
    if (header.is_control() || after_batch <= start) {
      out.next_offset = std::max(out.next_offset, after_batch);
      continue;
    }
    EVENTIOZ_TRY(auto records, model::read_records(batch, decompressed_batch_bytes_max));
    for (const model::record& record : records) {
      int64_t offset = record.record_offset.value();
      if (offset < start) continue;
      if (!record.key) {
        out.next_offset = offset + 1;
        continue;
      }
      folded_event event = decode(record);
      std::optional<std::string> key;
      if (!_key_path) {
        key = event.stored.stream;
      } else if (!event.tombstone) {
        key = key_at(event.data, *_key_path);
      }
      bool wanted = event.tombstone || _definition.types.empty() ||
                    std::find(_definition.types.begin(), _definition.types.end(),
                              event.stored.type) != _definition.types.end();
      if (!key || !wanted) {
        out.next_offset = offset + 1;
        continue;
      }
      EVENTIOZ_TRY(std::optional<projection_entry> entry, current(*key));
      if (event.tombstone) {
        if (entry) --out.changes.key_count;
        changed[*key] = std::nullopt;
        out.next_offset = offset + 1;
        continue;
      }
      projection_entry next =
          entry ? std::move(*entry)
                : projection_entry{.key = *key, .state = _reducer->initial_state(), .version = -1};
      ++next.version;
      // Applied to the copy: a failing reducer may have changed the state halfway.
      status applied = _reducer->apply(next.state, {.stream = event.stored.stream,
                                                    .version = next.version,
                                                    .type = event.stored.type,
                                                    .data = event.data,
                                                    .timestamp_ms = record.timestamp});
      if (!applied.ok()) {
        out.next_offset = offset;
        out.failure = fmt::format("partition {} offset {} (key '{}', type '{}'): {}", partition,
                                  offset, *key, event.stored.type, applied.error_value().message());
        return finish();
      }
      if (!entry) ++out.changes.key_count;
      changed[*key] = std::move(next);
      ++out.events_folded;
      out.next_offset = offset + 1;
    }
    out.next_offset = std::max(out.next_offset, after_batch);
  }
  return finish();
}

}  // namespace eventioz::eventstore
