// Appends to a partition with an append guard (append_guard.h): the guard's admission and the
// log's offset assignment happen under one lock, so what the guard checked (a stream's version,
// say) still holds when the batches land; the guard hears the outcome before the appender.
#include <fmt/format.h>

#include "cluster/partition.h"

namespace eventioz::cluster {

void partition::append_guarded(std::span<const mutable_byte_span> batches,
                               std::function<void(result<offset>)> done, append_note* note) {
  // The producer mutex orders guarded appends as it orders idempotent ones; transaction markers
  // take it too, so the guard sees every batch of the log in offset order.
  std::unique_lock lock(_producer_mutex);
  auto admitted = _guard->admit(batches, note);
  if (!admitted) {
    lock.unlock();
    return done(admitted.error_value());
  }
  if (admitted->duplicate_of) {
    lock.unlock();
    return answer_when_durable(admitted->duplicate_of->base, admitted->duplicate_of->last,
                               std::move(done));
  }
  uint64_t ticket = admitted->ticket;
  offset first_base;
  offset last;
  for (size_t index = 0; index < batches.size(); ++index) {
    auto appended = _log->append(batches[index]);
    if (!appended) {
      // The log cuts its undurable tail (any earlier batches of this call included) before it
      // takes the next append.
      (void)_guard->settled(ticket, appended.error_value());
      lock.unlock();
      return done(appended.error_value());
    }
    _guard->assigned(ticket, index, appended->base_offset);
    if (index == 0) first_base = appended->base_offset;
    last = appended->last_offset;
    _probe.appended(static_cast<uint64_t>(last.value() - appended->base_offset.value() + 1),
                    batches[index].size());
  }
  lock.unlock();
  // Acknowledged only when durable, even with flush.messages > 1: the guard's state is only
  // ever told about durable batches.
  complete_append(first_base, last, /*syncs_every_append=*/true, std::move(done), nullptr,
                  settler(ticket));
}

std::function<status(const status&)> partition::settler(uint64_t ticket) {
  return
      [guard = _guard, ticket](const status& outcome) { return guard->settled(ticket, outcome); };
}

void partition::answer_when_durable(offset base, offset last,
                                    std::function<void(result<offset>)> done) {
  if (last < high_watermark()) return done(base);
  _log->when_durable(last, [base, done = std::move(done)](status synced) {
    if (synced) return done(base);
    done(error(std::make_error_code(std::errc::io_error),
               fmt::format("the first attempt of this append (offset {}) failed to become "
                           "durable: {}; send it again",
                           base.value(), synced.error_value().message())));
  });
}

}  // namespace eventioz::cluster
