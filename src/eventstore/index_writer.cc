// Log-ordered writes to the stream index (see index_writer.h).
#include "eventstore/index_writer.h"

namespace eventioz::eventstore {

void index_writer::add_event(const stored_event& event) {
  stream_index::put_event(_batch, _partition, event);
  _next_versions[event.stream] = event.version + 1;
}

status index_writer::add_tombstone(std::string_view stream, int64_t next_version, int64_t offset) {
  EVENTIOZ_RETURN_IF_ERROR(commit(offset));
  EVENTIOZ_RETURN_IF_ERROR(_index.delete_stream_data(_batch, _partition, stream, offset));
  stream_index::put_head(
      _batch, _partition, stream,
      stream_head{.next_version = next_version, .deleted = true, .tombstone_offset = offset});
  return ok_status();
}

status index_writer::commit(int64_t watermark) {
  for (const auto& [stream, next_version] : _next_versions) {
    stream_index::put_head(_batch, _partition, stream, stream_head{.next_version = next_version});
  }
  _next_versions.clear();
  stream_index::put_watermark(_batch, _partition, watermark);
  EVENTIOZ_RETURN_IF_ERROR(_index.write(_batch));
  _batch.Clear();
  return ok_status();
}

}  // namespace eventioz::eventstore
